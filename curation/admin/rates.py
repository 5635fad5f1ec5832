"""The federal travel rates behind every cost estimate (programs.models.TravelRate)."""

from django.contrib import admin

from programs.models import TravelRate


@admin.register(TravelRate)
class TravelRateAdmin(admin.ModelAdmin):
    list_display = ["kind", "amount", "period", "publisher", "checked"]
    readonly_fields = []
    fieldsets = [
        (None, {"fields": ["kind", "amount", "period"]}),
        (
            "Source",
            {
                "fields": ["publisher", "source_url", "checked", "note"],
                "description": "Every estimate on the site shows this source beside the rate. "
                "Replace the figure when the IRS (each December) or GSA (each August, for "
                "the fiscal year from 1 October) publishes a new one.",
            },
        ),
    ]
