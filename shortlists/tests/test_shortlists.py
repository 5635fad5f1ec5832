"""Shortlists: the visitor's list in the session, sharing it, the shared page, editing it
with the secret link, what changed since, the CSV export, the QR code and abuse limits."""

import base64
import csv
import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import DataError, IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import formatting
from programs import geo
from programs.choices import PublicationStatus
from programs.models import Program
from programs.tests.factories import LabSessionFactory, ProgramFactory, SiteFactory
from shortlists import ratelimit, sharing
from shortlists import session as session_list
from shortlists.models import Shortlist, ShortlistItem, hash_edit_secret
from shortlists.tests.factories import four_programs, shared_list

pytestmark = pytest.mark.django_db

ADD = "/shortlists/add/"
REMOVE = "/shortlists/remove/"
CLEAR = "/shortlists/clear/"
SHARE = "/shortlists/share/"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
XML_UNSAFE = [
    ("title", "For\x0bMaria", "U+000B"),
    ("title", "For Maria\uffff", "U+FFFF"),
    ("note", "Line one\x01", "U+0001"),
]


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def session_ids(client) -> list[int]:
    return session_list.program_ids(client.session)


def put_on_shortlist(client, *programs):
    session = client.session
    session[session_list.PROGRAMS_KEY] = [p.pk for p in programs]
    session.save()


def share(client, programs, **data):
    put_on_shortlist(client, *programs)
    return client.post(SHARE, {"title": "", "note": "", **data})


def open_edit(client, shortlist, secret) -> str:
    """Open a private edit link as a browser does: the page at the key-free address asks
    for the key (static/js/shortlists.js sends it from the link's #key=). Returns that
    address, which now opens for this client."""
    response = client.post(shortlist.get_edit_url(), {"key": secret})
    assert response.status_code == 302
    assert response["Location"] == shortlist.get_edit_url()
    return shortlist.get_edit_url()


# --- the visitor's shortlist (session) ----------------------------------------------------


def test_add_and_remove_without_javascript(client):
    a, b, c = ProgramFactory.create_batch(3)
    for program in (a, b, c):
        response = client.post(ADD, {"program": program.slug, "next": "/programs/?q=lab"})
        assert response.status_code == 302
        assert response["Location"] == f"/programs/?q=lab#shortlist-{program.slug}"
    assert session_ids(client) == [a.pk, b.pk, c.pk]

    page = client.get("/programs/")
    assert "Shortlist (3" in page.text
    # The message, once, naming the school (programs share names).
    assert f"Added {c.name} ({c.institution.name}) to your shortlist." in page.text

    client.post(REMOVE, {"program": b.slug, "next": "/programs/"})
    assert session_ids(client) == [a.pk, c.pk]
    # Adding twice keeps one entry.
    client.post(ADD, {"program": a.slug})
    assert session_ids(client) == [a.pk, c.pk]


def test_next_must_be_a_page_on_this_site(client):
    program = ProgramFactory()
    for unsafe in ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]:
        response = client.post(ADD, {"program": program.slug, "next": unsafe})
        assert response["Location"] == f"/shortlists/#shortlist-{program.slug}"


def test_shortlist_holds_at_most_20_programs(client):
    programs = ProgramFactory.create_batch(21)
    put_on_shortlist(client, *programs[:20])
    response = client.post(ADD, {"program": programs[20].slug}, follow=True)
    assert "already has 20 programs, the most it can hold" in response.text
    assert session_ids(client) == [p.pk for p in programs[:20]]
    # The cap also holds for a session that somehow holds more.
    session = client.session
    session[session_list.PROGRAMS_KEY] = [p.pk for p in programs]
    session.save()
    assert len(session_ids(client)) == 20


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.ARCHIVED])
def test_unlisted_programs_cannot_be_added(client, status):
    hidden = ProgramFactory(status=status)
    response = client.post(ADD, {"program": hidden.slug}, follow=True)
    assert "We could not find that program in the directory" in response.text
    assert session_ids(client) == []


def test_unknown_slug_cannot_be_added(client):
    response = client.post(ADD, {"program": "no-such-program" * 40}, follow=True)
    assert response.status_code == 200
    assert "We could not find that program" in response.text
    assert session_ids(client) == []
    assert client.post(ADD, {"program": "nope"}, headers={"HX-Request": "true"}).status_code == 404


def test_session_values_of_the_wrong_type_are_ignored(client):
    session = client.session
    session[session_list.PROGRAMS_KEY] = ["1", None, True, 3, 3, {"x": 1}]
    session.save()
    assert session_ids(client) == [3]


def test_add_needs_post_from_this_site():
    """Add and remove carry no CSRF token (it would make every public page unique, see
    shortlists.views.same_site_only): a cross-site POST is refused by its headers instead,
    and the session is left untouched."""
    program = ProgramFactory()
    strict = Client(enforce_csrf_checks=True)
    assert strict.get(ADD).status_code == 405
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        for url in (ADD, REMOVE):
            refused = strict.post(url, {"program": program.slug}, headers=headers)
            assert refused.status_code == 403, (url, headers)
    assert session_ids(strict) == []
    same_site = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert strict.post(ADD, {"program": program.slug}, headers=same_site).status_code == 302
    assert session_ids(strict) == [program.pk]
    # Everything else on the shortlist pages still needs the CSRF token.
    assert strict.post(CLEAR, headers=same_site).status_code == 403


