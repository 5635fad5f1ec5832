"""Facet counts and "loosen your search" suggestions for the directory.

Every facet option is counted with all the *other* active filters applied, in one query
with a conditional COUNT per option, so the number of queries does not grow with the
filters or the options.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F

from .choices import State
from .filters import LAB_PRESETS, ProgramFilter

# What each removable condition is called in "loosen your search" suggestions.
CONDITION_LABELS = {
    "q": "the keywords",
    "state": "the school's state",
    "credential": "the credential",
    "accreditation": "the accreditation status",
    "agency": "the accrediting agency",
    "delivery": "how it is taught",
    "certification": "the certification exams",
    "clinical": "the clinical site arrangement",
    "max_tuition": "the maximum tuition",
    "max_months": "the maximum length",
    "lab": "the campus lab days limit",
    "zip": "the distance from your ZIP code",
    "enrolls": "your state of residence",
}
# Parameters to drop from the URL to remove a condition.
CONDITION_PARAMS = {"zip": ["zip", "radius"]}


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)


@dataclass
class Loosen:
    name: str
    label: str
    count: int
    params: list[str]


@dataclass
class FacetResult:
    total: int
    facets: dict[str, Facet]
    loosen: list[Loosen]


def _options(filterset: ProgramFilter, name: str):
    if name == "lab":
        return LAB_PRESETS
    return filterset.filters[name].extra["choices"]


# Facet name -> (column of the inner query, how an option is tested).
FACET_COLUMNS = {
    "accreditation": "accreditation_status",
    "agency": "accreditation_agency",
    "credential": "credential",
    "delivery": "delivery",
    "clinical": "clinical_arrangement",
    "state": "school_state",
}


def _option_sql(name: str, value: str) -> tuple[str, list]:
    if name == "certification":
        return f"t.eligible_{'ascp' if value == 'ascp' else 'amt'}", []
    if name == "lab":
        return "t.campus_days <= %s", [0 if value == "none" else int(value)]
    return f"t.{FACET_COLUMNS[name]} = %s", [value]


def count_facets(filterset: ProgramFilter, base) -> FacetResult:
    """All facet counts, the total and the "loosen" counts in ONE query.

    The inner query evaluates each active condition once per program as a boolean column
    (the expensive ones are uncorrelated subqueries, built once); the outer query only
    combines those columns with COUNT(*) FILTER (WHERE ...).
    """
    conditions = filterset.conditions()
    values = filterset.values
    flags = {
        f"c_{name}": ExpressionWrapper(q, output_field=BooleanField())
        for name, q in conditions.items()
    }
    inner = (
        base.order_by()
        .annotate(school_state=F("institution__state"), **flags)
        .values(
            "accreditation_status",
            "accreditation_agency",
            "credential",
            "delivery",
            "clinical_arrangement",
            "eligible_ascp",
            "eligible_amt",
            "campus_days",
            "school_state",
            *flags,
        )
    )
    inner_sql, inner_params = inner.query.sql_with_params()

    def where(excluding: str | None) -> list[str]:
        return [f"t.c_{name}" for name in conditions if name != excluding]

    selects, params, keys = [], [], []

    def add(key, clauses, clause_params):
        predicate = " AND ".join(clauses) if clauses else "1 = 1"
        selects.append(f"COUNT(*) FILTER (WHERE {predicate})")
        params.extend(clause_params)
        keys.append(key)

    options = {}
    for name in ProgramFilter.FACETS:
        choices = State.choices if name == "state" else _options(filterset, name)
        options[name] = [(str(value), label) for value, label in choices]
        for value, _label in options[name]:
            clause, clause_params = _option_sql(name, value)
            add((name, value), [*where(name), clause], clause_params)
    add("total", where(None), [])
    for name in conditions:
        add(("without", name), where(name), [])

    # Only fixed column names and %s placeholders are interpolated; values are parameters.
    sql = f"SELECT {', '.join(selects)} FROM ({inner_sql}) t"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *inner_params])
        row = dict(zip(keys, cursor.fetchone(), strict=True))

    facets = {}
    chosen_states = set(values.get("state", []))
    for name in ProgramFilter.FACETS:
        facet = Facet(name, filterset.filters[name].label or name.title())
        for value, label in options[name]:
            count = row[(name, value)]
            if name == "state" and not count and value not in chosen_states:
                continue  # 52 options: list only states that would give results
            facet.options.append(Option(value, label, count, _is_selected(values, name, value)))
        facets[name] = facet

    total = row["total"]
    loosen = [
        Loosen(
            name, CONDITION_LABELS[name], row[("without", name)], CONDITION_PARAMS.get(name, [name])
        )
        for name in conditions
        if row[("without", name)] > total
    ]
    loosen.sort(key=lambda item: -item.count)
    return FacetResult(total, facets, loosen)


def _is_selected(values: dict, name: str, value: str) -> bool:
    chosen = values.get(name)
    if chosen is None:
        return False
    if name == "lab":
        return str(chosen) == ("0" if value == "none" else value)
    return value in chosen
