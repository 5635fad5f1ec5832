"""The kinds of filter the directory's FilterSet is made of: each knows its condition, its
words for "loosen your search" and for a search's title (`words`), its form group and, for
facets, what it counts."""

import copy

import django_filters
from django import forms
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.db.models.lookups import LessThanOrEqual

from core import formatting

from . import accreditation, search, travel_query
from .conditions import (
    campus_days_condition,
    near_sites,
    out_of_reach,
    tuition_condition,
)
from .fields import LabField, TickField, ZipField
from .models import enrolling_condition

MAX_RADIUS = 3000

SORT_CHOICES = [
    ("relevance", "Best match"),
    ("name", "Name (A to Z)"),
    ("tuition", "Tuition (lowest first)"),
    ("length", "Length (shortest first)"),
    ("pass_rate", "Pass rate (highest first)"),
    ("distance", "Travel distance (nearest first)"),
    ("nights", "Nights away from home (fewest first)"),
    ("total", "Estimated total cost (lowest first)"),
    ("recently_verified", "Recently verified"),
]

# Preset choices shown for `lab`; any whole number of days is accepted too.
LAB_PRESETS = [
    ("none", "No campus sessions"),
    ("2", "Up to 2 days"),
    ("5", "Up to 5 days"),
    ("10", "Up to 10 days"),
    ("30", "Up to 30 days"),
]

RADIUS_CHOICES = [
    (25, "25 miles"),
    (50, "50 miles"),
    (100, "100 miles"),
    (150, "150 miles"),
    (250, "250 miles"),
    (500, "500 miles"),
]


class DirectoryFilter:
    """What every directory filter adds to django-filter's: `describes` (the filter in a
    "Remove ..." suggestion), `group` (where the form shows it) and `condition()`."""

    facet = False  # whether the list page counts its options
    # Whether a program must meet every chosen value (True) or any one (False). An option's
    # count is what ticking it gives: for "any one", counted without the facet's own
    # choice (ticking adds programs); for "every", with it (ticking narrows them).
    every_value = False
    # False for the settings of another filter (radius, overnight) and the order (sort):
    # they narrow nothing themselves, so "loosen your search" never names them.
    narrows = True

    def __init__(self, *args, describes: str = "", group: str = "", **kwargs):
        self.describes = describes
        self.group = group
        super().__init__(*args, **kwargs)

    def __deepcopy__(self, memo):
        """Every search copies the class's filters (django-filter deep-copies them, with
        their choices, about 2 ms a request); a filter's settings are never changed after
        the class is made, so a copy of the filter with its own `extra` dict will do. What
        a search sets on its copy (model, parent, the cached field) stays on the copy, so
        each search's form has fields of its own (ProgramFilter.get_form_class)."""
        clone = copy.copy(self)
        clone.extra = dict(self.extra)
        clone.__dict__.pop("_field", None)
        return clone

    def condition(self, value) -> Q:
        raise NotImplementedError

    def words(self, value) -> str | None:
        """The chosen value in words, for a search's title (a feed's, e.g. "School's state:
        Ohio"); None for filters that narrow nothing themselves."""
        return f"{self.label}: {value}" if self.narrows else None


class ChoicesFilter(DirectoryFilter, django_filters.MultipleChoiceFilter):
    """Any of the chosen values of one column (`field_name`); counted per option."""

    facet = True

    def condition(self, value) -> Q:
        return Q(**{f"{self.field_name}__in": list(value)})

    def option_condition(self, value) -> Q:
        return Q(**{self.field_name: value})

    @property
    def column(self) -> str:
        return "v_" + self.field_name.replace("__", "_")

    def facet_columns(self) -> dict:
        return {self.column: F(self.field_name)}

    def option_sql(self, value) -> tuple[str, list]:
        return f"t.{self.column} = %s", [value]

    # The Python twins of condition() and option_condition(), on the values of this
    # facet's columns (facet_index.py groups the programs by them).
    def condition_test(self, value):
        chosen = {str(v) for v in value}
        return lambda key: key[0] is not None and str(key[0]) in chosen

    def option_test(self, value):
        return self.condition_test([value])

    def facet_options(self) -> list[tuple[str, str]]:
        return [(str(v), label) for v, label in self.extra["choices"]]

    def words(self, value) -> str:
        labels = dict(self.facet_options())
        return f"{self.label}: {' or '.join(labels.get(str(v), str(v)) for v in value)}"


class CertificationFilter(ChoicesFilter):
    """Graduates can sit every chosen exam: derived from the program's and the institution's
    accreditation (programs/accreditation.py), not stored."""

    every_value = True

    def condition(self, value) -> Q:
        condition = Q()
        for item in value:
            condition &= accreditation.CONDITIONS[item]()
        return condition

    def option_condition(self, value) -> Q:
        return accreditation.CONDITIONS[value]()

    def facet_columns(self) -> dict:
        return {
            f"v_eligible_{body}": ExpressionWrapper(condition(), output_field=BooleanField())
            for body, condition in accreditation.CONDITIONS.items()
        }

    def option_sql(self, value) -> tuple[str, list]:
        return f"t.v_eligible_{value}", []

    def condition_test(self, value):
        bodies = list(accreditation.CONDITIONS)  # the order of facet_columns()
        wanted = [bodies.index(item) for item in value]
        return lambda key: all(bool(key[i]) for i in wanted)  # NULL and False: no


class KeywordFilter(DirectoryFilter, django_filters.CharFilter):
    """Keywords, read by programs/search.py; the filterset keeps how they were read, so the
    page can say it (a query with nothing searchable filters nothing)."""

    def condition(self, value) -> Q | None:
        keywords = getattr(self.parent, "keywords", None) or search.KeywordSearch(value)
        return None if keywords.nothing_searchable else keywords.condition

    def words(self, value) -> str:
        return f"Keywords “{value}”"


