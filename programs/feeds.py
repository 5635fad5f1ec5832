"""Atom feeds of directory searches: /programs/feed/?<the list page's query string>.

A counselor follows a search ("hybrid programs in Ohio within 100 miles of 43215") in a
feed reader and sees new and changed listings. The search is read by the one FilterSet
(programs/filters.py) over the one queryset recipe, exactly as the list page reads it; only
the order differs: the most recently changed listing first. Each entry's summary writes the
facts the way every page writes them (programs/facts.py).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from core.validation import xml_safe
from core.web import absolute_url

from . import geo
from .facts import BY_KEY
from .filters import ProgramFilter
from .models import Program

FEED_ENTRIES = 50
# The facts an entry's summary gives, in this order (their labels and words: programs.facts).
SUMMARY_FACTS = [
    "institution",
    "accreditation",
    "accreditation_note",  # left out when empty
    "credential",
    "delivery",
    "admission",
    "campus_days",
    "farthest_trip",
    "tuition",
    "length",
    "pass_rate",
    "last_verified",
]


def facts_html(program: Program, origin: geo.Place | None, keys=SUMMARY_FACTS) -> str:
    """The key facts of `program` as an HTML list (an Atom summary is HTML), every value
    escaped; facts that need a ZIP code only with one."""
    facts = [BY_KEY[key] for key in keys]
    rows = [
        (fact.label, text)
        for fact in facts
        if origin is not None or not fact.needs_origin
        if (text := fact.text(program, origin))
    ]
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))


def _xml_safe(value):
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return [_xml_safe(part) for part in value]
    return value


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom that never carries a character XML cannot: the forms refuse them, but text that
    reached the database another way (a bulk import, the shell) would otherwise make
    Django's writer raise (a 500) for a control character, or write a feed no reader can
    parse for U+FFFF. Both feeds, this one and a shared list's, use it."""

    def write(self, outfile, encoding):
        self.feed = {key: _xml_safe(value) for key, value in self.feed.items()}
        self.items = [{key: _xml_safe(value) for key, value in item.items()} for item in self.items]
        super().write(outfile, encoding)


class BadSearch(Exception):
    """The query string has a value the directory cannot read: the feed is a 400."""

    def __init__(self, filterset: ProgramFilter):
        super().__init__("bad search")
        self.filterset = filterset


@dataclass
class Search:
    """One request's search (a Feed instance serves every request, so nothing is kept on
    it)."""

    request: HttpRequest
    filterset: ProgramFilter

    def list_url(self) -> str:
        query = self.request.GET.urlencode()
        return absolute_url(self.request, reverse("programs:list") + (f"?{query}" if query else ""))


@dataclass
class Entry:
    program: Program
    search: Search

    @property
    def page_url(self) -> str:
        """The program's page, with the searcher's ZIP code when the search has one (the
        page then gives distances and trips from it)."""
        path = self.program.get_absolute_url()
        origin = self.search.filterset.origin
        if origin is not None:
            path += "?" + urlencode({"zip": origin.zip_code})
        return absolute_url(self.search.request, path)


class SearchFeed(Feed):
    """Published programs matching the search, the most recently changed first (at most
    FEED_ENTRIES)."""

    feed_type = XmlSafeAtom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except BadSearch as bad:
            return bad_search(request, bad.filterset)

    def get_object(self, request, *args, **kwargs):
        filterset = ProgramFilter(request.GET, queryset=Program.objects.published().with_details())
        if filterset.errors:
            raise BadSearch(filterset)
        return Search(request, filterset)

    def title(self, search: Search) -> str:
        return " · ".join(["Online MLT programs", *search.filterset.in_words()])

    def subtitle(self, search: Search) -> str:
        return (
            f"New and changed listings in the {settings.SITE_NAME} directory that match this "
            f"search, the most recently changed first (up to {FEED_ENTRIES})."
        )

    def link(self, search: Search) -> str:
        return search.list_url()

    def feed_url(self, search: Search) -> str:
        return absolute_url(search.request, search.request.get_full_path())

    def author_name(self) -> str:
        return settings.SITE_NAME

    def items(self, search: Search) -> list[Entry]:
        programs = search.filterset.qs.order_by("-updated_at", "-pk")[:FEED_ENTRIES]
        return [Entry(program, search) for program in programs]

    def item_title(self, entry: Entry) -> str:
        return f"{entry.program.name}, {entry.program.institution.name}"

    def item_link(self, entry: Entry) -> str:
        return entry.page_url

    def item_guid(self, entry: Entry) -> str:
        # The same listing keeps its id in every search (with or without a ZIP code).
        return absolute_url(entry.search.request, entry.program.get_absolute_url())

    def item_description(self, entry: Entry) -> str:
        return facts_html(entry.program, entry.search.filterset.origin)

    def item_pubdate(self, entry: Entry):
        return entry.program.created_at

    def item_updateddate(self, entry: Entry):
        return entry.program.updated_at


def bad_search(request, filterset: ProgramFilter):
    """A 400 naming each field in error, as the list page names them above its form."""
    form = filterset.form
    problems = " ".join(
        f"{form.fields[name].label}: {messages[0]}" for name, messages in filterset.errors.items()
    )
    message = f"This search cannot be followed as a feed. {problems}"
    return render(request, "400.html", {"message": message}, status=400)
