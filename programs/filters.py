"""The directory's one FilterSet, and the only list of the directory's parameters.

ProgramFilter serves the HTML list, its htmx partial and the JSON API; everything else that
needs to know the parameters reads them from here: the facet counts (programs/facets.py),
the OpenAPI document (programs/openapi.py), the guide's link checker (careers/directory.py)
and the list page's form (its labels, hints and widgets come from the fields).

Each filter knows its own condition (`condition(value) -> Q`), what it is called in a
"loosen your search" suggestion (`describes`) and, for the filters with facet counts, the
column it counts and the SQL test for one option. Invalid values never raise: they become
form errors that the page shows (and the API returns as a 400); the results then ignore
only the fields in error.
"""

from functools import cached_property

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import F, Q

from core.validation import validate_xml_characters

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
from .conditions import (
    travel_distance,
)
from .fields import DEFAULT_RADIUS, DirectoryForm, OwnFields, RadiusSelect, TickInput
from .filter_kinds import (
    MAX_RADIUS,
    RADIUS_CHOICES,
    SORT_CHOICES,
    AtMostFilter,
    CertificationFilter,
    ChoicesFilter,
    EnrollsFilter,
    IncludeFilter,
    KeywordFilter,
    LabFilter,
    NightsFilter,
    OvernightFilter,
    RadiusFilter,
    SortFilter,
    TuitionFilter,
    ZipFilter,
)
from .models import Program


