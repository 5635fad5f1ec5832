"""Links from the guide into the program directory, with filters set.

The directory at /programs/ takes the GET parameters below. A link is valid only when every
parameter is one the directory knows and every value is one it accepts, so a curator's typo
is caught when the page or checklist item is saved, not by a reader.
"""

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import ValidationError
from django.urls import reverse

from programs.choices import (
    AccreditationStatus,
    Agency,
    Certification,
    ClinicalArrangement,
    Credential,
    Delivery,
    State,
)

SORTS = ["relevance", "name", "tuition", "length", "pass_rate", "distance", "recently_verified"]


def _one_of(values) -> Callable[[str], bool]:
    allowed = {str(v) for v in values}
    return lambda value: value in allowed


def _whole_number(value: str) -> bool:
    return value.isdigit() and len(value) <= 7


# parameter -> (value check, may repeat)
PARAMETERS: dict[str, tuple[Callable[[str], bool], bool]] = {
    "q": (lambda value: 0 < len(value) <= 200, False),
    "state": (_one_of(State.values), True),
    "credential": (_one_of(Credential.values), False),
    "accreditation": (_one_of(AccreditationStatus.values), True),
    "agency": (_one_of(Agency.values), False),
    "delivery": (_one_of(Delivery.values), False),
    "certification": (_one_of(Certification.values), False),
    "clinical": (_one_of(ClinicalArrangement.values), False),
    "max_tuition": (_whole_number, False),
    "max_months": (_whole_number, False),
    "lab": (lambda value: value == "none" or _whole_number(value), False),
    "zip": (lambda value: re.fullmatch(r"\d{5}", value) is not None, False),
    "radius": (_whole_number, False),
    "enrolls": (_one_of(State.values), False),
    "sort": (_one_of(SORTS), False),
}


def directory_problems(query: str) -> list[str]:
    """What is wrong with a directory query string ('' when nothing is)."""
    if not query:
        return ["Give at least one filter."]
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return [f"'{query}' is not a query string such as 'delivery=online&lab=none'."]
    problems, seen = [], set()
    for name, value in pairs:
        if name not in PARAMETERS:
            problems.append(
                f"The directory has no filter '{name}'. Known filters: {', '.join(PARAMETERS)}."
            )
            continue
        check, repeatable = PARAMETERS[name]
        if name in seen and not repeatable:
            problems.append(f"'{name}' can appear only once.")
        seen.add(name)
        if not check(value):
            problems.append(f"'{value}' is not a value the directory accepts for '{name}'.")
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
