"""A facet of the filter form (its options, each with its count) written in Python.

The form shows about 80 options; through the template engine they were a quarter of a cold
list page's rendering (issue #16). The markup is what templates/programs/list.html asks for
with `{% facet_fieldset %}`; every value is escaped by core.escaping.esc.
"""

from django.utils.safestring import SafeString

from core.escaping import esc, safe_html


def facet_fieldset(field, facet, input_type="checkbox", open_=False) -> SafeString:
    """`field`: the bound form field; `facet`: its facets.Facet (options with counts);
    `input_type`: "checkbox", or "radio" for a single choice (with an "Any" option)."""
    name = esc(facet.name)
    label = esc(facet.label)
    any_selected = any(option.selected for option in facet.options)
    # The fieldset has the field's id, which the page's error summary links to (as it does
    # to every other field), and is focusable from that link; it names its hint and error.
    field_id = esc(field.auto_id)
    described, hint, errors = [], "", ""
    if field.help_text:
        described.append(f"{field_id}_helptext")
        hint = f'<p class="hint" id="{field_id}_helptext">{esc(field.help_text)}</p>'
    if field.errors:
        described.append(f"{field_id}_error")
        errors = "".join(
            f'<p class="field-error" id="{field_id}_error">{esc(e)}</p>' for e in field.errors
        )
    describedby = f' aria-describedby="{" ".join(described)}"' if described else ""
    any_option = ""
    if input_type == "radio":
        checked = "" if any_selected else " checked"
        any_option = (
            f'<label class="option"><input type="radio" name="{name}" value=""{checked}> '
            "Any</label>"
        )
    options = "\n".join(
        f'<label class="option{"" if option.count else " empty"}"><input type="{input_type}" '
        f'name="{name}" value="{esc(option.value)}"{" checked" if option.selected else ""}> '
        f'{esc(option.label)} <span id="count-{name}-{esc(option.value)}" class="count">'
        f"{esc(option.count_label)}</span></label>"
        for option in facet.options
    )
    opened = " open" if open_ or any_selected or field.errors else ""  # errors never hidden
    classes = "facet has-error" if field.errors else "facet"
    return safe_html(
        f'<details class="{classes}"{opened}>\n  <summary>{label}</summary>\n'
        f'  <fieldset id="{field_id}" tabindex="-1"{describedby}>\n'
        f'    <legend class="visually-hidden">{label}</legend>\n'
        f"    {hint}\n    {errors}\n    {any_option}\n    {options}\n  </fieldset>\n</details>\n"
    )
