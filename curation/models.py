"""Curation's own records: its view of the directory's institutions, and the program files
waiting between preview and confirmation."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from programs.models import Institution


class Candidate(Institution):
    """An institution from the federal data, seen as a possible listing: the candidates
    view lists those without one ("may offer an MLT program: check and add")."""

    class Meta:
        proxy = True
        verbose_name = "candidate institution"
        verbose_name_plural = "candidates: institutions without a listing"


def new_pending_import_id() -> str:
    return secrets.token_urlsafe(32)


class PendingImport(models.Model):
    """An uploaded program file between its preview and the curator's confirmation.

    Kept in the database, so the confirmation works on any app server, under its own
    unguessable id, for the curator who uploaded it only, for an hour (curation/pending.py).
    Once imported its content is dropped and the row stays until it expires, so a second
    click says the file was already imported.
    """

    id = models.CharField(
        primary_key=True, max_length=64, default=new_pending_import_id, editable=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports"
    )
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=10)  # "csv" or "json"
    content = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "pending import"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
