"""Import programs from a CSV or JSON file: the admin's import, from the command line.

    manage.py import_programs programs.csv --dry-run
    manage.py import_programs programs.csv --user alice

Prints what happens to each row (new, changed and which columns, unchanged, error and why).
All or nothing: when any row has an error nothing is written and the command exits with
status 1. The format is described in docs/import-format.md.
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from curation import transfer
from curation.resources import ProgramResource

PROGRESS_FROM_ROWS = 20


class Command(BaseCommand):
    help = "Import programs from a CSV or JSON file (all or nothing); see docs/import-format.md."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .json file in the export's columns")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would change, and write nothing",
        )
        parser.add_argument(
            "--format",
            choices=["csv", "json"],
            help="the file's format (default: from its name)",
        )
        parser.add_argument(
            "--user",
            help="the username the history records as having made the changes",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        file_format = options["format"] or path.suffix.lower().lstrip(".")
        if file_format not in ("csv", "json"):
            raise CommandError("Say --format csv or --format json: the file name does not.")
        try:
            size = path.stat().st_size
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        if size > transfer.max_bytes():
            raise CommandError(
                f"{path} is {transfer.file_size(size)}; the limit is "
                f"{transfer.file_size(transfer.max_bytes())} (MLT_IMPORT_MAX_BYTES). "
                "Split it into smaller files."
            )
        try:
            dataset = transfer.load_dataset(path.read_bytes(), file_format)
        except transfer.FileProblem as problem:
            raise CommandError(f"{path}: {problem} Nothing was imported.") from None

        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user is called {options['user']!r}.")

        verbosity = options["verbosity"]
        bar = tqdm(
            total=len(dataset),
            unit="row",
            desc="Importing" if not options["dry_run"] else "Checking",
            # The command's own error stream (not its line-ending wrapper), so it can be
            # redirected like the rest of the output.
            file=getattr(self.stderr, "_out", sys.stderr),
            disable=verbosity < 1 or len(dataset) < PROGRESS_FROM_ROWS,
        )
        resource = ProgramResource(progress=lambda row: bar.update(1))
        try:
            result = resource.import_data(
                dataset,
                dry_run=options["dry_run"],
                file_name=path.name,
                user=user,
            )
        finally:
            bar.close()

        for error in result.base_errors:
            self.stderr.write(str(error.error))
        if verbosity >= 1:
            for row in result.rows:
                self.stdout.write(self.describe(row))
        counts = result.counts
        summary = (
            f"{counts['new']} new, {counts['changed']} changed, "
            f"{counts['unchanged']} unchanged, {counts['error']} with errors."
        )
        if result.has_errors() or result.has_validation_errors():
            raise CommandError(f"{summary} Nothing was imported: fix the rows above.")
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {summary} Nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported: {summary}"))

    @staticmethod
    def describe(row) -> str:
        head = f"Row {row.number}  {row.slug or '(no slug)'}"
        if row.status == "changed":
            changes = "; ".join(
                f"{c.column} ({_short(c.before)} -> {_short(c.after)})" for c in row.changes
            )
            return f"{head}  changed: {changes}"
        if row.status == "error":
            problems = "; ".join(
                message if column == "row" else f"{column}: {message}"
                for column, message in row.problems
            )
            return f"{head}  error: {problems}"
        return f"{head}  {row.status}"


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
