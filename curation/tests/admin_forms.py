"""Build the POST data a browser would send for an admin change form, from the GET response
(the main form, every inline formset and its management form)."""

from datetime import date, datetime


def _put(data: dict, form) -> None:
    for name in form.fields:
        _put_value(data, form.add_prefix(name), form[name].value())
        if form.fields[name].show_hidden_initial:  # a field with a callable default
            _put_value(data, form.add_initial_prefix(name), form[name].initial)


def _put_value(data: dict, key: str, value) -> None:
    if value is None:
        data[key] = ""
    elif isinstance(value, bool):
        if value:
            data[key] = "on"
    elif isinstance(value, list | tuple):
        data[key] = [str(v) for v in value]
    elif isinstance(value, datetime | date):
        data[key] = value.isoformat()
    else:
        data[key] = str(value)


def change_form_data(response) -> dict:
    data: dict = {}
    _put(data, response.context["adminform"].form)
    try:
        inlines = response.context["inline_admin_formsets"]
    except KeyError:  # e.g. django-simple-history's revert form has no inlines
        inlines = []
    for inline in inlines:
        formset = inline.formset
        _put(data, formset.management_form)
        for form in formset.forms:
            _put(data, form)
    return data
