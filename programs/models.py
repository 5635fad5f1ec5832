import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import geo
from .choices import (
    ACCREDITATION_BADGE,
    ACCREDITATION_MEANING,
    AccreditationStatus,
    Agency,
    ClinicalArrangement,
    Control,
    Credential,
    Delivery,
    Frequency,
    PublicationStatus,
    SessionKind,
    State,
)


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier (clamped to the month's last day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


def stale_period() -> str:
    """How long until a listing counts as stale, in words: 'a year', '18 months'."""
    months = settings.STALE_AFTER_MONTHS
    if months == 12:
        return "a year"
    return "a month" if months == 1 else f"{months} months"


def stale_cutoff(today: date | None = None) -> date:
    """Listings verified before this date need re-verification."""
    return months_before(today or timezone.localdate(), settings.STALE_AFTER_MONTHS)


def validate_zip(value: str) -> None:
    if geo.lookup_zip(value) is None:
        raise ValidationError("Enter a 5-digit US ZIP code that exists, for example 43210.")


class Institution(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, choices=State.choices)
    zip_code = models.CharField("ZIP code", max_length=5, validators=[validate_zip])
    website = models.URLField(max_length=300, blank=True)
    accreditor = models.CharField(
        "institutional accreditor",
        max_length=200,
        blank=True,
        help_text="The agency that accredits the whole institution, e.g. a regional accreditor.",
    )
    control = models.CharField(max_length=20, choices=Control.choices)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="institution_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(control__in=Control.values), name="institution_control_valid"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.city}, {self.state})"

    @property
    def location(self) -> str:
        return f"{self.city}, {self.state}"


class Site(models.Model):
    """A place where campus lab sessions are held. Coordinates come from the ZIP code."""

    name = models.CharField(max_length=200, help_text="e.g. 'Main campus, Health Sciences lab'")
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="sites",
        null=True,
        blank=True,
        help_text="The institution that runs this site, if any (partner sites may have none).",
    )
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, choices=State.choices)
    zip_code = models.CharField("ZIP code", max_length=5, validators=[validate_zip])
    latitude = models.FloatField(editable=False)
    longitude = models.FloatField(editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["state", "city", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90), name="site_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180), name="site_longitude_range"
            ),
            models.CheckConstraint(condition=Q(state__in=State.values), name="site_state_valid"),
            models.UniqueConstraint(fields=["name", "zip_code"], name="site_unique_name_zip"),
        ]
        indexes = [models.Index(fields=["latitude", "longitude"], name="site_lat_lng_idx")]

    def __str__(self):
        return f"{self.name}, {self.city}, {self.state} {self.zip_code}"

    def save(self, *args, **kwargs):
        place = geo.lookup_zip(self.zip_code or "")
        if place is None:
            raise ValidationError({"zip_code": "Enter a 5-digit US ZIP code that exists."})
        self.zip_code = place.zip_code
        self.latitude, self.longitude = place.latitude, place.longitude
        super().save(*args, **kwargs)

    def clean(self):
        place = geo.lookup_zip(self.zip_code or "")
        if place is None:
            raise ValidationError({"zip_code": "Enter a 5-digit US ZIP code that exists."})
        if self.state and place.state != self.state:
            raise ValidationError(
                {"zip_code": f"ZIP code {place.zip_code} is in {place.state}, not {self.state}."}
            )

    @property
    def location(self) -> str:
        return f"{self.city}, {self.state}"

    def distance_from(self, place: geo.Place) -> float:
        return geo.haversine_miles(place.latitude, place.longitude, self.latitude, self.longitude)


class ProgramQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def visible_to(self, user):
        """Published programs for the public; every program for staff (preview)."""
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()

    def accredited(self):
        return self.filter(accreditation_status__in=AccreditationStatus.accredited())

    def enrolling(self, state: str):
        """Programs that can enrol residents of `state`."""
        return self.exclude(
            Exists(EnrollmentRestriction.objects.filter(program=OuterRef("pk"), state=state))
        )

    def stale(self, today: date | None = None):
        return self.filter(last_verified__lt=stale_cutoff(today))

    def with_details(self):
        """Everything a program card or detail page shows, in a fixed number of queries."""
        return (
            self.defer("search_vector")
            .select_related("institution")
            .prefetch_related(
                models.Prefetch(
                    "lab_sessions",
                    queryset=LabSession.objects.prefetch_related("sites"),
                ),
                "enrollment_restrictions",
            )
        )


class Program(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="Appears in shared links: change it only to fix a mistake.",
    )
    description = models.TextField(blank=True)
    credential = models.CharField(max_length=20, choices=Credential.choices)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)

    accreditation_agency = models.CharField(
        "accrediting agency", max_length=10, choices=Agency.choices
    )
    accreditation_status = models.CharField(max_length=20, choices=AccreditationStatus.choices)
    accreditation_awarded = models.DateField("accreditation awarded", null=True, blank=True)
    accreditation_next_review = models.DateField("next accreditation review", null=True, blank=True)

    eligible_ascp = models.BooleanField(
        "graduates eligible for MLT(ASCP)", default=False, help_text="Through ASCP Route 1."
    )
    eligible_amt = models.BooleanField("graduates eligible for MLT(AMT)", default=False)

    length_months = models.PositiveSmallIntegerField("length (months)")
    credit_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    tuition_total = models.PositiveIntegerField(
        "estimated total tuition ($)", help_text="Whole-program estimate in US dollars."
    )
    tuition_in_state = models.PositiveIntegerField(
        "in-state total tuition ($)", null=True, blank=True
    )
    tuition_out_of_state = models.PositiveIntegerField(
        "out-of-state total tuition ($)", null=True, blank=True
    )
    start_terms = models.CharField(max_length=100, blank=True, help_text="e.g. 'August, January'")
    prerequisites = models.TextField("admission prerequisites", blank=True)
    clinical_hours = models.PositiveSmallIntegerField(
        "clinical practicum hours", null=True, blank=True
    )
    clinical_arrangement = models.CharField(
        "clinical site arranged by", max_length=20, choices=ClinicalArrangement.choices
    )

    pass_rate = models.PositiveSmallIntegerField(
        "certification pass rate (%)", null=True, blank=True
    )
    graduation_rate = models.PositiveSmallIntegerField("graduation rate (%)", null=True, blank=True)
    placement_rate = models.PositiveSmallIntegerField("placement rate (%)", null=True, blank=True)
    outcomes_year = models.PositiveSmallIntegerField(
        "year the outcomes describe", null=True, blank=True
    )

    program_url = models.URLField("program web page", max_length=300, blank=True)
    source_url = models.URLField(
        "source", max_length=300, help_text="Where the facts in this listing were checked."
    )
    last_verified = models.DateField(default=timezone.localdate)
    status = models.CharField(
        max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Total days on campus over the program: the sum of its lab sessions' total days, kept
    # up to date by database triggers on the lab sessions (migration 0005), so the `lab`
    # filter is a plain indexed comparison.
    campus_days = models.PositiveSmallIntegerField(default=0, editable=False)
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
                condition=Q(tuition_total__gte=0)
                & (Q(tuition_in_state__gte=0) | Q(tuition_in_state__isnull=True))
                & (Q(tuition_out_of_state__gte=0) | Q(tuition_out_of_state__isnull=True)),
                name="program_tuition_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(length_months__gte=1), name="program_length_at_least_one_month"
            ),
            models.CheckConstraint(
                condition=Q(accreditation_next_review__isnull=True)
                | Q(accreditation_awarded__isnull=True)
                | Q(accreditation_next_review__gt=models.F("accreditation_awarded")),
                name="program_review_after_award",
            ),
            models.CheckConstraint(
                condition=(
                    Q(accreditation_agency=Agency.NONE)
                    & Q(accreditation_status=AccreditationStatus.NOT_ACCREDITED)
                )
                | (
                    ~Q(accreditation_agency=Agency.NONE)
                    & ~Q(accreditation_status=AccreditationStatus.NOT_ACCREDITED)
                ),
                name="program_agency_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(credential__in=Credential.values), name="program_credential_valid"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="program_delivery_valid"
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
        ]

    def __str__(self):
        return f"{self.name}, {self.institution.name}"

    def get_absolute_url(self):
        return reverse("programs:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if (self.accreditation_agency == Agency.NONE) != (
            self.accreditation_status == AccreditationStatus.NOT_ACCREDITED
        ):
            errors["accreditation_status"] = (
                "Use 'Not accredited' exactly when the agency is 'No programmatic accreditor'."
            )
        if (
            self.accreditation_awarded
            and self.accreditation_next_review
            and self.accreditation_next_review <= self.accreditation_awarded
        ):
            errors["accreditation_next_review"] = "The next review must come after the award date."
        for field in ("pass_rate", "graduation_rate", "placement_rate"):
            value = getattr(self, field)
            if value is not None and not 0 <= value <= 100:
                errors[field] = "Enter a percentage from 0 to 100."
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

    @property
    def is_stale(self) -> bool:
        return self.last_verified < stale_cutoff()

    @property
    def has_campus_sessions(self) -> bool:
        return bool(self.lab_sessions.all())

    def travel_miles(self, origin: geo.Place) -> float | None:
        """The longest trip the program requires from `origin`: over its sessions, the
        largest distance to the nearest site offering that session. None without sessions."""
        distances = [session.nearest_site(origin)[1] for session in self.lab_sessions.all()]
        return max(distances) if distances else None

    def lab_plan(self, origin: geo.Place | None = None) -> list["SessionPlan"]:
        """Each required session with the site to show: the nearest one to `origin` when
        given, else the only site. Uses prefetched sessions and sites (no extra queries)."""
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
    def restricted_states(self) -> list[str]:
        return sorted(r.state for r in self.enrollment_restrictions.all())


