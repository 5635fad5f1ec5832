"""Facet counts from the in-memory index (programs/facet_index.py) are the counts SQL gives.

The index is only kept outside a transaction, so these tests commit (transaction=True).
"""

import datetime
import re
import time
from types import SimpleNamespace

import pytest
from django.contrib.postgres.search import SearchRank
from django.db import OperationalError, connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from programs import facet_index, facets, search, word_index
from programs.choices import (
    AccreditationStatus,
    AdmissionStatus,
    Agency,
    ClinicalArrangement,
    Credential,
    Delivery,
    PublicationStatus,
)
from programs.filters import ProgramFilter
from programs.models import Program

from .factories import InstitutionFactory, LabSessionFactory, ProgramFactory, SiteFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh(settings):
    settings.FACET_CACHE_SECONDS = 0  # every count is worked out, not read from the cache
    facet_index._INDEXES.clear()
    yield
    facet_index._INDEXES.clear()


@pytest.fixture
def certifications():
    """One program whose graduates can sit ASCP only (a serious applicant at a school with
    no institutional accreditor), one both exams, one AMT only (not accredited, at an
    accredited school)."""
    no_accreditor, accredited = (
        InstitutionFactory(state="KY", accreditor=""),
        InstitutionFactory(state="OH"),
    )
    ProgramFactory(
        institution=no_accreditor, accreditation_status=AccreditationStatus.SERIOUS_APPLICANT
    )
    ProgramFactory(institution=accredited)
    ProgramFactory(
        institution=accredited,
        accreditation_agency=Agency.NONE,
        accreditation_status=AccreditationStatus.NOT_ACCREDITED,
    )


@pytest.fixture
def directory():
    """Programs that differ in every faceted column, including unknown campus days."""
    ohio, kentucky = InstitutionFactory(state="OH"), InstitutionFactory(state="KY", accreditor="")
    ProgramFactory(institution=ohio, name="Hematology online", credential=Credential.AAS)
    ProgramFactory(
        institution=kentucky,
        credential=Credential.CERTIFICATE,
        accreditation_agency=Agency.NONE,
        accreditation_status=AccreditationStatus.NOT_ACCREDITED,
        clinical_arrangement=ClinicalArrangement.STUDENT_FINDS,
    )
    ProgramFactory(
        institution=kentucky,
        accreditation_status=AccreditationStatus.SERIOUS_APPLICANT,
        delivery=Delivery.ONLINE_LIVE,
    )
    dayton = SiteFactory(name="Dayton lab", zip_code="45402")
    LabSessionFactory(program__institution=ohio, visits=2, total_days=4, sites=[dayton])
    LabSessionFactory(program__institution=kentucky, total_days=12, sites=[dayton])
    LabSessionFactory(program__institution=ohio, days=None, total_days=None, sites=[dayton])
    ProgramFactory(institution=ohio, status=PublicationStatus.DRAFT)  # never counted


SEARCHES = [
    "",
    "state=OH",
    "state=OH&state=KY",
    "credential=aas&accreditation=continuing",
    "lab=none",
    "lab=5",
    "lab=3",  # not a preset: any number of days
    "certification=ascp",
    "certification=ascp&certification=amt",
    "agency=none&clinical=student_finds",
    "delivery=hybrid&state=KY&lab=30",
    "q=hematology",
    "q=hematology&state=KY",  # nothing matches
    "q=hematology&state=WY&accreditation=probation",  # two facets with no program in common
    "zip=43210&radius=150&lab=30",
    "max_tuition=5000",
]


def counts(query: str, use_index: bool, settings) -> facets.FacetResult:
    settings.FACET_INDEX = use_index
    filterset = ProgramFilter(QueryDict(query), queryset=Program.objects.published())
    return facets.count_facets(filterset, Program.objects.published(), generation=1)


@pytest.mark.parametrize("query", SEARCHES)
def test_the_index_counts_what_the_database_counts(directory, settings, query):
    from_index = counts(query, True, settings)
    assert facet_index._INDEXES, "the index was not used"
    from_database = counts(query, False, settings)
    assert from_index == from_database


def test_keywords_with_two_facets_that_match_nothing_find_nothing(directory, settings, client):
    """The facets' candidates are no programs: the keywords' ranked search has nothing to
    ask (it used to compile `pk__in=[]` and fail with a server error)."""
    settings.FACET_INDEX = True
    query = "q=hematology&state=WY&accreditation=probation"
    page = client.get(f"/programs/?{query}")
    assert page.status_code == 200
    assert facet_index._INDEXES, "the index was not used"
    assert "No published program matches all of these filters." in page.text
    api = client.get(f"/api/programs/?{query}")
    assert api.status_code == 200
    assert (api.json()["count"], api.json()["results"]) == (0, [])
    assert client.get("/programs/?q=hematology&state=OH").context["view"].facets.total == 1


