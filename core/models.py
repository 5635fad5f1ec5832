from django.db import models


class CacheGeneration(models.Model):
    """One row: a number bumped after every committed write to the models whose pages are
    cached (core.pagecache). Cached pages and counts carry the number in their keys, so a
    write makes every later request compute afresh. It lives in the database, not in the
    cache, so every worker process sees a bump at once even with a per-process cache."""

    value = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "cache generation"

    def __str__(self):
        return f"generation {self.value}"
