"""Assessing routes: the outcome per route, the summary, and a program from the directory."""

from dataclasses import dataclass
from datetime import date

from .requirements import (
    _accredited_college,
    _hours,
    amt_degree,
    amt_program,
    ascp_program,
    degree_or_hours,
    experience,
    military_course,
    military_credits,
    sciences,
)
from .rules import (
    MILITARY_WINDOW_YEARS_ASCP,
    MIN_SEMESTER_HOURS,
    PROGRAM_WINDOW_YEARS,
    ROUTES,
    Applicant,
    Outcome,
    ProgramAccreditation,
    Requirement,
    Route,
    RouteResult,
)

# --- routes --------------------------------------------------------------------------------


def _outcome(requirements: list[Requirement]) -> Outcome:
    if any(r.met is False for r in requirements):
        return Outcome.MISSES
    if any(r.met is None for r in requirements):
        return Outcome.UNCONFIRMED
    return Outcome.MEETS


def _requirements(key: str, applicant: Applicant, today: date) -> list[Requirement]:
    if key == "ascp-1":
        return [degree_or_hours(applicant), *ascp_program(applicant, today)]
    if key == "ascp-3":
        return [
            degree_or_hours(applicant),
            *sciences(applicant),
            military_course(applicant, MILITARY_WINDOW_YEARS_ASCP, today),
        ]
    if key == "ascp-4":
        return [degree_or_hours(applicant), *sciences(applicant), *experience(applicant)]
    if key == "amt-1":
        return [amt_degree(applicant), *amt_program(applicant, today)]
    if key == "amt-2":
        hours = _hours(applicant.semester_hours, MIN_SEMESTER_HOURS, "")
        if not applicant.semester_hours and applicant.associate_degree:
            # An associate degree has hours: an empty box here means not given, not none.
            hours = Requirement(
                hours.text,
                None,
                "You did not give your semester hours. The hours of your associate degree "
                "count here: give them to check this route.",
            )
        return [
            hours
            if not hours.met
            else _accredited_college(applicant, hours.text, f"You have {applicant.semester_hours}"),
            Requirement(
                f"Hours earned within the last {PROGRAM_WINDOW_YEARS} years, and AMT's other "
                "conditions for this route",
                None,
                "This checker does not ask when you earned your hours. AMT's page asks for "
                f"them within the past {PROGRAM_WINDOW_YEARS} years, and our copy of it may "
                "not show every condition of this route: ask AMT.",
            ),
        ]
    if key == "amt-3":
        return [
            military_course(applicant, PROGRAM_WINDOW_YEARS, today),
            military_credits(applicant),
        ]
    raise KeyError(key)


def assess_route(route: Route, applicant: Applicant, today: date) -> RouteResult:
    if not route.is_open:
        return RouteResult(route, Outcome.CLOSED, [])
    requirements = _requirements(route.key, applicant, today)
    return RouteResult(route, _outcome(requirements), requirements)


def assess(applicant: Applicant, today: date) -> list[RouteResult]:
    """Every route, in order, with the outcome for `applicant` on `today`."""
    return [assess_route(route, applicant, today) for route in ROUTES]


@dataclass(frozen=True)
class Summary:
    """What to tell the person first: the routes they can take, else the nearest one."""

    met: list[RouteResult]
    unconfirmed: list[RouteResult]
    missed: list[RouteResult]
    closed: list[RouteResult]
    planned: date | None  # the month they plan to finish their program, if in the future

    @property
    def nearest(self) -> RouteResult | None:
        """The route missed by the fewest requirements; on a tie, the one with most met."""
        if self.met or not self.missed:
            return None
        return min(
            self.missed,
            key=lambda r: (len(r.shortfalls), -sum(1 for x in r.requirements if x.met)),
        )


def summarise(results: list[RouteResult], applicant: Applicant, today: date) -> Summary:
    by = {outcome: [r for r in results if r.outcome == outcome] for outcome in Outcome}
    planned = applicant.program_completed
    return Summary(
        met=by[Outcome.MEETS],
        unconfirmed=by[Outcome.UNCONFIRMED],
        missed=by[Outcome.MISSES],
        closed=by[Outcome.CLOSED],
        planned=planned if planned is not None and planned > today else None,
    )


# --- a program from the directory ----------------------------------------------------------


@dataclass(frozen=True)
class ProgramFacts:
    """What the checker needs to know of a directory program, in the checker's own terms."""

    accreditation: ProgramAccreditation
    college_accredited: bool | None  # None: the directory records no institutional accreditor
    is_degree: bool | None  # None: the directory does not record what the program awards


def program_facts(agency: str, status: str, institution_accreditor: str, credential: str):
    """A directory program's accreditation as the checker's answers (see programs/accreditation.py
    for the same rule applied to listings; a test keeps the two in step)."""
    from programs.accreditation import AMT_STATUSES, ASCP_AGENCIES
    from programs.choices import AccreditationStatus, Agency, Credential

    if agency in ASCP_AGENCIES and status == AccreditationStatus.SERIOUS_APPLICANT:
        accreditation = ProgramAccreditation.NAACLS_SERIOUS
    elif agency in ASCP_AGENCIES and status in AMT_STATUSES:
        accreditation = (
            ProgramAccreditation.NAACLS if agency == Agency.NAACLS else ProgramAccreditation.ABHES
        )
    elif not agency:
        # No source names an agency (not published, or "accredited" without the agency).
        accreditation = ProgramAccreditation.UNKNOWN
    else:
        accreditation = ProgramAccreditation.UNACCREDITED
    return ProgramFacts(
        accreditation=accreditation,
        college_accredited=True if institution_accreditor else None,
        is_degree=(credential in Credential.associate()) if credential else None,
    )
