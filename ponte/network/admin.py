from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from ponte.network import services
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
    """Switching a user or one of their roles off goes through the network's services, so that
    it also revokes what they gave beyond the network (network/deactivation.py)."""

    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            services.user_set_active(user=obj, active=obj.is_active)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        for inline in formset.forms:
            membership = inline.instance
            if (
                isinstance(membership, Membership)
                and membership.pk
                and "is_active" in inline.changed_data
            ):
                services.membership_set_active(membership=membership, active=membership.is_active)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "relation", "municipality", "is_public", "is_active"]
    list_filter = ["kind", "relation", "is_public", "is_active", "municipality__valley"]
    search_fields = ["name", "vat_number", "fiscal_code"]
    readonly_fields = ["code", "created_at", "updated_at"]
    filter_horizontal = ["sectors"]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            services.organisation_set_active(organisation=obj, active=obj.is_active)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            services.membership_set_active(membership=obj, active=obj.is_active)


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
