from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Program directory"

    def ready(self):
        from . import generation, listing_changes

        generation.connect()
        listing_changes.connect()
