"""Load the demo directory from fixtures/demo_programs.json, idempotently.

Rows match on natural keys (institution slug, site name + ZIP, program slug); a row is saved
only when a value differs, so loading twice changes nothing.
"""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core.loading import LoadReport, sync
from programs import generation
from programs.models import EnrollmentRestriction, Institution, LabSession, Program, Site

from .real_data import MixedData, real_listings_present

__all__ = ["MixedData", "load"]

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_programs.json"

PROGRAM_DATE_FIELDS = {"accreditation_awarded", "accreditation_next_review", "last_verified"}
# Derived from the accreditation since issue #11 (programs/accreditation.py): older files may
# still carry them; they are ignored.
DERIVED_FIELDS = {"eligible_ascp", "eligible_amt"}


def _session_key(session: dict, site_ids: list[int]) -> tuple:
    return (
        session["kind"],
        session["days"],
        session["visits"],
        session["frequency"],
        session["total_days"],
        session.get("notes", ""),
        tuple(sorted(site_ids)),
    )


@transaction.atomic
def load(path: Path = DEMO_FILE) -> LoadReport:
    if real_listings_present():
        raise MixedData(
            "This database holds the real directory; the fictional demo set is never mixed "
            "with it. Load the demo into a database of its own."
        )
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    report = LoadReport()

    institutions = {}
    for row in data["institutions"]:
        row = dict(row)
        slug = row.pop("slug")
        institutions[slug] = sync(Institution, {"slug": slug}, row, report, "institutions")

    sites = {}
    for row in data["sites"]:
        row = dict(row)
        owner = row.pop("institution")
        row["institution"] = institutions[owner] if owner else None
        key = {"name": row.pop("name"), "zip_code": row.pop("zip_code")}
        sites[key["name"]] = sync(Site, key, row, report, "sites")

    for row in data["programs"]:
        row = dict(row)
        sessions = row.pop("lab_sessions")
        restrictions = row.pop("cannot_enrol")
        slug = row.pop("slug")
        row["institution"] = institutions[row["institution"]]
        for name in DERIVED_FIELDS:
            row.pop(name, None)
        for name in PROGRAM_DATE_FIELDS:
            if row.get(name):
                row[name] = date.fromisoformat(row[name])
        program = sync(Program, {"slug": slug}, row, report, "programs")

        wanted = [_session_key(s, [sites[n].pk for n in s["sites"]]) for s in sessions]
        existing = list(program.lab_sessions.prefetch_related("sites"))
        current = [_session_key(vars(s), [site.pk for site in s.sites.all()]) for s in existing]
        if sorted(wanted) != sorted(current):
            program.lab_sessions.all().delete()
            for spec in sessions:
                session = LabSession(
                    program=program,
                    **{k: v for k, v in spec.items() if k != "sites"},
                )
                session.full_clean(exclude=["sites"])
                session.save()
                session.sites.set([sites[n] for n in spec["sites"]])
            report.count(report.updated, "lab session sets")

        wanted_states = {r["state"]: r.get("reason", "") for r in restrictions}
        current_states = {r.state: r.reason for r in program.enrollment_restrictions.all()}
        if wanted_states != current_states:
            program.enrollment_restrictions.all().delete()
            EnrollmentRestriction.objects.bulk_create(
                EnrollmentRestriction(program=program, state=s, reason=reason)
                for s, reason in wanted_states.items()
            )
            generation.bump()  # bulk_create sends no signal
            report.count(report.updated, "enrolment restriction sets")
    return report
