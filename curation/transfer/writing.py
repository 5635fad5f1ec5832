"""Writing an import's new programs together: a few statements for 10 listings or 5,000.

Saving object by object costs a dozen statements a listing (the row, its history, each lab
session and its history, the session's sites and their history, each restriction...).
Here each kind is written with one `bulk_create` (in batches the database allows), and its
history with django-simple-history's `bulk_history_create`, including the lab sessions'
sites as the history records them (the rows `create_historical_record_m2ms` would write),
so a new listing's history reads as if it had been saved through the admin. Bulk writes
send no post_save signals: the caller holds `programs.generation.batch()` and marks the
write.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from programs import generation
from programs.models import EnrollmentRestriction, Institution, LabSession, Program, Site


@dataclass
class NewListing:
    """A program to create (its institution saved), stamped for the history."""

    program: Program
    sessions: list[tuple[LabSession, list[Site]]] = field(default_factory=list)
    restrictions: list[EnrollmentRestriction] = field(default_factory=list)


def _site_history_model():
    history = LabSession.history.model
    (relation,) = [r for r in history._meta.related_objects if r.name.endswith("_sites")]
    return relation.related_model


def create_places(institutions: list[Institution], sites: list[Site], user=None) -> None:
    """New institutions and sites (validated, stamped; sites with their coordinates)."""
    for model, objects in ((Institution, institutions), (Site, sites)):
        if objects:
            model.objects.bulk_create(objects)
            model.history.bulk_history_create(objects, default_user=user)
            generation.mark_written()


def create_programs(listings: list[NewListing], user=None) -> None:
    if not listings:
        return
    programs = [listing.program for listing in listings]
    Program.objects.bulk_create(programs)
    Program.history.bulk_history_create(programs, default_user=user)

    sessions = []
    for listing in listings:
        for session, _sites in listing.sessions:
            session.program = listing.program
            sessions.append(session)
    LabSession.objects.bulk_create(sessions)
    through = LabSession.sites.through
    links = through.objects.bulk_create(
        [
            through(labsession_id=session.pk, site_id=site.pk)
            for listing in listings
            for session, sites in listing.sessions
            for site in sites
        ]
    )
    historical = LabSession.history.bulk_history_create(sessions, default_user=user)
    links_of = defaultdict(list)
    for link in links:
        links_of[link.labsession_id].append(link)
    site_history = _site_history_model()
    site_history.objects.bulk_create(
        [
            site_history(
                history=record, id=link.pk, labsession_id=link.labsession_id, site_id=link.site_id
            )
            for record in historical or ()
            for link in links_of[record.id]
        ]
    )

    restrictions = []
    for listing in listings:
        for restriction in listing.restrictions:
            restriction.program = listing.program
            restrictions.append(restriction)
    EnrollmentRestriction.objects.bulk_create(restrictions)
    EnrollmentRestriction.history.bulk_history_create(restrictions, default_user=user)
    generation.mark_written()
