"""Import and export of programs: the column format, previews, all-or-nothing imports,
idempotent re-imports, round trips, bad files, the admin flow (django-import-export on
Django 6.1) and the management commands."""

import csv
import io
import json
import re
import time
from datetime import date

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from curation import transfer
from curation.resources import ProgramJSON, ProgramResource
from programs.choices import (
    AccreditationStatus,
    Agency,
    Credential,
    Frequency,
    LabLocation,
    PublicationStatus,
    SessionKind,
)
from programs.models import EnrollmentRestriction, Institution, LabSession, Program, Site
from programs.tests.factories import (
    EnrollmentRestrictionFactory,
    InstitutionFactory,
    LabSessionFactory,
    ProgramFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [Institution, Site, Program, LabSession, EnrollmentRestriction]


# --- helpers ------------------------------------------------------------------------------


def export_text(queryset=None, file_format="csv") -> str:
    dataset = ProgramResource().export(queryset=queryset)
    if file_format == "json":
        return ProgramJSON().export_data(dataset)
    return dataset.export("csv")


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def csv_of(rows: list[dict], columns=None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def run_import(text, file_format="csv", dry_run=False, user=None):
    data = text.encode() if isinstance(text, str) else text
    dataset = transfer.load_dataset(data, file_format)
    return ProgramResource().import_data(dataset, dry_run=dry_run, file_name="test.csv", user=user)


def snapshot():
    """Everything an import could write: every listing as exported, and every row and
    history record count."""
    listings = export_text(Program.objects.all())
    counts = {m.__name__: m.objects.count() for m in MODELS}
    counts.update({f"history {m.__name__}": m.history.count() for m in MODELS})
    return listings, counts


def by_slug(result):
    return {row.slug: row for row in result.rows}


@pytest.fixture
def listing():
    """A hybrid program with two sessions (one at two sites), notes and reasons that use
    the syntax's special characters, and a second, plain program."""
    institution = InstitutionFactory(slug="river-college", name="River College")
    main = SiteFactory(name="Main campus; Health Sciences [B] lab", zip_code="45402")
    partner = SiteFactory(name="Partner lab (north)", zip_code="43210", city="Columbus")
    program = ProgramFactory(
        institution=institution,
        slug="river-college-hybrid",
        name="Hybrid MLT, AAS",
        delivery="hybrid",
        description="Line one.\nLine two, with a comma; and a semicolon.",
        credit_hours=None,
        accreditation_awarded=date(2022, 4, 1),
        accreditation_next_review=date(2029, 4, 1),
    )
    LabSessionFactory(
        program=program,
        kind=SessionKind.WEEKEND,
        days=2,
        visits=3,
        frequency=Frequency.PER_TERM,
        total_days=24,
        notes="Bring ID | arrive [early]; parking (free)",
        sites=[main, partner],
    )
    LabSessionFactory(
        program=program,
        kind=SessionKind.EXAM,
        days=1,
        visits=1,
        frequency=Frequency.ONCE,
        total_days=1,
        notes="",
        sites=[main],
    )
    EnrollmentRestrictionFactory(
        program=program, state="NY", reason="No authorization (yet), sorry"
    )
    EnrollmentRestrictionFactory(program=program, state="CA", reason="")
    ProgramFactory(institution=institution, slug="river-college-online", name="Online MLT")
    return program


# --- the format ---------------------------------------------------------------------------


def test_export_has_the_documented_columns_in_order(listing):
    rows = rows_of(export_text())
    assert list(rows[0]) == transfer.EXPORT_COLUMNS
    row = next(r for r in rows if r["slug"] == "river-college-hybrid")
    assert row["institution"] == "river-college"
    assert row["eligible_ascp"] == "yes"
    assert row["credit_hours"] == ""
    assert row["accreditation_awarded"] == "2022-04-01"
    assert row["campus_days"] == "25"
    assert row["cannot_enrol"] == "CA, NY (No authorization \\(yet\\), sorry)"
    assert row["lab_sessions"] == (
        "weekend: 2 days x 3 per_term, 24 days total @ "
        "Main campus\\; Health Sciences \\[B\\] lab (45402); Partner lab \\(north\\) (43210) "
        "[Bring ID \\| arrive \\[early\\]\\; parking \\(free\\)] | "
        "exam: 1 day x 1 once, 1 day total @ Main campus\\; Health Sciences \\[B\\] lab (45402)"
    )


def test_certification_columns_are_derived_exported_and_ignored_on_import(listing):
    """eligible_ascp / eligible_amt follow from the accreditation (issue #11), never typed."""
    assert "eligible_ascp" in transfer.READ_ONLY_COLUMNS
    assert "eligible_ascp" not in transfer.IMPORT_COLUMNS
    rows = rows_of(export_text())
    row = next(r for r in rows if r["slug"] == "river-college-hybrid")
    assert (row["eligible_ascp"], row["eligible_amt"]) == ("yes", "yes")
    row["eligible_ascp"] = "no"  # a curator's edit of a derived column...
    row["eligible_amt"] = "maybe"
    before = snapshot()
    result = run_import(csv_of(rows))
    assert not result.has_validation_errors()
    assert snapshot() == before  # ...changes nothing
    # Without the columns at all, the file still imports.
    columns = [c for c in transfer.EXPORT_COLUMNS if not c.startswith("eligible_")]
    trimmed = [{c: r[c] for c in columns} for r in rows]
    assert not run_import(csv_of(trimmed, columns=columns), dry_run=True).has_validation_errors()


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_an_export_reimports_to_no_change(listing, file_format):
    before = snapshot()
    result = run_import(export_text(file_format=file_format), file_format)
    assert not result.has_errors() and not result.has_validation_errors()
    assert {row.status for row in result.rows} == {"unchanged"}
    assert result.counts == {"new": 0, "changed": 0, "unchanged": 2, "error": 0}
    assert snapshot() == before


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_an_export_of_text_edited_in_the_admin_reimports_to_no_change(
    admin_client, listing, file_format
):
    """The admin's text boxes send "\r\n": the file's cells were compared with line breaks
    made "\n", the stored value as it was, so an unchanged export re-imported as Changed."""
    from curation.tests.admin_forms import change_form_data

    url = reverse("admin:programs_program_change", args=[listing.pk])
    data = change_form_data(admin_client.get(url))
    data["description"] = "Line one.\r\nLine two.\r\n\r\nA paragraph."
    data["prerequisites"] = "Biology\r\nChemistry"
    assert admin_client.post(url, data).status_code == 302
    listing.refresh_from_db()
    assert "\r\n" in listing.description  # stored as the browser sent it
    before = snapshot()
    result = run_import(export_text(file_format=file_format), file_format)
    assert result.counts == {"new": 0, "changed": 0, "unchanged": 2, "error": 0}, [
        (row.slug, row.changes) for row in result.rows
    ]
    assert snapshot() == before


def test_an_export_rebuilds_the_directory_from_nothing(listing):
    exported = export_text()
    Program.objects.all().delete()
    Site.objects.all().delete()
    Institution.objects.all().delete()
    result = run_import(exported)
    assert result.counts["new"] == 2
    assert export_text() == exported
    program = Program.objects.get(slug="river-college-hybrid")
    assert program.campus_days == 25
    weekend = program.lab_sessions.get(kind="weekend")
    assert sorted(s.name for s in weekend.sites.all()) == [
        "Main campus; Health Sciences [B] lab",
        "Partner lab (north)",
    ]
    assert weekend.notes == "Bring ID | arrive [early]; parking (free)"
    assert program.restricted_states == ["CA", "NY"]


def sessions_as_stored():
    """Every lab session's stored values and sites, read from the database directly."""
    return {
        (s.program.slug, n): (
            s.kind,
            s.location,
            s.local_alternative,
            s.days,
            s.visits,
            s.frequency,
            s.total_days,
            s.notes,
            sorted((site.name, site.zip_code) for site in s.sites.all()),
        )
        for slug in Program.objects.values_list("slug", flat=True)
        for n, s in enumerate(
            LabSession.objects.filter(program__slug=slug).order_by("pk").prefetch_related("sites")
        )
    }


@pytest.fixture
def real_directory():
    call_command("load_real_data", stdout=io.StringIO())


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_the_real_directorys_export_reimports_to_no_change(real_directory, file_format):
    """Its sessions include what a school leaves unpublished (days, visits, total, sites)
    and places other than a campus: the export writes them all in a form the import reads."""
    before = snapshot()
    result = run_import(export_text(file_format=file_format), file_format)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.counts["unchanged"] == Program.objects.count() >= 30
    assert result.counts["error"] == 0
    assert snapshot() == before


def test_the_real_directory_rebuilds_from_its_export_with_every_sessions_place(real_directory):
    stored = sessions_as_stored()
    kept = {v[1] for v in stored.values()}
    assert {"campus", "unknown", "student_lab", "local_lab", "workplace"} <= kept
    assert any(v[2] for v in stored.values())  # a session with a local alternative
    assert any(v[3] is None for v in stored.values())  # days not published
    exported, programs = export_text(), Program.objects.count()
    Program.objects.all().delete()
    assert not LabSession.objects.exists()
    result = run_import(exported)
    assert not result.has_validation_errors()
    assert result.counts["new"] == programs
    assert sessions_as_stored() == stored


def test_json_export_uses_numbers_and_nulls(listing):
    data = json.loads(export_text(file_format="json"))
    row = next(r for r in data if r["slug"] == "river-college-hybrid")
    assert row["length_months"] == 24
    assert row["credit_hours"] is None
    assert set(row) == set(transfer.EXPORT_COLUMNS)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", ()),
        ("CA NY", (("CA", ""), ("NY", ""))),
        ("ny, ca", (("CA", ""), ("NY", ""))),
        ("TX;OK", (("OK", ""), ("TX", ""))),
        ("CA (no state authorization), NY", (("CA", "no state authorization"), ("NY", ""))),
        ("CA (a \\(b\\), c)", (("CA", "a (b), c"),)),
    ],
)
def test_cannot_enrol_syntax(cell, expected):
    assert transfer.parse_restrictions(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("CA, ZZ", "'ZZ' is not a US state code"),
        ("California", "is not a state code"),
        ("CA, CA", "CA is listed twice"),
        ("CA (unclosed", "no closing bracket"),
    ],
)
def test_cannot_enrol_errors(cell, message):
    with pytest.raises(ValueError, match=message):
        transfer.parse_restrictions(cell)


