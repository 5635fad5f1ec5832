"""The directory's one FilterSet: used by the HTML list, its htmx partial and the JSON API.

Every filter is turned into a plain `Q` condition (`ProgramFilter.conditions()`), so the
same conditions serve the result list, the facet counts (each facet counts with the other
filters applied) and the "loosen your search" suggestions.

Invalid values never raise: they become form errors that the page shows (and the API
returns as a 400); the results then ignore only the fields in error.
"""

import re

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThanOrEqual

from . import geo, search, travel, travel_query, true_cost
from .choices import (
    AccreditationStatus,
    Agency,
    Certification,
    ClinicalArrangement,
    Credential,
    Delivery,
    State,
)
from .models import EnrollmentRestriction, LabSession, Program, Site

DEFAULT_RADIUS = 100
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


class LabField(forms.CharField):
    """'none', or a whole number of campus days (0 means the same as 'none')."""

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        value = value.strip().lower()
        if value == "none":
            return 0
        if re.fullmatch(r"\d{1,4}", value):
            return int(value)
        raise forms.ValidationError(
            "Choose 'No campus sessions' or enter a whole number of campus days.", code="invalid"
        )


class ZipField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        place = geo.lookup_zip(value)
        if place is None:
            raise forms.ValidationError(
                "Enter a 5-digit US ZIP code that exists, for example 43210.", code="invalid"
            )
        return place


class LabFilter(django_filters.Filter):
    field_class = LabField


class ZipFilter(django_filters.Filter):
    field_class = ZipField


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


def campus_days_condition(max_days: int) -> Q:
    """At most `max_days` days on campus (0: no campus sessions at all)."""
    return Q(campus_days__lte=max_days)


def near_sites(origin: geo.Place, miles: float):
    """Sites within `miles` of `origin`: a bounding box (indexed) refined by distance."""
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(origin.latitude, origin.longitude, miles)
    return (
        Site.objects.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lng, max_lng))
        .annotate(
            miles=geo.distance_expression(
                origin.latitude, origin.longitude, "latitude", "longitude"
            )
        )
        .filter(miles__lte=miles)
        .values("pk")
    )


def within_radius_condition(origin: geo.Place, miles: float) -> Q:
    """No campus sessions, or every session offered at some site within `miles`.

    Written as uncorrelated subqueries (programs with a session offered at no nearby site),
    which the database evaluates once per query rather than once per program.
    """
    offered_nearby = LabSession.sites.through.objects.filter(
        site_id__in=near_sites(origin, miles)
    ).values("labsession_id")
    out_of_reach = LabSession.objects.exclude(pk__in=offered_nearby).values("program_id")
    return ~Q(pk__in=out_of_reach)


