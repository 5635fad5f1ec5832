"""Candidates for curators: institutions from the federal data with no listing yet."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from programs.choices import PublicationStatus
from programs.models import Program

from ..models import Candidate


class WithoutListing(admin.SimpleListFilter):
    title = "listing"
    parameter_name = "listing"

    def lookups(self, request, model_admin):
        return [("none", "No listing yet"), ("any", "All from federal data")]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset
        return queryset.filter(has_listing=False)

    def choices(self, changelist):
        # "No listing yet" is the default, so it is shown selected when nothing is chosen.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or "none") == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    """'May offer an MLT program: check and add.' Read-only: the federal import fills it."""

    list_display = ["name", "city", "state", "control", "accreditor", "start_draft"]
    list_display_links = None
    list_filter = [WithoutListing, "state", "control"]
    search_fields = ["name", "city", "unitid"]
    ordering = ["state", "name"]
    sortable_by = ["name", "city", "state", "control"]
    list_per_page = 100

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(unitid__isnull=False)
            .annotate(has_listing=Exists(Program.objects.filter(institution=OuterRef("pk"))))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may add listings may see the candidates (no permission of its own).
        return request.user.is_active and request.user.has_perm("programs.add_program")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description="")
    def start_draft(self, obj):
        query = urlencode({"institution": obj.pk, "status": PublicationStatus.DRAFT})
        url = f"{reverse('admin:programs_program_add')}?{query}"
        return format_html('<a class="button" href="{}">Start a draft listing</a>', url)
