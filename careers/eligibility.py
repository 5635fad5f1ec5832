"""Which MLT certification routes a person meets, and by how much they miss the others.

Plain functions over plain data: no forms, no database. The view turns a form into an
`Applicant`, calls `assess()`, and shows the `RouteResult`s.

The rules come from the project's domain reference (section 3), which quotes ASCP's routes
from secondary copies and AMT's from a mirror of its page. They are a guide, not a ruling:
the certifying body decides, and the page says so.

Conventions:
- "within the last N years" includes the day exactly N years ago (finishing on 22 Nov 2020
  is within 5 years on 22 Nov 2025; 21 Nov 2020 is not).
- Hours are semester hours. Chemistry and biology hours count towards the total.
- Route 3 and 4's academic requirement (associate degree or 60 semester hours, including
  6 of chemistry and 6 of biology) applies the science hours to degree holders too.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum, nonmember

from core.dates import months_before

MIN_SEMESTER_HOURS = 60
MIN_CHEMISTRY_HOURS = 6
MIN_BIOLOGY_HOURS = 6
PROGRAM_WINDOW_YEARS = 5  # ASCP Route 1; every AMT route
MILITARY_WINDOW_YEARS_ASCP = 10  # ASCP Route 3
MIN_EXPERIENCE_YEARS = Decimal(3)  # ASCP Route 4, within the last 10 years
EXPERIENCE_WINDOW_YEARS = 10
# A completion date this close to a limit gets a "check the exact date" warning.
CLOSE_TO_LIMIT = timedelta(days=45)


class ProgramAccreditation(StrEnum):
    """The MLT program a person completed, by who accredited it when they finished."""

    NAACLS = "naacls", "Accredited by NAACLS"
    ABHES = "abhes", "Accredited by ABHES"
    OTHER = (
        "other",
        "Accredited by another agency recognised by the US Department of Education or CHEA",
    )
    UNACCREDITED = "unaccredited", "Not accredited, or not yet (for example a serious applicant)"
    NONE = "none", "I have not completed an MLT program"

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


EXPERIENCE_AREAS = {
    "blood_banking": "Blood banking",
    "chemistry": "Chemistry",
    "hematology": "Hematology",
    "microbiology": "Microbiology",
    "immunology": "Immunology",
    "urinalysis": "Urinalysis",
}


@dataclass(frozen=True)
class Applicant:
    associate_degree: bool = False
    semester_hours: int = 0
    chemistry_hours: int = 0
    biology_hours: int = 0
    mlt_program: ProgramAccreditation = ProgramAccreditation.NONE
    program_completed: date | None = None
    military_course_completed: date | None = None
    # Full-time clinical laboratory experience within the last 10 years.
    experience_years: Decimal = Decimal(0)
    experience_areas: frozenset[str] = field(default_factory=frozenset)


class Outcome(StrEnum):
    do_not_call_in_templates = nonmember(True)  # used in templates as Outcome.MEETS

    MEETS = "meets"
    MISSES = "misses"
    # Meets everything our source states, but the body sets conditions we could not confirm.
    UNCONFIRMED = "unconfirmed"
    CLOSED = "closed"


@dataclass(frozen=True)
class Requirement:
    text: str  # what the route asks for
    met: bool | None  # None: our source does not let us check it
    detail: str  # what the person has, and what is missing


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    caveat: str


ASCP_SOURCE = Source(
    title="ASCP Board of Certification, MLT(ASCP) eligibility routes, as quoted in secondary "
    "copies of ASCP's page",
    url="https://www.ascp.org/content/board-of-certification",
    caveat="We could not check these routes against ASCP's own page. Confirm them with the "
    "ASCP Board of Certification before you apply.",
)
AMT_SOURCE = Source(
    title="American Medical Technologists, MLT(AMT) requirements, from a copy of AMT's page",
    url="https://americanmedtech.org/",
    caveat="We read a copy of AMT's page, and part of one route is unconfirmed. Confirm with "
    "AMT before you apply.",
)


@dataclass(frozen=True)
class Route:
    key: str
    body: str
    credential: str
    name: str
    summary: str
    source: Source
    closed_note: str = ""

    @property
    def is_open(self) -> bool:
        return not self.closed_note


ROUTES = [
    Route(
        "ascp-1",
        "ASCP",
        "MLT(ASCP)",
        "Route 1",
        "An associate degree or 60 semester hours, and an MLT program accredited by NAACLS "
        "or ABHES, finished within the last 5 years.",
        ASCP_SOURCE,
    ),
    Route(
        "ascp-2",
        "ASCP",
        "MLT(ASCP)",
        "Route 2",
        "For holders of the CLA(ASCP) certification.",
        ASCP_SOURCE,
        closed_note="Secondary sources say this route was discontinued on 1 January 2023.",
    ),
    Route(
        "ascp-3",
        "ASCP",
        "MLT(ASCP)",
        "Route 3",
        "An associate degree or 60 semester hours, including 6 of chemistry and 6 of biology, "
        "and a 50-week US military medical laboratory course finished within the last 10 years.",
        ASCP_SOURCE,
    ),
    Route(
        "ascp-4",
        "ASCP",
        "MLT(ASCP)",
        "Route 4",
        "An associate degree or 60 semester hours, including 6 of chemistry and 6 of biology, "
        "and 3 years of full-time clinical laboratory experience within the last 10 years in "
        "blood banking, chemistry, hematology, microbiology, immunology and urinalysis.",
        ASCP_SOURCE,
    ),
    Route(
        "amt-1",
        "AMT",
        "MLT(AMT)",
        "Accredited MLT degree",
        "An MLT associate degree, earned within the last 5 years, from a program accredited "
        "by NAACLS or another agency recognised by the US Department of Education or CHEA.",
        AMT_SOURCE,
    ),
    Route(
        "amt-2",
        "AMT",
        "MLT(AMT)",
        "Academic credit",
        "60 semester hours earned within the last 5 years, with further conditions we have "
        "not been able to confirm.",
        AMT_SOURCE,
    ),
    Route(
        "amt-3",
        "AMT",
        "MLT(AMT)",
        "Military training",
        "A 50-week US military medical laboratory course finished within the last 5 years.",
        AMT_SOURCE,
    ),
]
ROUTES_BY_KEY = {route.key: route for route in ROUTES}


@dataclass(frozen=True)
class RouteResult:
    route: Route
    outcome: Outcome
    requirements: list[Requirement]

    @property
    def shortfalls(self) -> list[Requirement]:
        return [r for r in self.requirements if r.met is False]


# --- dates ---------------------------------------------------------------------------------


def window_start(today: date, years: int) -> date:
    """The earliest date that is still 'within the last `years` years' of `today`."""
    return months_before(today, 12 * years)


def within_years(day: date, years: int, today: date) -> bool:
    return window_start(today, years) <= day <= today


def _month(day: date) -> str:
    return day.strftime("%B %Y")


def _long(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def _dated(label: str, day: date | None, years: int, today: date) -> tuple[bool, str]:
    """Whether `day` falls within the window, and a sentence saying so."""
    if day is None:
        return False, f"You have not told us when you finished the {label}."
    start = window_start(today, years)
    if within_years(day, years, today):
        detail = f"You finished in {_month(day)}, within the last {years} years."
        met = True
    else:
        detail = (
            f"You finished in {_month(day)}, more than {years} years ago: it would need to "
            f"be on or after {_long(start)}."
        )
        met = False
    if abs(day - start) <= CLOSE_TO_LIMIT:
        detail += " That is close to the limit: the exact date on your certificate decides."
    return met, detail


# --- requirements --------------------------------------------------------------------------


def _hours(value: int, minimum: int, subject: str) -> Requirement:
    noun = f"semester hours of {subject}" if subject else "semester hours"
    if value >= minimum:
        return Requirement(f"At least {minimum} {noun}", True, f"You have {value}.")
    return Requirement(
        f"At least {minimum} {noun}",
        False,
        f"You have {value}: {minimum - value} short of {minimum}.",
    )


def degree_or_hours(applicant: Applicant) -> Requirement:
    text = f"An associate degree or at least {MIN_SEMESTER_HOURS} semester hours"
    if applicant.associate_degree:
        return Requirement(text, True, "You have an associate degree.")
    if applicant.semester_hours >= MIN_SEMESTER_HOURS:
        return Requirement(
            text, True, f"You have {applicant.semester_hours} semester hours (no degree needed)."
        )
    short = MIN_SEMESTER_HOURS - applicant.semester_hours
    return Requirement(
        text,
        False,
        f"You have no associate degree and {applicant.semester_hours} semester hours: "
        f"{short} short of {MIN_SEMESTER_HOURS}.",
    )


def sciences(applicant: Applicant) -> list[Requirement]:
    return [
        _hours(applicant.chemistry_hours, MIN_CHEMISTRY_HOURS, "chemistry"),
        _hours(applicant.biology_hours, MIN_BIOLOGY_HOURS, "biology"),
    ]


def accredited_program(
    applicant: Applicant, accepted: set[ProgramAccreditation], agencies: str, today: date
) -> list[Requirement]:
    text = f"An MLT program accredited by {agencies}"
    program = applicant.mlt_program
    if program == ProgramAccreditation.NONE:
        accredited = Requirement(text, False, "You have not completed an MLT program.")
    elif program in accepted:
        accredited = Requirement(text, True, f"Yours: {_lower_first(program.label)}.")
    else:
        accredited = Requirement(text, False, f"Yours: {_lower_first(program.label)}.")
    if program == ProgramAccreditation.NONE:
        return [accredited]
    met, detail = _dated("program", applicant.program_completed, PROGRAM_WINDOW_YEARS, today)
    return [
        accredited,
        Requirement(f"Finished within the last {PROGRAM_WINDOW_YEARS} years", met, detail),
    ]


def military_course(applicant: Applicant, years: int, today: date) -> Requirement:
    text = f"A 50-week US military medical laboratory course finished within the last {years} years"
    if applicant.military_course_completed is None:
        return Requirement(text, False, "You have not completed a 50-week military course.")
    met, detail = _dated("course", applicant.military_course_completed, years, today)
    return Requirement(text, met, detail)


def experience(applicant: Applicant) -> list[Requirement]:
    years = applicant.experience_years
    text = (
        f"At least {MIN_EXPERIENCE_YEARS} years of full-time clinical laboratory experience "
        f"within the last {EXPERIENCE_WINDOW_YEARS} years"
    )
    if years >= MIN_EXPERIENCE_YEARS:
        amount = Requirement(text, True, f"You have {_years(years)}.")
    else:
        amount = Requirement(
            text, False, f"You have {_years(years)}: {_years(MIN_EXPERIENCE_YEARS - years)} short."
        )
    missing = [
        label.lower()
        for key, label in EXPERIENCE_AREAS.items()
        if key not in applicant.experience_areas
    ]
    areas_text = "Experience in " + _join([label.lower() for label in EXPERIENCE_AREAS.values()])
    if missing:
        areas = Requirement(areas_text, False, f"Missing: {_join(missing)}.")
    else:
        areas = Requirement(areas_text, True, "You have experience in all six areas.")
    return [amount, areas]


def _years(value: Decimal) -> str:
    value = Decimal(value).normalize()
    text = f"{value:f}"
    return f"{text} year" if value == 1 else f"{text} years"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- routes --------------------------------------------------------------------------------


def _outcome(requirements: list[Requirement]) -> Outcome:
    if any(r.met is False for r in requirements):
        return Outcome.MISSES
    if any(r.met is None for r in requirements):
        return Outcome.UNCONFIRMED
    return Outcome.MEETS


def _requirements(key: str, applicant: Applicant, today: date) -> list[Requirement]:
    naacls_abhes = {ProgramAccreditation.NAACLS, ProgramAccreditation.ABHES}
    recognised = naacls_abhes | {ProgramAccreditation.OTHER}
    if key == "ascp-1":
        return [
            degree_or_hours(applicant),
            *accredited_program(applicant, naacls_abhes, "NAACLS or ABHES", today),
        ]
    if key == "ascp-3":
        return [
            degree_or_hours(applicant),
            *sciences(applicant),
            military_course(applicant, MILITARY_WINDOW_YEARS_ASCP, today),
        ]
    if key == "ascp-4":
        return [degree_or_hours(applicant), *sciences(applicant), *experience(applicant)]
    if key == "amt-1":
        degree = Requirement(
            "An associate degree",
            applicant.associate_degree,
            "You have one." if applicant.associate_degree else "You have not told us of one.",
        )
        agencies = "NAACLS or another agency recognised by the US Department of Education or CHEA"
        return [degree, *accredited_program(applicant, recognised, agencies, today)]
    if key == "amt-2":
        return [
            _hours(applicant.semester_hours, MIN_SEMESTER_HOURS, ""),
            Requirement(
                f"Hours earned within the last {PROGRAM_WINDOW_YEARS} years, and AMT's other "
                "conditions for this route",
                None,
                "Our source does not confirm these conditions: ask AMT.",
            ),
        ]
    if key == "amt-3":
        return [military_course(applicant, PROGRAM_WINDOW_YEARS, today)]
    raise KeyError(key)


def assess_route(route: Route, applicant: Applicant, today: date) -> RouteResult:
    if not route.is_open:
        return RouteResult(route, Outcome.CLOSED, [])
    requirements = _requirements(route.key, applicant, today)
    return RouteResult(route, _outcome(requirements), requirements)


def assess(applicant: Applicant, today: date) -> list[RouteResult]:
    """Every route, in order, with the outcome for `applicant` on `today`."""
    return [assess_route(route, applicant, today) for route in ROUTES]
