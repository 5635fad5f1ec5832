from django import forms, template

from core import formatting
from programs import cards, facet_markup, facts

register = template.Library()

register.filter("badge_tone", cards.badge_tone)
register.simple_tag(cards.not_admitting_badge, name="not_admitting_badge")
register.simple_tag(cards.review_overdue, name="review_overdue")
register.simple_tag(cards.lab_summary, name="lab_summary")
register.simple_tag(lambda: cards.LAB_DAYS, name="lab_days_label")


@register.filter
def checked_dates(sources) -> list:
    """The days a group's sources were last checked, oldest first, each once."""
    return sorted({source.checked_on for source in sources})


@register.simple_tag(takes_context=True)
def program_card(context, program, heading="h3", compare=False, shortlist=False):
    """A result card (programs/cards.py), e.g. {% program_card program compare=True %}."""
    return cards.program_card(
        program,
        cards.CardPage.from_context(context),
        heading=heading,
        compare=compare,
        shortlist=shortlist,
    )


@register.simple_tag(takes_context=True)
def shortlist_toggle(context, program):
    """A program's add/remove shortlist button (programs/cards.py)."""
    page = cards.CardPage.from_context(context)
    return cards.shortlist_toggle(program, page.shortlist_ids, page.shortlist_urls)


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
def fact_text(program, key):
    """One fact as every page writes it (programs.facts), e.g. {{ program|fact_text:"fees" }}."""
    return facts.BY_KEY[key].text(program, None)


@register.filter
def fields_in(filterset, group):
    """The bound fields of the directory form in `group` (ProgramFilter.fields_in)."""
    return filterset.fields_in(group)


@register.simple_tag
def facet_fieldset(field, facets):
    """A facet of the filter form with its counts (programs/facet_markup.py). Single-choice
    facets (the campus-days limit) are radio buttons, the rest checkboxes; the campus-days
    facet starts open: it is what the directory is for."""
    single = not isinstance(field.field, forms.MultipleChoiceField)
    return facet_markup.facet_fieldset(
        field,
        facets[field.name],
        "radio" if single else "checkbox",
        open_=field.name == "lab",
    )
