from django.conf import settings

from core.dates import stale_period


def site(request):
    """Site-wide values every template may use."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        # "a year": listings not verified for longer are flagged as stale.
        "STALE_PERIOD": stale_period(),
    }
