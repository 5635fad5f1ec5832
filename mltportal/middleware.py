"""Small middleware of the project's own: extra security headers, and signing staff out
after a period without activity.

Only staff sessions time out: a visitor's session holds their shortlist and keeps Django's
usual lifetime. The last request time is stored in the session at most once a minute, so
an active staff member does not rewrite the session on every request.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout


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
