"""In a real browser: no Content-Security-Policy violations anywhere, and XSS payloads typed
into every field a visitor or curator can fill render as text (no script runs)."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from programs.tests.factories import LabSessionFactory, ProgramFactory, UserFactory

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "data" / "xss_payloads.txt").read_text().splitlines()
    if line and not line.startswith("#")
]


def watch(page):
    """Collect CSP violations and any sign that injected script ran."""
    seen = {"csp": [], "dialogs": []}
    page.on(
        "console",
        lambda m: seen["csp"].append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    return seen


def xss_ran(page) -> bool:
    return bool(page.evaluate("() => window.__xss === 1"))


def test_no_csp_violations_on_public_pages_and_admin(page, live_server, demo_data):
    seen = watch(page)
    paths = [
        "/",
        "/programs/",
        "/programs/buckeye-valley-cc-certificate/?zip=43210",
        "/programs/compare/?programs=buckeye-valley-cc-certificate,scioto-river-tech-as",
        "/careers/",
        "/careers/salary/",
        "/careers/eligibility/?degree=associate",
        "/shortlists/",
        f"/{settings.ADMIN_URL}login/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        expect(page.locator("body")).to_be_visible()
    # Live filtering (htmx) under the policy.
    page.goto(live_server.url + "/programs/")
    page.locator("#id_q").fill("Dayton")
    page.wait_for_url("**q=Dayton**")
    expect(page.locator("#result-status")).to_contain_text("program")
    # The admin under the policy.
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/{settings.ADMIN_URL}login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/{settings.ADMIN_URL}programs/program/")
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("#program_form")).to_be_visible()
    assert seen["csp"] == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payloads_render_as_text(page, live_server, transactional_db, payload):
    seen = watch(page)
    session = LabSessionFactory(
        program__name=f"MLT {payload}",
        program__slug="xss-program",
        program__description=payload,
        program__prerequisites=payload,
        program__start_terms=payload[:100],
        program__institution__name=f"College {payload}"[:200],
        notes=payload[:300],
    )
    ProgramFactory(slug="plain-program", name="Plain program")
    session.sites.first().__class__.objects.update(name=f"Lab {payload}"[:200])

    # Visitor input: keywords, ZIP, compare slugs, shortlist title and note.
    page.goto(f"{live_server.url}/programs/?q={payload[:150]}&zip={payload[:10]}")
    expect(page.locator("#id_q")).to_have_value(payload[:150])
    page.goto(f"{live_server.url}/programs/?q=MLT")
    expect(page.locator("#results")).to_contain_text(payload)
    page.goto(f"{live_server.url}/programs/xss-program/")
    expect(page.locator("main")).to_contain_text(payload)
    page.goto(f"{live_server.url}/programs/compare/?programs=xss-program,{payload[:40]}")
    expect(page.locator("main")).to_contain_text("Compare programs")
    page.goto(f"{live_server.url}/programs/xss-program/")
    page.get_by_role("button", name="Add to shortlist").first.click()
    page.goto(f"{live_server.url}/shortlists/")
    page.get_by_label("Title").fill(payload[:120])
    page.get_by_label("Note").fill(payload)
    page.get_by_role("button", name="Share").first.click()
    expect(page.locator("main")).to_contain_text(payload[:120])
    assert not xss_ran(page)
    assert seen["dialogs"] == []