def test_the_counts_say_what_a_hand_count_says(directory, settings):
    result = counts("state=KY", True, settings)
    assert result.total == 3  # two all-online programs and the 12-day hybrid in Kentucky
    states = {o.value: o.count for o in result.facets["state"].options}
    assert states == {"KY": 3, "OH": 3}  # a facet is counted without its own choice
    lab = {o.value: o.count for o in result.facets["lab"].options}
    assert lab == {"none": 2, "2": 2, "5": 2, "10": 2, "30": 3}


@pytest.mark.parametrize("use_index", [True, False])
@pytest.mark.parametrize("query", ["", "certification=ascp", "certification=amt&state=KY"])
def test_an_options_count_is_what_ticking_it_gives(certifications, settings, use_index, query):
    """Graduates must be able to sit every chosen exam (the values are AND-ed), so an exam's
    count is taken with the exams already chosen; a state's (OR-ed) without the states
    chosen, since ticking one adds its programs."""
    shown = counts(query, use_index, settings)
    for name in ("certification", "state"):
        for option in shown.facets[name].options:
            ticked = QueryDict(query, mutable=True)
            if option.value in ticked.getlist(name):
                continue
            ticked.appendlist(name, option.value)
            if name == "state":  # an OR-ed option counts what choosing it instead gives
                ticked.setlist(name, [option.value])
            found = counts(ticked.urlencode(), use_index, settings).total
            assert option.count == found, (name, option.value)
    exams = {
        o.value: o.count
        for o in counts("certification=ascp", use_index, settings).facets["certification"].options
    }
    assert exams["amt"] == 1  # the one program whose graduates can sit both (not 2)


def test_a_directory_write_is_counted_on_the_next_request(directory, settings, client):
    before = client.get("/programs/?state=KY").context["view"].facets.total
    ProgramFactory(institution=InstitutionFactory(state="KY"))  # bumps the generation
    assert client.get("/programs/?state=KY").context["view"].facets.total == before + 1


