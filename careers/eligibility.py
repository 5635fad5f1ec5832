"""Which MLT certification routes a person meets, and by how much they miss the others.

Plain functions over plain data: no forms, no database. The view turns a form into an
`Applicant`, calls `assess()`, and shows the `RouteResult`s.

The rules come from stored copies of the certifying bodies' pages, read on 2026-12-01: ASCP's
page for program directors (accredited programs and serious applicant status), secondary copies
of ASCP's MLT routes, and a copy of AMT's MLT page. They are a guide, not a ruling: the
certifying body decides, and the page says so. AAB's MLT(AAB) routes are not assessed here (we
could not read them in full); the page sends people to AAB.

Conventions:
- "within the last N years" includes the day exactly N years ago (finishing on 22 Nov 2020
  is within 5 years on 22 Nov 2025; 21 Nov 2020 is not).
- Hours are semester hours. Chemistry and biology hours count towards the total.
- Route 3 and 4's academic requirement (associate degree or 60 semester hours, including
  6 of chemistry and 6 of biology) applies the science hours to degree holders too.
- ASCP's degree or hours must come from an accredited college (regionally or nationally).
- A NAACLS serious applicant counts for ASCP's program route, for people who finish after the
  status was granted (ASCP's page for program directors). It is not yet NAACLS accreditation,
  so for AMT it counts only through the college's own accreditation.
- AMT's first route accepts a program *or* an institution accredited by NAACLS or an agency
  recognised by the US Department of Education or CHEA; its military route needs the course's
  credits earned at, or accepted for transfer by, an accredited college toward a degree.
- A completion date in the future is a plan: routes are assessed as if the person finishes then.
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
    NAACLS_SERIOUS = (
        "naacls_serious",
        "A NAACLS serious applicant (the status was granted before I finished)",
    )
    ABHES = "abhes", "Accredited by ABHES"
    OTHER = (
        "other",
        "Accredited by another agency recognised by the US Department of Education or CHEA",
    )
    UNACCREDITED = (
        "unaccredited",
        "No programmatic accreditation (the college itself may still be accredited)",
    )
    NONE = "none", "I have not completed or started an MLT program"

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


# ASCP recognises these for its program route (page for program directors); serious applicant
# status counts for people who finish after it was granted.
ASCP_PROGRAM_ACCREDITATION = frozenset(
    {ProgramAccreditation.NAACLS, ProgramAccreditation.NAACLS_SERIOUS, ProgramAccreditation.ABHES}
)
# Programmatic accreditation AMT's first route accepts on its own (NAACLS, or an agency
# recognised by the US Department of Education or CHEA; ABHES is recognised by USDE).
AMT_PROGRAM_ACCREDITATION = frozenset(
    {ProgramAccreditation.NAACLS, ProgramAccreditation.ABHES, ProgramAccreditation.OTHER}
)


@dataclass(frozen=True)
class Applicant:
    associate_degree: bool = False
    semester_hours: int = 0
    chemistry_hours: int = 0
    biology_hours: int = 0
    # Is the college accredited by an agency the US Department of Education or CHEA
    # recognises? None: the person is not sure.
    college_accredited: bool | None = True
    mlt_program: ProgramAccreditation = ProgramAccreditation.NONE
    # Did (or will) the MLT program award a degree in MLT, rather than a certificate?
    program_is_degree: bool = True
    program_completed: date | None = None  # may be in the future: the month they plan to finish
    military_course_completed: date | None = None
    # Were the military course's credits earned at, or accepted for transfer by, an accredited
    # college toward a degree? None: not sure.
    military_credits_accepted: bool | None = False
    # Full-time clinical laboratory experience within the last 10 years.
    experience_years: Decimal = Decimal(0)
    experience_areas: frozenset[str] = field(default_factory=frozenset)
    # Was the experience in the US or Canada, or in an accredited laboratory? None: not sure.
    experience_acceptable_lab: bool | None = True

    @property
    def degree_from_program(self) -> bool:
        """An MLT program that awards a degree gives the person one when they finish it."""
        return self.mlt_program != ProgramAccreditation.NONE and self.program_is_degree


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
    "copies of ASCP's page; serious applicant status from ASCP's page for program directors "
    "(checked 1 December 2026)",
    url="https://www.ascp.org/boc/program-directors-guide/accredited---structured-programs/"
    "accredited-programs",
    caveat="We read ASCP's page on accredited programs, but its list of MLT routes only in "
    "secondary copies. Confirm with the ASCP Board of Certification before you apply.",
)
AMT_SOURCE = Source(
    title="American Medical Technologists, MLT(AMT) requirements, from a third-party copy of "
    "AMT's page (checked 1 December 2026)",
    url="https://americanmedtech.org/",
    caveat="We read a copy of AMT's page, and part of the academic-credit route is "
    "unconfirmed. Confirm with AMT before you apply.",
)
AAB_SOURCE = Source(
    title="AAB Board of Registry, MLT(AAB) Medical Laboratory Technician certification "
    "(checked 1 December 2026)",
    url="https://www.aab.org/aab/MLT.asp",
    caveat="We did not assess AAB's routes: read its qualifications before you apply.",
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
        "An associate degree or 60 semester hours from an accredited college, and an MLT "
        "program accredited by NAACLS or ABHES (or a NAACLS serious applicant when you "
        "finished), finished within the last 5 years.",
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
        "An associate degree or 60 semester hours from an accredited college, including 6 of "
        "chemistry and 6 of biology, and a 50-week US military medical laboratory course "
        "finished within the last 10 years.",
        ASCP_SOURCE,
    ),
    Route(
        "ascp-4",
        "ASCP",
        "MLT(ASCP)",
        "Route 4",
        "An associate degree or 60 semester hours from an accredited college, including 6 of "
        "chemistry and 6 of biology, and 3 years of full-time clinical laboratory experience "
        "within the last 10 years, in the US, Canada or an accredited laboratory, in blood "
        "banking, chemistry, hematology, microbiology, immunology and urinalysis.",
        ASCP_SOURCE,
    ),
    Route(
        "amt-1",
        "AMT",
        "MLT(AMT)",
        "Accredited MLT degree",
        "An associate degree in MLT (or equivalent), earned within the last 5 years, from a "
        "program or an institution accredited by NAACLS or by an agency recognised by the US "
        "Department of Education or CHEA.",
        AMT_SOURCE,
    ),
    Route(
        "amt-2",
        "AMT",
        "MLT(AMT)",
        "Academic credit",
        "60 semester hours earned within the last 5 years at an accredited institution, with "
        "further conditions we have not been able to confirm.",
        AMT_SOURCE,
    ),
    Route(
        "amt-3",
        "AMT",
        "MLT(AMT)",
        "Military training",
        "A 50-week US military medical laboratory course finished within the last 5 years, "
        "with its credits earned at, or accepted for transfer by, an accredited college toward "
        "a degree.",
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
    if day > today:
        until = months_before(day, -12 * years)
        return True, (
            f"You plan to finish in {_month(day)}. From then, this part is met until "
            f"{_month(until)}, once the program confirms you completed it."
        )
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


def _accredited_college(applicant: Applicant, text: str, has: str) -> Requirement:
    """`has` describes what the person has; the college's accreditation decides the rest."""
    if applicant.college_accredited is True:
        return Requirement(text, True, f"{has}, from an accredited college.")
    if applicant.college_accredited is None:
        return Requirement(
            text,
            None,
            f"{has}. You are not sure whether your college is accredited by an agency the US "
            "Department of Education or CHEA recognises: check before you apply.",
        )
    return Requirement(
        text,
        False,
        f"{has}, but you said your college is not accredited by a recognised agency.",
    )


