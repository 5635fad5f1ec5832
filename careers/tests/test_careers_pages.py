"""The guide's pages as a reader meets them: status, the facts a person looks for, queries."""

import json
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from careers import chart, demo
from careers.directory import directory_problems
from careers.models import LicensingState, Page, SalaryFigure
from careers.tests.factories import PageFactory, PageSourceFactory
from programs.tests.factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

MAX_PAGE_QUERIES = 10


@pytest.fixture
def guide():
    demo.load()


def page_url(slug: str) -> str:
    return reverse("careers:page", kwargs={"slug": slug})


KEY_FACTS = {
    "what-an-mlt-does": [
        "Preparing samples and their data",
        "Finding microorganisms",
        "Analysing the chemistry of body fluids",
        "Keeping watch over tests and procedures",
        "Testing drug levels in blood",
        "Matching blood for transfusions",
        "medical technologist or a physician",
        "Typically a bachelor’s degree",
        "MLS(ASCP)",
    ],
    "where-mlts-work": [
        "Hospitals",
        "Private laboratories",
        "Clinics",
        "Research and development departments",
        "Pharmaceutical companies",
        "Public health organizations",
        "gloves, masks and goggles",
    ],
    "education-and-training": [
        "associate degree or a postsecondary certificate",
        "technicians sometimes qualify with an associate",
        "you may apply for MLT(ASCP) under Route 1",
        "programmatic accreditation",
        "serious applicant",
        "clinical practicum",
        'href="/programs/?lab=none"',
        'href="/programs/?clinical=program_arranges"',
    ],
    "salary": [
        "$39,624",
        "$28,933",
        "$64,230",
        "$60,780",
        "May 2023",
        "names no one",
        "Publisher not named",
        "technologists and technicians combined",
        "$29.22 an hour",
    ],
    "advancing-your-career": [
        "Blood bank technology",
        "Clinical chemistry technology",
        "Cytotechnology",
        "Immunology",
        "Microbiology",
        "Molecular biology",
        "Phlebotomy",
        "Histotechnology",
        "BB(ASCP)",
        "no separate credential that our sources confirm",
    ],
    "certification-and-licensure": [
        'id="licensing-states"',
        "MLT(ASCP), Route 1",
        "MLT(ASCP), Route 4",
        "MLT(AMT), Military training",
        "discontinued on 1 January 2023",
        "application fee is not confirmed",
        "newer secondary copies give $225",
        "Puerto Rico",
        "Rhode Island",
        "Disputed",
        "Three organisations certify MLTs",
        "MLT(AAB)",
        "Education Law (section 8606)",
        "waived and moderate-complexity tests",
        "medical technologists",
        "high-school diploma with documented laboratory training",
        "28 December 2024",
        "Last checked",
    ],
    "choosing-an-online-program": [
        "Is the MLT program itself accredited",
        "Who arranges your clinical practicum site?",
        "at least 75%",
        'href="/programs/?sort=recently_verified"',
    ],
    "is-this-career-for-you": [
        "I enjoy science, especially chemistry and biology",
        "I am happy to work behind the scenes",
        "I am comfortable handling blood, urine and other body fluids",
        "See what your answers suggest",
    ],
}


def test_index_lists_the_pages_in_reading_order(client, guide, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("careers:index"))
    assert response.status_code == 200
    titles = re.findall(r'<h2><a href="/careers/[^"]+/">([^<]+)</a></h2>', response.text)
    assert titles == list(Page.objects.published().values_list("title", flat=True))
    assert len(titles) == 8
    assert reverse("careers:eligibility") in response.text
    assert reverse("programs:list") in response.text


@pytest.mark.parametrize("slug", KEY_FACTS)
def test_every_page_renders_its_key_facts(client, guide, slug, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_PAGE_QUERIES):
        response = client.get(page_url(slug))
    assert response.status_code == 200
    text = unescape(response.text)
    for fact in KEY_FACTS[slug]:
        assert unescape(fact) in text, fact
    page = Page.objects.get(slug=slug)
    assert f"<h1>{page.title}</h1>" in text
    assert f'<meta name="description" content="{page.summary}">' in text


