"""Models, querysets and the database constraints that must always hold."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.dates import months_before
from programs import geo
from programs.choices import AccreditationStatus, Agency, PublicationStatus
from programs.models import Program, Site
from programs.tests.factories import (
    EnrollmentRestrictionFactory,
    InstitutionFactory,
    LabSessionFactory,
    ProgramFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


def breaks_constraint(**changes):
    """Apply `changes` to a valid program with a raw UPDATE and report whether the database
    refused it."""
    program = ProgramFactory()
    try:
        with transaction.atomic():
            Program.objects.filter(pk=program.pk).update(**changes)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize("field", ["pass_rate", "graduation_rate", "placement_rate"])
def test_rates_must_be_between_0_and_100(field):
    assert breaks_constraint(**{field: 101})
    assert not breaks_constraint(**{field: 100})
    assert not breaks_constraint(**{field: None})


@pytest.mark.parametrize("field", ["tuition_total", "tuition_in_state", "tuition_out_of_state"])
def test_money_cannot_be_negative(field):
    assert breaks_constraint(**{field: -1})
    assert not breaks_constraint(**{field: 0})


def test_slug_is_unique():
    ProgramFactory(slug="same-slug")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(slug="same-slug")


def test_next_review_must_follow_award():
    award = datetime.date(2024, 4, 1)
    assert breaks_constraint(accreditation_awarded=award, accreditation_next_review=award)
    assert not breaks_constraint(
        accreditation_awarded=award, accreditation_next_review=datetime.date(2031, 4, 1)
    )


def test_agency_none_goes_with_not_accredited():
    assert breaks_constraint(accreditation_agency=Agency.NONE)
    assert breaks_constraint(accreditation_status=AccreditationStatus.NOT_ACCREDITED)
    assert not breaks_constraint(
        accreditation_agency=Agency.NONE, accreditation_status=AccreditationStatus.NOT_ACCREDITED
    )


# Every agency/status pair the listings may record; the rest are refused.
ALLOWED_PAIRS = {
    *(
        (agency, status)
        for agency in (Agency.NAACLS, Agency.ABHES)
        for status in AccreditationStatus
        if status != AccreditationStatus.NOT_ACCREDITED
    ),
    (Agency.NONE, AccreditationStatus.NOT_ACCREDITED),
    ("", AccreditationStatus.UNKNOWN),
    # The school says "accredited" without naming the award or the agency (two real listings).
    ("", AccreditationStatus.ACCREDITED),
}


@pytest.mark.parametrize("agency", [*Agency.values, ""])
@pytest.mark.parametrize("status", AccreditationStatus.values)
def test_an_award_needs_its_agency_in_the_database_and_the_form(agency, status):
    """An empty agency with an agency's award ('continuing') showed the badge "Accredited"
    beside an ASCP line saying the program is not accredited. The database constraint and
    Program.clean() accept exactly the same pairs."""
    allowed = (agency, status) in ALLOWED_PAIRS
    assert breaks_constraint(accreditation_agency=agency, accreditation_status=status) != allowed
    program = ProgramFactory.build(
        institution=InstitutionFactory(), accreditation_agency=agency, accreditation_status=status
    )
    errors = {}
    try:
        program.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    assert ("accreditation_status" not in errors) == allowed, errors
    if agency == "" and not allowed and status != AccreditationStatus.NOT_ACCREDITED:
        assert "is an accrediting agency's status: choose the agency" in str(errors)


def test_length_must_be_positive():
    assert breaks_constraint(length_months=0)


def test_unknown_choice_values_are_refused():
    assert breaks_constraint(credential="phd")
    assert breaks_constraint(status="hidden")


def test_lab_session_days_at_least_one():
    session = LabSessionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(session).objects.filter(pk=session.pk).update(days=0)


def test_lab_session_total_covers_its_visits():
    session = LabSessionFactory(days=2, visits=3, total_days=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(session).objects.filter(pk=session.pk).update(total_days=5)


def test_a_once_only_sessions_total_is_its_days_times_visits():
    """The admin's form stored 1 for 'exam: 1 day x 1 once' whatever total was typed, while
    the import stored the 10 a file gave: one rule now (LabSession.counted_total_days)."""
    session = LabSessionFactory.build(
        program=ProgramFactory(), frequency="once", days=2, visits=3, total_days=10
    )
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    assert excinfo.value.message_dict["total_days"] == [
        "A session held once lasts days per visit times visits (6 days in all); you entered 10."
    ]
    for total in (6, None):  # the count, or not published
        session.total_days = total
        session.full_clean()
    session.frequency, session.total_days = "per_term", 24  # a repeating one: the school's
    session.full_clean()


def test_enrollment_restriction_unique_per_state():
    restriction = EnrollmentRestrictionFactory(state="NY")
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentRestrictionFactory(program=restriction.program, state="NY")


def test_site_coordinates_come_from_zip():
    site = SiteFactory(zip_code="43210", city="Columbus", state="OH")
    assert round(site.latitude, 2) == 40.0
    assert round(site.longitude, 2) == -83.02


def test_site_unknown_zip_is_a_validation_error_not_a_crash():
    site = Site(name="Nowhere lab", city="Nowhere", state="OH", zip_code="00000")
    with pytest.raises(ValidationError) as excinfo:
        site.full_clean()
    assert "zip_code" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        site.save()
    assert not Site.objects.filter(name="Nowhere lab").exists()


def test_site_zip_must_be_in_its_state():
    site = Site(name="Wrong state lab", city="Dayton", state="KY", zip_code="45402")
    with pytest.raises(ValidationError) as excinfo:
        site.full_clean()
    assert "is in OH" in str(excinfo.value)


def test_institution_zip_validated():
    institution = InstitutionFactory.build(zip_code="99999")
    with pytest.raises(ValidationError) as excinfo:
        institution.full_clean()
    assert "zip_code" in excinfo.value.message_dict


def test_program_clean_reports_inconsistent_accreditation():
    program = ProgramFactory.build(
        institution=InstitutionFactory(), accreditation_agency=Agency.NONE, pass_rate=120
    )
    with pytest.raises(ValidationError) as excinfo:
        program.full_clean()
    assert {"accreditation_status", "pass_rate"} <= set(excinfo.value.message_dict)


def test_published_returns_published_and_leaves_out_drafts_and_archived():
    published = ProgramFactory(status=PublicationStatus.PUBLISHED)
    ProgramFactory(status=PublicationStatus.DRAFT)
    ProgramFactory(status=PublicationStatus.ARCHIVED)
    assert list(Program.objects.published()) == [published]


def test_accredited_leaves_out_serious_applicants_and_unaccredited():
    accredited = ProgramFactory(accreditation_status=AccreditationStatus.INITIAL)
    ProgramFactory(accreditation_status=AccreditationStatus.SERIOUS_APPLICANT)
    ProgramFactory(
        accreditation_agency=Agency.NONE, accreditation_status=AccreditationStatus.NOT_ACCREDITED
    )
    assert list(Program.objects.accredited()) == [accredited]


def test_enrolling_leaves_out_programs_that_cannot_enrol_the_state():
    open_program = ProgramFactory()
    closed = EnrollmentRestrictionFactory(state="OH").program
    assert list(Program.objects.enrolling("OH")) == [open_program]
    assert set(Program.objects.enrolling("TX")) == {open_program, closed}


def test_stale_uses_the_configured_period(settings):
    settings.STALE_AFTER_MONTHS = 12
    today = datetime.date(2026, 11, 22)
    fresh = ProgramFactory(last_verified=datetime.date(2025, 11, 22))
    old = ProgramFactory(last_verified=datetime.date(2025, 11, 21))
    assert list(Program.objects.stale(today)) == [old]
    assert fresh not in Program.objects.stale(today)


def test_months_before_clamps_month_end():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 12) == datetime.date(2025, 1, 15)


def test_travel_miles_is_the_largest_nearest_site_distance():
    dayton = SiteFactory(zip_code="45402", city="Dayton", state="OH")
    cleveland = SiteFactory(zip_code="44114", city="Cleveland", state="OH")
    cincinnati = SiteFactory(zip_code="45202", city="Cincinnati", state="OH")
    program = ProgramFactory()
    LabSessionFactory(program=program, sites=[dayton, cleveland])
    LabSessionFactory(program=program, sites=[cincinnati])
    origin = geo.lookup_zip("43210")  # Columbus
    # Session 1: nearest is Dayton (~64 mi); session 2: only Cincinnati (~99 mi).
    miles = Program.objects.with_details().get(pk=program.pk).travel_miles(origin)
    assert 95 < miles < 105


def test_lab_summary_wording():
    session = LabSessionFactory(days=2, visits=3)
    assert session.summary == "Weekend labs: 3 visits each term, 2 days each"


def test_str_and_absolute_url():
    program = ProgramFactory(slug="abc-mlt", name="MLT AAS")
    assert str(program) == f"MLT AAS, {program.institution.name}"
    assert program.get_absolute_url() == "/programs/abc-mlt/"


def test_campus_days_follow_the_lab_sessions_even_from_stale_copies():
    program = ProgramFactory()
    assert program.campus_days == 0
    first = LabSessionFactory(program=program, days=2, visits=3, total_days=24)
    LabSessionFactory(program=program, days=1, visits=1, total_days=4)
    program.refresh_from_db()
    assert program.campus_days == 28
    stale = Program.objects.get(pk=program.pk)
    first.total_days = 30
    first.save()
    stale.name = "Renamed"
    stale.campus_days = 0  # a stale or wrong in-memory value must not win
    stale.save()
    program.refresh_from_db()
    assert (program.name, program.campus_days) == ("Renamed", 34)
    first.delete()
    program.refresh_from_db()
    assert program.campus_days == 4


@pytest.mark.parametrize("slug", ["feed", "compare"])
def test_a_slug_that_is_a_directory_page_is_refused(slug):
    program = ProgramFactory.build(slug=slug)
    with pytest.raises(ValidationError) as refused:
        program.clean_fields(exclude=["institution"])
    assert f"/programs/{slug}/" in refused.value.message_dict["slug"][0]
    ProgramFactory.build(slug=f"{slug}-college-aas").clean_fields(exclude=["institution"])


def test_only_a_campus_session_may_be_done_near_home_instead():
    """A workplace session also marked "may be done at a lab near the student instead" read
    "at the student's own workplace laboratory, or at an approved laboratory near the
    student instead" on the card, and the cost said "lets you do its campus labs near you"."""
    session = LabSessionFactory.build(location="workplace", local_alternative=True)
    with pytest.raises(ValidationError) as refused:
        session.clean()
    assert "Only a campus session" in refused.value.message_dict["local_alternative"][0]
    for location in ("campus", "unknown"):
        LabSessionFactory.build(location=location, local_alternative=True).clean()
