"""Curation's own view of the directory's records (no tables of its own)."""

from programs.models import Institution


class Candidate(Institution):
    """An institution from the federal data, seen as a possible listing: the candidates
    view lists those without one ("may offer an MLT program: check and add")."""

    class Meta:
        proxy = True
        verbose_name = "candidate institution"
        verbose_name_plural = "candidates: institutions without a listing"
