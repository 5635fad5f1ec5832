"""Keyword search over programs.

PostgreSQL: full-text search on the stored, weighted `search_vector` (websearch syntax, so
no user input can make a malformed tsquery); when that finds nothing, trigram word
similarity of every word to the program or the institution name (typo tolerance).
SQLite: every word must appear (case-insensitively) in the name, description, institution
name, city, state code or state name; ranked by matches in the program name first.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, Greatest

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
    """Full text (GIN index on the stored, weighted vector) when the words match as typed;
    otherwise every word must be similar (trigram word similarity, GIN trigram indexes) to a
    word of the program name or of the institution name: 'laboratroy' finds 'Laboratory'."""
    from .models import Institution, Program

    exact = Q(search_vector=SearchQuery(text, search_type="websearch", config=CONFIG))
    if Program.objects.filter(exact).exists():
        return exact
    condition = Q()
    for word in words:
        similar_institutions = Institution.objects.filter(name__trigram_word_similar=word)
        condition &= Q(name__trigram_word_similar=word) | Q(
            institution_id__in=similar_institutions.values("pk")
        )
    return condition


def relevance(text: str):
    """An expression to order by (higher is more relevant)."""
    if is_postgres():
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        return Coalesce(SearchRank(F("search_vector"), query), Value(0.0)) + Greatest(
            TrigramWordSimilarity(text, "name"),
            TrigramWordSimilarity(text, "institution__name"),
            output_field=FloatField(),
        ) * Value(0.5)
    whens = []
    for word in _words(text):
        whens.append(When(name__icontains=word, then=Value(2)))
        whens.append(When(institution__name__icontains=word, then=Value(1)))
    return Case(*whens, default=Value(0), output_field=IntegerField())
