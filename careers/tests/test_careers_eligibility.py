"""careers/eligibility.py: every route, met and missed, and the edges of every limit."""

from datetime import date
from decimal import Decimal

import pytest

from careers.eligibility import (
    EXPERIENCE_AREAS,
    ROUTES,
    Applicant,
    Outcome,
    ProgramAccreditation,
    assess,
    assess_route,
    summarise,
    within_years,
)

TODAY = date(2025, 11, 22)
ROUTE = {route.key: route for route in ROUTES}
ALL_AREAS = frozenset(EXPERIENCE_AREAS)
PROGRAM = "An MLT program accredited by NAACLS or ABHES, or a NAACLS serious applicant"
ACADEMIC = "An associate degree or at least 60 semester hours, from an accredited college"


def outcome(key: str, applicant: Applicant, today: date = TODAY) -> Outcome:
    return assess_route(ROUTE[key], applicant, today).outcome


def missing(key: str, applicant: Applicant, today: date = TODAY) -> list[str]:
    return [r.text for r in assess_route(ROUTE[key], applicant, today).shortfalls]


def graduate(**changes) -> Applicant:
    """A recent graduate of a NAACLS-accredited associate degree program."""
    values = {
        "associate_degree": True,
        "mlt_program": ProgramAccreditation.NAACLS,
        "program_completed": date(2024, 5, 31),
    }
    return Applicant(**{**values, **changes})


def veteran(**changes) -> Applicant:
    values = {
        "semester_hours": 60,
        "chemistry_hours": 6,
        "biology_hours": 6,
        "military_course_completed": date(2018, 6, 30),
    }
    return Applicant(**{**values, **changes})


def experienced(**changes) -> Applicant:
    values = {
        "semester_hours": 60,
        "chemistry_hours": 6,
        "biology_hours": 6,
        "experience_years": Decimal(3),
        "experience_areas": ALL_AREAS,
    }
    return Applicant(**{**values, **changes})


# --- the date window -------------------------------------------------------------------------


def test_within_years_includes_the_day_exactly_n_years_ago():
    assert within_years(date(2020, 11, 22), 5, TODAY)
    assert not within_years(date(2020, 11, 21), 5, TODAY)
    assert within_years(TODAY, 5, TODAY)
    assert not within_years(date(2025, 11, 23), 5, TODAY)  # the future is not "within"


def test_window_from_a_leap_day():
    assert within_years(date(2019, 2, 28), 5, date(2024, 2, 29))
    assert not within_years(date(2019, 2, 27), 5, date(2024, 2, 29))


# --- ASCP Route 1 ----------------------------------------------------------------------------


def test_ascp_1_met_by_degree_and_recent_naacls_program():
    assert outcome("ascp-1", graduate()) == Outcome.MEETS


def test_ascp_1_accepts_abhes_but_not_other_or_unaccredited_programs():
    assert outcome("ascp-1", graduate(mlt_program=ProgramAccreditation.ABHES)) == Outcome.MEETS
    for program in (ProgramAccreditation.OTHER, ProgramAccreditation.UNACCREDITED):
        applicant = graduate(mlt_program=program)
        assert outcome("ascp-1", applicant) == Outcome.MISSES
        assert missing("ascp-1", applicant) == [PROGRAM]


def test_ascp_1_sixty_hours_instead_of_a_degree_edge_59_vs_60():
    """A certificate program: the person's own hours must reach 60."""
    certificate = {"associate_degree": False, "program_is_degree": False}
    assert outcome("ascp-1", graduate(**certificate, semester_hours=60)) == Outcome.MEETS
    result = assess_route(ROUTE["ascp-1"], graduate(**certificate, semester_hours=59), TODAY)
    assert result.outcome == Outcome.MISSES
    [shortfall] = result.shortfalls
    assert "59 semester hours: 1 short of 60" in shortfall.detail


