"""The directory's vocabulary, and the words of it most like a misspelled one.

A keyword search that finds nothing as typed widens each word to its most similar words
of the vocabulary (programs/search.py): the distinct words of published program names,
institution names, cities and state names, by trigram similarity as pg_trgm measures it
(on both databases, so both correct a word the same way).
"""

import re

from .choices import State

SIMILARITY_THRESHOLD = 0.4
VOCABULARY_CACHE_SECONDS = 600


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: lower-cased, padded with two spaces before and one
    after."""
    padded = f"  {word.lower()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similar_words(word: str, vocabulary: frozenset[str], limit: int = 3) -> list[str]:
    """The vocabulary words most similar to `word` (trigram similarity >= 0.4)."""
    wanted = trigrams(word)
    scored = []
    for candidate, theirs in _trigram_table(vocabulary):
        shared = len(wanted & theirs)
        if not shared:
            continue
        score = shared / (len(wanted) + len(theirs) - shared)  # |A ∩ B| / |A ∪ B|
        if score >= SIMILARITY_THRESHOLD:
            scored.append((score, candidate))
    scored.sort(reverse=True)
    return [candidate for _, candidate in scored[:limit]]


_TABLE: tuple = (None, ())  # (vocabulary, ((word, its trigrams), ...)): the last one asked


def _trigram_table(vocabulary: frozenset[str]) -> tuple:
    """Each vocabulary word with its trigrams, worked out once per vocabulary (about
    10,000 words at 100,000 listings, asked for every word of a misspelled search)."""
    global _TABLE
    known, table = _TABLE
    if known != vocabulary:
        table = tuple((word, frozenset(trigrams(word))) for word in vocabulary)
        _TABLE = (vocabulary, table)  # one assignment: a thread sees the old or the new
    return table


_STATE_WORDS = frozenset(w.lower() for _, name in State.choices for w in name.split())


def words() -> frozenset[str]:
    """Distinct words (3+ letters) of published program names, institution names, cities
    and state names; cached until the directory changes."""
    from django.core.cache import cache

    from .generation import current
    from .models import Institution, Program

    key = f"search:vocabulary:{current()}"  # a new school's name is known at once
    cached = cache.get(key)
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
    words |= {w for w in _STATE_WORDS if len(w) >= 3}
    cache.set(key, words, VOCABULARY_CACHE_SECONDS)
    return words
