"""A form renderer that writes the plainest widgets in Python instead of through templates.

The directory's filter form is on every list page, and a page rendered without the cache
(a new filter combination) spent about a sixth of its time in Django's widget templates: a
`<select>` renders one template per `<option>` (the state of residence has 57), each with
an include for its attributes. `LeanRenderer` writes the same markup that Django's
templates write, for the templates named in `_WRITERS` (text, search and number inputs,
tick boxes, selects and their options, labels), and hands every other template to
Django's own renderer. core/tests/test_formrender.py renders each kind both ways and
requires the same HTML.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from core.escaping import esc


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {esc(name)}")
        else:
            parts.append(f' {esc(name)}="{esc(str(value))}"')
    return "".join(parts)


def _input(context) -> str:
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else f' value="{esc(str(value))}"'
    return (
        f'<input type="{esc(widget["type"])}" '
        f'name="{esc(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _option(option) -> str:
    return (
        f'<option value="{esc(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{esc(option['label'])}</option>"
    )


def _select(context) -> str:
    widget = context["widget"]
    parts = [f'<select name="{esc(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{esc(group_name)}">')
        for option in options:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                raise _Unhandled
            # The option template's own trailing newline comes out too, as in Django's.
            parts.append(f"\n  {_option(option)}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _label(context) -> str:
    label = esc(context["label"])
    if not context.get("use_tag"):
        return label
    tag = context["tag"]
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


class _Unhandled(Exception):
    """Markup this module does not write: Django's template renders it."""


_WRITERS = {
    "django/forms/widgets/text.html": _input,
    "django/forms/widgets/number.html": _input,
    "django/forms/widgets/checkbox.html": _input,
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/select.html": _select,
    "django/forms/label.html": _label,
}


class LeanRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        writer = _WRITERS.get(template_name)
        if writer is not None:
            try:
                # Every name, value and label above went through conditional_escape.
                return mark_safe(writer(context))  # noqa: S308
            except _Unhandled:
                pass
        return super().render(template_name, context, request=request)
