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
    "college_accredited",
    "mlt_program",
    "program_credential",
    "program_month",
    "program_year",
    "military",
    "military_month",
    "military_year",
    "military_credits",
    "experience_years",
    "experience_areas",
    "experience_lab",
]


@pytest.fixture
def guide():
    from careers.demo import load

    load()


def graduate(**changes):
    year = timezone.localdate().year - 1
    data = {
        "associate_degree": "yes",
        "college_accredited": "yes",
        "mlt_program": "naacls",
        "program_credential": "degree",
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
    assert (
        "You can apply through 2 routes: MLT(ASCP) Route 1; MLT(AMT) Accredited MLT degree." in text
    )
    assert "You meet this route" in text
    # ASCP Route 3: no chemistry, no biology, no military course (listed after what they meet).
    assert "Not met: 3 requirements missing" in text
    assert text.index("Routes you meet") < text.index("Not met: 3 requirements missing")
    assert "Your nearest route" not in text
    assert "Closed routes" in text and "1 January 2023" in text
    assert "https://www.ascp.org/" in text and "https://americanmedtech.org/" in text
    assert "There is a problem" not in text


def test_59_hours_without_a_degree_misses_by_one(client):
    data = graduate(associate_degree="no", semester_hours="59", program_credential="certificate")
    text = unescape(client.get(URL, data).text)
    assert "You have no associate degree and 59 semester hours: 1 short of 60." in text
    assert "MLT(ASCP) Route 1;" not in text
    data = graduate(associate_degree="no", semester_hours="60", program_credential="certificate")
    text = unescape(client.get(URL, data).text)
    assert "You can apply through 1 route: MLT(ASCP) Route 1." in text
    assert "Routes you may meet" in text  # AMT: is a certificate plus 60 hours "equivalent"?


@pytest.mark.parametrize(
    ("college", "points"), [("yes", "1 point needs"), ("unsure", "2 points need")]
)
def test_a_route_that_may_be_open_says_how_many_points_are_unconfirmed(client, college, points):
    """AMT's academic-credit route asks for the hours within the past 5 years, which the
    checker does not ask: the headline must not say the person meets what the source states."""
    data = graduate(
        associate_degree="yes",
        semester_hours="64",
        mlt_program="none",
        program_month=None,
        program_year=None,
        college_accredited=college,
    )
    text = unescape(client.get(URL, data).text)
    assert "You may be able to apply through MLT(AMT) " in text
    assert f"nothing you told us rules it out, but {points} checking" in text
    assert "what our source states" not in text
    assert "This checker does not ask when you earned your hours" in text


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
        experience_lab="yes",
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
    assert re.search(r"You can apply through 1 route: MLT\(ASCP\) Route 4\.", text)
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
        ({"college_accredited": None}, "Say whether your college is accredited"),
        ({"program_credential": None}, "Say whether the program awards a degree or a certificate"),
        (
            {"military": "yes", "military_month": "1", "military_year": "2024"},
            "Say whether the course's credits were accepted by a college",
        ),
        ({"experience_years": "2"}, "Say where you gained your experience"),
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


def test_a_planned_finish_date_is_assessed_as_a_plan(client):
    """'If I finish this program in May 2028': the program routes are open from then."""
    year = timezone.localdate().year + 2
    text = unescape(client.get(URL, graduate(program_year=str(year))).text)
    assert "There is a problem" not in text
    assert f"assume you finish your MLT program as planned, in May {year}" in text
    assert "If you finish as planned, you could apply through 2 routes: MLT(ASCP) Route 1;" in text
    assert (
        f"You plan to finish in May {year}. From then, this part is met until May {year + 5}"
        in (text)
    )


def test_finish_dates_too_far_ahead_and_future_military_courses_are_refused(client):
    too_far = str(timezone.localdate().year + 7)
    text = unescape(client.get(URL, graduate(program_year=too_far)).text)
    assert "Enter the year you finished the program as a number from 1950 to" in text
    next_year = str(timezone.localdate().year + 1)
    data = graduate(
        military="yes", military_month="1", military_year=next_year, military_credits="no"
    )
    text = unescape(client.get(URL, data).text)
    assert "Enter the year you finished the military course as a number from 1950 to" in text


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
    if has_nul(data):  # refused before any view (mltportal.middleware.reject_nul_bytes)
        assert response.status_code == 400
        return
    assert response.status_code == 200
    assert "Which certification routes do you meet?" in response.text
    if data:
        assert ("Your results" in response.text) != ("There is a problem" in response.text)


def has_nul(data) -> bool:
    return any("\x00" in str(k) or "\x00" in str(v) for k, v in data.items())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(st.text(max_size=8), st.text(max_size=20), max_size=6))
