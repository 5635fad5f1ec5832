"""A change to a program's lab sessions is a change to the program.

The sessions (and the sites each is offered at) are what a listing says about campus days,
but they live in their own rows, so saving one never moved the program's `updated_at`. The
feeds date an entry by it: a session change rewrote an entry's summary ("changed since
shared") while its <updated> stayed the same, and feed readers showed nothing new. The
directory's "new and changed" feed orders by it too.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .models import LabSession, Program


def touch(program_id) -> None:
    """Mark the program changed now, without a history record (its own fields did not
    change; the session's history records what did)."""
    if program_id is not None:
        Program.objects.filter(pk=program_id).update(updated_at=timezone.now())


def _on_session_write(sender, instance, raw=False, **kwargs):
    if not raw:
        touch(instance.program_id)


def _on_sites_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:  # session.sites changed
        touch(instance.program_id)
    elif pk_set:  # site.lab_sessions changed
        for program_id in set(
            LabSession.objects.filter(pk__in=pk_set).values_list("program_id", flat=True)
        ):
            touch(program_id)


def connect() -> None:
    post_save.connect(_on_session_write, sender=LabSession, dispatch_uid="listing-session-save")
    post_delete.connect(_on_session_write, sender=LabSession, dispatch_uid="listing-session-del")
    m2m_changed.connect(
        _on_sites_changed, sender=LabSession.sites.through, dispatch_uid="listing-session-sites"
    )
