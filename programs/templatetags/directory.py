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


@register.filter
def field_label(form, name):
    field = form.fields.get(name)
    return field.label if field and field.label else name.replace("_", " ").capitalize()


@register.filter
def first_items(pairs):
    return [first for first, _ in pairs]


@register.filter
def any_selected(options):
    return any(option.selected for option in options)


@register.simple_tag(takes_context=True)
def querystring_without(context, params):
    """The current query string without `params` (and without `page`)."""
    query = context["request"].GET.copy()
    for name in [*params, "page"]:
        query.pop(name, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def site_distance(site, origin):
    return miles(site.distance_from(origin))


@register.filter
def jsonld(value):
    """A <script type="application/ld+json"> element, escaped like json_script."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder
    from django.utils.html import _json_script_escapes
    from django.utils.safestring import mark_safe

    payload = json.dumps(value, cls=DjangoJSONEncoder).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
