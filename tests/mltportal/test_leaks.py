"""The small leaks and gaps of issue 13 item 7: TRACE, cookie prefixes, staff session
lifetime, Vary on a URL that serves a page or a partial, and what removing a program from
a shortlist tells."""

import pytest
from django.test import Client
from django.utils import timezone

from programs.choices import PublicationStatus
from programs.tests.factories import ProgramFactory, UserFactory
from shortlists import session as session_list

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT"])
@pytest.mark.parametrize("path", ["/", "/programs/", "/careers/"])
def test_trace_is_refused(client, method, path):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]


def test_session_and_csrf_cookies_carry_the_host_prefix(client):
    program = ProgramFactory()
    response = client.post("/shortlists/add/", {"program": program.slug})
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]
    assert "sessionid" not in response.cookies
    page = Client().get("/careers/eligibility/")
    csrf = page.cookies.get("__Host-csrftoken")
    if csrf is not None:  # only pages with a form set it
        assert csrf["secure"] and csrf["path"] == "/" and not csrf["domain"]


def test_a_staff_session_ends_within_a_working_day_however_active(client, settings):
    settings.STAFF_SESSION_MAX_SECONDS = 3600
    client.force_login(UserFactory(username="curator", is_staff=True, is_superuser=True))
    client.get("/admin/")
    assert client.session.get_expiry_age() <= 3600
    ends = client.session.get_expiry_date()
    client.get("/admin/")  # activity does not push the end back
    assert client.session.get_expiry_date() == ends
    assert ends <= timezone.now() + timezone.timedelta(seconds=3600)


def test_a_visitors_session_keeps_djangos_lifetime(client, settings):
    program = ProgramFactory()
    client.post("/shortlists/add/", {"program": program.slug})
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_the_directory_varies_on_hx_request(client):
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get("/programs/", headers=headers)
        assert response.status_code == 200
        assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.ARCHIVED])
def test_removing_an_unlisted_program_tells_nothing_about_it(client, status):
    hidden = ProgramFactory(name="Secret Evening MLT", slug="secret-evening", status=status)
    response = client.post("/shortlists/remove/", {"program": hidden.slug}, follow=True)
    assert "Secret Evening MLT" not in response.text
    assert "We could not find that program" in response.text
    unknown = client.post("/shortlists/remove/", {"program": "no-such-slug"}, follow=True)
    assert unknown.text.count("We could not find that program") == 1  # the same answer


def test_a_program_on_the_list_can_be_removed_after_it_was_archived(client):
    program = ProgramFactory(name="Evening MLT")
    client.post("/shortlists/add/", {"program": program.slug})
    program.status = PublicationStatus.ARCHIVED
    program.save()
    response = client.post("/shortlists/remove/", {"program": program.slug}, follow=True)
    assert f"Removed Evening MLT ({program.institution.name}) from your shortlist" in response.text
    assert session_list.program_ids(client.session) == []
