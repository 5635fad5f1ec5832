"""Reuse a block's rendered content elsewhere in the page (for Open Graph and Twitter meta).

Django renders each block once; `{% reuse_block "title" %}` renders the most-derived
version of the named block again, exactly as the `{% block %}` tag itself would, so a page
that sets its title and description once gets matching link-preview tags for free.
"""

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockNode
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def reuse_block(context, name):
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    nodes = block_context.blocks.get(name) if block_context is not None else None
    if nodes:
        node = nodes[0]
    else:  # a template rendered without {% extends %}: look for the block in it
        found = context.template.nodelist.get_nodes_by_type(BlockNode)
        node = next((n for n in found if n.name == name), None)
        if node is None:
            return ""
    # Block content is already escaped by its own rendering; collapse the whitespace so it
    # reads well inside an attribute.
    return mark_safe(" ".join(node.render(context).split()))  # noqa: S308
