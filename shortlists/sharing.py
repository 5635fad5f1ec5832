"""Shared shortlists: freezing a shortlist, what changed since, the CSV export, the QR code.

A shared list keeps a snapshot of each program as it was when shared (its key facts, status,
last-verified date and last update), so the page can tell a reader what has changed, gone
stale or left the directory since the counselor sent it.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

import segno
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from core.dates import stale_period
from core.spreadsheet import neutralise
from programs import facts
from programs.choices import PublicationStatus
from programs.models import Program, detail_lookups

from .models import Shortlist, ShortlistItem

# The facts whose change a shared list reports: programs.facts.TRACKED.
key_facts = facts.tracked_texts


def _snapshot(item: ShortlistItem, program: Program) -> None:
    item.program_name = program.name
    item.institution_name = program.institution.name
    item.shared_updated_at = program.updated_at
    item.shared_status = program.status
    item.shared_last_verified = program.last_verified
    item.shared_facts = key_facts(program)


@transaction.atomic
def create_shortlist(programs: list[Program], title: str = "", note: str = ""):
    """Freeze `programs` (in order) into a new shared list. Returns (shortlist, edit secret):
    the secret is not stored, only its hash, so this is the one time it is known."""
    shortlist = Shortlist(title=title, note=note)
    secret = shortlist.set_edit_secret()
    shortlist.save()
    add_programs(shortlist, programs)
    return shortlist, secret


def not_on_list(programs: list[Program], on_list: list[int | None], limit: int | None = None):
    """The `programs` that adding puts on a list whose items have the program ids `on_list`
    (None for a program that left the directory): those not there yet, in order, as many as
    fit in `limit` items. The edit page counts them; add_programs adds them."""
    room = None if limit is None else max(limit - len(on_list), 0)
    seen, new = set(on_list), []
    for program in programs:
        if program.pk in seen or (room is not None and len(new) >= room):
            continue
        seen.add(program.pk)
        new.append(program)
    return new


@transaction.atomic
def add_programs(shortlist: Shortlist, programs: list[Program], limit: int | None = None) -> int:
    """Append the programs not already on the list, up to `limit` items in all. Returns how
    many were added.

    The list's row is locked first, so two adds at once (a double-clicked "Add from your
    shortlist") take turns: the second sees the first's items, adds none of them again
    (shortlist_item_unique_program would refuse it with an IntegrityError, a 500) and keeps
    to the limit."""
    if not list(Shortlist.objects.select_for_update().filter(pk=shortlist.pk).values("pk")):
        return 0  # deleted meanwhile
    existing = list(shortlist.items.values_list("program_id", "position"))
    position = max((pos for _, pos in existing), default=-1) + 1
    new = []
    for program in not_on_list(programs, [program_id for program_id, _ in existing], limit):
        item = ShortlistItem(shortlist=shortlist, program=program, position=position)
        _snapshot(item, program)
        new.append(item)
        position += 1
    ShortlistItem.objects.bulk_create(new)
    if new:
        shortlist.save(update_fields=["updated_at"])
    return len(new)


def accept_current_facts(shortlist: Shortlist) -> int:
    """Take a new snapshot of every program still on the list, so the notices about earlier
    changes go away. Returns how many items were refreshed."""
    items = list(
        shortlist.items.filter(program__isnull=False).prefetch_related(
            Prefetch("program", queryset=Program.objects.with_details())
        )
    )
    for item in items:
        _snapshot(item, item.program)
    ShortlistItem.objects.bulk_update(
        items,
        [
            "program_name",
            "institution_name",
            "shared_updated_at",
            "shared_status",
            "shared_last_verified",
            "shared_facts",
        ],
    )
    shortlist.save(update_fields=["updated_at"])
    return len(items)


@transaction.atomic
def move_item(shortlist: Shortlist, item_id: int, offset: int) -> bool:
    """Move an item up (offset -1) or down (+1). Positions are renumbered 0..n-1."""
    items = list(shortlist.items.select_for_update().order_by("position", "pk"))
    index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
    target = None if index is None else index + offset
    if target is None or not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    _renumber(items)
    shortlist.save(update_fields=["updated_at"])
    return True


@transaction.atomic
def remove_item(shortlist: Shortlist, item_id: int) -> ShortlistItem | None:
    item = shortlist.items.filter(pk=item_id).first()
    if item is None:
        return None
    item.delete()
    _renumber(list(shortlist.items.order_by("position", "pk")))
    shortlist.save(update_fields=["updated_at"])
    return item


def _renumber(items: list[ShortlistItem]) -> None:
    changed = []
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            changed.append(item)
    ShortlistItem.objects.bulk_update(changed, ["position"])


# --- reading a shared list ----------------------------------------------------------------


@dataclass
class SharedProgram:
    """One item of a shared list as a reader should see it today."""

    item: ShortlistItem
    # The program while it is in the directory (published); None once it has left.
    program: Program | None
    state: str  # "listed", "archived", "withdrawn" or "gone"
    changes: list[str] = field(default_factory=list)
    updated_on: date | None = None
    url: str = ""  # absolute URL of the program's page, set by the view

    @property
    def name(self) -> str:
        return self.program.name if self.program else self.item.program_name

    @property
    def institution_name(self) -> str:
        return self.program.institution.name if self.program else self.item.institution_name

    @property
    def listed(self) -> bool:
        return self.state == "listed"

    @property
    def changed(self) -> bool:
        return self.listed and (self.updated_on is not None or bool(self.changes))

    @property
    def stale(self) -> bool:
        return self.listed and self.program.is_stale

    @property
    def status_label(self) -> str:
        return {
            "listed": "Listed",
            "archived": "Archived since shared",
            "withdrawn": "Taken down for review since shared",
            "gone": "No longer listed",
        }[self.state]

    @property
    def since_label(self) -> str:
        """A few words for the compare table."""
        if not self.listed:
            return self.status_label
        parts = []
        if self.changed:
            parts.append("Changed: see the note above" if self.changes else "Updated")
        if self.stale:
            parts.append(f"not verified in over {stale_period()}")
        return "; ".join(parts).capitalize() if parts else "No change"

    @property
    def notices(self) -> list[str]:
        """Plain-language warnings, most serious first."""
        shared_on = f"{self.item.shortlist.shared_on:%-d %b %Y}"
        if self.state == "gone":
            return [
                "No longer listed: this program was removed from the directory after the "
                f"list was shared ({shared_on})."
            ]
        if self.state == "archived":
            return [
                "Archived since this list was shared: the program is no longer in the "
                "directory. Ask the school whether it still admits students."
            ]
        if self.state == "withdrawn":
            return [
                "Taken down for review since this list was shared: it is not in the "
                "directory at the moment. Check with the school before you rely on it."
            ]
        notices = []
        updated = f"{self.updated_on:%-d %b %Y}" if self.updated_on else None
        if self.changes:
            when = f" (listing updated {updated})" if updated else ""
            notices.append(f"Changed since this list was shared{when}: {'; '.join(self.changes)}.")
        elif updated:
            notices.append(
                f"Listing updated {updated}, after this list was shared; the key facts "
                "shown here are the same."
            )
        if self.stale:
            notices.append(
                f"Last verified {self.program.last_verified:%-d %b %Y}, over {stale_period()} ago: "
                "details may be out of date, so confirm them with the school."
            )
        return notices


def attention_summary(entries: list[SharedProgram]) -> list[str]:
    """e.g. ['1 program changed since the list was shared', '2 programs have left the
    directory']: what a reader should check, counted."""
    kinds = [
        (
            sum(e.changed for e in entries),
            "program changed since the list was shared",
            "programs changed since the list was shared",
        ),
        (
            sum(e.stale for e in entries),
            f"program was last verified over {stale_period()} ago",
            f"programs were last verified over {stale_period()} ago",
        ),
        (
            sum(not e.listed for e in entries),
            "program has left the directory",
            "programs have left the directory",
        ),
    ]
    return [f"{n} {one if n == 1 else many}" for n, one, many in kinds if n]


def shared_items(shortlist: Shortlist) -> list[SharedProgram]:
    """The list's items with today's state of each program, in a fixed number of queries
    (items, then the programs with what a page shows)."""
    related, prefetches = detail_lookups("program")
    items = shortlist.items.select_related(*related).prefetch_related(*prefetches)
    result = []
    for item in items:
        item.shortlist = shortlist  # avoid a query per item for the shared date
        result.append(_read(item))
    return result


def _read(item: ShortlistItem) -> SharedProgram:
    program = item.program
    if program is None:
        return SharedProgram(item, None, "gone")
    if program.status == PublicationStatus.ARCHIVED:
        return SharedProgram(item, None, "archived")
    if program.status != PublicationStatus.PUBLISHED:
        return SharedProgram(item, None, "withdrawn")
    view = SharedProgram(item, program, "listed")
    # Compare the facts even when updated_at did not move: lab sessions are edited apart
    # from their program, and a change there changes the campus days.
    now = key_facts(program)
    for fact in facts.TRACKED:
        before = item.shared_facts.get(fact.key)
        if before is not None and before != now[fact.key]:
            view.changes.append(f"{fact.change_name}: was {before}, now {now[fact.key]}")
    if program.updated_at > item.shared_updated_at:
        view.updated_on = timezone.localdate(program.updated_at)
        if program.last_verified > item.shared_last_verified:
            view.changes.append(f"checked again on {program.last_verified:%-d %b %Y}")
    return view


# --- paper and spreadsheets -------------------------------------------------------------

CSV_HEADER = [
    "Position",
    "Program",
    "Institution",
    "Location",
    *[fact.csv_label for fact in facts.CSV_FACTS],
    "Listing status",
    "Since the list was shared",
    "Program page",
]


def csv_text(shared: list[SharedProgram], page_url, origin=None) -> str:
    """The list as CSV (UTF-8 with a byte-order mark, so spreadsheet programs pick the right
    encoding). `page_url(program)` gives the absolute URL of a program's page; with the
    student's ZIP (`origin`), the nearest lab sites and the farthest trip in miles."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for position, entry in enumerate(shared, start=1):
        p = entry.program
        if p is None:
            # Left the directory: only what the snapshot knows, and why.
            row = [position, entry.name, entry.institution_name]
            row += [""] * (1 + len(facts.CSV_FACTS))
            row += [entry.status_label, " ".join(entry.notices), ""]
        else:
            status = entry.status_label
            if entry.stale:
                status += f"; not verified in over {stale_period()}"
            row = [
                position,
                p.name,
                p.institution.name,
                p.institution.location,
                *[fact.csv(p, origin) for fact in facts.CSV_FACTS],
                status,
                "; ".join(entry.changes) if entry.changed else "",
                page_url(p),
            ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def qr_svg(url: str, label: str) -> SafeString:
    """The QR code of `url` as inline SVG (no style attributes: fine under a strict CSP).
    Error correction M survives a smudged printout; sized by CSS through its viewBox."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        border=4,
        omitsize=True,
        title=label,
        svgclass="qr-code",
        lineclass=None,
        dark="#000",
        light="#fff",
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