def test_with_the_index_no_aggregate_query_runs(directory, settings, client):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/programs/")  # builds this generation's index
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/programs/?state=OH&credential=aas&lab=5")
    assert response.status_code == 200
    assert "Hematology online" in response.text
    assert not any("COUNT(*) FILTER" in q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as with_keyword:
        client.get("/programs/?q=hematology&state=OH")
    # The keyword is not a facet: one query for the ids it matches, no aggregate.
    assert not any("COUNT(*) FILTER" in q["sql"] for q in with_keyword.captured_queries)
    assert len(with_keyword.captured_queries) <= 8


# Searches that find nothing: the "remove a filter" counts.
NOTHING_SEARCHES = [
    "q=hematology&state=KY",  # one condition that is not a facet
    "q=hematology&max_tuition=1&state=OH",  # two: one query over the facets' programs
    "q=hematology&max_tuition=1&enrolls=OH&state=OH&credential=aas",
    "max_tuition=1&enrolls=OH",  # both applied from the index: no query of conditions
    # Two conditions that only the database tests, over too many programs to name by id:
    # the database counts.
    "q=zzqx&max_nights=0&zip=43215&radius=3000",
    "zip=99501&radius=25&state=KY&max_tuition=1",  # the ZIP radius names what it leaves out
    "q=zzqx",  # a word like nothing in the directory
]


@pytest.mark.parametrize("query", NOTHING_SEARCHES)
def test_remove_a_filter_counts_from_the_index_are_the_databases(
    directory, settings, monkeypatch, query
):
    monkeypatch.setattr(facet_index.FacetIndex, "few", lambda self, count: count < 5)
    with CaptureQueriesContext(connection) as queries:
        from_index = counts(query, True, settings)
    from_database = counts(query, False, settings)
    assert from_index.total == 0
    assert from_index.loosen, "nothing to loosen tests nothing"
    assert from_index.loosen == from_database.loosen
    aggregate = any("COUNT(*) FILTER" in q["sql"] for q in queries.captured_queries)
    assert aggregate == ("max_nights" in query)


def test_switched_off_the_counts_come_from_the_database(directory, settings, client):
    settings.FACET_INDEX = False
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        client.get("/programs/?state=OH")
    assert any("COUNT(*) FILTER" in q["sql"] for q in queries.captured_queries)
    assert not facet_index._INDEXES


@pytest.fixture
def ordered(directory):
    """Names whose order depends on the database's collation (case, accents, spaces), a
    program not taking students (it goes last) and an inactive one (the same)."""
    ohio = InstitutionFactory(state="OH")
    # Figures for the column sorts: lower, equal (ties) and none published.
    figures = [(4000, 12, 95, 3), (9000, None, 85, 0), (None, 18, None, 40), (4000, 12, 70, 3)]
    names = ["apple valley MLT", "Apple Valley MLT", "Émile College", "Zeta", "a b", "ab"]
    for name, (tuition, months, rate, days_ago) in zip(names, figures * 2, strict=False):
        ProgramFactory(
            institution=ohio,
            name=name,
            tuition_total=tuition,
            length_months=months,
            pass_rate=rate,
            last_verified=datetime.date.today() - datetime.timedelta(days=days_ago),
        )
    ProgramFactory(
        institution=ohio,
        name="Aardvark",
        admission_status=AdmissionStatus.NOT_ADMITTING,
        tuition_total=4000,  # ties the cheapest, and goes after them: not taking students
    )
    ProgramFactory(
        institution=ohio, name="Abbey", accreditation_status=AccreditationStatus.INACTIVE
    )
    # Labs only in Anchorage: out of reach of any Ohio ZIP, so the radius takes it out.
    LabSessionFactory(
        program__institution=ohio,
        program__name="Far labs",
        sites=[SiteFactory(name="Anchorage lab", zip_code="99501")],
    )


ZIP_SEARCHES = ["zip=43210&radius=150", "zip=43210&radius=150&state=OH", "zip=99501&radius=25"]

# Conditions the index applies from what it keeps: the state of residence (its enrolment
# restrictions) and the limits (its keys for the tuition and length orders).
KEPT_SEARCHES = [
    "enrolls=OH",
    "enrolls=KY&state=OH",
    "enrolls=TX",  # no program is restricted there
    "max_tuition=4000",  # ties at the limit are in
    "max_tuition=3999&tuition_unknown=1",  # just under the ties: only the unknown
    "max_tuition=4000&tuition_unknown=1",  # and those that publish no tuition
    "max_tuition=0&tuition_unknown=1",
    "max_months=12",
    "max_months=17&enrolls=OH&state=OH",
    "max_tuition=9000&max_months=18&enrolls=KY&zip=43210&radius=150",
    "q=college&max_tuition=9000&enrolls=OH",
]


@pytest.fixture
def restricted(ordered):
    """Enrolment restrictions for Ohio and Kentucky residents, on a few programs."""
    from programs.models import EnrollmentRestriction

    for name, state in [("Zeta", "OH"), ("Émile College", "OH"), ("ab", "KY"), ("Zeta", "KY")]:
        EnrollmentRestriction.objects.create(program=Program.objects.get(name=name), state=state)


@pytest.mark.parametrize("step", [2, facet_index.LADDER_STEP])  # many sets; one
@pytest.mark.parametrize("query", KEPT_SEARCHES)
def test_residency_and_limits_from_the_index_are_the_databases(
    restricted, settings, monkeypatch, query, step
):
    monkeypatch.setattr(facet_index, "LADDER_STEP", step)
    settings.FACET_INDEX = True
    programs = Program.objects.published().with_details()
    counts("", True, settings)  # builds the index
    filterset = ProgramFilter(QueryDict(query), queryset=programs)
    with CaptureQueriesContext(connection) as queries:
        found = facets.count_facets(filterset, Program.objects.published(), generation=1)
    # No query tests them: the programs they leave out come from the index.
    for sql in (q["sql"] for q in queries.captured_queries):
        assert "tuition_total" not in sql and "length_months" not in sql, sql
        assert "programs_enrollmentrestriction" not in sql, sql
    assert found == counts(query, False, settings)
    expected = list(filterset.qs.values_list("name", flat=True))
    assert [p.name for p in facets.search_results(filterset, found, programs)[0:50]] == expected
    assert expected, "a search that finds nothing tests less"


@pytest.mark.parametrize(
    "query",
    [
        "enrolls=OH&max_tuition=1",
        "enrolls=OH&max_tuition=1&tuition_unknown=1&state=KY",
        "enrolls=KY&max_months=1&zip=99501&radius=25",
        "q=zeta&enrolls=OH",
        "q=zeta&enrolls=OH&max_tuition=5000",
    ],
)
def test_remove_a_filter_counts_with_residency_and_limits_are_the_databases(
    restricted, settings, monkeypatch, query
):
    monkeypatch.setattr(facet_index.FacetIndex, "few", lambda self, count: count < 5)
    from_index = counts(query, True, settings)
    assert from_index.total == 0
    assert from_index.loosen, "nothing to loosen tests nothing"
    assert from_index.loosen == counts(query, False, settings).loosen


@pytest.mark.parametrize("step", [1, 4, 16, 17])  # 16 programs: a step that divides them
@pytest.mark.parametrize(
    "query",
    [
        "max_tuition=10000000",  # the validators' largest limits
        "max_tuition=10000000&tuition_unknown=1",
        "max_months=240",
        "max_tuition=0",
        "max_months=1&tuition_unknown=1",  # the box is the tuition limit's only
    ],
)
def test_limits_at_the_ladders_edges_count_what_the_database_counts(
    restricted, settings, monkeypatch, step, query
):
    ProgramFactory(name="Sixteenth", tuition_total=10_000_000, length_months=240)
    assert Program.objects.published().count() == 16
    monkeypatch.setattr(facet_index, "LADDER_STEP", step)
    assert counts(query, True, settings) == counts(query, False, settings)


def test_the_index_keeps_the_restrictions_the_database_reads(restricted):
    from programs.models import EnrollmentRestriction

    draft = ProgramFactory(status=PublicationStatus.DRAFT)
    EnrollmentRestriction.objects.create(program=draft, state="OH")  # never indexed
    index = facet_index.build(Program.objects.published(), {})
    for state in ["OH", "KY", "TX"]:
        enrolling = index.of_ids(
            Program.objects.published().enrolling(state).values_list("pk", flat=True)
        )
        assert index.everything & ~index.restricted.get(state, 0) == enrolling, state
    assert index.restricted["OH"].bit_count() == 2


@pytest.mark.parametrize("query", ZIP_SEARCHES)
def test_the_zip_radius_takes_out_the_programs_out_of_reach(ordered, settings, query):
    from_index = counts(query, True, settings)
    from_database = counts(query, False, settings)
    assert from_index == from_database
    near_ohio = query.startswith("zip=43210")
    programs = Program.objects.published()
    names = [
        p.name
        for p in facets.search_results(
            ProgramFilter(QueryDict(query), queryset=programs), from_index, programs.with_details()
        )[:50]
    ]
    assert ("Far labs" in names) != near_ohio  # in reach of Anchorage only
    assert "Hematology online" in names  # no campus sessions: in reach of anywhere


def test_the_index_finds_out_of_reach_what_the_database_finds(ordered):
    """reach.Reach follows conditions.out_of_reach: for every place and radius, the
    same programs, for sessions of every kind."""
    from programs import geo
    from programs.choices import LabLocation
    from programs.conditions import near_sites, out_of_reach

    ohio = InstitutionFactory(state="OH")
    columbus, dayton = SiteFactory(zip_code="43215"), SiteFactory(zip_code="45402")
    both = ProgramFactory(institution=ohio, name="Columbus and Dayton")
    LabSessionFactory(program=both, sites=[columbus])
    LabSessionFactory(program=both, sites=[dayton])
    three = ProgramFactory(institution=ohio, name="Three sessions")
    for sites in ([columbus], [columbus, dayton], [columbus]):
        LabSessionFactory(program=three, sites=sites)
    six = ProgramFactory(institution=ohio, name="Six sessions")  # the last, deepest layer
    for sites in [[columbus]] * 5 + [[dayton]]:
        LabSessionFactory(program=six, sites=sites)
    LabSessionFactory(program__institution=ohio, program__name="No site", sites=[])
    LabSessionFactory(
        program__institution=ohio,
        program__name="Unknown place",
        location=LabLocation.UNKNOWN,
        sites=[SiteFactory(zip_code="99501")],
    )
    LabSessionFactory(
        program__institution=ohio, program__name="Local lab instead", local_alternative=True
    )
    LabSessionFactory(
        program__institution=ohio,
        program__name="At work",
        location=LabLocation.WORKPLACE,
        sites=[SiteFactory(zip_code="99501")],
    )
    LabSessionFactory(program__institution=ohio, program__status=PublicationStatus.DRAFT)
    index = facet_index.build(Program.objects.published(), {})
    names = dict(Program.objects.values_list("pk", "name"))
    for zip_code, miles in [
        ("43215", 1),
        ("43215", 80),
        ("43215", 3000),
        ("45402", 5),
        ("99501", 50),
    ]:
        place = geo.lookup_zip(zip_code)
        near = near_sites(place, miles).values_list("pk", flat=True)
        from_index = index.reach.out_of_reach(near)
        expected = index.of_ids(out_of_reach(place, miles))
        assert from_index == expected, (zip_code, miles)
        out = {names[pk] for pk in index.page_ids(from_index, 0, 100)}
        assert "No site" in out  # never near
        assert ("Unknown place" in out) == (zip_code != "99501")  # near its one site only
        assert not out & {"Local lab instead", "At work"}  # no travel needed
        assert ("Columbus and Dayton" in out) == (miles < 80)  # 70 miles apart
        assert ("Three sessions" in out) == (zip_code != "43215" and miles < 80)
        assert ("Six sessions" in out) == (miles < 80)


@pytest.mark.parametrize(
    "query", ["q=hematology&state=OH&credential=aas", "q=online&state=OH&lab=30", *ZIP_SEARCHES]
)
def test_conditions_tested_on_the_candidates_by_id_count_the_same(
    ordered, settings, monkeypatch, query
):
    """The few candidates the chosen facets leave are handed to the database by id."""
    monkeypatch.setattr(facet_index.FacetIndex, "few", lambda self, count: True)
    monkeypatch.setattr(word_index, "COMMON_WORD_SHARE", 2)  # no word is in memory
    with CaptureQueriesContext(connection) as queries:
        from_index = counts(query, True, settings)
    if "q=" in query:
        assert any(re.search(r'"programs_program"\."id" IN \(\d', q["sql"]) for q in queries)
    assert from_index == counts(query, False, settings)


PAGED_SEARCHES = [
    *SEARCHES,
    "state=OH&sort=name",
    "q=college",  # ranks: name matches before school matches, ties in the default order
    "q=apple valley",
    "q=online&state=OH",
    "q=colege",  # corrected, then ranked
    "q=MLT",  # a term that matches everything: every rank the same
    "q=MLT&max_tuition=1",  # every rank the same, and nothing matches
    "sort=tuition",  # programs without a figure last, equal figures in the default order
    "state=OH&sort=length",
    "q=college&sort=pass_rate",
    "sort=recently_verified",
]


@pytest.mark.parametrize("query", PAGED_SEARCHES)
def test_pages_from_the_index_are_the_pages_the_database_orders(ordered, settings, query):
    settings.FACET_INDEX = True
    programs = Program.objects.published().with_details()
    filterset = ProgramFilter(QueryDict(query), queryset=programs)
    found = facets.count_facets(filterset, Program.objects.published(), generation=1)
    results = facets.search_results(filterset, found, programs)
    # The default order, relevance and the column sorts are the index's; by name (and
    # by distance, needing a ZIP) the database's.
    assert isinstance(results, facets.IndexedResults) == ("sort=name" not in query)
    assert (found.ranks is not None) == ("q=" in query and "sort=" not in query)
    expected = list(filterset.qs.values_list("name", flat=True))
    assert len(results) == len(expected) == found.total
    for size in (1, 3, 20):
        for start in range(0, len(expected) + 2, size):
            page = [p.name for p in results[start : start + size]]
            assert page == expected[start : start + size], (size, start)


def test_a_keyword_search_ranks_its_matches_once(ordered, settings, client, monkeypatch):
    """The query of the ids meeting the keywords reads their ranks; the page's programs
    are then fetched by id, not ranked and sorted again in SQL."""
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(word_index, "COMMON_WORD_SHARE", 2)  # no word is in memory
    client.get("/programs/")  # builds this generation's index
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/programs/?q=college")
    names = re.findall(r'class="card-title"><a href="[^"]*">([^<]+)</a>', response.text)
    filterset = ProgramFilter(QueryDict("q=college"), queryset=Program.objects.published())
    assert names == list(filterset.qs.values_list("name", flat=True)[:20])
    assert names[0] == "Émile College"  # the name matches, not only the school's
    program_queries = [
        q["sql"] for q in queries.captured_queries if 'FROM "programs_program"' in q["sql"]
    ]
    assert not any("ORDER BY" in sql and "LIMIT" in sql for sql in program_queries)
    ranked = [sql for sql in program_queries if "ts_rank" in sql or "CASE WHEN" in sql]
    assert len(ranked) == 1
    if connection.vendor == "postgresql":
        # One row per rank, each with its programs' ids, not one row per match.
        assert "GROUP BY" in ranked[0] and "ARRAY_AGG" in ranked[0]
    assert len(queries.captured_queries) <= 8


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="full-text search")
def test_a_common_word_is_read_from_the_index_with_the_ranks_postgresql_gives(ordered):
    base = Program.objects.published()
    filterset = ProgramFilter(QueryDict(), queryset=base)
    filters = {name: filterset.filters[name] for name in ProgramFilter.facet_names()}
    index = facet_index.get(base, filters, generation=1)
    words = index.words(base)
    least = len(index.order) * word_index.COMMON_WORD_SHARE
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat("
            "'SELECT search_vector FROM programs_program WHERE status = ''published''')"
        )
        stats = dict(cursor.fetchall())
    assert set(words) == {word for word, count in stats.items() if count >= least}
    assert {"colleg", "onlin"} <= set(words)
    for lexeme, word in words.items():
        quoted = "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, ts_rank(search_vector, %s::tsquery) FROM programs_program "
                "WHERE status = 'published' AND search_vector @@ %s::tsquery",
                [quoted, quoted],
            )
            ranked = dict(cursor.fetchall())
        assert word.members == index.of_ids(ranked), lexeme
        # Each tier is the programs of one rank, the highest first.
        tier_ranks = []
        for value, tier in word.tiers:
            ids = index.page_ids(tier, 0, len(index.order))
            assert value == facet_index.single(ranked[ids[0]])
            assert len({ranked[pk] for pk in ids}) == 1
            tier_ranks.append(ranked[ids[0]])
        assert tier_ranks == sorted(set(ranked.values()), reverse=True)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="full-text search")
