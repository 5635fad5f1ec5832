"""The directory's search page: each filter returns what it should and leaves out the rest.

Inside a test's transaction the results come from SQL; test_directory_on_index.py runs
every test here again on the facet index, the path production takes.
"""

import re

import pytest

from programs import generation
from programs.choices import AccreditationStatus, Agency, ClinicalArrangement, Credential
from programs.facets import count_facets, search_results
from programs.filters import ProgramFilter
from programs.models import Program
from programs.tests.factories import (
    EnrollmentRestrictionFactory,
    InstitutionFactory,
    LabSessionFactory,
    ProgramFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

URL = "/programs/"


def names(response):
    """Program names on a list page, in order."""
    return re.findall(r'class="card-title"><a href="[^"]*">([^<]+)</a>', response.text)


def filtered(**params):
    """The programs a search finds, found as the list page finds them: the counts
    (count_facets), then the results (search_results) from the facet index when the page
    would use it, else from SQL."""
    published = Program.objects.published()
    filterset = ProgramFilter(params, queryset=published)
    found = count_facets(filterset, published, generation.current())
    results = list(search_results(filterset, found, published)[: found.total])
    assert len(results) == found.total, "the count disagrees with the results"
    return set(results)


@pytest.fixture
def ohio_programs():
    """Three programs around Columbus, OH (ZIP 43210) and one far away."""
    dayton = SiteFactory(name="Dayton lab", city="Dayton", state="OH", zip_code="45402")  # ~64 mi
    cleveland = SiteFactory(name="Cleveland lab", city="Cleveland", state="OH", zip_code="44114")
    phoenix = SiteFactory(name="Phoenix lab", city="Phoenix", state="AZ", zip_code="85004")
    online = ProgramFactory(name="Online Only AAS", tuition_total=7000, length_months=20)
    near = LabSessionFactory(
        program__name="Dayton Hybrid AS",
        program__credential=Credential.AS,
        program__tuition_total=12000,
        program__pass_rate=70,
        sites=[dayton],
    ).program
    either = LabSessionFactory(
        program__name="Two Sites Certificate",
        program__credential=Credential.CERTIFICATE,
        program__length_months=12,
        program__pass_rate=95,
        sites=[phoenix, cleveland],
    ).program
    far = LabSessionFactory(
        program__name="Phoenix Hybrid AAS", program__pass_rate=None, sites=[phoenix]
    ).program
    return {"online": online, "near": near, "either": either, "far": far}


def test_zip_radius_keeps_no_session_and_nearby_programs(ohio_programs):
    p = ohio_programs
    assert filtered(zip="43210", radius="100") == {p["online"], p["near"]}
    # Cleveland is ~130 miles from 43210: the two-site program joins at 150 miles.
    assert filtered(zip="43210", radius="150") == {p["online"], p["near"], p["either"]}
    # Default radius is 100 miles.
    assert filtered(zip="43210") == {p["online"], p["near"]}


def test_every_session_must_be_within_the_radius(ohio_programs):
    p = ohio_programs
    phoenix = p["far"].lab_sessions.first().sites.first()
    LabSessionFactory(program=p["near"], sites=[phoenix])  # a second, distant session
    assert p["near"] not in filtered(zip="43210", radius="150")


def test_list_shows_travel_distance(client, ohio_programs):
    response = client.get(URL, {"zip": "43210", "radius": "150"})
    assert (
        "Weekend labs: 3 visits each term, 2 days each in Dayton, OH, about 64 miles in a "
        "straight line" in response.text
    )
    assert "nearest site in Cleveland, OH, about 1" in response.text  # 1xx miles, not Phoenix
    assert "Phoenix Hybrid AAS" not in response.text


def test_sort_by_distance(client, ohio_programs):
    response = client.get(URL, {"zip": "43210", "radius": "500", "sort": "distance"})
    assert names(response) == ["Online Only AAS", "Dayton Hybrid AS", "Two Sites Certificate"]


def test_unknown_zip_is_a_visible_error_and_results_ignore_it(client, ohio_programs):
    response = client.get(URL, {"zip": "00000"})
    assert response.status_code == 200
    assert "There is a problem with your search" in response.text
    assert "Enter a 5-digit US ZIP code that exists" in response.text
    assert len(names(response)) == 4


def test_lab_none_and_max_days(ohio_programs):
    p = ohio_programs
    assert filtered(lab="none") == {p["online"]}
    assert filtered(lab="0") == {p["online"]}
    assert filtered(lab="24") == set(p.values())  # factory sessions total 24 days
    assert filtered(lab="23") == {p["online"]}


def test_credential_state_and_multiple_values(ohio_programs):
    p = ohio_programs
    assert filtered(credential=["as", "certificate"]) == {p["near"], p["either"]}
    other = ProgramFactory(institution=InstitutionFactory(state="KY", zip_code="40202"))
    assert filtered(state=["KY"]) == {other}
    assert other not in filtered(state=["OH"])


def test_accreditation_agency_certification_clinical():
    continuing = ProgramFactory(clinical_arrangement=ClinicalArrangement.STUDENT_FINDS)
    applicant = ProgramFactory(accreditation_status=AccreditationStatus.SERIOUS_APPLICANT)
    none = ProgramFactory(
        accreditation_agency=Agency.NONE,
        accreditation_status=AccreditationStatus.NOT_ACCREDITED,
        institution=InstitutionFactory(accreditor=""),
    )
    college_only = ProgramFactory(
        accreditation_agency=Agency.NONE, accreditation_status=AccreditationStatus.NOT_ACCREDITED
    )
    assert filtered(accreditation=["continuing"]) == {continuing}
    assert filtered(accreditation=["serious_applicant", "not_accredited"]) == {
        applicant,
        none,
        college_only,
    }
    assert filtered(agency=["none"]) == {none, college_only}
    # Derived, not typed (programs/accreditation.py): a serious applicant counts for ASCP
    # Route 1; AMT also accepts the college's own accreditation.
    assert filtered(certification=["ascp"]) == {continuing, applicant}
    assert filtered(certification=["amt"]) == {continuing, applicant, college_only}
    assert filtered(certification=["ascp", "amt"]) == {continuing, applicant}
    assert filtered(clinical=["student_finds"]) == {continuing}
    assert [p.eligible_ascp for p in (continuing, applicant, none, college_only)] == [
        True,
        True,
        False,
        False,
    ]
    assert [p.eligible_amt for p in (continuing, applicant, none, college_only)] == [
        True,
        True,
        False,
        True,
    ]


def test_max_tuition_and_months(ohio_programs):
    p = ohio_programs
    assert filtered(max_tuition="9000") == {p["online"], p["either"], p["far"]}
    assert filtered(max_tuition="7000") == {p["online"]}
    assert filtered(max_months="12") == {p["either"]}


def test_enrolls_hides_programs_that_cannot_enrol_the_state():
    open_program = ProgramFactory()
    closed = EnrollmentRestrictionFactory(state="OH").program
    assert filtered(enrolls="OH") == {open_program}
    assert filtered(enrolls="TX") == {open_program, closed}


def test_keyword_search_finds_obvious_matches():
    dayton = ProgramFactory(name="Hybrid Medical Lab Tech", institution__city="Dayton")
    other = ProgramFactory(
        name="Clinical Lab Certificate",
        institution=InstitutionFactory(
            name="Desert College", city="Phoenix", state="AZ", zip_code="85004"
        ),
    )
    assert filtered(q="dayton") == {dayton}
    assert filtered(q="Desert") == {other}
    assert filtered(q="arizona") == {other}  # state name
    assert filtered(q="hybrid lab") == {dayton}
    assert filtered(q="nothing-like-this") == set()


def test_misspelled_keyword_still_finds_the_program():
    match = ProgramFactory(name="Phlebotomy and Laboratory Technology")
    ProgramFactory(name="Clinical Science Certificate", description="Nothing related")
    assert match in filtered(q="laboratroy technolgy")
    # Websearch syntax never raises on odd input.
    assert filtered(q='"unbalanced -( OR & !') is not None
    list(ProgramFilter({"q": '"unbalanced -( OR & !'}, queryset=Program.objects.all()).qs)


def test_relevance_ranks_name_matches_first(client):
    ProgramFactory(name="Clinical Certificate", description="Includes a phlebotomy module")
    ProgramFactory(name="Phlebotomy to MLT Bridge", description="Bridge program")
    response = client.get(URL, {"q": "phlebotomy"})
    assert names(response) == ["Phlebotomy to MLT Bridge", "Clinical Certificate"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "name",
            ["Dayton Hybrid AS", "Online Only AAS", "Phoenix Hybrid AAS", "Two Sites Certificate"],
        ),
        (
            "tuition",
            ["Online Only AAS", "Phoenix Hybrid AAS", "Two Sites Certificate", "Dayton Hybrid AS"],
        ),
        (
            "length",
            ["Two Sites Certificate", "Online Only AAS", "Dayton Hybrid AS", "Phoenix Hybrid AAS"],
        ),
        (
            "pass_rate",
            ["Two Sites Certificate", "Online Only AAS", "Dayton Hybrid AS", "Phoenix Hybrid AAS"],
        ),
    ],
)
def test_sorts(client, ohio_programs, sort, expected):
    assert names(client.get(URL, {"sort": sort})) == expected


