"""Keyword search over programs.

PostgreSQL: full-text search on the stored, weighted `search_vector` (websearch syntax, so
no user input can make a malformed tsquery); when that finds nothing, each word is swapped
for the most similar words (trigram similarity) of the directory's vocabulary and the
full-text search runs again with them (typo tolerance through the same GIN index).
SQLite: every word must appear (case-insensitively) in the name, description, institution
name, city, state code or state name; ranked by matches in the program name first.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from .choices import State

MAX_WORDS = 8
CONFIG = "english"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)[:MAX_WORDS]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def keyword_condition(text: str) -> Q:
    """A condition on Program rows for the keywords in `text` (never raises on odd input).

    On PostgreSQL this runs one cheap query (an indexed EXISTS) to choose between the exact
    full-text condition and the typo-tolerant one.
    """
    words = _words(text)
    if not words:
        return Q()
    if is_postgres():
        return _postgres_condition(text, words)
    condition = Q()
    for word in words:
        state_codes = [code for code, name in State.choices if word.lower() in name.lower()]
        condition &= (
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(institution__name__icontains=word)
            | Q(institution__city__icontains=word)
            | Q(institution__state__iexact=word)
            | Q(institution__state__in=state_codes)
        )
    return condition


def _postgres_condition(text: str, words: list[str]) -> Q:
    """Full text (GIN index on the stored, weighted vector) when the words match as typed.
    Otherwise each word is replaced by the words of the directory's vocabulary (program and
    institution names, cities) that are most similar to it by trigram similarity, and the
    full-text search runs with those: 'laboratroy' finds 'Laboratory', through the same index."""
    from .models import Program

    exact = Q(search_vector=SearchQuery(text, search_type="websearch", config=CONFIG))
    if Program.objects.filter(exact).exists():
        return exact
    vocabulary = _vocabulary()
    fuzzy = None
    for word in words:
        alternatives = similar_words(word, vocabulary)
        if not alternatives:
            return Q(pk__isnull=True)  # a word like nothing in the directory: no match
        either = None
        for alternative in alternatives:
            query = SearchQuery(alternative, search_type="plain", config=CONFIG)
            either = query if either is None else either | query
        fuzzy = either if fuzzy is None else fuzzy & either
    return Q(search_vector=fuzzy)


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: lower-cased, padded with two spaces before and one
    after."""
    padded = f"  {word.lower()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similar_words(word: str, vocabulary: frozenset[str], limit: int = 3) -> list[str]:
    """The vocabulary words most similar to `word` (trigram similarity >= 0.4)."""
    wanted = trigrams(word)
    scored = []
    for candidate in vocabulary:
        theirs = trigrams(candidate)
        score = len(wanted & theirs) / len(wanted | theirs)
        if score >= SIMILARITY_THRESHOLD:
            scored.append((score, candidate))
    scored.sort(reverse=True)
    return [candidate for _, candidate in scored[:limit]]


SIMILARITY_THRESHOLD = 0.4
VOCABULARY_CACHE_SECONDS = 600


def _vocabulary() -> frozenset[str]:
    """Distinct words (3+ letters) of published program names, institution names and
    cities; cached, since names change rarely."""
    from django.core.cache import cache

    from .models import Institution, Program

    cached = cache.get("search:vocabulary")
    if cached is not None:
        return cached
    texts = (
        Program.objects.published()
        .order_by()
        .values_list("name", flat=True)
        .union(
            Institution.objects.order_by().values_list("name", flat=True),
            Institution.objects.order_by().values_list("city", flat=True),
        )
        .order_by()
    )  # one query; UNION removes the duplicates
    words = frozenset(w.lower() for t in texts for w in re.findall(r"[^\W\d_]{3,}", t))
    cache.set("search:vocabulary", words, VOCABULARY_CACHE_SECONDS)
    return words


def relevance(text: str, condition: Q | None = None):
    """An expression to order by (higher is more relevant): on PostgreSQL the full-text
    rank of the query that matched (as typed, or with its words corrected)."""
    if is_postgres():
        query = _search_query(condition) or SearchQuery(
            text, search_type="websearch", config=CONFIG
        )
        return SearchRank(F("search_vector"), query)
    whens = []
    for word in _words(text):
        whens.append(When(name__icontains=word, then=Value(2)))
        whens.append(When(institution__name__icontains=word, then=Value(1)))
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _search_query(condition: Q | None):
    """The full-text query inside a keyword condition, if it has one."""
    if condition is not None and len(condition.children) == 1:
        lookup, value = condition.children[0]
        if lookup == "search_vector":
            return value
    return None
