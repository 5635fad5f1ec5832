"""The program directory in a real browser: search, filters, ZIP radius, sorting, pages,
compare, back and forward, the same flows without JavaScript, and axe-core checks.

Expected results come from fixtures/demo_programs.json read directly (with the ZIP
look-up from programs.geo), not from the FilterSet under test.
"""

import json
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from programs import geo

pytestmark = pytest.mark.usefixtures("demo_data")

DEMO_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "demo_programs.json"
COLUMBUS = "43210"
ASSOCIATE = ("aas", "as", "aos")
NAACLS_STATUSES = ("initial", "continuing", "probation", "inactive")
DISTANCE_RE = re.compile(r"about ([\d,]+) miles? in a straight line")
PASS_RATE_RE = re.compile(r"^(\d+)% \(\d{4}\)$")


# --- Expected results, straight from the demo fixture ----------------------------------------


@cache
def demo() -> dict:
    return json.loads(DEMO_FIXTURE.read_text())


def published() -> list[dict]:
    return [p for p in demo()["programs"] if p["status"] == "published"]


def all_sessions_within(program: dict, zip_code: str, miles: float) -> bool:
    """No campus sessions, or every session has at least one site within `miles`."""
    origin = geo.lookup_zip(zip_code)
    site_zip = {site["name"]: site["zip_code"] for site in demo()["sites"]}

    def distance(site_name: str) -> float:
        place = geo.lookup_zip(site_zip[site_name])
        return geo.haversine_miles(
            origin.latitude, origin.longitude, place.latitude, place.longitude
        )

    return all(
        any(distance(name) <= miles for name in session["sites"])
        for session in program["lab_sessions"]
    )


def in_city(city: str) -> set[str]:
    """Slugs of published programs run by an institution in `city`."""
    schools = {i["slug"] for i in demo()["institutions"] if i["city"] == city}
    return {p["slug"] for p in published() if p["institution"] in schools}


