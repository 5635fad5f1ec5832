"""Which programs a visitor has chosen to compare: the compare page's `?programs=` and the
directory's compare tray (`?compare=`).

The choice lives in the URL, not the session, so every page of results stays one cacheable
page per address (core/pagecache.py) and a link keeps the tray. Whatever the parameter holds
(repeats, unknown or draft slugs, junk, more than MAX_COMPARE), reading it never fails: the
tray keeps the first MAX_COMPARE published programs and names the ones it had to refuse.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from .models import Program

MAX_COMPARE = 4
# The parameter that carries the tray on the directory's pages.
PARAMETER = "compare"
# A tray holds at most MAX_COMPARE programs, so a longer list is a hand-made link: look up
# no more than this many slugs from it.
MAX_LOOKED_UP = 20
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")


def parse_slugs(values: list[str]) -> list[str]:
    """`['a,b', 'c', 'a']` -> ['a', 'b', 'c']: split on commas, without repeats, in order."""
    slugs = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if part and part not in slugs:
                slugs.append(part)
    return slugs


@dataclass
class Tray:
    """The programs chosen for comparison (published only, in the order chosen) and those
    refused because the tray was full."""

    programs: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    # The visitor's ZIP code and overnight distance (true_cost.student_query), carried to
    # the compare page for its distance and travel rows.
    student_query: str = ""
    limit: int = MAX_COMPARE

    @classmethod
    def from_query(cls, query, student_query: str = "") -> "Tray":
        """The tray in a query string (one query when it names anything, none otherwise)."""
        slugs = [s for s in parse_slugs(query.getlist(PARAMETER)) if SLUG_RE.match(s)]
        slugs = slugs[:MAX_LOOKED_UP]
        if not slugs:
            return cls(student_query=student_query)
        found = {
            p.slug: p
            for p in Program.objects.published()
            .select_related("institution")
            .only("slug", "name", "institution__name")
            .filter(slug__in=slugs)
        }
        known = [found[s] for s in slugs if s in found]
        return cls(
            programs=known[:MAX_COMPARE],
            refused=known[MAX_COMPARE:],
            student_query=student_query,
        )

    @property
    def slugs(self) -> list[str]:
        return [p.slug for p in self.programs]

    @property
    def value(self) -> str | None:
        """The parameter's value for links that keep the tray (None: leave it out)."""
        return ",".join(self.slugs) or None

    @property
    def full(self) -> bool:
        return len(self.programs) >= self.limit

    def toggled(self, slug: str) -> str | None:
        """The parameter's value after ticking or unticking `slug`. Ticking a full tray
        keeps the extra slug so that the next page can say it was refused."""
        if slug in self.slugs:
            return ",".join(s for s in self.slugs if s != slug) or None
        return ",".join([*self.slugs, slug])

    @property
    def list_url(self) -> str:
        """The directory with no filters, keeping this tray."""
        base = reverse("programs:list")
        return f"{base}?{urlencode({PARAMETER: self.value}, safe=',')}" if self.value else base

    @property
    def compare_url(self) -> str:
        """The compare page for these programs (with the visitor's ZIP and overnight
        distance, for the distances and the travel)."""
        query = urlencode({"programs": ",".join(self.slugs)}, safe=",")
        if self.student_query:
            query += f"&{self.student_query}"
        return f"{reverse('programs:compare')}?{query}"