def test_recently_verified_sort(client):
    import datetime

    ProgramFactory(name="Old", last_verified=datetime.date(2025, 1, 1))
    ProgramFactory(name="New", last_verified=datetime.date(2026, 6, 1))
    assert names(client.get(URL, {"sort": "recently_verified"})) == ["New", "Old"]


def test_facet_counts_apply_the_other_filters(client, ohio_programs):
    response = client.get(URL, {"credential": "aas", "zip": "43210", "radius": "100"})
    text = response.text
    # Credential options are counted with the ZIP filter but not the credential filter.
    assert 'id="count-credential-aas" class="count">(1)' in text
    assert 'id="count-credential-as" class="count">(1)' in text
    assert 'id="count-credential-certificate" class="count">(none match)' in text
    # Other facets are counted with both filters: only "Online Only AAS" remains.
    assert 'id="count-lab-none" class="count">(1)' in text
    assert 'id="count-accreditation-continuing" class="count">(1)' in text


def test_empty_result_offers_links_that_loosen_filters(client, ohio_programs):
    response = client.get(URL, {"credential": "certificate", "zip": "43210", "radius": "100"})
    assert "No programs match your filters" in response.text
    assert "Remove the distance from your ZIP code</a> (1 program)" in response.text
    assert 'href="?credential=certificate"' in response.text
    assert "Remove the credential</a> (2 programs)" in response.text