@pytest.mark.parametrize("query", ["q=college", "q=colege", "q=college&state=OH&lab=30"])
def test_a_search_for_a_common_word_reads_no_listing_for_it(ordered, settings, client, query):
    """Typed as it is or corrected to it, the word's programs and ranks come from the
    index: no query ranks the listings or tests them for the word, and the page is the
    one the database orders."""
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/programs/?q=online")  # builds this generation's index and its words
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/programs/?{query}")
    names = re.findall(r'class="card-title"><a href="[^"]*">([^<]+)</a>', response.text)
    filterset = ProgramFilter(QueryDict(query), queryset=Program.objects.published())
    assert names == list(filterset.qs.values_list("name", flat=True)[:20])
    assert names
    sql = [q["sql"] for q in queries.captured_queries]
    assert not any("ts_rank" in statement for statement in sql)
    # The keywords are tested only by the check that they are found as typed.
    tested = [statement for statement in sql if "search_vector" in statement]
    assert len(tested) == 1 and "MATERIALIZED" in tested[0]
    assert len(sql) <= 8


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="full-text search")
@pytest.mark.parametrize("query", ["q=hemato", "q=hemato&state=KY", "q=hemato&max_tuition=5000"])
def test_a_correction_to_a_common_and_a_rare_word_ranks_as_the_database(ordered, settings, query):
    """ "hemato" is corrected to "hematology" (common: in the index) or "hematon" (a
    city, rare): the database finds and ranks the listings with "hematon", the index
    gives the others with "hematology", ranked as ts_rank ranks them (half their one-word
    rank, in single precision). Counts and pages are the database's."""
    hematon = InstitutionFactory(state="KY", city="Hematon", name="Bluegrass College")
    ProgramFactory(institution=hematon, name="Clinical lab tech")  # the rare word only
    ProgramFactory(institution=hematon, name="Hematology and more")  # both words
    # The rare word where the tracks have the common one: equal ranks, from the database
    # and from the index, ordered together (in the default order).
    ProgramFactory(name="Abc Hematon track")  # before the tracks in the default order
    ProgramFactory(name="Zz Hematon track")  # after them
    for i in range(30):  # "hematon" is then in under a tenth of the listings
        ProgramFactory(name=f"Hematology track {i}", tuition_total=4000 + i % 3)
    programs = Program.objects.published()
    filterset = ProgramFilter(QueryDict(query), queryset=programs.with_details())
    settings.FACET_INDEX = True
    with CaptureQueriesContext(connection) as queries:
        found = facets.count_facets(filterset, programs, generation=1)
    keywords = filterset.keywords
    assert keywords.corrections == {"hemato": "hematon"}  # the closer of the two
    assert set(keywords.lexemes) == {"hematolog", "hematon"}
    # Only the rare word is tested on the listings.
    ranked = [q["sql"] for q in queries.captured_queries if "ts_rank" in q["sql"]]
    assert word_index.COMMON_WORD_SHARE * Program.objects.published().count() > 4
    where = [sql.split("WHERE", 1)[1].split("GROUP BY", 1)[0] for sql in ranked]
    where = [sql for sql in where if "unnest" not in sql]  # the index's own query
    assert where and all("'hematon'" in sql and "'hematology'" not in sql for sql in where)
    expected = list(ProgramFilter(QueryDict(query), queryset=programs).qs)
    assert found.total == len(expected) > 0
    results = facets.search_results(filterset, found, programs.with_details())
    assert isinstance(results, facets.IndexedResults)
    assert [p.name for p in results[0:50]] == [p.name for p in expected]
    assert counts(query, True, settings) == counts(query, False, settings)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="full-text search")
