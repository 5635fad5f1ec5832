"""Facet counts and "loosen your search" suggestions for the directory.

Every facet option is counted with all the *other* active filters applied, from the
in-memory facet index (facet_index.py) or in one SQL query with a conditional COUNT per
option; either way the number of queries does not grow with the filters or the options.
"""

import hashlib
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper

from core import release

from . import facet_index, word_index
from . import generation as directory_generation
from .filters import ProgramFilter


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool

    @property
    def count_label(self) -> str:
        return f"({self.count})" if self.count else "(none match)"


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)


@dataclass
class Loosen:
    name: str
    label: str
    count: int
    params: list[str]


@dataclass
class FacetResult:
    total: int
    facets: dict[str, Facet]
    loosen: list[Loosen]
    # From the facet index only (never cached): the results as its bit set, for pages in
    # the default order (IndexedResults).
    index: facet_index.FacetIndex | None = field(default=None, compare=False, repr=False)
    members: int | None = field(default=None, compare=False, repr=False)
    # For a search ordered by relevance: (rank, bit set of its programs) pairs, highest
    # rank first (facet_index.rank_tiers).
    ranks: tuple | None = field(default=None, compare=False, repr=False)


class IndexedResults:
    """A search's results in the default order, by relevance when the index read their
    ranks, or by a column the index keeps (`sort`), for a Paginator: the count from the
    facet index, and each page's programs by their ids (one query, with what the cards
    show), instead of the database finding and ordering every match to read 20."""

    def __init__(self, result: FacetResult, programs, sort: str | None = None):
        self.result, self.programs, self.sort = result, programs, sort

    def count(self) -> int:
        return self.result.total

    def __len__(self) -> int:
        return self.result.total

    def __getitem__(self, key: slice) -> list:
        start = key.start or 0
        stop = self.result.total if key.stop is None else key.stop
        result = self.result
        if result.ranks is not None:
            ids = result.index.by_rank(result.members, result.ranks, stop)[start:]
        elif self.sort is not None:
            ids = result.index.by_column(result.members, self.sort, stop)[start:]
        else:
            ids = result.index.page_ids(result.members, start, max(0, stop - start))
        # No ORDER BY: the ids are in order.
        found = {p.pk: p for p in self.programs.filter(pk__in=ids).order_by()}
        # A program unpublished since the index was read is left out (the next request
        # reads a new index).
        return [found[pk] for pk in ids if pk in found]


def search_results(filterset: ProgramFilter, found: FacetResult, programs):
    """What a Paginator of this search's results should page over: the facet index's
    results when it has them and the order is the default one, relevance (with the ranks
    it read) or a column it keeps; the programs it found, ordered by the database, when
    they are few; else the search's queryset. `programs`: published programs with what a
    page shows (unfiltered)."""
    if found.index is not None and (filterset.in_default_order or found.ranks is not None):
        return IndexedResults(found, programs)
    if found.index is not None and filterset.sort_key in found.index.sort_keys:
        return IndexedResults(found, programs, sort=filterset.sort_key)
    if found.index is not None and found.index.few(found.total):
        # Few results, in another order: the database orders those programs only.
        ids = found.index.page_ids(found.members, 0, found.total)
        return filterset.order(programs.filter(pk__in=ids))
    return filterset.qs


def _run(sql: str, params: list) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def facet_cache_key(filterset: ProgramFilter, generation: int | None = None) -> str:
    """The cache key of a search's counts: its valid values (ASCII keywords in lower case,
    so "Dayton" and "dayton" share one entry; page and sort do not change counts) and the
    directory's generation number, so any write to the directory is seen by the next
    request, and the release of the code (core.release)."""
    if generation is None:
        generation = directory_generation.current()
    values = {
        k: sorted(v) if isinstance(v, list) else v
        for k, v in filterset.values.items()
        if k not in ("page", "sort")
    }
    if "q" in values:
        words = " ".join(values["q"].split())
        # Case never changes a search on PostgreSQL; on SQLite (LIKE) only for ASCII.
        values["q"] = words.lower() if words.isascii() else words
    digest = hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()
    return f"facets:{release.scope(generation)}:{digest}"