def travel_distance(origin: geo.Place):
    """Per program: the largest, over its sessions, of the distance to the nearest site
    offering it; 0 without sessions. For ordering (pages show the Python figure)."""
    offerings = LabSession.sites.through.objects
    nearest = (
        offerings.filter(labsession_id=OuterRef("pk"))
        .annotate(
            miles=geo.distance_expression(
                origin.latitude, origin.longitude, "site__latitude", "site__longitude"
            )
        )
        .order_by("miles")
        .values("miles")[:1]
    )
    farthest = (
        LabSession.objects.filter(program=OuterRef("pk"))
        .annotate(nearest=Coalesce(Subquery(nearest), Value(1e9)))
        .order_by("-nearest")
        .values("nearest")[:1]
    )
    return Coalesce(Subquery(farthest), Value(0.0))


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Keywords",
        max_length=200,
        help_text="Program, school, city or state, e.g. 'hybrid Dayton'",
    )
    state = django_filters.MultipleChoiceFilter(label="School's state", choices=State.choices)
    credential = django_filters.MultipleChoiceFilter(choices=Credential.choices)
    accreditation = django_filters.MultipleChoiceFilter(
        label="Accreditation status", choices=AccreditationStatus.choices
    )
    agency = django_filters.MultipleChoiceFilter(label="Accrediting agency", choices=Agency.choices)
    delivery = django_filters.MultipleChoiceFilter(
        label="How it is taught", choices=Delivery.choices
    )
    certification = django_filters.MultipleChoiceFilter(
        label="Graduates can sit", choices=Certification.choices
    )
    clinical = django_filters.MultipleChoiceFilter(
        label="Clinical practicum site",
        choices=ClinicalArrangement.choices,
    )
    max_tuition = IntegerFilter(
        label="Maximum total tuition ($)",
        validators=[MinValueValidator(0), MaxValueValidator(10_000_000)],
    )
    max_months = IntegerFilter(
        label="Maximum length (months)",
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    lab = LabFilter(label="Campus lab days")
    zip = ZipFilter(
        label="Your ZIP code",
        help_text="We keep programs whose campus sessions are all within the distance below.",
    )
    radius = IntegerFilter(
        label="Distance",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RADIUS)],
    )
    max_nights = IntegerFilter(
        label="Most nights away from home",
        help_text="Over the whole program, from your ZIP code. 0 keeps programs you can reach "
        "in day trips.",
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    overnight = IntegerFilter(
        label="Stay overnight when a site is more than (miles)",
        help_text="One way, in a straight line. We use 50 unless you change it.",
        validators=[MinValueValidator(0), MaxValueValidator(travel.MAX_OVERNIGHT_MILES)],
    )
    enrolls = django_filters.ChoiceFilter(
        label="Your state of residence",
        choices=State.choices,
        empty_label="Any state",
    )
    sort = django_filters.ChoiceFilter(label="Sort by", choices=SORT_CHOICES, empty_label=None)

    class Meta:
        model = Program
        fields = []

    # Fields whose options get facet counts, and the condition for one option.
    FACETS = [
        "accreditation",
        "agency",
        "credential",
        "delivery",
        "certification",
        "clinical",
        "lab",
        "state",
    ]

    @property
    def values(self) -> dict:
        """The valid, non-empty values (fields in error are left out)."""
        self.form.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], ())}

    @property
    def origin(self) -> geo.Place | None:
        return self.values.get("zip")

    @property
    def radius_miles(self) -> int:
        return int(self.values.get("radius") or DEFAULT_RADIUS)

    @property
    def sort_key(self) -> str:
        values = self.values
        sort = values.get("sort") or ("relevance" if values.get("q") else "name")
        if sort == "relevance" and not values.get("q"):
            return "name"
        if sort in ("distance", "nights") and not values.get("zip"):
            return "name"
        return sort

    @property
    def overnight_miles(self) -> float:
        value = self.values.get("overnight")
        return travel.DEFAULT_OVERNIGHT_MILES if value is None else float(value)

    @property
    def true_cost_options(self) -> "true_cost.Options":
        """The student's figures for the card's burden line and the sorts."""
        return true_cost.Options(overnight_miles=self.overnight_miles)

    def conditions(self) -> dict[str, Q]:
        """One condition per active filter, keyed by the parameter that sets it (built once:
        the keyword condition may cost a query)."""
        if not hasattr(self, "_conditions"):
            self._conditions = self._build_conditions()
        return self._conditions

    def _build_conditions(self) -> dict[str, Q]:
        v = self.values
        found: dict[str, Q] = {}
        if v.get("q"):
            found["q"] = search.keyword_condition(v["q"])
        simple = {
            "state": "institution__state__in",
            "credential": "credential__in",
            "accreditation": "accreditation_status__in",
            "agency": "accreditation_agency__in",
            "delivery": "delivery__in",
            "clinical": "clinical_arrangement__in",
        }
        for name, lookup in simple.items():
            if v.get(name):
                found[name] = Q(**{lookup: v[name]})
        if v.get("certification"):
            found["certification"] = self.option_condition("certification", v["certification"])
        if "max_tuition" in v:
            found["max_tuition"] = Q(tuition_total__lte=int(v["max_tuition"]))
        if "max_months" in v:
            found["max_months"] = Q(length_months__lte=int(v["max_months"]))
        if "lab" in v:
            found["lab"] = campus_days_condition(v["lab"])
        if v.get("zip"):
            found["zip"] = within_radius_condition(v["zip"], self.radius_miles)
        if "max_nights" in v and v.get("zip"):
            nights, _ = travel_query.program_travel(
                v["zip"].latitude, v["zip"].longitude, self.overnight_miles
            )
            found["max_nights"] = Q(LessThanOrEqual(nights, int(v["max_nights"])))
        if v.get("enrolls"):
            found["enrolls"] = ~Q(
                pk__in=EnrollmentRestriction.objects.filter(state=v["enrolls"]).values("program_id")
            )
        return found

    def option_condition(self, name: str, value) -> Q:
        """The condition for choosing `value` in facet `name`."""
        if name == "certification":
            values = value if isinstance(value, list | tuple) else [value]
            condition = Q()
            for item in values:
                condition &= Q(**{f"eligible_{item}": True})
            return condition
        if name == "lab":
            return campus_days_condition(0 if value == "none" else int(value))
        lookup = {
            "state": "institution__state",
            "credential": "credential",
            "accreditation": "accreditation_status",
            "agency": "accreditation_agency",
            "delivery": "delivery",
            "clinical": "clinical_arrangement",
        }[name]
        return Q(**{lookup: value})

    def filter_queryset(self, queryset):
        queryset = queryset.filter(*self.conditions().values())
        return self.order(queryset)

    def order(self, queryset):
        sort = self.sort_key
        if sort == "relevance":
            rank = search.relevance(self.values["q"], self.conditions().get("q"))
            return queryset.annotate(relevance=rank).order_by("-relevance", "name", "pk")
        if sort == "distance":
            return queryset.annotate(travel=travel_distance(self.origin)).order_by(
                "travel", "name", "pk"
            )
        if sort == "nights":
            return travel_query.with_travel(
                queryset, self.origin, self.overnight_miles, true_cost.current_rates()
            ).order_by("sort_nights_away", "sort_estimated_total", "name", "pk")
        if sort == "total":
            if self.origin is None:
                return queryset.annotate(
                    sort_estimated_total=travel_query.tuition_expression("")
                ).order_by("sort_estimated_total", "name", "pk")
            return travel_query.with_travel(
                queryset, self.origin, self.overnight_miles, true_cost.current_rates()
            ).order_by("sort_estimated_total", "sort_nights_away", "name", "pk")
        orderings = {
            "name": ["name", "pk"],
            "tuition": ["tuition_total", "name", "pk"],
            "length": ["length_months", "name", "pk"],
            "pass_rate": [F("pass_rate").desc(nulls_last=True), "name", "pk"],
            "recently_verified": ["-last_verified", "name", "pk"],
        }
        return queryset.order_by(*orderings[sort])

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.filter_queryset(self.queryset.all())
        return self._qs

    @property
    def errors(self):
        self.form.is_valid()
        return self.form.errors