def test_self_check_survives_any_query_string(client, guide, data):
    response = client.get(
        reverse("careers:page", kwargs={"slug": "is-this-career-for-you"}), {"check": "1", **data}
    )
    assert response.status_code == (400 if has_nul(data) else 200)


# --- "check a program from the directory" ----------------------------------------------------


def person(**changes):
    """Answers about the person only: the program answers its own questions."""
    year = timezone.localdate().year + 1
    data = {
        "associate_degree": "no",
        "semester_hours": "20",
        "program_month": "5",
        "program_year": str(year),
        "military": "no",
    }
    data.update(changes)
    return data


def test_checking_a_serious_applicant_program_from_the_directory(
    client, django_assert_max_num_queries
):
    from programs.choices import AccreditationStatus
    from programs.tests.factories import ProgramFactory

    program = ProgramFactory(
        slug="new-mlt", accreditation_status=AccreditationStatus.SERIOUS_APPLICANT
    )
    blank = unescape(client.get(URL, {"program": "new-mlt"}).text)
    assert "Checking for a program from the directory:" in blank
    assert "Yes, for people who finish after NAACLS granted serious applicant status" in blank
    assert "Your results" not in blank and "There is a problem" not in blank
    assert 'name="mlt_program"' not in blank  # the program answers that itself
    assert f'href="{reverse("careers:eligibility")}?program=new-mlt"' in unescape(
        client.get(program.get_absolute_url()).text
    )
    with django_assert_max_num_queries(2):
        text = unescape(client.get(URL, {"program": "new-mlt", **person()}).text)
    assert "There is a problem" not in text
    # An AAS at an accredited college: the person's 20 hours become the degree when they finish.
    assert "If you finish as planned, you could apply through 2 routes: MLT(ASCP) Route 1;" in text
    assert "ASCP accepts people who finish after NAACLS granted that status." in text


def test_checking_an_unaccredited_program_at_an_accredited_college(client):
    from programs.choices import AccreditationStatus, Agency, Credential
    from programs.tests.factories import ProgramFactory

    ProgramFactory(
        slug="college-only",
        accreditation_agency=Agency.NONE,
        accreditation_status=AccreditationStatus.NOT_ACCREDITED,
        credential=Credential.AAS,
    )
    text = unescape(client.get(URL, {"program": "college-only", **person()}).text)
    assert "If you finish as planned, you could apply through 1 route: MLT(AMT)" in text
    assert "For this route, the college's own accreditation is not enough." in text


def test_a_program_whose_award_is_not_recorded_asks_the_person_instead_of_guessing(client):
    """A listing with no credential (the school's page does not say) is not a certificate:
    the checker asks what the program awards, as it does without a program."""
    from programs.choices import AccreditationStatus, Agency
    from programs.tests.factories import ProgramFactory

    ProgramFactory(
        slug="award-unknown",
        accreditation_agency=Agency.NAACLS,
        accreditation_status=AccreditationStatus.CONTINUING,
        credential="",
    )
    blank = unescape(client.get(URL, {"program": "award-unknown"}).text)
    assert "what it awards is not recorded in our directory" in blank
    assert 'name="program_credential"' in blank
    assert 'name="mlt_program"' not in blank  # the accreditation is still the listing's

    unanswered = unescape(client.get(URL, {"program": "award-unknown", **person()}).text)
    assert "Say whether the program awards a degree or a certificate" in unanswered
    assert "awards a certificate" not in unanswered

    degree = {"program": "award-unknown", **person(program_credential="degree")}
    text = unescape(client.get(URL, degree).text)
    assert "There is a problem" not in text
    assert "you could apply through 2 routes: MLT(ASCP) Route 1;" in text
    certificate = {"program": "award-unknown", **person(program_credential="certificate")}
    text = unescape(client.get(URL, certificate).text)
    assert "Your MLT program awards a certificate, and you have no degree" in text


