"""Template helpers for the curators' admin pages."""

from datetime import timedelta

from django import template
from django.conf import settings

from programs.models import Program

register = template.Library()


@register.simple_tag
def curation_summary(user):
    """What the admin's home page shows a curator, or None for someone without access."""
    if not user.has_perm("programs.view_program"):
        return None
    return {
        "due_count": Program.objects.published().stale().count(),
        "stale_months": settings.STALE_AFTER_MONTHS,
        "draft_count": Program.objects.filter(status="draft").count(),
        "can_import": user.has_perms(["programs.add_program", "programs.change_program"]),
        "can_restore": user.has_perms(["programs.add_program", "programs.change_program"]),
    }


@register.filter
def duration_words(value) -> str:
    """timedelta(minutes=30) -> '30 minutes'; timedelta(hours=2) -> '2 hours'."""
    if not isinstance(value, timedelta):
        return ""
    minutes = int(value.total_seconds() // 60)
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
