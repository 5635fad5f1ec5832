"""The form for a shared list's title and note. Both go into the list's Atom feed, so they
refuse the characters XML cannot carry."""

from django import forms

from core.validation import validate_xml_characters

from .models import SHORTLIST_NOTE_MAX, SHORTLIST_TITLE_MAX


class ShortlistForm(forms.Form):
    title = forms.CharField(
        label="Title (optional)",
        max_length=SHORTLIST_TITLE_MAX,
        required=False,
        validators=[validate_xml_characters],
        help_text="For example: For Maria: hybrid options near Dayton",
        error_messages={
            "max_length": f"Make the title {SHORTLIST_TITLE_MAX} characters or fewer "
            "(it has %(show_value)d)."
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=SHORTLIST_NOTE_MAX,
        required=False,
        validators=[validate_xml_characters],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Up to {SHORTLIST_NOTE_MAX:,} characters. Anyone with the link can read it, "
        "so leave out private details.",
        error_messages={
            "max_length": f"Make the note {SHORTLIST_NOTE_MAX:,} characters or fewer "
            "(it has %(show_value)d)."
        },
    )
