"""Facet counts and "loosen your search" suggestions for the directory.

Every facet option is counted with all the *other* active filters applied, in one
aggregate query with a conditional COUNT per option (plus one GROUP BY for states), so the
number of queries does not grow with the filters or the options.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

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


def _and(conditions: list[Q]) -> Q | None:
    if not conditions:
        return None
    combined = Q()
    for condition in conditions:
        combined &= condition
    return combined


def count_facets(filterset: ProgramFilter, base) -> FacetResult:
    conditions = filterset.conditions()
    values = filterset.values

    def others(name):
        return [c for key, c in conditions.items() if key != name]

    aggregates, keys = {}, {}
    for name in ProgramFilter.FACETS:
        if name == "state":
            continue
        for index, (value, _label) in enumerate(_options(filterset, name)):
            alias = f"f_{name}_{index}"
            keys[alias] = (name, str(value))
            condition = _and([*others(name), filterset.option_condition(name, value)])
            aggregates[alias] = Count("pk", filter=condition)
    aggregates["total"] = Count("pk", filter=_and(list(conditions.values())))
    for name in conditions:
        aggregates[f"without_{name}"] = Count("pk", filter=_and(others(name)))
    row = base.aggregate(**aggregates)

    state_counts = dict(
        base.filter(*others("state"))
        .order_by()
        .values_list("institution__state")
        .annotate(n=Count("pk"))
    )

    facets = {}
    for name in ProgramFilter.FACETS:
        label = filterset.filters[name].label or name.title()
        facets[name] = Facet(name, label)
    for alias, (name, value) in keys.items():
        selected = _is_selected(values, name, value)
        label = {str(v): lbl for v, lbl in _options(filterset, name)}[value]
        facets[name].options.append(Option(value, label, row[alias], selected))
    chosen_states = set(values.get("state", []))
    for code, label in State.choices:
        count = state_counts.get(code, 0)
        if count or code in chosen_states:
            facets["state"].options.append(Option(code, label, count, code in chosen_states))

    loosen = [
        Loosen(
            name, CONDITION_LABELS[name], row[f"without_{name}"], CONDITION_PARAMS.get(name, [name])
        )
        for name in conditions
        if row[f"without_{name}"] > row["total"]
    ]
    loosen.sort(key=lambda item: -item.count)
    return FacetResult(row["total"], facets, loosen)


def _is_selected(values: dict, name: str, value: str) -> bool:
    chosen = values.get(name)
    if chosen is None:
        return False
    if name == "lab":
        return str(chosen) == ("0" if value == "none" else value)
    return value in chosen
