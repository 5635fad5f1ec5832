"""The curators' workplace: listings with their review state and freshness, bulk actions,
history and revert, import and export, and deleted listings that can be restored."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef
from django.http import FileResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm

from mltportal.history import HistoryAdmin

from . import restore, transfer
from .choices import PublicationStatus
from .models import (
    EnrollmentRestriction,
    Institution,
    LabSession,
    Program,
    Shortlist,
    ShortlistItem,
    Site,
    stale_cutoff,
)
from .resources import FORMATS, ProgramResource, summarise

# What importing a file may do: create and change every part of a listing.
IMPORT_PERMISSIONS = [
    "programs.add_program",
    "programs.change_program",
    "programs.add_institution",
    "programs.change_institution",
    "programs.add_site",
    "programs.add_labsession",
    "programs.change_labsession",
    "programs.delete_labsession",
    "programs.add_enrollmentrestriction",
    "programs.change_enrollmentrestriction",
    "programs.delete_enrollmentrestriction",
]


def stale_months() -> int:
    return settings.STALE_AFTER_MONTHS


class LabRequirementFilter(admin.SimpleListFilter):
    title = "campus lab requirement"
    parameter_name = "lab"

    def lookups(self, request, model_admin):
        return [("none", "No campus sessions"), ("some", "Has campus sessions")]

    def queryset(self, request, queryset):
        has_sessions = Exists(LabSession.objects.filter(program=OuterRef("pk")))
        if self.value() == "none":
            return queryset.exclude(has_sessions)
        if self.value() == "some":
            return queryset.filter(has_sessions)
        return queryset


class VerificationFilter(admin.SimpleListFilter):
    """The re-verification view: published listings not verified within the period
    (settings.STALE_AFTER_MONTHS), oldest first."""

    title = "re-verification"
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        months = stale_months()
        return [
            ("due", f"Due: published, not verified in {months} months"),
            ("current", f"Verified in the last {months} months"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.published().stale()
        if self.value() == "current":
            return queryset.filter(last_verified__gte=stale_cutoff())
        return queryset


class ProgramChangeList(ChangeList):
    def _get_default_ordering(self):
        # The re-verification view lists the longest-unverified listings first (and its
        # column headers show that order).
        if self.params.get(VerificationFilter.parameter_name) == "due":
            return ["last_verified", "name"]
        return super()._get_default_ordering()


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


@admin.register(Institution)
class InstitutionAdmin(HistoryAdmin):
    list_display = ["name", "city", "state", "control", "accreditor", "program_count"]
    ordering = ["name"]  # the annotation's GROUP BY drops Meta.ordering
    list_filter = ["state", "control"]
    search_fields = ["name", "city", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_program_count=Count("programs"))

    @admin.display(description="programs", ordering="_program_count")
    def program_count(self, obj):
        return obj._program_count


@admin.register(Site)
class SiteAdmin(HistoryAdmin):
    list_display = ["name", "city", "state", "zip_code", "institution", "latitude", "longitude"]
    list_filter = ["state"]
    search_fields = ["name", "city", "zip_code", "institution__name"]
    autocomplete_fields = ["institution"]
    readonly_fields = ["latitude", "longitude"]
    list_select_related = ["institution"]


class ProgramImportForm(ImportForm):
    """The upload step: the file is read here, so a file that cannot be imported at all
    (too large, not UTF-8, not CSV or JSON, wrong columns, empty) is refused with a plain
    message before any row is looked at."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["import_file"].help_text = (
            f"A CSV (UTF-8) or JSON file of at most {transfer.file_size(transfer.max_bytes())}, "
            "one row per program, in the columns of an export."
        )
        self.fields["format"].required = False
        self.fields["format"].help_text = "Leave it to be chosen from the file name (.csv, .json)."

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is None:
            return cleaned
        titles = [f().get_title() for f in self.formats]
        if cleaned.get("format") in (None, ""):
            extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if extension not in titles:
                self.add_error("format", "Choose CSV or JSON: the file name does not say.")
                return cleaned
            cleaned["format"] = str(titles.index(extension))
        if upload.size > transfer.max_bytes():
            self.add_error(
                "import_file",
                f"The file is {transfer.file_size(upload.size)}; the limit is "
                f"{transfer.file_size(transfer.max_bytes())}. Split it into smaller files.",
            )
            return cleaned
        data = b"".join(upload.chunks())
        upload.seek(0)
        try:
            transfer.load_dataset(data, titles[int(cleaned["format"])])
        except transfer.FileProblem as problem:
            self.add_error("import_file", str(problem))
        return cleaned


