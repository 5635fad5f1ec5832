"""The import's upload -> preview -> confirm steps, with the file kept in the database.

django-import-export keeps the uploaded file in the local temporary folder and trusts the
file name the confirm form posts back. Here nothing is written to disk: a file whose
preview is clean is kept as a PendingImport (curation/pending.py) for the curator who
uploaded it, and the confirm form carries only that row's random id. The confirmation
reads the file, its name and its format from the row, never from the form.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.tmp_storages import BaseStorage

from .. import pending, transfer


class UploadInMemory(BaseStorage):
    """The upload between django-import-export's reading steps, in memory only."""

    def save(self, data):
        self.data = data

    def read(self):
        return self.data

    def remove(self):
        self.data = b""


class ImportStepsMixin:
    tmp_storage_class = UploadInMemory

    def _import_url(self):
        return reverse("admin:programs_program_import")

    def import_action(self, request, **kwargs):
        if request.method == "POST":
            pending.clear_expired()  # every new upload tidies the old ones away
        return super().import_action(request, **kwargs)

    def get_confirm_form_initial(self, request, import_form):
        """Called once the preview is clean: keep the file, and post back only its id."""
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is None:
            return initial
        upload = import_form.cleaned_data["import_file"]
        upload.seek(0)
        content = b"".join(upload.chunks())
        file_format = self.get_import_formats()[int(import_form.cleaned_data["format"])]
        kept = pending.keep(request.user, upload.name, file_format().get_title(), content)
        initial["import_file_name"] = kept.pk
        return initial

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return self._refuse(request, "The confirmation was incomplete. Upload the file again.")
        try:
            kept = pending.claim(confirm_form.cleaned_data["import_file_name"], request.user)
        except pending.NotPending as problem:
            return self._refuse(request, str(problem))
        formats = {f().get_title(): f for f in self.get_import_formats()}
        try:
            input_format = formats[kept.file_format](encoding=self.from_encoding)
            dataset = input_format.create_dataset(bytes(kept.content))
        except (KeyError, transfer.FileProblem):
            pending.finished(kept, imported=False)
            return self._refuse(request, "The kept file could not be read. Upload it again.")
        result = self.process_dataset(
            dataset, confirm_form, request, file_name=kept.file_name, **kwargs
        )
        pending.finished(kept, imported=not (result.has_errors() or result.has_validation_errors()))
        return self.process_result(result, request)

    def _refuse(self, request, message):
        self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(self._import_url())
