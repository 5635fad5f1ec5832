"""Template filters for the shared formatting rules (core.formatting) and URLs."""

from django import template

from core import formatting, web

register = template.Library()


@register.filter
def dollars(value):
    """12345 -> '$12,345'; None -> 'not published'."""
    return formatting.money(value)


@register.filter
def percent(value):
    return formatting.percent(value)


@register.filter
def miles(value):
    return formatting.miles(value)


@register.filter
def jsonld(value):
    """A <script type="application/ld+json"> element for `value`."""
    return web.jsonld_script(value)


@register.simple_tag(takes_context=True)
def canonical(context, path=None):
    request = context["request"]
    return web.absolute_url(request, path or request.path)


@register.filter
def mile_count(value):
    """98.6 -> '99' (in a column headed 'straight-line miles')."""
    return formatting.mile_count(value)
