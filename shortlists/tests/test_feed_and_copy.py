"""A shared list's Atom feed (what changed since it was shared, nothing of unlisted programs,
never the edit secret) and copying a shared list into your own shortlist (the session gets
the published programs, the message says what was skipped, the limit holds, cross-site
posts are refused, and copies are rate limited)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from programs.choices import PublicationStatus
from programs.models import Program
from programs.tests.factories import LabSessionFactory, ProgramFactory
from shortlists import session as session_list
from shortlists.tests.factories import shared_list

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def feed_url(shortlist) -> str:
    return f"/shortlists/{shortlist.token}/feed/"


def copy_url(shortlist) -> str:
    return f"/shortlists/{shortlist.token}/copy/"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 (our own response, not untrusted)


def entries(root) -> dict[str, ET.Element]:
    return {e.findtext(f"{ATOM}title"): e for e in root.iter(f"{ATOM}entry")}


def later(program: Program, **changes) -> None:
    """Change a program after the list was shared (a second later, so updated_at moves)."""
    Program.objects.filter(pk=program.pk).update(
        updated_at=timezone.now() + datetime.timedelta(seconds=1), **changes
    )


# --- the shared list's feed ---------------------------------------------------------------


def test_the_feed_marks_what_changed_since_the_list_was_shared(client):
    shortlist, _secret = shared_list()
    alpha, beta, *_ = [item.program for item in shortlist.items.order_by("position")]
    later(beta, tuition_total=7200)
    root = parse(client.get(feed_url(shortlist)))
    assert root.findtext(f"{ATOM}title") == (
        "For Maria: hybrid options near Dayton: changes since it was shared"
    )
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == f"http://testserver/shortlists/{shortlist.token}/"
    assert links["self"] == f"http://testserver{feed_url(shortlist)}"
    found = entries(root)
    assert len(found) == 4
    changed = found[f"{beta.name}, {beta.institution.name} (changed since shared)"]
    summary = changed.findtext(f"{ATOM}summary")
    assert "Changed since this list was shared" in summary
    assert "total tuition: was $6,500, now $7,200" in summary
    assert changed.find(f"{ATOM}category").get("term") == "Changed since the list was shared"
    assert changed.find(f"{ATOM}link").get("href") == (
        f"http://testserver{beta.get_absolute_url()}"
    )
    beta.refresh_from_db()
    updated = datetime.datetime.fromisoformat(changed.findtext(f"{ATOM}updated"))
    assert updated == beta.updated_at
    same = found[f"{alpha.name}, {alpha.institution.name}"]
    assert "No change since the list was shared" in same.findtext(f"{ATOM}summary")
    assert "<li>Total tuition (estimate): $9,000</li>" in same.findtext(f"{ATOM}summary")
    assert same.find(f"{ATOM}category").get("term") == "No change since the list was shared"


def test_a_change_to_a_programs_lab_sessions_moves_its_entry_on(client):
    """A new session rewrote the entry ('changed since shared') while its <updated> stayed
    the same, so feed readers showed nothing new (the session is saved apart from the
    program: programs/listing_changes.py)."""
    shortlist, _secret = shared_list()
    program = shortlist.items.order_by("position").first().program
    Program.objects.filter(pk=program.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=2)
    )

    def entry_updated():
        root = parse(client.get(feed_url(shortlist)))
        (entry,) = [e for t, e in entries(root).items() if t.startswith(program.name)]
        return datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))

    before = entry_updated()
    LabSessionFactory(program=program, days=1, visits=1, total_days=2)
    after = entry_updated()
    assert after > before
    assert after > timezone.now() - datetime.timedelta(minutes=1)
    session = program.lab_sessions.first()
    Program.objects.filter(pk=program.pk).update(updated_at=before)
    session.sites.clear()  # a session's sites are part of it too
    assert entry_updated() > before
    Program.objects.filter(pk=program.pk).update(updated_at=before)
    session.delete()
    assert entry_updated() > before


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.ARCHIVED])
def test_a_program_that_left_says_so_without_its_details(client, status):
    shortlist, _secret = shared_list()
    gone = shortlist.items.order_by("position").first().program
    later(gone, status=status, tuition_total=123456, name="Secret New Name")
    text = client.get(feed_url(shortlist)).text
    root = parse(client.get(feed_url(shortlist)))
    entry = entries(root)[f"{gone.name}, {gone.institution.name} (no longer listed)"]
    assert entry.find(f"{ATOM}category").get("term") == "No longer listed"
    # It links to the shared page's entry, not to the program's page.
    item = shortlist.items.get(program=gone)
    share_url = f"http://testserver/shortlists/{shortlist.token}/"
    assert entry.find(f"{ATOM}link").get("href") == f"{share_url}#item-{item.pk}"
    assert entry.findtext(f"{ATOM}id") == f"{share_url}#item-{item.pk}-left"
    for detail in ("123,456", "Secret New Name", gone.get_absolute_url()):
        assert detail not in text
    # Its date is the list's, not the hidden listing's.
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert updated == max(shortlist.created_at, shortlist.updated_at)


def test_a_deleted_program_is_no_longer_listed(client):
    shortlist, _secret = shared_list()
    gone = shortlist.items.order_by("position").first().program
    name = f"{gone.name}, {gone.institution.name} (no longer listed)"
    gone.delete()
    entry = entries(parse(client.get(feed_url(shortlist))))[name]
    assert "removed from the directory" in entry.findtext(f"{ATOM}summary")


def test_the_feed_never_shows_the_edit_secret(client):
    shortlist, secret = shared_list()
    text = client.get(feed_url(shortlist)).text
    assert secret not in text
    assert "/edit/" not in text
    assert shortlist.edit_secret_hash not in text


def test_the_shared_feed_costs_the_same_queries_for_any_number_of_programs(
    client, django_assert_num_queries
):
    small, _ = shared_list(title="Two")
    with django_assert_num_queries(4):  # the list, its items with programs, sessions, sites
        client.get(feed_url(small))
    large, _ = shared_list([LabSessionFactory().program for _ in range(12)], title="Twelve")
    with django_assert_num_queries(4):
        response = client.get(feed_url(large))
    assert len(entries(parse(response))) == 12


def test_the_shared_date_is_the_same_local_day_everywhere(client, settings):
    """02:30 UTC on 4 March is the evening of 3 March in the site's time zone (New York):
    the page, the author's index, a notice and the feed all give that day."""
    assert settings.TIME_ZONE == "America/New_York"
    shortlist, secret = shared_list()
    shared_at = datetime.datetime(2025, 3, 4, 2, 30, tzinfo=datetime.UTC)
    type(shortlist).objects.filter(pk=shortlist.pk).update(
        created_at=shared_at, updated_at=shared_at
    )
    gone = shortlist.items.order_by("position").first().program
    gone.delete()
    page = client.get(shortlist.get_absolute_url()).text
    assert '<time datetime="2025-03-03">3 March 2025</time>' in page
    assert "after the list was shared (3 Mar 2025)" in page  # the notice of a deleted program
    session_list.remember_shared(session := client.session, shortlist.token, secret)
    session.save()
    assert "shared 3 Mar 2025)" in client.get("/shortlists/").text
    root = parse(client.get(feed_url(shortlist)))
    assert "a list shared on 3 March 2025 from" in root.findtext(f"{ATOM}subtitle")
    summaries = " ".join(e.findtext(f"{ATOM}summary") for e in root.iter(f"{ATOM}entry"))
    assert "No change since the list was shared (3 Mar 2025)." in summaries
    assert "after the list was shared (3 Mar 2025)" in summaries
    assert "4 Mar" not in page + summaries + root.findtext(f"{ATOM}subtitle")


