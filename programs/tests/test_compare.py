"""The compare page: school names in the headers, distances when the ZIP is known (carried
from the directory), only the rows that differ on request, and a fifth tick explained."""

import re

import pytest

from .factories import InstitutionFactory, LabSessionFactory, ProgramFactory, SiteFactory

pytestmark = pytest.mark.django_db

URL = "/programs/compare/"


@pytest.fixture
def two():
    """Two programs with the same name at different schools; one has a Dayton lab."""
    dayton = SiteFactory(name="Dayton lab", city="Dayton", state="OH", zip_code="45402")
    hybrid = LabSessionFactory(
        program__name="Medical Laboratory Technology, AAS",
        program__slug="first-aas",
        program__institution=InstitutionFactory(name="First College"),
        sites=[dayton],
    ).program
    online = ProgramFactory(
        name="Medical Laboratory Technology, AAS",
        slug="second-aas",
        institution=InstitutionFactory(name="Second College"),
    )
    return hybrid, online


def headers(text):
    return re.findall(r'<th scope="col">(.*?)</th>', text, re.S)


def row_labels(text):
    return re.findall(r'<th scope="row">([^<]+)</th>', text)


def first_cells(text) -> dict[str, str]:
    """Each row's label and its first program's cell."""
    return dict(re.findall(r'<th scope="row">([^<]+)</th>\s*<td[^>]*>([^<]*)</td>', text))


def session_without_site(location, slug, **program):
    """A lab session held near the student, whose program publishes no days or visits."""
    program_fields = {f"program__{key}": value for key, value in program.items()}
    return LabSessionFactory(
        program__slug=slug,
        **program_fields,
        kind="lab",
        location=location,
        frequency="per_course",
        days=None,
        visits=None,
        total_days=None,
        sites=[],
    )


def test_headers_name_the_school(client, two):
    text = client.get(URL, {"programs": "first-aas,second-aas"}).text
    first, second = headers(text)
    assert '<span class="compare-school">First College</span>' in first
    assert '<span class="compare-school">Second College</span>' in second


def test_a_zip_adds_the_distance_rows(client, two, django_assert_max_num_queries):
    without = client.get(URL, {"programs": "first-aas,second-aas"}).text
    assert "Farthest campus trip" not in row_labels(without)
    with django_assert_max_num_queries(8):
        page = client.get(URL, {"programs": "first-aas,second-aas", "zip": "43215"})
    labels = row_labels(page.text)
    assert "Farthest campus trip" in labels
    assert "Lab sites" in labels
    assert "nearest Dayton lab, Dayton, OH, " in page.text
    assert 'value="43215"' in page.text  # the ZIP box keeps it
    # Program links keep the ZIP, so the program page shows distances too.
    assert 'href="/programs/first-aas/?zip=43215"' in page.text


def test_the_directory_carries_the_zip_to_compare(client, two):
    """The compare tray's button (programs/tests/test_compare_tray.py) keeps the ZIP."""
    chosen = {"compare": "first-aas,second-aas"}
    page = client.get("/programs/", {"zip": "45402", **chosen})
    assert 'href="/programs/compare/?programs=first-aas,second-aas&amp;zip=45402"' in page.text
    page = client.get("/programs/", chosen)
    assert 'href="/programs/compare/?programs=first-aas,second-aas"' in page.text


def test_show_only_the_rows_that_differ(client, two):
    every = row_labels(client.get(URL, {"programs": "first-aas,second-aas"}).text)
    page = client.get(URL, {"programs": "first-aas,second-aas", "differences": "1"})
    differing = row_labels(page.text)
    assert "Campus days (total)" in differing  # 24 against 0
    assert "Credential" not in differing  # both AAS
    assert "Credential" in every
    assert set(differing) < set(every)
    assert "Showing only the rows that differ" in page.text
    assert 'id="compare-differences" checked' in page.text


def test_a_fifth_tick_is_named_not_dropped_silently(client, two):
    for n in range(3):
        ProgramFactory(slug=f"p{n}", name=f"Program {n}", institution__name=f"School {n}")
    page = client.get(URL, {"programs": ["first-aas", "second-aas", "p0", "p1", "p2"]})
    assert page.status_code == 200
    assert "we left out 1:" in page.text
    assert "Program 2</a> (School 2)" in page.text
    assert 'href="/programs/compare/?programs=p2"' in page.text
    assert len(headers(page.text)) == 4