def test_ascp_1_program_finished_exactly_five_years_ago_counts_a_day_more_does_not():
    assert outcome("ascp-1", graduate(program_completed=date(2020, 11, 22))) == Outcome.MEETS
    result = assess_route(ROUTE["ascp-1"], graduate(program_completed=date(2020, 11, 21)), TODAY)
    assert result.outcome == Outcome.MISSES
    [shortfall] = result.shortfalls
    assert shortfall.text == "Finished within the last 5 years"
    assert "on or after 22 November 2020" in shortfall.detail
    assert "close to the limit" in shortfall.detail


def test_finishing_an_mlt_degree_program_gives_the_degree_ascp_asks_for():
    applicant = graduate(associate_degree=False, semester_hours=0)
    result = assess_route(ROUTE["ascp-1"], applicant, TODAY)
    assert result.outcome == Outcome.MEETS
    assert "Your MLT program awards an associate degree" in result.requirements[0].detail


def test_ascp_1_without_any_program():
    applicant = Applicant(associate_degree=True)
    assert missing("ascp-1", applicant) == [PROGRAM]


# --- ASCP Route 2 ----------------------------------------------------------------------------


def test_ascp_2_is_closed_for_everyone():
    for applicant in (Applicant(), graduate(), veteran(), experienced()):
        result = assess_route(ROUTE["ascp-2"], applicant, TODAY)
        assert result.outcome == Outcome.CLOSED
        assert result.requirements == []
    assert "1 January 2023" in ROUTE["ascp-2"].closed_note


# --- ASCP Route 3 ----------------------------------------------------------------------------


def test_ascp_3_met_by_academics_and_military_course_within_ten_years():
    assert outcome("ascp-3", veteran()) == Outcome.MEETS
    assert outcome("ascp-3", veteran(military_course_completed=date(2015, 11, 22))) == (
        Outcome.MEETS
    )
    assert outcome("ascp-3", veteran(military_course_completed=date(2015, 11, 21))) == (
        Outcome.MISSES
    )


def test_ascp_3_needs_six_hours_each_of_chemistry_and_biology_even_with_a_degree():
    applicant = veteran(associate_degree=True, semester_hours=0, chemistry_hours=5)
    assert missing("ascp-3", applicant) == ["At least 6 semester hours of chemistry"]
    result = assess_route(ROUTE["ascp-3"], veteran(biology_hours=0), TODAY)
    assert [r.detail for r in result.shortfalls] == ["You have 0: 6 short of 6."]


def test_ascp_3_without_military_course():
    assert missing("ascp-3", veteran(military_course_completed=None)) == [
        "A 50-week US military medical laboratory course finished within the last 10 years"
    ]


# --- ASCP Route 4 ----------------------------------------------------------------------------


def test_ascp_4_met_with_exactly_three_years_in_all_six_areas():
    assert outcome("ascp-4", experienced()) == Outcome.MEETS


def test_ascp_4_just_under_three_years_misses_by_the_difference():
    result = assess_route(ROUTE["ascp-4"], experienced(experience_years=Decimal("2.9")), TODAY)
    assert result.outcome == Outcome.MISSES
    [shortfall] = result.shortfalls
    assert shortfall.detail == "You have 2.9 years: 0.1 years short."


def test_ascp_4_names_the_missing_areas():
    areas = ALL_AREAS - {"immunology", "urinalysis"}
    result = assess_route(ROUTE["ascp-4"], experienced(experience_areas=areas), TODAY)
    [shortfall] = result.shortfalls
    assert shortfall.detail == "Missing: immunology and urinalysis."


def test_ascp_4_academic_edge_59_hours():
    assert missing("ascp-4", experienced(semester_hours=59)) == [ACADEMIC]


# --- AMT -------------------------------------------------------------------------------------


