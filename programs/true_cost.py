"""What a program really takes from one student: trips, nights away, miles and the whole cost.

The one place that turns a Program (with its prefetched lab sessions and sites) and a
student's ZIP into `travel.plan_travel` and `estimate.estimate`, so the card, the detail page,
compare, the shared list, the CSV and the API show the same figures. The rules themselves live
in travel.py and estimate.py.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.utils.text import capfirst

from core import formatting
from core.formatting import miles, money

from . import estimate, geo, travel, usmap
from .choices import Frequency
from .models.sessions import ONE_PERIOD

# The query parameters a student may set, with the rule that reads each.
OPTION_PARAMETERS = ("overnight", "mileage_rate", "lodging_rate", "meals_rate", "tuition", "fees")


@dataclass(frozen=True)
class Options:
    """The student's own figures; None keeps the published or federal figure."""

    overnight_miles: float = travel.DEFAULT_OVERNIGHT_MILES
    mileage: Decimal | None = None
    lodging: Decimal | None = None
    meals: Decimal | None = None
    tuition: Decimal | None = None
    fees: Decimal | None = None

    @classmethod
    def from_query(cls, query) -> "Options":
        """From request.GET (or any mapping); bad values fall back to our figures."""
        return cls(
            overnight_miles=travel.clean_threshold(query.get("overnight")),
            mileage=estimate.parse_amount(query.get("mileage_rate")),
            lodging=estimate.parse_amount(query.get("lodging_rate")),
            meals=estimate.parse_amount(query.get("meals_rate")),
            tuition=estimate.parse_amount(query.get("tuition")),
            fees=estimate.parse_amount(query.get("fees")),
        )

    def rates(self, base: estimate.Rates | None = None) -> estimate.Rates:
        base = base or current_rates()
        return base.with_amounts(mileage=self.mileage, lodging=self.lodging, meals=self.meals)


def student_query(origin: geo.Place | None, options: Options | None = None) -> str:
    """The query string that carries the student's place from page to page (a card's link,
    the compare tray, the compare page's links): the ZIP and, when the student changed it,
    the overnight distance, so the next page counts the same trips and nights. Empty
    without a ZIP (the threshold means nothing without one)."""
    if origin is None:
        return ""
    query = {"zip": origin.zip_code}
    if options is not None and options.overnight_miles != travel.DEFAULT_OVERNIGHT_MILES:
        query["overnight"] = f"{options.overnight_miles:g}"
    return urlencode(query)


def current_rates() -> estimate.Rates:
    """The federal rates in force for estimates: the curators' figures (admin: Travel
    rates), else the defaults in estimate.py. Cached until a rate changes, and read from
    the cache once per request (a page with a ZIP code asks for them for each card)."""
    from . import generation

    return generation.once_per_request("travel rates", _cached_rates)


def _cached_rates() -> estimate.Rates:
    from django.core.cache import cache

    from .models.rates import RATES_CACHE_KEY, TravelRate

    rates = cache.get(RATES_CACHE_KEY)
    if rates is None:
        found = dict(estimate.DEFAULT_RATES)
        for row in TravelRate.objects.all():
            default = estimate.DEFAULT_RATES[row.kind]
            found[row.kind] = estimate.Rate(
                key=row.kind,
                label=default.label,
                amount=row.amount.normalize() if row.amount % 1 else row.amount.quantize(1),
                unit=default.unit,
                period=row.period,
                publisher=row.publisher,
                source_url=row.source_url,
                checked=row.checked.isoformat(),
                note=row.note,
            )
        rates = estimate.Rates(**found)
        cache.set(RATES_CACHE_KEY, rates, 3600)
    return rates


def requirements_for(program) -> list[travel.Requirement]:
    """The program's campus requirements as the travel rule reads them."""
    requirements = []
    for session in program.lab_sessions.all():
        days = session.days or None
        visits = travel.visits_over_program(session.total_days, days)
        if visits is None and session.frequency == Frequency.ONCE:
            visits = session.visits or None
        least, basis = 1, ""
        if visits is None and session.visits and session.frequency in ONE_PERIOD:
            least, basis = session.visits, ONE_PERIOD[session.frequency]
        requirements.append(
            travel.Requirement(
                label=session.get_kind_display(),
                days_per_visit=days,
                visits=visits,
                sites=tuple(
                    travel.SiteOption(
                        site.name,
                        site.latitude,
                        site.longitude,
                        key=site.pk,
                        region=geo.road_region(site.state),
                    )
                    for site in session.sites.all()
                ),
                at_workplace=not session.needs_travel,
                local_alternative=session.local_alternative,
                key=session.pk,
                least_visits=least,
                least_visits_basis=basis,
            )
        )
    return requirements


def tuition_facts(program) -> estimate.TuitionFacts:
    per_credit = program.tuition_per_credit
    return estimate.TuitionFacts(
        total=program.tuition_total,
        in_state=program.tuition_in_state,
        out_of_state=program.tuition_out_of_state,
        per_credit=None if per_credit is None else Decimal(per_credit),
        credits=program.credit_hours,
        fees=program.fees_total,
        fees_per_credit=program.fees_per_credit,
        fees_in_tuition=program.fees_in_tuition,
        institution_state=program.institution.state,
        year=f"as checked {program.last_verified:%-d %b %Y}" if program.last_verified else "",
        source_url=program.source_url,
    )


