"""Who may see and change what in the marketplace. Every view reaches listings, photos, answers
and exchanges through these functions: 404 for what a user may not know exists (a members-only
listing for an anonymous visitor, a closed listing of another organisation), 403 for what they
may see but not change.

- Anyone sees an active public listing; signed-in members (any role) see active members-only
  ones too. A closed or expired listing stays visible to its organisation, to the coordinator
  and to the organisations that answered it (their notifications link to it).
- A member contact of the author organisation, or the coordinator, edits and closes a listing
  and decides on its answers; member contacts of other organisations answer it.
- An exchange is seen by the two organisations and the coordinator; each side's member contact
  confirms their own side; the coordinator may confirm a side whose organisation has no member
  contact in Ponte.
- The data-protection officer is no member of the marketplace (docs/privacy.md: the audit trail
  only): acting in that role, a user sees what an anonymous visitor sees, and no exchange.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from ponte.marketplace.models import Answer, Exchange, Listing, ListingPhoto
from ponte.marketplace.selectors import active_listings
from ponte.network.access import (
    acting_membership,
    acting_organisation_id,
    current_role,
    is_coordinator,
)
from ponte.network.models import Organisation, Role

# Who may post listings, answer them, record and confirm exchanges.
TRADERS = (Role.MEMBER_CONTACT, Role.COORDINATOR)
# Who browses the marketplace: traders, and case workers and tutors, who look for goods and
# services for their laboratories and companies.
BROWSERS = (Role.MEMBER_CONTACT, Role.COORDINATOR, Role.CASE_WORKER, Role.COMPANY_TUTOR)
# Organisations that have a Law 68/1999 quota shown on the company panel.
EMPLOYER_KINDS = (Organisation.Kind.COMPANY, Organisation.Kind.BANK)


def _member_organisation_id(request: HttpRequest) -> int | None:
    """The organisation the user acts for in the marketplace: any role's but the DPO's."""
    if current_role(request) == Role.DPO:
        return None
    return acting_organisation_id(request)


def is_member(request: HttpRequest) -> bool:
    """Signed in and acting for an organisation of the district, in any role but the DPO's."""
    return _member_organisation_id(request) is not None


def is_author(request: HttpRequest, listing: Listing) -> bool:
    """Acting for the listing's organisation, in any role but the DPO's."""
    organisation_id = _member_organisation_id(request)
    return organisation_id is not None and organisation_id == listing.organisation_id


def can_manage_listing(request: HttpRequest, listing: Listing | None) -> bool:
    """The coordinator manages every listing; a member contact those of their organisation
    (and creates listings for it)."""
    if is_coordinator(request):
        return True
    if current_role(request) != Role.MEMBER_CONTACT:
        return False
    return listing is None or is_author(request, listing)


def can_answer(request: HttpRequest, listing: Listing) -> bool:
    """A member contact of another organisation, while the listing is active."""
    return (
        current_role(request) == Role.MEMBER_CONTACT
        and not is_author(request, listing)
        and listing.is_active
    )


def listings_browsable_by(request: HttpRequest) -> QuerySet[Listing]:
    """The active listings the visitor may see in lists: public ones for anonymous visitors,
    public and members-only ones for members."""
    listings = active_listings()
    if not is_member(request):
        listings = listings.filter(visibility=Listing.Visibility.PUBLIC)
    return listings


def _listing_visible(request: HttpRequest, listing: Listing) -> bool:
    if is_coordinator(request) or is_author(request, listing):
        return True
    organisation_id = _member_organisation_id(request)
    if listing.is_active and listing.organisation.is_active:
        return organisation_id is not None or listing.visibility == Listing.Visibility.PUBLIC
    return (
        organisation_id is not None
        and listing.answers.filter(organisation_id=organisation_id).exists()
    )


def get_listing_for_user(request: HttpRequest, code: str, *, for_change: bool = False) -> Listing:
    listing = (
        Listing.objects.select_related("organisation", "municipality__valley", "created_by")
        .filter(code=code)
        .first()
    )
    if listing is None or not _listing_visible(request, listing):
        raise Http404
    if for_change and not can_manage_listing(request, listing):
        raise PermissionDenied
    return listing


def get_photo_for_user(request: HttpRequest, code: str) -> ListingPhoto:
    """A photo is visible exactly when its listing is."""
    photo = ListingPhoto.objects.select_related("listing__organisation").filter(code=code).first()
    if photo is None or not _listing_visible(request, photo.listing):
        raise Http404
    return photo


def get_answer_for_decision(request: HttpRequest, code: str) -> Answer:
    """An answer is decided on by whoever manages its listing; the answering organisation knows
    it (403), anyone else does not (404)."""
    answer = (
        Answer.objects.select_related("listing__organisation", "organisation", "created_by")
        .filter(code=code)
        .first()
    )
    if answer is None:
        raise Http404
    listing = answer.listing
    if can_manage_listing(request, listing):
        return answer
    if is_author(request, listing) or _member_organisation_id(request) == answer.organisation_id:
        raise PermissionDenied
    raise Http404


def exchanges_of(request: HttpRequest) -> QuerySet[Exchange]:
    """The exchanges the user may see: the coordinator all, a member those of their
    organisation (not the DPO)."""
    if is_coordinator(request):
        return Exchange.objects.all()
    organisation_id = _member_organisation_id(request)
    if organisation_id is None:
        return Exchange.objects.none()
    return Exchange.objects.filter(Q(giver_id=organisation_id) | Q(receiver_id=organisation_id))


def confirmable_sides(request: HttpRequest, exchange: Exchange) -> list[str]:
    """The sides of the exchange the user may still confirm."""
    if is_coordinator(request):
        sides = [Exchange.Side.GIVER, Exchange.Side.RECEIVER]
    elif current_role(request) == Role.MEMBER_CONTACT:
        side = exchange.side_of(acting_organisation_id(request))
        sides = [Exchange.Side(side)] if side else []
    else:
        sides = []
    return [side for side in sides if not exchange.is_confirmed_by(side)]


def get_exchange_for_user(request: HttpRequest, code: str, *, for_change: bool = False) -> Exchange:
    exchange = (
        exchanges_of(request)
        .select_related(
            "giver",
            "receiver",
            "listing",
            "recorded_by",
            "giver_confirmed_by",
            "receiver_confirmed_by",
        )
        .filter(code=code)
        .first()
    )
    if exchange is None:
        raise Http404
    if for_change and not (is_coordinator(request) or current_role(request) == Role.MEMBER_CONTACT):
        raise PermissionDenied
    return exchange


def get_employer_for_user(request: HttpRequest, code: str | None) -> Organisation | None:
    """The organisation whose company panel the user sees: a member contact's own (if it is a
    company or a bank), or the one the coordinator chose (None until chosen)."""
    if is_coordinator(request):
        if not code:
            return None
        employer = Organisation.objects.filter(code=code, kind__in=EMPLOYER_KINDS).first()
        if employer is None:
            raise Http404
        return employer
    membership = acting_membership(request)
    if (
        membership is None
        or membership.role != Role.MEMBER_CONTACT
        or membership.organisation.kind not in EMPLOYER_KINDS
    ):
        raise PermissionDenied
    return membership.organisation
