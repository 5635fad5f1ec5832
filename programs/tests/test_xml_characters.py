"""Characters XML 1.0 cannot carry (a vertical tab pasted from Word, U+FFFF) in keywords
and in listings. The search's feed wrote the keywords into its title: a control character
was a 500, U+FFFF a feed no reader could parse. Now the keyword field refuses them like any
invalid value (a field error on the page, a 400 from the API and the feed), curators cannot
save them in a listing, and the feeds drop any that reached the database another way."""

import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.core.exceptions import ValidationError

from programs.models import Institution, Program

from .factories import ProgramFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
UNSAFE = [("a\x01b", "U+0001"), ("Day\x0bton", "U+000B"), ("\uffff", "U+FFFF")]


@pytest.mark.parametrize(("keywords", "code"), UNSAFE)
def test_the_list_page_names_the_character_in_the_keywords(client, keywords, code):
    ProgramFactory()
    response = client.get("/programs/", {"q": keywords})
    assert response.status_code == 200
    assert "There is a problem with your search" in response.text
    assert f"Remove the invisible character {code} (it often comes with text pasted" in (
        response.text
    )
    assert "Follow this search" not in response.text


@pytest.mark.parametrize(("keywords", "code"), UNSAFE)
def test_the_api_answers_400_with_the_keywords_error(client, keywords, code):
    response = client.get("/api/programs/", {"q": keywords})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["q"]
    assert code in str(errors["q"])


@pytest.mark.parametrize(("keywords", "code"), UNSAFE)
def test_the_feed_answers_like_any_invalid_search(client, keywords, code):
    ProgramFactory()
    response = client.get("/programs/feed/", {"q": keywords})
    assert response.status_code == 400
    text = unescape(response.text)
    assert "This search cannot be followed as a feed." in text
    assert f"Keywords: Remove the invisible character {code}" in text


def test_keywords_with_accents_and_emoji_are_still_read(client):
    ProgramFactory(name="Émile Hybrid MLT")
    assert client.get("/programs/feed/", {"q": "Émile 🧪"}).status_code == 200


@pytest.mark.parametrize(("text", "code"), UNSAFE)
def test_a_curator_cannot_save_them_in_a_listing(text, code):
    program = ProgramFactory()
    for name, value in [("name", f"Dayton {text} MLT"), ("description", f"Hybrid{text}")]:
        setattr(program, name, value)
        with pytest.raises(ValidationError) as refused:
            program.full_clean()  # what the admin's form and the import run
        assert code in str(refused.value.message_dict[name])
        program.refresh_from_db()
    institution = program.institution
    institution.name = f"College {text}"
    with pytest.raises(ValidationError) as refused:
        institution.full_clean()
    assert code in str(refused.value.message_dict["name"])


def test_the_curator_admin_refuses_them(admin_client):
    program = ProgramFactory(name="Plain Name MLT")
    url = f"/admin/programs/program/{program.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    # The whole change form as the admin renders it, with one character pasted in the name.
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text):
        data.setdefault(name, unescape(value))
    for name, body in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page.text, re.S
    ):
        data[name] = unescape(body)
    for name, body in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page.text, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        if chosen:
            data[name] = unescape(chosen.group(1))
    data["name"] = "Pasted\x0bName MLT"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Remove the invisible character U+000B" in response.text
    program.refresh_from_db()
    assert program.name == "Plain Name MLT"


def test_the_feed_drops_them_if_they_reached_the_database(client):
    program = ProgramFactory(name="Plain")
    Program.objects.filter(pk=program.pk).update(name="Dayton\x0b MLT\uffff")
    Institution.objects.filter(pk=program.institution_id).update(name="Sinclair\x01 College")
    response = client.get("/programs/feed/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response, not untrusted)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles == ["Dayton MLT, Sinclair College"]
