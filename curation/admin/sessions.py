"""Lab sessions and enrolment restrictions in the admin, inline on a program and on their own."""

from django.contrib import admin
from django.db.models import Count

from core.history import HistoryAdmin
from programs.models import EnrollmentRestriction, LabSession


class LabSessionInline(admin.StackedInline):
    model = LabSession
    extra = 0
    autocomplete_fields = ["sites"]
    fields = [("kind", "frequency"), ("days", "visits", "total_days"), "sites", "notes"]


class EnrollmentRestrictionInline(admin.TabularInline):
    model = EnrollmentRestriction
    extra = 0
    verbose_name = "state it cannot enrol"
    verbose_name_plural = "states whose residents it cannot enrol"


@admin.register(LabSession)
class LabSessionAdmin(HistoryAdmin):
    list_display = ["__str__", "program", "kind", "frequency", "total_days", "site_count"]
    list_filter = ["kind", "frequency"]
    search_fields = ["program__name", "program__slug", "sites__name", "notes"]
    autocomplete_fields = ["program", "sites"]
    list_select_related = ["program"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_site_count=Count("sites"))

    @admin.display(description="sites", ordering="_site_count")
    def site_count(self, obj):
        return obj._site_count

    def get_form(self, request, obj=None, **kwargs):
        """When reverting, the form shows the sites of the chosen version (a ModelForm would
        otherwise show the sites the session has now)."""
        form_class = super().get_form(request, obj, **kwargs)
        record = getattr(obj, "_history", None)  # set by django-simple-history on a version
        if record is None:
            return form_class
        if record.history_type == "-":
            # A deletion is recorded after the links are gone: use the version before it.
            record = (
                type(record)
                .objects.filter(id=record.id, history_date__lte=record.history_date)
                .exclude(history_type="-")
                .order_by("-history_date", "-history_id")
                .first()
            ) or record
        site_ids = [row.site_id for row in record.sites.all()]

        class VersionForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial["sites"] = site_ids

        return VersionForm


@admin.register(EnrollmentRestriction)
class EnrollmentRestrictionAdmin(HistoryAdmin):
    list_display = ["program", "state", "reason"]
    list_filter = ["state"]
    search_fields = ["program__name", "program__slug", "reason"]
    autocomplete_fields = ["program"]
    list_select_related = ["program"]