def test_htmx_add_swaps_the_button_and_updates_the_header(client):
    program = ProgramFactory(name="Swap Me", institution__name="Swap College")
    response = client.post(ADD, {"program": program.slug}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    text = response.text
    assert text.lstrip().startswith(f'<div class="shortlist-toggle" id="shortlist-{program.slug}">')
    assert "On your shortlist" in text
    assert 'id="shortlist-nav"' in text and 'hx-swap-oob="true"' in text
    assert "Shortlist (1" in text
    assert "Added Swap Me (Swap College) to your shortlist. Shortlist: 1." in text
    # No message is left behind for the next full page.
    assert "Added Swap Me" not in client.get("/programs/").text


def test_list_page_shows_button_state_from_the_session_without_a_query_per_card(
    client, django_assert_max_num_queries
):
    programs = [LabSessionFactory(sites=[SiteFactory()]).program for _ in range(12)]
    put_on_shortlist(client, programs[0])
    with django_assert_max_num_queries(9) as one:  # 8 for the page, 1 to read the session
        client.get("/programs/")
    put_on_shortlist(client, *programs[:10])
    with django_assert_max_num_queries(9) as ten:
        response = client.get("/programs/")
    assert len(one.captured_queries) == len(ten.captured_queries)
    assert response.text.count("&#10003; On your shortlist") == 10
    assert response.text.count(">Add to shortlist<") == 2
    assert 'id="shortlist-form"' in response.text
    assert 'form="shortlist-form"' in response.text  # the buttons sit inside the compare form


def test_detail_and_compare_pages_have_the_button(client, django_assert_max_num_queries):
    program = LabSessionFactory().program
    other = ProgramFactory()
    with django_assert_max_num_queries(6):
        detail = client.get(program.get_absolute_url())
    assert f'id="shortlist-button-{program.slug}"' in detail.text
    compare = client.get("/programs/compare/", {"programs": f"{program.slug},{other.slug}"})
    assert compare.text.count(">Add to shortlist<") == 2


def test_shortlist_page_lists_programs_and_drops_unlisted_ones(client):
    kept, gone = ProgramFactory(name="Kept Program"), ProgramFactory(name="Gone Program")
    put_on_shortlist(client, kept, gone)
    gone.status = PublicationStatus.ARCHIVED
    gone.save()
    response = client.get("/shortlists/")
    assert response.status_code == 200
    assert "Kept Program" in response.text
    assert "Gone Program" not in response.text
    assert "1 program is no longer in the directory" in response.text
    assert session_ids(client) == [kept.pk]
    assert "Create share link" in response.text


def test_empty_shortlist_page_explains_how_to_add(client):
    response = client.get("/shortlists/")
    assert "Your shortlist is empty" in response.text
    assert "Create share link" not in response.text


# --- sharing --------------------------------------------------------------------------------


def test_share_freezes_the_list_with_an_unguessable_token(client):
    programs = four_programs()
    response = share(client, programs, title="For Maria", note="Hybrid options near Dayton")
    shortlist = Shortlist.objects.get()
    assert TOKEN.match(shortlist.token)
    assert len(base64.urlsafe_b64decode(shortlist.token + "=")) * 8 >= 128
    # The author lands on the edit page; the key is after '#', which browsers never send.
    location = response["Location"]
    match = re.fullmatch(
        rf"/shortlists/{shortlist.token}/edit/#key=([A-Za-z0-9_-]{{43}})", location
    )
    assert match
    secret = match.group(1)
    assert secret != shortlist.token
    assert shortlist.edit_secret_hash == hash_edit_secret(secret)
    assert secret not in str(Shortlist.objects.values().get())  # only the hash is stored
    # The session holds the key's hash, never the key.
    assert session_list.shared(client.session) == [
        {"token": shortlist.token, "key_hash": hash_edit_secret(secret)}
    ]
    assert secret not in str(dict(client.session))
    assert [i.program for i in shortlist.items.all()] == programs
    assert (shortlist.title, shortlist.note) == ("For Maria", "Hybrid options near Dayton")

    edit_page = client.get(shortlist.get_edit_url())
    assert "Your shortlist is shared" in edit_page.text
    assert "Your private edit link" in edit_page.text
    assert "Make a new edit link" in edit_page.text
    assert secret not in edit_page.text
    # The author finds the edit page again on the shortlist page.
    assert shortlist.get_edit_url() in client.get("/shortlists/").text


def test_tokens_differ_every_time(client):
    program = ProgramFactory()
    tokens = {shared_list([program])[0].token for _ in range(5)}
    assert len(tokens) == 5


def test_share_needs_programs(client):
    response = client.post(SHARE, {"title": "x"}, follow=True)
    assert "Add at least one program" in response.text
    assert not Shortlist.objects.exists()


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("title", 121, "Make the title 120 characters or fewer (it has 121)."),
        ("note", 1001, "Make the note 1,000 characters or fewer (it has 1001)."),
    ],
)
def test_title_and_note_have_caps(client, field, length, message):
    response = share(client, [ProgramFactory()], **{field: "x" * length})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert not Shortlist.objects.exists()
    ok = share(client, [ProgramFactory()], **{field: "x" * (length - 1)})
    assert ok.status_code == 302


@pytest.mark.parametrize(("field", "text", "code"), XML_UNSAFE)
def test_title_and_note_refuse_characters_the_feed_cannot_carry(client, field, text, code):
    """A vertical tab pasted from Word saved, then the list's feed was a 500 (U+FFFF: a feed
    no reader parses)."""
    message = f"Remove the invisible character {code} (it often comes with text pasted from "
    response = share(client, [ProgramFactory()], **{field: text})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert not Shortlist.objects.exists()
    shortlist, secret = shared_list(title="Old title", note="Old note")
    url = open_edit(client, shortlist, secret)
    edited = client.post(f"{url}save/", {"title": "New", "note": "New", field: text})
    assert edited.status_code == 200
    assert message in edited.text
    shortlist.refresh_from_db()
    assert (shortlist.title, shortlist.note) == ("Old title", "Old note")


def test_remove_without_javascript_after_a_refused_share_goes_back_to_the_shortlist(client):
    """A refused share re-shows the shortlist at /shortlists/share/, which answers only a
    POST: a Remove pressed there came back to it with a GET, an empty 405."""
    keep, drop = ProgramFactory(name="Keep Me"), ProgramFactory(name="Drop Me")
    refused = share(client, [keep, drop], title="t" * 121)
    assert refused.status_code == 200
    assert "Make the title 120 characters or fewer" in refused.text
    form = re.search(
        r'<form id="shortlist-form"[^>]*action="([^"]+)"[^>]*>(.*?)</form>', refused.text
    )
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2)))
    assert fields["next"] == "/shortlists/"
    button = re.search(
        rf'<button[^>]*formaction="([^"]+)"[^>]*name="program" value="{drop.slug}"', refused.text
    ) or re.search(
        rf'<button[^>]*name="program" value="{drop.slug}"[^>]*formaction="([^"]+)"', refused.text
    )
    assert button.group(1) == REMOVE
    response = client.post(REMOVE, {**fields, "program": drop.slug}, follow=True)
    assert response.redirect_chain == [(f"/shortlists/#shortlist-{drop.slug}", 302)]
    assert response.status_code == 200
    assert f"Removed Drop Me ({drop.institution.name}) from your shortlist." in response.text
    assert session_ids(client) == [keep.pk]


