from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from core import models


@admin.register(models.User)
class E360UserAdmin(UserAdmin):
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Élève 360",
            {"fields": ("role", "profession", "centre", "schools", "networks", "preferred_language")},
        ),
    )
    list_display = ("username", "first_name", "last_name", "role", "profession", "is_active")
    list_filter = ("role", "profession", "is_active")
    filter_horizontal = ("schools", "networks", "groups", "user_permissions")


@admin.register(models.School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("name", "ministry_code", "city", "level", "network", "imse_decile")
    list_filter = ("level", "network")
    search_fields = ("name", "ministry_code", "city")


admin.site.register(models.ServiceCentre)
admin.site.register(models.Network)
admin.site.register(models.ServiceDomain)


class ReportPeriodInline(admin.TabularInline):
    model = models.ReportPeriod
    extra = 0


@admin.register(models.SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    inlines = [ReportPeriodInline]
