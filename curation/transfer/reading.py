"""Reading an uploaded program file: size, encoding, CSV or JSON, and its header."""

import json

import tablib
from django.conf import settings

from .columns import EXPORT_COLUMNS, IMPORT_COLUMNS, READ_ONLY_COLUMNS, FileProblem


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
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(
            f"The file is not UTF-8 text (line {line} has a byte UTF-8 does not allow, "
            f"0x{data[error.start]:02x}). Save it as UTF-8: in Excel choose "
            "File > Save As > 'CSV UTF-8 (Comma delimited)'; in LibreOffice tick "
            "'Edit filter settings' and choose 'Unicode (UTF-8)'."
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FileProblem(
            f"The file is not a text file: line {line} has a NUL byte (0x00). Export the "
            "spreadsheet again as CSV UTF-8, or as the JSON an export writes."
        )
    return text


def load_dataset(data: bytes | str, file_format: str) -> tablib.Dataset:
    """Read an uploaded file strictly, or raise FileProblem saying what is wrong with it."""
    text = decode(data)
    if not text.strip():
        raise FileProblem("The file is empty: there is nothing to import.")
    if file_format == "json":
        dataset = _load_json(text)
    elif file_format == "csv":
        dataset = _load_csv(text)
    else:  # pragma: no cover - the formats are fixed in curation/resources.py
        raise FileProblem(f"Unknown format {file_format!r}.")
    problems = header_problems(dataset.headers or [])
    if problems:
        raise FileProblem(" ".join(problems))
    if not len(dataset):
        raise FileProblem("The file has a header row but no programs.")
    if len(dataset) > settings.PROGRAM_IMPORT_MAX_ROWS:
        raise FileProblem(
            f"The file has {len(dataset):,} programs; the limit is "
            f"{settings.PROGRAM_IMPORT_MAX_ROWS:,} in one file. Split it into smaller files "
            "and import them one after the other."
        )
    return dataset


def _load_csv(text: str) -> tablib.Dataset:
    import csv
    import io

    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:  # e.g. a cell longer than the csv module allows
        raise FileProblem(
            f"The file cannot be read as CSV ({error}). Check for a quote that is not closed."
        ) from None
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
    # The one place a JSON upload is parsed: any failure of the parser is a FileProblem.
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileProblem(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except RecursionError:
        raise FileProblem(
            "The JSON is nested too deeply to read. The file must be a list of objects, one "
            "per program, each value a number, text, true, false or null."
        ) from None
    except ValueError as error:  # e.g. a number with more digits than Python converts
        raise FileProblem(
            f"The file is not valid JSON ({error}). Write numbers as the export does, e.g. "
            "9400 or 88."
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
            + f" ({_read_only_note()})."
        )
    return problems


def _read_only_note() -> str:
    names = ", ".join(READ_ONLY_COLUMNS[:-1]) + " and " + READ_ONLY_COLUMNS[-1]
    return f"{names} may be present and are ignored: they are worked out from the other columns"