def test_when_the_common_words_cannot_be_read_the_database_searches(
    ordered, settings, client, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0
    calls = []

    def failing(index, base):
        calls.append(base)
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(word_index, "common_words", failing)
    for _ in range(2):
        response = client.get("/programs/?q=college")
        assert response.status_code == 200
        names = re.findall(r'class="card-title"><a href="[^"]*">([^<]+)</a>', response.text)
        filterset = ProgramFilter(QueryDict("q=college"), queryset=Program.objects.published())
        assert names == list(filterset.qs.values_list("name", flat=True)[:20])
    assert len(calls) == 1  # not tried again for each request
    later = time.monotonic() + facet_index.WORDS_RETRY_SECONDS + 1
    monkeypatch.setattr(facet_index, "time", SimpleNamespace(monotonic=lambda: later))
    client.get("/programs/?q=online")  # tried once more after a while: still failing
    client.get("/programs/?q=hematology")
    assert len(calls) == 2
    assert client.get("/programs/?q=college").status_code == 200


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="full-text search")
def test_the_index_ranks_as_the_search_does(ordered):
    """The common words' ranks are plain ts_rank (word_index.common_words): so must the
    search's relevance be, with no weights, normalization or cover density."""
    rank = search.KeywordSearch("college").relevance()
    assert isinstance(rank, SearchRank)
    assert rank.function == "ts_rank" and len(rank.get_source_expressions()) == 2


