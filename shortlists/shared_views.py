"""A shared list: its read-only page (with compare tables and a QR code) and its CSV.

Neither is kept by the page cache, a CDN or a browser (`never_cache`, as the feed): its
author may edit or delete the list at any time, and that must show at once, while the
directory's generation (which keys cached pages) counts directory writes only."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.web import absolute_url
from programs.facts import Row, compare_rows
from programs.fields import origin_from

from . import sharing
from .models import Shortlist

# Programs per compare table, so the table fits a phone (scrolling) and a printed page.
COMPARE_COLUMNS = 4


def shared_context(request, shortlist: Shortlist) -> dict:
    entries = sharing.shared_items(shortlist)
    for entry in entries:
        entry.url = absolute_url(request, entry.program.get_absolute_url()) if entry.listed else ""
    listed = [entry for entry in entries if entry.listed]
    rows = compare_rows([entry.program for entry in listed], None)
    tables = []
    for start in range(0, len(listed), COMPARE_COLUMNS):
        end = start + COMPARE_COLUMNS
        tables.append(
            {
                "entries": listed[start:end],
                "first": start + 1,
                "last": min(end, len(listed)),
                "rows": [
                    Row(row.label, cells, len(set(cells)) > 1, row.numeric)
                    for row in rows
                    # A fact only some listings have is left out where none of these has it.
                    if any(cells := row.cells[start:end])
                ],
            }
        )
    share_url = absolute_url(request, shortlist.get_absolute_url())
    return {
        "shortlist": shortlist,
        "entries": entries,
        "listed": listed,
        "left": [entry for entry in entries if not entry.listed],
        "attention": sharing.attention_summary(entries),
        "tables": tables,
        "share_url": share_url,
        "qr_svg": sharing.qr_svg(share_url, f"QR code for the link {share_url}"),
    }


@require_safe
@never_cache
def shared(request, token):
    shortlist = get_object_or_404(Shortlist, token=token)
    response = render(request, "shortlists/shared.html", shared_context(request, shortlist))
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@never_cache
def export_csv(request, token):
    shortlist = get_object_or_404(Shortlist, token=token)
    entries = sharing.shared_items(shortlist)
    origin, _error = origin_from(request)  # a ZIP that is not real adds no distances
    text = sharing.csv_text(entries, lambda p: absolute_url(request, p.get_absolute_url()), origin)
    name = slugify(shortlist.title)[:60] or "mlt-programs"
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="shortlist-{name}.csv"'
    response["X-Robots-Tag"] = "noindex"
    return response