@dataclass(frozen=True)
class Burden:
    """One program for one student: the travel plan (None without a ZIP) and the estimate."""

    plan: travel.TravelPlan | None
    estimate: estimate.Estimate
    origin: geo.Place | None
    # Why the program counts no trips from anywhere ("" when some session needs travel).
    no_trips: str = ""

    @property
    def trips_line(self) -> str:
        return trips_line(self.plan)

    @property
    def minimum_because(self) -> str:
        """Why the estimated total is a minimum ("" when it is not one)."""
        if not self.estimate.at_least:
            return ""
        flights = bool(self.plan and self.plan.flights)
        unpublished = bool(self.plan and self.plan.at_least) or any(
            term.amount is None and term.basis != formatting.FLIGHT_NOT_PRICED
            for term in self.estimate.terms
        )
        reasons = ["flights are not priced"] if flights else []
        if unpublished or not flights:
            reasons.append("some terms are not published")
        return ", and ".join(reasons)

    @property
    def cost_line(self) -> str:
        """The trips, nights and travel cost in a line; without a ZIP, why there are no
        trips when none are needed from anywhere, else empty."""
        return self.no_trips if self.plan is None else cost_line(self.plan, self.estimate)

    def as_data(self) -> dict:
        """The same figures for the API and the CSV (whole dollars and miles)."""
        plan, est = self.plan, self.estimate
        data = {
            "estimated_total": None if est.total_unknown else int(est.total),
            "estimated_total_is_minimum": est.at_least,
            # None without a ZIP (unless no trips are needed from anywhere), or when nothing
            # could be counted for want of a site.
            "estimated_travel_cost": _travel_cost(plan, est, self.no_trips),
        }
        if plan is None:
            data.update(trips=None, nights_away=None, campus_days=None, total_miles=None)
            data.update(farthest_trip_miles=None)
            return data
        data.update(
            trips=plan.trips,
            nights_away=plan.nights,
            campus_days=plan.campus_days,
            total_miles=round(plan.total_miles),
            farthest_trip_miles=None if plan.farthest_miles is None else round(plan.farthest_miles),
            travel_is_minimum=plan.cost_is_minimum,
        )
        return data


def burden(program, origin: geo.Place | None, options: Options | None = None) -> Burden:
    """The program's burden for this student, worked out once per program object (the card,
    the compare rows, the CSV and the API ask for it several times per request)."""
    options = options or Options()
    cache = program.__dict__.setdefault("_burden_cache", {})
    key = (origin, options)
    if key not in cache:
        cache[key] = _burden(program, origin, options)
    return cache[key]


def _burden(program, origin: geo.Place | None, options: Options) -> Burden:
    plan = None
    requirements = requirements_for(program)
    no_trips = "" if program.needs_travel else no_trips_reason(requirements)
    if origin is not None:
        plan = travel.plan_travel(
            requirements,
            origin.latitude,
            origin.longitude,
            options.overnight_miles,
            region=geo.road_region(origin.state),
        )
    result = estimate.estimate(
        tuition_facts(program),
        plan,
        options.rates(),
        student_state=origin.state if origin else "",
        tuition=options.tuition,
        fees=options.fees,
        no_trips=no_trips,
    )
    return Burden(plan, result, origin, no_trips)


