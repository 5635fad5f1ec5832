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

The package: rules.py (the applicant and the routes as data), requirements.py (each check),
routes.py (assessing and summarising). Import from here: `from careers.eligibility import assess`.
"""

from .requirements import (  # noqa: F401
    _accredited_college,
    _dated,
    _finished,
    _hours,
    _join,
    _long,
    _lower_first,
    _month,
    _years,
    amt_degree,
    amt_program,
    ascp_program,
    degree_or_hours,
    experience,
    military_course,
    military_credits,
    sciences,
    window_start,
    within_years,
)
from .routes import (  # noqa: F401
    ProgramFacts,
    Summary,
    _outcome,
    _requirements,
    assess,
    assess_route,
    program_facts,
    summarise,
)
from .rules import (  # noqa: F401
    AAB_SOURCE,
    AMT_PROGRAM_ACCREDITATION,
    AMT_SOURCE,
    ASCP_PROGRAM_ACCREDITATION,
    ASCP_SOURCE,
    CLOSE_TO_LIMIT,
    EXPERIENCE_AREAS,
    EXPERIENCE_WINDOW_YEARS,
    MILITARY_WINDOW_YEARS_ASCP,
    MIN_BIOLOGY_HOURS,
    MIN_CHEMISTRY_HOURS,
    MIN_EXPERIENCE_YEARS,
    MIN_SEMESTER_HOURS,
    PROGRAM_WINDOW_YEARS,
    ROUTES,
    ROUTES_BY_KEY,
    Applicant,
    Outcome,
    ProgramAccreditation,
    Requirement,
    Route,
    RouteResult,
    Source,
)
