from django.conf import settings


def site(request):
    """Site-wide values every template may use."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SAMPLE_DATA_BANNER": settings.SAMPLE_DATA_BANNER,
    }
