from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.history import HistoryAdmin, stamp

from . import rendering
from .blocks import BLOCKS
from .models import (
    CertificationRoute,
    ChecklistItem,
    Duty,
    LicensingState,
    Page,
    PageSource,
    SalaryFigure,
    SelfCheckStatement,
    Source,
    SpecialtyArea,
    WorkSetting,
)


class ReviewFilter(admin.SimpleListFilter):
    """Facts whose source nobody has read within the stale period (12 months): due for review."""

    title = "last checked"
    parameter_name = "review"
    # The lookup to the source's Source row: "" on Source itself, "source__" on a fact.
    prefix = "source__"

    def lookups(self, request, model_admin):
        return [
            ("due", "Not checked within 12 months (due for review)"),
            ("current", "Checked within 12 months"),
        ]

    def queryset(self, request, queryset):
        if self.value() not in ("due", "current"):
            return queryset
        due = Q(**{f"{self.prefix}pk__in": Source.objects.due_for_review().values("pk")})
        if self.prefix:
            due |= Q(**{f"{self.prefix}isnull": True})  # a fact with no source at all
        return queryset.filter(due) if self.value() == "due" else queryset.exclude(due)


class SourceReviewFilter(ReviewFilter):
    prefix = ""


class PageSourceInline(admin.TabularInline):
    model = PageSource
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["order", "source"]


@admin.register(Page)
class PageAdmin(HistoryAdmin):
    list_display = ["title", "order", "is_published", "updated_on", "source_count", "slug"]
    list_display_links = ["title"]
    list_editable = ["order"]
    list_filter = ["is_published", "updated_on"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PageSourceInline]
    readonly_fields = ["rendered_preview", "blocks_available"]
    actions = ["publish", "unpublish"]

    class Media:
        css = {"all": ["admin-curation/curation.css"]}

    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", ("order", "is_published", "updated_on")]}),
        ("Content", {"fields": ["body", "blocks_available", "rendered_preview"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_source_count=Count("page_sources"))

    @admin.display(description="sources", ordering="_source_count")
    def source_count(self, obj):
        return obj._source_count

    @admin.display(description="Preview (as last saved)")
    def rendered_preview(self, obj):
        if not obj.pk:
            return "Save the page to see a preview."
        if getattr(obj, "_history", None) is not None:
            # A past version (History > a date): render that version's own Markdown.
            try:
                html = rendering.render(obj.body).html
            except rendering.MarkdownError as error:
                return f"This version cannot be shown: {error}"
        else:
            html = obj.body_html
        # Sanitised with nh3 by rendering.render(), when the page was saved or just now.
        return format_html(
            '<div class="careers-preview">{}</div>',
            mark_safe(html),  # noqa: S308
        )

    @admin.display(description="Blocks you can place")
    def blocks_available(self, obj):
        return format_html(
            "<ul>{}</ul>",
            mark_safe(  # noqa: S308 - built from constants with format_html
                "".join(
                    format_html("<li><code>[[{}]]</code>: {}</li>", b.name, b.description)
                    for b in BLOCKS.values()
                )
            ),
        )

    def _set_published(self, request, queryset, published: bool, reason: str) -> int:
        """Save each page (not queryset.update()) so its history records who and why."""
        count = 0
        for page in queryset.exclude(is_published=published):
            page.is_published = published
            stamp(page, reason)
            page.save(update_fields=["is_published"])
            self.log_change(request, page, reason)
            count += 1
        return count

    @admin.action(description="Publish the selected pages", permissions=["change"])
    def publish(self, request, queryset):
        count = self._set_published(request, queryset, True, "Published")
        self.message_user(request, f"Published {count} page(s).", messages.SUCCESS)

    @admin.action(
        description="Unpublish (make drafts of) the selected pages", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = self._set_published(request, queryset, False, "Unpublished")
        self.message_user(request, f"Made {count} page(s) drafts.", messages.SUCCESS)


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["title", "publisher", "edition", "checked_on", "due_for_review", "key"]
    list_filter = [SourceReviewFilter, "publisher", "year"]
    search_fields = ["title", "publisher", "url", "key", "note"]
    prepopulated_fields = {"key": ["title"]}

    @admin.display(description="due for review", boolean=True)
    def due_for_review(self, obj):
        return obj.is_due_for_review


class SourcedAdmin(HistoryAdmin):
    """A fact with a source: its list shows when the source was last checked."""

    autocomplete_fields = ["source"]
    list_select_related = ["source"]
    list_filter = [ReviewFilter, "source"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "source_checked_on"]

    @admin.display(description="source last checked", ordering="source__checked_on")
    def source_checked_on(self, obj):
        if obj.source is None:
            return "No source"
        return obj.source.checked_on or "Never"


@admin.register(SalaryFigure)
class SalaryFigureAdmin(SourcedAdmin):
    list_display = ["label", "kind", "percentile", "amount", "when", "scope", "source", "order"]
    list_filter = [ReviewFilter, "kind", "year", "source"]
    search_fields = ["label", "scope", "period", "source__title", "source__publisher"]
    list_editable = ["order"]


@admin.register(Duty)
class DutyAdmin(SourcedAdmin):
    list_display = ["title", "order", "source"]
    list_editable = ["order"]
    search_fields = ["title", "description"]


@admin.register(WorkSetting)
class WorkSettingAdmin(SourcedAdmin):
    list_display = ["name", "order", "source"]
    list_editable = ["order"]
    search_fields = ["name", "description"]


@admin.register(SpecialtyArea)
class SpecialtyAreaAdmin(SourcedAdmin):
    list_display = ["name", "credential", "order", "source"]
    list_editable = ["order"]
    search_fields = ["name", "description", "credential"]


@admin.register(CertificationRoute)
class CertificationRouteAdmin(SourcedAdmin):
    list_display = ["__str__", "body", "key", "is_open", "order", "source"]
    list_filter = [ReviewFilter, "body", "is_open", "source"]
    search_fields = ["name", "credential", "education", "training", "note", "key"]


@admin.register(LicensingState)
class LicensingStateAdmin(SourcedAdmin):
    list_display = ["state_name", "state", "confidence", "source"]
    list_filter = [ReviewFilter, "confidence", "source"]
    search_fields = ["state", "note"]

    @admin.display(description="state or territory", ordering="state")
    def state_name(self, obj):
        return obj.get_state_display()


@admin.register(ChecklistItem)
class ChecklistItemAdmin(HistoryAdmin):
    list_display = ["question", "order", "directory_query"]
    list_editable = ["order"]
    search_fields = ["question", "explanation", "directory_query"]


@admin.register(SelfCheckStatement)
class SelfCheckStatementAdmin(HistoryAdmin):
    list_display = ["statement", "order"]
    list_editable = ["order"]
    search_fields = ["statement", "hint", "if_not"]
