"""What the directory asks of its programs: visible, accredited, enrolling, stale, and the
one recipe for a program with what a page shows."""

from datetime import date

from django.db import models
from django.db.models import Q

from core.dates import stale_cutoff

from ..choices import (
    AccreditationStatus,
    AdmissionStatus,
    PublicationStatus,
)


def enrolling_condition(state: str) -> Q:
    """Programs that can enrol residents of `state`: those without an enrolment restriction
    for it. The facet index reads the same rows (facet_index.FacetIndex.restricted)."""
    from .sessions import EnrollmentRestriction

    return ~Q(pk__in=EnrollmentRestriction.objects.filter(state=state).values("program_id"))


def not_admitting_condition() -> Q:
    """Programs not taking new students: the school says so, or NAACLS lists it as inactive."""
    return Q(admission_status=AdmissionStatus.NOT_ADMITTING) | Q(
        accreditation_status=AccreditationStatus.INACTIVE
    )


class ProgramQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def visible_to(self, user):
        """Published programs for the public; every program for staff (preview)."""
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()

    def accredited(self):
        return self.filter(accreditation_status__in=AccreditationStatus.accredited())

    def admitting_first(self, *orderings, ahead=()):
        """`orderings`, with programs that are not taking new students after the rest;
        `ahead` (e.g. a relevance rank) decides before either."""
        return self.alias(
            _not_admitting=models.ExpressionWrapper(
                not_admitting_condition(), output_field=models.BooleanField()
            )
        ).order_by(*ahead, "_not_admitting", *orderings)

    def in_default_order(self, *ahead):
        """The directory's order when the visitor chooses none and searches no keywords:
        programs taking students first, then by name (the facet index keeps its pages in
        this order: programs/facet_index.py). With `ahead` (the keywords' relevance), that
        order breaks its ties."""
        return self.admitting_first("name", "pk", ahead=ahead)

    def enrolling(self, state: str):
        """Programs that can enrol residents of `state`."""
        return self.filter(enrolling_condition(state))

    def stale(self, today: date | None = None):
        return self.filter(last_verified__lt=stale_cutoff(today))

    def with_details(self):
        """Programs with what a card, a page, a compare column, a shared list, the API and the
        program file show, in a fixed number of queries: THE recipe, used everywhere (add
        `with_restrictions()` where the states a program cannot enrol are shown)."""
        related, prefetches = detail_lookups()
        return self.defer("search_vector").select_related(*related).prefetch_related(*prefetches)

    def with_restrictions(self):
        return self.prefetch_related("enrollment_restrictions")


def detail_lookups(path: str = "") -> tuple[list[str], list]:
    """The select_related and prefetch_related lookups of `with_details()`, for programs
    reached through `path` from another model (e.g. "program" from a shortlist item)."""
    from .sessions import LabSession

    prefix = f"{path}__" if path else ""
    sessions = LabSession.objects.order_by("pk").prefetch_related("sites")
    return [f"{prefix}institution"], [models.Prefetch(f"{prefix}lab_sessions", queryset=sessions)]
