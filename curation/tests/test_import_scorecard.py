"""manage.py import_scorecard: dry run, apply, all or nothing, and what an update keeps."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from programs.models import Institution
from programs.tests.factories import InstitutionFactory

SAMPLE = Path(__file__).parent / "data" / "scorecard-sample.csv"
EXTRACT = (
    Path(__file__).resolve().parents[2] / "fixtures" / "real" / "scorecard-2023-24-extract.csv"
)

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("import_scorecard", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_dry_run_reports_and_writes_nothing():
    output = run(SAMPLE)
    assert "Dry run: 7 new, 0 changed, 0 unchanged, 0 skipped, 0 rejected." in output
    assert "Nothing was written" in output
    assert not Institution.objects.exists()


def test_apply_creates_institutions_with_federal_fields():
    output = run(SAMPLE, "--apply")
    assert "7 new" in output
    kankakee = Institution.objects.get(unitid=146348)
    assert kankakee.name == "Kankakee Community College"
    assert (kankakee.city, kankakee.state, kankakee.zip_code) == ("Kankakee", "IL", "60901")
    assert kankakee.control == "public"
    assert kankakee.accreditor == "Higher Learning Commission"
    assert kankakee.scorecard_tuition_in_state == 5070
    assert kankakee.scorecard_net_price == 5190
    assert str(kankakee.scorecard_completion_rate) == "0.3815"
    assert kankakee.scorecard_median_debt is None  # NA: not reported, not zero
    assert kankakee.scorecard_edition == "2023-24"
    barton = Institution.objects.get(unitid=154697)
    assert barton.scorecard_median_debt is None  # PrivacySuppressed
    assert barton.history.count() == 1  # created with history


def test_apply_of_new_institutions_only_bumps_the_generation():
    """New institutions are written with bulk_create (no signal)."""
    from programs import generation

    before = generation.current()
    run(SAMPLE, "--apply")
    assert generation.current() > before


def test_second_run_is_unchanged_and_a_changed_figure_is_reported():
    run(SAMPLE, "--apply")
    assert "0 new, 0 changed, 7 unchanged" in run(SAMPLE)
    Institution.objects.filter(unitid=146348).update(scorecard_tuition_in_state=1)
    output = run(SAMPLE, "-v", "2")
    assert "1 changed" in output
    assert "scorecard_tuition_in_state" in output
    run(SAMPLE, "--apply")
    assert Institution.objects.get(unitid=146348).scorecard_tuition_in_state == 5070


def test_update_keeps_the_curators_name_and_fills_only_empty_identity_fields():
    curated = InstitutionFactory(
        unitid=146348, name="Kankakee CC (curated name)", website="", accreditor=""
    )
    run(SAMPLE, "--apply")
    curated.refresh_from_db()
    assert curated.name == "Kankakee CC (curated name)"
    assert curated.website == "https://www.kcc.edu/"  # was empty: filled
    assert curated.accreditor == "Higher Learning Commission"  # federal: kept up to date
    assert Institution.objects.filter(unitid=146348).count() == 1


def test_a_rejected_row_blocks_apply_and_names_the_reason(tmp_path):
    lines = SAMPLE.read_text().splitlines()
    broken = lines[4].replace(",IL,", ",Illinois,")
    path = tmp_path / "bad-row.csv"
    path.write_text("\n".join([lines[0], lines[1], broken]) + "\n")
    with pytest.raises(CommandError, match="1 new, 0 changed, 0 unchanged, 0 skipped, 1 rejected"):
        run(path, "--apply")
    assert not Institution.objects.exists()


def test_states_outside_the_directory_are_skipped_not_rejected(tmp_path):
    lines = SAMPLE.read_text().splitlines()
    guam = lines[1].replace(",AK,", ",GU,")
    path = tmp_path / "guam.csv"
    path.write_text("\n".join([lines[0], guam, lines[2]]) + "\n")
    output = run(path, "--apply")
    assert "GU is not one of the states the directory covers" in output
    assert "1 new, 0 changed, 0 unchanged, 1 skipped, 0 rejected" in output
    assert Institution.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"name,city\nA,B\n", "not a College Scorecard institution file"),
        (b'UNITID,INSTNM,CITY,STABBR\n1,"broken,B,OH\n', "not valid CSV"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "UTF-8"),
    ],
)
def test_malformed_files_stop_with_a_message_and_write_nothing(tmp_path, content, message):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message) as error:
        run(path, "--apply")
    assert "Nothing was written" in str(error.value)
    assert not Institution.objects.exists()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "nope.csv")


def test_shared_extract_dry_runs_and_applies():
    assert "Dry run: 728 new" in run(EXTRACT)
    run(EXTRACT, "--apply")
    assert Institution.objects.filter(unitid__isnull=False).count() == 728


def test_a_value_the_scorecard_does_not_report_keeps_the_stored_one(tmp_path, superuser):
    """A NULL ACCREDAGENCY and CONTROL erased the curated accreditor and control, which
    flipped the listings' AMT eligibility; the history row said neither why nor who."""
    from curation.scorecard_import import REASON
    from programs.tests.factories import ProgramFactory

    curated = InstitutionFactory(
        unitid=146348, accreditor="Higher Learning Commission", control="public"
    )
    program = ProgramFactory(
        institution=curated, accreditation_agency="", accreditation_status="unknown"
    )
    assert program.eligible_amt  # through the college's own accreditation
    header, *lines = SAMPLE.read_text().splitlines()
    kankakee = next(line for line in lines if line.startswith("146348,"))
    cells = kankakee.split(",")
    columns = header.split(",")
    cells[columns.index("ACCREDAGENCY")] = "NULL"
    cells[columns.index("CONTROL")] = "NULL"
    cells[columns.index("TUITIONFEE_IN")] = "5100"  # a reported change is still written
    path = tmp_path / "not-reported.csv"
    path.write_text("\n".join([header, ",".join(cells)]) + "\n")
    assert "0 new, 1 changed" in run(path, "--apply", "--user", superuser.username)
    curated.refresh_from_db()
    assert (curated.accreditor, curated.control) == ("Higher Learning Commission", "public")
    assert curated.scorecard_tuition_in_state == 5100
    record = curated.history.latest()
    assert (record.history_change_reason, record.history_user) == (REASON, superuser)
    assert "College Scorecard" in REASON
    program = type(program).objects.get(pk=program.pk)
    assert program.eligible_amt


def test_new_institutions_are_recorded_as_a_scorecard_import(superuser):
    from curation.scorecard_import import REASON

    run(SAMPLE, "--apply", "--user", superuser.username)
    record = Institution.objects.get(unitid=146348).history.get()
    assert (record.history_change_reason, record.history_user) == (REASON, superuser)


def test_an_unknown_user_is_refused_before_anything_is_read():
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        run(SAMPLE, "--apply", "--user", "nobody")
    assert not Institution.objects.exists()
