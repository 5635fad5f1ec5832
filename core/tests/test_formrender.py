"""core.formrender writes exactly the markup Django's widget templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from core.formrender import LeanRenderer
from programs.filters import ProgramFilter


class Everything(forms.Form):
    text = forms.CharField(label='Name & "title"', help_text="hint", max_length=20)
    search = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"})
    )
    number = forms.IntegerField(required=False, min_value=0, widget=forms.NumberInput())
    tick = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("", "Any"), ("a<b", "A & B"), ("c", "C")])
    grouped = forms.ChoiceField(
        choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], required=False
    )
    many = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")], required=False)
    radios = forms.ChoiceField(
        choices=[("r", "R"), ("s", "S")], widget=forms.RadioSelect, required=False
    )
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


BOUND = {
    "text": 'O\'Brien <b>"x"</b>',
    "search": "hematology",
    "number": "12",
    "tick": "on",
    "choice": "a<b",
    "grouped": "y",
    "many": ["1", "2"],
    "radios": "s",
    "hidden": "h&",
}


def both_ways(form_class, data):
    html = []
    for renderer in (DjangoTemplates(), LeanRenderer()):
        form = (
            form_class(data, renderer=renderer)
            if data is not None
            else form_class(renderer=renderer)
        )
        html.append([(str(field), field.label_tag(), field.legend_tag()) for field in form])
    return html


@pytest.mark.parametrize("data", [None, BOUND, {"number": "abc", "choice": "nope"}])
def test_every_widget_kind_renders_the_same_both_ways(data):
    django_html, lean_html = both_ways(Everything, data)
    assert lean_html == django_html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [{}, {"q": "lab", "zip": "43210", "radius": "75", "state": ["OH", "KY"], "sort": "name"}],
)
def test_the_directory_form_renders_the_same_both_ways(query):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in query.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    forms_rendered = []
    for renderer in (DjangoTemplates(), LeanRenderer()):
        form = ProgramFilter(data).form
        form.renderer = renderer
        forms_rendered.append([(str(field), field.label_tag()) for field in form])
    assert forms_rendered[1] == forms_rendered[0]
    assert any("<select" in widget for widget, _ in forms_rendered[1])