def test_amt_1_accepts_other_recognised_accreditors_but_needs_an_mlt_degree():
    assert outcome("amt-1", graduate(mlt_program=ProgramAccreditation.OTHER)) == Outcome.MEETS
    unaccredited = graduate(mlt_program=ProgramAccreditation.UNACCREDITED, college_accredited=False)
    assert outcome("amt-1", unaccredited) == Outcome.MISSES
    certificate_only = graduate(associate_degree=False, program_is_degree=False)
    assert missing("amt-1", certificate_only) == [
        "An associate (or higher) degree in MLT, or an equivalent"
    ]


def test_amt_1_five_year_edge():
    assert outcome("amt-1", graduate(program_completed=date(2020, 11, 22))) == Outcome.MEETS
    assert outcome("amt-1", graduate(program_completed=date(2020, 11, 21))) == Outcome.MISSES


def test_amt_2_with_a_degree_and_no_hours_given_asks_for_them_instead_of_saying_0():
    """The checker read 'You have 0: 60 short of 60' to a graduate who left the hours box
    empty (found by review): a degree has hours, so an empty box is not 0."""
    result = assess_route(ROUTE["amt-2"], graduate(semester_hours=0), TODAY)
    assert result.outcome != Outcome.MISSES
    (hours, _) = result.requirements
    assert hours.met is None
    assert hours.detail.startswith("You did not give your semester hours.")
    assert outcome("amt-2", Applicant(semester_hours=0)) == Outcome.MISSES  # no degree


def test_amt_2_is_never_more_than_unconfirmed():
    assert outcome("amt-2", Applicant(semester_hours=60)) == Outcome.UNCONFIRMED
    assert outcome("amt-2", Applicant(semester_hours=59)) == Outcome.MISSES
    result = assess_route(ROUTE["amt-2"], Applicant(semester_hours=60), TODAY)
    assert [r.met for r in result.requirements] == [True, None]


def test_amt_3_military_course_within_five_years_not_ten():
    recent = Applicant(military_course_completed=date(2020, 11, 22), military_credits_accepted=True)
    older = Applicant(military_course_completed=date(2020, 11, 21), military_credits_accepted=True)
    assert outcome("amt-3", recent) == Outcome.MEETS
    assert outcome("amt-3", older) == Outcome.MISSES
    # The same course is still recent enough for ASCP Route 3's ten-year window.
    assert outcome("ascp-3", veteran(military_course_completed=date(2020, 11, 21))) == (
        Outcome.MEETS
    )


# --- everything together ---------------------------------------------------------------------


def test_assess_returns_every_route_in_order():
    results = assess(Applicant(), TODAY)
    assert [r.route.key for r in results] == [route.key for route in ROUTES]
    assert {r.outcome for r in results} == {Outcome.MISSES, Outcome.CLOSED}


@pytest.mark.parametrize(
    ("applicant", "met"),
    [
        (graduate(), {"ascp-1", "amt-1"}),
        (veteran(), {"ascp-3"}),
        (
            veteran(military_course_completed=date(2023, 1, 31), military_credits_accepted=True),
            {"ascp-3", "amt-3"},
        ),
        (experienced(), {"ascp-4"}),
        (Applicant(), set()),
    ],
)
def test_who_meets_what(applicant, met):
    results = assess(applicant, TODAY)
    assert {r.route.key for r in results if r.outcome == Outcome.MEETS} == met


# --- the cases that motivated the rules (issue #11) ------------------------------------------


def test_a_serious_applicant_graduate_can_take_ascp_route_1():
    """ASCP: students who finish after NAACLS grants serious applicant status may test."""
    applicant = graduate(mlt_program=ProgramAccreditation.NAACLS_SERIOUS)
    result = assess_route(ROUTE["ascp-1"], applicant, TODAY)
    assert result.outcome == Outcome.MEETS
    assert "finish after NAACLS granted that status" in result.requirements[1].detail
    # Not NAACLS accreditation yet: AMT counts it only through the college's accreditation.
    assert outcome("amt-1", applicant) == Outcome.MEETS
    assert (
        outcome(
            "amt-1",
            graduate(mlt_program=ProgramAccreditation.NAACLS_SERIOUS, college_accredited=False),
        )
        == Outcome.MISSES
    )


