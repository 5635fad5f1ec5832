"""The three journeys (issue #14) in a real browser, at phone and desktop widths, with and
without JavaScript: how the keywords were read, results before the filters, the compare
page with distances and only the rows that differ, and no Content-Security-Policy
violation (caught as `securitypolicyviolation` events, not only console text)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.usefixtures("demo_data")

WIDTHS = [390, 1280]
WATCH = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__csp.push("
    "e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));"
)
COMPARE = "/programs/compare/?programs=buckeye-valley-cc-certificate,scioto-river-tech-as"


def context(browser, width, js=True):
    ctx = browser.new_context(java_script_enabled=js, viewport={"width": width, "height": 900})
    ctx.add_init_script(WATCH)
    page = ctx.new_page()
    page.set_default_timeout(10_000)
    return ctx, page


def violations(page):
    return page.evaluate("window.__csp || []")


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_have_no_csp_violation_and_no_axe_violation(
    browser, live_server, width, axe_violations
):
    ctx, page = context(browser, width)
    try:
        for path in [
            "/programs/?q=MLT+cincinati",
            "/programs/?q=43215",
            "/programs/?q=%F0%9F%98%80",
            COMPARE + "&zip=43215&differences=1",
        ]:
            page.goto(live_server.url + path)
            expect(page.locator("h1")).to_be_visible()
            assert axe_violations(page) == [], path
            assert no_sideways_scroll(page), path
            assert violations(page) == [], path
        # Live search and adding to the shortlist under the policy.
        page.goto(live_server.url + "/programs/")
        page.locator("#id_q").fill("Cincinati")
        page.wait_for_url("**q=Cincinati**")
        expect(page.locator("#results .search-note")).to_contain_text("cincinnati")
        page.locator(".shortlist-toggle button").first.click()
        expect(page.locator("#shortlist-nav")).to_contain_text("Shortlist (1")
        assert violations(page) == []
    finally:
        ctx.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_show_programs_lands_on_the_results_at_a_clean_address(
    browser, live_server, width
):
    ctx, page = context(browser, width, js=False)
    try:
        page.goto(live_server.url + "/programs/")
        page.fill("#id_q", "certificate")
        page.get_by_role("button", name="Show programs").click()
        page.wait_for_url("**/programs/?q=certificate#results")
        assert "zip=" not in page.url and "sort=" not in page.url
        expect(page.locator("#results .program-list li").first).to_be_in_viewport()
        if width == 390:
            # Results come before the filters; a labelled link near the top of the
            # page leads to the filters.
            page.goto(live_server.url + "/programs/")
            link = page.get_by_role("link", name="Filter programs")
            expect(link).to_be_in_viewport()
            results_top = page.locator("#results").bounding_box()["y"]
            assert results_top < page.locator("#filters").bounding_box()["y"]
    finally:
        ctx.close()


def test_with_javascript_show_programs_moves_focus_to_the_results(browser, live_server):
    ctx, page = context(browser, 390)
    try:
        page.goto(live_server.url + "/programs/#filters")
        page.fill("#id_zip", "43215")
        page.get_by_role("button", name="Show programs").click()
        page.wait_for_url("**zip=43215**")
        expect(page.locator("#results-heading")).to_be_focused()
        expect(page.locator("#result-status")).to_be_in_viewport()
        assert "q=" not in page.url  # empty parameters left out
    finally:
        ctx.close()


def test_the_first_tab_stops_reach_the_results(browser, live_server):
    ctx, page = context(browser, 1280)
    try:
        page.goto(live_server.url + "/programs/")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "Skip to the results"
        page.keyboard.press("Enter")
        # A jump within the page reaches page.url a moment later: wait for it.
        expect(page).to_have_url(re.compile(r"/programs/#results$"))
    finally:
        ctx.close()


@pytest.mark.parametrize("js", [True, False])
def test_compare_carries_the_zip_and_shows_only_differences(browser, live_server, js):
    ctx, page = context(browser, 390, js=js)
    try:
        page.goto(live_server.url + "/programs/?zip=43215")
        for count in (1, 2):
            page.locator("#results a.compare-toggle", has_text="Add to compare").first.click()
            expect(page.locator("#compare-tray .compare-tray-name")).to_have_count(count)
        page.get_by_role("link", name="Compare 2 programs").click()
        page.wait_for_url("**/programs/compare/**zip=43215**")
        expect(page.locator("th[scope=row]", has_text="Farthest campus trip")).to_have_count(1)
        expect(page.locator(".compare-school").first).to_be_visible()
        page.check("#compare-differences")
        page.get_by_role("button", name="Update the comparison").click()
        page.wait_for_url("**differences=1**")
        expect(page.get_by_text("Showing only the rows that differ")).to_be_visible()
        assert no_sideways_scroll(page)
        assert violations(page) == []
    finally:
        ctx.close()


@pytest.mark.parametrize("js", [True, False])
def test_a_listing_with_long_addresses_and_fees_fits_a_phone(
    browser, live_server, js, axe_violations
):
    """A school's long web address wraps instead of widening the page, and the fees row
    says what the school publishes."""
    from programs.tests.factories import ProgramFactory

    long_url = "https://www.college.example/programs/" + "medical-laboratory-technology-" * 3
    ProgramFactory(
        slug="long-addresses",
        program_url=long_url,
        source_url=long_url + "outcomes",
        tuition_total=11771,
        fees_in_tuition=True,
    )
    ctx, page = context(browser, 390, js=js)
    try:
        page.goto(live_server.url + "/programs/long-addresses/?zip=43215")
        expect(
            page.locator("dl.facts dd", has_text="Included in the tuition figure")
        ).to_be_visible()
        assert no_sideways_scroll(page)
        if js:
            assert axe_violations(page) == []
            assert violations(page) == []
    finally:
        ctx.close()
