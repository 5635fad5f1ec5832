"""Whole-page caching for anonymous visitors, generic for every public page.

A public page is the same bytes for everyone who has the same shortlist, so it is rendered
once and kept in Django's cache under a key made of:

- the release of the code (core.release), so a deploy never serves the last one's pages;
- the directory *generation* (settings.PAGE_CACHE_GENERATION, programs.generation): a
  number in the database bumped in the same transaction as every directory write, so the
  admin, imports and restores all invalidate every cached page and a curator's change
  shows on the next request, in every worker process;
- the full URL (path and the query string as sent), and the htmx headers (HX-Request and
  its kin);
- the visitor's variant (settings.PAGE_CACHE_VARIANT: the shortlisted ids), "" for most.

Only responses that are safe to share are stored: a 200 to a GET by a visitor who is not
signed in, outside the admin, that set no cookie, used no CSRF token, no CSP nonce and did
not change the session, and that the view did not mark with its own Cache-Control. Every
such response (cached or not) gets an ETag, a Cache-Control a CDN may use and Vary: Cookie
and the htmx headers; a repeat with If-None-Match gets a 304. The Cache-Control is public
(a CDN and the browser may keep the page for PAGE_CACHE_MAX_AGE) only for a visitor with no
session: one with a session may change their shortlist without their cookie changing, so
their browser must ask again each time (private), and so must one about to be sent a new
CSRF cookie. Pages that show a visitor's own state beyond their shortlisted ids (the
shortlist page, a shared list) say never_cache and are not stored.

The cache is best-effort: if it raises, the page is rendered as if there were no cache.
"""

import hashlib
import logging
from functools import cache as memoize

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.functional import empty
from django.utils.module_loading import import_string

from . import release

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


@memoize
def _generation_function():
    path = getattr(settings, "PAGE_CACHE_GENERATION", "")
    return import_string(path) if path else None


def generation(request=None) -> int | None:
    """The number in settings.PAGE_CACHE_GENERATION (programs.generation.current: bumped by
    every directory write), read once per request; None if unreadable (not migrated yet,
    the database failed) or when the page cache is off: then nothing is stored."""
    if request is not None and hasattr(request, GENERATION_ATTR):
        return getattr(request, GENERATION_ATTR)
    value = None
    read = _generation_function()
    if read is not None and settings.PAGE_CACHE_SECONDS:
        try:
            value = read()
        except DatabaseError:
            logger.warning("Generation unreadable; serving without the page cache")
    if request is not None:
        setattr(request, GENERATION_ATTR, value)
    return value


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


def _has_state(request) -> bool:
    """Whether the visitor has a session (their shortlist may change under the same cookie)
    or is about to be sent a new CSRF cookie: then no shared or browser cache may keep
    the page."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _key(request, row, variant: str) -> str:
    raw = "|".join(
        (
            request.get_host(),
            # As sent: get_full_path() would make a raw "é" and a typed "%C3%A9" one key.
            request.path,
            request.META.get("QUERY_STRING", ""),
            *(request.headers.get(h, "") for h in HTMX_HEADERS),
            variant,
        )
    )
    return f"page:{release.scope(row)}:{hashlib.sha256(raw.encode()).hexdigest()}"


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
        key = _key(request, row, variant) if row is not None else None

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
            if key and request.method == "GET":
                headers = [(n, v) for n, v in response.items() if n.lower() != "x-page-cache"]
                _cache_set(key, {"content": response.content, "headers": headers})
                response.headers["X-Page-Cache"] = "miss"

        self.add_headers(response, private=bool(variant) or _has_state(request))
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=None,
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