def test_pages_cite_only_sources_they_list(client, guide):
    for page in Page.objects.all():
        text = client.get(page.get_absolute_url()).text
        cited = set(re.findall(r'href="#source-(\d+)"', text))
        listed = set(re.findall(r'<li id="source-(\d+)">', text))
        assert cited <= listed, page.slug
        assert listed == {str(n) for n in range(1, page.page_sources.count() + 1)}


def test_every_directory_link_in_the_guide_is_a_valid_filter(client, guide):
    base = reverse("programs:list")
    checked = 0
    for url in [page.get_absolute_url() for page in Page.objects.all()] + [
        reverse("careers:index")
    ]:
        for href in re.findall(r'href="([^"]+)"', client.get(url).text):
            href = unescape(href)
            if href.startswith(base + "?"):
                assert directory_problems(urlsplit(href).query) == [], href
                checked += 1
    assert checked >= 15


def test_every_internal_guide_link_resolves(client, guide):
    seen = set()
    for page in Page.objects.all():
        for href in re.findall(
            r'href="(/careers/[^"#?]*)', client.get(page.get_absolute_url()).text
        ):
            seen.add(href)
    assert len(seen) >= 10
    for href in seen:
        assert client.get(href).status_code == 200, href


def test_licensing_states_are_seeded_and_marked(client, guide):
    confirmed = set(
        LicensingState.objects.filter(confidence="confirmed").values_list("state", flat=True)
    )
    disputed = set(
        LicensingState.objects.filter(confidence="disputed").values_list("state", flat=True)
    )
    assert confirmed == {"CA", "FL", "HI", "LA", "MT", "NV", "NY", "ND", "TN", "WV", "PR"}
    # Rhode Island repealed its licensing in 2015: shown as not licensing, with the repeal.
    assert disputed == {"GA"}
    rhode_island = LicensingState.objects.select_related("source").get(state="RI")
    assert rhode_island.is_repealed and rhode_island.source.year == 2015
    url = reverse("careers:page", kwargs={"slug": "certification-and-licensure"})
    text = client.get(url).text
    section = text[text.index('id="licensing-states"') :]
    section = section[: section.index("</section>")]
    items = re.findall(
        r"<li( class=\"disputed\")?(?: class=\"repealed\")?>\s*<strong>([^<]+)</strong>", section
    )
    assert {name for _, name in items} >= {"California", "Puerto Rico", "Georgia", "Rhode Island"}
    assert {name for mark, name in items if mark} == {"Georgia"}
    assert "11 states and territories are listed" in section
    assert "1 more is disputed" in section
    assert '<li class="repealed">' in section
    assert "Rhode Island no longer licenses laboratory staff" in section
    assert "Not licensing: repealed" in section
    assert "rilegislature.gov/PublicLaws/law15/law15141-20.htm" in section
    assert "RIGL 23-16.3) licenses" not in text


def test_claims_are_credited_to_the_sources_that_make_them(guide):
    """California's code section sets the licence, not the exams it accepts; ASCP's route
    rules come from secondary copies of ASCP's list (its program directors' page covers only
    the serious applicant rule)."""
    from careers.models import CertificationRoute

    california = LicensingState.objects.select_related("source").get(state="CA")
    assert california.source.key == "ca-bpc-1260-3"
    assert "accepts the ASCP" not in california.note
    assert "we have not read the state's own list" in california.note
    ascp = CertificationRoute.objects.filter(body="ascp").select_related("source")
    assert {route.source.key for route in ascp} == {"ascp-mlt-routes"}


