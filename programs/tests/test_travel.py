"""The travel rule, checked against hand calculations.

Distances are chosen so the hand calculation is easy: points on one meridian, where one degree
of latitude is 2 * pi * 3958.8 / 360 = 69.0934 miles (geo.EARTH_RADIUS_MILES = 3958.8).
"""

import math

import pytest

from programs import travel
from programs.travel import Requirement, SiteOption

ONE_DEGREE = 2 * math.pi * 3958.8 / 360  # 69.0934 miles
HOME = (40.0, -83.0)

NORTH = SiteOption("North campus", 41.0, -83.0, key="north")  # 69.09 miles away
SOUTH = SiteOption("South campus", 38.0, -83.0, key="south")  # 138.19 miles away
NEAR = SiteOption("Near lab", 40.5, -83.0, key="near")  # 34.55 miles away


def plan(*requirements, overnight=travel.DEFAULT_OVERNIGHT_MILES):
    return travel.plan_travel(list(requirements), *HOME, overnight_miles=overnight)


def test_two_alternative_sites_choose_the_nearest():
    # 4 visits of 2 days, offered at North (69.09 mi) or South (138.19 mi): North is chosen;
    # it is over 50 miles, so each trip needs the night before and the night between days.
    result = plan(Requirement("Weekend labs", 2, 4, (SOUTH, NORTH)))
    (leg,) = result.legs
    assert leg.site is NORTH
    assert leg.miles == pytest.approx(ONE_DEGREE, abs=0.01)
    assert result.trips == 4
    assert result.campus_days == 8
    assert result.nights == 8  # 4 trips x (1 night before + 1 night between the 2 days)
    assert result.total_miles == pytest.approx(4 * 2 * ONE_DEGREE, abs=0.05)  # 552.75
    assert result.farthest_miles == pytest.approx(69.09, abs=0.01)
    assert result.overnight_days == 8
    assert result.at_least is False
    assert result.unknown == ()


def test_a_trip_under_the_threshold_needs_no_night():
    result = plan(Requirement("Lab days", 3, 2, (NEAR,)))
    assert (result.trips, result.campus_days, result.nights) == (2, 6, 0)
    # Driven there and back on each of the 6 campus days, not once a trip.
    assert result.total_miles == pytest.approx(6 * 2 * ONE_DEGREE / 2, abs=0.05)  # 414.56
    assert result.overnight_days == 0


def test_the_student_can_move_the_threshold():
    requirement = Requirement("Weekend labs", 2, 4, (NORTH,))
    assert plan(requirement, overnight=100).nights == 0
    assert plan(requirement, overnight=60).nights == 8
    # Exactly at the threshold is not "over" it.
    assert plan(Requirement("x", 1, 1, (NORTH,)), overnight=ONE_DEGREE + 1e-9).nights == 0


def test_unknown_days_count_one_day_and_say_at_least():
    result = plan(
        Requirement("Orientation", 1, 1, (NORTH,)),
        Requirement("Skills check", None, 3, (NEAR,)),
    )
    orientation, skills = result.legs
    assert skills.days_known is False
    assert (skills.trips, skills.campus_days, skills.nights) == (3, 3, 0)
    assert result.trips == 4
    assert result.campus_days == 4  # at least: 1 + 3 x (at least 1)
    assert result.nights == 1  # the orientation at North, 69 miles away
    assert result.total_miles == pytest.approx(2 * ONE_DEGREE + 3 * ONE_DEGREE, abs=0.05)
    assert result.farthest_miles == pytest.approx(ONE_DEGREE, abs=0.01)
    assert result.at_least is True
    assert result.unknown == ("Skills check: days not published",)


def test_labs_at_the_students_workplace_need_no_travel():
    result = plan(Requirement("Student laboratory practicum", 5, 10, (), at_workplace=True))
    (leg,) = result.legs
    assert leg.site is None and leg.at_workplace and leg.exact
    assert (result.trips, result.campus_days, result.nights, result.total_miles) == (0, 0, 0, 0)
    assert result.farthest_miles is None
    assert result.travels is False
    assert result.at_least is False