def test_everything_a_visitor_typed_is_escaped(client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    share(client, [ProgramFactory()], title=payload, note=payload + "\nsecond line")
    shortlist = Shortlist.objects.get()
    for url in (shortlist.get_absolute_url(), "/shortlists/", shortlist.get_edit_url()):
        text = client.get(url).text
        assert "<script>alert" not in text, url
        assert "<img src=x" not in text, url
    text = client.get(shortlist.get_absolute_url()).text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert '<meta property="og:title" content="&lt;script&gt;' in text
    assert "&lt;img src=x onerror=alert(1)&gt;<br>second line" in text


def test_shared_page_shows_the_programs_with_key_facts(client, django_assert_max_num_queries):
    shortlist, secret = shared_list(note="Start with the two online ones.")
    reader = Client()  # someone else, with no session
    with django_assert_max_num_queries(5):
        response = reader.get(shortlist.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    for name in ["Alpha Online AAS", "Beta Online Certificate", "Gamma Hybrid AS", "Delta Hybrid"]:
        assert name in text
    assert "For Maria: hybrid options near Dayton" in text
    assert "Start with the two online ones." in text
    share_url = f"http://testserver{shortlist.get_absolute_url()}"
    assert f'<a href="{share_url}" id="share-url" class="url-text">{share_url}</a>' in text
    assert "Copy link" in text
    assert '<svg role="img" viewBox=' in text
    assert f"/shortlists/{shortlist.token}/csv/" in text
    assert '<tr class="differs"><th scope="row">Total tuition (estimate)</th>' in text
    assert "Last verified" in text
    assert "Since the list was shared" in text and "No change" in text
    assert f'<link rel="canonical" href="{share_url}">' in text
    assert response["X-Robots-Tag"] == "noindex"
    # The share page never reveals the edit link or the session.
    assert secret not in text
    assert "/edit/" not in text
    assert "sessionid" not in text


def test_share_page_never_shows_the_edit_secret_even_to_its_author(client):
    share(client, four_programs())
    shortlist = Shortlist.objects.get()
    secret = re.search(r"#key=(.+)$", client.post(SHARE, {"title": ""})["Location"]).group(1)
    shortlist = Shortlist.objects.order_by("-pk").first()
    text = client.get(shortlist.get_absolute_url()).text
    assert secret not in text
    assert hash_edit_secret(secret) not in text


def test_more_than_four_programs_split_into_tables_of_four(client):
    programs = ProgramFactory.create_batch(6)
    shortlist, _ = shared_list(programs)
    text = client.get(shortlist.get_absolute_url()).text
    assert "Side by side: programs 1 to 4" in text
    assert "Side by side: programs 5 to 6" in text


def test_a_table_leaves_out_a_note_none_of_its_programs_has(client):
    """The accreditation-note row showed four empty cells in a table whose programs have no
    note, because another table's program had one."""
    programs = ProgramFactory.create_batch(6)
    programs[5].accreditation_note = "Status from an old page."
    programs[5].save()
    shortlist, _ = shared_list(programs)
    text = client.get(shortlist.get_absolute_url()).text
    first, second = text.split("Side by side: programs 5 to 6")
    assert "About the accreditation" not in first
    assert "About the accreditation" in second and "Status from an old page." in second


@pytest.mark.parametrize(
    "path",
    [
        "/shortlists/short/",
        "/shortlists/" + "a" * 42 + "/",
        "/shortlists/" + "a" * 44 + "/",
        "/shortlists/" + "a" * 42 + "!/",
        "/shortlists/" + "a" * 43 + "/",  # well-formed, unknown
        "/shortlists/" + "a" * 43 + "/csv/",
        "/shortlists/../admin/",
    ],
)
def test_unknown_and_malformed_tokens_are_404(client, path):
    shared_list([ProgramFactory()])
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("page", ["shared", "csv", "index"])
def test_head_answers_like_get_without_a_body(client, page):
    """Link checkers and some previewers ask with HEAD first; a 405 reads as a broken link."""
    shortlist, _ = shared_list([ProgramFactory()])
    url = {
        "shared": shortlist.get_absolute_url(),
        "csv": f"/shortlists/{shortlist.token}/csv/",
        "index": "/shortlists/",
    }[page]
    response = client.head(url)
    assert response.status_code == 200
    assert response.content == b""
    assert client.get(url).content  # GET still has the page
    assert client.put(url).status_code == 405


# --- editing --------------------------------------------------------------------------------


def legacy_link(shortlist, secret) -> str:
    """An edit link as they were made before the key moved after '#'."""
    return f"/shortlists/{shortlist.token}/edit/{secret}/"


def test_edit_needs_the_right_secret(client):
    shortlist, secret = shared_list()
    other, other_secret = shared_list([ProgramFactory()])
    # Without the key, the edit page only asks for it.
    asking = client.get(shortlist.get_edit_url())
    assert asking.status_code == 200
    assert "Private edit link, or its key" in asking.text
    assert "Save title and note" not in asking.text
    for wrong in (other_secret, "a" * 43, secret[:-1], shortlist.token, "", "x" * 5000):
        response = client.post(shortlist.get_edit_url(), {"key": wrong})
        assert response.status_code == 200
        assert "That key does not open this list" in response.text
    assert not session_list.can_edit(client.session, shortlist)
    for action in ("delete", "save", "newlink"):
        refused = client.post(f"{shortlist.get_edit_url()}{action}/", {"confirm": "yes"})
        assert refused.status_code == 403
        assert "Private edit link, or its key" in refused.text
    refused = client.post(shortlist.get_edit_url(), {"action": "delete", "confirm": "yes"})
    assert refused.status_code == 403
    assert "Nothing was changed: this list is no longer unlocked in this browser" in refused.text
    # Old-style links with a wrong key are 404 too.
    assert client.get(legacy_link(shortlist, other_secret)).status_code == 404
    assert client.get(f"/shortlists/{shortlist.token}/edit/{secret[:-1]}/").status_code == 404
    wrong = client.post(legacy_link(shortlist, "b" * 43), {"action": "delete", "confirm": "yes"})
    assert wrong.status_code == 404
    assert Shortlist.objects.filter(pk=shortlist.pk).exists()
    # The whole link pasted works as well as the key alone.
    pasted = client.post(
        shortlist.get_edit_url(),
        {"key": f"http://testserver{shortlist.get_private_edit_link(secret)}"},
    )
    assert pasted["Location"] == shortlist.get_edit_url()
    assert "Save title and note" in client.get(shortlist.get_edit_url()).text
    # A key opens its own list only.
    assert client.get(other.get_edit_url()).status_code == 200
    assert "Save title and note" not in client.get(other.get_edit_url()).text


def test_an_old_style_link_still_works_then_goes_on_at_a_key_free_address(client):
    shortlist, secret = shared_list()
    response = client.get(legacy_link(shortlist, secret))
    assert response.status_code == 302
    assert response["Location"] == shortlist.get_private_edit_link(secret)
    assert "Save title and note" in client.get(shortlist.get_edit_url()).text
    assert session_list.shared(client.session)[0]["key_hash"] == shortlist.edit_secret_hash
    # A page rendered before posts to the old action addresses: they work too.
    fresh = Client()
    saved = fresh.post(f"{legacy_link(shortlist, secret)}save/", {"title": "Old page", "note": ""})
    assert saved["Location"] == shortlist.get_edit_url()
    shortlist.refresh_from_db()
    assert shortlist.title == "Old page"


def test_an_older_session_with_the_key_is_rewritten_with_its_hash(client):
    shortlist, secret = shared_list()
    session = client.session
    session[session_list.SHARED_KEY] = [{"token": shortlist.token, "secret": secret}]
    session.save()
    assert "Save title and note" in client.get(shortlist.get_edit_url()).text
    assert secret not in str(dict(client.session))
    assert client.session[session_list.SHARED_KEY] == [
        {"token": shortlist.token, "key_hash": hash_edit_secret(secret)}
    ]


def test_a_new_edit_link_replaces_the_old_one(client):
    shortlist, secret = shared_list()
    url = open_edit(client, shortlist, secret)
    response = client.post(f"{url}newlink/")
    new_secret = re.fullmatch(rf"{url}#key=([A-Za-z0-9_-]{{43}})", response["Location"]).group(1)
    assert new_secret != secret
    assert "Save title and note" in client.get(url).text  # this browser keeps editing
    other = Client()
    assert "does not open" in other.post(url, {"key": secret}).text
    assert other.post(url, {"key": new_secret})["Location"] == url


def test_a_wrong_old_style_link_is_not_logged_with_its_key(client, caplog):
    import logging

    from core.logredact import RedactEditKeys

    shortlist, secret = shared_list()
    wrong = "c" * 43
    handler = logging.StreamHandler(stream := __import__("io").StringIO())
    handler.addFilter(RedactEditKeys())
    logging.getLogger("django.request").addHandler(handler)
    try:
        assert client.get(legacy_link(shortlist, wrong)).status_code == 404
        assert client.get(legacy_link(shortlist, secret)).status_code == 302
    finally:
        logging.getLogger("django.request").removeHandler(handler)
    logged = stream.getvalue()
    assert "Not Found" in logged
    assert f"/shortlists/{shortlist.token}/edit/[edit key]/" in logged
    assert wrong not in logged and secret not in logged


def test_edit_page_is_private(client):
    shortlist, secret = shared_list()
    response = client.get(open_edit(client, shortlist, secret))
    assert response["Referrer-Policy"] == "same-origin"  # never sent to other sites
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    # Link previews and the canonical link point at the share page, not the edit link.
    assert (
        f'<meta property="og:url" content="http://testserver/shortlists/{shortlist.token}/">'
        in (response.text)
    )
    assert f'<link rel="canonical" href="http://testserver/shortlists/{shortlist.token}/">' in (
        response.text
    )


def test_edit_title_and_note(client):
    shortlist, secret = shared_list()
    url = open_edit(client, shortlist, secret)
    response = client.post(url, {"action": "save", "title": "New title", "note": "New note"})
    assert response.status_code == 302
    shortlist.refresh_from_db()
    assert (shortlist.title, shortlist.note) == ("New title", "New note")
    assert "New title" in client.get(shortlist.get_absolute_url()).text
    too_long = client.post(url, {"action": "save", "title": "t" * 121, "note": ""})
    assert too_long.status_code == 200
    assert "Make the title 120 characters or fewer" in too_long.text
    shortlist.refresh_from_db()
    assert shortlist.title == "New title"


@pytest.mark.parametrize("legacy_form", [False, True])
def test_a_save_after_the_visit_ended_keeps_what_the_author_typed(client, legacy_form):
    """The edit page was open when the session ended: the save was a 404 and the typed title
    and note were lost. Now nothing is written, the page that unlocks the list says why
    (403), keeps them in its form, and saves them once the key opens the list."""
    shortlist, secret = shared_list(title="Old title", note="Old note")
    url = open_edit(client, shortlist, secret)
    client.cookies.clear()  # the session ended
    typed = {"title": "For Ana & Luis", "note": "Call <Dayton> first"}
    if legacy_form:  # a page rendered before each action had its own address
        refused = client.post(url, {"action": "save", **typed})
    else:
        refused = client.post(f"{url}save/", typed)
    assert refused.status_code == 403
    assert "Your title and note were not saved: this list is no longer unlocked in this " in (
        refused.text
    )
    assert 'value="For Ana &amp; Luis"' in refused.text
    assert ">Call &lt;Dayton&gt; first</textarea>" in refused.text
    assert "Open the edit page and save the title and note</button>" in refused.text
    assert f'action="{url}"' in refused.text
    shortlist.refresh_from_db()
    assert (shortlist.title, shortlist.note) == ("Old title", "Old note")
    # A wrong key keeps them again; the right one opens the list and saves them.
    wrong = client.post(url, {"key": "a" * 43, **typed})
    assert "That key does not open this list" in wrong.text
    assert 'value="For Ana &amp; Luis"' in wrong.text
    shortlist.refresh_from_db()
    assert shortlist.title == "Old title"
    saved = client.post(url, {"key": secret, **typed}, follow=True)
    assert saved.redirect_chain == [(url, 302)]
    assert "Saved the title and note." in saved.text
    shortlist.refresh_from_db()
    assert (shortlist.title, shortlist.note) == ("For Ana & Luis", "Call <Dayton> first")


def test_edit_reorders_and_removes_programs(client):
    shortlist, secret = shared_list()
    url = open_edit(client, shortlist, secret)

    def order():
        return [item.program_name for item in shortlist.items.all()]

    first, second, third, fourth = order()
    third_item = shortlist.items.get(program_name=third)
    client.post(url, {"action": "up", "item": third_item.pk})
    assert order() == [first, third, second, fourth]
    client.post(url, {"action": "up", "item": shortlist.items.get(program_name=first).pk})
    assert order() == [first, third, second, fourth]  # already at the top
    client.post(url, {"action": "down", "item": shortlist.items.get(program_name=first).pk})
    assert order() == [third, first, second, fourth]
    client.post(url, {"action": "remove", "item": third_item.pk})
    assert order() == [first, second, fourth]
    assert list(shortlist.items.values_list("position", flat=True)) == [0, 1, 2]
    # Items of another list cannot be touched through this edit link.
    other, _ = shared_list([ProgramFactory()])
    client.post(url, {"action": "remove", "item": other.items.get().pk})
    assert other.items.count() == 1
    # Garbage item ids are ignored.
    assert client.post(url, {"action": "remove", "item": "1 OR 1=1"}).status_code == 302


def test_edit_adds_programs_from_the_authors_shortlist(client):
    programs = four_programs()
    shortlist, secret = shared_list(programs[:2])
    extra = ProgramFactory(name="Added Later")
    put_on_shortlist(client, programs[0], extra)
    url = open_edit(client, shortlist, secret)
    assert "has 1 program that is not on this list yet" in client.get(url).text
    client.post(url, {"action": "add"})
    assert "Add from your shortlist" not in client.get(url).text  # nothing left to add
    assert [i.program_name for i in shortlist.items.all()] == [
        programs[0].name,
        programs[1].name,
        "Added Later",
    ]


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.ARCHIVED])
def test_edit_page_counts_only_what_add_would_add(client, status):
    """A program that left the directory while on the author's shortlist is not offered: the
    page said "1 program that is not on this list yet", and Add then added nothing."""
    programs = four_programs()
    shortlist, secret = shared_list(programs[:2])
    put_on_shortlist(client, programs[0], programs[2])
    Program.objects.filter(pk=programs[2].pk).update(status=status)
    url = open_edit(client, shortlist, secret)
    text = client.get(url).text
    assert "not on this list yet" not in text
    assert "Add from your shortlist</button>" not in text
    assert "To add programs, put them on" in text


