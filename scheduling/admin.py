"""The school calendar (pedagogical days, holidays) and the rooms are reference data, administered
here; appointments, slots and availability change through the pages and `scheduling.actions`."""

from django.contrib import admin

from scheduling.models import Room, SchoolClosure


@admin.register(SchoolClosure)
class SchoolClosureAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "label", "school", "school_year")
    list_filter = ("kind", "school_year")
    date_hierarchy = "day"


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name", "school")
    search_fields = ("name", "school__name")
