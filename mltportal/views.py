from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from programs.choices import PublicationStatus
from programs.models import Program


def home(request):
    published = Program.objects.published()
    context = {
        "program_count": published.count(),
        "featured": published.with_details().order_by("-last_verified", "name")[:3],
        "status": PublicationStatus,
    }
    return render(request, "home.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the real icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
