"""An estimated cost of attendance: tuition + published fees + travel, every term visible.

Plain functions over plain values, like `travel.py`. The rates for travel come from federal
figures that curators keep up to date (`Rates`; defaults below, each with its source); the
student may replace any term, and the estimate says which terms are theirs.

The terms:
- tuition: the program's published figure for the student's residency (in-state when the
  student lives in the institution's state, out-of-state otherwise), else the published
  per-credit price x credits, else the published whole-program figure;
- fees: the program's published fees, when it publishes them;
- driving: straight-line miles x the IRS business standard mileage rate (the full cost of
  running a car per mile, not fuel alone; roads are longer than straight lines);
- lodging: nights away x the GSA standard lodging rate;
- meals: campus days on trips that need a night away x the GSA standard M&IE rate.
"""

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from django.utils.text import capfirst

from core.formatting import (
    ASK_FOR_ZIP,
    FLIGHT_NOT_PRICED,
    NOT_PUBLISHED,
    SITE_NOT_PUBLISHED,
    count,
    money,
    unit_price,
)

from .travel import TravelPlan


@dataclass(frozen=True)
class Rate:
    """A sourced figure: what it is, its amount, the year it applies to and where it is
    published (and when we last checked it there)."""

    key: str
    label: str
    amount: Decimal
    unit: str
    period: str
    publisher: str
    source_url: str
    checked: str  # ISO date
    note: str = ""


# Read on 2026-12-01. The IRS figure is the one announced for calendar 2026 in Notice 2026-10
# (news release IR-2025-128, 29 December 2025), read in KPMG's TaxNewsFlash summary of the
# notice and two other summaries that agree; the GSA figures are the FY 2026 standard CONUS
# rates (Bulletin FTR 26-01, 31 July 2025, for travel from 1 October 2025 to 30 September 2026).
# No FY 2027 figure was found in our sources on that date: curators replace these in the admin.
DEFAULT_RATES = {
    "mileage": Rate(
        key="mileage",
        label="Driving, per mile",
        amount=Decimal("0.725"),
        unit="per mile",
        period="calendar year 2026",
        publisher="IRS, standard mileage rate for business use (Notice 2026-10)",
        source_url="https://kpmg.com/us/en/taxnewsflash/news/2025/12/notice-2026-10-standard-mileage-rates-2026.html",
        checked="2026-12-01",
        note="Read in KPMG's summary of the IRS notice; the IRS page itself was not in our "
        "sources. A 2027 rate had not been announced in our sources on the date checked.",
    ),
    "lodging": Rate(
        key="lodging",
        label="Lodging, per night",
        amount=Decimal("110"),
        unit="per night",
        period="federal fiscal year 2026 (1 Oct 2025 to 30 Sep 2026)",
        publisher="GSA, standard CONUS lodging rate (Per Diem Bulletin FTR 26-01)",
        source_url="https://www.gsa.gov/policy-regulations/regulations/federal-travel-regulation/ftr-and-related-files/gsa-per-diem-bulletin-ftr-2601",
        checked="2026-12-01",
        note="FY 2027 rates were not in our sources on the date checked.",
    ),
    "meals": Rate(
        key="meals",
        label="Meals and incidentals, per day",
        amount=Decimal("68"),
        unit="per day",
        period="federal fiscal year 2026 (1 Oct 2025 to 30 Sep 2026)",
        publisher="GSA, standard CONUS M&IE rate (Per Diem Bulletin FTR 26-01)",
        source_url="https://www.gsa.gov/policy-regulations/regulations/federal-travel-regulation/ftr-and-related-files/gsa-per-diem-bulletin-ftr-2601",
        checked="2026-12-01",
        note="FY 2027 rates were not in our sources on the date checked.",
    ),
}

MAX_AMOUNT = Decimal("1000000")
# The end of the tuition term's basis when the school publishes figures by residence only.
BY_RESIDENCE_ONLY = ": give your ZIP code for the one that applies to you"
# The same with the student's state known, when the school publishes only the other figure.
NOT_FOR_YOUR_RESIDENCE = ": the figure for your residence is not published"
TUITION_NOT_PUBLISHED = "Not published"  # the tuition term's basis when there is no figure
WHOLE_PROGRAM = "Whole-program figure"  # the basis of the school's own total


