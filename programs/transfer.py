"""The program file format (CSV or JSON), and the rules for importing a row of it.

One row per program, the same columns in both formats (docs/import-format.md describes
them for curators). Export and import share this module, so an export re-imports to no
change:

- `listing_values(program)` reads a program with its institution, lab sessions (and their
  sites) and enrolment restrictions into one canonical value per column;
- `to_cell()` writes a value into a cell, `parse_row()` reads a row of cells back;
- `Importer` compares a parsed row with the database ("new", "changed" with the columns,
  "unchanged"), validates it with the models' own validation (`full_clean()`: field
  validators, `clean()` and the database constraints), and writes it.

django-import-export (programs/resources.py) runs the admin's upload, preview and confirm
steps and the all-or-nothing transaction around these rules.
"""

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import Prefetch

from . import geo
from .choices import Frequency, SessionKind, State
from .models import EnrollmentRestriction, Institution, LabSession, Program, Site

# --- columns ----------------------------------------------------------------------------

# Program fields in the order a spreadsheet shows them; each column is named after its field.
PROGRAM_FIELDS = [
    "name",
    "description",
    "credential",
    "delivery",
    "accreditation_agency",
    "accreditation_status",
    "accreditation_awarded",
    "accreditation_next_review",
    "eligible_ascp",
    "eligible_amt",
    "length_months",
    "credit_hours",
    "tuition_total",
    "tuition_in_state",
    "tuition_out_of_state",
    "start_terms",
    "prerequisites",
    "clinical_hours",
    "clinical_arrangement",
    "pass_rate",
    "graduation_rate",
    "placement_rate",
    "outcomes_year",
    "program_url",
    "source_url",
    "last_verified",
    "status",
]
# institution_<column> -> Institution field
INSTITUTION_COLUMNS = {
    "institution_name": "name",
    "institution_city": "city",
    "institution_state": "state",
    "institution_zip": "zip_code",
    "institution_website": "website",
    "institution_accreditor": "accreditor",
    "institution_control": "control",
}
INSTITUTION_FIELD_COLUMNS = {name: column for column, name in INSTITUTION_COLUMNS.items()}
INSTITUTION_FIELD_COLUMNS["slug"] = "institution"

# The columns an import reads, in file order. `slug` is the natural key.
IMPORT_COLUMNS = [
    "slug",
    "institution",
    *INSTITUTION_COLUMNS,
    *PROGRAM_FIELDS,
    "lab_sessions",
    "cannot_enrol",
]
# Exported for reading only: kept by database triggers from the lab sessions. An import
# accepts the column and ignores it.
READ_ONLY_COLUMNS = ["campus_days"]
EXPORT_COLUMNS = IMPORT_COLUMNS + READ_ONLY_COLUMNS

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}

HISTORY_REASON_MAX = 100  # django-simple-history's history_change_reason column

SAMPLE_FILE = Path(settings.BASE_DIR) / "fixtures" / "programs_import_sample.csv"


class FileProblem(ValueError):
    """The file as a whole cannot be imported; the message says why, in plain words."""


# --- reading a file ---------------------------------------------------------------------


def max_bytes() -> int:
    return settings.PROGRAM_IMPORT_MAX_BYTES