@dataclass(frozen=True)
class SessionPlan:
    session: "LabSession"
    site: Site | None
    miles: float | None
    site_count: int


class LabSession(models.Model):
    """A required on-campus lab session. A student attends it at one of its sites."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="lab_sessions")
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    days = models.PositiveSmallIntegerField("days per visit", default=1)
    visits = models.PositiveSmallIntegerField(
        "visits per period", default=1, help_text="How many visits in each period below."
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    total_days = models.PositiveSmallIntegerField(
        "total days on campus",
        help_text="Days on campus for this requirement over the whole program.",
    )
    notes = models.CharField(max_length=300, blank=True)
    sites = models.ManyToManyField(
        Site, related_name="lab_sessions", help_text="A student attends one of these sites."
    )

    history = HistoricalRecords(m2m_fields=[sites])

    class Meta:
        ordering = ["program", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=1), name="labsession_days_at_least_one"),
            models.CheckConstraint(
                condition=Q(visits__gte=1), name="labsession_visits_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(total_days__gte=models.F("days") * models.F("visits")),
                name="labsession_total_covers_visits",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="labsession_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="labsession_frequency_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.program.name}"

    def clean(self):
        if (
            self.days
            and self.visits
            and self.total_days is not None
            and self.total_days < self.days * self.visits
        ):
            raise ValidationError(
                {"total_days": "Total days must be at least days per visit times visits."}
            )

    @property
    def summary(self) -> str:
        """e.g. '3 weekend lab visits each term, 2 days each'."""
        kind = self.get_kind_display()
        noun = "visit" if self.visits == 1 else "visits"
        days = "1 day" if self.days == 1 else f"{self.days} days"
        if self.frequency == Frequency.ONCE and self.visits == 1:
            return f"{kind}, {days}, once"
        return f"{kind}: {self.visits} {noun} {self.get_frequency_display()}, {days} each"

    def nearest_site(self, origin: geo.Place) -> tuple[Site | None, float]:
        """The nearest site offering this session and its distance (infinite without sites)."""
        best, best_miles = None, float("inf")
        for site in self.sites.all():
            miles = site.distance_from(origin)
            if miles < best_miles:
                best, best_miles = site, miles
        return best, best_miles


class EnrollmentRestriction(models.Model):
    """A state whose residents the program cannot enrol (e.g. no state authorization)."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="enrollment_restrictions"
    )
    state = models.CharField(max_length=2, choices=State.choices)
    reason = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "state"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "state"], name="enrollment_restriction_unique_state"
            ),
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="enrollment_restriction_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.program.name} cannot enrol residents of {self.get_state_display()}"