def count_facets(filterset: ProgramFilter, base, generation: int | None = None) -> FacetResult:
    """All facet counts and the total (cached per search and generation): from this
    process's facet index (facet_index.py) and, when the search has conditions that are not
    facets, one query for the ids meeting them; else in one SQL query (count_in_database).
    When nothing matches, the "loosen" counts come from the same sets (and, with more
    than one condition that is not a facet, one more query), or from one SQL query.
    """
    conditions = filterset.conditions()
    values = filterset.values
    key = facet_cache_key(filterset, generation)
    cached = cache.get(key)
    if cached is not None:
        return cached

    names = ProgramFilter.facet_names()
    filters = {name: filterset.filters[name] for name in names}
    faceted = {n: q for n, q in conditions.items() if n in names}
    fixed = [q for n, q in conditions.items() if n not in names]
    options = {name: filters[name].facet_options() for name in names}
    index = facet_index.get(base, filters, generation, ProgramFilter.COLUMN_SORTS)
    members = ranks = None
    if index is None:
        row = count_in_database(base, filters, options, faceted, fixed)
    else:
        # A condition that can name the programs it leaves out from what the index keeps
        # (the ZIP radius from its record of sessions and sites, the state of residence
        # from its enrolment restrictions, a limit from its keys for that column's order)
        # is applied so, without reading the listings.
        excluding = {}
        for n in conditions:
            excluded_in = getattr(filterset.filters[n], "excluded_in", None)
            if n not in names and excluded_in is not None:
                out = excluded_in(index, values[n])
                if out is not None:
                    excluding[n] = out
        others = {n: q for n, q in conditions.items() if n not in names and n not in excluding}
        # Ordered by relevance: the query of the ids meeting the keywords reads their
        # ranks too, so the page is picked from the index instead of ranked again in SQL.
        rank = filterset.keywords.relevance() if filterset.sort_key == "relevance" else None
        # Keywords with a common word: its programs and ranks are in the index.
        word = word_index.known(index, base, filterset.keywords) if "q" in others else None
        in_index = _InIndex(index, base, filters, faceted, others, excluding, values, rank, word)
        row, members = in_index.counts(options)
        ranks = in_index.ranks
    facets = {}
    chosen_states = set(values.get("state", []))
    for name in names:
        facet = Facet(name, filters[name].label or name.title())
        for value, label in options[name]:
            count = row[(name, value)]
            if name == "state" and not count and value not in chosen_states:
                continue  # 52 options: list only states that would give results
            facet.options.append(Option(value, label, count, _is_selected(values, name, value)))
        facets[name] = facet

    total = row["total"]
    loosen = []
    if total == 0 and conditions:
        counts = None if index is None else in_index.loosen_counts()
        if counts is None:
            counts = loosen_in_database(base, conditions)
        loosen = [
            Loosen(
                name,
                filterset.filters[name].describes,
                counts[name],
                ProgramFilter.REMOVES.get(name, [name]),
            )
            for name in conditions
            if counts[name] > 0
        ]
        loosen.sort(key=lambda item: -item.count)
    result = FacetResult(total, facets, loosen)
    cache.set(key, result, settings.FACET_CACHE_SECONDS)
    if index is None:
        return result
    return replace(result, index=index, members=members, ranks=ranks)


class _InIndex:
    """A search's sets of programs in the facet index (facet_index.py): each chosen
    facet's, the programs meeting the conditions that are not facets (one query of ids
    when there are any) and, for each condition that names the programs it leaves out
    (the ZIP radius, the state of residence, the limits), the programs it keeps. `word`:
    what the index knows of the keywords (word_index.InMemory), so that only their rare
    words need a query."""

    def __init__(
        self, index, base, filters, faceted, fixed: dict, excluded: dict, values, rank, word=None
    ):
        self.index, self.base, self.filters, self.fixed = index, base, filters, fixed
        self.chosen = {n: index.matching(n, filters[n].condition_test(values[n])) for n in faceted}
        self.met, self.ranks = index.everything, None
        if fixed:
            # Every count is of programs meeting all the chosen facets but at most one:
            # only those need testing against the other conditions.
            candidates = index.everything
            if self.chosen:
                candidates = 0
                for name in self.chosen:
                    candidates |= self.chosen_except(name)
            if word is None:
                self.met, self.ranks = facet_index.meeting(
                    index, base, list(fixed.values()), within=candidates, rank=rank
                )
            else:
                self._from_memory(word, fixed, candidates, rank)
        self.kept = {n: index.everything & ~out for n, out in excluded.items()}

    def _from_memory(self, word, fixed: dict, candidates: int, rank) -> None:
        """The programs meeting the conditions, the keywords' common word read from the
        index: the listings with a rare word are found (and ranked) by the database, the
        others with the common word are the index's, ranked as ts_rank would."""
        index, base = self.index, self.base
        rest = [q for name, q in fixed.items() if name != "q"]
        with_rare, tiers = 0, []
        if word.rare is not None:
            with_rare, rare_tiers = facet_index.meeting(
                index, base, [word.rare, *rest], within=candidates, rank=rank
            )
            tiers.extend(rare_tiers or ())
        only = word.word.members & candidates & ~with_rare
        if rest and only:
            only, _ = facet_index.meeting(index, base, rest, within=only)
        self.met = only | with_rare
        if rank is not None:
            tiers.extend((word.rank(value), tier & only) for value, tier in word.word.tiers)
            self.ranks = facet_index.in_rank_order(tiers)

    @staticmethod
    def _all_but(sets: dict, name, start: int) -> int:
        for other, members in sets.items():
            if other != name:
                start &= members
        return start

    def chosen_except(self, name) -> int:
        """The programs meeting every chosen facet but `name`'s."""
        return self._all_but(self.chosen, name, self.index.everything)

    def others(self, name) -> int:
        """The programs meeting every condition but facet `name`'s (None: every one)."""
        return self._all_but(self.kept, None, self.met) & self.chosen_except(name)

    def counts(self, options) -> tuple[dict, int]:
        """Every option's count (with every other facet's chosen values, and its own facet's
        too where a program must meet every value: filter_kinds.DirectoryFilter.every_value)
        and the total, and the results' bit set."""
        found = self.others(None)
        row = {"total": found.bit_count()}
        for name, choices in options.items():
            mask = found if self.filters[name].every_value else self.others(name)
            for value, _label in choices:
                members = self.index.option(name, value, self.filters[name].option_test)
                row[(name, value)] = (members & mask).bit_count()
        return row, found

    def loosen_counts(self) -> dict | None:
        """For each condition, how many programs meet all the others: from the sets, and,
        when more than one condition is not a facet, from one query of those conditions
        over the programs meeting everything else. None when those programs are too many
        to name by id (the database then counts)."""
        index = self.index
        facets_and_reach = self._all_but(self.kept, None, self.chosen_except(None))
        counts = {name: self.others(name).bit_count() for name in self.chosen}
        for name in self.kept:
            counts[name] = (
                self._all_but(self.kept, name, self.met) & self.chosen_except(None)
            ).bit_count()
        tested = {name: q for name, q in self.fixed.items() if q}  # Q(): met by every program
        for name in self.fixed:
            if name not in tested or len(tested) == 1:
                # Without it, the one condition left that is not a facet is all of `met`.
                rest = self.met if name not in tested else index.everything
                counts[name] = (rest & facets_and_reach).bit_count()
        if len(tested) > 1:
            if not index.few(facets_and_reach.bit_count()):
                return None
            flags = {
                f"c_{i}": ExpressionWrapper(q, output_field=BooleanField())
                for i, q in enumerate(tested.values())
            }
            ids = index.page_ids(facets_and_reach, 0, facet_index.max_ids())
            rows = list(
                self.base.filter(pk__in=ids).order_by().annotate(**flags).values_list(*flags)
            )
            for i, name in enumerate(tested):
                counts[name] = sum(
                    1 for row in rows if all(met for j, met in enumerate(row) if j != i)
                )
        return counts


