"""What a program asks of a student in person: campus lab sessions, and who it cannot enrol."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .. import geo
from ..choices import Frequency, SessionKind, State
from .places import Site
from .program import Program


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