def test_workplace_labs_beside_a_campus_visit_count_only_the_visit():
    result = plan(
        Requirement("Workplace labs", 5, 10, (), at_workplace=True),
        Requirement("Capstone", 2, 1, (SOUTH, NORTH)),
    )
    assert (result.trips, result.campus_days, result.nights) == (1, 2, 2)
    assert result.total_miles == pytest.approx(2 * ONE_DEGREE, abs=0.01)
    assert result.farthest_leg.requirement.label == "Capstone"


def test_a_requirement_without_sites_is_unknown_not_zero_miles():
    result = plan(Requirement("Lab week", 5, 1, ()))
    (leg,) = result.legs
    assert leg.site is None and leg.miles is None and not leg.site_known
    assert result.trips == 1 and result.nights == 0 and result.total_miles == 0
    assert result.at_least is True
    assert result.unknown == ("Lab week: no site published",)


def test_unknown_visits_count_one_visit():
    result = plan(Requirement("Labs", 2, None, (NORTH,)))
    assert (result.trips, result.campus_days, result.nights) == (1, 2, 2)
    assert result.unknown == ("Labs: number of visits not published: counted as 1",)


def test_no_requirements_means_no_travel():
    result = plan()
    assert (result.trips, result.nights, result.total_miles, result.at_least) == (0, 0, 0, False)


def test_ties_keep_the_first_site():
    twin = SiteOption("Twin", 41.0, -83.0)
    assert plan(Requirement("x", 1, 1, (NORTH, twin))).legs[0].site is NORTH


@pytest.mark.parametrize(
    ("total", "days", "visits"),
    [(24, 2, 12), (5, 2, 3), (1, 1, 1), (None, 2, None), (8, None, None), (0, 2, None)],
)
def test_visits_over_program(total, days, visits):
    assert travel.visits_over_program(total, days) == visits


@pytest.mark.parametrize(
    ("value", "miles"),
    [("75", 75.0), ("0", 0.0), (None, 50), ("", 50), ("abc", 50), ("-1", 50), ("1e9", 50)],
)
def test_clean_threshold(value, miles):
    assert travel.clean_threshold(value) == miles


def test_clean_threshold_rejects_nan_and_infinity():
    assert travel.clean_threshold("nan") == 50
    assert travel.clean_threshold("inf") == 50


def test_workplace_labs_whose_days_are_not_published_still_need_no_travel():
    """Days and visits unknown at the student's workplace leave nothing uncounted: no trips,
    so the travel is none, not 'at least' none (compare read 'Travel cost: at least $0')."""
    result = plan(Requirement("Student labs", None, None, (), at_workplace=True))
    assert (result.trips, result.nights, result.total_miles) == (0, 0, 0)
    assert result.at_least is False
    assert result.unknown == (
        "Student labs: days not published",
        "Student labs: number of visits not published: counted as 1",
    )


def test_a_trip_no_road_makes_is_a_flight_its_nights_count_and_its_miles_are_not_driven():
    """From Hawaii, the nearest mainland campus is thousands of miles away: the page priced
    driving there. A flight is not priced, so the driving is not counted (a minimum), while
    the nights away still are."""
    mainland = SiteOption("Mainland campus", 41.0, -83.0, key="m", region="mainland")
    lab = Requirement("Campus labs", 2, 3, (mainland,))
    flight = travel.plan_travel([lab], *HOME, region="HI")
    (leg,) = flight.legs
    assert (leg.flight, leg.overnight, leg.trips, leg.nights) == (True, True, 3, 6)
    assert (leg.round_trip_miles, flight.total_miles) == (0.0, 0.0)
    # The trips and nights are known; only their cost is not.
    assert flight.flights and not flight.at_least and flight.unknown == ()
    # The same trip from the mainland, or with no region known, is driven (69 miles: a
    # night before and between the two days).
    for region in ("mainland", ""):
        driven = travel.plan_travel([lab], *HOME, region=region)
        assert not driven.flights
        assert driven.total_miles == pytest.approx(3 * 2 * ONE_DEGREE, abs=0.05)
        assert driven.nights == 6
    # A flight is overnight even when the crow's distance is under the threshold.
    near = Requirement("Campus labs", 1, 1, (SiteOption("Near", 40.5, -83.0, region="PR"),))
    assert travel.plan_travel([near], *HOME, region="mainland").nights == 1
