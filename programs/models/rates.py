"""The federal travel rates the cost estimate uses, kept by curators (admin: Travel rates)."""

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

RATES_CACHE_KEY = "programs:travel-rates:v1"


class RateKind(models.TextChoices):
    MILEAGE = "mileage", "Driving, per mile (IRS standard mileage rate, business)"
    LODGING = "lodging", "Lodging, per night (GSA standard CONUS lodging rate)"
    MEALS = "meals", "Meals and incidentals, per day (GSA standard CONUS M&IE rate)"


class TravelRate(models.Model):
    """One sourced rate. Each kind appears once; a missing row falls back to the figure
    written in programs/estimate.py (DEFAULT_RATES)."""

    kind = models.CharField(max_length=10, choices=RateKind.choices, unique=True)
    amount = models.DecimalField(
        max_digits=8, decimal_places=3, help_text="US dollars, e.g. 0.725 or 110."
    )
    period = models.CharField(
        max_length=100, help_text="The period the rate applies to, e.g. 'calendar year 2026'."
    )
    publisher = models.CharField(
        max_length=200, help_text="Who publishes it, and the document (notice, bulletin)."
    )
    source_url = models.URLField("source", max_length=300)
    checked = models.DateField("last checked", help_text="When a curator read the source.")
    note = models.CharField(
        max_length=300, blank=True, help_text="Anything a reader should know about the source."
    )

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="travelrate_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RateKind.values), name="travelrate_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: ${self.amount} ({self.period})"


@receiver([post_save, post_delete], sender=TravelRate)
def _forget_rates(**kwargs):
    """The next estimate reads the changed rate: forgotten at once (this request reads its
    own change), and again once the change commits (a request that read the old rates in
    between may have cached them again). Pages cached with the old estimate are left
    behind by the directory's generation, which the same save moves on (generation.py)."""
    cache.delete(RATES_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(RATES_CACHE_KEY))
