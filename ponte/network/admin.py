from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from ponte.network.models import (
    District,
    Membership,
    Municipality,
    Organisation,
    Sector,
    User,
    Valley,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "relation", "municipality", "is_public", "is_active"]
    list_filter = ["kind", "relation", "is_public", "is_active", "municipality__valley"]
    search_fields = ["name", "vat_number", "fiscal_code"]
    readonly_fields = ["code", "created_at", "updated_at"]
    filter_horizontal = ["sectors"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ladin", "valley", "istat_code"]
    list_filter = ["valley"]
    search_fields = ["name", "name_ladin"]


admin.site.register(District)
admin.site.register(Valley)
admin.site.register(Sector)


class AuditTrailAdmin(LogEntryAdmin):
    """docs/privacy.md, "Audit trail": nobody edits or deletes the audit trail, not even the
    technical administrator. auditlog's own admin already refuses adding and changing; it would
    still let a superuser delete entries along with another object, so deletion is refused
    everywhere, and there are no bulk actions."""

    actions = None

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


admin.site.unregister(LogEntry)
admin.site.register(LogEntry, AuditTrailAdmin)
