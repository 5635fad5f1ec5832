"""Load the career guide's content from fixtures/careers/, idempotently.

guide.json holds the sources, the facts (salary figures, duties, work settings, specialty
areas, certification routes, licensing states, checklist, self-check) and each page's
metadata; pages/<slug>.md holds each page's Markdown body. Rows match on natural keys and
are saved only when a value differs, so loading twice changes nothing.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

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


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict, name: str):
        bucket[name] = bucket.get(name, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self):
        if not self.changed:
            return "Guide content already loaded: nothing changed."
        parts = [f"created {n} {name}" for name, n in sorted(self.created.items())]
        parts += [f"updated {n} {name}" for name, n in sorted(self.updated.items())]
        return "Guide content loaded: " + ", ".join(parts) + "."


def _sync(model, lookup: dict, values: dict, report: LoadReport, label: str):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        report.count(report.created, label)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
        report.count(report.updated, label)
    return obj


def _with_source(row: dict, sources: dict) -> dict:
    row = dict(row)
    if row.get("source"):
        row["source"] = sources[row["source"]]
    return row


@transaction.atomic
def load(directory: Path = GUIDE_DIR) -> LoadReport:
    directory = Path(directory)
    data = json.loads((directory / "guide.json").read_text(encoding="utf-8"))
    report = LoadReport()

    sources = {}
    for row in data["sources"]:
        row = dict(row)
        key = row.pop("key")
        sources[key] = _sync(Source, {"key": key}, row, report, "sources")

    for row in data["pages"]:
        row = dict(row)
        slug = row.pop("slug")
        cited = row.pop("sources")
        row["updated_on"] = date.fromisoformat(row["updated_on"])
        row["body"] = (directory / "pages" / f"{slug}.md").read_text(encoding="utf-8")
        page = _sync(Page, {"slug": slug}, row, report, "pages")
        wanted = [(sources[key].pk, order) for order, key in enumerate(cited, start=1)]
        current = list(page.page_sources.order_by("order").values_list("source_id", "order"))
        if wanted != current:
            page.page_sources.all().delete()
            PageSource.objects.bulk_create(
                PageSource(page=page, source_id=source_id, order=order)
                for source_id, order in wanted
            )
            report.count(report.updated, "page source lists")

    for row in data["salary_figures"]:
        row = _with_source(row, sources)
        lookup = {key: row.pop(key) for key in ("source", "kind", "percentile", "scope", "label")}
        _sync(SalaryFigure, lookup, row, report, "salary figures")
    for row in data["duties"]:
        row = _with_source(row, sources)
        _sync(Duty, {"title": row.pop("title")}, row, report, "duties")
    for row in data["work_settings"]:
        row = _with_source(row, sources)
        _sync(WorkSetting, {"name": row.pop("name")}, row, report, "work settings")
    for row in data["specialty_areas"]:
        row = _with_source(row, sources)
        _sync(SpecialtyArea, {"name": row.pop("name")}, row, report, "specialty areas")
    for row in data["certification_routes"]:
        row = _with_source(row, sources)
        _sync(CertificationRoute, {"key": row.pop("key")}, row, report, "certification routes")
    for row in data["licensing_states"]:
        row = _with_source(row, sources)
        _sync(LicensingState, {"state": row.pop("state")}, row, report, "licensing states")
    for row in data["checklist"]:
        row = dict(row)
        _sync(ChecklistItem, {"question": row.pop("question")}, row, report, "checklist items")
    for row in data["self_check"]:
        row = dict(row)
        _sync(
            SelfCheckStatement,
            {"statement": row.pop("statement")},
            row,
            report,
            "self-check statements",
        )
    return report
