"""The list page for a student on a phone or a keyboard: results before the filters, a
labelled way to the filters, skip links, and clean addresses without empty parameters."""

import pytest

from .factories import ProgramFactory

pytestmark = pytest.mark.django_db

URL = "/programs/"


def test_a_form_sent_without_javascript_is_redirected_to_a_clean_address(client):
    ProgramFactory()
    response = client.get(
        URL, {"q": "lab", "zip": "", "radius": "100", "sort": "", "state": ["OH", ""]}
    )
    assert response.status_code == 302
    assert response["Location"] == "/programs/?q=lab&state=OH"
    # Nothing chosen at all: the plain list.
    response = client.get(URL, {"q": "", "zip": "", "radius": "100"})
    assert response["Location"] == "/programs/"
    # A clean address is served as it is; a radius with a ZIP is kept.
    assert client.get(URL, {"q": "lab"}).status_code == 200
    assert client.get(URL, {"zip": "43215", "radius": "50"}).status_code == 200


def test_an_address_too_long_to_redirect_to_is_served_as_it_came(client):
    """Found by the fuzz test: a 20,000-character search with an empty field used to be
    redirected, and Django refuses a redirect that long (400)."""
    ProgramFactory(name="Medical Laboratory Technology")
    response = client.get(URL, {"q": "x" * 20_000, "zip": ""})
    assert response.status_code == 200
    assert "There is a problem with your search" in response.content.decode()


def test_htmx_requests_are_never_redirected(client):
    response = client.get(URL, {"q": "", "zip": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 200


def test_results_come_before_the_filters_and_the_form_lands_on_them(client):
    ProgramFactory(name="First Result")
    text = client.get(URL).text
    assert text.index('id="results"') < text.index('id="filters"')
    assert text.index("First Result") < text.index('id="filters"')
    assert '<a class="skip-link" href="#results">Skip to the results</a>' in text
    assert '<a href="#filters">Filter programs</a>' in text
    assert 'action="/programs/#results"' in text  # without JavaScript, back to the results


def test_the_filters_link_says_how_many_are_chosen(client):
    ProgramFactory()
    text = client.get(URL, {"q": "lab", "state": "OH"}).text
    assert '<a href="#filters">Filter programs</a> (2 chosen)' in text
