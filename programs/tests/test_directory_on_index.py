"""test_directory.py and test_api.py again, on the facet index (programs/facet_index.py).

Production answers a search from the index; a test inside a transaction never does (the
index is only kept outside one), so test_directory and test_api alone would prove the SQL
path only. Here each of their tests that searches runs again, committing its writes, and
fails if the index answered none of its searches.
"""

import pytest

from programs import facet_index
from programs.tests.test_api import *  # noqa: F403 (the same tests)
from programs.tests.test_directory import *  # noqa: F403 (the same tests and fixtures)
from programs.tests.test_directory import EVERY_FILTER, URL

pytestmark = pytest.mark.django_db(transaction=True)

# Tests that never reach a search: a program's page, the OpenAPI document, a POST, and
# filters the API rejects before it counts.
del test_detail_and_404, test_openapi_document_lists_every_filter  # noqa: F821
del test_api_rejects_post, test_bad_filters_are_400_with_field_errors  # noqa: F821


@pytest.fixture(autouse=True)
def on_the_index(settings, monkeypatch):
    settings.FACET_INDEX = True
    settings.FACET_CACHE_SECONDS = 0  # every search is answered, not read from the cache
    settings.PAGE_CACHE_SECONDS = 0
    facet_index._INDEXES.clear()
    answered = []
    get = facet_index.get

    def counting_get(*args, **kwargs):
        index = get(*args, **kwargs)
        answered.append(index is not None)
        return index

    monkeypatch.setattr(facet_index, "get", counting_get)
    yield
    facet_index._INDEXES.clear()
    assert any(answered), "the facet index answered none of this test's searches"


@pytest.fixture
def before_counting_queries():
    """The first search after a write reads the index (four queries in one snapshot) and a
    keyword search the common words: once per process and generation, not on every page.
    The tests count the queries of the pages after it."""

    def first_search(client):
        assert client.get(URL, EVERY_FILTER).status_code == 200
        assert facet_index._INDEXES, "the first search did not read the index"

    return first_search


def test_query_count_is_the_same_with_no_filters_and_all_filters(
    client, ohio_programs, django_assert_max_num_queries, before_counting_queries
):
    """On the index a page without filters reads the generation and its 20 programs
    (three queries: the programs, their sessions, the sessions' sites); every filter at
    once adds four: which keyword search to run, the sites near the ZIP, the programs
    meeting what the index cannot test (the keywords, the order by distance), and the
    licensing state of `enrolls`. Replaces test_directory's, whose counts are SQL's."""
    for _ in range(10):
        LabSessionFactory(sites=[SiteFactory(), SiteFactory()])  # noqa: F405
    before_counting_queries(client)
    with django_assert_max_num_queries(4):
        client.get(URL)
    with django_assert_max_num_queries(8):
        response = client.get(URL, EVERY_FILTER)
    assert response.status_code == 200
    # The programs SQL finds, in its order (its keyword search differs between SQLite and
    # PostgreSQL: it finds the ten generated programs on one and none on the other).
    published = Program.objects.published()  # noqa: F405
    from_sql = ProgramFilter(EVERY_FILTER, queryset=published).qs  # noqa: F405
    assert names(response) == [program.name for program in from_sql[:20]]  # noqa: F405
