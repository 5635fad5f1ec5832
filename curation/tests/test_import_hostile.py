"""Hostile and broken files on the admin's import page (issue #13): each is refused with a
plain message on the page (200), writes nothing and keeps nothing; and the import's query
count does not grow with the number of rows."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curation import transfer
from curation.models import PendingImport
from curation.resources import ProgramResource
from curation.tests.test_import_export import (
    csv_of,
    export_text,
    rows_of,
    snapshot,
    two_hundred_rows,
    upload,
)
from programs.models import Program

pytestmark = pytest.mark.django_db


def a_json_listing() -> dict:
    return json.loads(export_text(file_format="json"))[0]


HOSTILE = [
    ("deep.json", lambda: b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("deep-objects.json", lambda: b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "nested too deeply"),
    ("digits.json", lambda: b'[{"slug": ' + b"9" * 5000 + b"}]", "not valid JSON"),
    ("number.json", lambda: b"42", "must be a list of objects"),
    ("text.json", lambda: b'"programs"', "must be a list of objects"),
    ("null.json", lambda: b"null", "must be a list of objects"),
    ("numbers.json", lambda: b"[1, 2, 3]", "must be a list of objects"),
    ("nested.json", lambda: json.dumps([{**a_json_listing(), "name": ["x"]}]).encode(), "as text"),
    ("latin1.csv", lambda: "slug,name\nécole,x\n".encode("latin-1"), "not UTF-8 text"),
    ("binary.csv", lambda: bytes(range(256)) * 4, "not UTF-8 text"),
    ("nul.csv", lambda: export_text().encode() + b"\x00\n", "NUL byte"),
    ("empty.csv", lambda: b"", "The submitted file is empty."),
    ("blank.json", lambda: b"   \n", "The file is empty"),
    ("huge-cell.csv", lambda: b'slug,name\n"' + b"x" * 200_000 + b'",y\n', "cannot be read as CSV"),
]


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_file_gets_a_message_and_writes_nothing(
    admin_client, listing, name, make, message
):
    before = snapshot()
    response = upload(admin_client, make(), name=name)
    assert response.status_code == 200
    assert message in response.text
    assert not response.context.get("confirm_form")
    assert snapshot() == before
    assert not PendingImport.objects.exists()


def test_a_file_over_the_limit_gets_a_message(admin_client, listing, settings):
    settings.PROGRAM_IMPORT_MAX_BYTES = 2048
    response = upload(admin_client, b"[" + b" " * 4096 + b"]", name="big.json")
    assert response.status_code == 200
    assert "the limit is 2 KB" in response.text
    assert not PendingImport.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (int("9" * 4000), "at most 12 digits"),
        (1e300, "at most 12 digits"),
        ("9" * 5000, "at most 12 digits"),
        (True, "Enter a whole number."),
    ],
    ids=["4000-digit-int", "1e300", "5000-digit-text", "true"],
)
def test_huge_numbers_in_a_cell_are_a_row_problem(admin_client, listing, value, message):
    row = {**a_json_listing(), "tuition_total": value}
    text = json.dumps([row]) if not isinstance(value, int) or value < 10**4000 else None
    if text is None:  # json.dumps would refuse it too: write the digits by hand
        text = json.dumps([{**row, "tuition_total": 0}]).replace(
            '"tuition_total": 0', '"tuition_total": ' + str(value)
        )
    before = snapshot()
    response = upload(admin_client, text.encode(), name="programs.json")
    assert response.status_code == 200
    assert "Nothing will be imported" in response.text
    assert message in response.text
    assert snapshot() == before


def test_a_5000_digit_number_in_a_csv_cell_is_a_row_problem(admin_client, listing):
    rows = rows_of(export_text())
    rows[0]["pass_rate"] = "1" * 5000
    response = upload(admin_client, csv_of(rows).encode())
    assert response.status_code == 200
    assert "at most 12 digits" in response.text


UNSTORABLE = [
    ("slug", "\ud800x", "Character 1 is half of a character (an unpaired surrogate, \\ud800)"),
    ("institution", "river\udfff", "Character 6 is half of a character"),
    ("description", "Line one\u0000", "Character 9 is a NUL (U+0000), which cannot be stored"),
    ("name", "MLT\u0001", "Character 4 is an invisible control character (U+0001)"),
    ("lab_sessions", "exam: 1 day x 1 once, 1 day total @ Lab (4540\u001f)", "(U+001F)"),
]


@pytest.mark.parametrize(("column", "value", "message"), UNSTORABLE, ids=[u[0] for u in UNSTORABLE])
def test_a_character_that_cannot_be_stored_is_a_problem_of_its_cell(
    admin_client, listing, column, value, message
):
    """A JSON escape writes what no raw-text check sees: a lone surrogate in a slug was a
    500 on upload (the driver cannot encode it to look the slug up), a NUL previewed clean
    then failed to confirm on PostgreSQL (SQLite stored it). Each is now a problem of its
    row and column in the preview, and nothing is written or kept."""
    rows = json.loads(export_text(file_format="json"))
    rows[1][column] = value
    rows[0]["tuition_total"] = 1234  # a valid change beside it
    before = snapshot()
    response = upload(admin_client, json.dumps(rows).encode(), name="programs.json")
    assert response.status_code == 200
    assert "Nothing will be imported" in response.text
    assert not response.context.get("confirm_form")
    assert not PendingImport.objects.exists()
    assert snapshot() == before
    result = ProgramResource().import_data(
        transfer.load_dataset(json.dumps(rows).encode(), "json"), dry_run=True, file_name="x"
    )
    bad = result.rows[1]
    assert bad.status == "error"
    assert [(col, text) for col, text in bad.problems if message in text] == [
        (column, next(text for col, text in bad.problems if message in text))
    ], bad.problems


def test_a_control_character_in_a_csv_cell_is_a_problem_but_tabs_and_line_breaks_are_not(
    listing,
):
    rows = rows_of(export_text())
    rows[0]["prerequisites"] = "Biology\tand chemistry\r\nwith a C"
    rows[1]["start_terms"] = "August\x0bJanuary"
    result = ProgramResource().import_data(
        transfer.load_dataset(csv_of(rows).encode(), "csv"), dry_run=True, file_name="x"
    )
    assert result.rows[0].status == "changed", result.rows[0].problems
    assert [col for col, _text in result.rows[1].problems] == ["start_terms"]


# --- the number of queries does not grow with the rows ------------------------------------------


def import_queries(rows, dry_run) -> int:
    dataset = transfer.load_dataset(csv_of(rows).encode(), "csv")
    with CaptureQueriesContext(connection) as queries:
        result = ProgramResource().import_data(dataset, dry_run=dry_run, file_name="bulk.csv")
    assert not result.has_errors() and not result.has_validation_errors()
    return len(queries)


def test_checking_a_file_costs_the_same_queries_for_10_rows_or_100():
    rows = two_hundred_rows()
    assert import_queries(rows[:10], dry_run=True) == import_queries(rows[100:200], dry_run=True)


def test_importing_new_listings_costs_a_bounded_number_of_queries():
    rows = two_hundred_rows()
    ten, hundred = import_queries(rows[:10], dry_run=False), import_queries(rows[100:200], False)
    # Bulk inserts go in batches the database allows (SQLite: about 20 listings a statement),
    # so 100 listings take a few more statements than 10, never one or more per row.
    assert hundred < 100
    assert hundred - ten < 40
    assert Program.objects.count() == 110
    # Importing the same rows again: every row unchanged, the same few queries.
    assert import_queries(rows[:10], dry_run=False) == import_queries(rows[100:200], False)


@pytest.mark.slow
def test_a_thousand_row_file_imports_with_queries_that_do_not_grow_per_row():
    rows = [
        dict(row, slug=f"{row['slug']}-{copy}", name=f"{row['name']} {copy}")
        for copy in range(5)
        for row in two_hundred_rows()
    ]
    assert len(rows) == 1000
    # The programs are read 500 slugs a query (lookups.CHUNK): one more query for 1,000.
    assert import_queries(rows, dry_run=True) <= import_queries(rows[:10], dry_run=True) + 1
    assert import_queries(rows, dry_run=False) < 400
    assert Program.objects.count() == 1000
    assert Program.history.count() == 1000


def test_new_institutions_and_sites_get_one_history_record_each():
    from programs.models import Institution, Site

    import_queries(two_hundred_rows()[:50], dry_run=False)
    assert Institution.objects.count() == 10
    assert Institution.history.count() == 10
    assert Site.history.count() == Site.objects.count()