def test_lab_session_syntax_is_forgiving_about_spacing_and_case():
    (spec,) = transfer.parse_sessions(
        "Weekend:2 day X 3 Per-Term ,24 days total@ Lab B (45402);Lab A(43210-1234)[ Sat ]"
    )
    assert spec.kind == "weekend" and spec.frequency == "per_term"
    assert (spec.days, spec.visits, spec.total_days) == (2, 3, 24)
    assert spec.notes == "Sat"
    assert spec.sites == (transfer.SiteRef("Lab A", "43210"), transfer.SiteRef("Lab B", "45402"))


def test_a_session_may_leave_its_numbers_and_sites_unpublished_and_name_its_place():
    (spec,) = transfer.parse_sessions(
        "lab: ? days x ? not_published, ? days total, at Local-Lab, local alternative @ [Nearby]"
    )
    assert (spec.days, spec.visits, spec.total_days) == (None, None, None)
    assert (spec.location, spec.local_alternative, spec.sites) == ("local_lab", True, ())
    assert spec.frequency == Frequency.NOT_PUBLISHED and spec.notes == "Nearby"
    assert transfer.session_text(spec) == (
        "lab: ? days x ? not_published, ? days total, at local_lab, local_alternative @ [Nearby]"
    )
    (campus,) = transfer.parse_sessions("lab: 1 day x ? every-other-week, ? days total @ A (45402)")
    assert (campus.location, campus.local_alternative, campus.days) == ("campus", False, 1)
    assert transfer.session_text(campus).startswith("lab: 1 day x ? every_other_week, ? days")


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("weekend: 2 days x 3 per_term, 24 days total", "name its sites after '@'"),
        ("weekend 2 days @ Lab (45402)", "write it as"),
        ("party: 2 days x 3 per_term, 24 days total @ Lab (45402)", "not a kind of session"),
        ("weekend: 2 days x 3 fortnightly, 24 days total @ Lab (45402)", "not a frequency"),
        ("weekend: 2 days x 3 per_term, 24 days total @ Lab", "give each site as 'Name"),
        ("lab: 1 day x ? weekly, ? days total, at the_moon @ ", "'at the_moon' is not a place"),
        ("lab: some days x 1 weekly, 4 days total @ ", "write it as"),
        ("weekend: 2 days x 3 per_term, 24 days total @ A (45402) [x] y", "square brackets"),
    ],
)
def test_lab_session_errors(cell, message):
    with pytest.raises(ValueError, match=message):
        transfer.parse_sessions(cell)


