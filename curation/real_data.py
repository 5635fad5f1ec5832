"""Load the real directory from fixtures/real/: the listings with their institutions, sites,
campus requirements and sources, then the College Scorecard extract.

Idempotent like the demo loader (rows match on natural keys and are saved only when a value
differs). Listings are published or not as the file says: historical ones come in archived.
The fictional demo set (`load_demo_data`) is never mixed in: loading the real data refuses
to run on a database that holds fictional listings, and the other way round.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core.loading import LoadReport, sync
from programs import generation
from programs.models import (
    EnrollmentRestriction,
    FactSource,
    Institution,
    LabSession,
    Program,
    Site,
)

REAL_DIR = Path(settings.BASE_DIR) / "fixtures" / "real"
PROGRAMS_FILE = REAL_DIR / "programs.json"
SCORECARD_FILE = REAL_DIR / "scorecard-2023-24-extract.csv"

PROGRAM_FIELDS = (
    "name",
    "description",
    "credential",
    "delivery",
    "accreditation_agency",
    "accreditation_status",
    "length_months",
    "length_text",
    "credit_hours",
    "credit_hours_text",
    "tuition_total",
    "tuition_per_credit",
    "fees_total",
    "fees_per_credit",
    "fees_in_tuition",
    "accreditation_note",
    "tuition_note",
    "clinical_hours",
    "clinical_note",
    "clinical_arrangement",
    "pass_rate",
    "graduation_rate",
    "placement_rate",
    "outcomes_year",
    "outcomes_note",
    "enrolment_note",
    "program_url",
    "status",
    "admission_status",
    "confidence",
    "listing_status",
)
SESSION_FIELDS = (
    "location",
    "days",
    "visits",
    "frequency",
    "total_days",
    "notes",
    "local_alternative",
)
INSTITUTION_FIELDS = ("name", "unitid", "city", "state", "zip_code", "website")
SITE_FIELDS = ("name", "city", "state", "zip_code", "address")


class MixedData(Exception):
    """The database already holds the other data set (real vs fictional)."""


def fictional_listings_present() -> bool:
    """Fictional demo institutions use the reserved `.example` domain."""
    return Institution.objects.filter(website__contains=".example/").exists()


def real_listings_present() -> bool:
    """Real listings cite their sources fact group by fact group."""
    return FactSource.objects.exists()


def _decimal(value):
    return None if value is None else Decimal(str(value))


@transaction.atomic
def load(path: Path = PROGRAMS_FILE) -> LoadReport:
    """Load the real listings; refuse when fictional listings are in the database."""
    if fictional_listings_present():
        raise MixedData(
            "This database holds the fictional demo directory; the real listings are never "
            "mixed with it. Use a fresh database (or delete the demo programs) first."
        )
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    report = LoadReport(subject="Real directory")
    checked = date.fromisoformat(data["checked"])

    institutions = {}
    for row in data["institutions"]:
        values = {name: row[name] for name in INSTITUTION_FIELDS}
        if values["unitid"] is None:
            lookup = {"slug": row["slug"]}
        else:
            # The Scorecard import may have created the institution first: match on UNITID.
            lookup = {"unitid": values.pop("unitid")}
            existing = Institution.objects.filter(**lookup).first()
            if existing is None:
                values["slug"] = row["slug"]
        institutions[row["slug"]] = sync(Institution, lookup, values, report, "institutions")

    sites = {}
    for row in data["sites"]:
        values = {name: row[name] for name in SITE_FIELDS}
        values["institution"] = institutions[row["institution"]]
        key = {"name": values.pop("name"), "zip_code": values.pop("zip_code")}
        sites[row["key"]] = sync(Site, key, values, report, "sites")

    for row in data["programs"]:
        values = {name: row[name] for name in PROGRAM_FIELDS}
        for name in ("tuition_per_credit", "fees_per_credit"):
            values[name] = _decimal(values[name])
        values["institution"] = institutions[row["institution"]]
        values["last_verified"] = date.fromisoformat(row["last_verified"])
        values["source_url"] = row["program_url"]
        program = sync(Program, {"slug": row["slug"]}, values, report, "programs")
        _sync_sessions(program, row["lab_sessions"], sites, report)
        _sync_restrictions(program, row["cannot_enrol"], report)
        _sync_sources(program, row["sources"], row["provenance"], checked, report)
    return report


def _session_key(values: dict, site_ids) -> tuple:
    return (*(values[name] for name in ("kind", *SESSION_FIELDS)), tuple(sorted(site_ids)))


def _sync_sessions(program, specs, sites, report):
    wanted = [_session_key(s, [sites[k].pk for k in s["sites"]]) for s in specs]
    existing = list(program.lab_sessions.prefetch_related("sites"))
    current = [_session_key(vars(s), [site.pk for site in s.sites.all()]) for s in existing]
    if sorted(wanted, key=repr) == sorted(current, key=repr):
        return
    program.lab_sessions.all().delete()
    for spec in specs:
        session = LabSession(
            program=program, **{name: spec[name] for name in ("kind", *SESSION_FIELDS)}
        )
        session.full_clean(exclude=["sites"])
        session.save()
        session.sites.set([sites[k] for k in spec["sites"]])
    report.count(report.updated, "lab session sets")


def _sync_restrictions(program, rows, report):
    wanted = {r["state"]: r["reason"] for r in rows}
    current = {r.state: r.reason for r in program.enrollment_restrictions.all()}
    if wanted == current:
        return
    program.enrollment_restrictions.all().delete()
    EnrollmentRestriction.objects.bulk_create(
        EnrollmentRestriction(program=program, state=state, reason=reason)
        for state, reason in wanted.items()
    )
    generation.mark_written()  # bulk_create sends no signal
    report.count(report.updated, "enrolment restriction sets")


def _sync_sources(program, sources, provenance, checked, report):
    by_key = {s["key"]: s for s in sources}
    wanted = []
    for position, item in enumerate(provenance):
        source = by_key[item["source"]]
        wanted.append(
            {
                "group": item["group"],
                "url": source["url"],
                "title": source["title"],
                "edition": source["edition"],
                "checked_on": date.fromisoformat(source.get("checked") or checked.isoformat()),
                "note": item["note"],
                "position": position,
            }
        )
    fields = ("group", "url", "title", "edition", "checked_on", "note", "position")
    current = [{name: getattr(s, name) for name in fields} for s in program.fact_sources.all()]
    key = lambda d: (d["group"], d["position"])  # noqa: E731
    if sorted(wanted, key=key) == sorted(current, key=key):
        return
    program.fact_sources.all().delete()
    for values in wanted:
        source = FactSource(program=program, **values)
        source.full_clean()
        source.save()
    report.count(report.updated, "source sets")
