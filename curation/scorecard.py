"""Read the U.S. Department of Education's College Scorecard institution file.

Works on the full institution file (``MERGED2023_24_PP.csv``, 3,306 columns) or on any extract
that keeps the official column names: only the columns below are read, the others are ignored.
The Scorecard writes a value it does not report as ``NULL``, ``NA`` or ``PrivacySuppressed``
(the last for values withheld to protect students' privacy); each becomes ``None`` here, never a
zero. Pure functions, no database: ``import_scorecard`` turns the rows into institutions.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation

# How the official files write "not reported".
NOT_REPORTED = frozenset({"", "NULL", "NA", "PrivacySuppressed"})

# The cite line shown beside every Scorecard figure.
SOURCE_TITLE = "College Scorecard"
SOURCE_EDITION = "2023-24"
SOURCE_PUBLISHER = "U.S. Department of Education"
SOURCE_URL = "https://collegescorecard.ed.gov/data/"

# CONTROL codes (Scorecard data dictionary) -> the directory's Control values.
CONTROL_CODES = {1: "public", 2: "nonprofit", 3: "for_profit"}

REQUIRED_COLUMNS = ("UNITID", "INSTNM", "CITY", "STABBR")
OPTIONAL_COLUMNS = (
    "OPEID6",
    "ZIP",
    "LATITUDE",
    "LONGITUDE",
    "INSTURL",
    "NPCURL",
    "CONTROL",
    "PREDDEG",
    "HIGHDEG",
    "DISTANCEONLY",
    "ACCREDAGENCY",
    "TUITIONFEE_IN",
    "TUITIONFEE_OUT",
    "NPT4_PUB",
    "NPT4_PRIV",
    "C150_L4",
    "C150_4",
    "MD_EARN_WNE_P10",
    "GRAD_DEBT_MDN",
    "UGDS",
)

STATE_CODE = re.compile(r"[A-Z]{2}")
ZIP_CODE = re.compile(r"(\d{5})(?:-?\d{4})?")


class ScorecardFormatError(ValueError):
    """The file as a whole cannot be read as a Scorecard institution file."""


class RowError(ValueError):
    """One row cannot be used; the message says why, in words a curator understands."""


@dataclass(frozen=True)
class ScorecardInstitution:
    """One institution as the Scorecard reports it; None means "not reported"."""

    unitid: int
    name: str
    city: str
    state: str
    opeid6: str | None = None
    zip_code: str | None = None  # the 5-digit ZIP (the file may carry ZIP+4)
    latitude: float | None = None
    longitude: float | None = None
    website: str | None = None
    net_price_calculator_url: str | None = None
    control: str | None = None  # a Control value: public / nonprofit / for_profit
    predominant_degree: int | None = None
    highest_degree: int | None = None
    distance_only: bool | None = None
    accreditor: str | None = None
    tuition_fee_in_state: int | None = None
    tuition_fee_out_of_state: int | None = None
    average_net_price: int | None = None
    completion_rate: Decimal | None = None  # 0-1, within 150% of normal time
    median_earnings: int | None = None
    median_debt: int | None = None
    undergraduate_enrollment: int | None = None

    def as_fields(self) -> dict:
        """Every value except the UNITID, keyed by attribute name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "unitid"}


@dataclass(frozen=True)
class ParsedRow:
    line: int  # the line number in the file (the header is line 1)
    unitid: str  # as written, for messages about rows that failed
    institution: ScorecardInstitution | None = None
    error: str | None = None


def reported(value: str | None) -> str | None:
    """The cell's text, or None when the Scorecard did not report it."""
    if value is None:
        return None
    value = value.strip()
    return None if value in NOT_REPORTED else value


def _integer(row: dict, column: str) -> int | None:
    value = reported(row.get(column))
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise RowError(f"{column} is not a number: {value!r}") from None
    if number != number.to_integral_value():
        raise RowError(f"{column} should be a whole number: {value!r}")
    return int(number)


def _amount(row: dict, column: str) -> int | None:
    """A dollar amount or a count: a whole number, never negative."""
    number = _integer(row, column)
    if number is not None and number < 0:
        raise RowError(f"{column} cannot be negative: {number}")
    return number


def _coordinate(row: dict, column: str, limit: int) -> float | None:
    value = reported(row.get(column))
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowError(f"{column} is not a number: {value!r}") from None
    if not -limit <= number <= limit:
        raise RowError(f"{column} is out of range: {value}")
    return number


def _rate(row: dict, column: str) -> Decimal | None:
    value = reported(row.get(column))
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise RowError(f"{column} is not a number: {value!r}") from None
    if not Decimal(0) <= number <= Decimal(1):
        raise RowError(f"{column} should be a share from 0 to 1: {value}")
    return number


def _url(row: dict, column: str) -> str | None:
    """The Scorecard writes most addresses without a scheme ('www.x.edu/'): add https://."""
    value = reported(row.get(column))
    if value is None:
        return None
    if "." not in value or value.startswith("."):
        raise RowError(f"{column} is not a web address: {value!r}")
    value = value.replace(" ", "%20")  # some colleges' addresses contain spaces
    if not re.match(r"https?://", value, re.IGNORECASE):
        value = "https://" + value
    return value[:300]