@dataclass(frozen=True)
class Rates:
    mileage: Rate
    lodging: Rate
    meals: Rate

    @classmethod
    def defaults(cls) -> "Rates":
        return cls(**DEFAULT_RATES)

    def with_amounts(self, **amounts: Decimal | None) -> "Rates":
        """The same rates with some amounts replaced by the student's (None keeps ours)."""
        changed = {
            key: replace(getattr(self, key), amount=amount, publisher="Your figure")
            for key, amount in amounts.items()
            if amount is not None and amount != getattr(self, key).amount
        }
        return replace(self, **changed)


@dataclass(frozen=True)
class TuitionFacts:
    """What a program publishes about its price (None where it publishes nothing)."""

    total: int | None = None
    in_state: int | None = None
    out_of_state: int | None = None
    per_credit: int | None = None
    credits: int | None = None
    fees: int | None = None  # for the whole program
    fees_per_credit: Decimal | None = None
    fees_in_tuition: bool = False  # the published tuition figure is tuition and fees
    institution_state: str = ""
    year: str = ""  # the year or "as of" date the figures describe
    source_url: str = ""

    @property
    def source(self) -> str:
        """How the tuition and fees terms name where their figures come from."""
        return f"Program's published figure{f', {self.year}' if self.year else ''}"


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    amount: Decimal | None  # None: not published (the total then says "at least")
    basis: str  # how it was worked out, in words
    source: str = ""
    source_url: str = ""
    yours: bool = False  # the student replaced it

    @property
    def in_words(self) -> str:
        """'$640 ($10.00 per credit x 64 credits)'; the basis alone when there is no amount
        to give, or nothing to add ('Included in the tuition figure')."""
        if self.amount is None or (self.amount == 0 and not self.yours):
            return self.basis
        return f"{money(self.amount)} ({self.basis})"


@dataclass(frozen=True)
class Estimate:
    terms: tuple[Term, ...]
    total: Decimal
    travel: Decimal
    at_least: bool

    def term(self, key: str) -> Term:
        return next(term for term in self.terms if term.key == key)

    @property
    def total_unknown(self) -> bool:
        """The tuition is not published and nothing else costs anything: the total is not
        known, not 'at least $0'."""
        return self.term("tuition").amount is None and not self.total


def tuition_term(facts: TuitionFacts, student_state: str = "") -> Term:
    """The published tuition that applies to this student, with its basis."""
    source = facts.source
    in_state = bool(student_state) and student_state == facts.institution_state
    if student_state and in_state and facts.in_state is not None:
        return Term(
            "tuition",
            "Tuition",
            Decimal(facts.in_state),
            "In-state total",
            source,
            facts.source_url,
        )
    if student_state and not in_state and facts.out_of_state is not None:
        return Term(
            "tuition",
            "Tuition",
            Decimal(facts.out_of_state),
            "Out-of-state total",
            source,
            facts.source_url,
        )
    if facts.per_credit is not None and facts.credits:
        return _per_credit("tuition", "Tuition", facts.per_credit, facts, source)
    if facts.total is not None:
        basis = WHOLE_PROGRAM
        if not student_state and (facts.in_state is not None or facts.out_of_state is not None):
            basis += "; give your ZIP code for the in-state or out-of-state figure"
        return Term("tuition", "Tuition", Decimal(facts.total), basis, source, facts.source_url)
    if facts.per_credit is not None:
        return _per_credit("tuition", "Tuition", facts.per_credit, facts, source)
    if facts.in_state is not None or facts.out_of_state is not None:
        # Published by residence only: which applies depends on the student's state.
        figures = [
            f"{label} {money(amount)}"
            for label, amount in (
                ("in-state", facts.in_state),
                ("out-of-state", facts.out_of_state),
            )
            if amount is not None
        ]
        ending = NOT_FOR_YOUR_RESIDENCE if student_state else BY_RESIDENCE_ONLY
        basis = f"{', '.join(figures)}{ending}"
        basis = capfirst(basis)
        return Term("tuition", "Tuition", None, basis, source, facts.source_url)
    return Term("tuition", "Tuition", None, TUITION_NOT_PUBLISHED)  # no figure, no source


def _per_credit(key: str, label: str, price, facts: TuitionFacts, source: str) -> Term:
    """A price per credit times the program's credits; without the credits, the price
    alone and no amount (the total then says "at least")."""
    price = Decimal(price)
    if facts.credits:
        words = f"{unit_price(price)} per credit x {facts.credits} credits"
        return Term(key, label, price * facts.credits, words, source, facts.source_url)
    words = f"{unit_price(price)} per credit; the number of credits is not published"
    return Term(key, label, None, words, source, facts.source_url)