@pytest.mark.parametrize(
    ("text", "lexeme"),
    [
        ("'colleg'", "colleg"),
        ("'o''brien'", "o'brien"),
        ("'a\\\\b'", "a\\b"),  # a backslash comes doubled
        ("'medic' & 'laboratori'", None),
        ("'colleg' | 'colleagu'", None),
        ("'medic' <-> 'laboratori'", None),
        ("!'onlin'", None),
        ("", None),
        (None, None),
    ],
)
def test_only_a_tsquery_of_one_lexeme_is_read_as_one_word(text, lexeme):
    assert word_index.single_lexeme(text) == lexeme


def test_equal_ranks_keep_the_default_order():
    order = [7, 3, 12, 1]
    index = facet_index.FacetIndex(
        0b1111, {}, facet_index.array("q", order), facet_index._positions(order)
    )
    # (rank, ids) as the database groups them, in no particular order.
    groups = [(0.1, [order[2], order[0]]), (None, [99]), (0.5, [order[3], order[1]])]
    tiers = facet_index.rank_tiers(index, groups, index.everything)
    tenth = facet_index.single(0.1)  # 0.1 as a float4 holds it
    assert tiers == ((0.5, 0b1010), (tenth, 0b0101), (None, 0))  # 99 is not indexed
    assert index.by_rank(0b1111, tiers, 4) == [order[1], order[3], order[0], order[2]]
    assert index.by_rank(0b1111, tiers, 3) == [order[1], order[3], order[0]]
    assert index.by_rank(0b1110, tiers, 2) == [order[1], order[3]]
    assert index.by_rank(0b0100, tiers, 20) == [order[2]]
    assert facet_index.rank_tiers(index, [(0.0, None)], index.everything) == ((0.0, 0),)
    # Tiers of equal rank are merged; a page reads across tiers in rank order.
    merged = facet_index.in_rank_order([(0.1, 0b0001), (0.5, 0b1000), (0.1, 0b0100)])
    assert merged == ((0.5, 0b1000), (0.1, 0b0101))


