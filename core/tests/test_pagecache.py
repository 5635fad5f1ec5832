"""Whole-page cache for anonymous visitors (core.pagecache): same bytes for repeats, 304 on
a matching ETag, fresh after any directory write, and never a failed page when the cache
fails."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from careers.tests.factories import PageFactory
from core import pagecache, release
from programs.facets import facet_cache_key
from programs.filters import ProgramFilter
from programs.generation import current as directory_generation
from programs.models import Program
from programs.models.generation import DirectoryGeneration
from programs.tests.factories import ProgramFactory, UserFactory
from shortlists import session as session_list
from shortlists.tests.factories import shared_list

pytestmark = pytest.mark.django_db

LIST = "/programs/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.FACET_CACHE_SECONDS = 300


def test_two_anonymous_requests_get_the_same_bytes_and_the_second_is_a_hit(client):
    ProgramFactory(name="Cached Hybrid AAS")
    first = client.get(LIST, {"credential": "aas"})
    second = client.get(LIST, {"credential": "aas"})
    assert first.status_code == second.status_code == 200
    assert "Cached Hybrid AAS" in first.text
    assert first.content == second.content
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first["ETag"] == second["ETag"]
    assert second["Cache-Control"].startswith("public, max-age=60, stale-while-revalidate=")
    assert {"Cookie", "HX-Request"} <= {v.strip() for v in second["Vary"].split(",")}
    # Nothing in the page is per response: no cookie, no nonce in the policy.
    assert not second.cookies
    assert "nonce-" not in second["Content-Security-Policy"]
    assert "csrfmiddlewaretoken" not in second.text


def test_a_hit_costs_one_small_query_and_no_rendering(client):
    ProgramFactory()
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(LIST)
    assert hit["X-Page-Cache"] == "hit"
    assert len(queries) == 1  # the generation number
    assert DirectoryGeneration._meta.db_table in queries[0]["sql"]


def test_a_matching_etag_gets_304_and_a_stale_one_the_page(client):
    ProgramFactory()
    page = client.get(LIST)
    repeat = client.get(LIST, headers={"If-None-Match": page["ETag"]})
    assert repeat.status_code == 304
    assert repeat.content == b""
    assert repeat["ETag"] == page["ETag"]
    # Without the cache's store (first request) the ETag is the same and also gives 304.
    cache.clear()
    assert client.get(LIST, headers={"If-None-Match": page["ETag"]}).status_code == 304
    assert client.get(LIST, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_directory_write_makes_the_next_request_fresh(client):
    program = ProgramFactory(name="Before Rename AS")
    before = directory_generation()
    assert "Before Rename AS" in client.get(LIST).text
    assert client.get(LIST)["X-Page-Cache"] == "hit"
    program.name = "After Rename AS"
    program.save()
    assert directory_generation() > before
    fresh = client.get(LIST)
    assert fresh["X-Page-Cache"] == "miss"
    assert "After Rename AS" in fresh.text and "Before Rename AS" not in fresh.text
    program.delete()
    assert "After Rename AS" not in client.get(LIST).text


def test_a_guide_edit_makes_guide_pages_fresh(client):
    page = PageFactory()
    url = page.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    page.save()
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_a_write_outside_the_directory_and_guide_leaves_the_cache(client):
    ProgramFactory()
    client.get(LIST)
    UserFactory(username="someone")
    assert client.get(LIST)["X-Page-Cache"] == "hit"


class BrokenCache:
    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")

    set = get


def test_the_cache_raising_still_gives_the_page(client, monkeypatch):
    """The page cache's own calls are best-effort (the cache backend itself is made
    best-effort elsewhere, for the facet counts and fragments)."""
    ProgramFactory(name="Still Served AAS")
    monkeypatch.setattr(pagecache, "cache", BrokenCache())
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Still Served AAS" in response.text
    assert client.get("/careers/").status_code == 200


def test_htmx_partials_and_full_pages_are_kept_apart(client):
    ProgramFactory()
    full = client.get(LIST)
    partial = client.get(LIST, headers={"HX-Request": "true"})
    restore = client.get(LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in full.text and "<html" not in partial.text and "<html" in restore.text
    assert client.get(LIST, headers={"HX-Request": "true"}).content == partial.content


def test_a_visitor_with_a_shortlist_gets_their_own_private_page(client):
    program = ProgramFactory(name="Mine AAS")
    anonymous = client.get(LIST)
    session = client.session
    session[session_list.PROGRAMS_KEY] = [program.pk]
    session.save()
    mine = client.get(LIST)
    assert "On your shortlist" in mine.text and "On your shortlist" not in anonymous.text
    assert mine["Cache-Control"].startswith("private")
    assert client.get(LIST).content == mine.content  # cached for this shortlist too


def test_signed_in_staff_and_one_off_messages_are_never_cached(client, admin_client):
    program = ProgramFactory()
    staff = admin_client.get(LIST)
    assert staff.status_code == 200 and "X-Page-Cache" not in staff
    assert "public" not in staff.get("Cache-Control", "")
    admin_client.logout()
    added = client.post("/shortlists/add/", {"program": program.slug, "next": LIST}, follow=True)
    assert "Added" in added.text
    assert "X-Page-Cache" not in added
    assert "public" not in added.get("Cache-Control", "")


def test_pages_with_a_csrf_token_are_not_stored(client):
    program = ProgramFactory()
    session = client.session
    session[session_list.PROGRAMS_KEY] = [program.pk]
    session.save()
    response = client.get("/shortlists/")
    assert "csrfmiddlewaretoken" in response.text
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_without_the_generation_row_pages_still_render(client):
    DirectoryGeneration.objects.all().delete()
    assert client.get(LIST).status_code == 200
    assert client.get(LIST).status_code == 200


def test_the_shortlist_page_never_shows_one_visitors_shared_lists_to_another(client):
    """The shortlist page shows the lists this visitor shared, which are not in the page
    cache's variant (their shortlisted ids): with an empty shortlist it must still not
    be stored, or the next visitor would see another's list titles and links."""
    shortlist, secret = shared_list(title="Options for Maria only")
    session = client.session
    session_list.remember_shared(session, shortlist.token, secret)
    session.save()
    for _ in range(2):
        mine = client.get("/shortlists/")
        assert "Options for Maria only" in mine.text
        assert "X-Page-Cache" not in mine
        assert "no-store" in mine["Cache-Control"] and "public" not in mine["Cache-Control"]
    stranger = Client().get("/shortlists/")
    assert stranger.status_code == 200
    assert "Options for Maria only" not in stranger.text
    assert shortlist.token not in stranger.text


