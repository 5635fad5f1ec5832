"""Keyword search over programs.

PostgreSQL: full-text search on the stored, weighted `search_vector` (websearch syntax, so
no user input can make a malformed tsquery), or trigram word similarity of every word to
the program or the institution name (typo tolerance); ranked by both.
SQLite: every word must appear (case-insensitively) in the name, description, institution
name, city, state code or state name; ranked by matches in the program name first.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Greatest

from .choices import State

MAX_WORDS = 8
CONFIG = "english"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)[:MAX_WORDS]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def keyword_condition(text: str) -> Q:
    """A condition on Program rows for the keywords in `text` (never raises on odd input)."""
    words = _words(text)
    if not words:
        return Q()
    if is_postgres():
        return Q(pk__in=_postgres_matches(text, words))
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


def _postgres_matches(text: str, words: list[str]):
    """Ids of programs that match: the whole query by full text (GIN index on the stored
    vector), or every word by trigram word similarity to the program name, or every word to
    the institution name (GIN trigram indexes). A union, so each branch uses its index."""
    from .models import Institution, Program

    by_text = Program.objects.filter(
        search_vector=SearchQuery(text, search_type="websearch", config=CONFIG)
    )
    name_similar = Q()
    institution_similar = Q()
    for word in words:
        name_similar &= Q(name__trigram_word_similar=word)
        institution_similar &= Q(name__trigram_word_similar=word)
    by_name = Program.objects.filter(name_similar)
    by_institution = Program.objects.filter(
        institution_id__in=Institution.objects.filter(institution_similar).values("pk")
    )
    return (
        by_text.values("pk").union(by_name.values("pk"), by_institution.values("pk")).values("pk")
    )


def relevance(text: str):
    """An expression to order by (higher is more relevant)."""
    if is_postgres():
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        return SearchRank(F("search_vector"), query) + Greatest(
            TrigramWordSimilarity(text, "name"),
            TrigramWordSimilarity(text, "institution__name"),
            output_field=FloatField(),
        ) * Value(0.5)
    whens = []
    for word in _words(text):
        whens.append(When(name__icontains=word, then=Value(2)))
        whens.append(When(institution__name__icontains=word, then=Value(1)))
    return Case(*whens, default=Value(0), output_field=IntegerField())