def file_size(size: int) -> str:
    """A size in bytes as people read it: '512 bytes', '820 KB', '5.0 MB'."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def decode(data: bytes | str) -> str:
    """The file's text: UTF-8, with or without the byte-order mark Excel adds."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > max_bytes():
        raise FileProblem(
            f"The file is {file_size(len(data))}; the limit is {file_size(max_bytes())}. "
            "Split it into smaller files and import them one after the other."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(
            f"The file is not UTF-8 text (line {line} has a byte UTF-8 does not allow, "
            f"0x{data[error.start]:02x}). Save it as UTF-8: in Excel choose "
            "File > Save As > 'CSV UTF-8 (Comma delimited)'; in LibreOffice tick "
            "'Edit filter settings' and choose 'Unicode (UTF-8)'."
        ) from None


def load_dataset(data: bytes | str, file_format: str) -> tablib.Dataset:
    """Read an uploaded file strictly, or raise FileProblem saying what is wrong with it."""
    text = decode(data)
    if not text.strip():
        raise FileProblem("The file is empty: there is nothing to import.")
    if file_format == "json":
        dataset = _load_json(text)
    elif file_format == "csv":
        dataset = _load_csv(text)
    else:  # pragma: no cover - the formats are fixed in programs/resources.py
        raise FileProblem(f"Unknown format {file_format!r}.")
    problems = header_problems(dataset.headers or [])
    if problems:
        raise FileProblem(" ".join(problems))
    if not len(dataset):
        raise FileProblem("The file has a header row but no programs.")
    return dataset


def _load_csv(text: str) -> tablib.Dataset:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise FileProblem("The file is empty: there is nothing to import.")
    headers = [cell.strip() for cell in rows[0]]
    dataset = tablib.Dataset(headers=headers)
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(headers):
            raise FileProblem(
                f"Line {number} has {len(row)} cells but the header has {len(headers)} "
                "columns. Check for a missing or extra comma, or a quote that is not closed."
            )
        dataset.append(row)
    return dataset


def _load_json(text: str) -> tablib.Dataset:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileProblem(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise FileProblem(
            "The JSON file must be a list of objects, one per program, each with the "
            "columns as keys (the format the export writes)."
        )
    if not data:
        raise FileProblem("The file has no programs.")
    headers = list(data[0])
    for number, item in enumerate(data, start=1):
        if set(item) != set(headers):
            missing = sorted(set(headers) - set(item))
            extra = sorted(set(item) - set(headers))
            detail = "; ".join(
                part
                for part in (
                    f"missing {', '.join(missing)}" if missing else "",
                    f"extra {', '.join(extra)}" if extra else "",
                )
                if part
            )
            raise FileProblem(
                f"Program {number} in the JSON file has different keys from the first "
                f"({detail}). Every object needs the same keys."
            )
        for key, value in item.items():
            if isinstance(value, list | dict):
                raise FileProblem(
                    f"Program {number}, '{key}': write the value as text (see the format "
                    "description), not as a JSON list or object."
                )
    dataset = tablib.Dataset(headers=headers)
    for item in data:
        dataset.append([item[key] for key in headers])
    return dataset


def header_problems(headers: list[str]) -> list[str]:
    """What is wrong with a header row (missing, unknown or repeated columns)."""
    seen, repeated = set(), []
    for header in headers:
        if header in seen and header not in repeated:
            repeated.append(header)
        seen.add(header)
    problems = []
    if repeated:
        problems.append(f"Columns named more than once: {', '.join(repeated)}.")
    missing = [c for c in IMPORT_COLUMNS if c not in seen]
    unknown = [h for h in headers if h not in EXPORT_COLUMNS]
    if missing:
        problems.append(f"Missing columns: {', '.join(missing)}.")
    if unknown:
        shown = ", ".join(repr(h) for h in unknown[:10])
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        problems.append(f"Unknown columns: {shown}{more}.")
        if len(headers) == 1 and ";" in headers[0]:
            problems.append("The file seems to use semicolons: save it with commas.")
    if missing or unknown:
        problems.append(
            "The header row must name exactly these columns, in any order: "
            + ", ".join(IMPORT_COLUMNS)
            + " (campus_days may be present and is ignored)."
        )
    return problems


# --- values -----------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class SiteRef:
    """A site by its natural key."""

    name: str
    zip_code: str


@dataclass(frozen=True)
class SessionSpec:
    kind: str
    days: int
    visits: int
    frequency: str
    total_days: int
    notes: str
    sites: tuple[SiteRef, ...]  # sorted

    @property
    def fields(self) -> dict:
        return {
            "kind": self.kind,
            "days": self.days,
            "visits": self.visits,
            "frequency": self.frequency,
            "total_days": self.total_days,
            "notes": self.notes,
        }


def _session_spec(session: LabSession) -> SessionSpec:
    return SessionSpec(
        kind=session.kind,
        days=session.days,
        visits=session.visits,
        frequency=session.frequency,
        total_days=session.total_days,
        notes=session.notes,
        sites=tuple(sorted(SiteRef(s.name, s.zip_code) for s in session.sites.all())),
    )


def institution_values(institution: Institution) -> dict[str, Any]:
    return {column: getattr(institution, name) for column, name in INSTITUTION_COLUMNS.items()}


def listing_values(program: Program) -> dict[str, Any]:
    """The canonical value of every column for a saved program (sessions in order)."""
    values = {"slug": program.slug, "institution": program.institution.slug}
    values.update(institution_values(program.institution))
    values.update({name: getattr(program, name) for name in PROGRAM_FIELDS})
    sessions = sorted(program.lab_sessions.all(), key=lambda s: s.pk)
    values["lab_sessions"] = tuple(_session_spec(s) for s in sessions)
    values["cannot_enrol"] = tuple(
        sorted((r.state, r.reason) for r in program.enrollment_restrictions.all())
    )
    values["campus_days"] = program.campus_days
    return values


def export_queryset(queryset=None):
    """Programs with everything an export row needs, in a fixed number of queries."""
    if queryset is None:
        queryset = Program.objects.all()
    return (
        queryset.defer("search_vector")
        .select_related("institution")
        .prefetch_related(
            Prefetch(
                "lab_sessions",
                queryset=LabSession.objects.order_by("pk").prefetch_related("sites"),
            ),
            "enrollment_restrictions",
        )
        .order_by("name", "pk")
    )


# --- cells ------------------------------------------------------------------------------

# Characters that give the lab_sessions and cannot_enrol syntax its structure. Inside a
# site name, a note or a reason they are written with a backslash before them.
SPECIAL = "\\|;[]()"


def escape(text: str) -> str:
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in text)


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def session_text(spec: SessionSpec) -> str:
    sites = "; ".join(f"{escape(s.name)} ({s.zip_code})" for s in spec.sites)
    text = (
        f"{spec.kind}: {_plural(spec.days, 'day')} x {spec.visits} {spec.frequency}, "
        f"{_plural(spec.total_days, 'day')} total @ {sites}"
    )
    if spec.notes:
        text += f" [{escape(spec.notes)}]"
    return text


def restrictions_text(restrictions: Iterable[tuple[str, str]]) -> str:
    return ", ".join(
        f"{state} ({escape(reason)})" if reason else state for state, reason in restrictions
    )


def to_cell(column: str, value: Any) -> Any:
    """A canonical value as an export cell: text, whole numbers, or None for empty."""
    if column == "lab_sessions":
        return " | ".join(session_text(spec) for spec in value)
    if column == "cannot_enrol":
        return restrictions_text(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return value


def display(column: str, value: Any, limit: int = 120) -> str:
    """A value as the preview shows it."""
    if value is None:
        return "(empty)"
    text = str(to_cell(column, value))
    if text == "":
        return "(empty)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def export_row(program: Program) -> dict[str, Any]:
    values = listing_values(program)
    return {column: to_cell(column, values[column]) for column in EXPORT_COLUMNS}


# --- parsing a row ----------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _choice(model_field, raw: str) -> str:
    if raw == "":
        return ""
    wanted = raw.casefold()
    for value, label in model_field.choices:
        if wanted in (str(value).casefold(), str(label).casefold()):
            return value
    options = ", ".join(str(value) for value, _ in model_field.choices)
    if model_field.choices == State.choices:
        raise ValueError(f"'{raw}' is not a US state: use a two-letter code such as OH.")
    raise ValueError(f"'{raw}' is not one of: {options}.")


WHOLE_NUMBER_RE = re.compile(r"-?\d+(\.0+)?")


def _integer(raw: Any) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError("Enter a whole number.")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise ValueError(f"Enter a whole number, not {raw}.")
    text = _text(raw)
    if text == "":
        return None
    cleaned = text.replace(",", "").replace("$", "").removesuffix("%").strip()
    if not WHOLE_NUMBER_RE.fullmatch(cleaned):
        raise ValueError(f"Enter a whole number, not '{text}'.")
    return int(float(cleaned))


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _text(raw).casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"Enter yes or no, not '{_text(raw)}'.")


def _date(raw: Any) -> date | None:
    text = _text(raw)
    if text == "":
        return None
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"Enter a date as YYYY-MM-DD, for example 2026-03-05, not '{text}'.")


