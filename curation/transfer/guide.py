"""The program file's description for curators, served in the admin: docs/import-format.md
(the one description of the columns) rendered as HTML, with its link to the sample file
pointed at the admin's download."""

import re
from functools import cache
from pathlib import Path

import markdown
import nh3
from django.conf import settings

from .columns import EXPORT_COLUMNS, IMPORT_COLUMNS

FORMAT_DOC = Path(settings.BASE_DIR) / "docs" / "import-format.md"
SAMPLE_LINK = "../fixtures/programs_import_sample.csv"
# A column named in the first cell of a row of the columns table: | `slug` | ...
TABLE_COLUMN_RE = re.compile(r"^\| (`[a-z_]+`(?:, `[a-z_]+`)*) \|", re.MULTILINE)


@cache
def _rendered(text: str) -> str:
    html = markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists", "toc"])
    return nh3.clean(html, attributes={"a": {"href"}, "h2": {"id"}, "h3": {"id"}})


def format_guide(sample_url: str) -> tuple[str, str]:
    """The description's title, and the rest of it as HTML (the page gives the title its
    own heading); the sample file links to `sample_url`."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    first, _, body = text.partition("\n")
    title = first.removeprefix("# ").strip()
    html = _rendered(body).replace(f'href="{SAMPLE_LINK}"', f'href="{sample_url}"')
    return title, html


def documented_columns() -> set[str]:
    """The columns the description's tables name (for the test that keeps it complete)."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    section = text.split("## Columns", 1)[1].split("\n## ", 1)[0]
    names = set()
    for cell in TABLE_COLUMN_RE.findall(section):
        names.update(name.strip("`") for name in cell.split(", "))
    return names


def undocumented_columns() -> list[str]:
    return [column for column in IMPORT_COLUMNS if column not in documented_columns()]


def unknown_columns() -> list[str]:
    return sorted(documented_columns() - set(EXPORT_COLUMNS))
