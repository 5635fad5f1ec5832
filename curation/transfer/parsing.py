"""Reading a row of cells back into values, with a plain message for each bad cell."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from core.spreadsheet import formula_message, is_neutralised_formula, starts_like_formula
from core.validation import unstorable_message
from programs import geo
from programs.choices import Frequency, LabLocation, SessionKind, State
from programs.models import Institution, Program

from .cells import (
    LOCAL_ALTERNATIVE,
    UNPUBLISHED,
    SessionSpec,
    SiteRef,
    same_line_breaks,
    unescape,
)
from .columns import INSTITUTION_COLUMNS, NO, PROGRAM_FIELDS, YES


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return same_line_breaks(str(value)).strip()


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


# A whole number as people write it: commas only between groups of three digits (1,234,
# 12,345), a point only before zeros (12.0, exports from some spreadsheets). Anything else
# is a problem of its cell, never a guess: stripping every comma read '8,5' (a decimal
# comma) as 85 and '1,2,3' as 123.
NUMBER_RE = re.compile(r"-?(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?")
MAX_DIGITS = 12  # far above any count, fee or year a listing has; longer is a mistake


def _integer(raw: Any) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError("Enter a whole number.")
    if isinstance(raw, int):
        if len(str(abs(raw))) > MAX_DIGITS:
            raise ValueError(f"Enter a whole number of at most {MAX_DIGITS} digits.")
        return raw
    if isinstance(raw, float):
        if raw.is_integer() and abs(raw) >= 10**MAX_DIGITS:
            raise ValueError(f"Enter a whole number of at most {MAX_DIGITS} digits.")
        if raw.is_integer():
            return int(raw)
        raise ValueError(f"Enter a whole number, not {raw}.")
    text = _text(raw)
    if text == "":
        return None
    cleaned = text.replace("$", "").removesuffix("%").strip()
    match = NUMBER_RE.fullmatch(cleaned)
    if match is None and "," in cleaned and NUMBER_RE.fullmatch(cleaned.replace(",", "")):
        raise ValueError(
            f"'{text[:40]}': a comma may only separate thousands, as in 1,234 or 12,345. "
            "Write the number without it, or with a comma before every three digits."
        )
    if match is None:
        raise ValueError(f"Enter a whole number, not '{text[:40]}'.")
    whole, fraction = match["whole"].replace(",", ""), match["fraction"] or ""
    if len(whole) > MAX_DIGITS:
        raise ValueError(f"Enter a whole number of at most {MAX_DIGITS} digits.")
    if fraction.strip("0"):
        raise ValueError(f"Enter a whole number, not '{text[:40]}'.")
    if len(fraction) == 3 and len(match["whole"]) <= 3:
        # '9.000' is nine written with three decimals, or nine thousand with a point
        # between the thousands (as in much of Europe): the cell cannot say which.
        raise ValueError(
            f"'{text[:40]}' could be {int(whole)} or {int(whole + fraction):,}: write "
            f"{int(whole)}, or {int(whole + fraction):,} with a comma between the thousands."
        )
    return -int(whole) if cleaned.startswith("-") else int(whole)


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
    # A spreadsheet saves a formula's value, not the formula: text that starts like one is a
    # mistake, or a formula meant to run when an export is opened (core.spreadsheet).
    if starts_like_formula(text):
        raise ValueError(formula_message(text))
    if is_neutralised_formula(text):
        raise ValueError(
            f"“{text[:40]}” is text an export protected with a leading quote; the directory "
            f"does not accept text that starts with '{text[1]}'. Start it with a letter or a digit."
        )
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


_NUMBER = rf"\d+|{re.escape(UNPUBLISHED)}"
SESSION_RE = re.compile(
    rf"(?P<kind>[a-z_-]+)\s*:\s*(?P<days>{_NUMBER})\s*days?\s*[x×*]\s*(?P<visits>{_NUMBER})\s+"
    rf"(?P<frequency>[a-z_-]+)\s*,\s*(?P<total>{_NUMBER})\s*days?\s+total"
    r"(?:\s*,\s*at\s+(?P<location>[a-z_-]+))?"
    rf"(?P<alternative>\s*,\s*{LOCAL_ALTERNATIVE.replace('_', '[_ -]')})?",
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
            f"{where}: name its sites after '@', e.g. '{SESSION_EXAMPLE}' ('@' alone when "
            "the place is not published). Leave the cell empty for a program with no "
            "campus sessions."
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
    location = (match["location"] or LabLocation.CAMPUS).lower().replace("-", "_")
    if location not in LabLocation.values:
        raise ValueError(
            f"{where}: 'at {match['location']}' is not a place; use one of "
            f"{', '.join(LabLocation.values)} (or leave it out for {LabLocation.CAMPUS})."
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
    if len(set(sites)) != len(sites):
        raise ValueError(f"{where}: a site is named twice.")
    return SessionSpec(
        kind=kind,
        location=location,
        local_alternative=bool(match["alternative"]),
        days=_count(match["days"]),
        visits=_count(match["visits"]),
        frequency=frequency,
        total_days=_count(match["total"]),
        notes=notes,
        sites=tuple(sorted(sites)),
    )


def _count(text: str) -> int | None:
    return None if text == UNPUBLISHED else int(text)


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


def unstorable_cells(row: Mapping[str, Any]) -> dict[str, list[str]]:
    """The row's cells holding a character no column can store (core.validation), with
    why. Checked before anything else reads the row: the database driver cannot even look
    up a slug with a lone surrogate in it."""
    return {
        column: [message]
        for column, raw in row.items()
        if isinstance(raw, str) and (message := unstorable_message(raw))
    }


@dataclass
class ParsedRow:
    values: dict[str, Any]
    # False when every institution_ cell is empty: keep the existing institution as it is.
    institution_given: bool


def parse_row(row: Mapping[str, Any]) -> ParsedRow:
    """A row's cells as canonical values, or ValidationError naming each bad cell."""
    if unstorable := unstorable_cells(row):
        raise ValidationError(unstorable)
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
