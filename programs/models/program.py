"""A program listing: what it is, its accreditation, cost, outcomes and where it came from."""

from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from core.dates import stale_cutoff
from core.spreadsheet import validate_no_formula
from core.validation import out_of_range, validate_xml_characters

from .. import accreditation, geo
from ..choices import (
    ACCREDITATION_BADGE,
    ACCREDITATION_MEANING,
    AccreditationStatus,
    AdmissionStatus,
    Agency,
    ClinicalArrangement,
    Confidence,
    Credential,
    Delivery,
    FactGroup,
    ListingStatus,
    PublicationStatus,
)
from .places import Institution
from .querysets import ProgramQuerySet, detail_lookups, not_admitting_condition  # noqa: F401

if TYPE_CHECKING:
    from .sessions import SessionPlan


def validate_slug_is_free(value: str) -> None:
    """A slug that is also the address of a directory page (/programs/feed/, /compare/)
    would make the listing unreachable: the page's own pattern matches first."""
    from .. import urls  # the URL patterns import the views, which import the models

    taken = {str(p.pattern).strip("/") for p in urls.urlpatterns if "<" not in str(p.pattern)}
    if value in taken - {""}:
        raise ValidationError(
            f"“{value}” is the address of a directory page (/programs/{value}/); "
            "choose another slug, e.g. school-credential."
        )


