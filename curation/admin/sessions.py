"""Lab sessions, enrolment restrictions and fact sources in the admin, inline on a program
(sessions and restrictions on their own too).

A session's site list offers the program's institution's sites first (those it runs and those
its programs already use), then every other site; the + beside it adds a site. Total days
are worked out for a session held once in the program (LabSession.counted_total_days)."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet

from core.history import HistoryAdmin
from core.validation import PlainMessagesMixin
from programs.models import EnrollmentRestriction, FactSource, LabSession, Program, Site

SESSION_FIELDS = [
    ("kind", "frequency"),
    ("location", "local_alternative"),
    ("days", "visits", "total_days"),
    "sites",
    "notes",
]


def site_choices(institution) -> list:
    """Choices for a session's sites: every site, the institution's first. Its sites are
    those it runs and those its programs' sessions already use (imported and partner sites
    have no institution)."""
    sites = [(site.pk, str(site)) for site in Site.objects.all()]
    if institution is None:
        return sites
    its_own = set(
        Site.objects.filter(
            Q(institution=institution) | Q(lab_sessions__program__institution=institution)
        ).values_list("pk", flat=True)
    )
    groups = [
        (f"Sites of {institution.name}", [site for site in sites if site[0] in its_own]),
        ("Other sites", [site for site in sites if site[0] not in its_own]),
    ]
    return [group for group in groups if group[1]]


class LabSessionForm(PlainMessagesMixin, forms.ModelForm):
    """A session; `site_choices` (set by the admin, once per page) orders its sites."""

    site_choices: list | None = None

    class Meta:
        model = LabSession
        fields = "__all__"  # noqa: DJ007 (the admins choose what is shown)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("sites")
        if field is not None and self.site_choices is not None:
            widget = getattr(field.widget, "widget", field.widget)  # inside the + wrapper
            widget.choices = self.site_choices

    def clean(self):
        cleaned = super().clean()
        draft = LabSession(
            frequency=cleaned.get("frequency"),
            days=cleaned.get("days"),
            visits=cleaned.get("visits"),
        )
        if draft.counted_total_days is not None:
            cleaned["total_days"] = draft.counted_total_days
        return cleaned


def form_with_sites(form_class, institution):
    return type(form_class.__name__, (form_class,), {"site_choices": site_choices(institution)})


class LabSessionInline(admin.StackedInline):
    model = LabSession
    form = LabSessionForm
    extra = 0
    fields = SESSION_FIELDS

    def get_queryset(self, request):
        # Each row's title names the program and its form lists the chosen sites.
        return super().get_queryset(request).select_related("program").prefetch_related("sites")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = form_with_sites(formset.form, getattr(obj, "institution", None))
        return formset


class FactSourceFormSet(BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        return "Two sources of the same fact group have the same address: keep one of them."


class FactSourceInline(admin.StackedInline):
    """Where each group of a program's facts came from, and when it was last checked: the
    page shows "Source: <title>, <date>" beside the group."""

    model = FactSource
    formset = FactSourceFormSet
    extra = 0
    fields = [("group", "position"), "url", "title", ("edition", "checked_on"), "note"]
    verbose_name = "source"
    verbose_name_plural = "sources of the facts"


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
    autocomplete_fields = ["program"]
    list_select_related = ["program__institution"]  # the program column names it
    form = LabSessionForm
    fields = ["program", *SESSION_FIELDS]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_site_count=Count("sites"))

    @admin.display(description="sites", ordering="_site_count")
    def site_count(self, obj):
        return obj._site_count

    def get_form(self, request, obj=None, **kwargs):
        """When reverting, the form shows the sites of the chosen version (a ModelForm would
        otherwise show the sites the session has now)."""
        form_class = form_with_sites(
            super().get_form(request, obj, **kwargs), self._institution(request, obj)
        )
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

    def _institution(self, request, obj):
        """The institution whose sites come first: the session's program's, or on the add
        page the program named in the address (?program=)."""
        program_id = getattr(obj, "program_id", None) or request.GET.get("program")
        if not str(program_id or "").isdigit():
            return None
        program = Program.objects.select_related("institution").filter(pk=program_id).first()
        return program.institution if program else None


@admin.register(EnrollmentRestriction)
class EnrollmentRestrictionAdmin(HistoryAdmin):
    list_display = ["program", "state", "reason"]
    list_filter = ["state"]
    search_fields = ["program__name", "program__slug", "reason"]
    autocomplete_fields = ["program"]
    list_select_related = ["program__institution"]  # the program column names it


@admin.register(FactSource)
class FactSourceAdmin(HistoryAdmin):
    """Every program's sources, oldest check first: what to re-check next. Each is edited on
    its program's form too, and keeps its history (and revert) here."""

    list_display = ["checked_on", "group", "title", "program"]  # the oldest check first
    list_filter = ["group"]
    search_fields = ["program__name", "program__slug", "title", "url"]
    autocomplete_fields = ["program"]
    list_select_related = ["program__institution"]  # the program column names it
    ordering = ["checked_on", "pk"]
    fields = ["program", *FactSourceInline.fields]