def test_edit_page_counts_no_more_than_there_is_room_for(client, settings):
    settings.SHORTLIST_MAX_PROGRAMS = 3
    programs = four_programs()
    shortlist, secret = shared_list(programs[:2])
    put_on_shortlist(client, programs[2], programs[3])
    url = open_edit(client, shortlist, secret)
    text = client.get(url).text
    assert "Your own shortlist has 2 programs that are not on this list yet. There is room " in (
        text
    )
    assert "for 1 more (a list holds up to 3 programs): Add puts the first one on it." in text
    assert "Added 1 program from your shortlist." in client.post(f"{url}add/", follow=True).text
    assert shortlist.items.count() == 3
    text = client.get(url).text
    assert "Your own shortlist has 1 program that is not on this list, but the list " in text
    assert "already holds 3 programs, the most it can. Remove one to make room." in text
    assert "Add from your shortlist</button>" not in text


def test_edit_deletes_only_with_confirmation(client):
    shortlist, secret = shared_list()
    url = open_edit(client, shortlist, secret)
    client.post(url, {"action": "delete"})
    assert Shortlist.objects.filter(pk=shortlist.pk).exists()
    response = client.post(url, {"action": "delete", "confirm": "yes"})
    assert response["Location"] == "/shortlists/"
    assert not Shortlist.objects.filter(pk=shortlist.pk).exists()
    assert not ShortlistItem.objects.exists()
    assert client.get(shortlist.get_absolute_url()).status_code == 404


