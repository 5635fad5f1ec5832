"""The admin's list filters for programs, and the re-verification order."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Exists, OuterRef

from core.dates import stale_cutoff
from programs.models import LabSession


def stale_months() -> int:
    return settings.STALE_AFTER_MONTHS


class LabRequirementFilter(admin.SimpleListFilter):
    title = "campus lab requirement"
    parameter_name = "lab"

    def lookups(self, request, model_admin):
        return [("none", "No campus sessions"), ("some", "Has campus sessions")]

    def queryset(self, request, queryset):
        has_sessions = Exists(LabSession.objects.filter(program=OuterRef("pk")))
        if self.value() == "none":
            return queryset.exclude(has_sessions)
        if self.value() == "some":
            return queryset.filter(has_sessions)
        return queryset


class VerificationFilter(admin.SimpleListFilter):
    """The re-verification view: published listings not verified within the period
    (settings.STALE_AFTER_MONTHS), oldest first."""

    title = "re-verification"
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        months = stale_months()
        return [
            ("due", f"Due: published, not verified in {months} months"),
            ("current", f"Verified in the last {months} months"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.published().stale()
        if self.value() == "current":
            return queryset.filter(last_verified__gte=stale_cutoff())
        return queryset


class ProgramChangeList(ChangeList):
    def _get_default_ordering(self):
        # The re-verification view lists the longest-unverified listings first (and its
        # column headers show that order).
        if self.params.get(VerificationFilter.parameter_name) == "due":
            return ["last_verified", "name"]
        return super()._get_default_ordering()