def test_the_list_page_and_the_api_read_a_page_by_its_ids(ordered, settings, client):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/programs/")  # builds this generation's index
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/programs/?state=OH")
    names = re.findall(r'class="card-title"><a href="[^"]*">([^<]+)</a>', response.text)
    assert names[-2:] == ["Aardvark", "Abbey"]  # not taking students: last
    assert "Hematology online" in names
    program_queries = [
        q["sql"] for q in queries.captured_queries if 'FROM "programs_program"' in q["sql"]
    ]
    # No ORDER BY over the matches: the page's programs are fetched by id.
    assert any('"programs_program"."id" IN (' in sql for sql in program_queries)
    assert not any("ORDER BY" in sql and "LIMIT" in sql for sql in program_queries)
    assert len(queries.captured_queries) <= 8
    with CaptureQueriesContext(connection) as api_queries:
        api = client.get("/api/programs/?state=OH").json()
    assert [p["name"] for p in api["results"]] == names
    assert api["count"] == len(names)
    assert not any("COUNT(" in q["sql"] for q in api_queries.captured_queries)  # the index's


@pytest.mark.parametrize(
    "query",
    [
        "q=hematology&sort=name",
        "q=college&state=OH&sort=name",
        "state=OH&sort=name",
        "zip=43210&radius=150&sort=distance",
        "zip=43210&radius=500&sort=total&lab=30",
    ],
)
def test_few_results_in_another_order_are_the_database_results(
    ordered, settings, monkeypatch, query
):
    settings.FACET_INDEX = True
    # The test directory is small: let any number of results count as few.
    monkeypatch.setattr(facet_index.FacetIndex, "few", lambda self, count: True)
    programs = Program.objects.published().with_details()
    filterset = ProgramFilter(QueryDict(query), queryset=programs)
    found = facets.count_facets(filterset, Program.objects.published(), generation=1)
    results = facets.search_results(filterset, found, programs)
    assert found.index is not None and found.index.few(found.total)
    # The programs the index found, by their ids.
    assert re.search(r'"programs_program"\."id" IN \(\d', str(results.query))
    expected = list(filterset.qs.values_list("name", flat=True))
    assert [p.name for p in results] == expected
    assert expected or query.startswith("q=college"), "a search that finds nothing tests nothing"