# --- what changed since the list was shared -----------------------------------------------


def notices(client, shortlist) -> str:
    return client.get(shortlist.get_absolute_url()).text


def test_no_notices_when_nothing_changed(client):
    shortlist, _ = shared_list()
    text = notices(client, shortlist)
    assert "Note:" not in text
    assert "Check before you rely on this list" not in text


def test_changed_program_names_what_changed(client):
    programs = four_programs()
    shortlist, secret = shared_list(programs)
    program = Program.objects.get(pk=programs[1].pk)
    program.tuition_total = 7200
    program.save()
    text = notices(client, shortlist)
    assert "Check before you rely on this list:</strong> 1 program changed since" in text
    assert "Changed since this list was shared" in text
    assert "total tuition: was $6,500, now $7,200" in text
    # The author accepts the new facts and the notice goes away.
    client.post(open_edit(client, shortlist, secret), {"action": "refresh"})
    assert "Changed since this list was shared" not in notices(client, shortlist)


def test_a_change_to_lab_sessions_alone_is_reported(client):
    session = LabSessionFactory()
    shortlist, _ = shared_list([session.program])
    # Lab sessions are saved apart from their program; a change to them moves the
    # program's updated_at (programs/listing_changes.py), so the notice dates it too.
    LabSessionFactory(program=session.program, days=1, visits=1, total_days=2)
    text = notices(client, shortlist)
    today = f"{timezone.localdate():%-d %b %Y}"
    assert (
        f"Changed since this list was shared (listing updated {today}): campus days: was 24, "
        "now 26."
    ) in text