def test_pagination_keeps_parameters_and_clamps(client, settings):
    ProgramFactory.create_batch(25, credential=Credential.AAS)
    response = client.get(URL, {"credential": "aas", "sort": "name"})
    assert "25 programs, page 1 of 2" in response.text
    assert "?credential=aas&amp;sort=name&amp;page=2" in response.text
    past_end = client.get(URL, {"credential": "aas", "page": "999"})
    assert past_end.status_code == 200
    assert "page 2 of 2" in past_end.text
    assert client.get(URL, {"page": "abc"}).status_code == 200


EVERY_FILTER = {
    "q": "lab",
    "state": ["OH", "AZ"],
    "credential": ["aas", "as"],
    "accreditation": "continuing",
    "agency": "naacls",
    "delivery": ["online", "hybrid"],
    "certification": "ascp",
    "clinical": "program_arranges",
    "max_tuition": "20000",
    "max_months": "30",
    "lab": "30",
    "zip": "43210",
    "radius": "500",
    "enrolls": "OH",
    "sort": "distance",
}


def test_query_count_is_the_same_with_no_filters_and_all_filters(
    client, ohio_programs, django_assert_max_num_queries, before_counting_queries
):
    for _ in range(10):
        LabSessionFactory(sites=[SiteFactory(), SiteFactory()])
    before_counting_queries(client)
    with django_assert_max_num_queries(8) as plain:
        client.get(URL)
    with django_assert_max_num_queries(8) as filtered_queries:
        response = client.get(URL, EVERY_FILTER)
    assert response.status_code == 200
    # At most three more: the licensing-state look-up for `enrolls`, the indexed check that
    # picks exact or typo-tolerant keyword search (on every database since typo tolerance
    # works on SQLite too), and one more that came with main's enrolment notices.
    assert len(filtered_queries.captured_queries) <= len(plain.captured_queries) + 3
    assert "program" in response.text


