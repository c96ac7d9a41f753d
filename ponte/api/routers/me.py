"""The token owner's organisation, under /me/: its listings, openings and exchanges. Every
write goes through the site's forms and services, and the site's access functions decide, for
the token's role, what may be done: a listing needs a member contact, an opening a company
tutor or a case worker, as on the site. Another organisation's object is not found (404)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from ponte.api.api import (
    ERRORS_TOKEN,
    ERRORS_TOKEN_ONE,
    Code,
    FormInvalid,
    Paging,
    form_errors,
    page_of,
    require_scope,
    token_auth,
)
from ponte.api.forms import ApiListingForm, ApiOpeningForm, listing_data, opening_data
from ponte.api.models import Scope
from ponte.api.schemas import (
    ErrorOut,
    ExchangeOut,
    ExchangePage,
    ListingIn,
    ListingOut,
    ListingPage,
    OpeningIn,
    OpeningOut,
    OpeningPage,
    OpeningStatusIn,
)
from ponte.marketplace import services as marketplace_services
from ponte.marketplace.access import can_manage_listing
from ponte.marketplace.models import Exchange, Listing
from ponte.marketplace.selectors import organisation_listings
from ponte.network.access import current_role, is_coordinator, member_acting, signed_in
from ponte.network.models import Organisation, Role
from ponte.openings import services as opening_services
from ponte.openings.access import can_manage_opening
from ponte.openings.models import Opening
from ponte.openings.selectors import openings_managed_by

router = Router(tags=["token"], auth=token_auth)


def _organisation(request: HttpRequest) -> Organisation:
    return member_acting(request).organisation


class MeOut(Schema):
    organisation: str
    organisation_name: str
    role: str
    scopes: list[str]


@router.get("", response={200: MeOut, ERRORS_TOKEN: ErrorOut}, summary=N_("The token's identity"))
def me(request: HttpRequest) -> dict[str, Any]:
    membership = member_acting(request)
    return {
        "organisation": membership.organisation.code,
        "organisation_name": membership.organisation.name,
        "role": membership.role,
        "scopes": request.auth.scopes,  # type: ignore[attr-defined]
    }


# Listings ----------------------------------------------------------------------------------------


def _own_listings(request: HttpRequest) -> QuerySet[Listing]:
    return organisation_listings(Listing.objects.all(), _organisation(request))


def _own_listing(request: HttpRequest, code: str) -> Listing:
    """A listing of the token's organisation that the token's role may change."""
    listing = _own_listings(request).filter(code=code).first()
    if listing is None:
        raise HttpError(404, _("Not found."))
    if not can_manage_listing(request, listing):
        raise PermissionDenied
    return listing


def _listing_saved(request: HttpRequest, listing: Listing, payload: ListingIn) -> Listing:
    form = ApiListingForm(listing_data(payload), instance=listing, choose_organisation=False)
    if not form.is_valid():
        raise FormInvalid(form_errors(form.errors))
    return marketplace_services.listing_save(listing=form.instance, by=signed_in(request).user)


@router.get(
    "/listings",
    response={200: ListingPage, ERRORS_TOKEN: ErrorOut},
    summary=N_("The organisation's listings, whatever their status"),
)
def listings(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    require_scope(request, Scope.LISTINGS_READ)
    return page_of(_own_listings(request), paging)


@router.post(
    "/listings",
    response={201: ListingOut, ERRORS_TOKEN: ErrorOut},
    summary=N_("Publish a listing (member contacts)"),
)
def listing_create(request: HttpRequest, payload: ListingIn) -> Status[Listing]:
    require_scope(request, Scope.LISTINGS_WRITE)
    if not can_manage_listing(request, None):
        raise PermissionDenied
    return Status(
        201, _listing_saved(request, Listing(organisation=_organisation(request)), payload)
    )


@router.put(
    "/listings/{code}",
    response={200: ListingOut, ERRORS_TOKEN_ONE: ErrorOut},
    summary=N_("Change a listing (member contacts)"),
)
def listing_update(request: HttpRequest, code: Code, payload: ListingIn) -> Listing:
    require_scope(request, Scope.LISTINGS_WRITE)
    return _listing_saved(request, _own_listing(request, code), payload)


@router.post(
    "/listings/{code}/close",
    response={200: ListingOut, ERRORS_TOKEN_ONE: ErrorOut},
    summary=N_("Close a listing (member contacts)"),
)
def listing_close(request: HttpRequest, code: Code) -> Listing:
    require_scope(request, Scope.LISTINGS_WRITE)
    listing = _own_listing(request, code)
    return marketplace_services.listing_set_status(
        listing=listing, status=Listing.Status.CLOSED, by=signed_in(request).user
    )


# Openings ----------------------------------------------------------------------------------------


def _may_manage_openings(request: HttpRequest) -> None:
    if not can_manage_opening(request, None):
        raise PermissionDenied


def _own_opening(request: HttpRequest, code: str) -> Opening:
    _may_manage_openings(request)
    opening = openings_managed_by(request).filter(code=code).first()
    if opening is None:
        raise HttpError(404, _("Not found."))
    return opening


def _opening_saved(request: HttpRequest, opening: Opening, payload: OpeningIn) -> Opening:
    form = ApiOpeningForm(opening_data(payload, opening), instance=opening, choose_host=False)
    if not form.is_valid():
        raise FormInvalid(form_errors(form.errors))
    return opening_services.opening_save(opening=form.instance, by=signed_in(request).user)


@router.get(
    "/openings",
    response={200: OpeningPage, ERRORS_TOKEN: ErrorOut},
    summary=N_("The openings the token's user manages (company tutors, case workers)"),
)
def openings(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    require_scope(request, Scope.OPENINGS_READ)
    _may_manage_openings(request)
    return page_of(openings_managed_by(request).select_related("municipality__valley"), paging)


@router.post(
    "/openings",
    response={201: OpeningOut, ERRORS_TOKEN: ErrorOut},
    summary=N_("Create an opening, as a draft (company tutors, case workers)"),
)
def opening_create(request: HttpRequest, payload: OpeningIn) -> Status[Opening]:
    require_scope(request, Scope.OPENINGS_WRITE)
    _may_manage_openings(request)
    return Status(201, _opening_saved(request, Opening(host=_organisation(request)), payload))


@router.put(
    "/openings/{code}",
    response={200: OpeningOut, ERRORS_TOKEN_ONE: ErrorOut},
    summary=N_("Change an opening (company tutors, case workers)"),
)
def opening_update(request: HttpRequest, code: Code, payload: OpeningIn) -> Opening:
    require_scope(request, Scope.OPENINGS_WRITE)
    return _opening_saved(request, _own_opening(request, code), payload)


@router.post(
    "/openings/{code}/status",
    response={200: OpeningOut, ERRORS_TOKEN_ONE: ErrorOut},
    summary=N_("Publish, close or reopen an opening"),
)
def opening_status(request: HttpRequest, code: Code, payload: OpeningStatusIn) -> Opening:
    require_scope(request, Scope.OPENINGS_WRITE)
    opening = _own_opening(request, code)
    return opening_services.opening_transition(
        opening=opening, to=payload.to.value, by=signed_in(request).user
    )


# Exchanges ---------------------------------------------------------------------------------------


def _own_exchanges(request: HttpRequest) -> QuerySet[Exchange]:
    organisation_id = _organisation(request).pk
    return (
        Exchange.objects.filter(Q(giver_id=organisation_id) | Q(receiver_id=organisation_id))
        .select_related("giver", "receiver")
        .order_by("-exchanged_on", "-id")
    )


@router.get(
    "/exchanges",
    response={200: ExchangePage, ERRORS_TOKEN: ErrorOut},
    summary=N_("The organisation's exchanges, given and received"),
)
def exchanges(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    require_scope(request, Scope.EXCHANGES_READ)
    return page_of(_own_exchanges(request), paging)


@router.post(
    "/exchanges/{code}/confirm",
    response={200: ExchangeOut, ERRORS_TOKEN_ONE: ErrorOut},
    summary=N_("Confirm the organisation's side of an exchange (member contacts)"),
)
def exchange_confirm(request: HttpRequest, code: Code) -> Exchange:
    require_scope(request, Scope.EXCHANGES_WRITE)
    exchange = _own_exchanges(request).filter(code=code).first()
    if exchange is None:
        raise HttpError(404, _("Not found."))
    if not (is_coordinator(request) or current_role(request) == Role.MEMBER_CONTACT):
        raise PermissionDenied
    side = exchange.side_of(_organisation(request).pk)
    return marketplace_services.exchange_confirm(
        exchange=exchange, side=str(side), by=signed_in(request).user
    )
