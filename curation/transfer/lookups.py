"""What an import compares its rows with, read from the database in a few queries for the
whole file rather than several for each row.

`Lookups.prepare(rows)` reads every program, institution and site the file names (chunked
`IN` queries: the same handful of queries for 10 rows or 5,000). A lookup the file did not
announce (a caller that skips `prepare`) is read on its own, so the answers are the same
either way. Objects a row creates are registered here too, unsaved, so a later row of the
same file finds them: the preview writes nothing, yet row 7 may use the institution or the
site that row 2 creates.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Prefetch

from programs.models import Institution, LabSession, Program, Site

from .cells import SiteRef

CHUNK = 500  # keeps each IN list well inside SQLite's and PostgreSQL's parameter limits


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def program_queryset():
    return Program.objects.select_related("institution").prefetch_related(
        Prefetch(
            "lab_sessions",
            queryset=LabSession.objects.order_by("pk").prefetch_related("sites"),
        ),
        "enrollment_restrictions",
    )


class Lookups:
    def __init__(self):
        self.programs: dict[str, Program | None] = {}
        self.institutions: dict[str, Institution | None] = {}
        # Sites by ZIP: every site at a ZIP the file names (for the any-letter-case match).
        self.sites_at: dict[str, list[Site]] = {}

    def prepare(self, rows: Iterable[Mapping[str, Any]]) -> None:
        from .parsing import _text, parse_sessions, unstorable_cells

        slugs, institutions, zips = set(), set(), set()
        for row in rows:
            if unstorable_cells(row):
                continue  # the row reports it; its values cannot even be looked up
            slugs.add(_text(row.get("slug")))
            institutions.add(_text(row.get("institution")))
            try:
                sessions = parse_sessions(row.get("lab_sessions"))
            except ValueError:
                continue  # the row reports it
            zips.update(ref.zip_code for spec in sessions for ref in spec.sites)
        self._load_programs(sorted(slugs - set(self.programs)))
        self._load_institutions(sorted(institutions - set(self.institutions)))
        self._load_sites(sorted(zips - set(self.sites_at)))

    def _load_programs(self, slugs: list[str]) -> None:
        for chunk in _chunks(slugs):
            self.programs.update(dict.fromkeys(chunk))
            for program in program_queryset().filter(slug__in=chunk):
                self.programs[program.slug] = program

    def _load_institutions(self, slugs: list[str]) -> None:
        for chunk in _chunks(slugs):
            self.institutions.update(dict.fromkeys(chunk))
            for institution in Institution.objects.filter(slug__in=chunk):
                self.institutions[institution.slug] = institution

    def _load_sites(self, zips: list[str]) -> None:
        for chunk in _chunks(zips):
            for zip_code in chunk:
                self.sites_at[zip_code] = []
            for site in Site.objects.filter(zip_code__in=chunk).order_by("pk"):
                self.sites_at[site.zip_code].append(site)

    # --- lookups ----------------------------------------------------------------------------

    def program(self, slug: str) -> Program | None:
        if slug not in self.programs:
            self._load_programs([slug])
        return self.programs[slug]

    def institution(self, slug: str) -> Institution | None:
        if slug not in self.institutions:
            self._load_institutions([slug])
        return self.institutions[slug]

    def site(self, ref: SiteRef) -> Site | None:
        """The site with this name and ZIP; else the one site whose name matches in any
        letter case; else None."""
        if ref.zip_code not in self.sites_at:
            self._load_sites([ref.zip_code])
        sites = self.sites_at[ref.zip_code]
        for site in sites:
            if site.name == ref.name:
                return site
        matches = [site for site in sites if site.name.casefold() == ref.name.casefold()]
        return matches[0] if len(matches) == 1 else None

    # --- what earlier rows of the file create -------------------------------------------------

    def add_institution(self, institution: Institution) -> None:
        self.institutions[institution.slug] = institution

    def add_site(self, site: Site) -> None:
        self.sites_at.setdefault(site.zip_code, []).append(site)

    def add_program(self, program: Program) -> None:
        self.programs[program.slug] = program
