"""What a program asks of a student in person: campus lab sessions, and who it cannot enrol."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.formatting import lower_first
from core.spreadsheet import validate_no_formula
from core.validation import out_of_range

from .. import geo
from ..choices import Frequency, LabLocation, SessionKind, State
from .places import Site
from .program import Program

# A campus session the school lets students do near home (LabSession.local_alternative).
NEAR_HOME_INSTEAD = "or at an approved laboratory near the student instead"
# A campus session with no site published.
NO_SITE_PUBLISHED = "site not published"

# Frequencies that are a rhythm, not a count of visits ("every other week").
FREQUENCY_WITHOUT_COUNT = {
    Frequency.WEEKLY,
    Frequency.EVERY_OTHER_WEEK,
    Frequency.MONTHLY,
    Frequency.PERIODIC,
    Frequency.NOT_PUBLISHED,
}
# Frequencies that count visits per period ("3 each term"): the whole program has at least
# the visits of one period, named here. With ONCE and FREQUENCY_WITHOUT_COUNT, every
# frequency is in exactly one of the three.
ONE_PERIOD = {
    Frequency.PER_TERM: "one term",
    Frequency.PER_COURSE: "one lab course",
    Frequency.PER_YEAR: "one year",
}


@dataclass(frozen=True)
class SessionPlan:
    session: "LabSession"
    site: Site | None
    miles: float | None
    site_count: int


class LabSession(models.Model):
    """A hands-on requirement, as the school describes it: where it happens (a campus, the
    student's workplace, a lab the student arranges...), how often and for how many days.
    On campus, a student attends it at one of its sites. NULL days, visits or total days mean
    the school does not publish them."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="lab_sessions")
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    location = models.CharField(
        "where it happens",
        max_length=20,
        choices=LabLocation.choices,
        default=LabLocation.CAMPUS,
    )
    local_alternative = models.BooleanField(
        "may be done at an approved lab near the student instead",
        default=False,
        help_text="The school lets students do this at a laboratory near them instead of "
        "travelling to one of the session's sites.",
    )
    days = models.PositiveSmallIntegerField(
        "days per visit", default=1, null=True, blank=True, help_text="Empty: not published."
    )
    visits = models.PositiveSmallIntegerField(
        "visits per period",
        default=1,
        null=True,
        blank=True,
        help_text="How many visits in each period of the frequency (e.g. 3 each term); "
        "empty: not published.",
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    total_days = models.PositiveSmallIntegerField(
        "total days",
        null=True,
        blank=True,
        help_text="Days for this requirement over the whole program. Worked out as days per "
        "visit times visits for a session held once in the program; for one that repeats, "
        "the total the school publishes, empty when it does not publish enough to count them.",
    )
    notes = models.CharField(
        "schedule as the school describes it",
        max_length=300,
        blank=True,
        help_text="In your own words, e.g. 'a full lab day every other week'.",
        validators=[validate_no_formula],
    )
    sites = models.ManyToManyField(
        Site,
        related_name="lab_sessions",
        blank=True,
        help_text="A student attends one of these sites. None: the place is not published.",
    )

    history = HistoricalRecords(m2m_fields=[sites])

    class Meta:
        ordering = ["program", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1) | Q(days__isnull=True),
                name="labsession_days_at_least_one",
            ),
            models.CheckConstraint(
                condition=Q(visits__gte=1) | Q(visits__isnull=True),
                name="labsession_visits_at_least_one",
            ),
            models.CheckConstraint(
                condition=Q(total_days__isnull=True)
                | Q(days__isnull=True)
                | Q(visits__isnull=True)
                | Q(total_days__gte=models.F("days") * models.F("visits")),
                name="labsession_total_covers_visits",
            ),
            models.CheckConstraint(
                condition=Q(location__in=LabLocation.values), name="labsession_location_valid"
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
        errors = {}
        for name in ("days", "visits"):
            value = getattr(self, name)
            if value is not None and value < 1:
                errors[name] = out_of_range(self._meta.get_field(name).verbose_name, value, low=1)
        if (
            self.days
            and self.visits
            and self.total_days is not None
            and self.total_days < self.days * self.visits
        ):
            errors["total_days"] = (
                f"Total days must be at least days per visit times visits "
                f"({self.days * self.visits}); you entered {self.total_days}."
            )
        elif self.total_days is not None and self.counted_total_days not in (
            None,
            self.total_days,
        ):
            # The admin's form fills in the count itself; a file states the total too.
            errors["total_days"] = (
                f"A session held once lasts days per visit times visits "
                f"({self.counted_total_days} days in all); you entered {self.total_days}."
            )
        if self.local_alternative and self.location in LabLocation.near_student():
            # Already near the student: "or near home instead" would make no sense.
            errors["local_alternative"] = (
                "Only a campus session (or one whose place is not published) can be done at a "
                "lab near the student instead: this one already is."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def counted_total_days(self) -> int | None:
        """The total days when days and visits give them: for a session held once in the
        program, days per visit times visits. None for one that repeats (each term, each
        course...): how many terms or courses it covers is the school's to publish.
        The one rule for it: the admin's form stores it, clean() refuses another total."""
        if self.frequency == Frequency.ONCE and self.days and self.visits:
            return self.days * self.visits
        return None

    @property
    def summary(self) -> str:
        """e.g. 'Weekend labs: 3 visits each term, 2 days each'; what the school does not
        publish is said so ('days not published')."""
        kind = self.get_kind_display()
        if self.days is None:
            days = "days not published"
        else:
            days = "1 day" if self.days == 1 else f"{self.days} days"
        if self.visits is None or self.frequency in FREQUENCY_WITHOUT_COUNT:
            each = "" if self.days is None else " each"
            return f"{kind}: {self.get_frequency_display()}, {days}{each}"
        noun = "visit" if self.visits == 1 else "visits"
        if self.frequency == Frequency.ONCE and self.visits == 1:
            return f"{kind}, {days}, once"
        return f"{kind}: {self.visits} {noun} {self.get_frequency_display()}, {days} each"

    @property
    def away_from_school(self) -> str:
        """Where it happens when that is no site of the school's, as a phrase ("at the
        student's own workplace laboratory"); "" for a campus session or one whose place
        is not published. The card and the compare table both say it so."""
        if self.location not in LabLocation.near_student():
            return ""
        return lower_first(self.get_location_display())

    @property
    def place(self) -> str:
        """Where it happens, in words ("At the student's own workplace laboratory"); a
        campus session the school lets students do near home says so."""
        place = self.get_location_display()
        if self.local_alternative:
            place += f", {NEAR_HOME_INSTEAD}"
        return place

    @property
    def needs_travel(self) -> bool:
        """Whether the student may have to travel to a set place for it. Labs at the
        student's workplace, at a lab they arrange or at an affiliated lab near them do not;
        nor does a campus session the school lets students do at a lab near them instead."""
        return self.location in (LabLocation.CAMPUS, LabLocation.UNKNOWN) and not (
            self.local_alternative
        )

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
    reason = models.CharField(max_length=200, blank=True, validators=[validate_no_formula])

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