class AtMostFilter(DirectoryFilter, django_filters.Filter):
    """A whole-number limit on one column (`field_name` <= value)."""

    field_class = forms.IntegerField

    def condition(self, value) -> Q:
        return Q(**{f"{self.field_name}__lte": int(value)})

    @property
    def keeps_unknown(self) -> bool:
        """Whether programs that publish no figure meet the limit."""
        return False

    def excluded_in(self, index, value) -> int | None:
        """The programs of the facet `index` over the limit, from its keys for the order
        on this column (ProgramFilter.COLUMN_SORTS); None when it keeps no such order
        (the limit is then tested in SQL): a limit needs the column sorted lowest first."""
        lowest_first = {c: s for s, (c, highest) in self.parent.COLUMN_SORTS.items() if not highest}
        sort = lowest_first.get(self.field_name)
        if sort not in index.sort_keys:
            return None
        return index.everything & ~index.at_most(sort, int(value), self.keeps_unknown)


class TuitionFilter(AtMostFilter):
    """Total tuition at most the value; unknown tuition only with `tuition_unknown`."""

    def condition(self, value) -> Q:
        return tuition_condition(int(value), self.keeps_unknown)

    @property
    def keeps_unknown(self) -> bool:
        return bool(self.parent.values.get("tuition_unknown"))

    def words(self, value) -> str:
        unknown = " (or not published)" if self.keeps_unknown else ""
        return f"Total tuition at most {formatting.money(value)}{unknown}"


class IncludeFilter(DirectoryFilter, django_filters.Filter):
    """A tick box that widens another filter (that filter reads it); no condition."""

    narrows = False
    field_class = TickField

    def condition(self, value) -> Q | None:
        return None


class LabFilter(DirectoryFilter, django_filters.Filter):
    """At most N days on campus ('none' = no campus sessions); counted for the presets."""

    field_class = LabField
    facet = True

    def condition(self, value) -> Q:
        return campus_days_condition(value)

    def option_condition(self, value) -> Q:
        return campus_days_condition(0 if value == "none" else int(value))

    def facet_columns(self) -> dict:
        return {"v_campus_days": F("campus_days")}

    def option_sql(self, value) -> tuple[str, list]:
        return "t.v_campus_days <= %s", [0 if value == "none" else int(value)]

    def condition_test(self, value):
        most = int(value)  # NULL (days not published) never matches, as in SQL
        return lambda key: key[0] is not None and key[0] <= most

    def option_test(self, value):
        return self.condition_test(0 if value == "none" else int(value))

    def facet_options(self) -> list[tuple[str, str]]:
        return LAB_PRESETS

    def words(self, value) -> str:
        days = int(value)
        if not days:
            return "No campus sessions"
        return f"At most {days} campus day{'s' if days != 1 else ''}"


class ZipFilter(DirectoryFilter, django_filters.Filter):
    """Every campus session within `radius` miles (set by the radius filter)."""

    field_class = ZipField

    def condition(self, value) -> Q:
        return ~Q(pk__in=out_of_reach(value, self.parent.radius_miles))

    def excluded_in(self, index, value) -> int:
        """The bit set of the programs of the facet `index` that the condition leaves out:
        from the index's record of where sessions are offered and one query of the sites
        near the ZIP."""
        near = near_sites(value, self.parent.radius_miles).values_list("pk", flat=True)
        return index.reach.out_of_reach(near)

    def words(self, value) -> str:
        return (
            f"Campus sessions within {self.parent.radius_miles} miles of {value.zip_code} "
            f"({value.city.title()}, {value.state}), or none"
        )


class RadiusFilter(DirectoryFilter, django_filters.Filter):
    """How far the ZIP filter reaches; no condition of its own."""

    narrows = False

    field_class = forms.IntegerField

    def condition(self, value) -> Q | None:
        return None


SHORT_NUMBER = {"min": "0", "inputmode": "numeric", "class": "input-short"}


class NightsFilter(DirectoryFilter, django_filters.Filter):
    """At most N nights away from home over the program, from the ZIP code (needs `zip`;
    the threshold comes from `overnight`)."""

    field_class = forms.IntegerField

    def condition(self, value) -> Q | None:
        origin = self.parent.origin
        if origin is None:
            return None
        nights, _ = travel_query.program_travel(
            origin.latitude, origin.longitude, self.parent.overnight_miles
        )
        return Q(LessThanOrEqual(nights, int(value)))

    def words(self, value) -> str | None:
        if self.parent.origin is None:
            return None  # no ZIP code: the limit applies to nothing
        return f"At most {int(value)} night{'s' if int(value) != 1 else ''} away from home"


class OvernightFilter(DirectoryFilter, django_filters.Filter):
    """The distance beyond which a trip needs a night away; no condition of its own."""

    narrows = False

    field_class = forms.IntegerField

    def condition(self, value) -> Q | None:
        return None


class EnrollsFilter(DirectoryFilter, django_filters.ChoiceFilter):
    """Programs that can enrol residents of the chosen state."""

    def condition(self, value) -> Q:
        return enrolling_condition(value)

    def excluded_in(self, index, value) -> int:
        """The programs of the facet `index` that cannot enrol residents of the state."""
        return index.restricted.get(value, 0)

    def words(self, value) -> str:
        return f"Open to residents of {dict(self.extra['choices']).get(value, value)}"


class SortFilter(DirectoryFilter, django_filters.ChoiceFilter):
    """The order of the results; no condition."""

    narrows = False

    def condition(self, value) -> Q | None:
        return None
