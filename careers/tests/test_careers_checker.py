"""The eligibility checker page: results, plain-language errors, and no server errors."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

URL = reverse("careers:eligibility")
FIELDS = [
    "associate_degree",
    "semester_hours",
    "chemistry_hours",
    "biology_hours",
    "mlt_program",
    "program_month",
    "program_year",
    "military",
    "military_month",
    "military_year",
    "experience_years",
    "experience_areas",
]


@pytest.fixture
def guide():
    from careers.demo import load

    load()


def graduate(**changes):
    year = timezone.localdate().year - 1
    data = {
        "associate_degree": "yes",
        "mlt_program": "naacls",
        "program_month": "5",
        "program_year": str(year),
        "military": "no",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def summary(text: str) -> list[str]:
    if 'class="error-summary"' not in text:
        return []
    box = text[text.index('class="error-summary"') :]
    box = box[: box.index("</div>")]
    return [unescape(m) for m in re.findall(r'<a href="#[^"]+">([^<]+)</a>', box)]


def test_blank_form_has_labels_hints_and_no_errors(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get(URL)
    assert response.status_code == 200
    text = response.text
    assert "Which certification routes do you meet?" in text
    assert '<label for="id_semester_hours">Semester hours of college credit, in total</label>' in (
        text
    )
    assert 'aria-describedby="id_semester_hours_helptext"' in text
    assert "<legend>Do you have an associate degree?</legend>" in text
    assert "There is a problem" not in text
    assert "Your results" not in text
    assert "confirm with them before you apply" in text


def test_recent_graduate_meets_ascp_route_1_and_amt(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get(URL, graduate())
    assert response.status_code == 200
    text = unescape(response.text)
    assert "You meet 2 routes: MLT(ASCP) Route 1; MLT(AMT) Accredited MLT degree." in text
    assert "You meet this route" in text
    # ASCP Route 3: no chemistry, no biology, no military course.
    assert "Not met: 3 requirements missing" in text
    assert "Closed routes" in text and "1 January 2023" in text
    assert "https://www.ascp.org/" in text and "https://americanmedtech.org/" in text
    assert "There is a problem" not in text


def test_59_hours_without_a_degree_misses_by_one(client):
    text = unescape(client.get(URL, graduate(associate_degree="no", semester_hours="59")).text)
    assert "You have no associate degree and 59 semester hours: 1 short of 60." in text
    assert "You meet 1 route: MLT(AMT)" not in text
    text = unescape(client.get(URL, graduate(associate_degree="no", semester_hours="60")).text)
    assert "You meet 1 route: MLT(ASCP) Route 1." in text


def test_experience_route(client):
    data = graduate(
        associate_degree="no",
        semester_hours="64",
        chemistry_hours="8",
        biology_hours="8",
        mlt_program="none",
        program_month=None,
        program_year=None,
        experience_years="3",
    )
    data["experience_areas"] = [
        "blood_banking",
        "chemistry",
        "hematology",
        "microbiology",
        "immunology",
        "urinalysis",
    ]
    text = unescape(client.get(URL, data).text)
    assert "MLT(ASCP) Route 4" in text
    assert re.search(r"You meet 1 route: MLT\(ASCP\) Route 4\.", text)
    assert "Routes you may meet" in text  # AMT academic credit: unconfirmed conditions


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"associate_degree": None}, "Say whether you have an associate degree"),
        ({"mlt_program": None}, "Choose the option that describes your MLT program"),
        ({"military": None}, "Say whether you completed a military laboratory course"),
        (
            {"semester_hours": "abc"},
            "Enter your total semester hours as a number from 0 to 400, for example 60",
        ),
        (
            {"semester_hours": "9" * 40},
            "Enter your total semester hours as a number from 0 to 400, for example 60",
        ),
        ({"semester_hours": "-1"}, "Enter your total semester hours as a number from 0 to 400"),
        (
            {"semester_hours": "10", "chemistry_hours": "12"},
            "Your chemistry hours cannot be more than your total semester hours (10)",
        ),
        ({"experience_years": "11"}, "Enter your years of experience as a number from 0 to 10"),
        ({"experience_years": "2.55"}, "Use at most one decimal place, for example 2.5"),
        ({"experience_years": "1e400"}, "Enter your years of experience as a number"),
        ({"experience_years": "NaN"}, "Enter your years of experience as a number"),
        ({"program_month": None}, "Choose the month you finished the program"),
        ({"program_month": "13"}, "Choose the month you finished the program"),
        ({"program_year": None}, "Enter the year you finished the program"),
        ({"program_year": "1900"}, "Enter the year you finished the program as a number from"),
        ({"program_year": "99999999999999999999"}, "Enter the year you finished the program"),
        ({"mlt_program": "harvard"}, "Select a valid choice"),
        ({"military": "yes"}, "Choose the month you finished the course"),
        ({"experience_areas": "astrology"}, "Choose areas from the list"),
    ],
)
def test_bad_input_shows_field_errors_not_a_server_error(client, changes, message):
    response = client.get(URL, graduate(**changes))
    assert response.status_code == 200
    text = unescape(response.text)
    assert "There is a problem" in text
    assert any(item.startswith(message) for item in summary(text)), summary(text)
    assert text.count(message) >= 2  # in the summary and next to the field
    assert "Your results" not in text
    assert text.startswith("<!doctype html>")
    assert "<title>Error: " in text


def test_future_finish_date_is_refused(client):
    next_year = str(timezone.localdate().year + 1)
    text = unescape(client.get(URL, graduate(program_year=next_year)).text)
    assert "Enter the year you finished the program as a number from 1950 to" in text
    this_year = timezone.localdate()
    if this_year.month < 12:
        data = graduate(program_year=str(this_year.year), program_month=str(this_year.month + 1))
        text = unescape(client.get(URL, data).text)
        assert "The month you finished the program cannot be in the future" in text


def test_error_summary_links_point_at_fields(client):
    text = client.get(URL, graduate(associate_degree=None, semester_hours="x")).text
    anchors = re.findall(r'<li><a href="#([^"]+)">', text[text.index("error-summary") :])
    assert "id_associate_degree_0" in anchors and "id_semester_hours" in anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in text
    assert 'aria-invalid="true"' in text


values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["yes", "no", "naacls", "none", "other", "5", "2020", "2.5", "", "1e9"]),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(st.sampled_from([*FIELDS, "check", "junk"]), values, max_size=12))
def test_any_query_string_gets_a_page_not_a_server_error(client, data):
    response = client.get(URL, data)
    assert response.status_code == 200
    assert "Which certification routes do you meet?" in response.text
    if data:
        assert ("Your results" in response.text) != ("There is a problem" in response.text)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(st.text(max_size=8), st.text(max_size=20), max_size=6))
def test_self_check_survives_any_query_string(client, guide, data):
    response = client.get(
        reverse("careers:page", kwargs={"slug": "is-this-career-for-you"}), {"check": "1", **data}
    )
    assert response.status_code == 200