def degree_or_hours(applicant: Applicant) -> Requirement:
    text = (
        f"An associate degree or at least {MIN_SEMESTER_HOURS} semester hours, from an "
        "accredited college"
    )
    if applicant.associate_degree:
        return _accredited_college(applicant, text, "You have an associate degree")
    if applicant.degree_from_program:
        return _accredited_college(
            applicant, text, "Your MLT program awards an associate degree (or higher)"
        )
    if applicant.semester_hours >= MIN_SEMESTER_HOURS:
        return _accredited_college(
            applicant,
            text,
            f"You have {applicant.semester_hours} semester hours (no degree needed)",
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


def _finished(applicant: Applicant, today: date) -> Requirement:
    met, detail = _dated("program", applicant.program_completed, PROGRAM_WINDOW_YEARS, today)
    return Requirement(f"Finished within the last {PROGRAM_WINDOW_YEARS} years", met, detail)


def ascp_program(applicant: Applicant, today: date) -> list[Requirement]:
    text = "An MLT program accredited by NAACLS or ABHES, or a NAACLS serious applicant"
    program = applicant.mlt_program
    if program == ProgramAccreditation.NONE:
        return [Requirement(text, False, "You have not completed or started an MLT program.")]
    yours = f"Yours: {_lower_first(program.label)}."
    if program == ProgramAccreditation.NAACLS_SERIOUS:
        yours += " ASCP accepts people who finish after NAACLS granted that status."
    elif program in (ProgramAccreditation.OTHER, ProgramAccreditation.UNACCREDITED):
        yours += " For this route, the college's own accreditation is not enough."
    return [
        Requirement(text, program in ASCP_PROGRAM_ACCREDITATION, yours),
        _finished(applicant, today),
    ]


def amt_program(applicant: Applicant, today: date) -> list[Requirement]:
    text = (
        "A program or institution accredited by NAACLS or an agency recognised by the US "
        "Department of Education or CHEA"
    )
    program = applicant.mlt_program
    if program == ProgramAccreditation.NONE:
        return [Requirement(text, False, "You have not completed or started an MLT program.")]
    if program in AMT_PROGRAM_ACCREDITATION:
        accredited = Requirement(text, True, f"Yours: {_lower_first(program.label)}.")
    else:
        # No programmatic accreditation (or not yet): AMT also accepts the institution's.
        why = (
            "A serious applicant is not yet accredited by NAACLS"
            if program == ProgramAccreditation.NAACLS_SERIOUS
            else "Your program has no programmatic accreditation"
        )
        if applicant.college_accredited is True:
            accredited = Requirement(
                text,
                True,
                f"{why}, but AMT also accepts an accredited institution, and you "
                "said your college is accredited.",
            )
        elif applicant.college_accredited is None:
            accredited = Requirement(
                text,
                None,
                f"{why}. AMT also accepts an accredited institution: check whether "
                "your college is accredited by a recognised agency.",
            )
        else:
            accredited = Requirement(
                text, False, f"{why}, and you said your college is not accredited either."
            )
    return [accredited, _finished(applicant, today)]


def amt_degree(applicant: Applicant) -> Requirement:
    text = "An associate (or higher) degree in MLT, or an equivalent"
    if applicant.mlt_program == ProgramAccreditation.NONE:
        return Requirement(text, False, "You have not completed or started an MLT program.")
    if applicant.program_is_degree:
        return Requirement(text, True, "Your MLT program awards a degree.")
    if applicant.associate_degree or applicant.semester_hours >= MIN_SEMESTER_HOURS:
        return Requirement(
            text,
            None,
            "Your MLT program awards a certificate. AMT accepts an equivalent of the degree, "
            "but our source does not say whether a certificate plus your other college study "
            "counts: ask AMT.",
        )
    return Requirement(
        text,
        False,
        "Your MLT program awards a certificate, and you have no degree or "
        f"{MIN_SEMESTER_HOURS} semester hours besides.",
    )


def military_course(applicant: Applicant, years: int, today: date) -> Requirement:
    text = f"A 50-week US military medical laboratory course finished within the last {years} years"
    if applicant.military_course_completed is None:
        return Requirement(text, False, "You have not completed a 50-week military course.")
    met, detail = _dated("course", applicant.military_course_completed, years, today)
    return Requirement(text, met, detail)


def military_credits(applicant: Applicant) -> Requirement:
    text = (
        "The course's credits earned at, or accepted for transfer by, an accredited college "
        "toward a degree"
    )
    if applicant.military_credits_accepted is True:
        return Requirement(text, True, "You said they were.")
    if applicant.military_credits_accepted is None:
        return Requirement(
            text, None, "You are not sure: ask a college's registrar whether it accepts them."
        )
    return Requirement(
        text,
        False,
        "You said they were not. A college that accepts military training credit toward a "
        "degree could change this.",
    )


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
    requirements = [amount, areas]
    if years > 0:
        where = "In the US or Canada, or in an accredited laboratory"
        acceptable = applicant.experience_acceptable_lab
        if acceptable is True:
            requirements.append(Requirement(where, True, "You said it was."))
        elif acceptable is None:
            requirements.append(
                Requirement(where, None, "You are not sure: ask the ASCP Board of Certification.")
            )
        else:
            requirements.append(Requirement(where, False, "You said it was not."))
    return requirements


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
        return [
            hours
            if not hours.met
            else _accredited_college(applicant, hours.text, f"You have {applicant.semester_hours}"),
            Requirement(
                f"Hours earned within the last {PROGRAM_WINDOW_YEARS} years, and AMT's other "
                "conditions for this route",
                None,
                "Our copy of AMT's page may not show every condition of this route: ask AMT.",
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
    is_degree: bool


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
    else:
        accreditation = ProgramAccreditation.UNACCREDITED
    return ProgramFacts(
        accreditation=accreditation,
        college_accredited=True if institution_accreditor else None,
        is_degree=credential in Credential.associate(),
    )
