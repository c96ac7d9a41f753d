"""The technical administrator's view of the marketplace. Members manage listings, answers and
exchanges through Ponte's own pages, where the access rules apply; the admin is for looking up
and fixing data, and shows the codes and who recorded what."""

from django.contrib import admin

from ponte.marketplace.models import Answer, Exchange, Listing, ListingPhoto


class ListingPhotoInline(admin.TabularInline):
    model = ListingPhoto
    extra = 0
    readonly_fields = ["code", "image", "content_type"]


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "direction",
        "mode",
        "category",
        "valid_until",
        "status",
    ]
    list_filter = ["direction", "mode", "category", "visibility", "status"]
    search_fields = ["title", "organisation__name", "code"]
    readonly_fields = ["code", "created_by", "words"]
    raw_id_fields = ["organisation"]
    inlines = [ListingPhotoInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["listing", "organisation", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["code", "created_by", "decided_by", "decided_at"]
    raw_id_fields = ["listing", "organisation"]


@admin.register(Exchange)
class ExchangeAdmin(admin.ModelAdmin):
    list_display = ["what", "giver", "receiver", "value", "is_gift", "exchanged_on"]
    list_filter = ["is_gift"]
    search_fields = ["what", "giver__name", "receiver__name", "code"]
    readonly_fields = [
        "code",
        "recorded_by",
        "giver_confirmed_at",
        "giver_confirmed_by",
        "receiver_confirmed_at",
        "receiver_confirmed_by",
    ]
    raw_id_fields = ["giver", "receiver", "listing", "answer"]
