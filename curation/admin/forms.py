"""The admin's forms: the import upload form (and what importing may do), and a listing's
form (its slug, and publishing only what was checked recently)."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from import_export.forms import ImportForm

from core.dates import stale_period
from core.validation import PlainMessagesMixin
from programs.choices import PublicationStatus
from programs.models import Program

from .. import transfer

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


class ProgramImportForm(ImportForm):
    """The upload step: the file is read here, so a file that cannot be imported at all
    (too large, not UTF-8, not CSV or JSON, wrong columns, empty) is refused with a plain
    message before any row is looked at."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["import_file"].help_text = (
            f"A CSV (UTF-8) or JSON file of at most {transfer.file_size(transfer.max_bytes())} "
            f"and {settings.PROGRAM_IMPORT_MAX_ROWS:,} programs, one row per program, in the "
            "columns of an export."
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


def suggested_slug(program) -> str:
    """The site's pattern for a listing's address: school then credential
    ("buckeye-valley-cc-certificate"); when another listing has it, the program's name
    is added, then a number."""
    base = slugify(f"{program.institution.slug} {program.credential}")[:150]
    taken = set(
        Program.objects.exclude(pk=program.pk)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    candidates = [base, slugify(f"{base} {program.name}")[:190]]
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{candidates[-1]}-{number}" in taken:
        number += 1
    return f"{candidates[-1]}-{number}"


class ProgramAdminForm(PlainMessagesMixin, forms.ModelForm):
    """A listing: the slug may be left blank, and is then made from the school and the
    credential (the pattern of every shared link). Publishing a listing that is due for
    re-verification needs the curator to say they re-checked it today."""

    rechecked_today = forms.BooleanField(
        label="I have re-checked this listing against the school's pages today",
        required=False,
    )

    class Meta:
        model = Program
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose what is shown)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rechecked_today"].help_text = (
            "Sets “last verified” to today. Needed to publish a listing last checked more "
            f"than {stale_period()} ago."
        )
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "Leave blank to make it from the school and the credential, e.g. "
                "buckeye-valley-cc-certificate. It appears in shared links: change it only "
                "to fix a mistake."
            )

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug"):
            institution, credential = cleaned.get("institution"), cleaned.get("credential")
            if institution and credential:
                draft = Program(
                    pk=self.instance.pk,
                    institution=institution,
                    credential=credential,
                    name=cleaned.get("name") or "",
                )
                cleaned["slug"] = suggested_slug(draft)
        self._check_freshness(cleaned)
        return cleaned

    def _check_freshness(self, cleaned):
        if "last_verified" not in self.fields:
            return
        if cleaned.get("rechecked_today"):
            cleaned["last_verified"] = timezone.localdate()
            return
        last_verified = cleaned.get("last_verified")
        publishing = cleaned.get("status") == PublicationStatus.PUBLISHED and (
            self.instance._state.adding or self.instance.status != PublicationStatus.PUBLISHED
        )
        if publishing and last_verified and Program(last_verified=last_verified).is_stale:
            self.add_error(
                "rechecked_today",
                f"This listing was last checked on {last_verified:%-d %B %Y}, more than "
                f"{stale_period()} ago. Check it against the school's pages and tick this box "
                "to publish it, or save it as a draft.",
            )