def parse_row(row: dict) -> ScorecardInstitution:
    """One CSV row (a dict keyed by official column names) as a ScorecardInstitution."""
    unitid = _integer(row, "UNITID")
    if unitid is None or unitid <= 0:
        raise RowError("UNITID is missing")
    name = reported(row.get("INSTNM"))
    if name is None:
        raise RowError("INSTNM (the institution's name) is missing")
    state = reported(row.get("STABBR"))
    if state is None or not STATE_CODE.fullmatch(state):
        raise RowError(f"STABBR is not a two-letter state code: {row.get('STABBR')!r}")
    city = reported(row.get("CITY")) or ""
    zip_value = reported(row.get("ZIP"))
    zip_code = None
    if zip_value is not None:
        match = ZIP_CODE.fullmatch(zip_value)
        if match is None:
            raise RowError(f"ZIP is not a US ZIP code: {zip_value!r}")
        zip_code = match.group(1)
    latitude = _coordinate(row, "LATITUDE", 90)
    longitude = _coordinate(row, "LONGITUDE", 180)
    if (latitude is None) != (longitude is None):
        latitude = longitude = None  # half a location is no location
    control_code = _integer(row, "CONTROL")
    if control_code is not None and control_code not in CONTROL_CODES:
        raise RowError(f"CONTROL should be 1, 2 or 3: {control_code}")
    control = CONTROL_CODES.get(control_code)
    distance_only = _integer(row, "DISTANCEONLY")
    predominant = _integer(row, "PREDDEG")
    # Net price: the Scorecard reports public and private institutions in separate columns.
    # It is cost of attendance minus grants, so it can be below zero: kept as reported.
    net_price = _integer(row, "NPT4_PUB" if control == "public" else "NPT4_PRIV")
    # Completion: C150_4 describes four-year institutions, C150_L4 the others.
    four_year = predominant is not None and predominant >= 3
    first, second = ("C150_4", "C150_L4") if four_year else ("C150_L4", "C150_4")
    completion = _rate(row, first)
    if completion is None:
        completion = _rate(row, second)
    opeid6 = reported(row.get("OPEID6"))
    return ScorecardInstitution(
        unitid=unitid,
        name=name[:200],
        city=city[:100],
        state=state,
        opeid6=opeid6[:6] if opeid6 else None,
        zip_code=zip_code,
        latitude=latitude,
        longitude=longitude,
        website=_url(row, "INSTURL"),
        net_price_calculator_url=_url(row, "NPCURL"),
        control=control,
        predominant_degree=predominant,
        highest_degree=_integer(row, "HIGHDEG"),
        distance_only=None if distance_only is None else distance_only == 1,
        accreditor=(reported(row.get("ACCREDAGENCY")) or None),
        tuition_fee_in_state=_amount(row, "TUITIONFEE_IN"),
        tuition_fee_out_of_state=_amount(row, "TUITIONFEE_OUT"),
        average_net_price=net_price,
        completion_rate=completion,
        median_earnings=_amount(row, "MD_EARN_WNE_P10"),
        median_debt=_amount(row, "GRAD_DEBT_MDN"),
        undergraduate_enrollment=_amount(row, "UGDS"),
    )


def read_rows(lines: Iterable[str]) -> Iterator[ParsedRow]:
    """Parse a Scorecard CSV given as text lines. Raises ScorecardFormatError before the first
    row when the header lacks the required columns; afterwards yields one ParsedRow per data
    row, with either the institution or the reason it was rejected."""
    reader = csv.DictReader(lines, strict=True)
    try:
        header = reader.fieldnames
    except UnicodeDecodeError:
        raise ScorecardFormatError("The file is not UTF-8 text: is it really a CSV file?") from None
    except csv.Error as error:
        raise ScorecardFormatError(f"The file is not a readable CSV file ({error}).") from None
    if not header:
        raise ScorecardFormatError("The file is empty: expected a header row of column names.")
    header = [name.strip().lstrip("\ufeff") for name in header]
    reader.fieldnames = header
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ScorecardFormatError(
            "This is not a College Scorecard institution file: the header lacks "
            + ", ".join(missing)
            + ". Use the institution file (MERGED…_PP.csv) or an extract with its column names."
        )
    seen: set[int] = set()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ScorecardFormatError(
                f"Line {reader.line_num} is not valid CSV ({error})."
            ) from None
        except UnicodeDecodeError:
            raise ScorecardFormatError(
                f"Line {reader.line_num + 1} is not UTF-8 text: is this really a CSV file?"
            ) from None
        line = reader.line_num
        unitid = (row.get("UNITID") or "").strip()
        if None in row or any(value is None for value in row.values()):
            yield ParsedRow(line, unitid, error="the row has a different number of columns")
            continue
        try:
            institution = parse_row(row)
        except RowError as error:
            yield ParsedRow(line, unitid, error=str(error))
            continue
        if institution.unitid in seen:
            yield ParsedRow(line, unitid, error="UNITID appears earlier in the file")
            continue
        seen.add(institution.unitid)
        yield ParsedRow(line, unitid, institution=institution)


def parse_text(text: str) -> list[ParsedRow]:
    """Convenience for tests and small files: every row of a CSV held in memory."""
    return list(read_rows(io.StringIO(text, newline="")))