# --- preview, commit, re-import -----------------------------------------------------------


def edited_export(**changes_by_slug):
    rows = rows_of(export_text())
    for row in rows:
        row.update(changes_by_slug.get(row["slug"].replace("-", "_"), {}))
    return rows


def test_dry_run_previews_each_row_and_writes_nothing(listing):
    rows = edited_export(
        river_college_hybrid={
            "tuition_total": "9,500",
            "lab_sessions": "exam: 1 day x 1 once, 1 day total @ Partner lab \\(north\\) (43210)",
        }
    )
    new = dict(rows[0], slug="river-college-evening", name="Evening MLT")
    rows.append(new)
    before = snapshot()
    result = run_import(csv_of(rows), dry_run=True)
    assert snapshot() == before
    rows_by_slug = by_slug(result)
    assert rows_by_slug["river-college-online"].status == "unchanged"
    assert rows_by_slug["river-college-evening"].status == "new"
    changed = rows_by_slug["river-college-hybrid"]
    assert changed.status == "changed"
    assert [c.column for c in changed.changes] == ["tuition_total", "lab_sessions"]
    assert changed.changes[0].before == "9000" and changed.changes[0].after == "9500"
    assert result.counts == {"new": 1, "changed": 1, "unchanged": 1, "error": 0}


def test_import_writes_with_history_and_reimport_changes_nothing(listing, superuser):
    rows = edited_export(
        river_college_hybrid={
            "pass_rate": "91",
            "cannot_enrol": "NY (No authorization \\(yet\\), sorry), TX",
            "lab_sessions": (
                "weekend: 2 days x 3 per_term, 24 days total @ Partner lab \\(north\\) (43210); "
                "New Akron lab (44308) | orientation: 1 day x 1 once, 1 day total @ "
                "New Akron lab (44308)"
            ),
        }
    )
    text = csv_of(rows)
    weekend_id = listing.lab_sessions.get(kind="weekend").pk
    session_rows = LabSession.history.count()
    result = run_import(text, user=superuser)
    assert result.counts == {"new": 0, "changed": 1, "unchanged": 1, "error": 0}

    program = Program.objects.get(slug="river-college-hybrid")
    assert program.pass_rate == 91
    assert program.restricted_states == ["NY", "TX"]
    sessions = list(program.lab_sessions.order_by("pk"))
    assert [s.kind for s in sessions] == ["weekend", "orientation"]
    assert sessions[0].pk == weekend_id  # updated in place: its history carries on
    assert sorted(s.name for s in sessions[0].sites.all()) == [
        "New Akron lab",
        "Partner lab (north)",
    ]
    akron = Site.objects.get(name="New Akron lab")
    assert (akron.city, akron.state, akron.zip_code) == ("Akron", "OH", "44308")
    assert akron.latitude and akron.longitude
    assert program.campus_days == 25
    # One history row per session (its sites included), not one per site added or removed.
    assert LabSession.history.count() == session_rows + 2
    weekend = sessions[0].history.first()
    assert sorted(row.site.name for row in weekend.sites.all()) == [
        "New Akron lab",
        "Partner lab (north)",
    ]
    assert [row.site.name for row in sessions[1].history.first().sites.all()] == ["New Akron lab"]

    record = program.history.first()
    assert record.history_user == superuser
    assert record.history_change_reason.startswith("Imported from test.csv")
    assert "lab_sessions" in record.history_change_reason

    before = snapshot()
    again = run_import(text, user=superuser)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 2, "error": 0}
    assert snapshot() == before