def test_drafts_are_404_for_the_public_and_a_preview_for_staff(client, guide):
    draft = PageFactory(title="Unfinished page", is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Unfinished page" not in client.get(reverse("careers:index")).text
    assert draft.get_absolute_url() not in client.get(reverse("sitemap")).text

    client.force_login(UserFactory(is_staff=False))
    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(UserFactory(is_staff=True))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview:" in response.text
    assert "Unfinished page" in response.text


def test_unknown_page_is_404(client, guide):
    assert client.get(page_url("no-such-page")).status_code == 404


def test_previous_and_next_follow_the_reading_order(client, guide):
    text = client.get(page_url("salary")).text
    assert re.search(r'href="/careers/education-and-training/" rel="prev"', text)
    assert re.search(r'href="/careers/advancing-your-career/" rel="next"', text)
    assert "Career guide, part 4 of 8" in text
    first = client.get(page_url("what-an-mlt-does")).text
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = client.get(page_url("is-this-career-for-you")).text
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_table_of_contents_links_to_headings_on_the_page(client, guide):
    text = client.get(page_url("certification-and-licensure")).text
    toc = text[
        text.index('<nav class="toc"') : text.index("</nav>", text.index('<nav class="toc"'))
    ]
    targets = re.findall(r'href="#([^"]+)"', toc)
    assert "licensing-states" in targets and "sources" in targets
    for target in targets:
        assert f'id="{target}"' in text, target


def test_short_pages_have_no_table_of_contents(client):
    page = PageFactory(body="Just one paragraph.")
    assert 'class="toc"' not in client.get(page.get_absolute_url()).text


def test_canonical_and_open_graph_tags(client, guide, settings):
    text = client.get(page_url("salary")).text
    assert '<link rel="canonical" href="http://testserver/careers/salary/">' in text
    assert '<meta property="og:title" content="What MLTs earn">' in text
    assert '<meta property="og:type" content="article">' in text
    assert '<meta property="og:url" content="http://testserver/careers/salary/">' in text
    settings.SITE_URL = "https://mltportal.example.org"
    text = client.get(page_url("salary") + "?utm_source=x").text
    assert '<link rel="canonical" href="https://mltportal.example.org/careers/salary/">' in text
    for url in (reverse("careers:index"), reverse("careers:eligibility")):
        assert (
            'rel="canonical" href="https://mltportal.example.org/careers/' in client.get(url).text
        )


def test_salary_page_has_occupation_json_ld_with_sourced_salaries(client, guide):
    text = client.get(page_url("salary")).text
    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    data = json.loads(raw)
    assert data["@type"] == "Occupation"
    assert data["occupationalCategory"]["codeValue"] == "29-2012"
    by_median = {d["median"]: d for d in data["estimatedSalary"]}
    # The seed article's untraceable figures are not an estimated salary.
    assert set(by_median) == {60780}
    assert by_median[60780]["url"].startswith("https://www.bls.gov/")
    assert "May 2023" in by_median[60780]["name"]
    assert "39624" not in raw and "28,933" not in raw
    assert "application/ld+json" not in client.get(page_url("where-mlts-work")).text


def test_json_ld_cannot_break_out_of_its_script(client, guide):
    SalaryFigure.objects.filter(label="BLS").update(scope="</script><script>alert(1)</script>")
    text = client.get(page_url("salary")).text
    assert "<script>alert(1)" not in text
    assert "\\u003C/script\\u003E" in text


def chart_bars(text: str) -> list[tuple[int, float]]:
    svg = text[text.index('<svg class="chart"') : text.index("</svg>")]
    return [
        (int(amount), float(width))
        for width, amount in re.findall(
            r'<rect class="bar"[^>]* width="([\d.]+)"[^>]* data-amount="(\d+)"', svg
        )
    ]


def test_chart_numbers_equal_the_stored_figures(client, guide):
    text = client.get(page_url("salary")).text
    stored = list(
        SalaryFigure.objects.filter(source__key="bls-ooh").values_list("amount", flat=True)
    )
    bars = chart_bars(text)
    assert [amount for amount, _ in bars] == stored
    axis_max = 80_000
    for amount, width in bars:
        assert width == pytest.approx(amount / axis_max * chart.PLOT_WIDTH, abs=0.1)
    svg = text[text.index('<svg class="chart"') : text.index("</svg>")]
    for amount in stored:
        assert f"${amount:,}" in svg
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "style=" not in svg
    # The untraceable figures come after the sourced ones, apart, and never in the chart.
    for amount in (28_933, 39_624, 64_230):
        assert f"${amount:,}" not in svg
        assert text.index("An undated, unsourced claim") < text.index(f"${amount:,}")
    assert text.index("$60,780") < text.index("An undated, unsourced claim")


def test_chart_follows_a_curators_edit(client, guide):
    SalaryFigure.objects.filter(label="BLS").update(amount=91_234)
    bars = chart_bars(client.get(page_url("salary")).text)
    assert (91_234, pytest.approx(91_234 / 100_000 * chart.PLOT_WIDTH, abs=0.1)) in bars


def test_no_inline_scripts_or_styles_on_guide_pages(client, guide):
    for page in Page.objects.all():
        text = client.get(page.get_absolute_url()).text
        assert not re.search(r"<script(?! type=\"application/ld\+json\")", text), page.slug
        assert " style=" not in text
        assert not re.search(r"\son[a-z]+=", text)


def test_self_check_gives_an_honest_result(client, guide):
    from careers.models import SelfCheckStatement

    statements = list(SelfCheckStatement.objects.all())
    url = page_url("is-this-career-for-you")
    answers = {s.field_name: "yes" for s in statements}
    text = client.get(url, {"check": "1", **answers}).text
    assert "Your answers fit the everyday work" in text

    answers[statements[3].field_name] = "no"
    text = unescape(client.get(url, {"check": "1", **answers}).text)
    assert "Some parts of the job may not suit you" in text
    assert statements[3].if_not in text

    text = client.get(url, {"check": "1", **{s.field_name: "no" for s in statements}}).text
    assert "This job may not be a good fit for you" in text

    text = client.get(url, {"check": "1"}).text
    assert "Answer at least one statement" in text

    response = client.get(url, {"check": "1", statements[0].field_name: "maybe<script>"})
    assert response.status_code == 200
    assert "Choose yes, not sure or no" in response.text


def test_sitemap_lists_published_guide_pages_and_programs(client, guide):
    published = ProgramFactory(slug="listed-program")
    draft_program = ProgramFactory(slug="draft-program", status="draft")
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    text = response.text
    for page in Page.objects.published():
        assert f"http://testserver{page.get_absolute_url()}" in text
    assert f"http://testserver{published.get_absolute_url()}" in text
    assert draft_program.get_absolute_url() not in text
    assert "http://testserver/careers/eligibility/" in text
    assert "<lastmod>2026-12-01</lastmod>" in text


def test_sitemap_and_robots_use_site_url_when_set(client, guide, settings):
    settings.SITE_URL = "https://mltportal.example.org"
    assert "https://mltportal.example.org/careers/salary/" in client.get(reverse("sitemap")).text
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://mltportal.example.org/sitemap.xml" in robots.text
    assert "User-agent: *" in robots.text
    assert settings.ADMIN_URL not in robots.text


def test_home_leads_into_the_guide_and_the_directory(client, guide):
    text = client.get(reverse("home")).text
    assert reverse("careers:index") in text
    assert reverse("careers:eligibility") in text
    assert page_url("what-an-mlt-does") in text
    assert reverse("programs:list") in text
    assert 'href="/careers/">Career guide</a>' in text


def test_licensing_link_used_by_the_directory_resolves(client, guide):
    url = reverse("careers:page", kwargs={"slug": "certification-and-licensure"})
    assert LicensingState.objects.get(state="CA").get_absolute_url() == url + "#licensing-states"
    assert 'id="licensing-states"' in client.get(url).text


def test_page_sources_show_title_publisher_and_year(client):
    item = PageSourceFactory(source__title="Lab work report", source__year=2021)
    text = client.get(item.page.get_absolute_url()).text
    assert '<li id="source-1"><a href="https://example.org/report">Lab work report</a>' in text
    assert "Example Bureau, 2021." in text
