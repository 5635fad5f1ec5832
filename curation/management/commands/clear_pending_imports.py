"""Delete the program files left waiting for confirmation longer than an hour.

    manage.py clear_pending_imports

Each new upload does the same; run this from cron to keep the table empty between uploads.
"""

from django.core.management.base import BaseCommand

from curation import pending


class Command(BaseCommand):
    help = "Delete pending program imports older than an hour (curation/pending.py)."

    def handle(self, *args, **options):
        deleted = pending.clear_expired()
        self.stdout.write(f"Deleted {deleted} expired pending import(s).")
