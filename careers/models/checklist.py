"""The checklist for choosing a program, and the self-check statements."""

from django.db import models
from simple_history.models import HistoricalRecords

from ..directory import directory_url, validate_directory_query


class ChecklistItem(models.Model):
    """A question to ask of an online program, with a link to the matching directory filter."""

    question = models.CharField(max_length=200, unique=True)
    explanation = models.TextField()
    link_text = models.CharField(max_length=120, help_text="e.g. 'Show accredited programs'")
    directory_query = models.CharField(
        max_length=300,
        validators=[validate_directory_query],
        help_text="The directory filter, as a query string, e.g. "
        "'accreditation=initial&accreditation=continuing'.",
    )
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "question"]

    def __str__(self):
        return self.question

    @property
    def directory_url(self) -> str:
        return directory_url(self.directory_query)


class SelfCheckStatement(models.Model):
    """A statement for the 'Is this career for you?' self-check."""

    statement = models.CharField(max_length=200, unique=True, help_text="e.g. 'I enjoy science'")
    hint = models.CharField(max_length=300, blank=True)
    if_not = models.TextField(
        help_text="What it means for you if this does not describe you: honest, not a pitch."
    )
    order = models.PositiveSmallIntegerField(default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "statement"]

    def __str__(self):
        return self.statement

    @property
    def field_name(self) -> str:
        return f"s{self.pk}"
