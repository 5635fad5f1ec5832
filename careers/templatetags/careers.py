from django import template
from django.utils.safestring import mark_safe

from ..blocks import BLOCKS
from ..rendering import MARKER_RE

register = template.Library()


@register.simple_tag(takes_context=True)
def page_body(context, page):
    """The page's stored (sanitised) HTML with each block marker replaced by its partial."""
    parts = MARKER_RE.split(page.body_html)
    engine = context.template.engine
    html = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            html.append(part)
        else:
            with context.push(block=BLOCKS[part]):
                partial = engine.get_template(f"careers/blocks.html#{part}")
                html.append(partial.render(context))
    return mark_safe("".join(html))  # noqa: S308 - sanitised with nh3 when saved


@register.inclusion_tag("careers/includes/guide_outline.html", takes_context=True)
def guide_outline(context):
    """The guide's reading order, for the home page."""
    from ..selectors import reading_order

    return {"pages": list(reading_order()), "request": context.get("request")}
