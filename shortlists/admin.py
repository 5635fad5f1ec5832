"""Shared shortlists in the admin: visible, searchable and removable, never created there."""

from django.contrib import admin
from django.db.models import Count

from .models import Shortlist, ShortlistItem


class ShortlistItemInline(admin.TabularInline):
    model = ShortlistItem
    extra = 0
    fields = ["position", "program", "program_name", "institution_name", "shared_last_verified"]
    readonly_fields = ["program", "program_name", "institution_name", "shared_last_verified"]
    ordering = ["position", "pk"]

    def has_add_permission(self, request, obj=None):
        return False  # items come from a visitor's shortlist, with their snapshot


@admin.register(Shortlist)
class ShortlistAdmin(admin.ModelAdmin):
    """Shared shortlists: visible, searchable and removable (e.g. abuse in a title or note).
    Created only by visitors, who alone hold the edit link."""

    list_display = ["__str__", "created_at", "updated_at", "item_count"]
    search_fields = ["title", "note", "token", "items__program_name"]
    date_hierarchy = "created_at"
    readonly_fields = ["token", "created_at", "updated_at"]
    fields = ["title", "note", "token", ("created_at", "updated_at")]
    inlines = [ShortlistItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_item_count=Count("items"))

    @admin.display(description="programs", ordering="_item_count")
    def item_count(self, obj):
        return obj._item_count

    def has_add_permission(self, request):
        return False
