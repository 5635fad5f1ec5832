"""Facet counts and default-order pages from an in-memory index, so a new filter
combination costs no aggregate pass and no scan of the listings in order.

Counting every facet option in SQL evaluates about a hundred conditions on every published
program (programs/facets.py, `count_in_database`): at 100,000 listings that was ~150 ms per
new filter combination. Instead, each process keeps, per directory generation, one bit set
(a Python int) per group of equal facet values: for the state facet, one set per state; for
campus days, one per number of days. The index is read from the database (four queries in
one snapshot: `one_snapshot`) the first time a generation is asked for, i.e. once after
each directory write, and then answers every combination with a few AND and popcount
operations on those ints (a hundredth of a millisecond each).

Bit r stands for the program at position r of the directory's default order (programs
taking students first, then by name: ProgramQuerySet.in_default_order, read in that order
from the database, so the database's collation decides). The set bits of a search's
results are then its programs in that order, and a page of them is found by counting bits
(`page_ids`): the list query becomes a look-up of 20 ids.

Conditions that are not facets are applied from what the index also keeps where it can:
the ZIP radius from where sessions are offered (reach.py), the state of residence from the
enrolment restrictions, the tuition and length limits from the keys of those orders
(`at_most`); the common words of a keyword search from word_index.py. The rest (rare
keywords, nights away) is left to the database: one query returns the ids of the programs
that meet them, and their bit set narrows the counts. A facet's own options and its chosen
values are read from the index with the facet filter's `condition_test` and `option_test`
(filter_kinds.py), the Python twins of its SQL condition; programs/tests/test_facet_index.py
checks both give the same counts and pages.
"""

import bisect
import heapq
import logging
import struct
import threading
import time
from array import array
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import DatabaseError, connection, transaction

from .bitsets import bits
from .reach import Reach
from .reach import read as read_reach

logger = logging.getLogger(__name__)
_LOCK = threading.Lock()
_WORDS_LOCK = threading.Lock()
_LADDER_LOCK = threading.Lock()
WORDS_RETRY_SECONDS = 60  # after the common words could not be read
_INDEXES: dict[tuple, "FacetIndex"] = {}  # (database, generation) -> index; the newest only


# _SET_BITS[b]: the positions of the set bits of the byte b, lowest first.
_SET_BITS = [tuple(i for i in range(8) if b >> i & 1) for b in range(256)]
_BIT_COUNT = [b.bit_count() for b in range(256)]