def test_the_feed_drops_characters_xml_cannot_carry(client):
    """Text that reached the database another way (the admin, the shell) still gives a feed
    that parses, instead of a 500 (a control character) or broken XML (U+FFFF)."""
    shortlist, _secret = shared_list()
    type(shortlist).objects.filter(pk=shortlist.pk).update(title="For\x0bMaria\uffff")
    item = shortlist.items.order_by("position").first()
    Program.objects.filter(pk=item.program_id).update(name="Alpha\x01 Online AAS")
    root = parse(client.get(feed_url(shortlist)))
    assert root.findtext(f"{ATOM}title") == "ForMaria: changes since it was shared"
    assert f"Alpha Online AAS, {item.program.institution.name}" in entries(root)


def test_unknown_tokens_have_no_feed(client):
    assert client.get(f"/shortlists/{'a' * 43}/feed/").status_code == 404
    assert client.get("/shortlists/short/feed/").status_code == 404


def test_the_shared_page_links_to_its_feed_and_offers_the_copy(client):
    shortlist, _secret = shared_list()
    text = client.get(shortlist.get_absolute_url()).text
    url = feed_url(shortlist)
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Follow changes to this list '
        f'(Atom feed)" href="{url}">'
    ) in text
    assert f'href="{url}" type="application/atom+xml">Follow changes to this list (Atom feed)' in (
        text
    )
    assert f'action="{copy_url(shortlist)}"' in text
    assert ">Copy to my shortlist</button>" in text
    assert "Puts the 4 programs still in the directory on the shortlist in this browser" in text


