from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from programs.choices import AccreditationStatus

register = template.Library()

BADGE_TONE = {
    AccreditationStatus.CONTINUING: "ok",
    AccreditationStatus.INITIAL: "ok",
    AccreditationStatus.INACTIVE: "neutral",
    AccreditationStatus.PROBATION: "warn",
    AccreditationStatus.SERIOUS_APPLICANT: "warn",
    AccreditationStatus.NOT_ACCREDITED: "bad",
}


@register.filter
def dollars(value):
    """12345 -> '$12,345'; None -> 'not published'."""
    if value is None or value == "":
        return "not published"
    return f"${intcomma(int(value))}"


@register.filter
def miles(value):
    if value is None:
        return ""
    return f"{value:,.0f} mi"


@register.filter
def badge_tone(status):
    return BADGE_TONE.get(status, "neutral")


@register.filter
def percent(value):
    return "not published" if value is None else f"{value}%"


@register.simple_tag
def lab_plan(program, origin=None):
    return program.lab_plan(origin or None)
