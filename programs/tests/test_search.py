"""Keyword search: the field's vocabulary, typo tolerance (words corrected against the
directory's vocabulary by trigram similarity, the same measure as pg_trgm), ZIP and state
names as suggestions, and queries with nothing searchable. On SQLite and PostgreSQL."""

import pytest
from django.db import connection

from programs.choices import AccreditationStatus, Agency, Credential, Delivery
from programs.filters import ProgramFilter
from programs.models import Program
from programs.search import KeywordSearch
from programs.vocabulary import similar_words, trigrams

from .factories import InstitutionFactory, ProgramFactory

VOCABULARY = frozenset({"laboratory", "technology", "technician", "dayton", "valley", "college"})


def test_trigrams_match_pg_trgm_padding():
    assert trigrams("Cat") == {"  c", " ca", "cat", "at "}


def test_similar_words_corrects_typos_and_leaves_out_unrelated_words():
    assert similar_words("laboratroy", VOCABULARY)[0] == "laboratory"
    assert similar_words("Daytn", VOCABULARY) == ["dayton"]
    assert similar_words("colege", VOCABULARY) == ["college"]
    assert "technology" in similar_words("technolgy", VOCABULARY)
    assert similar_words("zebra", VOCABULARY) == []


def test_a_changed_vocabulary_is_read_again():
    """Each vocabulary's trigrams are worked out once; a new one is not answered from the
    old one's."""
    assert similar_words("zebr", VOCABULARY) == []
    assert similar_words("zebr", VOCABULARY | {"zebra"}) == ["zebra"]
    assert similar_words("zebr", VOCABULARY) == []


# --- Reading a query: the field's vocabulary, typos, ZIP and state names, nothing to search.
# These run on SQLite and on PostgreSQL (DATABASE_URL=postgres://...).


def found(q, **params):
    return set(ProgramFilter({"q": q, **params}, queryset=Program.objects.published()).qs)


@pytest.fixture
def directory(db):
    """Three programs with names that never say 'MLT', in Cincinnati, Phoenix and Dayton."""
    return {
        "cincinnati": ProgramFactory(
            name="Clinical Laboratory Science Technician, AS",
            credential=Credential.AS,
            accreditation_agency=Agency.NAACLS,  # continuing: ASCP and AMT
            institution=InstitutionFactory(
                name="Queen City College", city="Cincinnati", state="OH", zip_code="45202"
            ),
        ),
        "phoenix": ProgramFactory(
            name="Medical Laboratory Technology, AAS",
            credential=Credential.AAS,
            delivery=Delivery.HYBRID,
            # Not accredited, at an accredited college: AMT only.
            accreditation_agency=Agency.NONE,
            accreditation_status=AccreditationStatus.NOT_ACCREDITED,
            institution=InstitutionFactory(
                name="Desert College", city="Phoenix", state="AZ", zip_code="85004"
            ),
        ),
        "dayton": ProgramFactory(
            name="Medical Laboratory Technician Certificate",
            credential=Credential.CERTIFICATE,
            # A serious applicant at a college without a named accreditor: ASCP only.
            accreditation_agency=Agency.ABHES,
            accreditation_status=AccreditationStatus.SERIOUS_APPLICANT,
            institution=InstitutionFactory(
                name="Buckeye College", city="Dayton", state="OH", zip_code="45402", accreditor=""
            ),
        ),
    }


@pytest.mark.parametrize(
    "q",
    [
        "MLT",
        "mlt",
        "CLT",
        "med lab tech",
        "Medical Lab Technician",
        "clinical lab technician",
        "clinical laboratory technology",
        "lab tech",
    ],
)
def test_the_fields_names_for_the_job_match_every_listing(directory, q):
    assert found(q) == set(directory.values())
    assert KeywordSearch(q).notes[0].key == "mlt"


def test_the_job_name_combines_with_other_words(directory):
    assert found("MLT Phoenix") == {directory["phoenix"]}
    assert found("med lab tech in Ohio") == {directory["cincinnati"], directory["dayton"]}


@pytest.mark.parametrize("q", ["MLS", "CLS", "medical laboratory scientist", "MLS(ASCP)"])
def test_the_senior_role_is_explained_and_left_out_of_the_search(directory, q):
    search = KeywordSearch(q)
    assert [t.key for t in search.notes] == ["mls"]
    assert search.read_as == []  # "MLS(ASCP)" is not read as the MLT(ASCP) filter
    assert found(q) == set(directory.values())
    assert found(f"{q} Dayton") == {directory["dayton"]}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("certificate", {"dayton"}),
        ("AAS", {"phoenix"}),
        ("associate degree", {"phoenix", "cincinnati"}),
        ("associate of science", {"cincinnati"}),
        ("ASCP", {"cincinnati", "dayton"}),
        ("MLT(AMT)", {"cincinnati", "phoenix"}),
        ("amt certificate", set()),
        ("NAACLS accredited", {"cincinnati"}),
        ("hybrid", {"phoenix"}),
        ("certificate Ohio", {"dayton"}),
    ],
)
def test_credential_and_certification_names_work_as_their_filters(directory, q, expected):
    assert found(q) == {directory[key] for key in expected}
    assert KeywordSearch(q).read_as  # the page says how it read them