def test_a_row_can_create_its_institution_and_later_rows_reuse_it(listing):
    base = rows_of(export_text())[0]
    first = dict(
        base,
        slug="lakes-aas",
        institution="lakes-college",
        institution_name="Lakes College",
        institution_city="Boston",
        institution_state="ma",
        institution_zip="2134",  # a spreadsheet dropped the leading zero
    )
    second = dict(first, slug="lakes-certificate", credential="certificate")
    for column in transfer.INSTITUTION_COLUMNS:
        second[column] = ""  # keep the institution as it is
    result = run_import(csv_of([first, second]))
    assert result.counts["new"] == 2
    lakes = Institution.objects.get(slug="lakes-college")
    assert (lakes.state, lakes.zip_code) == ("MA", "02134")
    assert lakes.programs.count() == 2


def test_rows_that_disagree_about_an_institution_are_refused(listing):
    rows = rows_of(export_text())
    rows[1]["institution_name"] = "River College of Ohio"
    result = run_import(csv_of(rows), dry_run=True)
    (bad,) = [r for r in result.rows if r.status == "error"]
    assert bad.problems[0][0] == "institution_name"
    assert "Row 2 gives institution 'river-college' a different value" in bad.problems[0][1]


def test_an_import_can_change_an_institution(listing):
    rows = rows_of(export_text())
    for row in rows:
        row["institution_website"] = "https://river.example/"
    result = run_import(csv_of(rows))
    # The first row changes the institution; by the second it already has that website.
    assert [r.status for r in result.rows] == ["changed", "unchanged"]
    assert Institution.objects.get(slug="river-college").website == "https://river.example/"
    assert Institution.history.filter(history_type="~").count() == 1


# --- bad values: one bad row and nothing is written ----------------------------------------


BAD_VALUES = [
    (
        {"pass_rate": "101"},
        "pass_rate",
        "Certification pass rate must be from 0 to 100; you entered 101.",
    ),
    (
        {"graduation_rate": "250"},
        "graduation_rate",
        "Graduation rate must be from 0 to 100; you entered 250.",
    ),
    (
        {"tuition_total": "-100"},
        "tuition_total",
        "Estimated total tuition must be 0 or more; you entered -100.",
    ),
    (
        {"tuition_out_of_state": "$-5"},
        "tuition_out_of_state",
        "Out-of-state total tuition must be 0 or more; you entered -5.",
    ),
    ({"length_months": "two years"}, "length_months", "Enter a whole number, not 'two years'"),
    # A comma only between thousands, a point only before zeros: never a guess at a number.
    ({"tuition_total": "9.000"}, "tuition_total", "'9.000' could be 9 or 9,000: write 9, or"),
    ({"tuition_total": "$12.000"}, "tuition_total", "'$12.000' could be 12 or 12,000"),
    ({"tuition_total": "8,5"}, "tuition_total", "'8,5': a comma may only separate thousands"),
    ({"tuition_total": "1,2,3"}, "tuition_total", "'1,2,3': a comma may only separate"),
    ({"pass_rate": "85,0%"}, "pass_rate", "a comma may only separate thousands"),
    ({"tuition_total": "12,345.50"}, "tuition_total", "Enter a whole number, not '12,345.50'"),
    ({"length_months": "12.5"}, "length_months", "Enter a whole number"),
    ({"institution_state": "ZZ"}, "institution_state", "'ZZ' is not a US state"),
    ({"institution_zip": "00000"}, "institution_zip", "Enter a 5-digit US ZIP code that exists"),
    (
        {"lab_sessions": "exam: 1 day x 1 once, 1 day total @ Nowhere (99999)"},
        "lab_sessions",
        "'99999' is not a US ZIP code that exists",
    ),
    ({"cannot_enrol": "CA, QQ"}, "cannot_enrol", "'QQ' is not a US state code"),
    ({"last_verified": "31/12/2025"}, "last_verified", "Enter a date as YYYY-MM-DD"),
    ({"last_verified": ""}, "last_verified", "Required: this cell cannot be empty."),
    (
        {"accreditation_awarded": "2025-01-01", "accreditation_next_review": "2024-01-01"},
        "accreditation_next_review",
        "The next review must come after the award date.",
    ),
    (
        {"accreditation_agency": "none"},
        "accreditation_status",
        "Use 'Not accredited' exactly when",
    ),
    (
        {"accreditation_agency": "", "accreditation_status": "continuing"},
        "accreditation_status",
        "'Continuing' is an accrediting agency's status: choose the agency that gives it.",
    ),
    ({"credential": "phd"}, "credential", "'phd' is not one of: certificate, aas"),
    ({"status": "live"}, "status", "is not one of: draft, published, archived"),
    ({"source_url": "not a url"}, "source_url", "Enter a valid URL."),
    ({"slug": "Not A Slug!"}, "slug", "Enter a valid “slug”"),
    ({"name": ""}, "name", "Required: this cell cannot be empty."),
    (
        {"description": '=HYPERLINK("https://evil.example","Click")'},
        "description",
        "which a spreadsheet would run as a formula",
    ),
    (
        {"lab_sessions": "weekend: 2 days x 3 per_term, 4 days total @ Main campus lab (45402)"},
        "lab_sessions",
        "Lab session 1: total days: Total days must be at least",
    ),
    (
        {"lab_sessions": "exam: 1 day x 1 once, 10 days total @ Main campus lab (45402)"},
        "lab_sessions",
        "Lab session 1: total days: A session held once lasts days per visit times visits "
        "(1 days in all); you entered 10.",
    ),
    ({"institution": "no-such-college", "institution_name": ""}, "institution", "No institution"),
]


