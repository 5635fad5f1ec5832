"""The directory's generation number: one row, bumped by every write to the directory.

Caches of what the directory shows (facet counts, the rendered filter form; later whole
pages) put the number in their keys, so the next request after any write misses them and
sees the write, on every app server, whatever the cache backend (a number kept in a
per-process memory cache would not reach the other workers). Reading it is one query on a
one-row table. See programs/generation.py for when it is bumped.
"""

from django.db import models


class DirectoryGeneration(models.Model):
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "directory generation"

    def __str__(self) -> str:
        return f"Directory generation {self.value}"
