from django.core.management.base import BaseCommand, CommandError

from careers import demo as careers_demo
from curation import demo as program_demo


class Command(BaseCommand):
    help = (
        "Load the fictional demo directory (for tests and benchmarks) and the guide content "
        "from fixtures/. Safe to re-run; never on a database holding the real directory."
    )

    def handle(self, *args, **options):
        try:
            report = program_demo.load()
        except program_demo.MixedData as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(report))
        self.stdout.write(str(careers_demo.load()))