@pytest.mark.parametrize(("change", "column", "message"), BAD_VALUES)
def test_a_bad_value_is_reported_and_nothing_is_written(listing, change, column, message):
    rows = rows_of(export_text())
    rows[0].update(change)
    if change.get("institution") == "no-such-college":
        for name in transfer.INSTITUTION_COLUMNS:
            rows[0][name] = ""
    rows[1]["tuition_total"] = "1"  # a valid change in another row...
    before = snapshot()
    result = run_import(csv_of(rows))  # ...not a dry run
    assert result.has_validation_errors()
    assert snapshot() == before  # ...and still nothing was written
    bad = result.rows[0]
    assert bad.status == "error"
    assert any(col == column and message in text for col, text in bad.problems), bad.problems


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("9800", 9800),
        ("9,800", 9800),
        ("$9,800", 9800),
        ("$1,234,567", 1234567),
        ("12.0", 12),
        ("1,234.00", 1234),
        ("9800.000", 9800),
    ],
)
def test_whole_numbers_as_people_write_them(listing, cell, value):
    rows = rows_of(export_text())
    rows[1]["tuition_total"] = cell
    run_import(csv_of(rows))
    assert Program.objects.get(slug=rows[1]["slug"]).tuition_total == value


def test_duplicate_rows_are_refused(listing):
    rows = rows_of(export_text())
    rows.append(dict(rows[0]))
    before = snapshot()
    result = run_import(csv_of(rows))
    assert snapshot() == before
    assert result.rows[-1].status == "error"
    assert result.rows[-1].problems == [("slug", "Row 2 already has this program: list it once.")]


# --- bad files ----------------------------------------------------------------------------


def good_text():
    return export_text()


BAD_FILES = [
    (lambda: good_text().encode("utf-16"), "csv", "not UTF-8 text"),
    (
        lambda: good_text().replace("River College", "Rivière Collège").encode("latin-1"),
        "csv",
        "Save it as UTF-8",
    ),
    (lambda: b"", "csv", "The file is empty"),
    (lambda: b"  \n\n", "csv", "The file is empty"),
    (lambda: good_text().splitlines()[0].encode(), "csv", "a header row but no programs"),
    (
        lambda: good_text().replace(",tuition_total,", ",tuition,", 1).encode(),
        "csv",
        "Missing columns: tuition_total. Unknown columns: 'tuition'.",
    ),
    (
        lambda: csv_of([dict(row, notes="") for row in rows_of(good_text())]).encode(),
        "csv",
        "Unknown columns: 'notes'",
    ),
    (
        lambda: good_text().replace(",status,", ",name,", 1).encode(),
        "csv",
        "Columns named more than once: name.",
    ),
    (lambda: b"slug;name;status\nx;y;z\n", "csv", "semicolons"),
    (lambda: (good_text() + "only,three,cells\n").encode(), "csv", "has 3 cells"),
    (lambda: b"{not json", "json", "not valid JSON"),
    (lambda: b'{"slug": "x"}', "json", "must be a list of objects"),
    (lambda: b"[]", "json", "no programs"),
    (lambda: b'[{"slug": "a"}, {"name": "b"}]', "json", "different keys"),
]


@pytest.mark.parametrize(("make", "file_format", "message"), BAD_FILES)
def test_bad_files_are_refused_with_a_clear_message(listing, make, file_format, message):
    with pytest.raises(transfer.FileProblem, match=message.replace("(", r"\(")):
        transfer.load_dataset(make(), file_format)


def test_too_large_a_file_is_refused(listing, settings):
    settings.PROGRAM_IMPORT_MAX_BYTES = 1024
    with pytest.raises(transfer.FileProblem, match=r"KB; the limit is 1 KB. Split it"):
        transfer.load_dataset(good_text().encode(), "csv")


