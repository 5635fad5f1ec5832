"""A student copies a shared list into their own shortlist, on a phone and a desktop, with
and without JavaScript; the list page and the shared page link to their Atom feeds."""

import re

import pytest
from playwright.sync_api import expect

from shortlists.tests.factories import shared_list

WIDTHS = {
    390: {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    1280: {"viewport": {"width": 1280, "height": 900}},
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def open_page(browser):
    contexts = []

    def make(width: int, javascript: bool):
        context = browser.new_context(java_script_enabled=javascript, **WIDTHS[width])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_student_copies_a_shared_list_to_their_shortlist(
    live_server, transactional_db, open_page, axe_violations, width, javascript
):
    shortlist, secret = shared_list()
    names = [item.program_name for item in shortlist.items.order_by("position")]
    page = open_page(width, javascript)
    page.goto(live_server.url + shortlist.get_absolute_url())
    expect(page.locator("#shortlist-nav")).to_contain_text("Shortlist (0")
    button = page.get_by_role("button", name="Copy to my shortlist")
    expect(button).to_be_visible()
    expect(page.get_by_role("link", name="Follow changes to this list (Atom feed)")).to_be_visible()
    if javascript:  # axe and layout checks run scripts: the same HTML is checked with JS on
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways
        assert axe_violations(page) == []

    button.click()
    expect(page).to_have_url(f"{live_server.url}/shortlists/")
    expect(page.locator(".messages")).to_contain_text("Copied 4 programs from the shared list.")
    expect(page.locator(".shortlist-item-title")).to_have_text(names)
    expect(page.locator("#shortlist-nav")).to_contain_text("Shortlist (4")
    assert secret not in page.content()
    if javascript:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []

    # Copying again adds nothing twice, and says so.
    page.goto(live_server.url + shortlist.get_absolute_url())
    page.get_by_role("button", name="Copy to my shortlist").click()
    expect(page.locator(".messages")).to_contain_text("Copied 0 programs from the shared list.")
    expect(page.locator(".messages")).to_contain_text("4 were already on your shortlist")
    expect(page.locator(".shortlist-item")).to_have_count(4)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_list_page_offers_the_feed_of_its_search(
    live_server, demo_data, open_page, axe_violations, width
):
    page = open_page(width, True)
    page.goto(live_server.url + "/programs/?delivery=online")
    link = page.get_by_role("link", name="Follow this search (Atom feed)")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "/programs/feed/?delivery=online")
    head = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    expect(head).to_have_attribute("href", "/programs/feed/?delivery=online")
    assert axe_violations(page) == []
    feed = page.request.get(live_server.url + "/programs/feed/?delivery=online")
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert "<entry>" in feed.text()
    # Changing a filter with htmx updates the link with the results.
    page.goto(live_server.url + "/programs/")
    box = page.locator("#filters input[name='delivery'][value='hybrid']")
    facet = box.locator("xpath=ancestor::details[1]")
    if facet.get_attribute("open") is None:
        facet.locator("summary").click()
    box.check()
    expect(page.get_by_role("link", name="Follow this search (Atom feed)")).to_have_attribute(
        "href", re.compile(r"^/programs/feed/\?.*delivery=hybrid")
    )
