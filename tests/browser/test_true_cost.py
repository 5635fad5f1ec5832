"""The whole-cost section in a real browser: the map and the estimate at phone and desktop
widths, the estimate form without JavaScript, and axe-core on the pages that show them."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.usefixtures("demo_data")

# A demo program with weekend labs at its Cincinnati campus, about 100 miles from 43210.
DETAIL = "/programs/queen-city-state-college-as/?zip=43210"


@pytest.mark.parametrize("width", [390, 1280])
def test_detail_map_and_estimate_have_no_axe_violations(
    browser, live_server, axe_violations, width
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        assert page.goto(live_server.url + DETAIL).status == 200
        section = page.locator("section", has=page.locator("#cost-heading"))
        expect(section).to_contain_text("nights away")
        svg = section.locator(".travel-map svg")
        expect(svg).to_be_visible()
        box = svg.bounding_box()
        assert box["width"] <= width  # never wider than the phone
        assert section.locator(".travel-map circle").count() >= 1
        expect(section.locator(".map-places")).to_contain_text("Your ZIP code 43210")
        # The page never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []
        # The same with the "use your own figures" form open.
        section.locator("summary", has_text="Use your own figures").click()
        assert axe_violations(page) == []
    finally:
        context.close()


def test_estimate_form_works_without_javascript(nojs_page, live_server):
    page = nojs_page
    page.goto(live_server.url + DETAIL)
    page.locator("summary", has_text="Use your own figures").click()
    page.locator("#id_lodging_rate").fill("0")
    page.locator("#id_overnight").fill("150")
    page.get_by_role("button", name="Update the estimate").click()
    expect(page).to_have_url(re.compile(r".*zip=43210.*lodging_rate=0.*"))
    section = page.locator("section", has=page.locator("#cost-heading"))
    expect(section).to_contain_text("no nights away")
    expect(section.locator(".estimate")).to_contain_text("0 nights x $0 per night")
    expect(section.locator(".estimate")).to_contain_text("Your figure")
