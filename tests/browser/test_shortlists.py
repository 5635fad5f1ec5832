"""A counselor builds a shortlist of four programs, shares it, and a student opens the link on
a phone in another browser; the counselor edits it with the private edit link."""

import io
import re

import pytest
from playwright.sync_api import expect

from programs.choices import PublicationStatus
from programs.models import Program
from shortlists.models import Shortlist

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def card_identity(card) -> tuple[str, str]:
    return (
        card.locator(".card-title").inner_text().strip(),
        card.locator(".institution").inner_text().split(",")[0].strip(),
    )


def shared_identities(page) -> list[tuple[str, str]]:
    items = page.locator(".shared-program")
    return [
        (
            items.nth(i).locator(".shared-program-title").inner_text().strip(),
            items.nth(i).locator(".institution").inner_text().split(",")[0].strip(),
        )
        for i in range(items.count())
    ]


def build_and_share(page, base_url, title) -> tuple[list[tuple[str, str]], str, str]:
    """Add the first four programs on the list page, share them. Returns (programs,
    share URL, edit URL)."""
    page.goto(base_url + "/programs/")
    cards = page.locator(".program-card")
    chosen = []
    for i in range(4):
        card = cards.nth(i)
        chosen.append(card_identity(card))
        card.get_by_role("button", name=re.compile(r"^Add to shortlist")).click()
        # htmx swaps the button in place: no page load.
        expect(card.locator(".shortlist-state")).to_have_text("✓ On your shortlist")
    expect(page.locator("#shortlist-nav")).to_contain_text("Shortlist (4")
    expect(page.locator("#shortlist-status")).to_contain_text("Shortlist: 4.")

    page.locator("#shortlist-nav").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your shortlist")
    expect(page.locator(".shortlist-item")).to_have_count(4)
    page.get_by_label("Title (optional)").fill(title)
    page.get_by_label("Note (optional)").fill("Start with the first two.\nAsk about lab days.")
    page.get_by_role("button", name="Create share link").click()
    expect(page.get_by_role("heading", name="Your private edit link")).to_be_visible()
    share_url = page.locator("#share-url").inner_text().strip()
    return chosen, share_url, page.url


def decode_qr(locator) -> list[str]:
    import zxingcpp
    from PIL import Image

    image = Image.open(io.BytesIO(locator.screenshot()))
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_counselor_shares_four_programs_and_a_student_opens_them_on_a_phone(
    live_server, demo_data, browser, page, axe_violations
):
    chosen, share_url, edit_url = build_and_share(
        page, live_server.url, "For Maria: hybrid options near Dayton"
    )
    token = Shortlist.objects.get().token
    assert share_url == f"{live_server.url}/shortlists/{token}/"
    # The key is after '#': the browser never sends it; the page shows the whole link.
    assert re.fullmatch(rf"{re.escape(share_url)}edit/#key=[A-Za-z0-9_-]{{43}}", edit_url)
    secret = edit_url.rsplit("=", 1)[1]
    expect(page.locator("#edit-url")).to_have_text(edit_url)
    assert axe_violations(page) == []  # the edit page

    page.goto(live_server.url + "/shortlists/")
    assert axe_violations(page) == []  # the shortlist page
    expect(page.get_by_role("link", name=re.compile("^Edit \\(private link\\)"))).to_have_attribute(
        "href", f"/shortlists/{token}/edit/"
    )

    # A student opens the link on a phone, in a browser with no session of the counselor's.
    student = browser.new_context(**PHONE)
    phone = student.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(share_url)
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "For Maria: hybrid options near Dayton"
    )
    expect(phone.locator(".shortlist-note")).to_contain_text("Ask about lab days.")
    assert shared_identities(phone) == chosen
    expect(phone.locator(".shared-program .badge")).to_have_count(4)
    expect(phone.locator("#shortlist-nav")).to_contain_text("Shortlist (0")
    assert secret not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways page
    assert axe_violations(phone) == []

    # The QR code, as the browser draws it, opens the same page.
    assert decode_qr(phone.locator(".qr svg")) == [share_url]

    # On paper: no navigation or buttons; the share link and QR code at the top.
    phone.emulate_media(media="print")
    expect(phone.locator(".site-header nav")).to_be_hidden()
    expect(phone.locator(".share-actions")).to_be_hidden()
    expect(phone.locator("#share-url")).to_be_visible()
    expect(phone.locator(".qr svg")).to_be_visible()
    after = phone.evaluate(
        "getComputedStyle(document.querySelector('.shared-program-title a'), '::after').content"
    )
    assert f"{live_server.url}/programs/" in after  # links print as URLs
    phone.emulate_media(media="screen")

    # The counselor edits the list with the edit link: a new title, one program fewer.
    page.goto(edit_url)
    page.get_by_label("Title (optional)").fill("For Maria: three hybrid options")
    page.get_by_role("button", name="Save title and note").click()
    expect(page.locator(".messages")).to_contain_text("Saved the title and note.")
    first = page.locator(".shared-program").first
    first.get_by_role("button", name=re.compile("^Remove")).click()
    expect(page.locator(".messages")).to_contain_text("Removed")
    page.locator(".shared-program").first.get_by_role(
        "button", name=re.compile("^Move down")
    ).click()
    expect(page.locator(".messages")).to_contain_text("Moved the program.")

    # A program is archived; the student reloads and sees today's state.
    archived_slug = Shortlist.objects.get().items.first().program.slug
    archived = Program.objects.get(slug=archived_slug)
    archived.status = PublicationStatus.ARCHIVED
    archived.save()
    phone.reload()
    expect(phone.get_by_role("heading", level=1)).to_have_text("For Maria: three hybrid options")
    expect(phone.locator(".shared-program")).to_have_count(3)
    assert shared_identities(phone) == [chosen[2], chosen[1], chosen[3]]
    expect(phone.locator(".shared-program").first).to_contain_text(
        "Archived since this list was shared"
    )
    assert axe_violations(phone) == []
    student.close()


