"""Each requirement a route checks, as a function of the applicant and the date."""

from datetime import date
from decimal import Decimal

from core.dates import months_before

from .rules import (
    AMT_PROGRAM_ACCREDITATION,
    ASCP_PROGRAM_ACCREDITATION,
    CLOSE_TO_LIMIT,
    EXPERIENCE_AREAS,
    EXPERIENCE_WINDOW_YEARS,
    MIN_BIOLOGY_HOURS,
    MIN_CHEMISTRY_HOURS,
    MIN_EXPERIENCE_YEARS,
    MIN_SEMESTER_HOURS,
    PROGRAM_WINDOW_YEARS,
    Applicant,
    ProgramAccreditation,
    Requirement,
)

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
    if program == ProgramAccreditation.UNKNOWN:
        unknown = Requirement(
            text,
            None,
            "Your program's accreditation is not known here: ask the program, or look it up in "
            "NAACLS's list of accredited programs.",
        )
        return [unknown, _finished(applicant, today)]
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
        why = {
            ProgramAccreditation.NAACLS_SERIOUS: (
                "A serious applicant is not yet accredited by NAACLS"
            ),
            ProgramAccreditation.UNKNOWN: "Your program's accreditation is not known here",
        }.get(program, "Your program has no programmatic accreditation")
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
        elif program == ProgramAccreditation.UNKNOWN:
            # The program itself may be accredited: not known, not missed.
            accredited = Requirement(
                text,
                None,
                f"{why}, and you said your college is not accredited: ask the program whether "
                "NAACLS or another recognised agency accredits it.",
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