def test_odd_compare_parameters_never_fail(client, two):
    for params in (
        {"programs": "first-aas", "differences": "1"},
        {"programs": "first-aas", "zip": "abc"},
        {"programs": ",,," * 50, "differences": "x"},
    ):
        assert client.get(URL, params).status_code == 200


@pytest.mark.parametrize("zip_code", [None, "43215"])
def test_labs_at_the_students_workplace_are_not_said_to_have_an_unpublished_site(client, zip_code):
    """A session held at the student's workplace has no site by design: the compare row
    says where it happens, not 'at site not published' (seen on the compare page for
    Minnesota North's and SUNY Broome's online options)."""
    session_without_site("workplace", "workplace-labs")
    query = {"programs": "workplace-labs"} | ({"zip": zip_code} if zip_code else {})
    page = client.get(URL, query)
    assert page.status_code == 200
    assert "site not published" not in page.text
    assert "at the student&#x27;s own workplace laboratory" in page.text


def test_workplace_labs_with_unpublished_days_cost_no_travel_not_at_least_nothing(client):
    """Seen on the compare page for the workplace-lab programs from ZIP 99501: 'Travel cost
    (estimate): at least $0' for a program with no trips at all."""
    session_without_site("workplace", "workplace-labs", tuition_total=9000, fees_in_tuition=True)
    page = client.get(URL, {"programs": "workplace-labs", "zip": "99501"})
    rows = first_cells(page.text)
    assert rows["Travel cost (estimate)"] == "$0"
    assert rows["Estimated total cost"] == "$9,000"


def test_without_a_published_tuition_the_estimated_total_is_not_known_not_at_least_nothing(
    client,
):
    """Seen for SUNY Broome's online option (no tuition, no fees, no trips): compare, the
    shared list and the program page's estimate read 'at least $0'."""
    session_without_site("local_lab", "no-tuition", tuition_total=None)
    for query in ({"programs": "no-tuition"}, {"programs": "no-tuition", "zip": "99501"}):
        page = client.get(URL, query)
        rows = first_cells(page.text)
        assert rows["Estimated total cost"] == "Not known: the tuition total is not published"
        assert "at least $0" not in page.text
    detail = client.get("/programs/no-tuition/", {"zip": "99501"})
    assert detail.status_code == 200
    assert "at least $0" not in detail.text
    assert "<strong>not known</strong>" in detail.text


def test_accreditation_notes_ascp_and_a_per_credit_total_read_as_on_the_program_page(client):
    """Compare (and the CSV, from the same facts) said "MLT(ASCP) eligible: No" where the
    program page says "Not known", showed no accreditation note, and told a student who had
    given a ZIP to give one for a price per credit with no credit count (Barton)."""
    ProgramFactory(
        slug="unknown",
        accreditation_agency="",
        accreditation_status="unknown",
        accreditation_note="An old press release called it accredited.",
        tuition_total=None,
        tuition_per_credit=150,
        credit_hours=None,
    )
    ProgramFactory(slug="plain")
    page = client.get(URL, {"programs": "unknown,plain", "zip": "43210"}).text
    rows = first_cells(page)
    assert rows["MLT(ASCP) eligible"] == "Not known"
    assert rows["About the accreditation"] == "An old press release called it accredited."
    assert rows["Estimated total cost"] == "Not known: the tuition total is not published"
    # Without a note in either column the row is left out.
    alone = client.get(URL, {"programs": "plain"}).text
    assert "About the accreditation" not in alone
    assert first_cells(alone)["MLT(ASCP) eligible"] == "Yes"
    card = client.get("/programs/").text
    assert "An old press release called it accredited." in card


def test_the_csv_leaves_an_unknown_total_empty_not_zero():
    from programs import facts
    from programs.models import Program

    ProgramFactory(slug="unpriced", tuition_total=None)
    (total,) = [f for f in facts.CSV_FACTS if f.key == "estimated_total"]
    program = Program.objects.with_details().get(slug="unpriced")
    assert total.csv(program, None) == ""
