"""The Atom feed of a shared list: /shortlists/<token>/feed/.

One entry per program on the list, with what changed since the list was shared (the same
reading as the shared page: shortlists.sharing.shared_items). A program that has left the
directory says only that, under the name the list kept when it was shared: nothing of a
draft or archived listing is shown. The feed knows only the share token, never the edit
secret.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join

from core.web import absolute_url
from programs.feeds import XmlSafeAtom1Feed, facts_html

from . import sharing
from .models import Shortlist

CHANGED = "Changed since the list was shared"
UNCHANGED = "No change since the list was shared"
LEFT = "No longer listed"


@dataclass
class SharedFeed:
    request: HttpRequest
    shortlist: Shortlist
    share_url: str


@dataclass
class Entry:
    shared: sharing.SharedProgram
    feed: SharedFeed

    @property
    def anchor_url(self) -> str:
        return f"{self.feed.share_url}#item-{self.shared.item.pk}"

    @property
    def category(self) -> str:
        if not self.shared.listed:
            return LEFT
        return CHANGED if self.shared.changed else UNCHANGED

    @property
    def updated(self) -> datetime:
        if self.shared.listed:
            return self.shared.program.updated_at
        # When a draft or archived listing last changed is not the public's to know: the
        # list's own dates stand in.
        return max(self.feed.shortlist.created_at, self.feed.shortlist.updated_at)


class SharedListFeed(Feed):
    feed_type = XmlSafeAtom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"  # like the shared page
        add_never_cache_headers(response)  # and, like it, never kept (shared_views)
        return response

    def get_object(self, request, token):
        shortlist = get_object_or_404(Shortlist, token=token)
        return SharedFeed(request, shortlist, absolute_url(request, shortlist.get_absolute_url()))

    def title(self, feed: SharedFeed) -> str:
        return f"{feed.shortlist.display_title}: changes since it was shared"

    def subtitle(self, feed: SharedFeed) -> str:
        return (
            f"The programs on a list shared on {feed.shortlist.shared_on:%-d %B %Y} from "
            f"{settings.SITE_NAME}, each marked changed or not since then, with today's facts."
        )

    def link(self, feed: SharedFeed) -> str:
        return feed.share_url

    def feed_url(self, feed: SharedFeed) -> str:
        return absolute_url(feed.request, feed.request.path)

    def author_name(self) -> str:
        return settings.SITE_NAME

    def items(self, feed: SharedFeed) -> list[Entry]:
        return [Entry(shared, feed) for shared in sharing.shared_items(feed.shortlist)]

    def item_title(self, entry: Entry) -> str:
        shared = entry.shared
        title = f"{shared.name}, {shared.institution_name}"
        if not shared.listed:
            return f"{title} ({LEFT.lower()})"
        return f"{title} (changed since shared)" if shared.changed else title

    def item_link(self, entry: Entry) -> str:
        if entry.shared.listed:
            return absolute_url(entry.feed.request, entry.shared.program.get_absolute_url())
        return entry.anchor_url

    def item_guid(self, entry: Entry) -> str:
        # A program leaving the directory is news: it gets a new id, so readers show it.
        return entry.anchor_url + ("" if entry.shared.listed else "-left")

    def item_description(self, entry: Entry) -> str:
        shared = entry.shared
        notices = shared.notices
        if shared.listed and not notices:
            notices = [f"{UNCHANGED} ({entry.feed.shortlist.shared_on:%-d %b %Y})."]
        html = format_html_join("", "<p>{}</p>", ((notice,) for notice in notices))
        if shared.listed:
            html = format_html("{}{}", html, facts_html(shared.program, None))
        return html

    def item_categories(self, entry: Entry) -> list[str]:
        return [entry.category]

    def item_updateddate(self, entry: Entry):
        return entry.updated
