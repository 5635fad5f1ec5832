"""The import between preview and confirm (issue #13): the file kept in the database under a
random id for the curator who uploaded it, an hour long; a second click, another curator's
id, an expired preview or a posted file name each get a plain message, and nothing is read
from the temporary folder."""

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from curation import pending
from curation.models import PendingImport
from curation.tests.test_import_export import (
    csv_of,
    edited_export,
    snapshot,
    upload,
)
from programs.models import Program

pytestmark = pytest.mark.django_db


def confirm_data(response) -> dict:
    form = response.context["confirm_form"]
    return {name: form.initial.get(name, "") for name in form.fields}


def confirm(client, data):
    return client.post(reverse("admin:programs_program_process_import"), data)


def last_message(response) -> str:
    return str(list(get_messages(response.wsgi_request))[-1])


def changed_file() -> bytes:
    return csv_of(edited_export(river_college_online={"tuition_total": "1234"})).encode()


@pytest.fixture
def previewed(admin_client, listing):
    response = upload(admin_client, changed_file())
    assert response.status_code == 200
    assert "Nothing has been written yet" in response.text
    return confirm_data(response)


def test_a_clean_preview_keeps_the_file_in_the_database_under_a_random_id(
    admin_client, superuser, previewed
):
    kept = PendingImport.objects.get()
    assert previewed["import_file_name"] == kept.pk
    assert len(kept.pk) >= 43  # token_urlsafe(32)
    assert kept.user == superuser
    assert kept.file_name == "programs.csv" and kept.file_format == "csv"
    assert bytes(kept.content) == changed_file()


def test_confirm_imports_once_and_a_second_click_says_so(admin_client, previewed):
    response = confirm(admin_client, previewed)
    assert response.status_code == 302
    assert last_message(response).startswith("Import finished: 0 new, 1 changed")
    assert Program.objects.get(slug="river-college-online").tuition_total == 1234
    kept = PendingImport.objects.get()
    assert kept.imported_at is not None and bytes(kept.content) == b""
    history = Program.history.count()

    again = confirm(admin_client, previewed)
    assert again.status_code == 302
    assert again["Location"] == reverse("admin:programs_program_import")
    assert "was already imported" in last_message(again)
    assert Program.history.count() == history  # not imported twice
    page = admin_client.get(again["Location"])
    assert page.status_code == 200


def test_another_curators_preview_cannot_be_confirmed(client, previewed, listing):
    from programs.tests.factories import UserFactory

    other = UserFactory(username="other-admin", is_staff=True, is_superuser=True)
    client.force_login(other)
    before = snapshot()
    response = confirm(client, previewed)
    assert "no longer waiting for confirmation" in last_message(response)
    assert snapshot() == before
    assert PendingImport.objects.get().imported_at is None  # still the owner's to confirm


@pytest.mark.parametrize("name", ["../../etc/passwd", "passwd", "x" * 300, ""])
def test_a_posted_file_name_reads_nothing_and_deletes_nothing(admin_client, previewed, name):
    victim = Path(tempfile.gettempdir()) / "unrelated-file-of-another-app.csv"
    victim.write_bytes(changed_file())
    try:
        before = snapshot()
        response = confirm(admin_client, {**previewed, "import_file_name": victim.name})
        assert response.status_code == 302
        assert "no longer waiting" in last_message(response)
        response = confirm(admin_client, {**previewed, "import_file_name": name})
        assert response.status_code == 302
        assert snapshot() == before
        assert victim.exists()
    finally:
        victim.unlink()


def test_the_form_cannot_choose_the_format_or_the_name(admin_client, previewed):
    response = confirm(admin_client, {**previewed, "format": "1", "original_file_name": "evil"})
    assert last_message(response).startswith("Import finished")
    reason = Program.history.filter(slug="river-college-online").first().history_change_reason
    assert reason == "Imported from programs.csv"


def test_an_expired_preview_is_refused_and_cleaned_up(admin_client, previewed, listing):
    PendingImport.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    before = snapshot()
    response = confirm(admin_client, previewed)
    assert "expired" in last_message(response)
    assert snapshot() == before
    # The next upload deletes it.
    upload(admin_client, b"not,a,file\n")
    assert not PendingImport.objects.filter(pk=previewed["import_file_name"]).exists()


def test_the_command_clears_expired_previews_only(admin_client, previewed, listing):
    fresh = PendingImport.objects.get()
    old = PendingImport.objects.create(
        user=fresh.user,
        file_name="old.csv",
        file_format="csv",
        content=b"x",
        created_at=timezone.now() - timedelta(hours=2),
    )
    call_command("clear_pending_imports", stdout=(out := __import__("io").StringIO()))
    assert "Deleted 1 expired pending import(s)." in out.getvalue()
    assert list(PendingImport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not PendingImport.objects.filter(pk=old.pk).exists()


def test_a_preview_with_errors_keeps_nothing(admin_client, listing):
    rows = edited_export(river_college_online={"pass_rate": "130"})
    response = upload(admin_client, csv_of(rows).encode())
    assert "Nothing will be imported" in response.text
    assert not PendingImport.objects.exists()


def test_a_failed_confirmation_drops_the_kept_file(admin_client, listing):
    from curation import transfer
    from programs.models import Institution

    rows = edited_export(river_college_online={"tuition_total": "1234"})
    for row in rows:
        for column in transfer.INSTITUTION_COLUMNS:
            row[column] = ""  # rows rely on the institution existing
    data = confirm_data(upload(admin_client, csv_of(rows).encode()))
    Institution.objects.filter(slug="river-college").update(slug="river-college-ohio")
    response = confirm(admin_client, data)
    assert last_message(response).startswith("Nothing was imported")
    assert not PendingImport.objects.exists()


def test_the_preview_writes_nothing_but_the_kept_file(admin_client, listing):
    """No write to the directory while the rows are checked (on SQLite a write would hold
    the database's one write lock for the whole preview, and public pages would wait)."""
    with CaptureQueriesContext(connection) as queries:
        response = upload(admin_client, changed_file())
    assert "Nothing has been written yet" in response.text
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes, "the kept file is written"
    others = [s for s in writes if "curation_pendingimport" not in s and "django_session" not in s]
    assert not others


def test_an_import_bumps_the_directory_generation_once(admin_client, previewed):
    from programs import generation

    before = generation.current()
    confirm(admin_client, previewed)
    assert generation.current() == before + 1


def test_claim_refuses_ids_that_are_not_pending(superuser):
    with pytest.raises(pending.NotPending, match="no longer waiting"):
        pending.claim("", superuser)
    with pytest.raises(pending.NotPending, match="no longer waiting"):
        pending.claim("x" * 1000, superuser)
