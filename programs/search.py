"""Keyword search over programs.

A query is read in three steps (`KeywordSearch`):

1. The field's own vocabulary is recognised first, the same way on every database: "MLT",
   "CLT", "med lab tech", "clinical laboratory technician" name what every listed program
   trains for, so they match every listing; "MLS"/"CLS" name a different, senior role that
   the directory does not list (said so, with a link to the guide); credential names
   ("certificate", "AAS", "associate degree") and certifications ("ASCP", "AMT") become
   the same conditions as the matching filters.
2. A ZIP code or a state name among the keywords becomes a suggestion ("Search near
   43215?"); a ZIP is not searched as a word (no listing's text contains one).
3. The remaining words are searched. PostgreSQL: full-text search on the stored, weighted
   `search_vector` (websearch syntax, so no user input can make a malformed tsquery).
   SQLite: every word must appear (case-insensitively) in the name, description,
   institution name, city, state code or state name. On both, when that finds nothing,
   each word is widened to the most similar words of the directory's vocabulary (trigram
   similarity, as pg_trgm measures it: programs/vocabulary.py), and the page says which
   words it used. A word in many listings is not looked for in each of them: the facet
   index knows its listings (programs/word_index.py).

A query with nothing left to search (only emoji or punctuation) is said so, and the
results are not filtered by it.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from . import accreditation, geo, vocabulary, word_index
from .choices import Agency, Credential, Delivery, State

MAX_WORDS = 8
CONFIG = "english"


@dataclass(frozen=True)
class Term:
    """A phrase of the field's vocabulary, what it means for the search, and what the page
    says about it (`guide` is a guide page slug and anchor to read more)."""

    key: str
    pattern: str
    condition: Q
    note: str = ""
    guide: tuple[str, str] | None = None
    label: str = ""  # for a term that works as a filter: "programs <label>"
    source: tuple[str, str] | None = None  # (title, URL) of the note's source
    # Also match listings whose text has the words (a "hybrid" program described as such
    # but recorded as online coursework still matches "hybrid").
    or_text: bool = False


_MLT_NOTE = (
    "Every program in this directory trains medical laboratory technicians (MLT), the job "
    "O*NET lists as medical and clinical laboratory technicians (CLT), so these words match "
    "every listing."
)
ONET_MLT = ("O*NET 29-2012.00", "https://www.onetonline.org/link/summary/29-2012.00")
_MLS_NOTE = (
    "MLS, CLS and medical technologist name the senior laboratory scientist role, which "
    "usually needs a bachelor's degree; this directory lists MLT programs only. These words "
    "were left out of the search."
)

# Longest phrases first: a phrase is taken out of the text once it is recognised.
TERMS = [
    Term(
        "mls",
        r"(?:medical|clinical)\s+lab(?:oratory)?\s+scientists?|medical\s+technologists?|"
        r"MLS\s*\(\s*ASCP\s*\)|MLS|CLS",
        Q(),
        _MLS_NOTE,
        ("what-an-mlt-does", "mlt-or-medical-technologist"),
    ),
    Term(
        "ascp",
        r"MLT\s*\(\s*ASCP\s*\)|ASCP",
        accreditation.ascp_condition(),
        label="whose graduates can sit the MLT(ASCP) exam",
    ),
    Term(
        "amt",
        r"MLT\s*\(\s*AMT\s*\)|AMT",
        accreditation.amt_condition(),
        label="whose graduates can sit the MLT(AMT) exam",
    ),
    Term(
        "mlt",
        r"(?:medical|med|clinical)\.?\s+lab(?:oratory)?\.?(?:\s+science)?\s+"
        r"tech(?:nicians?|nology|nologies|s)?\.?|lab(?:oratory)?\s+technicians?|"
        r"lab\s+techs?|MLTs?|CLTs?",
        Q(),
        _MLT_NOTE,
        ("what-an-mlt-does", ""),
        source=ONET_MLT,
    ),
    Term(
        "aas",
        r"associates?\s+of\s+applied\s+science|A\.?A\.?S\.?",
        Q(credential=Credential.AAS),
        label="awarding an Associate of Applied Science (AAS)",
    ),
    Term(
        "aos",
        r"associates?\s+of\s+occupational\s+studies|A\.?O\.?S\.?",
        Q(credential=Credential.AOS),
        label="awarding an Associate of Occupational Studies (AOS)",
    ),
    Term(
        "as",
        r"associates?\s+of\s+science|A\.S\.",
        Q(credential=Credential.AS),
        label="awarding an Associate of Science (AS)",
    ),
    Term(
        "associate",
        r"associate(?:'s|s)?(?:\s+degrees?)?",
        Q(credential__in=Credential.associate()),
        label="awarding an associate degree (AAS, AS or AOS)",
    ),
    Term(
        "certificate",
        r"certificates?|certs?",
        Q(credential=Credential.CERTIFICATE),
        label="awarding a certificate",
    ),
    Term(
        "hybrid",
        r"hybrid",
        Q(delivery=Delivery.HYBRID),
        label="with required campus sessions (hybrid)",
        or_text=True,
    ),
    Term(
        "naacls",
        r"NAACLS(?:[\s-]+accredited)?",
        Q(accreditation_agency=Agency.NAACLS),
        label="accredited by NAACLS",
    ),
    Term(
        "abhes",
        r"ABHES(?:[\s-]+accredited)?",
        Q(accreditation_agency=Agency.ABHES),
        label="accredited by ABHES",
    ),
]
_TERM_RES = [(term, re.compile(rf"(?<!\w)(?:{term.pattern})(?!\w)", re.I)) for term in TERMS]
_ZIP_RE = re.compile(r"(?<![\w-])(\d{5})(?:-\d{4})?(?![\w-])")
# Longest names first, so "West Virginia" is found before "Virginia".
_STATE_RES = [
    (State(code), re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.I))
    for code, name in sorted(State.choices, key=lambda choice: -len(choice[1]))
]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)[:MAX_WORDS]


def _any(queryset, query: SearchQuery) -> tuple[bool, str | None]:
    """Whether `queryset` has a row (queryset.exists(), planned so that a word found
    nowhere costs an index look-up), and on PostgreSQL the one lexeme `query` asks for,
    when it asks for just one (else None), from the same query.

    For `... WHERE search_vector @@ query LIMIT 1` PostgreSQL guesses that some rows match
    and reads the table until it finds one: for a misspelled word, all of it (130 ms at
    100,000 listings). A materialized CTE is planned without the LIMIT, so it uses the GIN
    index (3 ms), and still stops at the first row found."""
    if not is_postgres():
        return queryset.exists(), None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    text_sql, text_params = word_index.compiled(query)
    # The SQL is Django's, with the values as parameters.
    wrapped = (
        f"WITH found AS MATERIALIZED ({sql}) "  # noqa: S608
        f"SELECT EXISTS (SELECT 1 FROM found), ({text_sql})::text"
    )
    with connection.cursor() as cursor:
        cursor.execute(wrapped, [*params, *text_params])
        found, text = cursor.fetchone()
    return found, word_index.single_lexeme(text)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _remove(pattern: re.Pattern, text: str) -> str:
    return _clean(pattern.sub(" ", text))


@dataclass
class Suggestion:
    """Another way to ask: `params` replace the current query string's values."""

    text: str
    params: dict = field(default_factory=dict)


