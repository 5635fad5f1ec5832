"""Create or update institutions from the College Scorecard institution file.

    manage.py import_scorecard MERGED2023_24_PP.csv           # dry run: what would change
    manage.py import_scorecard MERGED2023_24_PP.csv --apply   # write it
    manage.py import_scorecard MERGED2023_24_PP.csv --apply --user alice  # history names alice

Reads the full official file or an extract with its column names; matches institutions by
UNITID. A dry run (the default) prints a summary of new, changed, unchanged, skipped and
rejected rows, with the reason for each rejection. `--apply` writes in one transaction, and
only when no row is rejected: all or nothing. A file that cannot be read as a Scorecard file
stops the command with a message and writes nothing.
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from curation import scorecard, scorecard_import

# Below this many bytes the file reads in an instant: no progress bar.
PROGRESS_FROM_BYTES = 1_000_000


class Command(BaseCommand):
    help = (
        "Create or update institutions from a College Scorecard institution CSV "
        "(dry run unless --apply)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the Scorecard institution file, or an extract of it")
        parser.add_argument(
            "--apply", action="store_true", help="write the changes (default: dry run)"
        )
        parser.add_argument(
            "--user", help="the username the history records as having made the changes"
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user is called {options['user']!r}.")
        path = Path(options["file"])
        try:
            size = path.stat().st_size
            handle = path.open(encoding="utf-8", newline="")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        verbosity = options["verbosity"]
        bar = tqdm(
            total=size,
            unit="B",
            unit_scale=True,
            desc="Reading",
            file=getattr(self.stderr, "_out", sys.stderr),
            disable=verbosity < 1 or size < PROGRESS_FROM_BYTES,
        )
        try:
            with handle:
                parsed = list(scorecard.read_rows(_counting(handle, bar)))
        except scorecard.ScorecardFormatError as error:
            raise CommandError(f"{path}: {error} Nothing was written.") from None
        finally:
            bar.close()

        result = scorecard_import.plan(parsed)
        for row in result.rows:
            if row.status == "rejected":
                self.stdout.write(
                    f"Line {row.line}  UNITID {row.unitid or '?'}  rejected: {row.reason}"
                )
            elif row.status == "skipped" and verbosity >= 1:
                self.stdout.write(f"Line {row.line}  {row.name}  skipped: {row.reason}")
            elif row.status == "changed" and verbosity >= 2:
                self.stdout.write(f"Line {row.line}  {row.name}  changed: {', '.join(row.changes)}")
            elif row.status == "new" and verbosity >= 2:
                self.stdout.write(f"Line {row.line}  {row.name}  new")
        summary = f"{result.summary}."
        if result.rejected:
            raise CommandError(f"{summary} Nothing was written: fix or remove the rejected rows.")
        if not options["apply"]:
            self.stdout.write(f"Dry run: {summary} Nothing was written; add --apply to write.")
            return
        scorecard_import.apply(result, user=user)
        self.stdout.write(self.style.SUCCESS(f"Imported from College Scorecard: {summary}"))


def _counting(handle, bar):
    """The file's lines, advancing the progress bar by each line's size."""
    for line in handle:
        bar.update(len(line.encode("utf-8")))
        yield line
