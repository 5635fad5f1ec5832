from django.core.management.base import BaseCommand, CommandError

from careers import demo as careers_demo
from curation import real_data, scorecard, scorecard_import


class Command(BaseCommand):
    help = (
        "Load the real directory from fixtures/real/ (listings with their sources, and the "
        "College Scorecard extract) and the guide content. Safe to re-run."
    )

    def handle(self, *args, **options):
        try:
            self.stdout.write(str(real_data.load()))
        except real_data.MixedData as error:
            raise CommandError(str(error)) from None
        with real_data.SCORECARD_FILE.open(encoding="utf-8", newline="") as handle:
            result = scorecard_import.plan(scorecard.read_rows(handle))
        if result.rejected:
            raise CommandError(f"The Scorecard extract has rejected rows: {result.summary}.")
        scorecard_import.apply(result)
        self.stdout.write(f"College Scorecard {scorecard.SOURCE_EDITION}: {result.summary}.")
        self.stdout.write(str(careers_demo.load()))