def test_too_many_programs_in_one_file_are_refused(listing, settings):
    ProgramFactory(slug="second-listing")
    data, count = export_text().encode(), Program.objects.count()
    settings.PROGRAM_IMPORT_MAX_ROWS = count - 1
    message = rf"has {count} programs; the limit is {count - 1} in one file. Split it"
    with pytest.raises(transfer.FileProblem, match=message):
        transfer.load_dataset(data, "csv")
    settings.PROGRAM_IMPORT_MAX_ROWS = count
    assert len(transfer.load_dataset(data, "csv")) == count


def test_a_wrong_header_refuses_the_whole_file_before_any_row(listing):
    dataset = transfer._load_csv(good_text().replace(",status,", ",state,", 1))
    before = snapshot()
    result = ProgramResource().import_data(dataset)
    assert snapshot() == before
    assert result.rows == []
    assert "Missing columns: status" in str(result.base_errors[0].error)


# --- the admin: upload -> preview -> confirm ----------------------------------------------


def upload(client, content: bytes, name="programs.csv", file_format=""):
    """Post the upload form as a browser does (the format left to the file name)."""
    data = {
        "resource": "0",
        "format": file_format,
        "import_file": SimpleUploadedFile(name, content, content_type="text/csv"),
    }
    return client.post(reverse("admin:programs_program_import"), data)


def test_admin_import_page_explains_the_format(admin_client):
    response = admin_client.get(reverse("admin:programs_program_import"))
    assert response.status_code == 200
    assert "one bad row means nothing is written" in response.text
    assert "lab_sessions" in response.text
    sample = admin_client.get(reverse("admin:programs_program_import_sample"))
    assert sample.status_code == 200
    assert b"maumee-valley-college-hybrid-aas" in b"".join(sample.streaming_content)


def test_admin_import_previews_then_confirms(admin_client, superuser, listing):
    rows = edited_export(river_college_hybrid={"tuition_total": "9900"})
    rows.append(dict(rows[0], slug="river-college-evening", name="Evening MLT"))
    before = snapshot()

    response = upload(admin_client, csv_of(rows).encode("utf-8-sig"))
    assert response.status_code == 200
    text = response.text
    assert "Preview" in text
    assert "Nothing has been written yet" in text
    assert "<code>tuition_total</code>: <del>9000</del> → <ins>9900</ins>" in text
    assert ">New<" in text and ">Changed<" in text and ">Unchanged<" in text
    assert snapshot() == before  # the preview wrote nothing

    confirm = response.context["confirm_form"]
    response = admin_client.post(
        reverse("admin:programs_program_process_import"),
        {name: confirm.initial.get(name, "") for name in confirm.fields},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:programs_program_changelist")
    message = str(list(get_messages(response.wsgi_request))[-1])
    assert message == "Import finished: 1 new, 1 changed and 1 unchanged program(s)."
    program = Program.objects.get(slug="river-college-hybrid")
    assert program.tuition_total == 9900
    assert program.history.first().history_user == superuser
    assert Program.objects.filter(slug="river-college-evening").exists()

    # The same file again: every row unchanged.
    response = upload(admin_client, csv_of(rows).encode())
    assert response.text.count(">Unchanged<") == 3


def test_admin_preview_of_a_bad_file_offers_no_confirm_and_writes_nothing(admin_client, listing):
    rows = rows_of(export_text())
    rows[1]["pass_rate"] = "130"
    rows[0]["placement_rate"] = "55"
    before = snapshot()
    response = upload(admin_client, csv_of(rows).encode())
    assert response.status_code == 200
    assert "Nothing will be imported" in response.text
    assert "1 row has a problem (marked “Error” below: row 3)." in response.text
    assert "must be from 0 to 100; you entered" in response.text
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("slug,name\nx,y\n".encode("utf-16"), "programs.csv", "not UTF-8 text"),
        (b"", "programs.csv", "The submitted file is empty."),
        (b"slug,name\nx,y\n", "programs.csv", "Missing columns: institution"),
        (b"slug,name\nx,y\n", "programs.txt", "Choose CSV or JSON"),
    ],
)
def test_admin_refuses_a_bad_file_at_upload(admin_client, listing, content, name, message):
    before = snapshot()
    response = upload(admin_client, content, name=name)
    assert response.status_code == 200
    assert message in response.text
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert snapshot() == before


def test_admin_refuses_a_file_over_the_size_limit(admin_client, listing, settings):
    settings.PROGRAM_IMPORT_MAX_BYTES = 1024
    response = upload(admin_client, good_text().encode())
    assert "KB; the limit is 1 KB. Split it into smaller files." in response.text


def test_admin_json_import(admin_client, listing):
    data = json.loads(export_text(file_format="json"))
    data[0]["pass_rate"] = 77
    response = upload(admin_client, json.dumps(data).encode(), name="programs.json")
    assert "<del>85</del> → <ins>77</ins>" in response.text


