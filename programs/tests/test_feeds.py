"""The Atom feed of a directory search: what a search returns and leaves out, valid Atom,
the newest change first, a 400 for a search it cannot read, bounded queries, the page cache
and the list page's links to it."""

import datetime
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.core.cache import cache
from django.utils import timezone

from programs import feeds
from programs.choices import PublicationStatus
from programs.models import Program

from .factories import LabSessionFactory, ProgramFactory, SiteFactory

pytestmark = pytest.mark.django_db

FEED = "/programs/feed/"
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 (our own response, not untrusted)
    assert root.tag == f"{ATOM}feed"
    return root


def entry_titles(root) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def set_updated(program: Program, days_ago: int) -> None:
    Program.objects.filter(pk=program.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def test_a_state_search_keeps_that_states_programs_and_leaves_out_the_rest(client):
    ProgramFactory(name="Buckeye MLT", institution__name="Ohio College", institution__state="OH")
    ProgramFactory(name="Lone Star MLT", institution__name="Texas College", institution__state="TX")
    ProgramFactory(name="Draft MLT", institution__state="OH", status=PublicationStatus.DRAFT)
    ProgramFactory(name="Old MLT", institution__state="OH", status=PublicationStatus.ARCHIVED)
    root = parse(client.get(FEED, {"state": "OH"}))
    assert entry_titles(root) == ["Buckeye MLT, Ohio College"]
    assert root.findtext(f"{ATOM}title") == "Online MLT programs · School's state: Ohio"
    assert "Texas" not in client.get(FEED, {"state": "OH"}).text
    # Without a search: every published program, never a draft or an archived one.
    everything = entry_titles(parse(client.get(FEED)))
    assert sorted(everything) == ["Buckeye MLT, Ohio College", "Lone Star MLT, Texas College"]


def test_the_feed_is_valid_atom_with_links_dates_and_key_facts(client):
    program = ProgramFactory(
        name="Facts & Figures MLT", institution__name="Plain College", tuition_total=12345
    )
    root = parse(client.get(FEED, {"credential": "aas"}))
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}"), required
    assert root.find(f"{ATOM}author/{ATOM}name").text == "MLT Portal"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == "http://testserver/programs/feed/?credential=aas"
    assert links["alternate"] == "http://testserver/programs/?credential=aas"
    (entry,) = root.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Facts & Figures MLT, Plain College"
    page = f"http://testserver{program.get_absolute_url()}"
    assert entry.find(f"{ATOM}link").get("href") == page
    assert entry.findtext(f"{ATOM}id") == page
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert updated == program.updated_at
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # The summary is HTML, with every value escaped (the "&" in the name stays text).
    assert "<li>Total tuition (estimate): $12,345</li>" in summary.text
    assert "<li>Accreditation: Accredited: continuing</li>" in summary.text
    assert "<li>Length: 24 months</li>" in summary.text
    assert "Farthest campus trip" not in summary.text  # only with a ZIP code


def test_entries_come_newest_change_first_and_are_limited(client, monkeypatch):
    old = ProgramFactory(name="Old Listing")
    newest = ProgramFactory(name="Newest Listing")
    middle = ProgramFactory(name="Middle Listing")
    set_updated(old, 30)
    set_updated(middle, 3)
    set_updated(newest, 0)
    titles = entry_titles(parse(client.get(FEED)))
    assert [t.split(",")[0] for t in titles] == ["Newest Listing", "Middle Listing", "Old Listing"]
    # The order of the list page is not the feed's: ?sort changes nothing here.
    sorted_by_name = entry_titles(parse(client.get(FEED, {"sort": "name"})))
    assert sorted_by_name == titles
    monkeypatch.setattr(feeds, "FEED_ENTRIES", 2)
    limited = entry_titles(parse(client.get(FEED)))
    assert [t.split(",")[0] for t in limited] == ["Newest Listing", "Middle Listing"]


def test_a_zip_search_says_so_and_links_to_pages_with_the_zip(client):
    near = LabSessionFactory(
        program__name="Near Columbus MLT", sites=[SiteFactory(city="Columbus", zip_code="43215")]
    ).program
    LabSessionFactory(
        program__name="Far Away MLT",
        sites=[SiteFactory(city="Austin", state="TX", zip_code="73301")],
    )
    response = client.get(FEED, {"zip": "43215", "radius": "100", "state": "OH"})
    root = parse(response)
    assert root.findtext(f"{ATOM}title") == (
        "Online MLT programs · Campus sessions within 100 miles of 43215 (Columbus, OH), or "
        "none · School's state: Ohio"
    )
    (entry,) = root.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title").startswith("Near Columbus MLT, ")
    assert entry.find(f"{ATOM}link").get("href") == (
        f"http://testserver{near.get_absolute_url()}?zip=43215"
    )
    # The id is the program's page, the same in every search.
    assert entry.findtext(f"{ATOM}id") == f"http://testserver{near.get_absolute_url()}"
    assert "Farthest campus trip: about" in entry.findtext(f"{ATOM}summary")
    # With a ZIP code the limit on nights away applies, and the title says so.
    nights = parse(client.get(FEED, {"zip": "43215", "max_nights": "1"}))
    assert nights.findtext(f"{ATOM}title").endswith("· At most 1 night away from home")