def loosen_in_database(base, conditions: dict) -> dict:
    """For each condition, how many programs meet all the others, in one SQL query (the
    reference _InIndex.loosen_counts is tested against)."""
    selects = []
    for name in conditions:
        predicate = " AND ".join(f"t.c_{n}" for n in conditions if n != name) or "1 = 1"
        selects.append(f"COUNT(*) FILTER (WHERE {predicate})")
    return dict(zip(conditions, _run(*_outer(selects, [], base, conditions, {})), strict=True))


def count_in_database(base, filters, options, faceted, fixed) -> dict:
    """The same counts in one SQL query (a conditional COUNT per option): used when the
    index is switched off or the generation cannot be read, and the reference the index is
    tested against (programs/tests/test_facet_index.py)."""
    selects, params, keys = [], [], []

    def add(key, clauses, clause_params=()):
        predicate = " AND ".join(clauses) if clauses else "1 = 1"
        selects.append(f"COUNT(*) FILTER (WHERE {predicate})")
        params.extend(clause_params)
        keys.append(key)

    def flags_except(name):
        return [f"t.c_{n}" for n in faceted if n != name]

    for name in filters:
        others = flags_except(None if filters[name].every_value else name)
        for value, _label in options[name]:
            clause, clause_params = filters[name].option_sql(value)
            add((name, value), [*others, clause], clause_params)
    add("total", flags_except(None))
    columns = {}
    for f in filters.values():
        columns.update(f.facet_columns())
    rows = base.filter(*fixed)
    return dict(zip(keys, _run(*_outer(selects, params, rows, faceted, columns)), strict=True))


def _outer(selects: list[str], params: list, rows, flagged: dict, columns: dict):
    """SELECT the counts FROM (rows, with the facets' columns and a boolean column c_<name>
    per flagged condition)."""
    flags = {
        f"c_{n}": ExpressionWrapper(q, output_field=BooleanField()) for n, q in flagged.items()
    }
    inner = rows.order_by().annotate(**columns, **flags).values(*columns, *flags)
    if not columns and not flags:
        inner = rows.order_by().values("pk")
    inner_sql, inner_params = inner.query.sql_with_params()
    # Only fixed column names and %s placeholders are interpolated; values are parameters.
    return f"SELECT {', '.join(selects)} FROM ({inner_sql}) t", [*params, *inner_params]  # noqa: S608


def _is_selected(values: dict, name: str, value: str) -> bool:
    chosen = values.get(name)
    if chosen is None:
        return False
    if name == "lab":
        return str(chosen) == ("0" if value == "none" else value)
    return value in chosen
