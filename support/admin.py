"""Only the configurable list of intervention types is administered here; tier decisions,
interventions and points change through `support.actions` (audited), never in the admin."""

from django.contrib import admin

from support.models import InterventionType


@admin.register(InterventionType)
class InterventionTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "default_unit", "is_active", "position")
    list_editable = ("is_active", "position")
    search_fields = ("name", "code")
