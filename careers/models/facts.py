"""Facts the pages show: salary figures, duties, work settings, specialty areas."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from .pages import Source


class SalaryFigure(models.Model):
    class Kind(models.TextChoices):
        MEDIAN = "median", "Median"
        LOW = "low", "Lowest"
        HIGH = "high", "Highest"
        PERCENTILE = "percentile", "Percentile"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="salary_figures")
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year the figure describes; empty when undated."
    )
    period = models.CharField(
        max_length=40,
        blank=True,
        help_text="A more exact period when the source gives one, e.g. 'May 2023'.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    percentile = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Only for kind 'Percentile', e.g. 10 or 90."
    )
    amount = models.PositiveIntegerField(help_text="US dollars a year.")
    scope = models.CharField(
        max_length=200,
        help_text="Whom the figure covers, in the source's terms, e.g. 'technologists and "
        "technicians combined'.",
    )
    label = models.CharField(
        max_length=80,
        help_text="Short name of the source for the chart, e.g. 'BLS' or 'The article'.",
    )
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="salaryfigure_amount_positive"),
            models.CheckConstraint(
                condition=(
                    Q(kind="percentile")
                    & Q(percentile__isnull=False)
                    & Q(percentile__gte=1)
                    & Q(percentile__lte=99)
                )
                | (~Q(kind="percentile") & Q(percentile__isnull=True)),
                name="salaryfigure_percentile_iff_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["median", "low", "high", "percentile"]),
                name="salaryfigure_kind_valid",
            ),
            models.UniqueConstraint(
                "source",
                "kind",
                Coalesce("percentile", 0),
                "scope",
                name="salaryfigure_unique_per_source",
                violation_error_message="This source already has that figure for that scope.",
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.kind_label}: ${self.amount:,} ({self.when})"

    def clean(self):
        if self.kind == self.Kind.PERCENTILE and not self.percentile:
            raise ValidationError({"percentile": "Give the percentile, from 1 to 99."})
        if self.kind != self.Kind.PERCENTILE and self.percentile:
            raise ValidationError({"percentile": "Leave empty unless the kind is 'Percentile'."})

    @property
    def kind_label(self) -> str:
        if self.kind == self.Kind.PERCENTILE:
            return f"{self.percentile}th percentile"
        return self.get_kind_display().lower()

    @property
    def when(self) -> str:
        return self.period or (str(self.year) if self.year else "undated")


class Duty(models.Model):
    """Something an MLT does on an ordinary day."""

    title = models.CharField(max_length=120, unique=True)
    description = models.TextField(help_text="What it means, for someone new to the job.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="duties")
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]
        verbose_name_plural = "duties"

    def __str__(self):
        return self.title


class WorkSetting(models.Model):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(help_text="What the work is like there.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="work_settings")
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class SpecialtyArea(models.Model):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(help_text="What the specialty is.")
    credential = models.CharField(
        max_length=300,
        blank=True,
        help_text="The credential it leads to, e.g. 'Technologist in Blood Banking, BB(ASCP)'. "
        "Leave empty when no source confirms one: the page then says so.",
    )
    credential_note = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="specialty_areas",
        help_text="Where the credential comes from.",
    )
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
