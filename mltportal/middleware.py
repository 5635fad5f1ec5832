"""Small middleware of the project's own: extra security headers, refusing NUL bytes, and
signing staff out after a period without activity.

Only staff sessions time out: a visitor's session holds their shortlist and keeps Django's
usual lifetime. The last request time is stored in the session at most once a minute, so
an active staff member does not rewrite the session on every request.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.template import loader
from django.utils import timezone


def extra_security_headers(get_response):
    """Headers Django's SecurityMiddleware does not set: resources stay on this site, and
    powerful browser features are off."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response

    return middleware


NUL = "\x00"
NUL_MESSAGE = "The request contains a NUL character (%00), which no page or form accepts."


def nul_field(request) -> str | None:
    """The first place a NUL character appears: "path", a parameter name, or None. POSTed
    form fields are checked (CsrfViewMiddleware parses the body of every POST anyway);
    uploaded files are not: they are the importer's business and may hold any byte."""
    if NUL in request.path_info:
        return "path"
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
    for source in sources:
        for key, values in source.lists():
            if NUL in key or any(NUL in value for value in values):
                return key.replace(NUL, "") or "parameter"
    return None


def reject_nul_bytes(get_response):
    """The one place NUL bytes are refused: PostgreSQL cannot store them in text, so a NUL
    that reached a query would be a 500. A 400 page (JSON under /api/) instead."""

    def middleware(request):
        field = nul_field(request)
        if field is None:
            return get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"errors": {field: [NUL_MESSAGE]}}, status=400)
        html = loader.get_template("400.html").render({"message": NUL_MESSAGE})
        return HttpResponseBadRequest(html)

    return middleware


REFUSED_METHODS = {"TRACE", "TRACK", "CONNECT"}


def refuse_trace(get_response):
    """TRACE (and its cousins) echo a request back; nothing here needs them: 405."""

    def middleware(request):
        if request.method in REFUSED_METHODS:
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return get_response(request)

    return middleware


LAST_SEEN_KEY = "staff_last_seen"
TOUCH_EVERY_SECONDS = 60


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        # A staff session ends after STAFF_SESSION_MAX_SECONDS at the latest (Django's
        # default is two weeks, a visitor's shortlist keeps that).
        if request.session.get_expiry_age() > settings.STAFF_SESSION_MAX_SECONDS:
            # A moment, not a number of seconds: Django counts a number from the last save,
            # so an active session would never reach it.
            ends = timezone.now() + timedelta(seconds=settings.STAFF_SESSION_MAX_SECONDS)
            request.session.set_expiry(ends)
        timeout = settings.STAFF_IDLE_TIMEOUT_SECONDS
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_KEY)
        if isinstance(last_seen, int) and now - last_seen > timeout:
            logout(request)
            minutes = max(1, timeout // 60)
            messages.info(
                request,
                f"You were signed out after {minutes} minutes without activity. "
                "Sign in again to continue.",
            )
            return
        if not isinstance(last_seen, int) or now - last_seen >= TOUCH_EVERY_SECONDS:
            request.session[LAST_SEEN_KEY] = now
