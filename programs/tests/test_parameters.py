"""ProgramFilter is the only list of the directory's parameters: the page's form, the facet
counts, the "loosen" suggestions and the OpenAPI document all come from it."""

from html import unescape

import pytest
from django.urls import reverse

from programs.filters import ProgramFilter
from programs.openapi import document

from .factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_the_page_shows_every_parameter_with_the_filtersets_label_and_hint(client):
    ProgramFactory()
    text = unescape(client.get(reverse("programs:list")).content.decode())
    form = ProgramFilter().form
    for name, field in form.fields.items():
        assert f'name="{name}"' in text, name
        assert str(field.label) in text, name
        if field.help_text:
            assert str(field.help_text) in text, name


def test_openapi_lists_exactly_the_filtersets_parameters():
    parameters = document("http://testserver/")["paths"]["/api/programs/"]["get"]["parameters"]
    names = [p["name"] for p in parameters]
    assert names == [*ProgramFilter.base_filters, "page"]
    by_name = {p["name"]: p for p in parameters}
    for name, field in ProgramFilter().form.fields.items():
        assert by_name[name]["description"] == str(field.help_text or field.label)


def test_every_filter_with_a_condition_has_words_for_loosening_it():
    narrowing = [name for name, f in ProgramFilter.base_filters.items() if f.narrows]
    assert {"radius", "overnight", "sort", "tuition_unknown"}.isdisjoint(narrowing)
    for name in narrowing:
        assert ProgramFilter.base_filters[name].describes, name


def test_facets_are_the_filters_that_count_their_options():
    assert ProgramFilter.facet_names() == [
        "lab",
        "accreditation",
        "agency",
        "credential",
        "certification",
        "clinical",
        "delivery",
        "state",
    ]


def test_each_search_has_its_own_filters_and_fields_and_its_form_uses_them_as_they_are():
    from django.http import QueryDict

    first = ProgramFilter(QueryDict("state=OH"))
    second = ProgramFilter(QueryDict("state=TX"))
    for name in ProgramFilter.base_filters:
        # Made once per search: no search sees another's filter or field...
        assert first.filters[name] is not second.filters[name]
        assert first.filters[name] is not ProgramFilter.base_filters[name]
        assert first.form.fields[name] is not second.form.fields[name]
        # ...so its form need not copy them again.
        assert first.form.fields[name] is first.filters[name].field
    first.form.fields["state"].choices = [("OH", "Ohio")]
    assert len(second.form.fields["state"].choices) > 1
    assert len(ProgramFilter(QueryDict()).form.fields["state"].choices) > 1
    assert first.values["state"] == ["OH"]
    assert second.values["state"] == ["TX"]
