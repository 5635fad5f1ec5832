"""Links from the guide into the program directory, with filters set.

A link is valid when the directory itself would accept it: every parameter is one of
ProgramFilter's (the only list of the directory's parameters) and the FilterSet finds no
error in its values. So a curator's typo is caught when the page or checklist item is saved,
not by a reader, and the guide can never refuse a query the directory accepts.
"""

from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse

from programs.filters import ProgramFilter


def parameters() -> list[str]:
    return list(ProgramFilter.base_filters)


def directory_problems(query: str) -> list[str]:
    """What is wrong with a directory query string ([] when nothing is)."""
    if not query:
        return ["Give at least one filter."]
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return [f"'{query}' is not a query string such as 'delivery=online&lab=none'."]
    known = parameters()
    problems = [
        f"The directory has no filter '{name}'. Known filters: {', '.join(known)}."
        for name in dict.fromkeys(name for name, _ in pairs)
        if name not in known
    ]
    data = QueryDict(mutable=True)
    for name, value in pairs:
        data.appendlist(name, value)
    for name, messages in ProgramFilter(data).errors.items():
        values = ", ".join(f"'{v}'" for v in data.getlist(name))
        problems.append(
            f"{values} is not a value the directory accepts for '{name}': {' '.join(messages)}"
        )
    return problems


def validate_directory_query(query: str) -> None:
    problems = directory_problems(query)
    if problems:
        raise ValidationError(problems)


def directory_url(query: str | dict | None = None) -> str:
    """The directory's URL with `query` (a query string or a dict of lists) applied."""
    base = reverse("programs:list")
    if not query:
        return base
    if isinstance(query, dict):
        query = urlencode(query, doseq=True)
    return f"{base}?{query}"
