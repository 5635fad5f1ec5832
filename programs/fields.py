"""The directory form's own fields and widgets: campus days, a real ZIP code, the distance."""

import re

from django import forms

from . import geo

# The distance when a ZIP code is given without one.
DEFAULT_RADIUS = 100


class LabField(forms.CharField):
    """'none', or a whole number of campus days (0 means the same as 'none')."""

    openapi_pattern = r"^\s*([Nn][Oo][Nn][Ee]|[0-9]{1,4})\s*$"  # what the OpenAPI document says

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        value = value.strip().lower()
        if value == "none":
            return 0
        if re.fullmatch(r"\d{1,4}", value):
            return int(value)
        raise forms.ValidationError(
            "Choose 'No campus sessions' or enter a whole number of campus days.", code="invalid"
        )


class ZipField(forms.CharField):
    # What the OpenAPI document can say; whether the ZIP exists it cannot.
    openapi_pattern = r"^\s*[0-9]{5}\s*$"

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        place = geo.lookup_zip(value)
        if place is None:
            raise forms.ValidationError(geo.zip_problem(value), code="invalid")
        return place


class RadiusSelect(forms.Select):
    """The distance choices, plus the current value when a link set another one."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if value not in (None, "") and str(value) not in {str(v) for v, _ in self.choices}:
            label = f"{value} miles"
            context["widget"]["optgroups"].append(
                (None, [self.create_option(name, value, label, True, len(self.choices))], 0)
            )
        return context

    def format_value(self, value):
        return [str(DEFAULT_RADIUS)] if value in (None, "") else super().format_value(value)


class DirectoryForm(forms.Form):
    """The directory's form: labels without a trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class OwnFields(dict):
    """A form class's fields that no other form shares, so a form's copy of them may be the
    fields themselves (Django's form deep-copies them, with every choice). Only for form
    classes made for one search (ProgramFilter.get_form_class)."""

    def __deepcopy__(self, memo):
        return dict(self)


def origin_from(request) -> tuple[geo.Place | None, str | None]:
    """The visitor's ZIP from ?zip= (pages other than the directory: a program, compare, a
    shared list's spreadsheet), and an error message when it is not a real ZIP."""
    raw = request.GET.get("zip", "")
    if not raw:
        return None, None
    try:
        return ZipField(required=False, max_length=10).clean(raw), None
    except forms.ValidationError as error:
        return None, error.messages[0]


TICKED = ("1", "true", "on", "yes")
NOT_TICKED = ("", "0", "false", "off", "no")


class TickInput(forms.CheckboxInput):
    """A tick box whose value reaches the field as sent, so the field can refuse nonsense."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: value is True or value in TICKED)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class TickField(forms.Field):
    """A tick box for the directory and its API: '1', 'true', 'on' or 'yes' tick it; empty,
    '0', 'false', 'off' or 'no' (or leaving it out) do not; anything else is an error."""

    widget = TickInput
    # What the OpenAPI document says (programs/openapi.py).
    openapi_enum = [*TICKED, *NOT_TICKED[1:]]

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None or value is False or value in NOT_TICKED:
            return False
        if value is True or value in TICKED:
            return True
        raise forms.ValidationError("Tick the box or leave it empty.", code="invalid")
