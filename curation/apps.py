from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "curation"
    verbose_name = "Curation"

    def ready(self):
        from . import signals  # noqa: F401  (history reasons for cascaded deletions)