def test_a_shared_list_is_never_kept_so_an_edit_or_a_delete_shows_at_once(client, settings):
    """Its author may retitle or delete the list at any time (the generation that keys
    cached pages counts directory writes only), so neither the page cache nor a CDN nor a
    browser keeps its page, CSV or feed."""
    settings.PAGE_CACHE_SECONDS = 600
    shortlist, _secret = shared_list(title="For Maria")
    page = shortlist.get_absolute_url()
    urls = [page, f"{page}csv/", feed_url(shortlist)]
    for url in urls:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200
            assert "X-Page-Cache" not in response
            assert "no-store" in response["Cache-Control"]
            assert "private" in response["Cache-Control"]
            assert "public" not in response["Cache-Control"]
    shown = client.get(page)
    assert "csrfmiddlewaretoken" not in shown.text  # the copy form needs none (same-site only)
    assert "For Maria" in shown.text

    shortlist.title = "For Maria, revised"
    shortlist.save()
    assert "For Maria, revised" in client.get(page).text
    assert "For Maria, revised" in client.get(urls[2]).text

    shortlist.delete()
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]


# --- copying a shared list into your own shortlist -----------------------------------------


def test_copy_puts_the_published_programs_on_your_shortlist(client):
    shortlist, _secret = shared_list()
    programs = [item.program for item in shortlist.items.order_by("position")]
    response = client.post(copy_url(shortlist), follow=True)
    assert response.redirect_chain == [("/shortlists/", 302)]
    assert "Copied 4 programs from the shared list." in response.text
    assert "Not copied" not in response.text
    assert session_list.program_ids(client.session) == [p.pk for p in programs]
    for program in programs:
        assert program.name in response.text


def test_copy_skips_what_is_already_there_and_what_left_the_directory(client):
    shortlist, _secret = shared_list()
    first, second, third, fourth = [item.program for item in shortlist.items.order_by("position")]
    mine = ProgramFactory(name="Already Mine")
    session = client.session
    session[session_list.PROGRAMS_KEY] = [mine.pk, second.pk]
    session.save()
    Program.objects.filter(pk=third.pk).update(status=PublicationStatus.DRAFT)
    fourth.delete()
    response = client.post(copy_url(shortlist), follow=True)
    assert "Copied 1 program from the shared list." in response.text
    assert "Not copied: 1 was already on your shortlist; 2 have left the directory." in (
        response.text
    )
    assert session_list.program_ids(client.session) == [mine.pk, second.pk, first.pk]
    assert third.name not in response.text  # a draft is neither copied nor named


def test_copy_respects_the_shortlists_size_limit(client, settings):
    settings.SHORTLIST_MAX_PROGRAMS = 5
    mine = [ProgramFactory() for _ in range(3)]
    session = client.session
    session[session_list.PROGRAMS_KEY] = [p.pk for p in mine]
    session.save()
    shortlist, _secret = shared_list()
    response = client.post(copy_url(shortlist), follow=True)
    assert "Copied 2 programs from the shared list." in response.text
    assert "Not copied: 2 did not fit, because a shortlist holds at most 5 programs." in (
        response.text
    )
    assert len(session_list.program_ids(client.session)) == 5


def test_copy_needs_a_post_from_this_site():
    shortlist, _secret = shared_list()
    strict = Client(enforce_csrf_checks=True)
    assert strict.get(copy_url(shortlist)).status_code == 405
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        assert strict.post(copy_url(shortlist), headers=headers).status_code == 403, headers
    assert session_list.program_ids(strict.session) == []
    same_site = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert strict.post(copy_url(shortlist), headers=same_site).status_code == 302
    assert len(session_list.program_ids(strict.session)) == 4


def test_copy_of_an_unknown_list_is_a_404(client):
    assert client.post(f"/shortlists/{'b' * 43}/copy/").status_code == 404


def test_copies_are_rate_limited_per_browser(client, settings):
    settings.SHORTLIST_CREATE_LIMIT = 2
    shortlist, _secret = shared_list()
    for _ in range(2):
        assert client.post(copy_url(shortlist)).status_code == 302
    refused = client.post(copy_url(shortlist))
    assert refused.status_code == 429
    assert "Too many copied lists for now" in refused.text
    assert "This browser has copied 2 lists this hour" in refused.text
    assert "You can copy again in about" in refused.text
    assert 0 < int(refused["Retry-After"]) <= settings.SHORTLIST_CREATE_WINDOW
    # Sharing has its own count, and another client is not affected.
    other = Client(REMOTE_ADDR="203.0.113.77")
    assert other.post(copy_url(shortlist)).status_code == 302
