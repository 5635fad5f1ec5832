from django import forms, template

from core import formatting
from programs import facts, true_cost
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
def badge_tone(status):
    return BADGE_TONE.get(status, "neutral")


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


@register.filter
def compare_toggled(tray, slug):
    """The compare tray's parameter after ticking or unticking `slug` (None: no tray)."""
    return tray.toggled(slug)


@register.simple_tag
def site_distance(site, origin):
    return formatting.miles(site.distance_from(origin))


@register.filter
def card_facts(program):
    """(label, text) of the facts a result card shows (programs.facts)."""
    return facts.card_facts(program)


@register.filter
def fact_text(program, key):
    """One fact as every page writes it (programs.facts), e.g. {{ program|fact_text:"fees" }}."""
    return facts.BY_KEY[key].text(program, None)


@register.simple_tag
def program_burden(program, origin=None, options=None):
    """The program's trips, nights and estimate for this student (true_cost.burden)."""
    return true_cost.burden(program, origin or None, options or None)


@register.filter
def fields_in(filterset, group):
    """The bound fields of the directory form in `group` (ProgramFilter.fields_in)."""
    return filterset.fields_in(group)


@register.filter
def get_facet(facets, name):
    return facets[name]


@register.filter
def facet_input(field):
    """Single-choice facets (the campus-days limit) are radio buttons; the rest checkboxes."""
    return "checkbox" if isinstance(field.field, forms.MultipleChoiceField) else "radio"


@register.filter
def facet_open(field):
    """The campus-days facet starts open: it is what the directory is for."""
    return field.name == "lab"
