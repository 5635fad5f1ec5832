from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared helpers"

    def ready(self):
        from .pagecache import watch_writes

        watch_writes()