class KeywordSearch:
    """What the keywords mean (terms, words, suggestions), the condition on Program rows,
    the ordering and what the page says about the search. Never raises on odd input."""

    def __init__(self, text: str):
        self.text = text
        rest = text
        self.terms: list[Term] = []
        self._term_conditions = []
        for term, pattern in _TERM_RES:
            match = pattern.search(rest)
            if match:
                self.terms.append(term)
                condition = term.condition
                if term.or_text:
                    condition |= _text_condition(match.group(0))
                self._term_conditions.append(condition)
                rest = _remove(pattern, rest)
        # A ZIP or a state name is looked for in the text as typed; the suggestion keeps
        # everything else that was typed.
        self.place = None
        self._without_zip = text
        for match in _ZIP_RE.finditer(text):
            self.place = geo.lookup_zip(match.group(1))
            if self.place:
                self._without_zip = _clean(text.replace(match.group(0), " "))
                rest = _clean(rest.replace(match.group(0), " "))
                break
        self.state = None
        self._without_state = text
        for state, pattern in _STATE_RES:
            if pattern.search(text):
                self.state = state
                self._without_state = _remove(pattern, text)
                break
        self.rest = rest  # the text left to search (websearch syntax kept)
        self.words = _words(rest)
        self.corrections: dict[str, str] = {}
        self._query = None  # PostgreSQL: the full-text query that matched
        # PostgreSQL: the lexemes of that query when it is lexemes any one of which
        # matches, and the keywords hold no term (the facet index may then know their
        # programs: word_index.known); the word searched for each.
        self.lexemes: tuple[str, ...] = ()
        self._words_of: dict[str, str] = {}

    @property
    def nothing_searchable(self) -> bool:
        """Keywords were typed, but not one word, term or ZIP could be read from them."""
        return bool(self.text.strip()) and not (self.words or self.terms or self.place)

    @cached_property
    def condition(self) -> Q:
        """The condition on Program rows. When the words as typed match nothing, one query
        finds that out and the words are widened to similar words of the vocabulary."""
        from .models import Program

        condition = Q()
        for term_condition in self._term_conditions:
            condition &= term_condition
        if not self.words:
            return condition
        exact = self._exact_condition()
        found, lexeme = _any(Program.objects.published().filter(condition & exact), self._query)
        if found:
            self._keep_lexemes([(lexeme, self.rest)])
            return condition & exact
        return condition & self._fuzzy_condition()

    def _keep_lexemes(self, pairs) -> None:
        """Keep (lexeme, word) pairs of a search of full-text words only, any one of which
        matches: one word, or one word's corrections."""
        lexemes = [lexeme for lexeme, _word in pairs]
        if self._term_conditions or None in lexemes or len(set(lexemes)) != len(lexemes):
            return
        self.lexemes, self._words_of = tuple(lexemes), dict(pairs)

    def condition_for(self, lexemes) -> Q:
        """PostgreSQL: the listings with any of these of the search's lexemes."""
        return Q(search_vector=plain_query(*(self._words_of[lexeme] for lexeme in lexemes)))

    def _exact_condition(self) -> Q:
        if is_postgres():
            self._query = SearchQuery(self.rest, search_type="websearch", config=CONFIG)
            return Q(search_vector=self._query)
        condition = Q()
        for word in self.words:
            condition &= _word_condition(word)
        return condition

    def _fuzzy_condition(self) -> Q:
        """Each word, or one of the vocabulary words most similar to it."""
        known_words = vocabulary.words()
        fuzzy = None if is_postgres() else Q()
        for word in self.words:
            alternatives = vocabulary.similar_words(word, known_words)
            if alternatives and alternatives[0] != word.lower():
                self.corrections[word] = alternatives[0]
            if is_postgres():
                if not alternatives:
                    self._query = None
                    return Q(pk__isnull=True)  # a word like nothing in the directory
                either = plain_query(*alternatives)
                fuzzy = either if fuzzy is None else fuzzy & either
            else:
                either = _word_condition(word)
                for alternative in alternatives:
                    either |= _word_condition(alternative)
                fuzzy &= either
        if is_postgres():
            self._query = fuzzy
            if len(self.words) == 1:
                lexemes = word_index.lexemes_of(alternatives)
                self._keep_lexemes(list(zip(lexemes, alternatives, strict=True)))
            return Q(search_vector=fuzzy)
        return fuzzy

    def relevance(self):
        """An expression to order by (higher is more relevant): on PostgreSQL the full-text
        rank of the query that matched; on SQLite, name matches before school matches."""
        self.condition  # noqa: B018 (decides which query matched)
        if is_postgres():
            if self._query is None:
                return Value(0.0)
            return SearchRank(F("search_vector"), self._query)
        whens = []
        for word in [*self.words, *self.corrections.values()]:
            whens.append(When(name__icontains=word, then=Value(2)))
            whens.append(When(institution__name__icontains=word, then=Value(1)))
        if not whens:
            return Value(0)
        return Case(*whens, default=Value(0), output_field=IntegerField())

    @property
    def read_as(self) -> list[str]:
        """What the terms that work as filters keep, in words."""
        return [term.label for term in self.terms if term.label]

    @property
    def notes(self) -> list[Term]:
        """The recognised terms the page explains (each explained once)."""
        return [term for term in self.terms if term.note]

    @property
    def suggestions(self) -> list[Suggestion]:
        """Filters that say better what the keywords seem to mean."""
        found = []
        if self.place:
            rest = self._without_zip
            found.append(
                Suggestion(
                    f"Search near {self.place.zip_code} ({self.place.city}, {self.place.state})",
                    {"zip": self.place.zip_code, "q": rest or None, "page": None},
                )
            )
        if self.state:
            rest = self._without_state
            found.append(
                Suggestion(
                    f"Only schools in {self.state.label}",
                    {"state": self.state.value, "q": rest or None, "page": None},
                )
            )
            found.append(
                Suggestion(
                    f"Programs that enrol {self.state.label} residents",
                    {"enrolls": self.state.value, "q": rest or None, "page": None},
                )
            )
        return found


def _text_condition(text: str) -> Q:
    """Listings whose searchable text has every word of `text`."""
    if is_postgres():
        return Q(search_vector=plain_query(text))
    condition = Q()
    for word in _words(text):
        condition &= _word_condition(word)
    return condition


def plain_query(*texts: str) -> SearchQuery:
    """PostgreSQL: the full-text query matching any of `texts`, each read as plain words
    (plainto_tsquery)."""
    either = None
    for text in texts:
        query = SearchQuery(text, search_type="plain", config=CONFIG)
        either = query if either is None else either | query
    return either


def _word_condition(word: str) -> Q:
    """SQLite: the word in the name, description, school name, city, state code or name."""
    state_codes = [code for code, name in State.choices if word.lower() in name.lower()]
    return (
        Q(name__icontains=word)
        | Q(description__icontains=word)
        | Q(institution__name__icontains=word)
        | Q(institution__city__icontains=word)
        | Q(institution__state__iexact=word)
        | Q(institution__state__in=state_codes)
    )