class Program(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(
        max_length=200, validators=[validate_no_formula, validate_xml_characters]
    )
    slug = models.SlugField(
        max_length=200,
        unique=True,
        validators=[validate_slug_is_free],
        help_text="Appears in shared links: change it only to fix a mistake.",
    )
    description = models.TextField(
        blank=True, validators=[validate_no_formula, validate_xml_characters]
    )
    # Empty text, NULL numbers: the school does not publish it ("Not published by the school").
    credential = models.CharField(max_length=20, choices=Credential.choices, blank=True)
    delivery = models.CharField(max_length=20, choices=Delivery.choices, blank=True)

    accreditation_agency = models.CharField(
        "accrediting agency", max_length=10, choices=Agency.choices, blank=True
    )
    accreditation_status = models.CharField(max_length=20, choices=AccreditationStatus.choices)
    accreditation_awarded = models.DateField("accreditation awarded", null=True, blank=True)
    accreditation_next_review = models.DateField("next accreditation review", null=True, blank=True)
    accreditation_note = models.CharField(
        max_length=600,
        blank=True,
        help_text="When the status rests on an old, second-hand or contradicted source: say "
        "which, and what to confirm (shown under the status).",
        validators=[validate_no_formula],
    )

    # Whether graduates can sit MLT(ASCP) Route 1 or MLT(AMT) is derived from the accreditation
    # above and the institution's accreditor: see `certification` and programs/accreditation.py.

    length_months = models.PositiveSmallIntegerField("length (months)", null=True, blank=True)
    length_text = models.CharField(
        "length as the school states it",
        max_length=100,
        blank=True,
        help_text="When the school gives terms or years, not months: e.g. 'five semesters'.",
        validators=[validate_no_formula],
    )
    credit_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    credit_hours_text = models.CharField(
        "credit hours as the school states them",
        max_length=100,
        blank=True,
        help_text="For a range or a split the school gives, e.g. '67-68'.",
        validators=[validate_no_formula],
    )
    tuition_total = models.PositiveIntegerField(
        "estimated total tuition ($)",
        null=True,
        blank=True,
        help_text="Whole-program estimate in US dollars; empty when the school does not "
        "publish one.",
    )
    tuition_per_credit = models.DecimalField(
        "tuition per credit ($)", max_digits=7, decimal_places=2, null=True, blank=True
    )
    tuition_note = models.CharField(
        max_length=400,
        blank=True,
        help_text="What the figures cover and for whom (residency, fees, year), in your words.",
        validators=[validate_no_formula],
    )
    tuition_in_state = models.PositiveIntegerField(
        "in-state total tuition ($)", null=True, blank=True
    )
    tuition_out_of_state = models.PositiveIntegerField(
        "out-of-state total tuition ($)", null=True, blank=True
    )
    # Fees on top of tuition, as the school publishes them (None where it publishes none).
    fees_total = models.PositiveIntegerField(
        "published fees, whole program ($)",
        null=True,
        blank=True,
        help_text="Fees the school charges on top of tuition, for the whole program.",
    )
    fees_per_credit = models.DecimalField(
        "published fees per credit ($)", max_digits=7, decimal_places=2, null=True, blank=True
    )
    fees_in_tuition = models.BooleanField(
        "the tuition figure includes fees",
        default=False,
        help_text="Tick when the school's published figure is for tuition and fees together: "
        "the estimate then adds no fees of its own.",
    )
    start_terms = models.CharField(
        max_length=100,
        blank=True,
        help_text="e.g. 'August, January'",
        validators=[validate_no_formula],
    )
    prerequisites = models.TextField(
        "admission prerequisites", blank=True, validators=[validate_no_formula]
    )
    clinical_hours = models.PositiveSmallIntegerField(
        "clinical practicum hours", null=True, blank=True
    )
    clinical_arrangement = models.CharField(
        "clinical site arranged by", max_length=20, choices=ClinicalArrangement.choices, blank=True
    )
    clinical_note = models.CharField(
        "clinical practicum note", max_length=400, blank=True, validators=[validate_no_formula]
    )

    pass_rate = models.PositiveSmallIntegerField(
        "certification pass rate (%)", null=True, blank=True
    )
    graduation_rate = models.PositiveSmallIntegerField("graduation rate (%)", null=True, blank=True)
    placement_rate = models.PositiveSmallIntegerField("placement rate (%)", null=True, blank=True)
    outcomes_year = models.PositiveSmallIntegerField(
        "year the outcomes describe", null=True, blank=True
    )
    outcomes_note = models.CharField(
        max_length=400,
        blank=True,
        help_text="Which years and students the figures cover.",
        validators=[validate_no_formula],
    )
    enrolment_note = models.CharField(
        "other conditions on who can enrol",
        max_length=400,
        blank=True,
        help_text="Conditions that name no state, e.g. 'must already work in a laboratory'.",
        validators=[validate_no_formula],
    )

    program_url = models.URLField("program web page", max_length=300, blank=True)
    source_url = models.URLField(
        "source",
        max_length=300,
        blank=True,
        help_text="Where the listing as a whole was checked; a group of facts may also "
        "name a source of its own.",
    )
    last_verified = models.DateField(default=timezone.localdate)
    status = models.CharField(
        max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    admission_status = models.CharField(
        max_length=20, choices=AdmissionStatus.choices, default=AdmissionStatus.UNKNOWN
    )
    confidence = models.CharField(
        "listing confidence",
        max_length=10,
        choices=Confidence.choices,
        default=Confidence.HIGH,
        help_text="How sure we are the listing matches the school's current program.",
    )
    listing_status = models.CharField(
        max_length=20, choices=ListingStatus.choices, default=ListingStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Total days on campus over the program: the sum of the total days of its sessions that
    # may take a student to a campus, NULL when one of those does not publish its days; kept
    # up to date by database triggers on the lab sessions (migrations 0005 and 0012), so the
    # `lab` filter is a plain indexed comparison.
    campus_days = models.PositiveSmallIntegerField(default=0, null=True, editable=False)
    # Maintained by a PostgreSQL trigger (migration 0003) from the program's name and
    # description and its institution's name, city and state; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProgramQuerySet.as_manager()
    # Every change, including deletion, is kept (who, when, what) and can be reverted from
    # the admin. Derived columns are left out: the triggers recompute them.
    history = HistoricalRecords(excluded_fields=["updated_at", "campus_days", "search_vector"])

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_rate__gte=0, pass_rate__lte=100) | Q(pass_rate__isnull=True),
                name="program_pass_rate_0_100",
            ),
            models.CheckConstraint(
                condition=Q(graduation_rate__gte=0, graduation_rate__lte=100)
                | Q(graduation_rate__isnull=True),
                name="program_graduation_rate_0_100",
            ),
            models.CheckConstraint(
                condition=Q(placement_rate__gte=0, placement_rate__lte=100)
                | Q(placement_rate__isnull=True),
                name="program_placement_rate_0_100",
            ),
            models.CheckConstraint(
                condition=(Q(tuition_total__gte=0) | Q(tuition_total__isnull=True))
                & (Q(tuition_in_state__gte=0) | Q(tuition_in_state__isnull=True))
                & (Q(tuition_out_of_state__gte=0) | Q(tuition_out_of_state__isnull=True))
                & (Q(tuition_per_credit__gte=0) | Q(tuition_per_credit__isnull=True)),
                name="program_tuition_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(fees_per_credit__gte=0) | Q(fees_per_credit__isnull=True),
                name="program_fees_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(length_months__gte=1) | Q(length_months__isnull=True),
                name="program_length_at_least_one_month",
            ),
            models.CheckConstraint(
                condition=Q(accreditation_next_review__isnull=True)
                | Q(accreditation_awarded__isnull=True)
                | Q(accreditation_next_review__gt=models.F("accreditation_awarded")),
                name="program_review_after_award",
            ),
            models.CheckConstraint(
                condition=accreditation.agency_matches_status_condition(),
                name="program_agency_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(credential__in=[*Credential.values, ""]),
                name="program_credential_valid",
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=[*Delivery.values, ""]), name="program_delivery_valid"
            ),
            models.CheckConstraint(
                condition=Q(accreditation_agency__in=[*Agency.values, ""]),
                name="program_agency_valid",
            ),
            models.CheckConstraint(
                condition=Q(clinical_arrangement__in=[*ClinicalArrangement.values, ""]),
                name="program_clinical_arrangement_valid",
            ),
            models.CheckConstraint(
                condition=Q(admission_status__in=AdmissionStatus.values),
                name="program_admission_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=Confidence.values), name="program_confidence_valid"
            ),
            models.CheckConstraint(
                condition=Q(listing_status__in=ListingStatus.values),
                name="program_listing_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(accreditation_status__in=AccreditationStatus.values),
                name="program_accreditation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PublicationStatus.values), name="program_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "name", "id"], name="program_status_name_idx"),
            models.Index(fields=["last_verified"], name="program_last_verified_idx"),
            models.Index(fields=["campus_days"], name="program_campus_days_idx"),
            # The directory's default order (admitting programs first, then by name), so a
            # page of the unfiltered list reads 20 index entries instead of sorting them all.
            models.Index(
                models.ExpressionWrapper(
                    not_admitting_condition(), output_field=models.BooleanField()
                ),
                models.F("name"),
                models.F("id"),
                condition=Q(status="published"),
                name="program_listing_order_idx",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.institution.name}"

    def get_absolute_url(self):
        return reverse("programs:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if problem := accreditation.agency_status_problem(
            self.accreditation_agency, self.accreditation_status
        ):
            errors["accreditation_status"] = problem
        if (
            self.accreditation_awarded
            and self.accreditation_next_review
            and self.accreditation_next_review <= self.accreditation_awarded
        ):
            errors["accreditation_next_review"] = "The next review must come after the award date."
        if self.fees_in_tuition and (self.fees_total, self.fees_per_credit) != (None, None):
            errors["fees_in_tuition"] = (
                "The tuition figure cannot both include the fees and leave fees to add: "
                "untick this, or empty the fee amounts."
            )
        for field in ("pass_rate", "graduation_rate", "placement_rate"):
            value = getattr(self, field)
            if value is not None and not 0 <= value <= 100:
                label = self._meta.get_field(field).verbose_name
                errors[field] = out_of_range(label, value, low=0, high=100)
        if errors:
            raise ValidationError(errors)

    # --- what the pages show --------------------------------------------------------------

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def is_accredited(self) -> bool:
        return self.accreditation_status in AccreditationStatus.accredited()

    @property
    def accreditation_badge(self) -> str:
        return ACCREDITATION_BADGE[self.accreditation_status]

    @property
    def accreditation_meaning(self) -> str:
        return ACCREDITATION_MEANING[self.accreditation_status]

    @cached_property
    def certification(self) -> accreditation.Outlook:
        """What the accreditation means for MLT(ASCP) Route 1 and MLT(AMT), and why."""
        return accreditation.outlook(
            self.accreditation_status, self.accreditation_agency, self.institution.accreditor
        )

    @property
    def eligible_ascp(self) -> bool:
        """Graduates can apply through ASCP Route 1 (derived, not typed)."""
        return self.certification.ascp

    @property
    def eligible_amt(self) -> bool:
        """Graduates can apply for MLT(AMT) through its first route (derived, not typed)."""
        return self.certification.amt

    @property
    def not_admitting(self) -> bool:
        """Not taking new students (the same rule as `not_admitting_condition`)."""
        return (
            self.admission_status == AdmissionStatus.NOT_ADMITTING
            or self.accreditation_status == AccreditationStatus.INACTIVE
        )

    @property
    def review_overdue(self) -> bool:
        """The next accreditation review date has passed: the status shown may be out of date."""
        return (
            self.accreditation_next_review is not None
            and self.accreditation_next_review < timezone.localdate()
        )

    @property
    def is_stale(self) -> bool:
        return self.last_verified < stale_cutoff()

    @property
    def has_campus_sessions(self) -> bool:
        return bool(self.lab_sessions.all())

    @property
    def needs_travel(self) -> bool:
        """Whether some requirement may take the student to a set place (see
        LabSession.needs_travel): labs at their workplace or near them do not."""
        return any(session.needs_travel for session in self.lab_sessions.all())

    def travel_miles(self, origin: geo.Place) -> float | None:
        """The longest trip the program requires from `origin`: over the sessions that need
        travel, the largest distance to the nearest site offering that session. 0 when no
        session needs travel; None when one does but its place is not published."""
        distances = [
            session.nearest_site(origin)[1]
            for session in self.lab_sessions.all()
            if session.needs_travel
        ]
        if not distances:
            return 0.0 if self.has_campus_sessions else None
        farthest = max(distances)
        return None if farthest == float("inf") else farthest

    def lab_plan(self, origin: geo.Place | None = None) -> list["SessionPlan"]:
        """Each required session with the site to show: the nearest one to `origin` when
        given, else the only site. Uses prefetched sessions and sites (no extra queries)."""
        from .sessions import SessionPlan

        plan = []
        for session in self.lab_sessions.all():
            sites = list(session.sites.all())
            if origin is not None:
                site, miles = session.nearest_site(origin)
                miles = None if site is None else miles
            else:
                site, miles = (sites[0] if len(sites) == 1 else None), None
            plan.append(SessionPlan(session, site, miles, len(sites)))
        return plan

    @property
    def sources_by_group(self) -> dict[str, list]:
        """The program's sources keyed by fact group (the detail page prefetches them)."""
        groups: dict[str, list] = {group: [] for group in FactGroup.values}
        for source in self.fact_sources.all():
            groups[source.group].append(source)
        return groups

    @property
    def needs_caution(self) -> bool:
        """Uncertain, historical or low-confidence listings say so on their page."""
        return self.listing_status != ListingStatus.ACTIVE or self.confidence == Confidence.LOW

    @property
    def restricted_states(self) -> list[str]:
        return sorted(r.state for r in self.enrollment_restrictions.all())
