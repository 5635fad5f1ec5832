"""Dates: month arithmetic and when a fact counts as stale."""

from datetime import date

from django.conf import settings
from django.utils import timezone


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
    """Facts checked before this date need checking again."""
    return months_before(today or timezone.localdate(), settings.STALE_AFTER_MONTHS)


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` (0 when `later` is not after it)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)
