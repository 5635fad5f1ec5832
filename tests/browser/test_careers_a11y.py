"""The guide in a real browser: axe-core finds no violations, and the checker works without JS."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def guide_axe(axe_violations):
    return axe_violations


GUIDE_SLUGS = [
    "what-an-mlt-does",
    "where-mlts-work",
    "education-and-training",
    "salary",
    "advancing-your-career",
    "certification-and-licensure",
    "choosing-an-online-program",
    "is-this-career-for-you",
]


def test_guide_pages_have_no_guide_axe(page, live_server, demo_data, guide_axe):
    urls = [reverse("careers:index"), reverse("careers:eligibility")] + [
        reverse("careers:page", kwargs={"slug": slug}) for slug in GUIDE_SLUGS
    ]
    found = {}
    for url in urls:
        page.goto(live_server.url + url)
        assert page.locator("h1").count() == 1, url
        violations = guide_axe(page)
        if violations:
            found[url] = violations
    assert found == {}


def test_guide_pages_on_a_phone_have_no_guide_axe(browser, live_server, demo_data, guide_axe):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        for slug in ("salary", "certification-and-licensure"):
            phone.goto(live_server.url + reverse("careers:page", kwargs={"slug": slug}))
            assert guide_axe(phone) == [], slug
            # Nothing wider than the screen: no sideways scrolling on a phone.
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390, slug
    finally:
        context.close()


def test_checker_results_and_errors_have_no_guide_axe(page, live_server, demo_data, guide_axe):
    base = live_server.url + reverse("careers:eligibility")
    page.goto(
        base + "?associate_degree=yes&college_accredited=yes&mlt_program=naacls"
        "&program_credential=degree&program_month=5&program_year=2024&military=no"
    )
    assert page.get_by_role("heading", name="Your results").is_visible()
    assert guide_axe(page) == []
    page.goto(base + "?semester_hours=lots&military=yes")
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert guide_axe(page) == []


def test_self_check_result_has_no_guide_axe(page, live_server, demo_data, guide_axe):
    url = reverse("careers:page", kwargs={"slug": "is-this-career-for-you"})
    page.goto(live_server.url + url)
    page.get_by_role(
        "group", name="I enjoy science, especially chemistry and biology"
    ).get_by_label("Yes").check()
    page.get_by_role(
        "group", name="I am careful with detail, even on the hundredth sample of the day"
    ).get_by_label("Yes").check()
    page.get_by_role("group", name="I am happy to work behind the scenes").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("button", name="See what your answers suggest").click()
    assert page.get_by_role("heading", name="Some parts of the job may not suit you").is_visible()
    assert page.url.endswith("#self-check-result")
    assert guide_axe(page) == []


def test_eligibility_checker_works_without_javascript(nojs_page, live_server, demo_data):
    page = nojs_page
    page.goto(live_server.url + reverse("careers:eligibility"))
    page.get_by_role("group", name="Do you have an associate degree?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("Semester hours of college credit, in total").fill("59")
    page.get_by_role(
        "group",
        name="Is your college accredited by an agency the US Department of Education or "
        "CHEA recognises?",
    ).get_by_label("Yes", exact=True).check()
    page.get_by_label("Accredited by NAACLS", exact=True).check()
    page.get_by_label("A certificate", exact=True).check()
    page.locator("#id_program_month").select_option("6")
    page.locator("#id_program_year").fill("2024")
    page.get_by_role(
        "group", name="Have you completed a 50-week US military medical laboratory training course?"
    ).get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Check my routes").click()
    results = page.locator("#results")
    assert results.is_visible()
    assert "59 semester hours: 1 short of 60" in results.inner_text()
    # The form keeps the answers, so the person can change one and check again.
    assert page.get_by_label("Semester hours of college credit, in total").input_value() == "59"
    page.get_by_label("Semester hours of college credit, in total").fill("60")
    page.get_by_role("button", name="Check my routes").click()
    assert "You can apply through 1 route: MLT(ASCP) Route 1." in (
        page.locator("#results").inner_text()
    )


def test_directory_links_from_the_checklist_carry_their_filters(page, live_server, demo_data):
    page.goto(
        live_server.url + reverse("careers:page", kwargs={"slug": "choosing-an-online-program"})
    )
    page.get_by_role("link", name="Show programs with no campus sessions").click()
    assert page.url.endswith("/programs/?lab=none")
    assert page.locator("h1").count() == 1


def test_sample_banner_is_inside_a_landmark(page, live_server, demo_data, axe_violations):
    page.goto(live_server.url + reverse("careers:index"))
    assert not [v for v in axe_violations(page) if v.startswith("region:")]