@dataclass(frozen=True)
class FacetIndex:
    everything: int  # every program of the base queryset
    groups: dict[str, dict[tuple, int]]  # facet name -> its columns' values -> bit set
    order: array  # order[r]: the id of the program at position r of the default order
    # position[id]: the program's position in `order` (-1: not indexed); an array indexed
    # by id, or a dict when the ids are too sparse for one.
    position: array | dict
    reach: Reach | None = None
    # state -> the programs that cannot enrol its residents (their enrolment restrictions)
    restricted: dict[str, int] = field(default_factory=dict)
    # sort -> each position's key for that order (lowest first), for by_column and
    # at_most.
    sort_keys: dict[str, array] = field(default_factory=dict)
    # What is worked out on first use, once per index: the common words ("words", and
    # "retry_at" after a failed read), each column's Ladder (("ladder", sort)) and each
    # facet option's programs (("option", name, value)).
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def words(self, base) -> dict:
        """The common words of the indexed programs (`base`, the queryset the index was
        built from), {lexeme: word_index.Word}: read the first time a keyword search
        asks, once per index (i.e. per generation). If the database fails to give them,
        none: searches use the database, and the read is tried again after
        WORDS_RETRY_SECONDS, not on every request."""
        found = self._memo.get("words")
        if found is None:
            from . import word_index

            with _WORDS_LOCK:
                found = self._memo.get("words")
                if found is None and time.monotonic() >= self._memo.get("retry_at", 0):
                    try:
                        found = self._memo["words"] = word_index.common_words(self, base)
                    except DatabaseError:
                        logger.warning("Common words not read; searching the database")
                        self._memo["retry_at"] = time.monotonic() + WORDS_RETRY_SECONDS
        return found or {}

    def at_most(self, sort: str, most: int, unknown: bool = False) -> int:
        """The programs whose figure for `sort` (an order lowest first, of
        ProgramFilter.COLUMN_SORTS) is at most `most`; with `unknown`, also those that
        publish none (Ladder, made on the first such search of each index)."""
        ladder = self._memo.get(("ladder", sort))
        if ladder is None:
            with _LADDER_LOCK:  # one request makes it; the others wait for it
                ladder = self._memo.get(("ladder", sort))
                if ladder is None:
                    ladder = self._memo[("ladder", sort)] = Ladder.of(self.sort_keys[sort])
        found = ladder.at_most(most)
        return found | ladder.unknown if unknown else found

    def of_ids(self, ids) -> int:
        """The bit set of these program ids (ids not in the index are left out)."""
        position = self.position  # position_of, inlined: tens of thousands of ids at a time
        if isinstance(position, dict):
            return bits(p for i in ids if (p := position.get(i, -1)) >= 0)
        size = len(position)
        return bits(p for i in ids if 0 <= i < size and (p := position[i]) >= 0)

    def position_of(self, pk: int) -> int:
        """The program's position in `order`; -1 for a program not in the index."""
        position = self.position
        if isinstance(position, dict):
            return position.get(pk, -1)
        return position[pk] if 0 <= pk < len(position) else -1

    def few(self, count: int) -> bool:
        """Whether `count` programs are few enough to hand to the database by their ids:
        at most max_ids(), and at most a quarter of the index (else reading them by id
        costs more than the condition it saves)."""
        return count <= max_ids() and count * 4 <= len(self.order)

    def page_ids(self, members: int, offset: int, limit: int) -> list[int]:
        """The ids of the programs in `members` from the `offset`-th (0 first) to the
        (`offset` + `limit`)-th, in the default order."""
        found = []
        if limit <= 0:
            return found
        skip = offset
        data = members.to_bytes((members.bit_length() + 7) // 8, "little")
        for at, byte in enumerate(data):
            if not byte:
                continue
            count = _BIT_COUNT[byte]
            if skip >= count:
                skip -= count
                continue
            for bit in _SET_BITS[byte][skip:]:
                found.append(self.order[(at << 3) + bit])
                if len(found) == limit:
                    return found
            skip = 0
        return found

    def by_column(self, members: int, sort: str, stop: int) -> list[int]:
        """The ids of the first `stop` programs of `members` in the order `sort` (one of
        ProgramFilter.COLUMN_SORTS), equal figures in the default order."""
        order = self.order
        key = self.sort_keys[sort].__getitem__
        # heapq is stable, as sorted() is: positions come in the default order.
        return [order[p] for p in heapq.nsmallest(stop, self.positions_in(members), key=key)]

    def by_rank(self, members: int, tiers: tuple, stop: int) -> list[int]:
        """The ids of the first `stop` programs of `members`, highest rank first, equal
        ranks in the default order (as ProgramFilter.order sorts by relevance). `tiers`:
        (rank, bit set of its programs) pairs, highest rank first (in_rank_order)."""
        found = []
        for _rank, tier in tiers:
            if len(found) >= stop:
                break
            found.extend(self.page_ids(members & tier, 0, stop - len(found)))
        return found

    @staticmethod
    def positions_in(members: int) -> list[int]:
        """The positions of the set bits of `members`, lowest first."""
        found = []
        data = members.to_bytes((members.bit_length() + 7) // 8, "little")
        for at, byte in enumerate(data):
            if byte:
                base = at << 3
                found.extend(base + bit for bit in _SET_BITS[byte])
        return found

    def option(self, name: str, value: str, option_test) -> int:
        """The programs of facet `name`'s option `value` (`option_test(value)` says which
        of its groups they are), worked out once per index: every list page counts all
        80 or so options."""
        key = ("option", name, value)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self.matching(name, option_test(value))
        return found

    def matching(self, name: str, test) -> int:
        """The programs whose values for facet `name` pass `test`."""
        found = 0
        for key, members in self.groups[name].items():
            if test(key):
                found |= members
        return found


# A sort key after every figure: programs that publish none come last.
_NO_FIGURE = 2**62
LADDER_STEP = 2048  # Ladder: the step between its sets


@dataclass(frozen=True)
class Ladder:
    """One column's figures as limits: the positions in the column's order (equal figures
    in position order), their keys, and the set of the first k * `step` of them for each
    k. Any limit is then one of those sets and fewer than `step` bits more: at 100,000
    listings about 50 sets of up to 12 kB, and 1.2 MB of arrays."""

    keys: array  # the sort keys, lowest first
    positions: array  # the position of each of those keys
    rungs: tuple[int, ...]  # rungs[k]: the set of positions[: k * step]
    step: int
    unknown: int  # the programs that publish no figure

    @classmethod
    def of(cls, keys: array) -> "Ladder":
        step = LADDER_STEP
        positions = array("i", sorted(range(len(keys)), key=keys.__getitem__))
        rungs = [0]
        for start in range(0, len(positions) - step + 1, step):
            rungs.append(rungs[-1] | bits(positions[start : start + step]))
        ordered = array("q", (keys[p] for p in positions))
        known = bisect.bisect_left(ordered, _NO_FIGURE)
        return cls(ordered, positions, tuple(rungs), step, bits(positions[known:]))

    def at_most(self, most: int) -> int:
        """The programs whose key is at most `most`."""
        end = bisect.bisect_right(self.keys, most)
        rung = end // self.step
        return self.rungs[rung] | bits(self.positions[rung * self.step : end])


def build(base, filters: dict, sorts: dict | None = None) -> FacetIndex:
    """One query: every program of `base` with its facet columns and the columns of
    `sorts` (ProgramFilter.COLUMN_SORTS), in the default order, grouped in Python."""
    columns, names_of = {}, {}
    for name, f in filters.items():
        facet_columns = f.facet_columns()
        columns.update(facet_columns)
        names_of[name] = list(facet_columns)
    sorts = sorts or {}
    sort_columns = [column for column, _highest_first in sorts.values()]
    rows = base.in_default_order().annotate(**columns)
    rows = rows.values_list("pk", *columns, *sort_columns)
    column_order = list(columns)
    sort_at = {
        sort: (len(column_order) + 1 + i, highest_first)
        for i, (sort, (_column, highest_first)) in enumerate(sorts.items())
    }
    sort_keys = {sort: array("q") for sort in sorts}
    # One pass over the rows (100,000 at the benchmark's largest size): the key of a
    # one-column facet is the value itself, turned into a 1-tuple once per group below.
    single, multiple = [], []
    for name, cols in names_of.items():
        at = [column_order.index(c) + 1 for c in cols]
        if len(at) == 1:
            single.append((name, at[0], defaultdict(list)))
        else:
            multiple.append((name, at, defaultdict(list)))
    order = []  # ids in the default order
    for rank, row in enumerate(rows.iterator(chunk_size=5000)):
        order.append(row[0])
        for _name, i, found in single:
            found[row[i]].append(rank)
        for _name, at, found in multiple:
            found[tuple(row[i] for i in at)].append(rank)
        for sort, (i, highest_first) in sort_at.items():
            sort_keys[sort].append(_sort_key(row[i], highest_first))
    members = {name: {(key,): ids for key, ids in found.items()} for name, _i, found in single}
    members.update({name: dict(found) for name, _at, found in multiple})
    index = FacetIndex(
        (1 << len(order)) - 1,
        {
            name: {key: bits(ranks) for key, ranks in found.items()}
            for name, found in members.items()
        },
        array("q", order),
        _positions(order),
        sort_keys=sort_keys,
    )
    return replace(index, reach=read_reach(index), restricted=_restricted(index))


def _sort_key(value, highest_first: bool) -> int:
    """A figure (a whole number or a date) as a key sorted lowest first."""
    if value is None:
        return _NO_FIGURE
    number = value.toordinal() if isinstance(value, date) else int(value)
    return -number if highest_first else number


def _restricted(index: FacetIndex) -> dict[str, int]:
    """One query: for each state, the indexed programs with an enrolment restriction for
    it (the rule of models.querysets.enrolling_condition, which the tests hold this to)."""
    from .models import EnrollmentRestriction

    found = defaultdict(list)
    rows = EnrollmentRestriction.objects.order_by().values_list("state", "program_id")
    for state, program_id in rows.iterator(chunk_size=5000):
        if (position := index.position_of(program_id)) >= 0:
            found[state].append(position)
    return {state: bits(positions) for state, positions in found.items()}


def _positions(order: list[int]) -> array | dict:
    """The inverse of `order`: an array indexed by id (4 bytes an id, where a dict takes
    about 100 a program), unless the ids are so sparse that a dict is smaller."""
    largest = max(order, default=0)
    if largest > 25 * len(order) + 100_000:
        return {pk: rank for rank, pk in enumerate(order)}
    position = array("i", [-1]) * (largest + 1)
    for rank, pk in enumerate(order):
        position[pk] = rank
    return position


def get(
    base, filters: dict, generation: int | None, sorts: dict | None = None
) -> FacetIndex | None:
    """This process's index of `base` for the directory's current generation; None (the
    counts are then made in the database) when the index is switched off
    (MLT_FACET_INDEX=0), the generation is unknown, or a transaction is open."""
    if not settings.FACET_INDEX or generation is None:
        return None
    if connection.in_atomic_block:
        # Inside a transaction (a write not yet committed, or a test) the generation number
        # may be rolled back and later reused for other data: count in the database.
        return None
    # The rows of `base` are its model's rows meeting its WHERE clause: the clause compares
    # and hashes by its conditions, which is cheaper than compiling the query to SQL.
    key = (
        connection.alias,
        connection.settings_dict.get("NAME"),
        generation,
        base.model,
        base.query.where,
        tuple(sorts or ()),
    )
    index = _INDEXES.get(key)
    if index is None:
        with _LOCK:
            index = _INDEXES.get(key)
            if index is None:
                with one_snapshot():
                    index = build(base, filters, sorts)
                _INDEXES.clear()  # an older generation is never asked for again
                _INDEXES[key] = index
    return index


@contextmanager
def one_snapshot():
    """The index's reads (its rows, sessions, sites and restrictions: four queries) see
    the database as of one moment, so that a write committed between two of them cannot
    give one generation an index that is half before it and half after: one read-only
    transaction, REPEATABLE READ on PostgreSQL (whose default gives each statement its own
    snapshot); SQLite's transactions already read one state of the file."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def max_ids() -> int:
    """A set of programs this small is handed to the database by its ids (an IN list), so
    that a costly condition is tested on those rows only: up to 10,000 on PostgreSQL, 500
    on SQLite (its older builds allow 999 parameters in one query, and the other
    conditions need some)."""
    return 10_000 if connection.vendor == "postgresql" else 500


def meeting(
    index: FacetIndex, base, conditions, within: int | None = None, rank=None
) -> tuple[int, tuple | None]:
    """The bit set of the programs of `base` that meet every one of `conditions`; with
    `within` (a bit set), of those programs only. With `rank` (an expression: the
    keywords' relevance), the same query also reads the programs of each rank: (rank, bit
    set) pairs, highest rank first (rank_tiers)."""
    if within == 0:
        # No candidates (two chosen facets that share no program): nothing to ask, and
        # Django would not compile `pk__in=[]` for the plain cursor below (EmptyResultSet).
        return 0, (None if rank is None else ())
    rows = base.filter(*conditions)
    if within is not None and index.few(within.bit_count()):
        rows = rows.filter(pk__in=index.page_ids(within, 0, max_ids()))
    rows = rows.order_by()
    kept = index.everything if within is None else within
    if rank is None:
        return index.of_ids(rows.values_list("pk", flat=True)) & kept, None
    rows = rows.annotate(_rank=rank)
    if connection.vendor == "postgresql":
        # Grouped in the database: a common word's tens of thousands of matches at
        # 100,000 listings have a handful of distinct ranks, so a few rows of id arrays
        # come back instead of a row per match (and no sort of them in Python).
        rows = rows.values("_rank").annotate(_ids=ArrayAgg("pk")).values_list("_rank", "_ids")
    else:
        rows = rows.values_list("_rank", "pk")
    # Read with a plain cursor: Django's per-row converters cost more than the rest.
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if connection.vendor != "postgresql":
        grouped = defaultdict(list)
        for value, pk in found:
            grouped[value].append(pk)
        found = grouped.items()
    tiers = rank_tiers(index, found, kept)
    return members_of(tiers), tiers


def rank_tiers(index: FacetIndex, groups, kept: int) -> tuple:
    """From (rank, ids) pairs, one per rank: (rank, the bit set of those programs within
    `kept`), highest rank first. NULL ids (a rank that is a constant, so the database
    groups nothing, over no rows) are no programs. A rank read from PostgreSQL is its
    exact float4 value (single)."""
    return in_rank_order((single(rank), index.of_ids(ids or ()) & kept) for rank, ids in groups)


def members_of(tiers) -> int:
    """Every program of (rank, bit set) tiers."""
    found = 0
    for _rank, members in tiers:
        found |= members
    return found


def single(value):
    """A float as the single-precision (float4) number it stands for. psycopg2 reads a
    float4 as its shortest decimal ("0.081056945"), which as a Python float is not the
    float4's value; ranks worked out in Python (word_index.InMemory.rank) are. Other
    values (SQLite's whole-number ranks, NULL) are kept."""
    if not isinstance(value, float):
        return value
    return struct.unpack("f", struct.pack("f", value))[0]


def in_rank_order(tiers) -> tuple:
    """(rank, bit set) pairs, highest rank first, the bit sets of equal ranks merged. A
    NULL rank goes last (only a tier of no programs has one: ts_rank of a match is never
    NULL)."""
    merged = defaultdict(int)
    for rank, members in tiers:
        merged[rank] |= members
    ordered = sorted(merged.items(), key=lambda tier: (tier[0] is not None, tier[0] or 0))
    return tuple(reversed(ordered))