def test_confirm_writes_nothing_if_the_file_no_longer_imports_cleanly(admin_client, listing):
    rows = edited_export(river_college_online={"tuition_total": "1234"})
    for row in rows:
        for column in transfer.INSTITUTION_COLUMNS:
            row[column] = ""  # rows rely on the institution existing
    response = upload(admin_client, csv_of(rows).encode())
    confirm = response.context["confirm_form"]
    # Between preview and confirm, someone renames the institution's slug.
    Institution.objects.filter(slug="river-college").update(slug="river-college-ohio")
    before = snapshot()
    response = admin_client.post(
        reverse("admin:programs_program_process_import"),
        {name: confirm.initial.get(name, "") for name in confirm.fields},
    )
    assert response["Location"] == reverse("admin:programs_program_import")
    message = str(list(get_messages(response.wsgi_request))[-1])
    assert message.startswith("Nothing was imported")
    assert snapshot() == before


# --- the admin: export --------------------------------------------------------------------


def test_admin_export_respects_the_change_list_filters(admin_client, listing):
    ProgramFactory(slug="a-draft", status=PublicationStatus.DRAFT)
    url = reverse("admin:programs_program_export") + "?status__exact=draft"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "1 program, as filtered in the list." in page.text
    response = admin_client.post(url, {"format": "0", "resource": "0"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "programs-" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # so Excel reads it as UTF-8
    assert [r["slug"] for r in rows_of(body)] == ["a-draft"]

    response = admin_client.post(reverse("admin:programs_program_export"), {"format": "1"})
    data = json.loads(response.content)
    assert {r["slug"] for r in data} == {"a-draft", "river-college-hybrid", "river-college-online"}


def test_admin_export_round_trips_through_admin_import(admin_client, listing):
    response = admin_client.post(reverse("admin:programs_program_export"), {"format": "0"})
    before = snapshot()
    response = upload(admin_client, response.content)
    assert response.text.count(">Unchanged<") == 2
    assert ">New<" not in response.text and ">Changed<" not in response.text
    assert snapshot() == before


# --- management commands ------------------------------------------------------------------


def write(tmp_path, text, name="programs.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_command_dry_run_prints_rows_and_writes_nothing(tmp_path, listing):
    rows = edited_export(river_college_hybrid={"length_months": "30"})
    out = io.StringIO()
    before = snapshot()
    call_command("import_programs", write(tmp_path, csv_of(rows)), "--dry-run", stdout=out)
    assert snapshot() == before
    text = out.getvalue()
    assert "Row 2  river-college-hybrid  changed: length_months (24 -> 30)" in text
    assert "Row 3  river-college-online  unchanged" in text
    assert "Dry run: 0 new, 1 changed, 1 unchanged, 0 with errors. Nothing was written." in text


def test_import_command_exits_non_zero_on_errors_and_writes_nothing(tmp_path, listing):
    rows = edited_export(river_college_hybrid={"length_months": "30"})
    rows[1]["institution_state"] = "Ohioo"
    out = io.StringIO()
    before = snapshot()
    with pytest.raises(CommandError, match="Nothing was imported: fix the rows above"):
        call_command("import_programs", write(tmp_path, csv_of(rows)), stdout=out)
    assert snapshot() == before
    assert "Row 3  river-college-online  error: institution_state: 'Ohioo' is not a US state" in (
        out.getvalue()
    )


def test_import_command_writes_and_records_the_user(tmp_path, listing, superuser):
    rows = edited_export(river_college_hybrid={"length_months": "30"})
    call_command(
        "import_programs", write(tmp_path, csv_of(rows)), "--user", "admin", stdout=io.StringIO()
    )
    program = Program.objects.get(slug="river-college-hybrid")
    assert program.length_months == 30
    assert program.history.first().history_user == superuser


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "Cannot read"),
        (["programs.xlsx"], "Say --format csv or --format json"),
        (["programs.csv", "--user", "nobody"], "No user is called 'nobody'"),
    ],
)
def test_import_command_refuses_bad_arguments(tmp_path, listing, args, message):
    write(tmp_path, good_text())
    write(tmp_path, "x", name="programs.xlsx")
    args = [str(tmp_path / args[0]), *args[1:]]
    with pytest.raises(CommandError, match=message):
        call_command("import_programs", *args, stdout=io.StringIO())


def test_import_command_refuses_a_bad_file(tmp_path, listing):
    path = tmp_path / "programs.csv"
    path.write_bytes(good_text().encode("utf-16"))
    with pytest.raises(CommandError, match="not UTF-8 text.*Nothing was imported"):
        call_command("import_programs", str(path), stdout=io.StringIO())


def test_export_command_filters_and_writes_a_file(tmp_path, listing):
    ProgramFactory(slug="indiana-program", institution=InstitutionFactory(state="IN"))
    ProgramFactory(slug="old-program", last_verified=date(2020, 1, 1))
    ProgramFactory(slug="draft-program", status=PublicationStatus.DRAFT)

    def exported(*args):
        out = io.StringIO()
        call_command("export_programs", *args, stdout=out)
        return sorted(r["slug"] for r in rows_of(out.getvalue()))

    assert len(exported()) == 5
    assert exported("--state", "IN") == ["indiana-program"]
    assert exported("--status", "draft") == ["draft-program"]
    assert exported("--stale") == ["old-program"]
    assert exported("--state", "OH", "--status", "published", "--q", "River") == [
        "river-college-hybrid",
        "river-college-online",
    ]
    path = tmp_path / "out.json"
    call_command("export_programs", "--format", "json", "-o", str(path), stderr=io.StringIO())
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 5
    with pytest.raises(CommandError, match="--max-tuition: Enter a whole number"):
        call_command("export_programs", "--max-tuition", "cheap", stdout=io.StringIO())


