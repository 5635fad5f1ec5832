"""Shortlists: a visitor's list of programs, frozen into a shared list when shared.

A shortlist starts in the visitor's session (shortlists/session.py). "Share" freezes it into
a Shortlist: a read-only page at an unguessable token, editable later only through a
separate secret link whose SHA-256 alone is stored.

The tables keep their original names (programs_shortlist, programs_shortlistitem): the models
moved here from the programs app without touching the database, so every link shared before
the move still works.
"""

import hashlib
import hmac
import secrets
from datetime import date

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from programs.choices import PublicationStatus
from programs.models import Program

SHORTLIST_TOKEN_BYTES = 32  # 256 bits; token_urlsafe(32) is 43 characters
SHORTLIST_TOKEN_LENGTH = 43
SHORTLIST_TITLE_MAX = 120
SHORTLIST_NOTE_MAX = 1000


def new_share_token() -> str:
    return secrets.token_urlsafe(SHORTLIST_TOKEN_BYTES)


def hash_edit_secret(secret: str) -> str:
    """The stored form of an edit secret. The secret is 256 random bits, so a fast hash is
    enough: there is nothing to brute-force."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Shortlist(models.Model):
    token = models.CharField(max_length=64, unique=True, editable=False, default=new_share_token)
    edit_secret_hash = models.CharField(max_length=64, editable=False)
    title = models.CharField(max_length=SHORTLIST_TITLE_MAX, blank=True)
    note = models.TextField(max_length=SHORTLIST_NOTE_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "programs_shortlist"
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("token"), SHORTLIST_TOKEN_LENGTH),
                name="shortlist_token_long_enough",
            ),
            models.CheckConstraint(
                condition=Exact(Length("edit_secret_hash"), 64),
                name="shortlist_edit_hash_is_sha256",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("title"), SHORTLIST_TITLE_MAX),
                name="shortlist_title_max_length",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), SHORTLIST_NOTE_MAX),
                name="shortlist_note_max_length",
            ),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("shortlists:shared", kwargs={"token": self.token})

    def get_edit_url(self) -> str:
        """The edit page's address: it holds no key, and opens for a session that has the
        key's hash (shortlists.session.can_edit)."""
        return reverse("shortlists:edit", kwargs={"token": self.token})

    def get_private_edit_link(self, secret: str) -> str:
        """The link that opens the edit page anywhere: the key goes after '#', which
        browsers never send, so it is in no server's log; the page hands it over in a
        form (shortlists/edit_views.py)."""
        return f"{self.get_edit_url()}#key={secret}"

    @property
    def shared_on(self) -> date:
        """The day the list was shared, in the site's time zone: the one date every page,
        notice and feed gives for it (created_at is UTC, and in the evening in America it is
        already the next day there)."""
        return timezone.localdate(self.created_at)

    @property
    def display_title(self) -> str:
        return self.title or "Shortlist of MLT programs"

    def set_edit_secret(self) -> str:
        """Give the shortlist a new edit secret and return it: the only time it is known."""
        secret = secrets.token_urlsafe(SHORTLIST_TOKEN_BYTES)
        self.edit_secret_hash = hash_edit_secret(secret)
        return secret

    def check_edit_secret(self, secret: str) -> bool:
        return hmac.compare_digest(hash_edit_secret(secret), self.edit_secret_hash)


class ShortlistItem(models.Model):
    """A program on a shared shortlist, with what it looked like when the list was shared."""

    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="items")
    # SET_NULL: a program deleted from the directory stays on the list as "no longer listed".
    program = models.ForeignKey(
        Program, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Snapshot at share time (refreshed when the author accepts the current facts).
    program_name = models.CharField(max_length=200)
    institution_name = models.CharField(max_length=200)
    shared_updated_at = models.DateTimeField()
    shared_status = models.CharField(max_length=10, choices=PublicationStatus.choices)
    shared_last_verified = models.DateField()
    shared_facts = models.JSONField(
        default=dict, blank=True, help_text="Key facts as shown when shared, to report changes."
    )

    class Meta:
        db_table = "programs_shortlistitem"
        ordering = ["shortlist", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shortlist", "program"], name="shortlist_item_unique_program"
            ),
            models.CheckConstraint(
                condition=Q(shared_status__in=PublicationStatus.values),
                name="shortlist_item_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.program_name}, {self.institution_name}"
