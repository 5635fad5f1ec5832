"""The compare tray on the directory (issue #14), at phone and desktop widths, with and
without JavaScript: a tick on page 1 and another on page 2 both stay in the tray, a filter
or sort keeps them, the tray's button opens the compare page with both, the phone's first
screen still shows results, and no axe-core or Content-Security-Policy violation."""

import re

import pytest
from playwright.sync_api import expect

from .test_directory import tick
from .test_journeys import context, no_sideways_scroll, violations

pytestmark = pytest.mark.usefixtures("demo_data")

WIDTHS = [390, 1280]


def tray_names(page):
    return page.locator("#compare-tray .compare-tray-name")


def add_first_unchosen(page, count: int) -> tuple[str, str]:
    """Tick the first card not yet chosen; wait until the tray holds `count` programs.
    Returns the card's program name and school."""
    card = page.locator("#results .program-card", has=page.locator("a", has_text="Add to compare"))
    card = card.first
    name = card.locator(".card-title").inner_text()
    school = card.locator(".institution").inner_text().split(",")[0]
    card.locator("a.compare-toggle").click()
    expect(tray_names(page)).to_have_count(count)
    return name, school


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("width", WIDTHS)
def test_ticks_on_two_pages_stay_in_the_tray_and_open_the_compare_page(
    browser, live_server, width, js, axe_violations
):
    ctx, page = context(browser, width, js=js)
    try:
        page.goto(live_server.url + "/programs/")
        tray = page.locator("#compare-tray")
        expect(tray).to_contain_text("Your comparison (0 of 4)")
        expect(page.get_by_role("button", name="Compare")).to_be_disabled()

        first = add_first_unchosen(page, 1)
        expect(tray).to_contain_text("Add at least one more program")
        expect(page).to_have_url(re.compile(r"[?&]compare="))

        page.locator("nav[aria-label='Pages of results'] a[rel=next]").click()
        expect(page.locator("#result-status")).to_contain_text("page 2 of")
        expect(tray_names(page)).to_have_text([first[0]])

        second = add_first_unchosen(page, 2)
        expect(tray_names(page)).to_have_text([first[0], second[0]])
        expect(tray.locator(".compare-tray-school")).to_have_text([first[1], second[1]])
        expect(page.locator("#result-status")).to_contain_text("page 2 of")

        if width == 390:
            # The tray is a bar at the foot of the screen: the first result is still on the
            # first screen, above the bar.
            bar = tray.bounding_box()
            card = page.locator("#results .program-card").first
            page.evaluate("window.scrollTo(0, 0)")
            top = card.bounding_box()["y"]
            assert top < bar["y"], (top, bar)
            assert bar["y"] + bar["height"] <= 900 + 1
        assert no_sideways_scroll(page)
        if js:  # axe-core runs in the page: it needs JavaScript (the markup is the same)
            assert axe_violations(page) == []

        page.get_by_role("link", name="Compare 2 programs").click()
        page.wait_for_url("**/programs/compare/**")
        expect(page.locator("table.compare-table thead th[scope=col] > a")).to_have_text(
            [first[0], second[0]]
        )
        assert violations(page) == []
    finally:
        ctx.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_a_filter_sort_and_removal_keep_the_rest_of_the_tray(browser, live_server, js):
    ctx, page = context(browser, 1280, js=js)
    try:
        page.goto(live_server.url + "/programs/")
        first = add_first_unchosen(page, 1)
        second = add_first_unchosen(page, 2)

        page.locator("#id_sort").select_option("tuition")
        if not js:
            page.get_by_role("button", name="Show programs").click()
        expect(page).to_have_url(re.compile(r"sort=tuition"))
        expect(tray_names(page)).to_have_text([first[0], second[0]])

        tick(page, "delivery", "online")
        if not js:
            page.get_by_role("button", name="Show programs").click()
        expect(page).to_have_url(re.compile(r"delivery=online"))
        expect(tray_names(page)).to_have_text([first[0], second[0]])

        page.get_by_role("link", name=f"Remove {first[0]} from your comparison").first.click()
        expect(tray_names(page)).to_have_text([second[0]])
        if js:
            # Focus lands on the tray, not lost at the top of the page.
            # (after htmx settles the swap: wait for it, do not read it at once)
            expect(page.locator("#compare-tray-heading")).to_be_focused()
        expect(page).to_have_url(
            re.compile(r"sort=tuition.*delivery=online|delivery=online.*sort=tuition")
        )
        assert violations(page) == []
    finally:
        ctx.close()
