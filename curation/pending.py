"""Program files waiting between the import preview and the curator's confirmation.

The preview keeps a file that imports cleanly as a PendingImport row: in the database, so
the confirmation may reach any app server; under a random id (256 bits) that the confirm
form posts back, looked up together with the curator who uploaded it, so no posted name
can reach another file or another curator's upload; for an hour. `claim()` marks it
imported in one UPDATE, so a second click, or the same form posted twice at once, is told
the file was already imported instead of importing it twice. Expired rows are deleted on
each new upload and by `manage.py clear_pending_imports`.
"""

from datetime import timedelta

from django.utils import timezone

from .models import PendingImport

LIFETIME = timedelta(hours=1)


class NotPending(Exception):
    """The import cannot go ahead; the message says why and what to do."""


def keep(user, file_name: str, file_format: str, content: bytes) -> PendingImport:
    return PendingImport.objects.create(
        user=user, file_name=file_name[:255], file_format=file_format, content=content
    )


def clear_expired(now=None) -> int:
    """Delete every pending import older than LIFETIME; returns how many."""
    cutoff = (now or timezone.now()) - LIFETIME
    deleted, _ = PendingImport.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def claim(pending_id: str, user) -> PendingImport:
    """The curator's pending import, marked imported; NotPending when it cannot be."""
    now = timezone.now()
    found = PendingImport.objects.filter(pk=str(pending_id or "")[:64], user=user)
    pending = found.defer("content").first()
    if pending is None:
        raise NotPending(
            "This import is no longer waiting for confirmation (a preview is kept for an "
            "hour). Nothing was imported: upload the file again to see a new preview."
        )
    if pending.imported_at is not None:
        raise NotPending(
            f"{pending.file_name} was already imported "
            f"({timezone.localtime(pending.imported_at):%H:%M}); it was not imported again."
        )
    if pending.created_at < now - LIFETIME:
        raise NotPending(
            f"The preview of {pending.file_name} expired (a preview is kept for an hour). "
            "Nothing was imported: upload the file again to see a new preview."
        )
    if not found.filter(imported_at__isnull=True).update(imported_at=now):
        raise NotPending(f"{pending.file_name} is already being imported.")
    return found.get()


def finished(pending: PendingImport, imported: bool) -> None:
    """After the import: drop the content, and the row itself when nothing was imported
    (the curator uploads the file again)."""
    if imported:
        PendingImport.objects.filter(pk=pending.pk).update(content=b"")
    else:
        PendingImport.objects.filter(pk=pending.pk).delete()
