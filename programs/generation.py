"""When the directory's generation number changes, and how to read it.

`bump()` runs after every save or delete of a program, institution, site, lab session,
enrolment restriction, program source (FactSource: the detail page lists them) or travel
rate (the estimates use it; a rate changes about once a year, so rebuilding the facet
index then costs nothing that matters), and after a lab session's sites change (signals
below). Writes that skip signals (`bulk_create`, `QuerySet.update()`) call `bump()` or
`mark_written()` themselves: the demo-data and real-data loaders, the guide loader, the
Scorecard import, the import, the synthetic-data generator and restore.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import (
    EnrollmentRestriction,
    FactSource,
    Institution,
    LabSession,
    Program,
    Site,
    TravelRate,
)
from .models.generation import DirectoryGeneration

ROW = 1

# Inside batch(): [True] once a write has happened, instead of one bump per write.
_batched: ContextVar[list[bool] | None] = ContextVar("generation_batched", default=None)


# Inside read_once_per_request: [the number], once read in this request.
_read: ContextVar[list[int] | None] = ContextVar("generation_read", default=None)
# Inside read_once_per_request: what else this request read once (once_per_request).
_once: ContextVar[dict | None] = ContextVar("read_once", default=None)


def current() -> int:
    """The directory's generation number (0 before the first write); read once per GET
    request (read_once_per_request), so the page cache's key and the page agree."""
    known = _read.get()
    if known:
        return known[0]
    # Every GET reads it: a plain cursor costs 0.3 ms here, the ORM's query 0.9 ms.
    meta, quote = DirectoryGeneration._meta, connection.ops.quote_name
    table, key = quote(meta.db_table), quote(meta.pk.column)
    sql = f"SELECT {quote('value')} FROM {table} WHERE {key} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [ROW])
        row = cursor.fetchone()
    value = row[0] if row else None
    if known is not None and not transaction.get_connection().in_atomic_block:
        # Not inside a transaction: its number may be rolled back, then reused.
        known.append(value or 0)
    return value or 0


def read_once_per_request(get_response):
    """Middleware: within a GET or HEAD request, current() reads the database once (the
    page cache, the view and the keyword search each ask for it)."""

    def middleware(request):
        if request.method not in ("GET", "HEAD"):
            return get_response(request)
        token, once = _read.set([]), _once.set({})
        try:
            return get_response(request)
        finally:
            _read.reset(token)
            _once.reset(once)

    return middleware


def once_per_request(name: str, read):
    """`read()`, called once within a GET or HEAD request (read_once_per_request) and its
    value kept for the rest of it, e.g. the travel rates, asked for by each card of a
    page; outside such a request, called every time."""
    kept = _once.get()
    if kept is None:
        return read()
    if name not in kept:
        kept[name] = read()
    return kept[name]


def bump() -> None:
    """Count one more write. Inside a transaction the bump commits (or rolls back) with it."""
    known = _read.get()
    if known:
        known.clear()  # a request that writes reads the new number
    kept = _once.get()
    if kept:
        kept.clear()  # and whatever else it read once
    if not DirectoryGeneration.objects.filter(pk=ROW).update(value=F("value") + 1):
        with transaction.atomic():
            row, created = DirectoryGeneration.objects.select_for_update().get_or_create(
                pk=ROW, defaults={"value": 1}
            )
            if not created:
                DirectoryGeneration.objects.filter(pk=ROW).update(value=F("value") + 1)


@contextmanager
def batch():
    """Many writes, one bump: inside the block a write only notes that one happened, and
    the block bumps once at its end (when it ends without an error). The import uses it
    around its one transaction, so a 1,000-row file costs one bump, not thousands."""
    if _batched.get() is not None:  # already inside a batch: the outer one bumps
        yield
        return
    token = _batched.set([False])
    try:
        yield
        wrote = _batched.get()[0]
    finally:
        _batched.reset(token)
    if wrote:
        bump()


def mark_written() -> None:
    state = _batched.get()
    if state is None:
        bump()
    else:
        state[0] = True


def _on_write(sender, raw=False, **kwargs):
    if not raw:  # fixtures loaded with loaddata call bump() once at the end
        mark_written()


def _on_sites_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        mark_written()


def connect() -> None:
    models = (Program, Institution, Site, LabSession, EnrollmentRestriction, FactSource, TravelRate)
    for model in models:
        post_save.connect(_on_write, sender=model, dispatch_uid=f"generation-save-{model}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"generation-del-{model}")
    m2m_changed.connect(
        _on_sites_changed, sender=LabSession.sites.through, dispatch_uid="generation-sites"
    )
