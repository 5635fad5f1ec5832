"""The program file format as a django-import-export resource.

django-import-export runs the admin's upload -> preview -> confirm steps and the export
views (the upload kept between preview and confirm is a PendingImport row: curation/pending.py).
The rules for a row (the columns, reading cells, comparing with the database, validation,
writing) are in curation/transfer/, shared with the management commands.

An import is all or nothing, and quick: every row is checked first against what the
database holds (read in a few queries for the whole file, curation/transfer/lookups.py),
writing nothing, so a preview never holds a write lock; only a file with no invalid row is
then written, every row in one short transaction.
"""

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import resources
from import_export.fields import Field
from import_export.formats import base_formats
from import_export.results import Error, RowResult

from core.spreadsheet import neutralise
from core.validation import shown
from programs.models import Program

from . import transfer


class ProgramCSV(base_formats.CSV):
    """CSV, read strictly: ragged rows, repeated or unknown columns are refused; written
    with every cell a spreadsheet would run as a formula neutralised (core.spreadsheet)."""

    def create_dataset(self, in_stream, **kwargs):
        return transfer.load_dataset(in_stream, "csv")

    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            safe.append([neutralise(cell) for cell in row])
        return super().export_data(safe, **kwargs)


class ProgramJSON(base_formats.JSON):
    """A JSON list of objects with the same keys as the CSV columns."""

    def create_dataset(self, in_stream, **kwargs):
        return transfer.load_dataset(in_stream, "json")


FORMATS = [ProgramCSV, ProgramJSON]


class ProgramRowResult(RowResult):
    """A row's outcome, with what the preview shows: the row number, the program's slug,
    the changed columns (before and after) or the problems, each with its column."""

    def __init__(self):
        super().__init__()
        self.number = None
        self.slug = ""
        self.title = ""  # the program's name, as the row gives it
        self.outcome: transfer.Outcome | None = None
        self.changes: list[transfer.Change] = []
        self.notes: list[str] = []
        self.problems: list[tuple[str, str]] = []

    @property
    def status(self) -> str:
        return {
            RowResult.IMPORT_TYPE_NEW: "new",
            RowResult.IMPORT_TYPE_UPDATE: "changed",
            RowResult.IMPORT_TYPE_SKIP: "unchanged",
        }.get(self.import_type, "error")


class ProgramResource(resources.ModelResource):
    """One row per program; see curation/transfer/ and docs/import-format.md."""

    class Meta:
        model = Program
        fields = ()
        import_id_fields = ("slug",)
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        name = "Programs"

    def __init__(self, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.fields = {
            column: Field(
                attribute=column,
                column_name=column,
                readonly=column in transfer.READ_ONLY_COLUMNS,
            )
            for column in transfer.EXPORT_COLUMNS
        }
        self.progress = progress
        self.importer: transfer.Importer | None = None

    @classmethod
    def get_row_result_class(cls):
        return ProgramRowResult

    def get_user_visible_fields(self):
        return [f for f in self.get_import_fields() if not f.readonly]

    def get_diff_headers(self):
        return list(transfer.IMPORT_COLUMNS)

    # --- import -------------------------------------------------------------------------

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Refuse a file whose header is wrong before looking at any row; otherwise import
        it: every row checked first, then, when none is invalid, all written together."""
        problems = transfer.header_problems(list(dataset.headers or []))
        if not len(dataset):
            problems.append("The file has no programs.")
        if problems:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            for problem in problems:
                result.append_base_error(Error(transfer.FileProblem(problem)))
            result.counts = summarise(result)
            return result
        user = kwargs.get("user")
        file_name = kwargs.get("file_name") or "a file"
        self.importer = transfer.Importer(
            user=user if getattr(user, "is_authenticated", False) else None,
            reason=f"Imported from {file_name}",
        )
        headers = list(dataset.headers)
        self.importer.prepare(dict(zip(headers, row, strict=False)) for row in dataset)
        # Checking the rows writes nothing, so it needs no transaction (and on SQLite takes
        # no write lock however long the file); the writes come after, in one transaction.
        for name in ("use_transactions", "rollback_on_validation_errors", "collect_failed_rows"):
            kwargs.pop(name, None)
        result = self.import_data_inner(
            dataset,
            dry_run,
            raise_errors,
            using_transactions=False,
            collect_failed_rows=False,
            **kwargs,
        )
        if not dry_run and not result.has_errors() and not result.has_validation_errors():
            self._write(result)
        result.counts = summarise(result)
        return result

    def _write(self, result) -> None:
        try:
            self.importer.write_pending()
        except Exception as error:  # e.g. the database changed since the rows were checked
            result.append_base_error(Error(error))
            return
        for row in result.rows:
            program = getattr(row, "outcome", None) and row.outcome.program
            if program is not None and program.pk:
                row.add_instance_info(program)
                row.instance = program

    def import_row(self, row, instance_loader, **kwargs):
        # Rows are numbered as a spreadsheet shows them: the header is row 1.
        number = kwargs.get("row_number", 0) + 1
        result = self.get_row_result_class()()
        result.number = number
        # As the preview shows them: a character the row cannot store is its problem, and
        # an unpaired surrogate could not even be sent to the browser.
        result.slug = shown(str(row.get("slug") or "").strip())
        result.title = shown(str(row.get("name") or "").strip())
        try:
            outcome = self.importer.run(row, number, write=False)
        except ValidationError as error:
            result.import_type = RowResult.IMPORT_TYPE_INVALID
            result.validation_error = error
            result.problems = [
                ("row" if column == NON_FIELD_ERRORS else column, message)
                for column, messages in transfer._messages(error).items()
                for message in messages
            ]
        except Exception as error:  # an unexpected failure: reported, and nothing is written
            result.import_type = RowResult.IMPORT_TYPE_ERROR
            result.errors.append(Error(error, row=row, number=number))
            result.problems = [("row", f"{type(error).__name__}: {error}")]
        else:
            result.outcome = outcome
            result.changes = outcome.changes
            result.notes = outcome.notes
            result.import_type = {
                "new": RowResult.IMPORT_TYPE_NEW,
                "changed": RowResult.IMPORT_TYPE_UPDATE,
                "unchanged": RowResult.IMPORT_TYPE_SKIP,
            }[outcome.status]
            if outcome.program is not None and outcome.program.pk:
                result.add_instance_info(outcome.program)
                result.instance = outcome.program  # written below, after every row is checked
        if self.progress is not None:
            self.progress(result)
        return result

    # --- export -------------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        return transfer.export_queryset(queryset)

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = transfer.export_row(instance)
        return [row[field.column_name] for field in self.get_export_fields(selected_fields)]


def summarise(result) -> dict[str, int]:
    """How many rows are new, changed, unchanged and in error."""
    counts = {"new": 0, "changed": 0, "unchanged": 0, "error": 0}
    for row in result.rows:
        counts[row.status] += 1
    return counts
