"""The result card written in Python (programs/cards.py): every value escaped as a template
would, the compare link the `{% querystring %}` tag would give, one reverse() per page."""

import re
from unittest import mock

import pytest
from django.http import QueryDict
from django.template import RequestContext, Template
from django.test import RequestFactory

from core.escaping import esc
from programs import cards
from programs.comparison import Tray

from .factories import InstitutionFactory, LabSessionFactory, ProgramFactory, SiteFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"quoted\""


def test_esc_is_conditional_escape():
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    for value in [HOSTILE, 12, None, mark_safe("<b>kept</b>"), gettext_lazy("Name <x>")]:
        assert esc(value) == conditional_escape(value)


def test_every_value_on_a_card_is_escaped(client):
    program = ProgramFactory(
        name=HOSTILE, institution=InstitutionFactory(name=HOSTILE, city=HOSTILE)
    )
    LabSessionFactory(program=program, sites=[SiteFactory(city=HOSTILE, zip_code="45402")])
    text = client.get("/programs/?zip=43210").text
    assert "<script>alert" not in text
    card = re.search(r'<li class="program-card">.*?</li>\n', text, re.S).group(0)
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;"
    # The title, the school, its town, the lab site's town, the compare and shortlist
    # buttons' hidden labels.
    assert card.count(escaped) >= 6
    assert f"in {escaped}, OH" in card or f"in {escaped}," in card  # the lab site


def test_the_compare_link_is_what_the_querystring_tag_gives():
    program = ProgramFactory(slug="lab-tech")
    other = ProgramFactory(slug="other")
    for query in ["", "state=OH&state=KY&page=2", "compare=other&zip=43210", "q=a+b&compare=other"]:
        request = RequestFactory().get("/programs/?" + query)
        tray = Tray.from_query(QueryDict(query))
        page = cards.CardPage(request=request, tray=tray)
        for p in (program, other):
            expected = Template("{% querystring compare=value %}").render(
                RequestContext(request, {"value": tray.toggled(p.slug)})
            )
            # The tag's output is escaped for HTML, as the card escapes the link.
            assert esc(page.compare_href(tray.toggled(p.slug))) == expected, (query, p.slug)


def test_a_page_of_cards_reverses_the_detail_url_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    for i in range(5):
        ProgramFactory(slug=f"card-{i}")
    with mock.patch.object(cards, "reverse", wraps=cards.reverse) as reverse:
        text = client.get("/programs/").text
    assert reverse.call_count == 1
    for i in range(5):
        assert f'href="/programs/card-{i}/"' in text


def test_an_unknown_heading_level_falls_back_to_h3():
    program = ProgramFactory()
    page = cards.CardPage(request=RequestFactory().get("/"))
    html = cards.program_card(program, page, heading="script")
    assert '<h3 class="card-title">' in html and "<script" not in html
    assert '<h2 class="card-title">' in cards.program_card(program, page, heading="h2")


@pytest.mark.django_db
def test_labs_away_from_the_school_say_where_they_happen(client):
    """Hibbing's labs at the student's workplace were listed under "Campus lab days" with no
    place, as if they were trips to the school."""
    from programs.choices import LabLocation

    LabSessionFactory(program__slug="at-work", location=LabLocation.WORKPLACE, sites=[])
    LabSessionFactory(program__slug="on-campus", sites=[SiteFactory(city="Dayton", state="OH")])
    page = client.get("/programs/").text
    assert "<dt>Campus lab days</dt>" not in page
    assert page.count("<dt>Lab days</dt>") == 2
    assert "2 days each, at the student&#x27;s own workplace laboratory</li>" in page
    assert "2 days each in Dayton, OH</li>" in page
    compare = client.get("/programs/compare/", {"programs": "at-work,on-campus"}).text
    assert re.search(
        r'<th scope="row">Lab days</th><td><ul class="lab-summary"><li>[^<]*2 days each, '
        r"at the student&#x27;s own workplace laboratory</li>",
        compare,
    )
