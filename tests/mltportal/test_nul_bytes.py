"""NUL bytes are refused in one place (mltportal.middleware.reject_nul_bytes) with a 400,
on every page, form and API endpoint: PostgreSQL cannot store them in text, so before they
reached a query as a 500 (issue 13, item 6). Runs on SQLite and PostgreSQL."""

import pytest

from programs.tests.factories import ProgramFactory
from shortlists.models import Shortlist

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/programs/compare/?programs=%00",
        "/programs/compare/?programs=a%00b,c",
        "/programs/?q=nurse%00",
        "/programs/?zip=%00%00",
        "/programs/?a%00b=1",
        "/programs/a%00b/",
        "/careers/eligibility/?route=%00",
        "/shortlists/?x=%00",
    ],
)
def test_a_nul_anywhere_in_a_page_request_is_a_400_page(client, url):
    ProgramFactory(slug="a")
    response = client.get(url)
    assert response.status_code == 400
    assert "We can't read that request" in response.text
    assert "NUL character" in response.text
    assert response["Content-Security-Policy"]  # still the site's headers


@pytest.mark.parametrize(
    ("url", "field"),
    [("/api/programs/?state=O%00H", "state"), ("/api/programs/a%00b/", "path")],
)
def test_the_api_answers_json(client, url, field):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == [field]


@pytest.mark.parametrize("endpoint", ["/shortlists/add/", "/shortlists/remove/"])
def test_shortlist_forms_refuse_a_nul(client, endpoint):
    program = ProgramFactory(slug="ab")
    response = client.post(endpoint, {"program": "a\x00b"})
    assert response.status_code == 400
    # ...and the same form without the NUL still works.
    assert client.post("/shortlists/add/", {"program": program.slug}).status_code in (200, 302)


def test_share_refuses_a_nul_in_the_title(client):
    response = client.post("/shortlists/share/", {"title": "For\x00Maria", "note": ""})
    assert response.status_code == 400
    assert not Shortlist.objects.exists()


def test_ordinary_control_characters_are_still_the_forms_business(client):
    response = client.get("/programs/?zip=%01")
    assert response.status_code == 200
    assert "There is a problem with your search" in response.text
