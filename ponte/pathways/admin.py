"""The technical administrator's view of the pathways' reference data. People and their records
are managed through Ponte's own pages, where access rules and auditing apply; the admin shows
only the data that is not personal (levels, instruments, services)."""

from django.contrib import admin

from ponte.pathways.models import Area, Instrument, Item, Level, Service


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "instrument", "order"]
    inlines = [ItemInline]


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_default"]
    inlines = [AreaInline]


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "typical_setting"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "kind", "places", "municipality", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "provider__name"]
    readonly_fields = ["code"]
    filter_horizontal = ["levels"]