def _zip(raw: Any) -> str:
    """A ZIP code; spreadsheets drop leading zeros ('2134' for 02134), so they are put back."""
    text = _text(raw)
    text = geo.normalise_zip(text)
    if text.isdigit() and 3 <= len(text) < 5:
        text = text.zfill(5)
    return text


def _field_value(model_field, raw: Any) -> Any:
    if isinstance(model_field, models.BooleanField):
        return _boolean(raw)
    if isinstance(model_field, models.DateField):
        return _date(raw)
    if isinstance(model_field, models.IntegerField):
        return _integer(raw)
    text = _text(raw)
    if model_field.choices:
        return _choice(model_field, text)
    if text.startswith("="):
        # A spreadsheet saves a formula's value, not the formula: a leading '=' is a
        # mistake, or a formula meant to run when an export is opened in a spreadsheet.
        raise ValueError("Starts with '=': formulas are not imported; remove the '='.")
    return text


def find_unescaped(text: str, char: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == char:
            return i
        i += 1
    return -1


def split_unescaped(text: str, char: str) -> list[str]:
    parts, start = [], 0
    while True:
        index = find_unescaped(text, char, start)
        if index < 0:
            parts.append(text[start:])
            return parts
        parts.append(text[start:index])
        start = index + 1


SESSION_RE = re.compile(
    r"(?P<kind>[a-z_-]+)\s*:\s*(?P<days>\d+)\s*days?\s*[x×*]\s*(?P<visits>\d+)\s+"
    r"(?P<frequency>[a-z_-]+)\s*,\s*(?P<total>\d+)\s*days?\s+total",
    re.IGNORECASE,
)
SITE_RE = re.compile(r"(?P<name>.*\S)\s*\((?P<zip>[^()]*)\)")
SESSION_EXAMPLE = (
    "weekend: 2 days x 3 per_term, 24 days total @ Main campus lab (45402); "
    "Westside lab (43210) [optional notes]"
)


def parse_sessions(raw: Any) -> tuple[SessionSpec, ...]:
    text = _text(raw)
    if not text:
        return ()
    sessions = []
    for number, part in enumerate(split_unescaped(text, "|"), start=1):
        sessions.append(_parse_session(part.strip(), number))
    return tuple(sessions)


def _parse_session(text: str, number: int) -> SessionSpec:
    where = f"Lab session {number}"
    notes = ""
    notes_start = find_unescaped(text, "[")
    if notes_start >= 0:
        notes_end = find_unescaped(text, "]", notes_start)
        if notes_end < 0 or text[notes_end + 1 :].strip():
            raise ValueError(
                f"{where}: notes go in square brackets at the end, e.g. [Saturdays only]."
            )
        notes = unescape(text[notes_start + 1 : notes_end]).strip()
        text = text[:notes_start].strip()
    spec_text, at, sites_text = text.partition("@")
    if not at:
        raise ValueError(
            f"{where}: name its sites after '@', e.g. '{SESSION_EXAMPLE}'. "
            "Leave the cell empty for a program with no campus sessions."
        )
    match = SESSION_RE.fullmatch(spec_text.strip())
    if not match:
        raise ValueError(f"{where}: write it as '{SESSION_EXAMPLE}', not '{spec_text.strip()}'.")
    kind = match["kind"].lower().replace("-", "_")
    frequency = match["frequency"].lower().replace("-", "_")
    if kind not in SessionKind.values:
        raise ValueError(
            f"{where}: '{match['kind']}' is not a kind of session; use one of "
            f"{', '.join(SessionKind.values)}."
        )
    if frequency not in Frequency.values:
        raise ValueError(
            f"{where}: '{match['frequency']}' is not a frequency; use one of "
            f"{', '.join(Frequency.values)}."
        )
    sites = []
    for site_text in split_unescaped(sites_text, ";"):
        site_text = site_text.strip()
        if not site_text:
            continue
        site_match = SITE_RE.fullmatch(site_text)
        if not site_match:
            raise ValueError(
                f"{where}: give each site as 'Name (ZIP)', e.g. 'Main campus lab (45402)', "
                f"not '{unescape(site_text)}'."
            )
        name = unescape(site_match["name"]).strip()
        sites.append(SiteRef(name, _zip(site_match["zip"])))
    if not sites:
        raise ValueError(f"{where}: name at least one site after '@'.")
    if len(set(sites)) != len(sites):
        raise ValueError(f"{where}: a site is named twice.")
    return SessionSpec(
        kind=kind,
        days=int(match["days"]),
        visits=int(match["visits"]),
        frequency=frequency,
        total_days=int(match["total"]),
        notes=notes,
        sites=tuple(sorted(sites)),
    )


def parse_restrictions(raw: Any) -> tuple[tuple[str, str], ...]:
    """'CA, NY (no state authorization)' -> (('CA', ''), ('NY', 'no state authorization'))."""
    text = _text(raw)
    found: dict[str, str] = {}
    i = 0
    while i < len(text):
        if text[i] in " ,;\n\t":
            i += 1
            continue
        match = re.compile(r"[A-Za-z]{2}(?![A-Za-z])").match(text, i)
        if not match:
            token = re.compile(r"[^\s,;(]+").match(text, i)
            word = token.group(0) if token else text[i]
            raise ValueError(
                f"'{word}' is not a state code: list two-letter codes such as 'CA, NY', "
                "each optionally followed by a reason in brackets, e.g. 'CA (no state "
                "authorization)'."
            )
        state = match.group(0).upper()
        if state not in State.values:
            raise ValueError(f"'{match.group(0)}' is not a US state code.")
        if state in found:
            raise ValueError(f"{state} is listed twice.")
        i = match.end()
        while i < len(text) and text[i] in " \t":
            i += 1
        reason = ""
        if i < len(text) and text[i] == "(":
            end = find_unescaped(text, ")", i + 1)
            if end < 0:
                raise ValueError(f"The reason for {state} has no closing bracket.")
            reason = unescape(text[i + 1 : end]).strip()
            i = end + 1
        found[state] = reason
    return tuple(sorted(found.items()))


@dataclass
class ParsedRow:
    values: dict[str, Any]
    # False when every institution_ cell is empty: keep the existing institution as it is.
    institution_given: bool


def parse_row(row: Mapping[str, Any]) -> ParsedRow:
    """A row's cells as canonical values, or ValidationError naming each bad cell."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}

    def read(column, parse):
        try:
            values[column] = parse(row.get(column))
        except ValueError as error:
            errors.setdefault(column, []).append(str(error))

    read("slug", _text)
    read("institution", _text)
    institution_given = any(_text(row.get(column)) for column in INSTITUTION_COLUMNS)
    if institution_given:
        for column, name in INSTITUTION_COLUMNS.items():
            model_field = Institution._meta.get_field(name)
            if name == "zip_code":
                read(column, _zip)
            else:
                read(column, lambda raw, f=model_field: _field_value(f, raw))
    for name in PROGRAM_FIELDS:
        model_field = Program._meta.get_field(name)
        read(name, lambda raw, f=model_field: _field_value(f, raw))
    read("lab_sessions", parse_sessions)
    read("cannot_enrol", parse_restrictions)
    if not values.get("slug") and "slug" not in errors:
        errors["slug"] = ["Required: the program's slug identifies it (e.g. 'dayton-cc-aas')."]
    if not values.get("institution") and "institution" not in errors:
        errors["institution"] = ["Required: the institution's slug."]
    if errors:
        raise ValidationError(errors)
    return ParsedRow(values, institution_given)


# --- importing a row --------------------------------------------------------------------


@dataclass
class Change:
    column: str
    before: str
    after: str


@dataclass
class Outcome:
    status: str  # "new", "changed" or "unchanged"
    slug: str
    program: Program | None = None
    changes: list[Change] = field(default_factory=list)
    # What else the row creates: "New institution: …", "New site: …".
    notes: list[str] = field(default_factory=list)

    @property
    def changed_columns(self) -> list[str]:
        return [change.column for change in self.changes]


FRIENDLY_CODES = {
    "null": "Required: this cell cannot be empty.",
    "blank": "Required: this cell cannot be empty.",
}


def _messages(error: ValidationError) -> dict[str, list[str]]:
    """A ValidationError as {field: [message]}, with plainer words for empty cells."""
    result: dict[str, list[str]] = {}
    error_dict = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: [error]}
    for name, errors in error_dict.items():
        for item in errors:
            for single in item.error_list if hasattr(item, "error_list") else [item]:
                message = FRIENDLY_CODES.get(single.code) or " ".join(single.messages)
                result.setdefault(name, []).append(message)
    return result


def _verbose(model, name: str) -> str:
    if name == NON_FIELD_ERRORS:
        return ""
    try:
        return str(model._meta.get_field(name).verbose_name) + ": "
    except Exception:
        return f"{name}: "


class Importer:
    """Imports rows one at a time, remembering what earlier rows of the same file said.

    `run()` never writes when a row is invalid or unchanged, and writes a valid row inside
    its own savepoint. The caller wraps the whole file in one transaction and rolls it back
    on any error (or for a dry run), so a file is imported completely or not at all.
    """

    def __init__(self, *, user=None, reason: str = "Imported from a file"):
        self.user = user
        self.reason = reason[:HISTORY_REASON_MAX]
        self.seen: dict[str, int] = {}  # program slug -> row number
        self.institutions: dict[str, tuple[int, dict]] = {}  # slug -> (row, values given)

    # The one entry point.
    def run(self, row: Mapping[str, Any], number: int, write: bool = True) -> Outcome:
        parsed = parse_row(row)
        values = parsed.values
        slug = values["slug"]
        if slug in self.seen:
            raise ValidationError(
                {"slug": [f"Row {self.seen[slug]} already has this program: list it once."]}
            )
        self.seen[slug] = number

        program = (
            Program.objects.filter(slug=slug)
            .select_related("institution")
            .prefetch_related(
                Prefetch(
                    "lab_sessions",
                    queryset=LabSession.objects.order_by("pk").prefetch_related("sites"),
                ),
                "enrollment_restrictions",
            )
            .first()
        )
        before = listing_values(program) if program else None

        institution = Institution.objects.filter(slug=values["institution"]).first()
        wanted_institution = self._institution_values(parsed, institution, number)
        sites = self._resolve_sites(values["lab_sessions"])
        sessions = tuple(
            SessionSpec(
                **spec.fields,
                sites=tuple(sorted(SiteRef(sites[s].name, sites[s].zip_code) for s in spec.sites)),
            )
            for spec in values["lab_sessions"]
        )

        after = {"slug": slug, "institution": values["institution"], **wanted_institution}
        after.update({name: values[name] for name in PROGRAM_FIELDS})
        after["lab_sessions"] = sessions
        after["cannot_enrol"] = values["cannot_enrol"]

        if before is None:
            changed = list(IMPORT_COLUMNS)
        else:
            changed = [c for c in IMPORT_COLUMNS if before[c] != after[c]]
        outcome = Outcome(
            status="new" if before is None else ("changed" if changed else "unchanged"),
            slug=slug,
            program=program,
            changes=[
                Change(c, display(c, before[c]) if before else "", display(c, after[c]))
                for c in changed
            ],
        )
        if outcome.status == "unchanged":
            return outcome
        if institution is None:
            outcome.notes.append(
                f"New institution: {after['institution_name']} ({after['institution']})"
            )
        outcome.notes += [
            f"New site: {site.name}, {site.city}, {site.state} {site.zip_code}"
            for site in sites.values()
            if site._state.adding
        ]

        plan = self._validate(program, institution, after, sites, changed)
        if write:
            with transaction.atomic():
                outcome.program = self._write(plan, after, changed)
        return outcome

    def _institution_values(self, parsed: ParsedRow, institution, number) -> dict:
        slug = parsed.values["institution"]
        if not parsed.institution_given:
            if institution is None:
                raise ValidationError(
                    {
                        "institution": [
                            f"No institution has the slug '{slug}'. To create it, fill in "
                            "the institution_ columns (name, city, state, ZIP, control)."
                        ]
                    }
                )
            return institution_values(institution)
        given = {column: parsed.values[column] for column in INSTITUTION_COLUMNS}
        earlier = self.institutions.get(slug)
        if earlier is not None and earlier[1] != given:
            row, values = earlier
            differing = [c for c in INSTITUTION_COLUMNS if values[c] != given[c]]
            raise ValidationError(
                {
                    column: [
                        f"Row {row} gives institution '{slug}' a different value "
                        f"({display(column, values[column])}). Make the rows agree, or "
                        "leave every institution_ cell empty to keep the institution as it is."
                    ]
                    for column in differing
                }
            )
        self.institutions.setdefault(slug, (number, given))
        return given

    def _resolve_sites(self, sessions: tuple[SessionSpec, ...]) -> dict[SiteRef, Site]:
        """Each site named by the row: the existing one (same name, any letter case, and
        ZIP), or a new unsaved Site whose city, state and coordinates come from the ZIP."""
        resolved: dict[SiteRef, Site] = {}
        errors = []
        for number, spec in enumerate(sessions, start=1):
            for ref in spec.sites:
                if ref in resolved:
                    continue
                site = Site.objects.filter(name=ref.name, zip_code=ref.zip_code).first()
                if site is None:
                    matches = list(
                        Site.objects.filter(name__iexact=ref.name, zip_code=ref.zip_code)[:2]
                    )
                    site = matches[0] if len(matches) == 1 else None
                if site is None:
                    place = geo.lookup_zip(ref.zip_code)
                    if place is None:
                        errors.append(
                            f"Lab session {number}, site '{ref.name}': '{ref.zip_code}' is "
                            "not a US ZIP code that exists. Enter 5 digits, e.g. 43210."
                        )
                        continue
                    site = Site(
                        name=ref.name, zip_code=place.zip_code, city=place.city, state=place.state
                    )
                resolved[ref] = site
        if errors:
            raise ValidationError({"lab_sessions": errors})
        return resolved

    def _validate(self, program, institution, after, sites, changed) -> dict:
        """Build every object the row writes and run the models' own validation on it."""
        errors: dict[str, list[str]] = {}

        def add(column, messages):
            errors.setdefault(column, []).extend(messages)

        # The institution, when it is new or the row changes it.
        institution_changed = any(c in INSTITUTION_COLUMNS for c in changed)
        if institution is None:
            institution = Institution(slug=after["institution"])
        if institution._state.adding or institution_changed:
            for column, name in INSTITUTION_COLUMNS.items():
                setattr(institution, name, after[column])
            try:
                institution.full_clean()
            except ValidationError as error:
                for name, messages in _messages(error).items():
                    column = INSTITUTION_FIELD_COLUMNS.get(name, "institution")
                    add(column, messages)

        # The program.
        if program is None:
            program = Program(slug=after["slug"])
        for name in PROGRAM_FIELDS:
            setattr(program, name, after[name])
        exclude = []
        if institution._state.adding:
            exclude.append("institution")  # saved first, when the row is written
        else:
            program.institution = institution
        try:
            program.full_clean(exclude=exclude)
        except ValidationError as error:
            for name, messages in _messages(error).items():
                add(name if name in IMPORT_COLUMNS else NON_FIELD_ERRORS, messages)

        # Lab sessions, their new sites, and enrolment restrictions.
        sessions = []
        for number, spec in enumerate(after["lab_sessions"], start=1):
            session = LabSession(**spec.fields)
            try:
                session.full_clean(exclude=["program"])
            except ValidationError as error:
                for name, messages in _messages(error).items():
                    label = _verbose(LabSession, name)
                    add("lab_sessions", [f"Lab session {number}: {label}{m}" for m in messages])
            sessions.append(session)
        for ref, site in sites.items():
            if site._state.adding:
                try:
                    site.full_clean()
                except ValidationError as error:
                    for name, messages in _messages(error).items():
                        label = _verbose(Site, name)
                        add("lab_sessions", [f"Site '{ref.name}': {label}{m}" for m in messages])
        for state, reason in after["cannot_enrol"]:
            restriction = EnrollmentRestriction(state=state, reason=reason)
            try:
                restriction.full_clean(exclude=["program"])
            except ValidationError as error:
                for name, messages in _messages(error).items():
                    label = _verbose(EnrollmentRestriction, name)
                    add("cannot_enrol", [f"{state}: {label}{m}" for m in messages])
        if errors:
            raise ValidationError(errors)
        return {
            "program": program,
            "institution": institution,
            "institution_changed": institution_changed,
            "sites": sites,
        }

    def _stamp(self, obj, reason: str | None = None):
        """Who made the change and why, for the history."""
        if self.user is not None:
            obj._history_user = self.user
        obj._change_reason = (reason or self.reason)[:HISTORY_REASON_MAX]
        return obj

    def _write(self, plan: dict, after: dict, changed: list[str]) -> Program:
        program: Program = plan["program"]
        institution: Institution = plan["institution"]
        if institution._state.adding or plan["institution_changed"]:
            self._stamp(institution).save()
        program.institution = institution
        nested = [c for c in ("lab_sessions", "cannot_enrol") if c in changed]
        reason = self.reason
        if nested and not program._state.adding:
            reason = f"{self.reason} ({', '.join(nested)} changed)"
        self._stamp(program, reason).save()

        sites = plan["sites"]
        for site in sites.values():
            if site._state.adding:
                self._stamp(site).save()
        by_key = {SiteRef(s.name, s.zip_code): s for s in sites.values()}
        if "lab_sessions" in changed:
            self._write_sessions(program, after["lab_sessions"], by_key)
        if "cannot_enrol" in changed:
            self._write_restrictions(program, after["cannot_enrol"])
        return program

    def _write_sessions(self, program, wanted: tuple[SessionSpec, ...], sites) -> None:
        """Update sessions in place, position by position, so each keeps its history."""
        existing = list(program.lab_sessions.order_by("pk").prefetch_related("sites"))
        for index, spec in enumerate(wanted):
            if index < len(existing):
                session = existing[index]
                current = _session_spec(session)
                if current.fields != spec.fields:
                    for name, value in spec.fields.items():
                        setattr(session, name, value)
                    self._stamp(session).save()
                if current.sites != spec.sites:
                    self._stamp(session)
                    session.sites.set([sites[ref] for ref in spec.sites])
            else:
                session = self._stamp(LabSession(program=program, **spec.fields))
                session.save()
                session.sites.set([sites[ref] for ref in spec.sites])
        for session in existing[len(wanted) :]:
            self._stamp(session).delete()

    def _write_restrictions(self, program, wanted: tuple[tuple[str, str], ...]) -> None:
        existing = {r.state: r for r in program.enrollment_restrictions.all()}
        wanted_map = dict(wanted)
        for state, restriction in existing.items():
            if state not in wanted_map:
                self._stamp(restriction).delete()
            elif restriction.reason != wanted_map[state]:
                restriction.reason = wanted_map[state]
                self._stamp(restriction).save()
        for state, reason in wanted:
            if state not in existing:
                restriction = EnrollmentRestriction(program=program, state=state, reason=reason)
                self._stamp(restriction).save()
