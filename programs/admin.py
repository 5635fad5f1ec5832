from django.contrib import admin
from django.db.models import Count, Exists, OuterRef

from .models import (
    EnrollmentRestriction,
    Institution,
    LabSession,
    Program,
    Shortlist,
    ShortlistItem,
    Site,
)


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


class LabSessionInline(admin.StackedInline):
    model = LabSession
    extra = 0
    autocomplete_fields = ["sites"]
    fields = [("kind", "frequency"), ("days", "visits", "total_days"), "sites", "notes"]


class EnrollmentRestrictionInline(admin.TabularInline):
    model = EnrollmentRestriction
    extra = 0
    verbose_name = "state it cannot enrol"
    verbose_name_plural = "states whose residents it cannot enrol"


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "state", "control", "accreditor", "program_count"]
    list_filter = ["state", "control"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_program_count=Count("programs"))

    @admin.display(description="programs", ordering="_program_count")
    def program_count(self, obj):
        return obj._program_count


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "state", "zip_code", "institution", "latitude", "longitude"]
    list_filter = ["state"]
    search_fields = ["name", "city", "zip_code", "institution__name"]
    autocomplete_fields = ["institution"]
    readonly_fields = ["latitude", "longitude"]
    list_select_related = ["institution"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "institution",
        "credential",
        "accreditation_status",
        "status",
        "last_verified",
        "campus_sessions",
    ]
    list_filter = [
        "status",
        "institution__state",
        "credential",
        "delivery",
        "accreditation_agency",
        "accreditation_status",
        "clinical_arrangement",
        LabRequirementFilter,
    ]
    search_fields = ["name", "slug", "institution__name", "institution__city"]
    list_select_related = ["institution"]
    autocomplete_fields = ["institution"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "last_verified"
    inlines = [LabSessionInline, EnrollmentRestrictionInline]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["institution", "name", "slug", "description", "status"]}),
        (
            "Program",
            {
                "fields": [
                    "credential",
                    "delivery",
                    "length_months",
                    "credit_hours",
                    "start_terms",
                    "prerequisites",
                ]
            },
        ),
        (
            "Accreditation and certification",
            {
                "fields": [
                    ("accreditation_agency", "accreditation_status"),
                    ("accreditation_awarded", "accreditation_next_review"),
                    ("eligible_ascp", "eligible_amt"),
                ]
            },
        ),
        ("Cost", {"fields": ["tuition_total", ("tuition_in_state", "tuition_out_of_state")]}),
        ("Clinical practicum", {"fields": ["clinical_arrangement", "clinical_hours"]}),
        (
            "Outcomes",
            {"fields": [("pass_rate", "graduation_rate", "placement_rate"), "outcomes_year"]},
        ),
        (
            "Sources",
            {
                "fields": [
                    "program_url",
                    "source_url",
                    "last_verified",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_sessions=Count("lab_sessions"))

    @admin.display(description="campus sessions", ordering="_sessions")
    def campus_sessions(self, obj):
        return obj._sessions or "none"


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
