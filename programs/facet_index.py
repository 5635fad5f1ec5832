"""Facet counts from an in-memory index, so a new filter combination costs no aggregate pass.

Counting every facet option in SQL evaluates about a hundred conditions on every published
program (programs/facets.py, `count_in_database`): at 100,000 listings that was ~150 ms per
new filter combination. Instead, each process keeps, per directory generation, one bit set
(a Python int, bit n = program id n) per group of equal facet values: for the state facet,
one set per state; for campus days, one per number of days. The index is read from the
database in one query the first time a generation is asked for, i.e. once after each
directory write, and then answers every combination with a few AND and popcount
operations on those ints (a hundredth of a millisecond each).

Conditions that are not facets (keywords, the ZIP radius, state of residence, limits) are
left to the database: one query returns the ids of the programs that meet them, and their
bit set narrows the counts. A facet's own options and its chosen values are read from the
index with the facet filter's `group_test` (filter_kinds.py), the Python twin of its SQL
condition; programs/tests/test_facet_index.py checks both give the same counts.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

_LOCK = threading.Lock()
_INDEXES: dict[tuple, "FacetIndex"] = {}  # (database, generation) -> index; the newest only


def bits(ids) -> int:
    """The bit set of these program ids."""
    ids = list(ids)
    if not ids:
        return 0
    array = bytearray((max(ids) >> 3) + 1)
    for i in ids:
        array[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(array, "little")


@dataclass(frozen=True)
class FacetIndex:
    everything: int  # every program of the base queryset
    groups: dict[str, dict[tuple, int]]  # facet name -> its columns' values -> bit set

    def matching(self, name: str, test) -> int:
        """The programs whose values for facet `name` pass `test`."""
        found = 0
        for key, members in self.groups[name].items():
            if test(key):
                found |= members
        return found


def build(base, filters: dict) -> FacetIndex:
    """One query: every program of `base` with its facet columns, grouped in Python."""
    columns, names_of = {}, {}
    for name, f in filters.items():
        facet_columns = f.facet_columns()
        columns.update(facet_columns)
        names_of[name] = list(facet_columns)
    rows = base.order_by().annotate(**columns).values_list("pk", *columns)
    order = list(columns)
    # One pass over the rows (100,000 at the benchmark's largest size): the key of a
    # one-column facet is the value itself, turned into a 1-tuple once per group below.
    single, multiple = [], []
    for name, cols in names_of.items():
        at = [order.index(c) + 1 for c in cols]
        if len(at) == 1:
            single.append((name, at[0], defaultdict(list)))
        else:
            multiple.append((name, at, defaultdict(list)))
    everything = []
    for row in rows.iterator(chunk_size=5000):
        pk = row[0]
        everything.append(pk)
        for _name, i, found in single:
            found[row[i]].append(pk)
        for _name, at, found in multiple:
            found[tuple(row[i] for i in at)].append(pk)
    members = {name: {(key,): ids for key, ids in found.items()} for name, _i, found in single}
    members.update({name: dict(found) for name, _at, found in multiple})
    return FacetIndex(
        bits(everything),
        {name: {key: bits(ids) for key, ids in found.items()} for name, found in members.items()},
    )


def get(base, filters: dict, generation: int | None) -> FacetIndex | None:
    """This process's index of `base` for the directory's current generation; None (the
    counts are then made in the database) when the index is switched off
    (MLT_FACET_INDEX=0), the generation is unknown, or a transaction is open."""
    if not settings.FACET_INDEX or generation is None:
        return None
    if connection.in_atomic_block:
        # Inside a transaction (a write not yet committed, or a test) the generation number
        # may be rolled back and later reused for other data: count in the database.
        return None
    key = (connection.alias, connection.settings_dict.get("NAME"), generation, str(base.query))
    index = _INDEXES.get(key)
    if index is None:
        with _LOCK:
            index = _INDEXES.get(key)
            if index is None:
                index = build(base, filters)
                _INDEXES.clear()  # an older generation is never asked for again
                _INDEXES[key] = index
    return index


def ids_meeting(base, conditions) -> int:
    """The bit set of the programs of `base` that meet every one of `conditions`."""
    return bits(base.filter(*conditions).order_by().values_list("pk", flat=True))
