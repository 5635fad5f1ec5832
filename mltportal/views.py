from django.shortcuts import render

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
