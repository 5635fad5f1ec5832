"""Markdown is rendered and sanitised once, on save: what survives and what is removed."""

import pytest
from django.core.exceptions import ValidationError

from careers.rendering import MarkdownError, render
from careers.tests.factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "markdown",
    [
        "Hello <script>alert('x')</script> world",
        "<SCRIPT src=https://evil.example/x.js></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        '<a href="/ok" onclick="alert(1)" onmouseover="alert(2)">link</a>',
        "[click](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<p style="color:red">styled</p>',
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_dangerous_markup_is_removed(markdown):
    html = render(markdown).html.lower()
    for unsafe in ("<script", "javascript:", "<iframe", "<img", "<svg", "style="):
        assert unsafe not in html
    for handler in ("onerror", "onclick", "onmouseover", "onload"):
        assert handler not in html


def test_text_around_removed_markup_is_kept():
    html = render('Hello <script>alert("x")</script> world [link](javascript:alert(1))').html
    assert html == "<p>Hello  world <a>link</a></p>"


def test_safe_markdown_survives_with_heading_ids_and_citations():
    rendered = render(
        "Intro with a citation.[^2]\n\n## What it is\n\ntext\n\n### A *detail*\n\n"
        "[Directory](/programs/?lab=none) and [BLS](https://www.bls.gov/)\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |"
    )
    html = rendered.html
    assert '<h2 id="what-it-is">What it is</h2>' in html
    assert '<h3 id="a-detail">A <em>detail</em></h3>' in html
    assert '<sup class="cite"><a href="#source-2">[2]</a></sup>' in html
    assert '<a href="/programs/?lab=none">Directory</a>' in html
    assert '<a href="https://www.bls.gov/">BLS</a>' in html
    assert "<table>" in html
    assert rendered.toc == [
        {"id": "what-it-is", "title": "What it is", "level": 2},
        {"id": "a-detail", "title": "A detail", "level": 3},
    ]


def test_blocks_join_the_table_of_contents_in_document_order():
    rendered = render("## First\n\n[[licensing-states]]\n\n## Last")
    assert [entry["id"] for entry in rendered.toc] == ["first", "licensing-states", "last"]
    assert "<p>[[licensing-states]]</p>" in rendered.html


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("# Title again", "Start headings at level 2"),
        ("[[no-such-block]]", "Unknown block [[no-such-block]]"),
        ("[[duties]]\n\n[[duties]]", "can appear only once"),
        ("## Duties\n\n[[duties]]", "same anchor as the block [[duties]]"),
        ("## Sources", "its anchor 'sources' is taken"),
        ("[bad filter](/programs/?colour=blue)", "no filter 'colour'"),
        ("[bad value](/programs/?accreditation=excellent)", "'excellent' is not a value"),
    ],
)
def test_problems_are_reported_in_plain_words(markdown, message):
    with pytest.raises(MarkdownError, match=message.replace("[", r"\[").replace("]", r"\]")):
        render(markdown)


def test_page_stores_sanitised_html_and_toc_on_save():
    page = PageFactory(body="## Step one\n\n<script>alert(1)</script>Safe text")
    page.refresh_from_db()
    assert "<script" not in page.body_html
    assert "Safe text" in page.body_html
    assert page.toc == [{"id": "step-one", "title": "Step one", "level": 2}]
    page.body = "## Step two"
    page.save(update_fields=["body"])
    page.refresh_from_db()
    assert page.toc[0]["id"] == "step-two"


def test_full_clean_turns_markdown_problems_into_a_body_error():
    page = PageFactory.build(body="[[nope]]")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "body" in error.value.message_dict


def test_reserved_slug_is_refused():
    page = PageFactory.build(slug="eligibility")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "slug" in error.value.message_dict
