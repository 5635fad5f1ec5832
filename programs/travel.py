"""Trips and time away from home: what a program's campus requirements ask of one student.

Plain functions over plain values, so the rule is written once and tested by hand: the
directory card, the detail page, compare, the shared list, the CSV and the API all call
`plan_travel` (through the program adapter) and show the same figures.

The rule, as the guide explains it to students:
- each requirement is attended at the nearest site that offers it (straight-line distance);
- a requirement held at the student's own workplace, or at a lab the student recruits,
  needs no travel;
- a trip whose one-way distance is over the overnight threshold (default 50 miles) needs a
  night before the first campus day and each night between campus days, so a trip of
  `d` days costs `d` nights and one drive there and back; shorter trips are driven there
  and back each day, so a trip of `d` days costs `d` drives and no night;
- miles are straight-line ("as the crow flies"): roads are longer, so the figures are a floor;
- a trip no road makes (from Hawaii or Puerto Rico to the mainland, say: geo.road_region)
  is a flight, which the estimate does not price: its trips and nights count, its miles
  are not driven (TravelPlan.flights), and the estimate's totals say "at least";
- a requirement whose days the program does not publish counts as one day a visit; one
  whose number of visits over the program is not published counts the visits of one
  period when the school gives them per term, course or year ("3 each term": 3), else one
  visit; the totals then say "at least".
"""

from dataclasses import dataclass, field
from math import ceil

from core.formatting import lower_first

from . import geo

DEFAULT_OVERNIGHT_MILES = 50
MAX_OVERNIGHT_MILES = 3000


@dataclass(frozen=True)
class SiteOption:
    """A place where a requirement can be attended."""

    name: str
    latitude: float
    longitude: float
    key: object = None  # the caller's identity for the site (e.g. a Site pk)
    region: str = ""  # geo.road_region of its state ("": not known, taken as reachable)


@dataclass(frozen=True)
class Requirement:
    """One campus requirement of a program, over the whole program.

    `visits` is the number of visits over the whole program and `days_per_visit` the days of
    each; either is None when the program does not publish it. `at_workplace` marks a
    requirement done where the student works (or at a lab the student arranges): no travel.
    """

    label: str
    days_per_visit: int | None
    visits: int | None
    sites: tuple[SiteOption, ...] = ()
    at_workplace: bool = False
    # The program lets the student do it at a lab near home instead of its sites (with
    # `at_workplace` set: no travel counted, as LabSession.needs_travel says); the plan
    # still finds the nearest campus site, which the pages name as the other choice.
    local_alternative: bool = False
    key: object = None
    # The visits counted when `visits` is None: 1, or the visits of one period when the
    # school publishes them per period (`least_visits_basis` names it: "one term").
    least_visits: int = 1
    least_visits_basis: str = ""

    @property
    def visits_note(self) -> str:
        """Why the visits counted are a minimum (when `visits` is None)."""
        if self.least_visits_basis:
            return (
                "Visits over the whole program not published: counted as "
                f"{self.least_visits} ({self.least_visits_basis})"
            )
        return "Number of visits not published: counted as 1"


@dataclass(frozen=True)
class Leg:
    """One requirement as this student would attend it."""

    requirement: Requirement
    site: SiteOption | None  # the nearest site; None for workplace labs or no known site
    miles: float | None  # one-way straight-line miles to `site`
    trips: int
    campus_days: int
    nights: int
    overnight: bool
    days_known: bool
    visits_known: bool
    flight: bool = False  # no road from the student to `site`: the miles are not driven

    @property
    def at_workplace(self) -> bool:
        return self.requirement.at_workplace

    @property
    def site_known(self) -> bool:
        return self.at_workplace or self.site is not None

    @property
    def drives(self) -> int:
        """Drives there and back: one a trip when it stays overnight, else one a campus day."""
        return self.trips if self.overnight else self.campus_days

    @property
    def round_trip_miles(self) -> float:
        """The miles driven there and back (none for a flight)."""
        return 0.0 if self.flight else 2 * (self.miles or 0.0) * self.drives

    @property
    def exact(self) -> bool:
        return self.days_known and self.visits_known and self.site_known