def test_a_visitor_with_a_session_but_no_shortlist_is_not_kept_by_the_browser(client):
    """Adding a program keeps their session cookie, so a page their browser kept (public,
    max-age) would show the program as not added: for them the page is private (the
    server cache still serves it)."""
    ProgramFactory()
    session = client.session
    session[session_list.PROGRAMS_KEY] = []
    session.save()
    first, second = client.get(LIST), client.get(LIST)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second["Cache-Control"] == "private, max-age=0, must-revalidate"
    assert client.get(LIST, headers={"If-None-Match": second["ETag"]}).status_code == 304
    assert Client().get(LIST)["Cache-Control"].startswith("public")  # no session: public


def test_a_hit_that_is_sent_a_new_csrf_cookie_is_not_public(client, settings):
    """A malformed CSRF cookie is replaced on the way out (Set-Cookie): such a response
    must not be public, or a CDN could keep a cookie for everyone."""
    ProgramFactory()
    client.get(LIST)
    client.cookies[settings.CSRF_COOKIE_NAME] = "not-a-token"
    response = client.get(LIST)
    assert response["X-Page-Cache"] == "hit"
    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert response["Cache-Control"].startswith("private")


def test_a_raw_and_a_percent_encoded_query_are_different_searches():
    """get_full_path() would quote a raw UTF-8 "é" into the same text as a typed
    "%C3%83%C2%A9" ("Ã©"): the key uses the query string as sent."""
    raw = RequestFactory().get("/programs/")
    raw.META["QUERY_STRING"] = "q=\u00c3\u00a9"  # WSGI's latin-1 text of the UTF-8 bytes of é
    typed = RequestFactory().get("/programs/")
    typed.META["QUERY_STRING"] = "q=%C3%83%C2%A9"
    assert raw.get_full_path() == typed.get_full_path()  # what the old key used
    assert raw.GET["q"] != typed.GET["q"]
    assert pagecache._key(raw, 1, "") != pagecache._key(typed, 1, "")


def test_a_new_release_of_the_code_does_not_see_the_last_ones_pages(client, monkeypatch):
    """Redis outlives a deploy and the generation counts data writes only: the release of
    the code (core.release) is part of every page and facet-count key."""
    ProgramFactory()
    client.get(LIST, {"state": "OH"})
    assert client.get(LIST, {"state": "OH"})["X-Page-Cache"] == "hit"
    before = client.get(LIST, {"state": "OH", "page": "1"})
    monkeypatch.setattr(release, "current", lambda: "next-release")
    after = client.get(LIST, {"state": "OH", "page": "1"})
    assert client.get(LIST, {"state": "OH"})["X-Page-Cache"] == "miss"
    # The cached filter form and the facet counts are keyed by the release too.
    assert before.context["filters_key"] != after.context["filters_key"]
    filterset = after.context["view"].filterset
    assert facet_cache_key(filterset, 7).startswith("facets:next-release:7:")


def test_keywords_share_cached_counts_whatever_their_case_only_where_searches_do():
    """SQLite's LIKE ignores the case of ASCII letters only: "Émile" and "émile" are two
    searches there, so two entries."""

    def key(q):
        return facet_cache_key(ProgramFilter(QueryDict(f"q={q}"), Program.objects.none()), 1)

    assert key("Dayton") == key("dayton") == key("  DAYTON ")
    assert key("%C3%89mile") != key("%C3%A9mile")