# --- Shortlists ---------------------------------------------------------------------------
# A shortlist starts in the visitor's session (programs/shortlist.py). "Share" freezes it into
# a Shortlist: a read-only page at an unguessable token, editable later only through a
# separate secret link whose SHA-256 alone is stored.

SHORTLIST_TOKEN_BYTES = 32  # 256 bits; token_urlsafe(32) is 43 characters
SHORTLIST_TOKEN_LENGTH = 43
SHORTLIST_TITLE_MAX = 120
SHORTLIST_NOTE_MAX = 1000


def new_share_token() -> str:
    return secrets.token_urlsafe(SHORTLIST_TOKEN_BYTES)


def hash_edit_secret(secret: str) -> str:
    """The stored form of an edit secret. The secret is 256 random bits, so a fast hash is
    enough: there is nothing to brute-force."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Shortlist(models.Model):
    token = models.CharField(max_length=64, unique=True, editable=False, default=new_share_token)
    edit_secret_hash = models.CharField(max_length=64, editable=False)
    title = models.CharField(max_length=SHORTLIST_TITLE_MAX, blank=True)
    note = models.TextField(max_length=SHORTLIST_NOTE_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("token"), SHORTLIST_TOKEN_LENGTH),
                name="shortlist_token_long_enough",
            ),
            models.CheckConstraint(
                condition=Exact(Length("edit_secret_hash"), 64),
                name="shortlist_edit_hash_is_sha256",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("title"), SHORTLIST_TITLE_MAX),
                name="shortlist_title_max_length",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), SHORTLIST_NOTE_MAX),
                name="shortlist_note_max_length",
            ),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("shortlists:shared", kwargs={"token": self.token})

    def get_edit_url(self, secret: str) -> str:
        return reverse("shortlists:edit", kwargs={"token": self.token, "secret": secret})

    @property
    def display_title(self) -> str:
        return self.title or "Shortlist of MLT programs"

    def set_edit_secret(self) -> str:
        """Give the shortlist a new edit secret and return it: the only time it is known."""
        secret = secrets.token_urlsafe(SHORTLIST_TOKEN_BYTES)
        self.edit_secret_hash = hash_edit_secret(secret)
        return secret

    def check_edit_secret(self, secret: str) -> bool:
        return hmac.compare_digest(hash_edit_secret(secret), self.edit_secret_hash)


class ShortlistItem(models.Model):
    """A program on a shared shortlist, with what it looked like when the list was shared."""

    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="items")
    # SET_NULL: a program deleted from the directory stays on the list as "no longer listed".
    program = models.ForeignKey(
        Program, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Snapshot at share time (refreshed when the author accepts the current facts).
    program_name = models.CharField(max_length=200)
    institution_name = models.CharField(max_length=200)
    shared_updated_at = models.DateTimeField()
    shared_status = models.CharField(max_length=10, choices=PublicationStatus.choices)
    shared_last_verified = models.DateField()
    shared_facts = models.JSONField(
        default=dict, blank=True, help_text="Key facts as shown when shared, to report changes."
    )

    class Meta:
        ordering = ["shortlist", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shortlist", "program"], name="shortlist_item_unique_program"
            ),
            models.CheckConstraint(
                condition=Q(shared_status__in=PublicationStatus.values),
                name="shortlist_item_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.program_name}, {self.institution_name}"
