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

django-import-export (curation/resources.py) runs the admin's upload, preview and confirm
steps and the all-or-nothing transaction around these rules.

The format is split by job: columns.py (names and order), reading.py (a file's bytes to a
dataset), cells.py (a listing to values and cells), parsing.py (cells back to values) and
importer.py (comparing, validating and writing a row). Import from here:
`from curation import transfer; transfer.parse_row(...)`.
"""

from .cells import (
    SPECIAL,
    SessionSpec,
    SiteRef,
    _plural,
    _session_spec,
    display,
    escape,
    export_queryset,
    export_row,
    institution_values,
    listing_values,
    restrictions_text,
    session_text,
    to_cell,
    unescape,
)
from .columns import (
    EXPORT_COLUMNS,
    IMPORT_COLUMNS,
    INSTITUTION_COLUMNS,
    INSTITUTION_FIELD_COLUMNS,
    NO,
    PROGRAM_FIELDS,
    READ_ONLY_COLUMNS,
    SAMPLE_FILE,
    YES,
    FileProblem,
)
from .importer import (
    FRIENDLY_CODES,
    Change,
    Importer,
    Outcome,
    _messages,
    _verbose,
)
from .parsing import (
    NUMBER_RE,
    SESSION_EXAMPLE,
    SESSION_RE,
    SITE_RE,
    ParsedRow,
    _boolean,
    _choice,
    _date,
    _field_value,
    _integer,
    _parse_session,
    _text,
    _zip,
    find_unescaped,
    parse_restrictions,
    parse_row,
    parse_sessions,
    split_unescaped,
)
from .reading import (
    _load_csv,
    _load_json,
    decode,
    file_size,
    header_problems,
    load_dataset,
    max_bytes,
)

__all__ = [
    "Change",
    "EXPORT_COLUMNS",
    "FRIENDLY_CODES",
    "FileProblem",
    "IMPORT_COLUMNS",
    "INSTITUTION_COLUMNS",
    "INSTITUTION_FIELD_COLUMNS",
    "Importer",
    "NO",
    "Outcome",
    "PROGRAM_FIELDS",
    "ParsedRow",
    "READ_ONLY_COLUMNS",
    "SAMPLE_FILE",
    "SESSION_EXAMPLE",
    "SESSION_RE",
    "SITE_RE",
    "SPECIAL",
    "SessionSpec",
    "SiteRef",
    "NUMBER_RE",
    "YES",
    "_boolean",
    "_choice",
    "_date",
    "_field_value",
    "_integer",
    "_load_csv",
    "_load_json",
    "_messages",
    "_parse_session",
    "_plural",
    "_session_spec",
    "_text",
    "_verbose",
    "_zip",
    "decode",
    "display",
    "escape",
    "export_queryset",
    "export_row",
    "file_size",
    "find_unescaped",
    "header_problems",
    "institution_values",
    "listing_values",
    "load_dataset",
    "max_bytes",
    "parse_restrictions",
    "parse_row",
    "parse_sessions",
    "restrictions_text",
    "session_text",
    "split_unescaped",
    "to_cell",
    "unescape",
]
