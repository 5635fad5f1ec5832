"""Where each group of a listing's facts came from: the provenance a page shows beside it."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.spreadsheet import validate_no_formula

from ..choices import FactGroup
from .program import Program


class FactSource(models.Model):
    """One source for one group of a program's facts (a group may cite several).

    The page shows "Source: <title>, <edition>" as a link beside the group; curators see the
    date they last checked it and their note of where on the page the fact stands.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="fact_sources")
    group = models.CharField("fact group", max_length=20, choices=FactGroup.choices)
    url = models.URLField("source address", max_length=500)
    title = models.CharField("source title", max_length=200, validators=[validate_no_formula])
    edition = models.CharField(
        "date or edition",
        max_length=100,
        blank=True,
        help_text="As the source states it, e.g. '2024-2025 catalog' or '2019-02-23'. "
        "Leave empty when the source states none: the page then says it is undated.",
        validators=[validate_no_formula],
    )
    checked_on = models.DateField("last checked", default=timezone.localdate)
    note = models.CharField(
        "curator's note",
        max_length=300,
        blank=True,
        help_text="In your own words: where on the page the fact stands.",
        validators=[validate_no_formula],
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "group", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(group__in=FactGroup.values), name="factsource_group_valid"
            ),
            models.UniqueConstraint(
                fields=["program", "group", "url"], name="factsource_unique_url_per_group"
            ),
        ]

    def __str__(self):
        return f"{self.get_group_display()}: {self.title}"

    @property
    def edition_label(self) -> str:
        return self.edition or "undated"
