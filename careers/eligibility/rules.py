"""The certification routes as data: the applicant, the routes, their sources and limits."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum, nonmember

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
    # Not known: the person is not sure, or the directory's listing does not say who
    # accredits the program. Neither counted as accredited nor as not.
    UNKNOWN = "unknown", "I am not sure how it is accredited"
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

    @property
    def unknowns(self) -> list[Requirement]:
        """What the checker cannot confirm: the points to check with the certifying body."""
        return [r for r in self.requirements if r.met is None]