def fees_term(facts: TuitionFacts) -> Term:
    """The program's published fees, with their basis; zero when the tuition figure already
    includes them, and unknown (the total then says "at least") when the school publishes
    none."""
    source = facts.source
    if facts.fees_in_tuition:
        return Term("fees", "Fees", Decimal(0), "Included in the tuition figure", source)
    if facts.fees is not None:
        return Term("fees", "Fees", Decimal(facts.fees), WHOLE_PROGRAM, source, facts.source_url)
    if facts.fees_per_credit is not None:
        return _per_credit("fees", "Fees", facts.fees_per_credit, facts, source)
    return Term("fees", "Fees", None, NOT_PUBLISHED)


def travel_terms(plan: TravelPlan | None, rates: Rates, no_trips: str = "") -> list[Term]:
    """Driving, lodging and meals. Without the student's ZIP (`plan` None) they are unknown,
    unless the program counts no trips from anywhere (`no_trips` says why): then they are
    $0."""
    if no_trips or plan is None:  # no trips from anywhere, or no ZIP to plan them from
        amount, basis = (Decimal(0), no_trips) if no_trips else (None, ASK_FOR_ZIP)
        return [
            Term(key, rate.label.split(",")[0], amount, basis)
            for key, rate in (
                ("driving", rates.mileage),
                ("lodging", rates.lodging),
                ("meals", rates.meals),
            )
        ]
    miles = Decimal(str(round(plan.total_miles)))
    rows = (
        ("driving", "Driving", rates.mileage, miles, f"{count(int(miles))} straight-line miles"),
        ("lodging", "Lodging", rates.lodging, Decimal(plan.nights), f"{plan.nights} nights"),
        (
            "meals",
            "Meals",
            rates.meals,
            Decimal(plan.overnight_days),
            f"{plan.overnight_days} days away overnight",
        ),
    )
    terms = []
    for key, label, rate, quantity, words in rows:
        if key == "driving" and plan.flights:
            if not quantity:  # every trip is a flight
                terms.append(Term(key, label, None, FLIGHT_NOT_PRICED))
                continue
            words += " (flights not priced)"
        if plan.sites_unknown and not quantity:
            # Nothing counted because a session's place is not published: not known, not 0.
            terms.append(Term(key, label, None, SITE_NOT_PUBLISHED))
            continue
        at_least = "at least " if plan.at_least else ""
        terms.append(
            Term(
                key,
                label,
                (quantity * rate.amount).quantize(Decimal("1")),
                f"{at_least}{words} x {unit_price(rate.amount)} {rate.unit}",
                f"{rate.publisher}, {rate.period}",
                rate.source_url,
                yours=rate.publisher == "Your figure",
            )
        )
    return terms


def estimate(
    facts: TuitionFacts,
    plan: TravelPlan | None,
    rates: Rates | None = None,
    student_state: str = "",
    tuition: Decimal | None = None,
    fees: Decimal | None = None,
    no_trips: str = "",
) -> Estimate:
    """Tuition + fees + travel. `tuition` and `fees` replace the published figures when the
    student gives their own; `no_trips`, when set, says why the program counts no trips
    from anywhere, so its travel is $0 even without the student's ZIP."""
    rates = rates or Rates.defaults()
    tuition_row = tuition_term(facts, student_state)
    if tuition is not None:
        tuition_row = Term("tuition", "Tuition", tuition, "Your figure", yours=True)
    if fees is not None:
        fees_row = Term("fees", "Fees", fees, "Your figure", yours=True)
    else:
        fees_row = fees_term(facts)
    travel = travel_terms(plan, rates, no_trips)
    terms = (tuition_row, fees_row, *travel)
    travel_total = sum((t.amount or Decimal(0) for t in travel), Decimal(0))
    at_least = any(t.amount is None for t in terms) or bool(plan and plan.cost_is_minimum)
    total = sum((t.amount or Decimal(0) for t in terms), Decimal(0))
    return Estimate(terms, total, travel_total, at_least)


def parse_amount(value) -> Decimal | None:
    """A dollar amount typed by the student: '1,200', '$0.70', '68' -> Decimal; anything
    else (empty, negative, not a number, absurdly large) -> None, so the page keeps our
    figure instead of failing."""
    if value is None:
        return None
    text = str(value).strip().replace(",", "").removeprefix("$").strip()
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        return None
    return amount
