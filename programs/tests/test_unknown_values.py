"""Every filter's rule for a fact the school does not publish: unknown stays unknown.

Each test sets up a program that publishes the fact and one that does not, and asserts what
the filter returns AND what it leaves out.
"""

from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse

from programs.choices import (
    AccreditationStatus,
    Agency,
    ClinicalArrangement,
    Credential,
    Delivery,
    Frequency,
    LabLocation,
    SessionKind,
)
from programs.filters import ProgramFilter
from programs.models import Program

from .factories import (
    EnrollmentRestrictionFactory,
    InstitutionFactory,
    LabSessionFactory,
    ProgramFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

DAYTON = "45402"  # the factories' sites are in Dayton, OH


def found(**params) -> set[str]:
    filterset = ProgramFilter(QueryDict(urlencode(params)), queryset=Program.objects.published())
    assert not filterset.errors, filterset.errors
    return {p.name for p in filterset.qs}


def test_max_tuition_leaves_out_unknown_tuition_unless_asked():
    ProgramFactory(name="Cheap", tuition_total=5000)
    ProgramFactory(name="Dear", tuition_total=50000)
    ProgramFactory(name="Unpublished", tuition_total=None)
    assert found(max_tuition="10000") == {"Cheap"}
    assert found(max_tuition="10000", tuition_unknown="1") == {"Cheap", "Unpublished"}
    # The tick box alone filters nothing.
    assert found(tuition_unknown="1") == {"Cheap", "Dear", "Unpublished"}


def test_max_tuition_hint_says_what_happens_to_unknown_tuition(client):
    text = client.get(reverse("programs:list")).text
    assert "Programs that do not publish a total tuition are left out" in text
    assert 'name="tuition_unknown"' in text
    assert "Include programs that do not publish tuition" in text


def test_max_months_leaves_out_unknown_length():
    ProgramFactory(name="Short", length_months=12)
    ProgramFactory(name="Unknown length", length_months=None, length_text="five semesters")
    assert found(max_months="24") == {"Short"}


def test_sorting_puts_unknown_tuition_and_length_last():
    ProgramFactory(name="A unknown", tuition_total=None, length_months=None)
    ProgramFactory(name="B dear", tuition_total=20000, length_months=30)
    ProgramFactory(name="C cheap", tuition_total=3000, length_months=10)
    by = lambda sort: [  # noqa: E731
        p.name for p in ProgramFilter({"sort": sort}, queryset=Program.objects.all()).qs
    ]
    assert by("tuition") == ["C cheap", "B dear", "A unknown"]
    assert by("length") == ["C cheap", "B dear", "A unknown"]


@pytest.mark.parametrize(
    ("param", "field", "known", "unknown_value"),
    [
        ("credential", "credential", Credential.AAS, ""),
        ("delivery", "delivery", Delivery.ONLINE, ""),
        ("clinical", "clinical_arrangement", ClinicalArrangement.PROGRAM_ARRANGES, ""),
        ("agency", "accreditation_agency", Agency.NAACLS, ""),
    ],
)
def test_choice_filters_leave_out_programs_that_do_not_publish_the_fact(
    param, field, known, unknown_value
):
    ProgramFactory(name="Known", **{field: known})
    extra = (
        {"accreditation_status": AccreditationStatus.UNKNOWN} if field.startswith("accr") else {}
    )
    ProgramFactory(name="Unknown", **{field: unknown_value}, **extra)
    assert found(**{param: known}) == {"Known"}
    assert found() == {"Known", "Unknown"}  # without the filter, both are listed


def test_accreditation_not_published_is_its_own_choice():
    ProgramFactory(name="Continuing")
    ProgramFactory(
        name="Unpublished",
        accreditation_agency="",
        accreditation_status=AccreditationStatus.UNKNOWN,
    )
    ProgramFactory(name="Says accredited", accreditation_status=AccreditationStatus.ACCREDITED)
    assert found(accreditation=AccreditationStatus.UNKNOWN) == {"Unpublished"}
    assert found(accreditation=AccreditationStatus.CONTINUING) == {"Continuing"}
    # "Accredited, award not published" counts as accredited, unknown does not.
    assert set(Program.objects.accredited().values_list("name", flat=True)) == {
        "Continuing",
        "Says accredited",
    }


def test_certification_filter_needs_a_stated_accreditation():
    ProgramFactory(name="Eligible")  # NAACLS, continuing
    ProgramFactory(
        name="Not stated",
        accreditation_agency="",
        accreditation_status=AccreditationStatus.UNKNOWN,
        institution=InstitutionFactory(accreditor=""),
    )
    assert found(certification="ascp") == {"Eligible"}


def test_state_filter_leaves_out_institutions_without_a_published_state():
    ProgramFactory(name="Ohio")
    ProgramFactory(name="Nowhere", institution=InstitutionFactory(city="", state="", zip_code=""))
    assert found(state="OH") == {"Ohio"}


def test_lab_days_unknown_are_left_out_and_labs_near_the_student_are_no_campus_days():
    counted = LabSessionFactory(program__name="Counted", days=1, visits=2, total_days=4)
    LabSessionFactory(
        program__name="Days unknown",
        kind=SessionKind.LAB,
        days=None,
        visits=None,
        total_days=None,
        frequency=Frequency.EVERY_OTHER_WEEK,
    )
    LabSessionFactory(
        program__name="At work",
        kind=SessionKind.LAB,
        location=LabLocation.WORKPLACE,
        days=None,
        visits=None,
        total_days=None,
        frequency=Frequency.PER_COURSE,
        sites=[],
    )
    ProgramFactory(name="No sessions")
    assert found(lab="5") == {"Counted", "At work", "No sessions"}
    assert found(lab="none") == {"At work", "No sessions"}
    counted.program.refresh_from_db()
    assert counted.program.campus_days == 4
    assert Program.objects.get(name="Days unknown").campus_days is None


def test_radius_keeps_labs_near_the_student_and_leaves_out_unknown_places():
    near = SiteFactory(name="Dayton lab", zip_code=DAYTON)
    far = SiteFactory(name="Seattle lab", city="Seattle", state="WA", zip_code="98101")
    LabSessionFactory(program__name="Near campus", sites=[near])
    LabSessionFactory(program__name="Far campus", sites=[far])
    LabSessionFactory(
        program__name="Far campus or a lab near you", sites=[far], local_alternative=True
    )
    LabSessionFactory(
        program__name="Lab the student recruits",
        location=LabLocation.STUDENT_LAB,
        sites=[],
        days=None,
        total_days=None,
        frequency=Frequency.MONTHLY,
    )
    LabSessionFactory(program__name="Campus not named", sites=[], frequency=Frequency.PER_TERM)
    LabSessionFactory(
        program__name="Place unknown", location=LabLocation.UNKNOWN, sites=[], total_days=None
    )
    assert found(zip=DAYTON, radius="50") == {
        "Near campus",
        "Far campus or a lab near you",
        "Lab the student recruits",
    }


def test_distance_sort_ranks_labs_near_the_student_first():
    columbus = SiteFactory(name="Columbus lab", city="Columbus", zip_code="43215")
    LabSessionFactory(program__name="B campus 70 miles away", sites=[columbus])
    LabSessionFactory(
        program__name="C at work", location=LabLocation.WORKPLACE, sites=[], total_days=None
    )
    LabSessionFactory(program__name="A campus not named", sites=[])
    params = QueryDict(urlencode({"zip": DAYTON, "radius": "250", "sort": "distance"}))
    names = [p.name for p in ProgramFilter(params, queryset=Program.objects.all()).qs]
    assert names == ["C at work", "B campus 70 miles away"]  # the unknown place is left out


def test_enrols_filter_uses_named_states_only():
    restricted = ProgramFactory(name="Not for Californians")
    EnrollmentRestrictionFactory(program=restricted, state="CA")
    ProgramFactory(name="Works in a lab only", enrolment_note="Must already work in a lab.")
    assert found(enrolls="CA") == {"Works in a lab only"}
    assert found(enrolls="OH") == {"Not for Californians", "Works in a lab only"}


def test_detail_page_shows_unknowns_in_words_and_sources_beside_groups(client):
    program = ProgramFactory(
        tuition_total=None,
        length_months=None,
        credential="",
        clinical_arrangement="",
    )
    program.fact_sources.create(
        group="tuition", url="https://college.example/cost", title="Cost page", edition="2025-26"
    )
    LabSessionFactory(
        program=program,
        days=None,
        visits=None,
        total_days=None,
        frequency=Frequency.EVERY_OTHER_WEEK,
        notes="A lab day every other week.",
    )
    response = client.get(program.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert text.count("Not published by the school") >= 3  # credential, length, tuition...
    assert 'Source: <a href="https://college.example/cost">Cost page</a>, 2025-26' in text
    assert "days not published" in text
    assert "every other week" in text