@pytest.mark.parametrize("order", [[7, 3, 12, 1], [7, 3, 10**9, 1]])  # dense ids; sparse ids
def test_an_index_maps_ids_to_positions_and_pages_back(order):
    index = facet_index.FacetIndex(
        (1 << len(order)) - 1, {}, facet_index.array("q", order), facet_index._positions(order)
    )
    assert isinstance(index.position, dict) == (max(order) > 1000)
    members = index.of_ids([1, 7, 99, 10**12])  # unknown ids are left out
    assert members == 0b1001  # positions 0 (id 7) and 3 (id 1)
    assert index.page_ids(members, 0, 10) == [7, 1]
    assert index.page_ids(index.everything, 1, 2) == order[1:3]
    assert index.page_ids(index.everything, 4, 2) == []


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="READ COMMITTED skew")
def test_a_write_between_the_index_reads_is_not_half_seen(directory, monkeypatch):
    """A restriction committed by another connection after the index read its rows, before
    it read the restrictions, is not in the index: the four reads share one snapshot (with
    PostgreSQL's default, each read would see the database as it then was)."""
    from programs.models import EnrollmentRestriction

    program = Program.objects.published().order_by("pk").first()
    other = connection.copy()
    table = other.ops.quote_name(EnrollmentRestriction._meta.db_table)
    real_restricted = facet_index._restricted

    def restricted_after_a_write(index):
        with other.cursor() as cursor:  # autocommit: committed at once
            cursor.execute(
                f"INSERT INTO {table} (program_id, state, reason) VALUES (%s, 'OH', '')",  # noqa: S608 (a model's own table name)
                [program.pk],
            )
        return real_restricted(index)

    monkeypatch.setattr(facet_index, "_restricted", restricted_after_a_write)
    filters = {n: ProgramFilter.base_filters[n] for n in ProgramFilter.facet_names()}
    try:
        index = facet_index.get(Program.objects.published(), filters, generation=1)
    finally:
        other.close()
    assert program.enrollment_restrictions.filter(state="OH").exists()  # it was written
    assert index.restricted == {}  # but not into this index
    assert connection.get_autocommit() and not connection.in_atomic_block


def test_one_index_per_set_of_rows(directory, settings):
    """The index is found again for the same rows and never stands in for other rows: the
    published programs and every program (drafts too) each get their own."""
    filters = {n: ProgramFilter.base_filters[n] for n in ProgramFilter.facet_names()}
    published = facet_index.get(Program.objects.published(), filters, generation=1)
    again = facet_index.get(Program.objects.published().with_details(), filters, generation=1)
    everything = facet_index.get(Program.objects.all(), filters, generation=1)
    assert again is published
    assert everything is not published
    assert everything.everything.bit_count() == published.everything.bit_count() + 1