def test_the_title_writes_each_condition_in_words(client):
    ProgramFactory()
    root = parse(
        client.get(
            FEED,
            {
                "q": "hybrid",
                "lab": "none",
                "credential": ["aas", "as"],
                "max_tuition": "15000",
                "tuition_unknown": "1",
                "enrolls": "CA",
                "max_nights": "3",  # no ZIP code: the limit applies to nothing
            },
        )
    )
    assert root.findtext(f"{ATOM}title") == (
        "Online MLT programs · Keywords “hybrid” · Open to residents of California · "
        "No campus sessions · Credential: Associate of Applied Science (AAS) or Associate of "
        "Science (AS) · Total tuition at most $15,000 (or not published)"
    )


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"state": "ZZ"}, "School's state: Select a valid choice."),
        ({"zip": "00000"}, "Your ZIP code: Enter a 5-digit US ZIP code that exists"),
        ({"max_tuition": "lots"}, "Maximum total tuition ($): Enter a whole number."),
        ({"radius": "99999", "zip": "43215"}, "Distance in a straight line:"),
        ({"lab": "x" * 5000}, "Campus lab days:"),
    ],
)
def test_a_search_it_cannot_read_is_a_400_that_says_why(client, query, says):
    ProgramFactory()
    response = client.get(FEED, query)
    assert response.status_code == 400
    text = unescape(response.text)
    assert "This search cannot be followed as a feed." in text
    assert says in text


def test_queries_do_not_grow_with_the_entries(client, django_assert_num_queries):
    for _ in range(3):
        LabSessionFactory(sites=[SiteFactory(), SiteFactory()])
    # Programs with schools, lab sessions, their sites; and the travel rates (the tuition a
    # student from this ZIP pays is the estimate's), read once and then cached.
    with django_assert_num_queries(4):
        small = client.get(FEED, {"zip": "45402"})
    for _ in range(12):
        LabSessionFactory(sites=[SiteFactory(), SiteFactory()])
    with django_assert_num_queries(3):
        large = client.get(FEED, {"zip": "45402"})
    assert len(entry_titles(parse(small))) == 3
    assert len(entry_titles(parse(large))) == 15


def test_the_feed_is_cached_like_other_public_pages_and_fresh_after_a_write(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    program = ProgramFactory(name="Cached Feed MLT")
    first = client.get(FEED, {"credential": "aas"})
    second = client.get(FEED, {"credential": "aas"})
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert second["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert second["Cache-Control"].startswith("public")
    program.name = "Renamed Feed MLT"
    program.save()  # a directory write: the next request is fresh
    third = client.get(FEED, {"credential": "aas"})
    assert third["X-Page-Cache"] == "miss"
    assert "Renamed Feed MLT" in third.text
    cache.clear()


def test_the_list_page_links_to_the_feed_of_its_search(client):
    chosen = ProgramFactory(institution__state="OH")
    response = client.get(
        "/programs/", {"state": "OH", "sort": "tuition", "page": "1", "compare": chosen.slug}
    )
    text = response.text
    feed_url = "/programs/feed/?state=OH"
    assert (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="Follow this search (Atom feed)" href="{feed_url}">'
    ) in text
    assert (
        f'<a href="{feed_url}" type="application/atom+xml">Follow this search (Atom feed)</a>'
        in (text)
    )
    # The htmx partial carries the link too, so it follows the filters as they change.
    partial = client.get("/programs/", {"state": "OH"}, headers={"HX-Request": "true"})
    assert "Follow this search (Atom feed)" in partial.text
    everything = client.get("/programs/").text
    assert '<a href="/programs/feed/" type="application/atom+xml">' in everything


def test_a_search_with_errors_offers_no_feed(client):
    ProgramFactory()
    response = client.get("/programs/", {"zip": "00000"})
    assert response.status_code == 200
    assert "There is a problem with your search" in response.text
    assert "Follow this search" not in response.text
    assert "application/atom+xml" not in response.text
