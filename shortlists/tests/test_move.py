"""Shared lists made before the shortlist models moved from `programs` to `shortlists` keep
working: the move changed Django's state, not the tables, so rows written by the old code
(in programs_shortlist and programs_shortlistitem) open under the new app."""

import hashlib
import secrets

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from programs.tests.factories import ProgramFactory
from shortlists.models import Shortlist, ShortlistItem

pytestmark = pytest.mark.django_db


def test_the_moved_models_keep_the_old_tables():
    assert Shortlist._meta.db_table == "programs_shortlist"
    assert ShortlistItem._meta.db_table == "programs_shortlistitem"
    assert ContentType.objects.get_for_model(Shortlist).app_label == "shortlists"


def test_links_shared_before_the_move_still_open(client):
    program = ProgramFactory(name="Old Online MLT")
    token, secret = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = timezone.now()
    # Exactly the rows the code before the move wrote, written without the new models.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO programs_shortlist (token, edit_secret_hash, title, note, created_at,"
            " updated_at) VALUES (%s, %s, %s, %s, %s, %s)",
            [
                token,
                hashlib.sha256(secret.encode()).hexdigest(),
                "Made before the move",
                "",
                now,
                now,
            ],
        )
        cursor.execute("SELECT id FROM programs_shortlist WHERE token = %s", [token])
        (shortlist_id,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO programs_shortlistitem (shortlist_id, program_id, position,"
            " program_name, institution_name, shared_updated_at, shared_status,"
            " shared_last_verified, shared_facts) VALUES (%s, %s, 0, %s, %s, %s, %s, %s, %s)",
            [
                shortlist_id,
                program.pk,
                program.name,
                program.institution.name,
                now,
                "published",
                program.last_verified,
                "{}",
            ],
        )

    shared = client.get(f"/shortlists/{token}/")
    assert shared.status_code == 200
    assert "Made before the move" in shared.content.decode()
    assert "Old Online MLT" in shared.content.decode()
    edit = client.get(f"/shortlists/{token}/edit/{secret}/", follow=True)
    assert edit.status_code == 200
    assert "Made before the move" in edit.content.decode()
    assert Shortlist.objects.get(token=token).items.get().program == program