def pages_of(count: int) -> int:
    return -(-count // settings.PROGRAMS_PER_PAGE)


def hybrid_count_text(page_number: int) -> str:
    count = sum(1 for p in published() if p["delivery"] == "hybrid")
    assert pages_of(count) == 2, "the demo data should give two pages of hybrid programs"
    return f"{count} programs, page {page_number} of 2"


def enrols(program: dict, state: str) -> bool:
    return state not in {r["state"] for r in program["cannot_enrol"]}


# --- Reading the page -----------------------------------------------------------------------


def open_directory(page, live_server, query: str = ""):
    page.goto(f"{live_server.url}/programs/{query}")
    expect(result_count(page)).to_be_visible()


def result_count(page):
    return page.locator("#result-status[role=status]")


def total(page) -> int:
    text = result_count(page).inner_text()
    if text.startswith("No programs"):
        return 0
    match = re.match(r"(\d+) programs?\b", text)
    assert match, f"unexpected result count {text!r}"
    return int(match.group(1))


def card_names(page) -> list[str]:
    return page.locator("#results .program-card .card-title").all_inner_texts()


def card_slugs(page) -> list[str]:
    """The slugs of the result cards in order, from their "Add to compare" links."""
    return page.locator("#results .program-card a.compare-toggle").evaluate_all(
        "links => links.map(a => a.id.replace(/^compare-/, ''))"
    )


def add_to_compare(page, slug: str, count: int):
    """Tick a card's compare box and wait for the tray to hold `count` programs."""
    page.locator(f"#results a#compare-{slug}").click()
    expect(page.locator("#compare-tray .compare-tray-name")).to_have_count(count)


def card_facts(page, term: str) -> list[str]:
    return page.locator(f"#results .program-card dt:text-is('{term}') + dd").all_inner_texts()


def lab_distances(page) -> list[int]:
    summaries = page.locator("#results .program-card .lab-summary li").all_inner_texts()
    return [int(m.group(1).replace(",", "")) for s in summaries for m in DISTANCE_RE.finditer(s)]


def assert_all_within(distances: list[int], miles: int):
    assert distances, "no distances shown on the lab summaries"
    assert max(distances) <= miles, distances


def pass_rates(page) -> list[int | None]:
    rates = []
    for text in card_facts(page, "Pass rate"):
        if text == "Not published by the school":
            rates.append(None)
        else:
            match = PASS_RATE_RE.match(text)
            assert match, f"unexpected pass rate {text!r}"
            rates.append(int(match.group(1)))
    return rates


def assert_highest_pass_rate_first(rates: list[int | None]):
    published_rates = [r for r in rates if r is not None]
    assert published_rates, "no pass rates shown"
    assert published_rates == sorted(published_rates, reverse=True)
    # Programs without a published rate come last.
    assert rates == published_rates + [None] * (len(rates) - len(published_rates))


def all_pages(page, read):
    """`read(page)` on this page of results and each following one (via "Next")."""
    found = list(read(page))
    pages = page.locator("nav[aria-label='Pages of results']")
    while pages.count() and pages.get_by_role("link", name=re.compile("^Next")).count():
        before = result_count(page).inner_text()
        pages.get_by_role("link", name=re.compile("^Next")).click()
        expect(result_count(page)).not_to_have_text(before)
        found += read(page)
    return found


# --- Using the form -------------------------------------------------------------------------


def tick(page, name: str, value: str):
    """Open the facet's <details> if it is closed, then tick the option."""
    box = page.locator(f"#filters input[name='{name}'][value='{value}']")
    facet = box.locator("xpath=ancestor::details[1]")
    if facet.get_attribute("open") is None:
        facet.locator("summary").click()
    box.check()


def has_param(name: str, value: str) -> re.Pattern:
    # The form without JavaScript goes to #results: a fragment may follow the query.
    return re.compile(rf"[?&]{re.escape(name)}={re.escape(value)}(&|#|$)")


def htmx_idle(page):
    """Wait until htmx has no request in flight and has finished swapping and settling."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def live_update(page, change, *, expect_param: tuple[str, str], count_changes: bool = True):
    """Make a change with htmx on and wait until the results for it are on the page."""
    before = result_count(page).inner_text()
    change()
    expect(page).to_have_url(has_param(*expect_param))
    htmx_idle(page)
    if count_changes:
        expect(result_count(page)).not_to_have_text(before)


def show_programs(page):
    """Without JavaScript: press the form's submit button and wait for the new page."""
    with page.expect_navigation():
        page.locator("#filters").get_by_role("button", name="Show programs").click()


# --- With JavaScript (htmx) -----------------------------------------------------------------


def test_keyword_search_updates_results_and_address(page, live_server):
    open_directory(page, live_server)
    assert total(page) == len(published())

    page.locator("#id_q").press_sequentially("Dayton")

    expect(page).to_have_url(has_param("q", "Dayton"))
    dayton = in_city("Dayton")
    expect(result_count(page)).to_have_text(f"{len(dayton)} programs")
    assert set(card_slugs(page)) == dayton
    # The results changed under the person's cursor; the keyword box keeps focus.
    expect(page.locator("#id_q")).to_be_focused()


def test_ticking_a_filter_narrows_results_and_the_address_can_be_shared(page, browser, live_server):
    open_directory(page, live_server)
    everything = total(page)

    live_update(page, lambda: tick(page, "delivery", "hybrid"), expect_param=("delivery", "hybrid"))

    hybrid = [p for p in published() if p["delivery"] == "hybrid"]
    assert total(page) == len(hybrid) < everything
    count_text = result_count(page).inner_text()
    names = card_names(page)
    assert names

    colleague = browser.new_context()
    try:
        shared = colleague.new_page()
        shared.goto(page.url)
        expect(result_count(shared)).to_have_text(count_text)
        assert card_names(shared) == names
        expect(shared.locator("#filters input[name=delivery][value=hybrid]")).to_be_checked()
    finally:
        colleague.close()


def test_zip_radius_keeps_programs_whose_campus_sessions_are_within_reach(page, live_server):
    open_directory(page, live_server)

    page.locator("#id_zip").fill(COLUMBUS)
    live_update(
        page, lambda: page.select_option("#id_radius", "150"), expect_param=("radius", "150")
    )

    expect(result_count(page)).to_contain_text(
        f"within 150 miles (in a straight line) of {COLUMBUS} (Columbus, OH)"
    )
    expect(page).to_have_url(has_param("zip", COLUMBUS))
    within = [p for p in published() if all_sessions_within(p, COLUMBUS, 150)]
    assert 0 < len(within) < len(published())
    assert total(page) == len(within)

    assert_all_within(all_pages(page, lab_distances), 150)


def test_unknown_zip_shows_an_error(page, live_server):
    open_directory(page, live_server, "?zip=43210")
    page.locator("#id_zip").fill("00000")
    page.locator("#id_zip").press("Tab")
    expect(page).to_have_url(has_param("zip", "00000"))
    htmx_idle(page)
    # The results no longer claim to be near 43210 ...
    expect(result_count(page)).not_to_contain_text("43210")

    # ... and the person is told why, with focus on the error summary.
    expect(page.locator("#id_zip_error")).to_have_text(
        "Enter a 5-digit US ZIP code that exists, for example 43210."
    )
    expect(page.locator(".error-summary")).to_be_focused()
    # Correcting the ZIP clears the errors.
    page.locator("#id_zip").fill(COLUMBUS)
    page.locator("#id_zip").press("Tab")
    expect(result_count(page)).to_contain_text(f"of {COLUMBUS}")
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(page.locator(".field-error")).to_have_count(0)


def test_sort_by_pass_rate_puts_the_highest_first(page, live_server):
    open_directory(page, live_server)

    live_update(
        page,
        lambda: page.select_option("#id_sort", "pass_rate"),
        expect_param=("sort", "pass_rate"),
        count_changes=False,  # same programs, new order
    )

    rates = all_pages(page, pass_rates)
    assert len(rates) == len(published())
    assert_highest_pass_rate_first(rates)


def test_pagination_keeps_the_other_parameters_and_clamps_the_page(page, live_server):
    open_directory(page, live_server, "?delivery=hybrid&sort=tuition")
    expect(result_count(page)).to_have_text(hybrid_count_text(1))
    first_page = card_slugs(page)

    page.locator("nav[aria-label='Pages of results']").get_by_role("link", name="Page 2").click()

    expect(result_count(page)).to_have_text(hybrid_count_text(2))
    for name, value in [("delivery", "hybrid"), ("sort", "tuition"), ("page", "2")]:
        expect(page).to_have_url(has_param(name, value))
    second_page = card_slugs(page)
    assert second_page and not set(second_page) & set(first_page)

    response = page.goto(f"{live_server.url}/programs/?delivery=hybrid&sort=tuition&page=999")
    assert response.status == 200
    expect(result_count(page)).to_have_text(hybrid_count_text(2))
    assert card_slugs(page) == second_page


def test_compare_two_ticked_programs(page, live_server):
    open_directory(page, live_server)
    cards = page.locator("#results .program-card")
    chosen = [cards.nth(0), cards.nth(3)]
    slugs = [card_slugs(page)[i] for i in (0, 3)]
    names = [card.locator(".card-title").inner_text() for card in chosen]
    schools = [card.locator(".institution").inner_text() for card in chosen]

    for count, slug in enumerate(slugs, start=1):
        add_to_compare(page, slug, count)
    page.get_by_role("link", name="Compare 2 programs").click()

    expect(page).to_have_url(re.compile(r"/programs/compare/\?"))
    # The tray's button sends the chosen programs as one list, in the order they were ticked.
    expect(page).to_have_url(has_param("programs", ",".join(slugs)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare programs")
    table = page.locator("table.compare-table")
    expect(table.locator("thead th[scope=col] > a")).to_have_text(names)
    expect(
        table.locator("tr", has=page.locator("th:text-is('Institution')")).locator("td")
    ).to_have_text(schools)


def test_compare_reports_unknown_programs(page, live_server):
    page.goto(
        f"{live_server.url}/programs/compare/?programs=buckeye-valley-cc-certificate,no-such-program"
    )

    expect(page.get_by_role("alert")).to_contain_text("no-such-program")
    expect(page.locator("table.compare-table thead th[scope=col]")).to_have_count(1)


def test_back_and_forward_restore_earlier_results(page, live_server):
    open_directory(page, live_server)
    hybrid = page.locator("#filters input[name=delivery][value=hybrid]")
    aas = page.locator("#filters input[name=credential][value=aas]")

    live_update(page, lambda: tick(page, "delivery", "hybrid"), expect_param=("delivery", "hybrid"))
    first_url, first_count = page.url, result_count(page).inner_text()
    live_update(page, lambda: tick(page, "credential", "aas"), expect_param=("credential", "aas"))
    second_url, second_count = page.url, result_count(page).inner_text()
    assert first_count != second_count

    page.go_back()
    expect(page).to_have_url(first_url)
    expect(result_count(page)).to_have_text(first_count)
    expect(hybrid).to_be_checked()
    expect(aas).not_to_be_checked()

    page.go_forward()
    expect(page).to_have_url(second_url)
    expect(result_count(page)).to_have_text(second_count)
    expect(aas).to_be_checked()


def done_when_scenario(page, *, javascript: bool):
    """NAACLS-accredited associate programs that enrol Ohio residents, every campus session
    within 150 miles of 43210, sorted by pass rate: the issue's "done when"."""
    steps = [("agency", "naacls")]
    steps += [("accreditation", status) for status in NAACLS_STATUSES]
    steps += [("credential", credential) for credential in ASSOCIATE]
    for name, value in steps:
        tick(page, name, value)
        if javascript:
            expect(page).to_have_url(has_param(name, value))
    page.select_option("#id_enrolls", "OH")
    page.locator("#id_zip").fill(COLUMBUS)
    page.select_option("#id_radius", "150")
    page.select_option("#id_sort", "pass_rate")
    if javascript:
        expect(page).to_have_url(has_param("sort", "pass_rate"))
    else:
        show_programs(page)
    expect(result_count(page)).to_contain_text(
        f"within 150 miles (in a straight line) of {COLUMBUS}"
    )


def done_when_expected() -> set[str]:
    candidates = [
        p
        for p in published()
        if p["accreditation_agency"] == "naacls"
        and p["accreditation_status"] in NAACLS_STATUSES
        and p["credential"] in ASSOCIATE
        and all_sessions_within(p, COLUMBUS, 150)
    ]
    expected = {p["slug"] for p in candidates if enrols(p, "OH")}
    # The demo data must exercise the residence filter, or this scenario proves little.
    assert expected < {p["slug"] for p in candidates}
    return expected


def assert_done_when_results(page):
    expected = done_when_expected()
    expect(result_count(page)).to_contain_text(f"{len(expected)} programs with campus sessions")
    assert set(card_slugs(page)) == expected
    assert_highest_pass_rate_first(pass_rates(page))
    assert set(card_facts(page, "Credential")) <= {
        "Associate of Applied Science (AAS)",
        "Associate of Science (AS)",
        "Associate of Occupational Studies (AOS)",
    }
    assert_all_within(lab_distances(page), 150)


def test_done_when_scenario_and_its_shared_address(page, browser, live_server):
    open_directory(page, live_server)

    done_when_scenario(page, javascript=True)

    assert_done_when_results(page)
    for name, value in [("agency", "naacls"), ("enrolls", "OH"), ("zip", COLUMBUS)]:
        expect(page).to_have_url(has_param(name, value))
    count_text, slugs = result_count(page).inner_text(), card_slugs(page)

    colleague = browser.new_context()
    try:
        shared = colleague.new_page()
        shared.goto(page.url)
        expect(result_count(shared)).to_have_text(count_text)
        assert card_slugs(shared) == slugs
        expect(shared.locator("#id_sort")).to_have_value("pass_rate")
        expect(shared.locator("#id_enrolls")).to_have_value("OH")
    finally:
        colleague.close()


# --- Without JavaScript ---------------------------------------------------------------------


def test_without_javascript_search_and_filter(nojs_page, live_server):
    page = nojs_page
    open_directory(page, live_server)

    page.locator("#id_q").fill("Dayton")
    show_programs(page)

    expect(page).to_have_url(has_param("q", "Dayton"))
    dayton = in_city("Dayton")
    assert set(card_slugs(page)) == dayton

    page.locator("#id_q").fill("")
    tick(page, "delivery", "hybrid")
    show_programs(page)

    expect(page).to_have_url(has_param("delivery", "hybrid"))
    expect(result_count(page)).to_have_text(hybrid_count_text(1))


def test_without_javascript_zip_radius_sort_and_pages(nojs_page, live_server):
    page = nojs_page
    open_directory(page, live_server)

    page.locator("#id_zip").fill(COLUMBUS)
    page.select_option("#id_radius", "150")
    page.select_option("#id_sort", "pass_rate")
    show_programs(page)

    expect(result_count(page)).to_contain_text(
        f"within 150 miles (in a straight line) of {COLUMBUS}"
    )
    within = [p for p in published() if all_sessions_within(p, COLUMBUS, 150)]
    assert total(page) == len(within)
    assert page.locator("nav[aria-label='Pages of results']").count() == 1
    rates = all_pages(page, pass_rates)
    assert len(rates) == len(within)
    assert_highest_pass_rate_first(rates)
    for name, value in [("zip", COLUMBUS), ("radius", "150"), ("sort", "pass_rate"), ("page", "2")]:
        expect(page).to_have_url(has_param(name, value))
    assert_all_within(lab_distances(page), 150)


def test_without_javascript_unknown_zip_shows_an_error(nojs_page, live_server):
    page = nojs_page
    open_directory(page, live_server)

    page.locator("#id_zip").fill("00000")
    show_programs(page)

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem with your search")
    expect(summary).to_contain_text("Enter a 5-digit US ZIP code that exists")
    expect(page.locator("#id_zip_error")).to_be_visible()


def test_without_javascript_done_when_scenario_and_compare(nojs_page, live_server):
    page = nojs_page
    open_directory(page, live_server)

    done_when_scenario(page, javascript=False)

    assert_done_when_results(page)
    slugs, names = card_slugs(page)[:2], card_names(page)[:2]
    for count, slug in enumerate(slugs, start=1):
        add_to_compare(page, slug, count)
    with page.expect_navigation():
        page.get_by_role("link", name="Compare 2 programs").click()
    # The tray's button sends the chosen programs as one list, in the order they were ticked.
    expect(page).to_have_url(has_param("programs", ",".join(slugs)))
    expect(page.locator("table.compare-table thead th[scope=col] > a")).to_have_text(names)


# --- Accessibility (axe-core) ---------------------------------------------------------------


def assert_accessible(found: dict[str, list[str]]):
    """No violations on any page."""
    assert {label: v for label, v in found.items() if v} == {}


# Each page, with text that shows it is the page meant (not an error page).
AXE_PAGES = {
    "list": ("/programs/", "programs, page 1 of"),
    "list with filters": (
        "/programs/?agency=naacls&credential=aas&zip=43210&radius=150&sort=pass_rate",
        "within 150 miles (in a straight line) of 43210",
    ),
    "list with no results": ("/programs/?q=no+such+program+anywhere", "Start again"),
    "list with form errors": (
        "/programs/?zip=00000&max_months=abc",
        "There is a problem with your search",
    ),
    "detail with ZIP": (
        "/programs/buckeye-valley-cc-certificate/?zip=43210",
        "The farthest trip from 43210",
    ),
    "compare": (
        "/programs/compare/?programs=buckeye-valley-cc-certificate,scioto-river-tech-as",
        "Programs side by side",
    ),
    "list with a facet error": ("/programs/?accreditation=bogus", "There is a problem"),
}


def test_directory_pages_have_no_axe_violations(page, live_server, axe_violations):
    found = {}
    for label, (path, text) in AXE_PAGES.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, label
        expect(page.locator("main")).to_contain_text(text)
        found[label] = axe_violations(page)

    # The list after htmx has swapped in new results (and facet counts).
    open_directory(page, live_server)
    page.locator("#id_zip").fill(COLUMBUS)
    live_update(page, lambda: tick(page, "agency", "naacls"), expect_param=("agency", "naacls"))
    expect(result_count(page)).to_contain_text(f"of {COLUMBUS}")
    found["list updated by htmx"] = axe_violations(page)

    assert_accessible(found)


@pytest.mark.parametrize("js", [True, False])
def test_the_error_summary_takes_the_keyboard_to_a_facet_in_error(browser, live_server, js):
    context = browser.new_context(java_script_enabled=js, viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/programs/?accreditation=bogus")
        link = page.locator(".error-summary a[href='#id_accreditation']")
        expect(link).to_be_visible()
        link.focus()
        page.keyboard.press("Enter")
        group = page.locator("fieldset#id_accreditation")
        expect(group).to_be_focused()
        expect(page.locator("#id_accreditation_error")).to_be_visible()
        expect(group).to_have_accessible_description(re.compile("Select a valid choice"))
        page.keyboard.press("Tab")  # on to the facet's first option
        expect(page.locator("input[name=accreditation]").first).to_be_focused()
    finally:
        context.close()