def test_an_unknown_or_draft_program_falls_back_to_the_general_checker(client):
    from programs.tests.factories import ProgramFactory

    ProgramFactory(slug="draft-mlt", status="draft")
    for slug in ("no-such-program", "draft-mlt", "x" * 500):
        response = client.get(URL, {"program": slug})
        assert response.status_code == 200
        text = unescape(response.text)
        assert "We could not find that program in the directory" in text
        assert 'name="mlt_program"' in text


def test_the_checker_and_the_listings_agree_on_every_accreditation():
    """One rule, two readers: the checker's answers for a program equal the listing's."""
    from datetime import date

    from careers.eligibility import ROUTES_BY_KEY as ROUTE
    from careers.eligibility import Applicant, Outcome, assess_route, program_facts
    from programs.accreditation import outlook
    from programs.choices import AccreditationStatus, Agency, Credential

    today = date(2026, 12, 1)
    for agency in Agency.values:
        for status in AccreditationStatus.values:
            for accreditor in ("Higher Learning Commission", ""):
                facts = program_facts(agency, status, accreditor, Credential.AAS)
                applicant = Applicant(
                    associate_degree=True,
                    college_accredited=facts.college_accredited,
                    mlt_program=facts.accreditation,
                    program_is_degree=facts.is_degree,
                    program_completed=date(2026, 5, 31),
                )
                listing = outlook(status, agency, accreditor)
                ascp = assess_route(ROUTE["ascp-1"], applicant, today).outcome
                amt = assess_route(ROUTE["amt-1"], applicant, today).outcome
                case = (agency, status, accreditor)
                # With no accreditor recorded, the checker asks the person to confirm the
                # college's accreditation (unconfirmed) where the listing names the program's.
                assert (ascp != Outcome.MISSES) == listing.ascp, case
                if accreditor:
                    assert (ascp == Outcome.MEETS) == listing.ascp, case
                assert (amt == Outcome.MEETS) == listing.amt, case
    # No agency named (not published, or "accredited" without the agency): the listing says
    # it is not known or not confirmed, and the checker neither passes nor fails the program.
    for status in (AccreditationStatus.UNKNOWN, AccreditationStatus.ACCREDITED):
        facts = program_facts("", status, "", Credential.AAS)
        applicant = Applicant(
            associate_degree=True,
            college_accredited=facts.college_accredited,
            mlt_program=facts.accreditation,
            program_completed=date(2026, 5, 31),
        )
        assert outlook(status, "", "").ascp_reason.startswith(("Not known", "Not confirmed"))
        for key in ("ascp-1", "amt-1"):
            assert assess_route(ROUTE[key], applicant, today).outcome == Outcome.UNCONFIRMED


def test_a_program_whose_accreditation_is_not_known_is_not_taken_for_unaccredited(client):
    """12 real listings name no agency (10 not published, 2 'accredited' by the school's
    word): the checker took each for a program without accreditation and told its students
    they did not meet ASCP Route 1."""
    from programs.choices import AccreditationStatus, Credential
    from programs.tests.factories import ProgramFactory

    ProgramFactory(
        slug="agency-unnamed",
        accreditation_agency="",
        accreditation_status=AccreditationStatus.ACCREDITED,
        credential=Credential.AAS,
    )
    text = unescape(client.get(URL, {"program": "agency-unnamed", **person()}).text)
    assert "There is a problem" not in text
    assert "Your program's accreditation is not known here: ask the program" in text
    assert "For this route, the college's own accreditation is not enough." not in text
    assert "no programmatic accreditation" not in text.lower()


def test_not_sure_how_a_program_is_accredited_is_an_answer(client):
    answers = person(mlt_program="unknown", college_accredited="yes", program_credential="degree")
    text = unescape(client.get(URL, answers).text)
    assert "There is a problem" not in text
    assert "Your program's accreditation is not known here" in text