def test_the_sample_file_imports_cleanly(listing):
    text = transfer.SAMPLE_FILE.read_text(encoding="utf-8")
    result = run_import(text)
    assert result.counts == {"new": 3, "changed": 0, "unchanged": 0, "error": 0}
    hybrid = Program.objects.get(slug="maumee-valley-college-hybrid-aas")
    weekend = hybrid.lab_sessions.get(kind="weekend")
    assert weekend.sites.count() == 2
    assert hybrid.status == PublicationStatus.DRAFT


# --- 200 listings in one go ---------------------------------------------------------------

ZIPS = ["45402", "43210", "46204", "40507", "15222", "60601", "37203", "30303", "80202", "02134"]


def two_hundred_rows() -> list[dict]:
    template = rows_of(transfer.SAMPLE_FILE.read_text(encoding="utf-8"))
    rows = []
    for n in range(200):
        row = dict(template[n % 3])
        college = n // 5
        row.update(
            slug=f"bulk-college-{college}-program-{n}",
            name=f"Bulk MLT program {n}",
            institution=f"bulk-college-{college}",
            institution_name=f"Bulk College {college}",
            institution_zip=ZIPS[college % len(ZIPS)],
            tuition_total=str(5000 + n),
        )
        if row["lab_sessions"]:
            zip_code = ZIPS[(n + 3) % len(ZIPS)]
            row["lab_sessions"] = (
                f"weekend: 2 days x 2 per_term, 16 days total @ Bulk lab {college} ({zip_code}); "
                f"Shared partner lab (45402)"
            )
        rows.append(row)
    return rows


@pytest.mark.slow
def test_two_hundred_listings_import_in_one_go(tmp_path):
    text = csv_of(two_hundred_rows())
    out = io.StringIO()
    err = io.StringIO()
    started = time.monotonic()
    call_command("import_programs", write(tmp_path, text), "--dry-run", stdout=out, stderr=err)
    call_command("import_programs", write(tmp_path, text), stdout=out, stderr=err)
    elapsed = time.monotonic() - started
    assert Program.objects.count() == 200
    assert Institution.objects.count() == 40
    assert "Importing" in err.getvalue() and "200/200" in err.getvalue()  # the progress bar
    assert elapsed < 120, f"took {elapsed:.0f}s"
    result = run_import(text)
    assert result.counts["unchanged"] == 200


def test_preview_names_what_a_row_creates_besides_the_program(admin_client, listing):
    row = dict(
        rows_of(export_text())[0],
        slug="lakes-aas",
        institution="lakes-college",
        institution_name="Lakes College",
        lab_sessions="exam: 1 day x 1 once, 1 day total @ Akron lab (44308)",
    )
    response = upload(admin_client, csv_of([row]).encode())
    assert "New institution: Lakes College (lakes-college)" in response.text
    assert "New site: Akron lab, Akron, OH 44308" in response.text
    assert "A new program at Lakes College (published)." in response.text


def test_the_format_description_names_every_kind_frequency_and_place():
    """docs/import-format.md lists the values a session cell may use: all of them."""
    text = (settings.BASE_DIR / "docs" / "import-format.md").read_text()
    section = text[text.index("### Lab sessions") : text.index("### States it cannot enrol")]
    for value in [*SessionKind.values, *Frequency.values, *LabLocation.values]:
        assert f"`{value}`" in section, value


def test_the_format_description_says_which_columns_are_required_as_the_import_does(listing):
    """Each column the table marks "yes" is refused empty, each marked "no" accepted empty;
    and every choice of the credential, agency and status columns is named."""
    text = (settings.BASE_DIR / "docs" / "import-format.md").read_text()
    table = text[text.index("| column | required |") : text.index("### Values")]
    required = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) >= 3 and cells[1] in ("yes", "no"):
            for column in re.findall(r"`([a-z_]+)`", cells[0]):
                required[column] = cells[1] == "yes"
    assert set(required) == set(transfer.IMPORT_COLUMNS) - set(transfer.INSTITUTION_COLUMNS)
    for column, is_required in required.items():
        rows = rows_of(export_text())
        rows[1][column] = ""
        problems = run_import(csv_of(rows), dry_run=True).rows[1].problems
        refused = [text for name, text in problems if name == column]
        if is_required:
            assert refused and refused[0].startswith("Required"), (column, problems)
        else:
            assert not refused, (column, problems)
    for column, choices in [
        ("credential", Credential.values),
        ("accreditation_agency", Agency.values),
        ("accreditation_status", AccreditationStatus.values),
    ]:
        line = next(line for line in table.splitlines() if line.startswith(f"| `{column}`"))
        for value in choices:
            assert f"`{value}`" in line, (column, value)
