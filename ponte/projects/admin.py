"""The technical administrator's view of the sub-projects. Members manage them through Ponte's
own pages, where the access rules apply; the admin is for looking up and fixing data."""

from django.contrib import admin

from ponte.projects.models import BudgetLine, Indicator, IndicatorValue, Movement, SubProject


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    readonly_fields = ["code"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    readonly_fields = ["code"]


@admin.register(SubProject)
class SubProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "lead", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    search_fields = ["title", "lead__name", "code"]
    readonly_fields = ["code"]
    raw_id_fields = ["lead"]
    filter_horizontal = ["partners", "funders", "services", "openings"]
    inlines = [BudgetLineInline, IndicatorInline]


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    list_display = ["on", "budget_line", "amount", "description", "document"]
    search_fields = ["description", "document", "code", "budget_line__subproject__title"]
    readonly_fields = ["code", "recorded_by"]
    raw_id_fields = ["budget_line"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "on", "value", "note"]
    readonly_fields = ["recorded_by"]
    raw_id_fields = ["indicator"]
