"""Institutions and sites in the admin."""

from django.contrib import admin
from django.db.models import Count

from core.history import HistoryAdmin
from programs.models import Institution, Site


@admin.register(Institution)
class InstitutionAdmin(HistoryAdmin):
    list_display = ["name", "city", "state", "control", "accreditor", "program_count"]
    ordering = ["name"]  # the annotation's GROUP BY drops Meta.ordering
    list_filter = ["state", "control"]
    search_fields = ["name", "city", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_program_count=Count("programs"))

    @admin.display(description="programs", ordering="_program_count")
    def program_count(self, obj):
        return obj._program_count


@admin.register(Site)
class SiteAdmin(HistoryAdmin):
    list_display = ["name", "city", "state", "zip_code", "institution", "latitude", "longitude"]
    list_filter = ["state"]
    search_fields = ["name", "city", "zip_code", "institution__name"]
    autocomplete_fields = ["institution"]
    readonly_fields = ["latitude", "longitude"]
    list_select_related = ["institution"]
