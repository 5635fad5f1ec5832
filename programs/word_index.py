"""Common words of the keyword search, kept in memory with the facet index.

PostgreSQL finds the listings of a word that is in many of them by reading the whole
table: at 100,000 listings, 85-130 ms for "college" or "laboratory", however the
result is then used. A rarer word is a quick look-up in the full-text index. So, the
first time a keyword search asks after each directory write, each process reads every
word in at least COMMON_WORD_SHARE of the listings, with its programs and their ranks
(`common_words`, one query). A search whose full-text query is lexemes any one of which
matches (one word as typed, or a misspelled word's corrections), one of them common,
then leaves only the rare ones to the database (`known`, facets._InIndex).

PostgreSQL says how it reads a query: the check that the keywords are found as typed
returns the lexemes too (search._any, `single_lexeme`), and a correction's lexeme is
asked for once a process (`lexemes_of`).
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection

from . import facet_index, search

# A word in at least this share of the listings is kept in memory.
COMMON_WORD_SHARE = 0.10


@dataclass(frozen=True)
class Word:
    """A common word's programs (a lexeme of their search_vector): all of them, and those of
    each rank of the one-word full-text query, as (rank, bit set) pairs, highest rank
    first (as facet_index.rank_tiers)."""

    members: int
    tiers: tuple


@dataclass(frozen=True)
class InMemory:
    """What the index knows of a search's keywords: `word`, the one common word among
    the lexemes that match (the keywords, or a word's corrections); `rare`, the condition
    of the listings with one of the others (None: there are none); `count`, how many
    lexemes the full-text query has."""

    word: Word
    rare: object  # a Q, or None
    count: int

    def rank(self, one_word_rank: float) -> float:
        """The rank of a listing with the common word and none of the others: ts_rank
        adds each matched word's part and divides by the query's words (calc_rank_or),
        in single precision. `one_word_rank` is an exact float4 (facet_index.single), and
        a division of two such numbers worked out in double, then rounded once to
        single, is the one single precision gives."""
        if self.count == 1:
            return one_word_rank
        return facet_index.single(one_word_rank / self.count)


def known(index, base, keywords) -> InMemory | None:
    """How the index answers `keywords` (search.KeywordSearch), or None: one of its
    lexemes must be a common word, and at most one."""
    if keywords is None or not keywords.lexemes:
        return None
    words = index.words(base)
    common = [lexeme for lexeme in keywords.lexemes if lexeme in words]
    if len(common) != 1:
        return None
    others = [lexeme for lexeme in keywords.lexemes if lexeme not in words]
    rare = keywords.condition_for(others) if others else None
    return InMemory(words[common[0]], rare, len(keywords.lexemes))


def compiled(query: SearchQuery) -> tuple[str, list]:
    """The SQL of a full-text query expression, and its parameters."""
    from .models import Program

    sql_query = Program.objects.all().query
    compiler = sql_query.get_compiler(connection=connection)
    return compiler.compile(query.resolve_expression(sql_query))


_LEXEMES: dict[str, str | None] = {}  # word -> its lexeme (lexemes_of), for this process
_UNSEEN = object()


def lexemes_of(words) -> list[str | None]:
    """The one lexeme PostgreSQL reads each word as (plainto_tsquery), or None: one query
    for the words not seen before. It depends on the word and the text search
    configuration only, so each word is asked once a process."""
    found = {word: _LEXEMES.get(word, _UNSEEN) for word in words}
    found = {word: lexeme for word, lexeme in found.items() if lexeme is not _UNSEEN}
    missing = [word for word in dict.fromkeys(words) if word not in found]
    if missing:
        parts = [compiled(search.plain_query(word)) for word in missing]
        sql = ", ".join(f"({part})::text" for part, _params in parts)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {sql}", [p for _part, params in parts for p in params])  # noqa: S608 (Django's SQL)
            read = dict(zip(missing, map(single_lexeme, cursor.fetchone()), strict=True))
        if len(_LEXEMES) > 10_000:
            _LEXEMES.clear()
        _LEXEMES.update(read)
        found.update(read)
    return [found[word] for word in words]


_ONE_LEXEME = re.compile(r"'((?:[^'\\]|''|\\.)+)'")
_ESCAPED = re.compile(r"''|\\(.)")


def single_lexeme(tsquery: str | None) -> str | None:
    """The lexeme of a tsquery's text when it is one lexeme alone ("'colleg'" -> "colleg";
    "'medic' & 'laboratori'" -> None); quotes and backslashes in it come doubled."""
    match = _ONE_LEXEME.fullmatch(tsquery or "")
    if not match:
        return None
    return _ESCAPED.sub(lambda escaped: escaped.group(1) or "'", match.group(1))


# The tsquery text of the lexeme g.lexeme alone, as it is stored (not parsed or stemmed
# again): in quotes, with its quotes and backslashes doubled.
_LEXEME_QUERY = "'''' || replace(replace(g.lexeme, '\\', '\\\\'), '''', '''''') || ''''"


def common_words(index, base) -> dict[str, Word]:
    """One query: each common lexeme of `base`'s search vectors with its programs, grouped
    by the weights of its positions, and the rank of each group.

    PostgreSQL's ts_rank of a one-word query depends only on that word's entry in the
    vector, and of the entry only on the weights of its positions, in order (its
    calc_rank_or). So one program of each (lexeme, weights) group is ranked, by
    PostgreSQL itself: the ranks are exactly those a query would give, and at 100,000
    listings the 46 words in a tenth of them or more make 58 groups."""
    least = max(1, math.ceil(len(index.order) * COMMON_WORD_SHARE))
    if connection.vendor != "postgresql" or least > len(index.order):
        return {}
    quote = connection.ops.quote_name
    model = base.model
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    rows, params = base.order_by().values("pk", "search_vector").query.sql_with_params()
    # Only quoted names and Django's own SQL are interpolated; values are parameters.
    sql = f"""
        WITH p AS NOT MATERIALIZED ({rows}),
        common AS (
            SELECT x.lexeme FROM p, unnest(p.search_vector) x
            GROUP BY x.lexeme HAVING count(*) >= %s
        ),
        g AS (
            SELECT x.lexeme, x.weights, min(p.pk) AS sample, array_agg(p.pk) AS ids
            FROM p, unnest(p.search_vector) x
            WHERE x.lexeme IN (SELECT lexeme FROM common)
            GROUP BY x.lexeme, x.weights
        )
        SELECT g.lexeme, ts_rank(t.search_vector, ({_LEXEME_QUERY})::tsquery), g.ids
        FROM g JOIN {table} t ON t.{pk} = g.sample
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, least])
        found = cursor.fetchall()
    groups = defaultdict(list)
    for lexeme, rank, ids in found:
        groups[lexeme].append((rank, ids))
    words = {}
    for lexeme, ranked in groups.items():
        # Groups of other weights can have the same rank: rank_tiers merges them.
        tiers = facet_index.rank_tiers(index, ranked, index.everything)
        words[lexeme] = Word(facet_index.members_of(tiers), tiers)
    return words