@admin.register(Program)
class ProgramAdmin(ImportExportMixin, HistoryAdmin):
    # The most telling columns first, kept short so they fit beside the filters.
    list_display = [
        "name",
        "institution_name",
        "status",
        "verification",
        "accreditation",
        "credential_short",
        "campus_sessions",
    ]
    list_filter = [
        VerificationFilter,
        "status",
        "institution__state",
        "credential",
        "delivery",
        "accreditation_agency",
        "accreditation_status",
        "clinical_arrangement",
        LabRequirementFilter,
    ]
    search_fields = ["name", "slug", "institution__name", "institution__city"]
    list_select_related = ["institution"]
    autocomplete_fields = ["institution"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "last_verified"
    inlines = [LabSessionInline, EnrollmentRestrictionInline]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish", "archive", "mark_verified_today"]
    change_list_template = "admin/programs/program/change_list.html"
    object_history_template = "admin/programs/program/object_history.html"
    fieldsets = [
        (None, {"fields": ["institution", "name", "slug", "description", "status"]}),
        (
            "Program",
            {
                "fields": [
                    "credential",
                    "delivery",
                    "length_months",
                    "credit_hours",
                    "start_terms",
                    "prerequisites",
                ]
            },
        ),
        (
            "Accreditation and certification",
            {
                "fields": [
                    ("accreditation_agency", "accreditation_status"),
                    ("accreditation_awarded", "accreditation_next_review"),
                    ("eligible_ascp", "eligible_amt"),
                ]
            },
        ),
        ("Cost", {"fields": ["tuition_total", ("tuition_in_state", "tuition_out_of_state")]}),
        ("Clinical practicum", {"fields": ["clinical_arrangement", "clinical_hours"]}),
        (
            "Outcomes",
            {"fields": [("pass_rate", "graduation_rate", "placement_rate"), "outcomes_year"]},
        ),
        (
            "Sources",
            {
                "fields": [
                    "program_url",
                    "source_url",
                    "last_verified",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    # Import and export (django-import-export), CSV and JSON only.
    resource_classes = [ProgramResource]
    import_form_class = ProgramImportForm
    export_form_class = ExportForm
    import_template_name = "admin/programs/program/import.html"
    export_template_name = "admin/programs/program/export.html"

    @property
    def import_formats(self):
        return FORMATS

    @property
    def export_formats(self):
        return FORMATS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_sessions=Count("lab_sessions"))

    def get_changelist(self, request, **kwargs):
        return ProgramChangeList

    # --- columns --------------------------------------------------------------------------

    @admin.display(description="campus sessions", ordering="_sessions")
    def campus_sessions(self, obj):
        return obj._sessions or "none"

    @admin.display(description="institution", ordering="institution__name")
    def institution_name(self, obj):
        return obj.institution.name

    @admin.display(description="credential", ordering="credential")
    def credential_short(self, obj):
        # "Associate of Applied Science (AAS)" -> "AAS"
        label = obj.get_credential_display()
        return label[label.find("(") + 1 : -1] if label.endswith(")") else label

    @admin.display(description="accreditation", ordering="accreditation_status")
    def accreditation(self, obj):
        return obj.accreditation_badge

    @admin.display(description="last verified", ordering="last_verified")
    def verification(self, obj):
        months = _months_between(obj.last_verified, timezone.localdate())
        age = "this month" if months == 0 else f"{months} month{'s' if months != 1 else ''} ago"
        when = f"{obj.last_verified:%-d %b %Y} ({age})"
        if obj.is_stale:
            return format_html("<strong>Due for re-verification:</strong> {}", when)
        return when

    # --- bulk actions ---------------------------------------------------------------------

    def _update(self, request, queryset, reason: str, **values) -> int:
        """Save each program (not queryset.update()) so its history records who and why."""
        count = 0
        for program in queryset.select_related("institution"):
            if all(getattr(program, name) == value for name, value in values.items()):
                continue
            for name, value in values.items():
                setattr(program, name, value)
            program._change_reason = reason
            program.save(update_fields=[*values, "updated_at"])
            self.log_change(request, program, reason)
            count += 1
        return count

    @admin.action(description="Publish the selected programs", permissions=["change"])
    def publish(self, request, queryset):
        count = self._update(request, queryset, "Published", status=PublicationStatus.PUBLISHED)
        self.message_user(request, f"Published {count} program(s).", messages.SUCCESS)
        stale = queryset.stale().count()
        if stale:
            self.message_user(
                request,
                f"{stale} of the selected programs are due for re-verification: check them "
                "and use “Mark verified today”.",
                messages.WARNING,
            )

    @admin.action(description="Archive the selected programs (hide them)", permissions=["change"])
    def archive(self, request, queryset):
        count = self._update(request, queryset, "Archived", status=PublicationStatus.ARCHIVED)
        self.message_user(
            request,
            f"Archived {count} program(s): they are no longer public.",
            messages.SUCCESS,
        )

    @admin.action(description="Mark the selected programs verified today", permissions=["change"])
    def mark_verified_today(self, request, queryset):
        today = timezone.localdate()
        count = self._update(request, queryset, "Verified", last_verified=today)
        self.message_user(
            request, f"Marked {count} program(s) verified on {today:%-d %B %Y}.", messages.SUCCESS
        )

    # --- change list, history, deletion ---------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context.update(
            due_count=Program.objects.published().stale().count(),
            stale_months=stale_months(),
            can_restore=self._can_restore(request),
        )
        return super().changelist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The program's history, followed by its lab sessions' and enrolment restrictions'
        (each with a link to revert it, even after it was deleted)."""
        extra_context = extra_context or {}
        related = []
        for model in (LabSession, EnrollmentRestriction):
            records = (
                model.history.filter(program_id=object_id)
                .select_related("history_user")
                .order_by("-history_date")[:100]
            )
            for record in records:
                related.append((model._meta, record))
        related.sort(key=lambda item: item[1].history_date, reverse=True)
        extra_context["related_history"] = related
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not Program.objects.filter(pk=object_id).exists():
            # Re-creating the program alone would leave its sessions behind.
            self.message_user(
                request,
                "This program is deleted: restore it, with its lab sessions and enrolment "
                "restrictions, from Deleted listings.",
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:programs_program_deleted"))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._offer_restore(request)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._offer_restore(request)

    def _offer_restore(self, request):
        self.message_user(
            request,
            format_html(
                'Deleted programs can be restored from <a href="{}">Deleted listings</a>.',
                reverse("admin:programs_program_deleted"),
            ),
            messages.INFO,
        )

    # --- deleted listings -----------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name="programs_program_deleted",
            ),
            path(
                "deleted/<int:program_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="programs_program_restore",
            ),
            path(
                "import/sample.csv",
                self.admin_site.admin_view(self.import_sample_view),
                name="programs_program_import_sample",
            ),
            path(
                "reverification/",
                self.admin_site.admin_view(self.reverification_view),
                name="programs_program_reverification",
            ),
            *super().get_urls(),
        ]

    def _can_restore(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def deleted_view(self, request):
        if not self._can_restore(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Deleted listings",
            "subtitle": None,
            "opts": self.opts,
            "listings": restore.deleted_listings(),
        }
        return TemplateResponse(request, "admin/programs/program/deleted.html", context)

    def restore_view(self, request, program_id):
        if not self._can_restore(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            report = restore.restore_program(program_id, user=request.user)
        except restore.RestoreError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:programs_program_deleted"))
        self.log_addition(request, report.program, "Restored after deletion")
        self.message_user(request, str(report), messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:programs_program_change", args=[report.program.pk])
        )

    def import_sample_view(self, request):
        """The sample file from fixtures/, to start a spreadsheet from."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        return FileResponse(
            open(transfer.SAMPLE_FILE, "rb"),  # noqa: SIM115 - FileResponse closes it
            as_attachment=True,
            filename=transfer.SAMPLE_FILE.name,
            content_type="text/csv",
        )

    def reverification_view(self, request):
        """A stable address for the re-verification view (the filtered change list)."""
        url = reverse("admin:programs_program_changelist")
        return HttpResponseRedirect(f"{url}?{VerificationFilter.parameter_name}=due")

    # --- import and export ----------------------------------------------------------------

    def has_import_permission(self, request):
        return request.user.has_perms(IMPORT_PERMISSIONS)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_context_data(self, **kwargs):
        return {
            "import_columns": transfer.IMPORT_COLUMNS,
            "session_example": transfer.SESSION_EXAMPLE,
        }

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The file changed, or the data did, since the preview: nothing was written.
            self.message_user(
                request,
                "Nothing was imported: the file no longer imports cleanly. Upload it again "
                "to see which rows are wrong.",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:programs_program_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        counts = summarise(result)
        self.message_user(
            request,
            f"Import finished: {counts['new']} new, {counts['changed']} changed and "
            f"{counts['unchanged']} unchanged program(s).",
            messages.SUCCESS,
        )

    def init_request_context_data(self, request, form):
        context = super().init_request_context_data(request, form)
        context["export_count"] = self.get_export_queryset(request).count()
        context["filtered"] = bool(request.GET)
        return context

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # Excel reads a CSV as UTF-8 only with a byte-order mark; JSON must not have one.
        kwargs["encoding"] = "utf-8-sig" if file_format.get_title() == "csv" else "utf-8"
        return super().get_export_data(file_format, request, queryset, **kwargs)

    def get_export_filename(self, request, queryset, file_format):
        return f"programs-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"


def _months_between(earlier, later) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


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


class ShortlistItemInline(admin.TabularInline):
    model = ShortlistItem
    extra = 0
    fields = ["position", "program", "program_name", "institution_name", "shared_last_verified"]
    readonly_fields = ["program", "program_name", "institution_name", "shared_last_verified"]
    ordering = ["position", "pk"]

    def has_add_permission(self, request, obj=None):
        return False  # items come from a visitor's shortlist, with their snapshot


@admin.register(Shortlist)
class ShortlistAdmin(admin.ModelAdmin):
    """Shared shortlists: visible, searchable and removable (e.g. abuse in a title or note).
    Created only by visitors, who alone hold the edit link."""

    list_display = ["__str__", "created_at", "updated_at", "item_count"]
    search_fields = ["title", "note", "token", "items__program_name"]
    date_hierarchy = "created_at"
    readonly_fields = ["token", "created_at", "updated_at"]
    fields = ["title", "note", "token", ("created_at", "updated_at")]
    inlines = [ShortlistItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_item_count=Count("items"))

    @admin.display(description="programs", ordering="_item_count")
    def item_count(self, obj):
        return obj._item_count

    def has_add_permission(self, request):
        return False
