"""How the site writes numbers and missing values: one way, everywhere.

Pages, the API's display strings, CSV files and shared lists all call these, so "$12,345",
"75%" and the words for a value the school does not publish never differ between them.
"""

from datetime import date

# What a reader sees for a fact the school does not publish.
NOT_PUBLISHED = "Not published by the school"
# A travel figure left uncounted because a campus session's place is not published.
SITE_NOT_PUBLISHED = "Not known: a site is not published"
# The driving of a trip no road makes (from Hawaii to the mainland, say).
FLIGHT_NOT_PRICED = "Not known: a flight is needed, and flights are not priced"
# A travel figure that needs the student's ZIP code.
ASK_FOR_ZIP = "Give your ZIP code to estimate"
# Why a program's travel is $0 from anywhere: it has no campus sessions; its campus labs may
# be done at a lab near the student instead; its labs are at the student's workplace.
NO_TRIPS = "No campus trips"
LOCAL_LABS_INSTEAD = (
    "No trips counted: the program lets you do its campus labs near you, if it approves the lab"
)
LABS_NEAR_YOU = "No trips: labs at your workplace or a lab you arrange"
# An estimated total with no tuition published and nothing else to count.
TOTAL_NOT_KNOWN = "Not known: the tuition total is not published"
# The same when the tuition is published by residence only and no ZIP code was given.
TOTAL_NEEDS_ZIP = "Not known: give your ZIP code for the tuition that applies to you"


def lower_first(text: str) -> str:
    """A phrase to follow a comma: "At the student's workplace" -> "at the student's
    workplace" (Django's capfirst goes the other way)."""
    return text[:1].lower() + text[1:]


def blank(value):
    """A value for a CSV cell: None is an empty cell, anything else is kept as it is."""
    return "" if value is None else value


def money(value, missing: str = NOT_PUBLISHED) -> str:
    """12345 -> '$12,345'; None (or '') -> the missing-value text."""
    if value is None or value == "":
        return missing
    return f"${int(value):,}"


def percent(value, year=None, missing: str = NOT_PUBLISHED) -> str:
    """75 -> '75%'; with a year, '75% (2024)'; None -> the missing-value text."""
    if value is None or value == "":
        return missing
    return f"{value}% ({year})" if year else f"{value}%"


def miles(value, missing: str = "") -> str:
    """98.6 -> 'about 99 miles in a straight line'; None -> '' (no distance to show).

    Distances are great-circle ("as the crow flies"), never road distances: every place that
    shows one says so, through this function.
    """
    if value is None:
        return missing
    rounded = f"{value:,.0f}"
    unit = "mile" if rounded == "1" else "miles"
    return f"about {rounded} {unit} in a straight line"


def text(value, missing: str = NOT_PUBLISHED) -> str:
    """A fact written as words (a credential, a school's 'five semesters'), or the
    missing-value text when it is empty."""
    return missing if value is None or value == "" else str(value)


def count_or_missing(value, missing: str = NOT_PUBLISHED) -> str:
    """A whole number as text, or the missing-value text."""
    return missing if value is None or value == "" else f"{value:,}"


def day(value: date | None, missing: str = "") -> str:
    """date(2026, 3, 5) -> '5 Mar 2026'."""
    return missing if value is None else f"{value:%-d %b %Y}"


def unit_price(value, missing: str = NOT_PUBLISHED) -> str:
    """A price per unit, to the cent or finer when it has them: Decimal('0.725') -> '$0.725',
    110 -> '$110', Decimal('176.97') -> '$176.97'; None -> the missing-value text."""
    if value is None or value == "":
        return missing
    text = f"{value:,f}" if not isinstance(value, int) else f"{value:,}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
        whole, _, cents = text.partition(".")
        if cents:
            text = f"{whole}.{cents.ljust(2, '0')}"
    return f"${text}"


def count(value: int) -> str:
    """1234 -> '1,234'."""
    return f"{value:,}"


def mile_count(value, missing: str = "—") -> str:
    """98.6 -> '99', for a table column whose heading says 'straight-line miles'."""
    return missing if value is None else f"{value:,.0f}"
