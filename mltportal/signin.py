"""Sign-in protection that an outsider cannot turn against a staff member.

django-axes counts failures per (username, client address): five wrong passwords for a
username from one address lock that pair out for the cool-off, so the same staff member
signing in from their own address is not blocked. On top of that, one address may fail at
most `SIGNIN_ADDRESS_FAILURE_LIMIT` times across all usernames in the cool-off (a password
sprayer trying one guess per username). The client address comes from core.clientip.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class AddressAwareHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        limit = settings.SIGNIN_ADDRESS_FAILURE_LIMIT
        if self.failures_from_address(request) >= limit:
            request.signin_address_locked = limit  # the lockout page says why
            return True
        return False

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        # axes decides the lockout page from its own count again here; keep ours.
        if request is not None and getattr(request, "signin_address_locked", None):
            request.axes_locked_out = True

    def failures_from_address(self, request) -> int:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return 0
        attempts = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