def test_htmx_request_gets_only_the_results_partial(client, ohio_programs):
    response = client.get(URL, {"credential": "aas"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<title>Online MLT programs | MLT Portal</title>")
    assert '<section id="results"' in response.text
    assert "<html" not in response.text
    assert 'hx-swap-oob="true"' in response.text  # facet counts refresh out of band
    full = client.get(
        URL,
        {"credential": "aas"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in full.text


def test_drafts_never_listed(client):
    ProgramFactory(name="Draft MLT", status="draft")
    assert "Draft MLT" not in client.get(URL, {"q": "Draft"}).text


def test_enrolls_in_a_licensing_state_links_to_the_guide(client):
    from careers.models import LicensingState

    ProgramFactory()
    LicensingState.objects.create(state="CA")
    LicensingState.objects.create(state="GA", confidence="disputed")
    text = client.get(URL, {"enrolls": "CA"}).text
    assert "California licenses laboratory personnel." in text
    assert "/careers/certification-and-licensure/#licensing-states" in text
    disputed = client.get(URL, {"enrolls": "GA"}).text
    assert "Georgia may license laboratory personnel." in disputed
    assert "Sources disagree" in disputed
    assert "licenses laboratory personnel" not in client.get(URL, {"enrolls": "OH"}).text
    LicensingState.objects.create(state="RI", confidence="repealed")
    repealed = client.get(URL, {"enrolls": "RI"}).text
    assert "Rhode Island no longer licenses laboratory personnel." in repealed
    assert "Rhode Island licenses laboratory personnel" not in repealed


FACET_FIELDS = [f.name for g in ("facets", "states") for f in ProgramFilter().fields_in(g)]


@pytest.mark.parametrize("name", FACET_FIELDS)
def test_an_error_in_a_facet_links_to_it_opens_it_and_is_described(client, ohio_programs, name):
    """The error summary's link reaches the facet's group (the field's id, focusable), whose
    <details> is open so that the message shows, and which names the message."""
    response = client.get(URL, {name: "bogus-value"})
    assert response.status_code == 200
    assert f'<a href="#id_{name}">' in response.text
    group = re.search(
        rf'<details class="facet has-error" open>\s*<summary>[^<]*</summary>\s*'
        rf'<fieldset id="id_{name}" tabindex="-1" aria-describedby="([^"]*)">',
        response.text,
    )
    assert group, f"no open facet group with the id id_{name}"
    assert f"id_{name}_error" in group[1].split()
    assert f'<p class="field-error" id="id_{name}_error">' in response.text
    assert response.text.count(f'id="id_{name}"') == 1
    # Without an error the facet has the id too, and describes no error.
    fine = client.get(URL)
    assert f'<fieldset id="id_{name}" tabindex="-1"' in fine.text
    assert f"id_{name}_error" not in fine.text
