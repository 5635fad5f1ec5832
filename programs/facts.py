"""The facts people compare, written down once.

Compare tables, a shared list's key facts and its "changed since shared" notes, the shared
list's CSV, the result card and the API's `facts` block all read this list, so a fact has one
label, one way of being written and one raw value everywhere.

A shared list stores each tracked fact's text when it is shared (ShortlistItem.shared_facts,
keyed by `key`) and reports a fact whose text has changed since: keep `key` stable, and
change a fact's `text` knowing that it changes what old snapshots are compared with.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core import formatting

from . import accreditation, cost_facts, geo
from .choices import AdmissionStatus
from .models import Program
from .models.sessions import NEAR_HOME_INSTEAD, NO_SITE_PUBLISHED


@dataclass(frozen=True)
class Fact:
    key: str
    label: str  # row label in compare tables
    text: Callable[[Program, geo.Place | None], str]  # as a reader sees it
    csv_label: str = ""  # CSV column (with its unit); "" = not in the CSV
    csv: Callable[[Program, geo.Place | None], Any] | None = None  # raw value for the CSV
    numeric: bool = False  # right-aligned in tables
    card_label: str = ""  # shown on the result card under this label; "" = not on the card
    change_name: str = ""  # tracked on shared lists under this name; "" = not tracked
    needs_origin: bool = False  # only with the student's ZIP
    compared: bool = True  # a row of the compare table


def _rate(value, year):
    return formatting.percent(value, year)


def _admission(program: Program) -> str:
    if program.not_admitting:
        return "No: not admitting new students"
    if program.admission_status == AdmissionStatus.ADMITTING:
        return "Yes"
    return "Not published: ask the program"


def _site_place(site) -> str:
    return f"{site.name}, {site.city}, {site.state}"


def _lab_sites(program: Program, origin) -> str:
    """Each campus session and where it happens: with the student's ZIP, the nearest site
    and its distance; else every site offering it."""
    if not program.has_campus_sessions:
        return "No campus sessions"
    parts = []
    for plan in program.lab_plan(origin):
        sites = list(plan.session.sites.all())
        if plan.session.away_from_school:  # no site to publish
            parts.append(f"{plan.session.summary}, {plan.session.away_from_school}")
            continue
        if origin is not None and plan.site is not None:
            where = f"at nearest {_site_place(plan.site)}, {formatting.miles(plan.miles)}"
            if plan.site_count > 1:
                others = plan.site_count - 1
                where += f" (or {others} other site{'s' if others > 1 else ''})"
        elif sites:
            where = "at " + " or ".join(_site_place(site) for site in sites)
        else:
            where = NO_SITE_PUBLISHED
        if plan.session.local_alternative:
            where += f", {NEAR_HOME_INSTEAD}"
        parts.append(f"{plan.session.summary}, {where}")
    return "; ".join(parts)


def _trip_miles(program: Program, origin):
    if origin is None or not program.has_campus_sessions:
        return ""
    miles = program.travel_miles(origin)
    return "" if miles is None else round(miles)


def _farthest_trip(program: Program, origin) -> str:
    if not program.needs_travel:
        return "no trips"
    miles = program.travel_miles(origin)
    if miles is None:
        return "place not published"
    return formatting.miles(miles)


def _campus_days(program: Program) -> str:
    if program.campus_days is None:
        return "days not published"
    return str(program.campus_days)


def _length(program: Program) -> str:
    if program.length_months is not None:
        return f"{program.length_months} months"
    return formatting.text(program.length_text)


def _credit_hours(program: Program) -> str:
    if program.credit_hours is not None:
        return formatting.count_or_missing(program.credit_hours)
    return formatting.text(program.credit_hours_text)


FACTS: list[Fact] = [
    Fact(
        "institution",
        "Institution",
        lambda p, o: f"{p.institution.name}, {p.institution.location}",
    ),
    Fact(
        "credential",
        "Credential",
        lambda p, o: formatting.text(p.get_credential_display()),
        csv_label="Credential",
        csv=lambda p, o: p.get_credential_display(),
        card_label="Credential",
        change_name="credential",
    ),
    Fact(
        "delivery",
        "How it is taught",
        lambda p, o: formatting.text(p.get_delivery_display()),
        csv_label="How it is taught",
        csv=lambda p, o: p.get_delivery_display(),
        change_name="teaching mode",
    ),
    Fact(
        "accreditation",
        "Accreditation",
        lambda p, o: p.accreditation_badge,
        csv_label="Accreditation",
        csv=lambda p, o: p.accreditation_badge,
        change_name="accreditation",
    ),
    Fact(
        "accreditation_note",
        "About the accreditation",
        lambda p, o: p.accreditation_note,  # "" for most: the compare row is then left out
        csv_label="Accreditation note",
        csv=lambda p, o: p.accreditation_note,
    ),
    Fact(
        "admission",
        "Taking new students",
        lambda p, o: _admission(p),
        csv_label="Taking new students",
        csv=lambda p, o: _admission(p),
        card_label="New students",
        change_name="admission",
    ),
    Fact(
        "agency",
        "Accrediting agency",
        lambda p, o: formatting.text(p.get_accreditation_agency_display()),
    ),
    Fact(
        "ascp",
        "MLT(ASCP) eligible",
        lambda p, o: accreditation.verdict(p.certification.ascp_reason),
        csv_label="MLT(ASCP) eligible",
        csv=lambda p, o: accreditation.verdict(p.certification.ascp_reason),
    ),
    Fact(
        "amt",
        "MLT(AMT) eligible",
        lambda p, o: accreditation.verdict(p.certification.amt_reason),
        csv_label="MLT(AMT) eligible",
        csv=lambda p, o: accreditation.verdict(p.certification.amt_reason),
    ),
    Fact(
        "campus_days",
        "Campus days (total)",
        lambda p, o: _campus_days(p),
        csv_label="Campus days (total)",
        csv=lambda p, o: p.campus_days,
        numeric=True,
        change_name="campus days",
    ),
    Fact(
        "farthest_trip",
        "Farthest campus trip",
        _farthest_trip,
        csv_label="Farthest campus trip (miles, straight line; with a ZIP)",
        csv=_trip_miles,
        numeric=True,
        needs_origin=True,
    ),
    Fact(
        "lab_sites",
        "Lab sites",
        _lab_sites,
        csv_label="Lab sites",
        csv=_lab_sites,
    ),
    Fact(
        "trips",
        "Trips to campus",
        lambda p, o: cost_facts.burden(p, o).trips_line or cost_facts.burden(p, o).cost_line,
        csv_label="Trips to campus (from your ZIP)",
        csv=cost_facts.csv_figure("trips"),
        numeric=False,
        needs_origin=True,
    ),
    Fact(
        "nights_away",
        "Nights away from home",
        cost_facts.nights,
        csv_label="Nights away (from your ZIP)",
        csv=cost_facts.csv_figure("nights_away"),
        numeric=True,
        needs_origin=True,
    ),
    Fact(
        "travel_cost",
        "Travel cost (estimate)",
        cost_facts.travel_cost,
        csv_label="Travel cost (USD, estimate, from your ZIP)",
        csv=cost_facts.csv_figure("estimated_travel_cost"),
        numeric=True,
        needs_origin=True,
    ),
    Fact(
        "clinical",
        "Clinical site",
        lambda p, o: formatting.text(p.get_clinical_arrangement_display()),
        csv_label="Clinical site",
        csv=lambda p, o: p.get_clinical_arrangement_display(),
        card_label="Clinical site",
        change_name="clinical site",
    ),
    Fact(
        "tuition",
        "Total tuition (estimate)",
        # The figure the estimate uses (with the student's ZIP, in-state or out-of-state),
        # so it agrees with the total beside it.
        cost_facts.tuition,
        csv_label="Total tuition (USD, estimate)",
        csv=cost_facts.tuition_amount,
        numeric=True,
        card_label="Total tuition (estimate)",
        change_name="total tuition",
    ),
    Fact(
        "fees",
        "Fees",
        lambda p, o: cost_facts.burden(p, o).estimate.term("fees").in_words,
        csv_label="Fees (USD, whole program; 0: included in tuition; empty: not published)",
        csv=lambda p, o: formatting.blank(cost_facts.burden(p, o).estimate.term("fees").amount),
        numeric=True,
    ),
    Fact(
        "estimated_total",
        "Estimated total cost",
        cost_facts.total,
        csv_label="Estimated total cost (USD; tuition, published fees and travel from your ZIP)",
        csv=lambda p, o: formatting.blank(cost_facts.burden(p, o).as_data()["estimated_total"]),
        numeric=True,
    ),
    Fact(
        "length",
        "Length",
        lambda p, o: _length(p),
        csv_label="Length (months)",
        csv=lambda p, o: p.length_months,
        numeric=True,
        card_label="Length",
        change_name="length",
    ),
    Fact(
        "credit_hours",
        "Credit hours",
        lambda p, o: _credit_hours(p),
        numeric=True,
    ),
    Fact(
        "pass_rate",
        "Pass rate",
        lambda p, o: _rate(p.pass_rate, p.outcomes_year),
        csv_label="Certification pass rate (%)",
        csv=lambda p, o: formatting.blank(p.pass_rate),
        numeric=True,
        card_label="Pass rate",
        change_name="pass rate",
    ),
    Fact(
        "pass_rate_year",
        "Pass rate year",
        lambda p, o: str(p.outcomes_year or ""),
        csv_label="Pass rate year",
        csv=lambda p, o: "" if p.pass_rate is None else (p.outcomes_year or ""),
    ),
    # (The three rates describe the same year, outcomes_year.)
    Fact(
        "graduation_rate",
        "Graduation rate",
        lambda p, o: _rate(p.graduation_rate, p.outcomes_year),
        csv_label="Graduation rate (%)",
        csv=lambda p, o: formatting.blank(p.graduation_rate),
        numeric=True,
    ),
    Fact(
        "placement_rate",
        "Placement rate",
        lambda p, o: _rate(p.placement_rate, p.outcomes_year),
        csv_label="Placement rate (%)",
        csv=lambda p, o: formatting.blank(p.placement_rate),
        numeric=True,
    ),
    Fact(
        "outcomes_year",
        "Rates year",
        lambda p, o: str(p.outcomes_year or ""),
        csv_label="Graduation and placement rate year",
        csv=lambda p, o: (
            ""
            if p.graduation_rate is None and p.placement_rate is None
            else (p.outcomes_year or "")
        ),
        compared=False,
    ),
    Fact(
        "last_verified",
        "Last verified",
        lambda p, o: formatting.day(p.last_verified),
        csv_label="Last verified",
        csv=lambda p, o: p.last_verified.isoformat(),
    ),
    Fact(
        "source",
        "Source",
        lambda p, o: p.source_url,
        csv_label="Source of these facts",
        csv=lambda p, o: p.source_url,
        compared=False,
    ),
    Fact(
        "program_url",
        "School's program page",
        lambda p, o: p.program_url,
        csv_label="School's program page",
        csv=lambda p, o: p.program_url,
        compared=False,
    ),
]

BY_KEY = {fact.key: fact for fact in FACTS}
# Rows of the compare table (the year is part of each rate's text there).
COMPARED = [f for f in FACTS if f.compared and f.key != "pass_rate_year"]
TRACKED = [f for f in FACTS if f.change_name]
CSV_FACTS = [f for f in FACTS if f.csv_label]
CARD_FACTS = [f for f in FACTS if f.card_label]


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[str]
    differs: bool
    numeric: bool


def compare_rows(
    programs: list[Program], origin: geo.Place | None = None, options=None
) -> list[Row]:
    """The compare table: one row per fact, one cell per program (`options`: the student's
    true_cost.Options, e.g. the overnight distance)."""
    rows = []
    with cost_facts.using(options):
        for fact in COMPARED:
            if fact.needs_origin and origin is None:
                continue
            cells = [fact.text(p, origin) for p in programs]
            if not any(cells):  # a fact only some listings have (an accreditation note)
                continue
            rows.append(Row(fact.label, cells, len(set(cells)) > 1, fact.numeric))
    return rows


def tracked_texts(program: Program) -> dict[str, str]:
    """What a shared list remembers of a program, to report changes later."""
    return {fact.key: fact.text(program, None) for fact in TRACKED}


def card_facts(program: Program) -> list[tuple[str, str]]:
    return [(fact.card_label, fact.text(program, None)) for fact in CARD_FACTS]


def fact_texts(program: Program, origin: geo.Place | None = None, options=None) -> dict[str, str]:
    """Every fact as a reader sees it (the API's `facts`; `options` as for compare_rows)."""
    with cost_facts.using(options):
        return {
            fact.key: fact.text(program, origin)
            for fact in FACTS
            if origin is not None or not fact.needs_origin
        }
