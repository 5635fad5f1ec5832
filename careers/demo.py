"""Load the career guide's content from fixtures/careers/, idempotently.

guide.json holds the sources, the facts (salary figures, duties, work settings, specialty
areas, certification routes, licensing states, checklist, self-check) and each page's
metadata; pages/<slug>.md holds each page's Markdown body. Rows match on natural keys and
are saved only when a value differs, so loading twice changes nothing.
"""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core.loading import LoadReport, sync
from programs import generation

from .models import (
    CertificationRoute,
    ChecklistItem,
    Duty,
    LicensingState,
    Page,
    PageSource,
    SalaryFigure,
    SelfCheckStatement,
    Source,
    SpecialtyArea,
    WorkSetting,
)

GUIDE_DIR = Path(settings.BASE_DIR) / "fixtures" / "careers"


def _with_source(row: dict, sources: dict) -> dict:
    row = dict(row)
    if row.get("source"):
        row["source"] = sources[row["source"]]
    return row


@transaction.atomic
def load(directory: Path = GUIDE_DIR) -> LoadReport:
    directory = Path(directory)
    data = json.loads((directory / "guide.json").read_text(encoding="utf-8"))
    report = LoadReport(subject="Guide content")

    sources = {}
    for row in data["sources"]:
        row = dict(row)
        key = row.pop("key")
        if row.get("checked_on"):
            row["checked_on"] = date.fromisoformat(row["checked_on"])
        sources[key] = sync(Source, {"key": key}, row, report, "sources")

    for row in data["pages"]:
        row = dict(row)
        slug = row.pop("slug")
        cited = row.pop("sources")
        row["updated_on"] = date.fromisoformat(row["updated_on"])
        row["body"] = (directory / "pages" / f"{slug}.md").read_text(encoding="utf-8")
        page = sync(Page, {"slug": slug}, row, report, "pages")
        wanted = [(sources[key].pk, order) for order, key in enumerate(cited, start=1)]
        current = list(page.page_sources.order_by("order").values_list("source_id", "order"))
        if wanted != current:
            page.page_sources.all().delete()
            PageSource.objects.bulk_create(
                PageSource(page=page, source_id=source_id, order=order)
                for source_id, order in wanted
            )
            generation.bump()  # bulk_create sends no signal (the delete above may send none)
            report.count(report.updated, "page source lists")

    for row in data["salary_figures"]:
        row = _with_source(row, sources)
        lookup = {key: row.pop(key) for key in ("source", "kind", "percentile", "scope", "label")}
        sync(SalaryFigure, lookup, row, report, "salary figures")
    for row in data["duties"]:
        row = _with_source(row, sources)
        sync(Duty, {"title": row.pop("title")}, row, report, "duties")
    for row in data["work_settings"]:
        row = _with_source(row, sources)
        sync(WorkSetting, {"name": row.pop("name")}, row, report, "work settings")
    for row in data["specialty_areas"]:
        row = _with_source(row, sources)
        sync(SpecialtyArea, {"name": row.pop("name")}, row, report, "specialty areas")
    for row in data["certification_routes"]:
        row = _with_source(row, sources)
        sync(CertificationRoute, {"key": row.pop("key")}, row, report, "certification routes")
    for row in data["licensing_states"]:
        row = _with_source(row, sources)
        sync(LicensingState, {"state": row.pop("state")}, row, report, "licensing states")
    for row in data["checklist"]:
        row = dict(row)
        sync(ChecklistItem, {"question": row.pop("question")}, row, report, "checklist items")
    for row in data["self_check"]:
        row = dict(row)
        sync(
            SelfCheckStatement,
            {"statement": row.pop("statement")},
            row,
            report,
            "self-check statements",
        )
    return report
