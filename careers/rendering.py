"""Markdown to safe HTML, once, when a page is saved.

`render()` turns a curator's Markdown into HTML with `markdown`, sanitises it with `nh3`
(scripts, event-handler attributes, styles and `javascript:` links are removed), gives every
heading an id, and builds the table of contents from the headings and fact blocks.
"""

import html
import re
from dataclasses import dataclass, field

import markdown
import nh3
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags

from .blocks import BLOCKS
from .directory import directory_problems

BODY_HELP = (
    "Markdown. Start headings at ## (the page title is the only top-level heading). "
    "Cite a source with [^1], [^2], ... numbered in the order of the sources below. "
    "Place a block of facts with a paragraph holding only its marker: "
    + ", ".join(f"[[{name}]]" for name in BLOCKS)
    + ". Links into the directory (/programs/?...) are checked when you save."
)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "hr",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "sup": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}

MARKER_RE = re.compile(r"<p>\[\[([a-z0-9-]+)\]\]</p>")
CITATION_RE = re.compile(r"\[\^(\d{1,2})\]")
HEADING_RE = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.DOTALL)
HREF_RE = re.compile(r'href="([^"]*)"')
# Ids the page template itself uses; a heading must not take them.
RESERVED_IDS = {"main", "contents", "sources", "self-check-result", "guide-nav"}


class MarkdownError(ValueError):
    """The Markdown cannot be published as it is; the message says how to fix it."""


@dataclass
class Rendered:
    html: str
    toc: list[dict] = field(default_factory=list)


def block_names(body_html: str) -> list[str]:
    return MARKER_RE.findall(body_html)


def _cite(match: re.Match) -> str:
    number = int(match.group(1))
    return f'<sup class="cite"><a href="#source-{number}">[{number}]</a></sup>'


def _check_directory_links(body_html: str) -> None:
    try:
        base = reverse("programs:list")
    except NoReverseMatch:  # pragma: no cover - the directory is always installed
        return
    for href in HREF_RE.findall(body_html):
        href = html.unescape(href)
        if href.startswith(base + "?"):
            query = href.split("?", 1)[1].split("#", 1)[0]
            problems = directory_problems(query)
            if problems:
                raise MarkdownError(f"The directory link {href} has a problem: {problems[0]}")


def render(text: str) -> Rendered:
    md = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists", "smarty"],
        extension_configs={"toc": {"toc_depth": "2-4"}},
        output_format="html",
    )
    raw = md.convert(text or "")
    if re.search(r"<h1[\s>]", raw):
        raise MarkdownError(
            "Start headings at level 2 (##): the page title is the only level-1 heading."
        )
    raw = CITATION_RE.sub(_cite, raw)
    clean = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )

    names = block_names(clean)
    unknown = [name for name in names if name not in BLOCKS]
    if unknown:
        raise MarkdownError(
            f"Unknown block [[{unknown[0]}]]. Known blocks: "
            + ", ".join(f"[[{name}]]" for name in BLOCKS)
            + "."
        )
    repeated = {name for name in names if names.count(name) > 1}
    if repeated:
        raise MarkdownError(f"The block [[{sorted(repeated)[0]}]] can appear only once.")
    _check_directory_links(clean)

    entries = []
    for match in HEADING_RE.finditer(clean):
        level, anchor, inner = match.groups()
        title = html.unescape(strip_tags(inner)).strip()
        if anchor in RESERVED_IDS or anchor.startswith("source-"):
            raise MarkdownError(f"Reword the heading '{title}': its anchor '{anchor}' is taken.")
        entries.append((match.start(), {"id": anchor, "title": title, "level": int(level)}))
    for match in MARKER_RE.finditer(clean):
        block = BLOCKS[match.group(1)]
        if any(entry["id"] == block.anchor for _, entry in entries):
            raise MarkdownError(
                f"A heading has the same anchor as the block [[{block.name}]]: reword the "
                f"heading, the block brings its own ('{block.title}')."
            )
        entries.append((match.start(), {"id": block.anchor, "title": block.title, "level": 2}))
    toc = [entry for _, entry in sorted(entries, key=lambda item: item[0])]
    return Rendered(html=clean, toc=toc)
