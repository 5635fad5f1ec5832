"""The curators' pages beyond a program's form: deleted listings and restoring them, the
re-verification view, the import sample and format description, and the import/export
hooks."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import restore, transfer
from ..resources import summarise
from ..transfer import guide
from .filters import VerificationFilter
from .forms import IMPORT_PERMISSIONS


class ProgramWorkplaceMixin:
    """Extra admin views and import/export hooks for ProgramAdmin."""

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
                "import/format/",
                self.admin_site.admin_view(self.import_format_view),
                name="programs_program_import_format",
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

    def import_format_view(self, request):
        """The program file's description (docs/import-format.md), for whoever may import."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        title, html = guide.format_guide(reverse("admin:programs_program_import_sample"))
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "guide": mark_safe(html),  # noqa: S308 - our own docs file, cleaned by nh3
        }
        return TemplateResponse(request, "admin/programs/program/import_format.html", context)

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
