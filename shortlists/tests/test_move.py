"""Shared lists made before the shortlist models moved from `programs` to `shortlists` keep
working: the move changed Django's state, not the tables, so their links still open."""

import hashlib
import secrets

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE_MOVE = [("programs", "0009_curators_group"), ("shortlists", None)]


@pytest.mark.django_db(transaction=True)
def test_links_shared_before_the_move_still_open(client):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_MOVE)
    old = executor.loader.project_state(BEFORE_MOVE[0]).apps
    Institution = old.get_model("programs", "Institution")
    Program = old.get_model("programs", "Program")
    Shortlist = old.get_model("programs", "Shortlist")
    ShortlistItem = old.get_model("programs", "ShortlistItem")

    institution = Institution.objects.create(
        name="Old College",
        slug="old-college",
        city="Dayton",
        state="OH",
        zip_code="45402",
        control="public",
    )
    program = Program.objects.create(
        institution=institution,
        name="Old Online MLT",
        slug="old-online-mlt",
        credential="aas",
        delivery="online",
        accreditation_agency="naacls",
        accreditation_status="continuing",
        length_months=24,
        tuition_total=9000,
        clinical_arrangement="program_arranges",
        source_url="https://example.edu/mlt",
        last_verified=timezone.localdate(),
        status="published",
    )
    token, secret = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    shortlist = Shortlist.objects.create(
        token=token,
        edit_secret_hash=hashlib.sha256(secret.encode()).hexdigest(),
        title="Made before the move",
    )
    ShortlistItem.objects.create(
        shortlist=shortlist,
        program=program,
        position=0,
        program_name=program.name,
        institution_name=institution.name,
        shared_updated_at=timezone.now(),
        shared_status="published",
        shared_last_verified=program.last_verified,
        shared_facts={},
    )

    call_command("migrate", verbosity=0)

    shared = client.get(f"/shortlists/{token}/")
    assert shared.status_code == 200
    assert "Made before the move" in shared.content.decode()
    assert "Old Online MLT" in shared.content.decode()
    edit = client.get(f"/shortlists/{token}/edit/{secret}/")
    assert edit.status_code == 200
    assert "Made before the move" in edit.content.decode()
    # The moved models read the same rows, under their new app.
    from django.contrib.contenttypes.models import ContentType

    from shortlists.models import Shortlist as MovedShortlist

    assert MovedShortlist.objects.get(token=token).items.count() == 1
    assert ContentType.objects.get_for_model(MovedShortlist).app_label == "shortlists"