def test_updated_without_key_changes_says_so(client):
    program = ProgramFactory()
    shortlist, _ = shared_list([program])
    program.description = "A new paragraph."
    program.save()
    assert "the key facts shown here are the same" in notices(client, shortlist)


def test_stale_program_is_flagged(client):
    program = ProgramFactory(last_verified=datetime.date.today() - datetime.timedelta(days=400))
    shortlist, _ = shared_list([program])
    text = notices(client, shortlist)
    assert "over a year ago: details may be out of date" in text
    assert "Not verified in over a year" in text


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (PublicationStatus.ARCHIVED, "Archived since this list was shared"),
        (PublicationStatus.DRAFT, "Taken down for review since this list was shared"),
    ],
)
def test_archived_or_unpublished_program_is_flagged_and_its_facts_hidden(client, status, expected):
    programs = four_programs()
    shortlist, _ = shared_list(programs)
    program = programs[0]
    program.status = status
    program.tuition_total = 123456  # a draft's unreviewed facts must not show
    program.save()
    text = notices(client, shortlist)
    assert expected in text
    assert program.name in text  # still named, from the snapshot
    assert "$123,456" not in text
    assert f'href="http://testserver{program.get_absolute_url()}"' not in text


def test_deleted_program_is_no_longer_listed(client):
    programs = four_programs()
    shortlist, _ = shared_list(programs)
    name = programs[0].name
    programs[0].delete()
    item = shortlist.items.get(program_name=name)
    assert item.program is None  # SET_NULL keeps the item
    text = notices(client, shortlist)
    assert "No longer listed" in text
    assert name in text


# --- CSV export -----------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_export_has_a_header_and_a_row_per_program(client):
    programs = four_programs()
    shortlist, _ = shared_list(programs, title="For Maria")
    response = client.get(f"/shortlists/{shortlist.token}/csv/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="shortlist-for-maria.csv"'
    rows = read_csv(response)
    assert rows[0] == sharing.CSV_HEADER
    assert len(rows) == 5
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["Program"] == "Alpha Online AAS"
    assert first["Institution"] == programs[0].institution.name
    assert first["Credential"] == "Associate of Applied Science (AAS)"
    assert first["Accreditation"] == "Accredited: continuing"
    assert first["Campus days (total)"] == "0"
    assert first["Total tuition (USD, estimate)"] == "9000"
    assert first["Length (months)"] == "24"
    assert (first["Certification pass rate (%)"], first["Pass rate year"]) == ("85", "2025")
    assert first["Last verified"] == programs[0].last_verified.isoformat()
    assert first["Listing status"] == "Listed"
    assert first["Program page"] == f"http://testserver{programs[0].get_absolute_url()}"
    hybrid = dict(zip(header, rows[3], strict=True))
    assert hybrid["Campus days (total)"] == "24"


def test_csv_carries_what_counselors_compare(client):
    programs = four_programs()
    hybrid = programs[2]
    hybrid.graduation_rate, hybrid.placement_rate, hybrid.outcomes_year = 80, 90, 2025
    hybrid.source_url = "https://school.example/mlt-facts"
    hybrid.save()
    shortlist, _ = shared_list(programs)
    rows = read_csv(client.get(f"/shortlists/{shortlist.token}/csv/"))
    row = dict(zip(rows[0], rows[3], strict=True))
    session = hybrid.lab_sessions.get()
    site = session.sites.get()
    assert row["Lab sites"] == (f"{session.summary}, at {site.name}, {site.city}, {site.state}")
    assert row["Clinical site"] == hybrid.get_clinical_arrangement_display()
    assert row["How it is taught"] == hybrid.get_delivery_display()
    assert (row["MLT(ASCP) eligible"], row["MLT(AMT) eligible"]) == ("Yes", "Yes")
    assert (row["Graduation rate (%)"], row["Placement rate (%)"]) == ("80", "90")
    assert row["Graduation and placement rate year"] == "2025"
    assert row["Source of these facts"] == "https://school.example/mlt-facts"
    assert row["Last verified"] == hybrid.last_verified.isoformat()
    # Without a ZIP there is no distance; an online program has no sites.
    assert row["Farthest campus trip (miles, straight line; with a ZIP)"] == ""
    online = dict(zip(rows[0], rows[1], strict=True))
    assert online["Lab sites"] == "No campus sessions"


def test_csv_with_a_zip_gives_the_nearest_site_and_the_distance(client):
    programs = four_programs()
    shortlist, _ = shared_list(programs)
    url = f"/shortlists/{shortlist.token}/csv/"
    rows = read_csv(client.get(url, {"zip": "43215"}))
    row = dict(zip(rows[0], rows[3], strict=True))
    site = programs[2].lab_sessions.get().sites.get()
    place = geo.lookup_zip("43215")
    expected = round(site.distance_from(place))
    trip = "Farthest campus trip (miles, straight line; with a ZIP)"
    assert row[trip] == str(expected)
    miles = formatting.miles(site.distance_from(place))
    assert f"nearest {site.name}, {site.city}, {site.state}, {miles}" in row["Lab sites"]
    # A ZIP that does not exist adds nothing and fails nothing.
    rows = read_csv(client.get(url, {"zip": "00000"}))
    assert dict(zip(rows[0], rows[3], strict=True))[trip] == ""


def test_the_shared_page_offers_the_spreadsheet_with_distances(client):
    shortlist, _ = shared_list()
    page = client.get(f"/shortlists/{shortlist.token}/")
    assert '<label for="csv-zip">' in page.text
    assert f'action="/shortlists/{shortlist.token}/csv/"' in page.text


def test_csv_lists_programs_that_left_the_directory(client):
    programs = four_programs()
    shortlist, _ = shared_list(programs)
    programs[2].status = PublicationStatus.ARCHIVED
    programs[2].save()
    rows = read_csv(client.get(f"/shortlists/{shortlist.token}/csv/"))
    row = dict(zip(rows[0], rows[3], strict=True))
    assert row["Program"] == "Gamma Hybrid AS"
    assert row["Listing status"] == "Archived since shared"
    assert row["Total tuition (USD, estimate)"] == ""


def test_csv_neutralises_formulas(client):
    program = ProgramFactory(name='=HYPERLINK("http://evil.example","x")')
    program.institution.name = "@SUM(A1)"
    program.institution.save()
    shortlist, _ = shared_list([program])
    rows = read_csv(client.get(f"/shortlists/{shortlist.token}/csv/"))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1][2] == "'@SUM(A1)"
    # The rule itself (core.spreadsheet) is tested in curation/tests/test_formulas.py.


