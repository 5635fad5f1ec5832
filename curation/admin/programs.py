"""The curators' workplace for listings: their review state and freshness, bulk actions,
history and revert, import and export, and deleted listings that can be restored."""

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm

from core.dates import months_between, stale_period
from core.history import HistoryAdmin, stamp
from programs.choices import PublicationStatus
from programs.models import EnrollmentRestriction, FactSource, LabSession, Program

from ..resources import FORMATS, ProgramResource
from .filters import LabRequirementFilter, ProgramChangeList, VerificationFilter, stale_months
from .forms import ProgramAdminForm, ProgramImportForm
from .importing import ImportStepsMixin
from .sessions import EnrollmentRestrictionInline, FactSourceInline, LabSessionInline
from .workplace import ProgramWorkplaceMixin


@admin.register(Program)
class ProgramAdmin(ProgramWorkplaceMixin, ImportStepsMixin, ImportExportMixin, HistoryAdmin):
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
    # No prepopulated slug: it would follow the name alone. A blank slug is made from the
    # school and the credential when the listing is saved (ProgramAdminForm).
    form = ProgramAdminForm
    date_hierarchy = "last_verified"
    inlines = [LabSessionInline, EnrollmentRestrictionInline, FactSourceInline]
    readonly_fields = ["created_at", "updated_at", "certification_outlook", "days_on_campus"]
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
                    "days_on_campus",
                    ("length_months", "length_text"),
                    ("credit_hours", "credit_hours_text"),
                    "start_terms",
                    "prerequisites",
                    ("admission_status", "listing_status", "confidence"),
                    "enrolment_note",
                ]
            },
        ),
        (
            "Accreditation and certification",
            {
                "fields": [
                    ("accreditation_agency", "accreditation_status"),
                    ("accreditation_awarded", "accreditation_next_review"),
                    "accreditation_note",
                    "certification_outlook",
                ]
            },
        ),
        (
            "Cost",
            {
                "fields": [
                    ("tuition_total", "tuition_per_credit"),
                    ("tuition_in_state", "tuition_out_of_state"),
                    "fees_in_tuition",
                    ("fees_total", "fees_per_credit"),
                    "tuition_note",
                ]
            },
        ),
        (
            "Clinical practicum",
            {"fields": ["clinical_arrangement", "clinical_hours", "clinical_note"]},
        ),
        (
            "Outcomes",
            {
                "fields": [
                    ("pass_rate", "graduation_rate", "placement_rate"),
                    "outcomes_year",
                    "outcomes_note",
                ]
            },
        ),
        (
            "Sources",
            {
                "fields": [
                    "program_url",
                    "source_url",
                    "last_verified",
                    "rechecked_today",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    @admin.display(description="Certification (worked out from the accreditation)")
    def certification_outlook(self, obj):
        if not obj.pk:
            return "Save the listing to see what its accreditation means for certification."
        outlook = obj.certification
        return format_html(
            "MLT(ASCP) Route 1: {}<br>MLT(AMT): {}", outlook.ascp_reason, outlook.amt_reason
        )

    @admin.display(description="Total days on campus")
    def days_on_campus(self, obj):
        # Program.campus_days: added up by the database from the lab sessions' total days.
        if not obj.pk:
            return "Worked out from the lab sessions once the listing is saved."
        if obj.campus_days is None:
            return (
                "Not known: a session that may take students to a campus has no total days "
                "(the school does not publish enough to count them)."
            )
        days = f"{obj.campus_days} day{'s' if obj.campus_days != 1 else ''}"
        return f"{days}, added up from the lab sessions' total days (not typed: edit the sessions)."

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

    def change_reason(self, request, form, obj, change):
        reason = super().change_reason(request, form, obj, change)
        if not form.cleaned_data.get("rechecked_today"):
            return reason
        if reason in ("Saved with no change", ""):
            return "Re-checked today"
        return f"Re-checked today; {reason[:1].lower()}{reason[1:]}"

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
        months = months_between(obj.last_verified, timezone.localdate())
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
            stamp(program, reason)
            program.save(update_fields=[*values, "updated_at"])
            self.log_change(request, program, reason)
            count += 1
        return count

    @admin.action(description="Publish the selected programs", permissions=["change"])
    def publish(self, request, queryset):
        # A listing due for re-verification is not published: the curator checks it first.
        stale = list(
            queryset.stale()
            .exclude(status=PublicationStatus.PUBLISHED)
            .values_list("name", flat=True)[:6]
        )
        fresh = queryset.exclude(pk__in=queryset.stale().values("pk"))
        count = self._update(request, fresh, "Published", status=PublicationStatus.PUBLISHED)
        self.message_user(request, f"Published {count} program(s).", messages.SUCCESS)
        if stale:
            names = "; ".join(stale[:5]) + ("; …" if len(stale) > 5 else "")
            self.message_user(
                request,
                f"Not published, because they were last checked more than {stale_period()} "
                f"ago: {names}. Check them against the school's pages, use “Mark verified "
                "today”, then publish them.",
                messages.ERROR,
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
        """The program's history, followed by its lab sessions', enrolment restrictions' and
        sources' (each with a link to revert it, even after it was deleted)."""
        extra_context = extra_context or {}
        related = []
        for model in (LabSession, EnrollmentRestriction, FactSource):
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
                "This program is deleted: restore it, with its lab sessions, enrolment "
                "restrictions and sources, from Deleted listings.",
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:programs_program_deleted"))
        return super().history_form_view(request, object_id, version_id, extra_context)
