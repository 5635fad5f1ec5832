"""Export programs in the import's column format (CSV or JSON), all or filtered.

    manage.py export_programs > programs.csv
    manage.py export_programs --format json --output programs.json
    manage.py export_programs --status published --state OH --state IN --credential aas

The directory's filters (--state, --credential, --accreditation, --delivery, --q, ...) are
those of the public search (programs/filters.py), applied here to every status unless
--status narrows it; --stale keeps the listings due for re-verification.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from curation.resources import ProgramCSV, ProgramJSON, ProgramResource
from programs.choices import PublicationStatus
from programs.filters import ProgramFilter
from programs.models import Program

# The search's ordering is not a filter; the export is ordered by name.
SKIPPED_FILTERS = {"sort"}


class Command(BaseCommand):
    help = "Export programs as CSV or JSON in the import's column format."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", "-o", help="the file to write (default: standard output)")
        parser.add_argument(
            "--status",
            action="append",
            choices=PublicationStatus.values,
            help="only programs with this status (repeatable; default: every status)",
        )
        parser.add_argument(
            "--stale",
            action="store_true",
            help="only programs not verified within MLT_STALE_AFTER_MONTHS",
        )
        group = parser.add_argument_group("directory filters (as on /programs/)")
        for name, filter_ in ProgramFilter.base_filters.items():
            if name in SKIPPED_FILTERS:
                continue
            group.add_argument(
                f"--{name.replace('_', '-')}",
                dest=f"filter_{name}",
                action="append",
                metavar=name.upper(),
                help=str(filter_.label or name),
            )

    def handle(self, *args, **options):
        data = QueryDict(mutable=True)
        for name in ProgramFilter.base_filters:
            values = options.get(f"filter_{name}")
            if values:
                data.setlist(name, values)
        queryset = Program.objects.all()
        if options["status"]:
            queryset = queryset.filter(status__in=options["status"])
        if options["stale"]:
            queryset = queryset.stale()
        filterset = ProgramFilter(data, queryset=queryset)
        if filterset.errors:
            problems = "; ".join(
                f"--{name.replace('_', '-')}: {' '.join(messages)}"
                for name, messages in filterset.errors.items()
            )
            raise CommandError(f"Nothing was exported: {problems}")

        dataset = ProgramResource().export(queryset=filterset.qs)
        file_format = ProgramCSV() if options["format"] == "csv" else ProgramJSON()
        text = file_format.export_data(dataset)
        if options["output"]:
            # Excel reads a CSV as UTF-8 only with a byte-order mark; JSON must not have one.
            encoding = "utf-8-sig" if options["format"] == "csv" else "utf-8"
            Path(options["output"]).write_text(text, encoding=encoding, newline="")
            self.stderr.write(f"Exported {len(dataset)} program(s) to {options['output']}.")
        else:
            self.stdout.write(text, ending="")