# --- QR code --------------------------------------------------------------------------------


def rasterise_qr(svg: str, scale: int = 8):
    """Draw segno's inline SVG (one path of horizontal strokes) as a PIL image. The browser
    test decodes the SVG as Chromium actually renders it."""
    from PIL import Image, ImageDraw

    size = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([MmHhVv])(-?[\d.]+)(?:[ ,](-?[\d.]+))?", path):
        a = float(a)
        if command == "M":
            x, y = a, float(b)
        elif command == "m":
            x, y = x + a, y + float(b)
        elif command in "hH":
            end = x + a if command == "h" else a
            row = int(y - 0.5)
            left, right = sorted((x, end))
            draw.rectangle(
                [left * scale, row * scale, right * scale - 1, (row + 1) * scale - 1], fill=0
            )
            x = end
        else:
            y = y + a if command == "v" else a
    return image


def test_qr_code_decodes_to_the_share_url(client):
    import zxingcpp

    shortlist, _ = shared_list([ProgramFactory()])
    text = client.get(shortlist.get_absolute_url()).text
    svg = re.search(r"<svg role=\"img\".*?</svg>", text, re.S).group(0)
    assert "style=" not in svg  # fine under a strict CSP
    assert "<title>QR code for the link http://testserver/shortlists/" in svg
    results = zxingcpp.read_barcodes(rasterise_qr(svg))
    assert [r.text for r in results] == [f"http://testserver/shortlists/{shortlist.token}/"]


def test_qr_code_uses_the_configured_site_url(client, settings):
    import zxingcpp

    settings.SITE_URL = "https://mltportal.example.org"
    shortlist, _ = shared_list([ProgramFactory()])
    text = client.get(shortlist.get_absolute_url()).text
    svg = re.search(r"<svg role=\"img\".*?</svg>", text, re.S).group(0)
    decoded = [r.text for r in zxingcpp.read_barcodes(rasterise_qr(svg))]
    assert decoded == [f"https://mltportal.example.org/shortlists/{shortlist.token}/"]


# --- abuse ----------------------------------------------------------------------------------


def test_creating_shortlists_is_rate_limited_per_client(client, settings):
    settings.SHORTLIST_CREATE_LIMIT = 3
    program = ProgramFactory()
    for _ in range(3):
        assert share(client, [program]).status_code == 302
    refused = share(client, [program])
    assert refused.status_code == 429
    assert "Too many shared lists for now" in refused.text
    assert "This browser has shared 3 lists this hour" in refused.text
    assert "You can share again in about" in refused.text
    # Retry-After: the seconds until the clock-aligned window ends.
    assert 0 < int(refused["Retry-After"]) <= settings.SHORTLIST_CREATE_WINDOW
    assert Shortlist.objects.count() == 3
    # Invalid forms do not count, and another client is not affected.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert share(other, [program]).status_code == 302
    # The limit resets with the window.
    cache.clear()
    assert share(client, [program]).status_code == 302


def test_a_counselor_sharing_one_list_per_student_is_not_stopped(client):
    program = ProgramFactory()
    statuses = {share(client, [program]).status_code for _ in range(25)}
    assert statuses == {302}
    assert Shortlist.objects.count() == 25


def test_a_network_has_a_generous_limit_of_its_own(settings):
    settings.SHORTLIST_CREATE_LIMIT = 2
    settings.SHORTLIST_CREATE_NETWORK_LIMIT = 5
    program = ProgramFactory()
    school = [Client(REMOTE_ADDR="203.0.113.50") for _ in range(6)]  # six browsers, one network
    assert [share(browser, [program]).status_code for browser in school[:5]] == [302] * 5
    refused = share(school[5], [program])
    assert refused.status_code == 429
    assert "Your network has shared 5 lists this hour" in refused.text
    assert "Everyone on the same connection" in refused.text
    # Another network is not affected.
    assert share(Client(REMOTE_ADDR="198.51.100.50"), [program]).status_code == 302


def test_the_window_is_aligned_to_the_clock_so_the_reset_time_is_known(rf):
    request = rf.post("/", REMOTE_ADDR="203.0.113.5")
    ten_past = 1_800_000_000 - 1_800_000_000 % 3600 + 600  # ten past the hour
    limits = {"per_browser": 1, "per_network": 1, "window_seconds": 3600}
    assert ratelimit.check("t", request, **limits, now=ten_past) is None
    ratelimit.record("t", request, window_seconds=3600, now=ten_past)
    refusal = ratelimit.check("t", request, **limits, now=ten_past + 60)
    assert refusal == ratelimit.Refusal(per="network", limit=1, resets_in=3000 - 60)
    # The next hour starts afresh.
    assert ratelimit.check("t", request, **limits, now=ten_past + 3000) is None