def about_dollars(amount: Decimal) -> str:
    """A rounded figure for a sentence: $1,876 -> '$1,900'; $434 -> '$430'; $6 -> '$6'."""
    step = Decimal(100) if amount >= 1000 else Decimal(10) if amount >= 100 else Decimal(1)
    rounded = (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    return money(rounded)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _travel_cost(plan, est, no_trips: str) -> int | None:
    if plan is None:
        return 0 if no_trips else None
    return None if plan.sites_unknown and not est.travel else int(est.travel)


def no_trips_reason(requirements) -> str:
    """Why these requirements count no trips (for a program none of whose requirements
    needs travel: no campus sessions, labs near the student instead, or at their work)."""
    if not requirements:
        return formatting.NO_TRIPS
    if any(r.local_alternative for r in requirements):
        return formatting.LOCAL_LABS_INSTEAD
    return formatting.LABS_NEAR_YOU


def cost_line(plan: travel.TravelPlan | None, est: estimate.Estimate) -> str:
    """'4 trips, 6 nights away, about $1,900 of travel' (empty without a ZIP)."""
    if plan is None:
        return ""
    if not plan.trips:
        return no_trips_reason([leg.requirement for leg in plan.legs])
    least = "at least " if plan.at_least else ""
    trips = f"{least}{plural(plan.trips, 'trip')}"
    if plan.sites_unknown and not plan.nights and not est.travel:
        text = f"{trips}; where is not published, so the nights away and travel cost are not known"
    else:
        nights = plural(plan.nights, "night") + " away" if plan.nights else "no nights away"
        if plan.sites_unknown and not plan.nights:
            nights = "nights away not known"
        text = f"{trips}, {nights}, about {about_dollars(est.travel)} of travel"
        if plan.sites_unknown:
            text += " to the sites published"
        if plan.flights:
            text += ", not counting flights"
    return capfirst(text)


def trips_line(plan: travel.TravelPlan | None) -> str:
    """'4 trips of 2 days, about 99 miles in a straight line each way'."""
    if plan is None or not plan.trips:
        return ""
    lengths = plan.trip_lengths
    days = plural(lengths[0], "day") if len(lengths) == 1 else f"{lengths[0]} to {lengths[-1]} days"
    unknown_days = any(not leg.days_known for leg in plan.legs if leg.trips)
    least = "at least " if plan.at_least else ""
    text = f"{least}{plural(plan.trips, 'trip')} of {days}"
    if unknown_days:
        text += " (days not published for some)"
    travelled = [leg for leg in plan.legs if leg.trips]
    if any(not leg.overnight and leg.campus_days > leg.trips for leg in travelled):
        # travel.Leg.drives: a trip of several days without a night away is a drive a day.
        overnight = any(leg.overnight for leg in travelled)
        text += (
            ", day trips driven there and back each day"
            if overnight
            else (", driven there and back each day")
        )
    distances = {round(leg.miles) for leg in plan.legs if leg.trips and leg.miles is not None}
    if len(distances) == 1:
        text += f", {miles(distances.pop())} each way"
    elif distances:
        text += f", up to {miles(max(distances)).removeprefix('about ')} each way"
    return capfirst(text)


@dataclass(frozen=True)
class MapPlace:
    """A row of the map's text alternative, numbered as on the map."""

    number: str
    name: str
    location: str
    miles: float | None
    nearest_for: tuple[str, ...]  # requirements this is the nearest site for
    offered_for: tuple[str, ...]  # every requirement held here


@dataclass(frozen=True)
class TravelMap:
    view: usmap.MapView
    places: tuple[MapPlace, ...]
    origin: geo.Place | None
    radius_miles: float | None

    @property
    def home_on_map(self) -> bool:
        return any(m.kind == "home" for m in self.view.markers)


def travel_map(program, result: Burden, radius_miles: float | None = None) -> TravelMap | None:
    """The map of where the program's requirements happen, for this student (None when the
    program has no site to show)."""
    chosen: dict[object, list[str]] = {}
    if result.plan is not None:
        for leg in result.plan.legs:
            if leg.site is not None and leg.trips:
                chosen.setdefault(leg.site.key, []).append(leg.requirement.label)
    offered = [
        (site, session.get_kind_display())
        for session in program.lab_sessions.all()
        for site in session.sites.all()
    ]
    return _map(offered, chosen, result.origin, radius_miles)


def search_map(programs, origin: geo.Place, radius_miles: float | None, options=None):
    """The map for a directory search with a ZIP code: the radius ring and the sites of the
    programs shown, each marked as the nearest site where it is one for some program."""
    chosen: dict[object, list[str]] = {}
    offered = []
    for program in programs:
        plan = burden(program, origin, options).plan
        for leg in plan.legs if plan else ():
            if leg.site is not None and leg.trips:
                chosen.setdefault(leg.site.key, []).append(program.name)
        offered += [
            (site, program.name)
            for session in program.lab_sessions.all()
            for site in session.sites.all()
        ]
    return _map(offered, chosen, origin, radius_miles, always=True)


def _map(offered, chosen, origin, radius_miles, always=False) -> TravelMap | None:
    sites, labels = {}, {}
    for site, label in offered:
        sites.setdefault(site.pk, site)
        if label not in labels.setdefault(site.pk, []):
            labels[site.pk].append(label)
    if not sites and not always:
        return None

    def miles(site):
        return site.distance_from(origin) if origin else None

    ordered = sorted(sites.values(), key=lambda s: (miles(s) or 0, s.state, s.city, s.name))
    markers, places, off_map = [], [], []
    for number, site in enumerate(ordered, start=1):
        kind = "chosen" if site.pk in chosen else "site"
        point = usmap.marker(site.latitude, site.longitude, site.name, kind, str(number))
        if point is None:
            off_map.append(site.name)
        else:
            markers.append(point)
        places.append(
            MapPlace(
                str(number),
                site.name,
                f"{site.city}, {site.state} {site.zip_code}",
                miles(site),
                tuple(dict.fromkeys(chosen.get(site.pk, ()))),
                tuple(labels[site.pk]),
            )
        )
    ring, box = "", None
    if origin is not None:
        home = usmap.marker(origin.latitude, origin.longitude, "Your ZIP", "home")
        if home is None:
            off_map.append(f"ZIP {origin.zip_code}")
        else:
            markers.insert(0, home)
        if radius_miles:
            ring, box = usmap.ring(origin.latitude, origin.longitude, radius_miles)
    view = usmap.MapView(tuple(markers), ring, tuple(off_map), box)
    return TravelMap(view, tuple(places), origin, radius_miles)
