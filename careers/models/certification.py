"""Certification routes and state licensure."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from programs.choices import State

from .pages import Source


class CertifyingBody(models.TextChoices):
    ASCP = "ascp", "ASCP Board of Certification"
    AMT = "amt", "American Medical Technologists (AMT)"
    AAB = "aab", "AAB Board of Registry (American Association of Bioanalysts)"


class CertificationRoute(models.Model):
    """One way to qualify for an MLT certification exam, as the certifying body states it."""

    key = models.SlugField(
        max_length=40,
        unique=True,
        help_text="Matches a route in careers/eligibility.py, e.g. 'ascp-1'.",
    )
    body = models.CharField("certifying body", max_length=10, choices=CertifyingBody.choices)
    credential = models.CharField(max_length=40, help_text="e.g. MLT(ASCP)")
    name = models.CharField(max_length=80, help_text="e.g. Route 1")
    education = models.TextField(help_text="The academic requirement, in plain words.")
    training = models.TextField(help_text="The training or experience requirement.")
    is_open = models.BooleanField(default=True, help_text="Untick for a discontinued route.")
    note = models.TextField(blank=True, help_text="Caveats, e.g. what is unconfirmed.")
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="certification_routes"
    )
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(body__in=CertifyingBody.values), name="certroute_body_valid"
            ),
        ]

    def __str__(self):
        return f"{self.credential} {self.name}"


class LicensingState(models.Model):
    """A state (or territory) that licenses clinical laboratory personnel, or once did."""

    class Confidence(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        DISPUTED = "disputed", "Disputed"
        # Kept on the list, marked, because older lists still name the state.
        REPEALED = "repealed", "Not licensing: repealed"

    state = models.CharField(max_length=2, choices=State.choices, unique=True)
    confidence = models.CharField(
        max_length=10, choices=Confidence.choices, default=Confidence.CONFIRMED
    )
    note = models.TextField(
        blank=True, help_text="What readers should know, e.g. why the listing is disputed."
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="licensing_states", null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["state"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="licensingstate_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=["confirmed", "disputed", "repealed"]),
                name="licensingstate_confidence_valid",
            ),
        ]

    def __str__(self):
        suffix = {
            self.Confidence.DISPUTED: " (disputed)",
            self.Confidence.REPEALED: " (not licensing: repealed)",
        }.get(self.confidence, "")
        return f"{self.get_state_display()}{suffix}"

    def get_absolute_url(self):
        return reverse("careers:page", kwargs={"slug": "certification-and-licensure"}) + (
            "#licensing-states"
        )

    @property
    def is_disputed(self) -> bool:
        return self.confidence == self.Confidence.DISPUTED

    @property
    def is_repealed(self) -> bool:
        return self.confidence == self.Confidence.REPEALED