def test_institutionally_accredited_college_without_programmatic_accreditation():
    """AMT accepts a program OR an institution accredited by a recognised agency; ASCP does not."""
    applicant = graduate(mlt_program=ProgramAccreditation.UNACCREDITED, college_accredited=True)
    assert outcome("amt-1", applicant) == Outcome.MEETS
    assert missing("ascp-1", applicant) == [PROGRAM]
    unsure = graduate(mlt_program=ProgramAccreditation.UNACCREDITED, college_accredited=None)
    assert outcome("amt-1", unsure) == Outcome.UNCONFIRMED
    summary = summarise(assess(applicant, TODAY), applicant, TODAY)
    assert [r.route.key for r in summary.met] == ["amt-1"]


def test_a_veteran_without_college_credit_is_told_the_nearest_route_and_what_is_missing():
    """AMT's military route needs the credits earned at or accepted by an accredited college."""
    applicant = Applicant(military_course_completed=date(2024, 6, 30))
    results = assess(applicant, TODAY)
    assert {r.route.key for r in results if r.outcome == Outcome.MEETS} == set()
    summary = summarise(results, applicant, TODAY)
    assert summary.nearest.route.key == "amt-3"
    assert [r.text for r in summary.nearest.shortfalls] == [
        "The course's credits earned at, or accepted for transfer by, an accredited college "
        "toward a degree"
    ]
    accepted = Applicant(
        military_course_completed=date(2024, 6, 30), military_credits_accepted=True
    )
    assert outcome("amt-3", accepted) == Outcome.MEETS
    # ASCP Route 3 still needs the degree or 60 hours, with the sciences.
    assert missing("ascp-3", accepted)[0] == ACADEMIC


def test_an_unrelated_degree_plus_an_accredited_certificate():
    """120 hours of business plus a NAACLS certificate: ASCP Route 1; AMT asks for an MLT degree."""
    applicant = Applicant(
        semester_hours=120,
        mlt_program=ProgramAccreditation.NAACLS,
        program_is_degree=False,
        program_completed=date(2025, 5, 31),
    )
    assert outcome("ascp-1", applicant) == Outcome.MEETS
    assert outcome("amt-1", applicant) == Outcome.UNCONFIRMED
    unaccredited_college = Applicant(**{**applicant.__dict__, "college_accredited": False})
    assert missing("ascp-1", unaccredited_college) == [ACADEMIC]


def test_an_older_graduate_with_recent_work_qualifies_through_experience():
    applicant = Applicant(
        associate_degree=True,
        chemistry_hours=8,
        biology_hours=8,
        mlt_program=ProgramAccreditation.NAACLS,
        program_completed=date(2012, 5, 31),
        experience_years=Decimal("3.5"),
        experience_areas=ALL_AREAS,
    )
    assert missing("ascp-1", applicant) == ["Finished within the last 5 years"]
    assert outcome("ascp-4", applicant) == Outcome.MEETS
    summary = summarise(assess(applicant, TODAY), applicant, TODAY)
    assert [r.route.key for r in summary.met] == ["ascp-4"]
    assert summary.nearest is None
    abroad = Applicant(**{**applicant.__dict__, "experience_acceptable_lab": False})
    assert missing("ascp-4", abroad) == ["In the US or Canada, or in an accredited laboratory"]


def test_a_planned_completion_date_is_assessed_as_if_finished_then():
    applicant = graduate(program_completed=date(2028, 5, 31))
    assert outcome("ascp-1", applicant) == Outcome.MEETS
    result = assess_route(ROUTE["ascp-1"], applicant, TODAY)
    assert "You plan to finish in May 2028" in result.requirements[-1].detail
    assert "until May 2033" in result.requirements[-1].detail
    assert summarise(assess(applicant, TODAY), applicant, TODAY).planned == date(2028, 5, 31)
    assert summarise(assess(graduate(), TODAY), graduate(), TODAY).planned is None
