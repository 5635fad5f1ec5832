"""A program as the file's values and cells: reading listings out, writing cells."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from programs.choices import LabLocation
from programs.models import Institution, LabSession, Program

from .columns import EXPORT_COLUMNS, INSTITUTION_COLUMNS, PROGRAM_FIELDS


@dataclass(frozen=True, order=True)
class SiteRef:
    """A site by its natural key."""

    name: str
    zip_code: str


@dataclass(frozen=True)
class SessionSpec:
    """A lab session as the file writes it. None for days, visits or total days: the school
    does not publish them. No sites: the place is not published, or not a campus."""

    kind: str
    days: int | None
    visits: int | None
    frequency: str
    total_days: int | None
    notes: str
    sites: tuple[SiteRef, ...]  # sorted
    location: str = LabLocation.CAMPUS
    local_alternative: bool = False

    @property
    def fields(self) -> dict:
        return {
            "kind": self.kind,
            "location": self.location,
            "local_alternative": self.local_alternative,
            "days": self.days,
            "visits": self.visits,
            "frequency": self.frequency,
            "total_days": self.total_days,
            "notes": self.notes,
        }


def same_line_breaks(value: Any) -> Any:
    """Text with its line breaks as "\n". The admin's text boxes send "\r\n" and a file may
    hold either, so the file's cells and the stored values are both read through this: an
    unchanged export of a listing edited in the admin re-imports as unchanged."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _session_spec(session: LabSession) -> SessionSpec:
    return SessionSpec(
        kind=session.kind,
        location=session.location,
        local_alternative=session.local_alternative,
        days=session.days,
        visits=session.visits,
        frequency=session.frequency,
        total_days=session.total_days,
        notes=same_line_breaks(session.notes),
        sites=tuple(sorted(SiteRef(s.name, s.zip_code) for s in session.sites.all())),
    )


def institution_values(institution: Institution) -> dict[str, Any]:
    return {
        column: same_line_breaks(getattr(institution, name))
        for column, name in INSTITUTION_COLUMNS.items()
    }


def listing_values(program: Program) -> dict[str, Any]:
    """The canonical value of every column for a saved program (sessions in order)."""
    values = {"slug": program.slug, "institution": program.institution.slug}
    values.update(institution_values(program.institution))
    values.update({name: same_line_breaks(getattr(program, name)) for name in PROGRAM_FIELDS})
    sessions = sorted(program.lab_sessions.all(), key=lambda s: s.pk)
    values["lab_sessions"] = tuple(_session_spec(s) for s in sessions)
    values["cannot_enrol"] = tuple(
        sorted((r.state, same_line_breaks(r.reason)) for r in program.enrollment_restrictions.all())
    )
    values["campus_days"] = program.campus_days
    values["eligible_ascp"] = program.eligible_ascp
    values["eligible_amt"] = program.eligible_amt
    return values


def export_queryset(queryset=None):
    """Programs with everything an export row needs, in a fixed number of queries."""
    if queryset is None:
        queryset = Program.objects.all()
    return queryset.with_details().with_restrictions().order_by("name", "pk")


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


UNPUBLISHED = "?"  # a number the school does not publish
LOCAL_ALTERNATIVE = "local_alternative"  # the student may use a lab near them instead


def _number(n: int | None) -> str:
    return UNPUBLISHED if n is None else str(n)


def _plural(n: int | None, word: str) -> str:
    return f"{_number(n)} {word}" if n == 1 else f"{_number(n)} {word}s"


def session_text(spec: SessionSpec) -> str:
    sites = "; ".join(f"{escape(s.name)} ({s.zip_code})" for s in spec.sites)
    text = (
        f"{spec.kind}: {_plural(spec.days, 'day')} x {_number(spec.visits)} {spec.frequency}, "
        f"{_plural(spec.total_days, 'day')} total"
    )
    if spec.location != LabLocation.CAMPUS:
        text += f", at {spec.location}"
    if spec.local_alternative:
        text += f", {LOCAL_ALTERNATIVE}"
    text += f" @ {sites}" if sites else " @"
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
