"""Deleted listings, from django-simple-history's deletion records, and restoring them.

A program's deletion record holds every field as it was. Its lab sessions, enrolment
restrictions and fact sources, deleted with it, have deletion records marked "Deleted with
its program #id" (curation/signals.py); a session's sites come from its last record before
the deletion (the link rows are gone by the time the deletion itself is recorded). Restoring
puts all of them back with their old ids, so their histories carry on.

The Deleted listings page reads every listing it shows in a fixed number of queries (one
per kind of record), however many listings there are.
"""

from dataclasses import dataclass, field

from django.db import transaction

from core.history import stamp
from programs.models import (
    EnrollmentRestriction,
    FactSource,
    Institution,
    LabSession,
    Program,
    Site,
)

from .signals import deleted_with_program_reason

RESTORED_REASON = "Restored after deletion"


class RestoreError(ValueError):
    """The listing cannot be restored as it is; the message says what to do."""


@dataclass
class DeletedListing:
    record: object  # the program's deletion record
    previous: object | None  # its last record before the deletion
    sessions: list = field(default_factory=list)  # deletion records of its lab sessions
    restrictions: list = field(default_factory=list)
    sources: list = field(default_factory=list)  # deletion records of its fact sources
    institution: Institution | None = None  # None: deleted too
    slug_taken_by: Program | None = None  # another program that now has its slug

    @property
    def program_id(self) -> int:
        return self.record.id

    @property
    def deleted_at(self):
        return self.record.history_date

    @property
    def deleted_by(self):
        return self.record.history_user

    @property
    def problem(self) -> str:
        """Why it cannot be restored now, or ''."""
        if self.institution is None:
            return (
                f"Its institution (#{self.record.institution_id}) was deleted too: restore "
                "the institution first, from its history."
            )
        other = self.slug_taken_by
        if other is not None:
            return f"Another program now uses the slug '{self.record.slug}' ({other.name})."
        return ""


def _latest_by_id(records) -> dict:
    """The first record of each id, from records in newest-first order."""
    latest: dict = {}
    for record in records:
        latest.setdefault(record.id, record)
    return latest


def _listings(program_ids: list[int]) -> list[DeletedListing]:
    """The latest deletion of each of these (deleted) programs, in their order."""
    if not program_ids:
        return []
    history = Program.history.model
    newest_first = ("-history_date", "-history_id")
    records = _latest_by_id(
        history.objects.filter(id__in=program_ids, history_type="-")
        .select_related("history_user")
        .order_by(*newest_first)
    )
    listings = {}
    earlier = (
        history.objects.filter(id__in=program_ids)
        .exclude(history_type="-")
        .only("id", "history_id", "history_date")
        .order_by(*newest_first)
    )
    previous: dict = {}
    for candidate in earlier:
        record = records.get(candidate.id)
        if record and candidate.id not in previous and candidate.history_date < record.history_date:
            previous[candidate.id] = candidate
    for program_id, record in records.items():
        listings[program_id] = DeletedListing(record=record, previous=previous.get(program_id))
    for model, attribute in (
        (LabSession, "sessions"),
        (EnrollmentRestriction, "restrictions"),
        (FactSource, "sources"),
    ):
        marked = model.history.model.objects.filter(
            program_id__in=list(listings),
            history_type="-",
            history_change_reason__in=[deleted_with_program_reason(i) for i in listings],
        ).order_by("id")
        for related in marked:
            listing = listings[related.program_id]
            deleted_with = related.history_change_reason == deleted_with_program_reason(
                related.program_id
            )
            in_window = related.history_date <= listing.record.history_date and (
                listing.previous is None or related.history_date >= listing.previous.history_date
            )
            if deleted_with and in_window:
                getattr(listing, attribute).append(related)
    institutions = Institution.objects.in_bulk(
        {listing.record.institution_id for listing in listings.values()}
    )
    taken = {
        program.slug: program
        for program in Program.objects.filter(
            slug__in=[listing.record.slug for listing in listings.values()]
        )
    }
    for listing in listings.values():
        listing.institution = institutions.get(listing.record.institution_id)
        listing.slug_taken_by = taken.get(listing.record.slug)
    return [listings[i] for i in program_ids if i in listings]


def deleted_listing(program_id: int) -> DeletedListing | None:
    """The program's latest deletion, if it is still deleted."""
    if Program.objects.filter(pk=program_id).exists():
        return None
    listings = _listings([program_id])
    return listings[0] if listings else None


def deleted_listings(limit: int = 200) -> list[DeletedListing]:
    """Programs that are deleted now, most recently deleted first."""
    history = Program.history.model
    ids = (
        history.objects.filter(history_type="-")
        .exclude(id__in=Program.objects.values("pk"))
        .order_by("-history_date")
        .values_list("id", flat=True)
    )
    seen: list[int] = []
    for program_id in ids:
        if program_id not in seen:
            seen.append(program_id)
        if len(seen) >= limit:
            break
    return _listings(seen)


@dataclass
class RestoreReport:
    program: Program
    sessions: int = 0
    restrictions: int = 0
    sources: int = 0
    missing_sites: list[str] = field(default_factory=list)

    def __str__(self):
        text = (
            f"Restored “{self.program.name}” with {self.sessions} lab session(s), "
            f"{self.restrictions} enrolment restriction(s) and {self.sources} fact source(s)."
        )
        if self.missing_sites:
            text += (
                " These sites no longer exist, so their sessions lost them: "
                + ", ".join(self.missing_sites)
                + "."
            )
        return text


def _stamp(obj, user):
    return stamp(obj, RESTORED_REASON, user)


@transaction.atomic
def restore_program(program_id: int, user=None) -> RestoreReport:
    listing = deleted_listing(program_id)
    if listing is None:
        raise RestoreError(f"Program #{program_id} is not a deleted listing.")
    if listing.problem:
        raise RestoreError(listing.problem)

    program = listing.record.instance
    _stamp(program, user).save(force_insert=True)
    # auto_now_add stamped "now"; keep when the listing was first created.
    Program.objects.filter(pk=program.pk).update(created_at=listing.record.created_at)
    report = RestoreReport(program=program)

    session_history = LabSession.history.model
    for record in listing.sessions:
        session = record.instance
        _stamp(session, user).save(force_insert=True)
        before = (
            session_history.objects.filter(id=record.id, history_date__lte=record.history_date)
            .exclude(history_type="-")
            .order_by("-history_date", "-history_id")
            .first()
        )
        site_ids = [row.site_id for row in before.sites.all()] if before else []
        sites = list(Site.objects.filter(pk__in=site_ids))
        found = {site.pk for site in sites}
        report.missing_sites += [f"#{pk}" for pk in site_ids if pk not in found]
        if sites:
            session.sites.set(sites)
        report.sessions += 1

    for record in listing.restrictions:
        _stamp(record.instance, user).save(force_insert=True)
        report.restrictions += 1
    for record in listing.sources:
        _stamp(record.instance, user).save(force_insert=True)
        report.sources += 1
    program.refresh_from_db()
    return report