def test_hybrid_also_matches_a_listing_that_calls_itself_hybrid(directory):
    described = ProgramFactory(name="Evening Hybrid Track", delivery=Delivery.ONLINE)
    assert found("hybrid") == {directory["phoenix"], described}


def test_a_typo_finds_the_city_on_every_database_and_says_what_it_searched(directory):
    assert found("Cincinati") == {directory["cincinnati"]}
    assert found("MLT cincinatti") == {directory["cincinnati"]}
    assert found("Daytn") == {directory["dayton"]}
    search = KeywordSearch("Cincinati")
    search.condition  # noqa: B018
    assert search.corrections == {"Cincinati": "cincinnati"}
    # A word like nothing in the directory still finds nothing.
    assert found("zqxwv") == set()


def test_a_typo_that_only_a_draft_spells_so_is_still_corrected(directory):
    """Whether the words match as typed is asked of published programs only: a draft with
    the misspelling must not stop the correction (and show nothing)."""
    from programs.choices import PublicationStatus

    ProgramFactory(
        name="Draft program",
        institution=InstitutionFactory(name="Cincinati Draft School", city="Cincinati"),
        status=PublicationStatus.DRAFT,
    )
    assert found("Cincinati") == {directory["cincinnati"]}


def test_words_that_match_as_typed_are_not_corrected(directory):
    search = KeywordSearch("Dayton")
    assert set(Program.objects.filter(search.condition)) == {directory["dayton"]}
    assert search.corrections == {}


def test_a_zip_in_the_keywords_is_a_suggestion_not_a_word(directory):
    search = KeywordSearch("certificate 43215")
    assert search.place.zip_code == "43215"
    assert search.words == []
    [suggestion] = search.suggestions
    assert suggestion.text == "Search near 43215 (Columbus, OH)"
    assert suggestion.params == {"zip": "43215", "q": "certificate", "page": None}
    assert found("certificate 43215") == {directory["dayton"]}
    # Five digits that are not a ZIP stay a word (and match nothing here).
    assert KeywordSearch("00000").place is None
    assert found("00000") == set()


def test_a_state_name_in_the_keywords_suggests_the_state_filters(directory):
    search = KeywordSearch("certificate west virginia")
    assert search.state.value == "WV"
    assert [s.params for s in search.suggestions] == [
        {"state": "WV", "q": "certificate", "page": None},
        {"enrolls": "WV", "q": "certificate", "page": None},
    ]
    assert found("Ohio") == {directory["cincinnati"], directory["dayton"]}


@pytest.mark.parametrize("q", ["😀🧪", "!!!", "  -- ", "“”"])
def test_a_query_with_nothing_searchable_is_said_so_and_filters_nothing(directory, q):
    assert KeywordSearch(q).nothing_searchable
    assert found(q) == set(directory.values())


def test_the_page_explains_how_it_read_the_keywords(client, directory):
    page = client.get("/programs/", {"q": "😀"})
    assert page.status_code == 200
    assert "have no letters or numbers we can search for" in page.text

    page = client.get("/programs/", {"q": "43215"})
    assert "looks like a ZIP code" in page.text
    assert 'href="/programs/?zip=43215"' in page.text

    page = client.get("/programs/", {"q": "MLS"})
    assert "this directory lists MLT programs only" in page.text
    assert 'href="/careers/what-an-mlt-does/#mlt-or-medical-technologist"' in page.text

    page = client.get("/programs/", {"q": "Cincinati"})
    assert "Queen City College" in page.text
    assert "Buckeye College" not in page.text
    assert "similar words: <strong>cincinnati</strong>" in page.text

    page = client.get("/programs/", {"q": "ascp certificate"})
    assert "whose graduates can sit the MLT(ASCP) exam" in page.text
    assert "Buckeye College" in page.text
    assert "Desert College" not in page.text


def test_the_live_partial_carries_the_notes_too(client, directory):
    page = client.get("/programs/", {"q": "43215"}, headers={"HX-Request": "true"})
    assert page.status_code == 200
    assert "looks like a ZIP code" in page.text


def test_odd_queries_never_fail(directory):
    for q in ['"unbalanced -( OR & !', "MLT(", "A.A.S.", "cert-", "43215-", "mls mls mls", "ñ"]:
        list(ProgramFilter({"q": q, "sort": "relevance"}, queryset=Program.objects.all()).qs)
    assert connection.vendor in {"sqlite", "postgresql"}
