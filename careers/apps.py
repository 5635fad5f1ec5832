from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _guide_changed(sender, raw=False, **kwargs):
    """A guide edit changes public pages too: bump the generation their cached copies are
    keyed by (core.pagecache), the same number every directory write bumps."""
    if not raw:
        from programs import generation

        generation.bump()


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Career guide"

    def ready(self):
        for model in self.get_models():
            post_save.connect(_guide_changed, sender=model, dispatch_uid=f"guide-save-{model}")
            post_delete.connect(_guide_changed, sender=model, dispatch_uid=f"guide-del-{model}")
