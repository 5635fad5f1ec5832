"""Whole-page caching for anonymous visitors, generic for every public page.

A public page is the same bytes for everyone who has the same shortlist, so it is rendered
once and kept in Django's cache under a key made of:

- the directory *generation*: a number in the database, bumped after every committed write
  to the models of the apps in settings.PAGE_CACHE_WATCHED_APPS (signals, connected in
  CoreConfig.ready), so the admin, imports and restores all invalidate every cached page
  and a curator's change shows on the next request;
- the full URL (path and query string), and the htmx headers (HX-Request and its kin);
- the visitor's variant (settings.PAGE_CACHE_VARIANT: the shortlisted ids), "" for most.

Only responses that are safe to share are stored: a 200 to a GET by a visitor who is not
signed in, outside the admin, that set no cookie, used no CSRF token, no CSP nonce and did
not change the session, and that the view did not mark with its own Cache-Control. Every
such response (cached or not) gets an ETag, Last-Modified, a Cache-Control a CDN may use
(public, or private for a visitor with a shortlist) and Vary: Cookie and the htmx headers; a repeat
with If-None-Match gets a 304.

The cache is best-effort: if it raises, the page is rendered as if there were no cache.
"""

import hashlib
import logging
from functools import cache as memoize

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.functional import empty
from django.utils.http import http_date
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

GENERATION_ATTR = "_page_generation"
# The request headers that may change what a view renders (htmx asks for a partial, except
# when it restores history; it names the target and whether the link was boosted): all in
# the key and in Vary, so neither this cache nor a CDN mixes a partial with a full page.
HTMX_HEADERS = ("HX-Request", "HX-History-Restore-Request", "HX-Target", "HX-Boosted")
VARY = ("Cookie", *HTMX_HEADERS)
# Headers a view may vary on without making its page unshareable under our key.
KNOWN_VARY = {h.lower() for h in VARY} | {"accept-encoding"}


# --- the generation -------------------------------------------------------------------------


def generation(request=None) -> tuple[int, object] | None:
    """(number, time of the last change), read once per request; None if unreadable (the
    table is not migrated yet, or the database failed): then nothing is cached."""
    if request is not None and hasattr(request, GENERATION_ATTR):
        return getattr(request, GENERATION_ATTR)
    row = None
    # No query when nothing that uses the number is on (the cold benchmark, the tests).
    if settings.PAGE_CACHE_SECONDS or settings.FACET_CACHE_SECONDS:
        model = apps.get_model("core", "CacheGeneration")
        try:
            row = model.objects.filter(pk=1).values_list("value", "changed_at").first()
        except DatabaseError:
            logger.warning("Cache generation unreadable; serving without the page cache")
    if request is not None:
        setattr(request, GENERATION_ATTR, row)
    return row


def generation_key(request=None) -> str:
    """A short string other caches put in their keys so a directory write empties them."""
    row = generation(request)
    return f"g{row[0]}" if row else "g-"


def bump_generation() -> None:
    model = apps.get_model("core", "CacheGeneration")
    if not model.objects.filter(pk=1).update(value=F("value") + 1, changed_at=timezone.now()):
        model.objects.get_or_create(pk=1)


class _PendingBump:
    """The callback waiting for this transaction's commit; marked once it has run."""

    done = False

    def __call__(self):
        self.done = True
        bump_generation()


def _bump_on_commit(using) -> None:
    """Bump once per transaction, after it commits (at once outside a transaction): an
    import saving a thousand rows bumps once. A rolled-back transaction drops its callback,
    so the next write registers a new one."""
    connection = transaction.get_connection(using)
    for _, func, _ in connection.run_on_commit:
        if isinstance(func, _PendingBump) and not func.done:
            return
    transaction.on_commit(_PendingBump(), using=using)


@memoize
def _watched(label: str) -> bool:
    return label in settings.PAGE_CACHE_WATCHED_APPS


def _on_write(sender, using="default", **kwargs):
    if _watched(sender._meta.app_label):
        _bump_on_commit(using)


def _on_m2m(sender, using="default", action="", **kwargs):
    if action.startswith("post_") and _watched(sender._meta.app_label):
        _bump_on_commit(using)


def watch_writes() -> None:
    """Connect the bump to every model save, delete and many-to-many change (the filter by
    app is in the handler, so models added later are covered without code of their own)."""
    post_save.connect(_on_write, dispatch_uid="pagecache-save")
    post_delete.connect(_on_write, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache-m2m")


# --- the middleware -------------------------------------------------------------------------


@memoize
def _variant_function():
    path = getattr(settings, "PAGE_CACHE_VARIANT", "")
    return import_string(path) if path else (lambda request: "")


def _applies(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDE_PREFIXES)):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _pending_messages(request) -> bool:
    try:
        return len(get_messages(request)) > 0
    except Exception:
        return False


def _shareable(request, response) -> bool:
    """Whether this response is the same for every visitor with this key."""
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Cache-Control"):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - KNOWN_VARY:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token: a different one per visitor
    nonce = getattr(request, "_csp_nonce", None)
    if nonce is not None and getattr(nonce, "_wrapped", empty) is not empty:
        return False  # an inline script or style used this response's nonce
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def _key(request, row, variant: str) -> str:
    raw = "|".join(
        (
            request.get_host(),
            request.get_full_path(),
            *(request.headers.get(h, "") for h in HTMX_HEADERS),
            variant,
        )
    )
    return f"page:{row[0]}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:
        logger.warning("Page cache unavailable (get); rendering the page", exc_info=True)
        return None


def _cache_set(key, value) -> None:
    try:
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("Page cache unavailable (set); page not stored", exc_info=True)


class PageCacheMiddleware:
    """Serve repeats of public pages from the cache; see the module docstring. Placed after
    the session, authentication and message middleware, so it knows who is asking."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _applies(request) or _pending_messages(request):
            # A page showing a one-off message ("Added to your shortlist") is this visitor's.
            return self.get_response(request)
        row = generation(request)
        variant = str(_variant_function()(request))
        key = _key(request, row, variant) if row and settings.PAGE_CACHE_SECONDS else None

        entry = _cache_get(key) if key else None
        if entry is not None:
            response = HttpResponse(entry["content"], status=200)
            for name, value in entry["headers"]:
                response.headers[name] = value
            response.headers["X-Page-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if not _shareable(request, response):
                return response
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response.headers["ETag"] = f'"{digest}"'
            if row:
                response.headers["Last-Modified"] = http_date(row[1].timestamp())
            if key and request.method == "GET":
                headers = [(n, v) for n, v in response.items() if n.lower() != "x-page-cache"]
                _cache_set(key, {"content": response.content, "headers": headers})
                response.headers["X-Page-Cache"] = "miss"

        self.add_headers(response, private=bool(variant))
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=row[1].timestamp() if row else None,
            response=response,
        )
        return conditional

    @staticmethod
    def add_headers(response, private: bool) -> None:
        if private:
            response.headers["Cache-Control"] = "private, max-age=0, must-revalidate"
        else:
            response.headers["Cache-Control"] = (
                f"public, max-age={settings.PAGE_CACHE_MAX_AGE}, "
                f"stale-while-revalidate={settings.PAGE_CACHE_STALE_SECONDS}"
            )
        patch_vary_headers(response, VARY)
