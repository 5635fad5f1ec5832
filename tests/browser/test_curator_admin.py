"""The curators' admin pages in a real browser at 1280 px (issue #14): no axe-core
violations on the pages the curator items changed, and the site list, the re-check box and
the format help work without JavaScript."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from programs.choices import PublicationStatus
from programs.models import LabSession, Program
from programs.tests.factories import (
    InstitutionFactory,
    LabSessionFactory,
    ProgramFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def listing(transactional_db):
    institution = InstitutionFactory(name="River College", slug="river-college")
    own = SiteFactory(name="River main lab", institution=institution)
    SiteFactory(name="Anytown hospital lab")
    program = ProgramFactory(
        institution=institution,
        slug="river-hybrid",
        delivery="hybrid",
        status=PublicationStatus.DRAFT,
        last_verified=date(2020, 1, 1),
    )
    LabSessionFactory(program=program, sites=[own])
    return program


def log_in(page, live_server):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/{settings.ADMIN_URL}login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_be_visible()


def test_curator_pages_have_no_axe_violations(page, live_server, listing, axe_violations):
    log_in(page, live_server)
    session = LabSession.objects.get(program=listing)
    paths = [
        reverse("admin:programs_program_change", args=[listing.pk]),
        reverse("admin:programs_labsession_change", args=[session.pk]),
        reverse("admin:programs_program_import"),
        reverse("admin:programs_program_import_format"),
        reverse("admin:programs_program_history", args=[listing.pk]),
    ]
    problems = {}
    for path in paths:
        page.goto(live_server.url + path)
        expect(page.locator("#content")).to_be_visible()
        if found := axe_violations(page):
            problems[path] = found
    assert problems == {}


def test_publishing_a_stale_listing_shows_the_recheck_box(
    page, live_server, listing, axe_violations
):
    log_in(page, live_server)
    page.goto(live_server.url + reverse("admin:programs_program_change", args=[listing.pk]))
    page.select_option("#id_status", PublicationStatus.PUBLISHED)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".errorlist").first).to_contain_text("more than a year ago")
    assert axe_violations(page) == []
    page.get_by_label("I have re-checked this listing against the school's pages today").check()
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    listing.refresh_from_db()
    assert listing.status == PublicationStatus.PUBLISHED


def test_sites_can_be_chosen_without_javascript(nojs_page, live_server, listing):
    page = nojs_page
    log_in(page, live_server)
    session = LabSession.objects.get(program=listing)
    page.goto(live_server.url + reverse("admin:programs_labsession_change", args=[session.pk]))
    sites = page.locator("#id_sites")
    expect(sites.locator("optgroup").first).to_have_attribute("label", "Sites of River College")
    expect(page.locator("#add_id_sites")).to_be_visible()
    sites.select_option(
        label=[o for o in sites.locator("option").all_inner_texts() if "Anytown" in o]
    )
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert [s.name for s in session.sites.all()] == ["Anytown hospital lab"]
    record = session.history.first()
    assert (
        record.history_change_reason == "Sites: added Anytown hospital lab; removed River main lab"
    )
    assert Program.objects.get(pk=listing.pk).status == PublicationStatus.DRAFT


def test_the_format_help_reads_without_javascript(nojs_page, live_server, listing):
    page = nojs_page
    log_in(page, live_server)
    page.goto(live_server.url + reverse("admin:programs_program_import"))
    page.get_by_role("link", name="the import format help").click()
    expect(page.locator("h1")).to_have_text("The program file: importing and exporting listings")
    expect(page.get_by_role("heading", name="Lab sessions (lab_sessions)")).to_be_visible()
