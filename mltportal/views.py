from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse

from programs.choices import AccreditationStatus, PublicationStatus
from programs.models import Program


def home(request):
    published = Program.objects.published()
    # The statuses the site calls accredited (probation and inactive included), from one list.
    accredited = urlencode([("accreditation", s) for s in AccreditationStatus.accredited()])
    context = {
        "program_count": published.count(),
        # Programs not taking students are not what the home page shows first.
        "featured": published.exclude(accreditation_status=AccreditationStatus.INACTIVE)
        .with_details()
        .order_by("-last_verified", "name")[:3],
        "status": PublicationStatus,
        "accredited_url": f"{reverse('programs:list')}?{accredited}",
    }
    return render(request, "home.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the real icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
