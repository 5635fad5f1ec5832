from django.core.management.base import BaseCommand

from careers import demo as careers_demo
from curation import demo as program_demo


class Command(BaseCommand):
    help = "Load the fictional demo directory (and guide content) from fixtures/. Safe to re-run."

    def handle(self, *args, **options):
        report = program_demo.load()
        self.stdout.write(str(report))
        self.stdout.write(str(careers_demo.load()))