def test_copy_link_button_copies_the_share_url(live_server, demo_data, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    _, share_url, _ = build_and_share(page, live_server.url, "Copy me")
    page.goto(share_url)
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("#copy-status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == share_url
    context.close()


def test_everything_works_without_javascript(live_server, demo_data, nojs_page):
    page = nojs_page
    page.goto(live_server.url + "/programs/")
    card = page.locator(".program-card").first
    name = card_identity(card)
    card.get_by_role("button", name=re.compile(r"^Add to shortlist")).click()
    # A full page load back to the same card.
    expect(page).to_have_url(re.compile(r"/programs/#shortlist-"))
    expect(page.locator(".program-card").first.locator(".shortlist-state")).to_be_visible()
    expect(page.locator("#shortlist-nav")).to_contain_text("Shortlist (1")

    page.goto(live_server.url + "/shortlists/")
    page.get_by_role("button", name="Create share link").click()
    share_url = page.locator("#share-url").inner_text().strip()
    page.goto(share_url)
    assert shared_identities(page) == [name]
    # Without JavaScript the Copy and Print buttons stay hidden; the link is plain text.
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    expect(page.locator("#share-url")).to_have_text(share_url)


def test_list_and_detail_pages_with_shortlist_buttons_have_no_axe_violations(
    live_server, demo_data, page, axe_violations
):
    page.goto(live_server.url + "/programs/")
    page.locator(".program-card").first.get_by_role(
        "button", name=re.compile(r"^Add to shortlist")
    ).click()
    expect(page.locator("#shortlist-nav")).to_contain_text("Shortlist (1")
    assert axe_violations(page) == []
    page.locator(".card-title a").first.click()
    expect(page.locator(".shortlist-state")).to_be_visible()
    assert axe_violations(page) == []


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_private_edit_link_opens_in_another_browser(live_server, demo_data, browser, width):
    """With JavaScript, the page sends the key from after '#' by itself, and the address
    loses the key; without it, the person pastes the link."""
    author = browser.new_context(viewport={"width": 1280, "height": 900})
    page = author.new_page()
    page.set_default_timeout(10_000)
    _, _, edit_url = build_and_share(page, live_server.url, "Elsewhere")
    author.close()

    other = browser.new_context(viewport={"width": width, "height": 900})
    elsewhere = other.new_page()
    elsewhere.set_default_timeout(10_000)
    elsewhere.goto(edit_url)
    expect(elsewhere.get_by_role("button", name="Save title and note")).to_be_visible()
    assert "#key=" not in elsewhere.url
    other.close()

    nojs = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    plain = nojs.new_page()
    plain.set_default_timeout(10_000)
    plain.goto(edit_url)
    plain.get_by_label("Private edit link, or its key").fill("not the key")
    plain.get_by_role("button", name="Open the edit page").click()
    expect(plain.get_by_role("alert")).to_contain_text("That key does not open this list")
    plain.get_by_label("Private edit link, or its key").fill(edit_url)
    plain.get_by_role("button", name="Open the edit page").click()
    expect(plain.get_by_role("button", name="Save title and note")).to_be_visible()
    nojs.close()