class ProgramFilter(django_filters.FilterSet):
    q = KeywordFilter(
        label="Keywords",
        max_length=200,
        # The keywords are written into the search's feed (SearchFeed.title), which is XML.
        validators=[validate_xml_characters],
        help_text="Program, school, city or state, e.g. 'hybrid Dayton'",
        describes="the keywords",
        group="search",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    zip = ZipFilter(
        label="Your ZIP code",
        help_text="Keeps programs whose campus sessions are all within the distance below, "
        "and those whose labs happen at your workplace or a lab near you. Programs that do "
        "not publish where their sessions are held are left out.",
        describes="the distance from your ZIP code",
        group="near",
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "postal-code",
                "maxlength": "10",
                "class": "input-short",
            }
        ),
    )
    radius = RadiusFilter(
        label="Distance in a straight line",
        help_text="Miles as the crow flies from your ZIP code (100 unless you choose); roads "
        "are longer",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RADIUS)],
        group="near",
        widget=RadiusSelect(choices=RADIUS_CHOICES),
    )
    max_nights = NightsFilter(
        label="Most nights away from home",
        help_text="Over the whole program, from your ZIP code; 0 keeps programs you can reach "
        "in day trips",
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
        describes="the limit on nights away",
        group="near",
        widget=forms.NumberInput(
            attrs={"min": "0", "inputmode": "numeric", "class": "input-short"}
        ),
    )
    overnight = OvernightFilter(
        label="Stay overnight when a site is more than (miles)",
        help_text="One way, in a straight line (50 unless you change it)",
        validators=[MinValueValidator(0), MaxValueValidator(travel.MAX_OVERNIGHT_MILES)],
        group="near",
        widget=forms.NumberInput(
            attrs={"min": "0", "inputmode": "numeric", "class": "input-short"}
        ),
    )
    enrolls = EnrollsFilter(
        label="Your state of residence",
        choices=State.choices,
        empty_label="Any state",
        help_text="Leaves out programs that say they cannot enrol residents of your state. "
        "Conditions that name no state are on each program's page.",
        describes="your state of residence",
        group="residence",
    )
    lab = LabFilter(
        label="Campus lab days",
        help_text="No campus sessions ('none'), or at most this many days on campus in all. "
        "Programs that do not publish how many days their campus sessions take are left out.",
        describes="the campus lab days limit",
        group="facets",
    )
    accreditation = ChoicesFilter(
        label="Accreditation status",
        field_name="accreditation_status",
        choices=AccreditationStatus.choices,
        describes="the accreditation status",
        group="facets",
    )
    agency = ChoicesFilter(
        label="Accrediting agency",
        field_name="accreditation_agency",
        choices=Agency.choices,
        describes="the accrediting agency",
        group="facets",
    )
    credential = ChoicesFilter(
        field_name="credential",
        choices=Credential.choices,
        describes="the credential",
        group="facets",
    )
    certification = CertificationFilter(
        label="Graduates can sit",
        choices=Certification.choices,
        describes="the certification exams",
        group="facets",
    )
    clinical = ChoicesFilter(
        label="Clinical practicum site",
        field_name="clinical_arrangement",
        choices=ClinicalArrangement.choices,
        describes="the clinical site arrangement",
        group="facets",
    )
    delivery = ChoicesFilter(
        label="How it is taught",
        field_name="delivery",
        choices=Delivery.choices,
        describes="how it is taught",
        group="facets",
    )
    max_tuition = TuitionFilter(
        label="Maximum total tuition ($)",
        field_name="tuition_total",
        validators=[MinValueValidator(0), MaxValueValidator(10_000_000)],
        help_text="Programs that do not publish a total tuition are left out, unless you "
        "tick the box below.",
        describes="the maximum tuition",
        group="limits",
        widget=forms.NumberInput(
            attrs={"min": "0", "step": "500", "inputmode": "numeric", "class": "input-short"}
        ),
    )
    tuition_unknown = IncludeFilter(
        label="Include programs that do not publish tuition",
        required=False,
        describes="programs that do not publish tuition",
        group="limits",
        widget=TickInput(attrs={"value": "1"}),
    )
    max_months = AtMostFilter(
        label="Maximum length (months)",
        field_name="length_months",
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text="Programs that do not publish their length in months are left out.",
        describes="the maximum length",
        group="limits",
        widget=forms.NumberInput(
            attrs={"min": "1", "max": "240", "inputmode": "numeric", "class": "input-short"}
        ),
    )
    state = ChoicesFilter(
        label="School's state",
        field_name="institution__state",
        choices=State.choices,
        describes="the school's state",
        group="states",
    )
    sort = SortFilter(
        label="Sort by",
        choices=SORT_CHOICES,
        empty_label="Default (best match when searching, else name)",
        help_text="Distance and nights away need a ZIP code; best match needs keywords; the "
        "estimated total counts travel when a ZIP code is given",
        group="sort",
    )

    class Meta:
        model = Program
        fields = []
        form = DirectoryForm

    # The directory's parameters that choose nothing: they keep the visitor's place (the page
    # of results, the programs in the compare tray: programs/comparison.py) while the filters
    # change. The filter form and the facet counts do not depend on them.
    PLACE_PARAMETERS = ("page", "compare")

    # The orders on one column: sort -> (column, highest first?). Programs that publish
    # no figure come last, equal figures in the default order; the facet index keeps
    # each column to page these orders itself (facet_index.FacetIndex.by_column).
    COLUMN_SORTS = {
        "tuition": ("tuition_total", False),
        "length": ("length_months", False),
        "pass_rate": ("pass_rate", True),
        "recently_verified": ("last_verified", True),
    }

    # Parameters to drop from the URL to remove a condition ("loosen your search").
    REMOVES = {"zip": ["zip", "radius"]}

    def get_form_class(self):
        # django-filter makes a form class for each search, from this search's copies of
        # the filters (DirectoryFilter.__deepcopy__ drops a copy's field), so its fields are
        # this search's own: its form need not copy them again (164,000 fewer Python calls
        # per 40 list pages).
        form_class = super().get_form_class()
        form_class.base_fields = OwnFields(form_class.base_fields)
        return form_class

    @classmethod
    def facet_names(cls) -> list[str]:
        return [name for name, f in cls.base_filters.items() if f.facet]

    @property
    def values(self) -> dict:
        """The valid, non-empty values (fields in error are left out)."""
        self.form.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        return {k: v for k, v in cleaned.items() if v is not False and v not in (None, "", [], ())}

    @property
    def origin(self) -> geo.Place | None:
        return self.values.get("zip")

    @cached_property
    def keywords(self) -> search.KeywordSearch | None:
        """How the keywords were read (terms, words, suggestions), or None without any."""
        text = self.values.get("q")
        return search.KeywordSearch(text) if text else None

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
    def in_default_order(self) -> bool:
        """No order chosen and no keywords: ProgramQuerySet.in_default_order."""
        return self.sort_key == "name" and not self.values.get("sort")

    @property
    def overnight_miles(self) -> float:
        value = self.values.get("overnight")
        return travel.DEFAULT_OVERNIGHT_MILES if value is None else float(value)

    @property
    def true_cost_options(self) -> "true_cost.Options":
        """The student's figures for the card's burden line, the API and the sorts."""
        return true_cost.Options(overnight_miles=self.overnight_miles)

    def conditions(self) -> dict[str, Q]:
        """One condition per active filter, keyed by the parameter that sets it (built once:
        the keyword condition may cost a query)."""
        if not hasattr(self, "_conditions"):
            found = {}
            for name, value in self.values.items():
                condition = self.filters[name].condition(value)
                if condition is not None:
                    found[name] = condition
            self._conditions = found
        return self._conditions

    def in_words(self) -> list[str]:
        """The search's conditions in words, in the form's order (e.g. ["School's state:
        Ohio", "Campus sessions within 100 miles of 43215 (Columbus, OH), or none"]): a
        feed's title. Settings of other filters (distance, order) appear in their words."""
        values = self.values
        found = (self.filters[name].words(values[name]) for name in self.filters if name in values)
        return [text for text in found if text]

    def option_condition(self, name: str, value) -> Q:
        """The condition for choosing `value` in facet `name`."""
        return self.filters[name].option_condition(value)

    def filter_queryset(self, queryset):
        queryset = queryset.filter(*self.conditions().values())
        return self.order(queryset)

    def order(self, queryset):
        sort = self.sort_key
        if sort == "relevance":
            rank = self.keywords.relevance()
            # Equal ranks in the default order, as the facet index pages them
            # (facets.IndexedResults).
            return queryset.annotate(relevance=rank).in_default_order("-relevance")
        if sort == "distance":
            return queryset.annotate(travel=travel_distance(self.origin)).order_by(
                "travel", "name", "pk"
            )
        if self.in_default_order:
            # Programs not taking new students come last.
            return queryset.in_default_order()
        if sort == "nights":
            return travel_query.with_travel(
                queryset, self.origin, self.overnight_miles, true_cost.current_rates()
            ).order_by("sort_nights_away", travel_query.total_order(), "name", "pk")
        if sort == "total":
            if self.origin is None:
                return queryset.annotate(
                    sort_estimated_total=travel_query.published_cost_expression("")
                ).order_by(travel_query.total_order(), "name", "pk")
            return travel_query.with_travel(
                queryset, self.origin, self.overnight_miles, true_cost.current_rates()
            ).order_by(travel_query.total_order(), "sort_nights_away", "name", "pk")
        if sort in self.COLUMN_SORTS:
            column, highest_first = self.COLUMN_SORTS[sort]
            first = F(column).desc if highest_first else F(column).asc
            # Equal figures in the default order, as the facet index pages them.
            return queryset.in_default_order(first(nulls_last=True))
        return queryset.order_by("name", "pk")

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.filter_queryset(self.queryset.all())
        return self._qs

    @property
    def errors(self):
        self.form.is_valid()
        return self.form.errors

    def fields_in(self, group: str) -> list:
        """The bound form fields the list page shows in `group`, in declaration order."""
        return [self.form[name] for name, f in self.filters.items() if f.group == group]