@dataclass(frozen=True)
class TravelPlan:
    legs: tuple[Leg, ...]
    overnight_miles: float
    trips: int = 0
    campus_days: int = 0
    nights: int = 0
    total_miles: float = 0.0
    farthest_miles: float | None = None
    overnight_days: int = 0  # campus days spent on trips that need a night away
    at_least: bool = False
    unknown: tuple[str, ...] = field(default=())

    @property
    def travels(self) -> bool:
        return self.trips > 0

    @property
    def sites_unknown(self) -> bool:
        """Some trip goes to a place the program does not publish: its miles and nights
        are not counted, so a total of none is not known to be none."""
        return any(leg.trips and leg.site is None for leg in self.legs)

    @property
    def flights(self) -> bool:
        """Some trip needs a flight, which is not priced."""
        return any(leg.trips and leg.flight for leg in self.legs)

    @property
    def cost_is_minimum(self) -> bool:
        """The travel cost leaves something out: a figure not published, or a flight."""
        return self.at_least or self.flights

    @property
    def farthest_leg(self) -> Leg | None:
        legs = [leg for leg in self.legs if leg.miles is not None and leg.trips]
        return max(legs, key=lambda leg: leg.miles) if legs else None

    @property
    def trip_lengths(self) -> list[int]:
        """The distinct numbers of days per trip, shortest first."""
        return sorted({leg.requirement.days_per_visit or 1 for leg in self.legs if leg.trips})


def nearest(
    sites: tuple[SiteOption, ...], latitude: float, longitude: float
) -> tuple[SiteOption | None, float | None]:
    """The nearest site and its straight-line distance in miles (None, None without sites).
    Ties go to the first site listed, so the choice is stable."""
    best, best_miles = None, None
    for site in sites:
        miles = geo.haversine_miles(latitude, longitude, site.latitude, site.longitude)
        if best_miles is None or miles < best_miles:
            best, best_miles = site, miles
    return best, best_miles


def plan_leg(
    requirement: Requirement,
    latitude: float,
    longitude: float,
    overnight_miles: float,
    region: str = "",
) -> Leg:
    days_known = requirement.days_per_visit is not None
    visits_known = requirement.visits is not None
    days = requirement.days_per_visit if days_known else 1
    visits = requirement.visits if visits_known else requirement.least_visits
    site, miles = nearest(requirement.sites, latitude, longitude)
    if requirement.at_workplace:
        # No travel; a campus the student may attend instead is still named.
        if not requirement.local_alternative:
            site, miles = None, None
        return Leg(requirement, site, miles, 0, 0, 0, False, days_known, visits_known)
    flight = bool(region and site and site.region and site.region != region)
    overnight = miles is not None and (flight or miles > overnight_miles)
    nights = visits * days if overnight else 0
    return Leg(
        requirement,
        site,
        miles,
        visits,
        visits * days,
        nights,
        overnight,
        days_known,
        visits_known,
        flight,
    )


def plan_travel(
    requirements: list[Requirement] | tuple[Requirement, ...],
    latitude: float,
    longitude: float,
    overnight_miles: float = DEFAULT_OVERNIGHT_MILES,
    region: str = "",
) -> TravelPlan:
    """Trips, campus days, nights away and miles for a student at (latitude, longitude),
    in `region` (geo.road_region of the student's state; "" when not known)."""
    legs = tuple(plan_leg(r, latitude, longitude, overnight_miles, region) for r in requirements)
    unknown = []
    uncounted = False  # something unknown on a leg with trips: the figures are a minimum
    for leg in legs:
        before = len(unknown)
        label = leg.requirement.label
        if not leg.days_known:
            unknown.append(f"{label}: days not published")
        if not leg.visits_known:
            note = leg.requirement.visits_note
            unknown.append(f"{label}: {lower_first(note)}")
        if not leg.site_known:
            unknown.append(f"{label}: no site published")
        # At the student's workplace nothing is travelled, whatever is not published.
        uncounted = uncounted or (len(unknown) > before and leg.trips > 0)
    distances = [leg.miles for leg in legs if leg.miles is not None and leg.trips]
    return TravelPlan(
        legs=legs,
        overnight_miles=overnight_miles,
        trips=sum(leg.trips for leg in legs),
        campus_days=sum(leg.campus_days for leg in legs),
        nights=sum(leg.nights for leg in legs),
        total_miles=sum(leg.round_trip_miles for leg in legs),
        farthest_miles=max(distances) if distances else None,
        overnight_days=sum(leg.campus_days for leg in legs if leg.overnight),
        at_least=uncounted,
        unknown=tuple(unknown),
    )


def visits_over_program(total_days: int | None, days_per_visit: int | None) -> int | None:
    """Visits over the whole program from its published total days and days per visit:
    a requirement of 24 days in visits of 2 days is 12 visits (a part-visit counts as one)."""
    if not total_days or not days_per_visit:
        return None
    return ceil(total_days / days_per_visit)


def clean_threshold(value, default: float = DEFAULT_OVERNIGHT_MILES) -> float:
    """The overnight threshold from user input: a number of miles from 0 to 3,000, else the
    default (bad input never fails a page)."""
    try:
        miles = float(value)
    except (TypeError, ValueError):
        return default
    if miles != miles or not 0 <= miles <= MAX_OVERNIGHT_MILES:  # NaN or out of range
        return default
    return miles