def test_rate_limit_key_groups_ipv6_by_network():
    class Request:
        def __init__(self, address):
            self.META = {"REMOTE_ADDR": address}

    assert ratelimit.client_key(Request("203.0.113.5")) == "203.0.113.5"
    assert ratelimit.client_key(Request("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64"
    assert ratelimit.client_key(Request("2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::/64"
    assert ratelimit.client_key(Request("::ffff:203.0.113.5")) == "203.0.113.5"
    assert ratelimit.client_key(Request("")) == "unknown"


# --- database constraints -------------------------------------------------------------------


def refused(callable_):
    try:
        with transaction.atomic():
            callable_()
    except (IntegrityError, DataError):
        return True
    return False


def test_share_token_is_unique():
    first, _ = shared_list([ProgramFactory()])
    second, _ = shared_list([ProgramFactory()])
    assert refused(lambda: Shortlist.objects.filter(pk=second.pk).update(token=first.token))


def test_token_must_be_long_and_edit_hash_a_sha256():
    shortlist, _ = shared_list([ProgramFactory()])
    assert refused(lambda: Shortlist.objects.filter(pk=shortlist.pk).update(token="short"))
    assert refused(lambda: Shortlist.objects.filter(pk=shortlist.pk).update(edit_secret_hash=""))
    assert not refused(lambda: Shortlist.objects.filter(pk=shortlist.pk).update(token="x" * 43))


def test_title_and_note_lengths_are_capped_in_the_database():
    shortlist, _ = shared_list([ProgramFactory()])
    rows = Shortlist.objects.filter(pk=shortlist.pk)
    assert refused(lambda: rows.update(title="t" * 121))
    assert refused(lambda: rows.update(note="n" * 1001))
    assert not refused(lambda: rows.update(title="t" * 120, note="n" * 1000))


def test_a_program_appears_once_per_list():
    program = ProgramFactory()
    shortlist, _ = shared_list([program])
    item = shortlist.items.get()

    def duplicate():
        item.pk = None
        item.position = 1
        item.save()

    assert refused(duplicate)
    # The same program on another list is fine.
    assert shared_list([program])[0].items.count() == 1


def test_shortlist_str_and_url():
    shortlist, _ = shared_list([ProgramFactory()], title="")
    assert str(shortlist) == "Shortlist of MLT programs"
    assert shortlist.get_absolute_url() == reverse("shortlists:shared", args=[shortlist.token])


# --- admin ----------------------------------------------------------------------------------


def test_admin_lists_searches_and_deletes_shortlists(admin_client):
    shortlist, _ = shared_list(title="Counselor list")
    changelist = admin_client.get(reverse("admin:shortlists_shortlist_changelist"))
    assert changelist.status_code == 200
    assert "Counselor list" in changelist.text
    found = admin_client.get(reverse("admin:shortlists_shortlist_changelist"), {"q": "Gamma"})
    assert "Counselor list" in found.text
    change = admin_client.get(reverse("admin:shortlists_shortlist_change", args=[shortlist.pk]))
    assert change.status_code == 200
    assert shortlist.token in change.text
    assert "Alpha Online AAS" in change.text
    assert shortlist.edit_secret_hash not in change.text
    assert admin_client.get(reverse("admin:shortlists_shortlist_add")).status_code == 403
    delete_url = reverse("admin:shortlists_shortlist_delete", args=[shortlist.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Shortlist.objects.exists()


# --- link previews and print ----------------------------------------------------------------


def test_every_public_page_has_link_preview_meta(client):
    program = LabSessionFactory(program__name="Preview Program").program
    shortlist, _ = shared_list([program], title="Preview list")
    pages = {
        "/": "MLT Portal",
        "/programs/": "Online MLT programs",
        program.get_absolute_url(): "Preview Program",
        f"/programs/compare/?programs={program.slug}": "Compare programs",
        "/shortlists/": "Your shortlist",
        shortlist.get_absolute_url(): "Preview list",
        "/careers/": "Career guide",
        "/careers/eligibility/": "eligibility checker",
    }
    call_command("load_demo_data", stdout=io.StringIO())
    pages["/careers/salary/"] = "What MLTs earn"
    for url, title in pages.items():
        text = client.get(url).text
        og_title = re.search(r'<meta property="og:title" content="([^"]*)">', text).group(1)
        assert title in og_title, url
        description = re.search(r'<meta property="og:description" content="([^"]+)">', text)
        assert description and len(description.group(1)) > 20, url
        assert re.search(r'<meta property="og:url" content="http://testserver/[^"]*">', text), url
        assert '<meta name="twitter:card" content="summary">' in text, url
        twitter_title = re.search(r'<meta name="twitter:title" content="([^"]*)">', text)
        assert twitter_title and title in twitter_title.group(1), url
        assert re.search(r'<meta name="twitter:description" content="[^"]{20,}">', text), url
        assert '<link rel="canonical" href="http://testserver/' in text, url


def test_list_page_preview_uses_the_page_title_and_description(client):
    ProgramFactory()
    text = client.get("/programs/").text
    assert '<meta property="og:title" content="Online MLT programs | MLT Portal">' in text
    assert '<meta name="twitter:description" content="Search online Medical Laboratory' in text


def test_print_stylesheet_hides_navigation_and_prints_urls(client):
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/site.css")).read()  # noqa: SIM115
    section = css[css.index("Shortlists and print") :]
    print_rules = section[section.index("@media print") :]
    assert ".site-header" in print_rules and "display: none" in print_rules
    assert 'a[href^="/"]:not(.url-text)::after { content: " (" attr(href) ")"' in print_rules
    shortlist, _ = shared_list([ProgramFactory()])
    text = client.get(shortlist.get_absolute_url()).text
    assert "css/site.css" in text
    assert text.index('id="share-url"') < text.index('id="programs-heading"')  # URL on top


def test_the_shortlist_writes_unpublished_facts_as_every_page_does(client):
    """A program with no published length, tuition or campus days read 'None months' and
    'None campus day' on the shortlist page."""
    program = ProgramFactory(length_months=None, length_text="", tuition_total=None)
    LabSessionFactory(program=program, days=None, total_days=None)
    client.post("/shortlists/add/", {"program": program.slug})
    text = client.get("/shortlists/").text
    assert "None" not in re.sub(r"<[^>]+>", "", text)
    assert "length: Not published by the school" in text
    assert "total tuition (estimate): Not published by the school" in text
    assert "campus days: days not published" in text
