"""What the guide adds to the program directory's results (see DIRECTORY_NOTICES)."""

from django.template.loader import render_to_string

from programs.choices import State

from .models import LicensingState


def licensing_notice(values: dict) -> str | None:
    """For a search by state of residence: whether that state licenses laboratory staff."""
    code = values.get("enrolls")
    if not code:
        return None
    licensing = LicensingState.objects.filter(state=code).first()
    if licensing is None:
        return None
    return render_to_string(
        "careers/includes/licensing_notice.html",
        {"licensing": licensing, "enrolls_name": State(code).label},
    )
