"""Validation messages in plain words that echo what was entered ("Estimated total tuition
must be 0 or more; you entered -5."), instead of Django's "Ensure this value is greater than
or equal to 0". One home for the wording: the model rules, the admin forms (PlainMessagesMixin)
and the import (curation/transfer) all use it."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst

# Characters no text may hold here, one rule for every way text comes in. XML 1.0 cannot
# carry them (outside its "Char" production): the control characters other than tab, line
# feed and carriage return (a vertical tab comes with text pasted from Word), lone
# surrogates (halves of a character, which UTF-8 cannot encode: the database driver fails on
# them), U+FFFE and U+FFFF; NUL is among them (PostgreSQL refuses it in text). The Atom feeds
# and a spreadsheet's XML cannot write them, so the fields whose text a feed writes refuse
# them (validate_xml_characters: a shared list's title and note, the directory's keywords, a
# listing's name and description, a school's name), the import refuses them in any cell
# (unstorable_message: a JSON file can write any of them as an escape, "\u0000", that no
# check of the file's raw text sees), and the feeds drop any that reached the database
# another way (xml_safe).
XML_UNSAFE_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def validate_xml_characters(value):
    """A form- and model-field validator (referenced by migrations: keep the name)."""
    found = XML_UNSAFE_RE.search(value) if isinstance(value, str) else None
    if found:
        raise ValidationError(
            f"Remove the invisible character U+{ord(found.group()):04X} (it often comes with "
            "text pasted from another program): the site cannot show it.",
            code="xml_character",
        )


def xml_safe(text: str) -> str:
    """`text` without the characters XML cannot carry."""
    return XML_UNSAFE_RE.sub("", text)


# A unit in a field's label ("estimated total tuition ($)") reads badly inside a sentence.
UNIT_RE = re.compile(r"\s*\((\$|%|months)\)$")


def field_label(label) -> str:
    """'estimated total tuition ($)' -> 'Estimated total tuition'."""
    return capfirst(UNIT_RE.sub("", str(label or "").strip())) or "This value"


def out_of_range(label, value, *, low=None, high=None) -> str:
    """'Certification pass rate must be from 0 to 100; you entered 120.'"""
    if low is not None and high is not None:
        rule = f"from {low} to {high}"
    elif low is not None:
        rule = f"{low} or more"
    else:
        rule = f"{high} or less"
    return f"{field_label(label)} must be {rule}; you entered {value}."


def unstorable_message(text: str) -> str:
    """Why `text` cannot be stored, naming the first character that cannot, or ''."""
    match = XML_UNSAFE_RE.search(text)
    if match is None:
        return ""
    char, position = match.group(), match.start() + 1
    if "\ud800" <= char <= "\udfff":
        return (
            f"Character {position} is half of a character (an unpaired surrogate, "
            f"\\u{ord(char):04x}), which cannot be stored: write the whole character, or "
            "export the file again."
        )
    name = "a NUL" if char == "\x00" else "an invisible control character"
    return f"Character {position} is {name} (U+{ord(char):04X}), which cannot be stored: delete it."


def shown(text: str) -> str:
    """`text` with each character that cannot be stored as U+FFFD, so a page or a terminal
    can show it (an unpaired surrogate cannot even be encoded for the response)."""
    return XML_UNSAFE_RE.sub("\ufffd", text)


# What a value of each kind of form field must look like, for "invalid" errors.
SHAPES = [
    (forms.IntegerField, "a whole number"),
    (forms.DecimalField, "a number, e.g. 245.50"),
    (forms.DateField, "a date, e.g. 2026-03-05"),
    (forms.URLField, "a full web address, e.g. https://www.example.edu/mlt"),
]


def plain_message(error: ValidationError, label, raw=None, field=None) -> str | None:
    """The plain wording of one Django validation error, or None to keep its own.
    `raw` is what was typed; `field` the form field (for the shape of an invalid value)."""
    params = error.params or {}
    value = params.get("show_value", params.get("value", raw))
    if error.code == "min_value":
        return out_of_range(label, value, low=params.get("limit_value"))
    if error.code == "max_value":
        return out_of_range(label, value, high=params.get("limit_value"))
    if error.code == "invalid" and field is not None and raw not in (None, ""):
        for kind, shape in SHAPES:
            if isinstance(field, kind):
                return f"{field_label(label)} must be {shape}; you entered “{raw}”."
    return None


class PlainMessagesMixin:
    """For a Django form: field errors about a number's range or a value's shape are said
    in plain_message's words, naming the field and echoing the value."""

    def add_error(self, field, error):
        fields = getattr(self, "fields", {})
        if (
            field in fields
            and isinstance(error, ValidationError)
            and not hasattr(error, "error_dict")
        ):
            form_field, raw = fields[field], self[field].data
            error = ValidationError(
                [
                    ValidationError(message, code=item.code)
                    if (message := plain_message(item, form_field.label, raw, form_field))
                    else item
                    for item in error.error_list
                ]
            )
        super().add_error(field, error)
