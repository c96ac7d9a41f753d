"""The solidarity marketplace under /mercato/ and the public catalogue under /catalogo/. Every
object is reached through access.py; every write is one call to services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.core.cache import cache_public_page
from ponte.core.forms import add_service_errors
from ponte.marketplace import access, law68, selectors, services
from ponte.marketplace.access import BROWSERS, TRADERS
from ponte.marketplace.forms import (
    AnswerDecisionForm,
    AnswerForm,
    CatalogueFilterForm,
    EmployerChoiceForm,
    ExchangeConfirmForm,
    ExchangeForm,
    ListingFilterForm,
    ListingForm,
)
from ponte.marketplace.models import Answer, Exchange, Listing
from ponte.network.access import (
    SignedInRequest,
    current_role,
    get_organisation_for_user,
    is_coordinator,
    member_acting,
    role_required,
)
from ponte.network.models import Role


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Browsing ----------------------------------------------------------------------------------------


@role_required(*BROWSERS)
def listings(request: SignedInRequest) -> HttpResponse:
    form = ListingFilterForm(request.GET or None)
    filters = form.filters()
    origin = member_acting(request).organisation.municipality
    found = selectors.browse_listings(
        access.listings_browsable_by(request), origin=origin, **filters
    )
    page = selectors.paginate(found, request.GET.get("page"), selectors.LISTINGS_PAGE_SIZE)
    by_distance = filters.get("sort") == selectors.DISTANCE and origin is not None
    if by_distance and origin is not None:
        for listing in page.object_list:
            listing.distance = round(selectors.distance_km(origin, listing.municipality), 1)
    return render(
        request,
        "marketplace/list.html",
        {
            "form": form,
            "filtered": any(value for key, value in filters.items() if key != "sort"),
            "page": page,
            "by_distance": by_distance,
            "no_origin": filters.get("sort") == selectors.DISTANCE and origin is None,
            "query_without_page": _query_without_page(request),
            "can_post": access.can_manage_listing(request, None),
            "company_panel": is_coordinator(request)
            or (
                current_role(request) == Role.MEMBER_CONTACT
                and member_acting(request).organisation.kind in access.EMPLOYER_KINDS
            ),
            "figures": selectors.cached_figures(),
        },
    )


def organisation_listings(request: HttpRequest, code: str) -> HttpResponse:
    """An organisation's listings: the active ones the visitor may see; to the organisation
    itself and to the coordinator, the closed and expired ones too."""
    organisation = get_organisation_for_user(request, code)
    own = (
        access.is_coordinator(request) or access.acting_organisation_id(request) == organisation.pk
    )
    base = Listing.objects.all() if own else access.listings_browsable_by(request)
    page = selectors.paginate(
        selectors.organisation_listings(base, organisation),
        request.GET.get("page"),
        selectors.LISTINGS_PAGE_SIZE,
    )
    return render(
        request,
        "marketplace/organisation.html",
        {"organisation": organisation, "page": page, "own": own},
    )


def listing_detail(request: HttpRequest, code: str) -> HttpResponse:
    listing = access.get_listing_for_user(request, code)
    can_manage = access.can_manage_listing(request, listing)
    is_author = access.is_author(request, listing) or access.is_coordinator(request)
    answers = listing.answers.select_related("organisation", "created_by")
    organisation_id = access.acting_organisation_id(request)
    if not is_author:
        answers = answers.filter(organisation_id=organisation_id or 0)
    return render(
        request,
        "marketplace/detail.html",
        {
            "listing": listing,
            "photos": list(listing.photos.all()),
            "can_manage": can_manage,
            "is_author": is_author,
            "can_record": current_role(request) in TRADERS,
            "answers": list(answers) if access.is_member(request) else [],
            "answer_form": AnswerForm() if access.can_answer(request, listing) else None,
            "matches": list(selectors.matching_listings(listing))
            if is_author and listing.is_active
            else [],
        },
    )


def photo(request: HttpRequest, code: str) -> FileResponse:
    """A listing's photo, for whoever may see the listing; never a public media file."""
    found = access.get_photo_for_user(request, code)
    try:
        handle = found.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=found.content_type)
    public = found.listing.visibility == Listing.Visibility.PUBLIC and found.listing.is_active
    response["Cache-Control"] = "public, max-age=3600" if public else "private, max-age=3600"
    return response


# Listings ----------------------------------------------------------------------------------------


def _listing_form(request: SignedInRequest, listing: Listing) -> HttpResponse:
    is_new = listing._state.adding
    saved_title = listing.title
    form = ListingForm(
        request.POST or None,
        request.FILES or None,
        instance=listing,
        choose_organisation=is_coordinator(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.listing_save(
                listing=form.instance,
                by=request.user,
                photos=form.cleaned_data["photos"],
                remove_photos=list(form.cleaned_data.get("remove_photos") or []),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The listing has been saved."))
            return redirect("marketplace:detail", code=saved.code)
    return render(
        request,
        "marketplace/form.html",
        {"form": form, "listing": None if is_new else listing, "saved_title": saved_title},
    )


@role_required(*TRADERS)
def listing_create(request: SignedInRequest) -> HttpResponse:
    listing = Listing()
    if not is_coordinator(request):
        listing.organisation = member_acting(request).organisation
    return _listing_form(request, listing)


@login_required
def listing_edit(request: SignedInRequest, code: str) -> HttpResponse:
    return _listing_form(request, access.get_listing_for_user(request, code, for_change=True))


@require_POST
@login_required
def listing_status(request: SignedInRequest, code: str) -> HttpResponse:
    listing = access.get_listing_for_user(request, code, for_change=True)
    try:
        services.listing_set_status(
            listing=listing, status=request.POST.get("status", ""), by=request.user
        )
    except ValidationError as error:
        _show_errors(request, error)
    else:
        if listing.status == Listing.Status.CLOSED:
            messages.success(request, _("The listing is closed: it is no longer shown."))
        else:
            messages.success(request, _("The listing is open again."))
    return redirect("marketplace:detail", code=code)


# Answers -----------------------------------------------------------------------------------------


@require_POST
@login_required
def answer_create(request: SignedInRequest, code: str) -> HttpResponse:
    listing = access.get_listing_for_user(request, code)
    if current_role(request) != Role.MEMBER_CONTACT or access.is_author(request, listing):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_create(
                listing=listing,
                organisation=member_acting(request).organisation,
                by=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your answer has been sent to the listing's author."))
            return redirect("marketplace:detail", code=code)
    context = {
        "listing": listing,
        "photos": list(listing.photos.all()),
        "answers": list(listing.answers.filter(organisation=member_acting(request).organisation)),
        "answer_form": form,
        "matches": [],
    }
    return render(request, "marketplace/detail.html", context, status=400)


@require_POST
@login_required
def answer_decide(request: SignedInRequest, code: str) -> HttpResponse:
    answer = access.get_answer_for_decision(request, code)
    form = AnswerDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept or decline the answer."))
        return redirect("marketplace:detail", code=answer.listing.code)
    accept = form.cleaned_data["decision"] == AnswerDecisionForm.ACCEPT
    try:
        services.answer_decide(answer=answer, by=request.user, accept=accept)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        if accept:
            messages.success(
                request, _("The answer has been accepted: record the exchange when it happens.")
            )
        else:
            messages.success(request, _("The answer has been declined."))
    return redirect("marketplace:detail", code=answer.listing.code)


# Exchanges ---------------------------------------------------------------------------------------


@role_required(*BROWSERS)
def exchanges(request: SignedInRequest) -> HttpResponse:
    found = access.exchanges_of(request).select_related("giver", "receiver", "listing")
    page = Paginator(found, selectors.EXCHANGES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "marketplace/exchanges.html",
        {
            "page": page,
            "can_record": current_role(request) in TRADERS,
            "organisation_id": access.acting_organisation_id(request),
            "is_coordinator": is_coordinator(request),
        },
    )


def _answer_for_exchange(request: HttpRequest, code: str) -> Answer:
    """The accepted answer an exchange comes from: one that the user's organisation gave or
    received (or any, for the coordinator)."""
    answer = (
        Answer.objects.select_related("listing__organisation", "organisation")
        .filter(code=code, status=Answer.Status.ACCEPTED)
        .first()
    )
    if answer is None:
        raise Http404
    organisation_id = access.acting_organisation_id(request)
    if not is_coordinator(request) and organisation_id not in (
        answer.organisation_id,
        answer.listing.organisation_id,
    ):
        raise Http404
    return answer


@role_required(*TRADERS)
def exchange_create(request: SignedInRequest) -> HttpResponse:
    answer_code = request.GET.get("risposta", "")
    answer = _answer_for_exchange(request, answer_code) if answer_code else None
    exchange = Exchange(exchanged_on=selectors.today())
    if answer is not None:
        for name, value in services.exchange_initial(answer).items():
            setattr(exchange, name, value)
        exchange.listing, exchange.answer = answer.listing, answer
    elif not is_coordinator(request):
        exchange.giver = member_acting(request).organisation
    gift = exchange.listing is not None and exchange.listing.mode == Listing.Mode.GIFT
    form = ExchangeForm(request.POST or None, instance=exchange, gift=gift)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.exchange_record(
                exchange=form.instance,
                by=request.user,
                for_organisation=None
                if is_coordinator(request)
                else member_acting(request).organisation,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The exchange has been recorded: the other side is asked to confirm it.")
            )
            return redirect("marketplace:exchange", code=saved.code)
    return render(
        request, "marketplace/exchange_form.html", {"form": form, "answer": answer, "gift": gift}
    )


@login_required
def exchange_detail(request: SignedInRequest, code: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request, code)
    return render(
        request,
        "marketplace/exchange_detail.html",
        {"exchange": exchange, "sides": access.confirmable_sides(request, exchange)},
    )


@require_POST
@login_required
def exchange_confirm(request: SignedInRequest, code: str) -> HttpResponse:
    exchange = access.get_exchange_for_user(request, code, for_change=True)
    form = ExchangeConfirmForm(request.POST)
    if not form.is_valid() or form.cleaned_data["side"] not in access.confirmable_sides(
        request, exchange
    ):
        raise PermissionDenied
    try:
        services.exchange_confirm(
            exchange=exchange, side=form.cleaned_data["side"], by=request.user
        )
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("Your confirmation has been recorded."))
    return redirect("marketplace:exchange", code=code)


# The company panel -------------------------------------------------------------------------------


@role_required(*TRADERS)
def company(request: SignedInRequest) -> HttpResponse:
    """A company's Law 68/1999 quota and the value of its orders to work-integration
    cooperatives this year: information with its sources, not legal advice."""
    chooser = EmployerChoiceForm(request.GET or None) if is_coordinator(request) else None
    code = request.GET.get("organisation") if chooser is not None else None
    employer = access.get_employer_for_user(request, code)
    year = selectors.today().year
    context: dict[str, object] = {"chooser": chooser, "employer": employer, "year": year}
    if employer is not None:
        context.update(
            {
                "quota": law68.law68_quota(employer.employees),
                "orders": selectors.company_orders(employer, year),
                "sources": law68.SOURCES,
            }
        )
    return render(request, "marketplace/company.html", context)


# The public catalogue ----------------------------------------------------------------------------


@cache_public_page(selectors.catalogue_version)
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    filters = form.filters()
    page = selectors.paginate(
        selectors.catalogue_offers(**filters),
        request.GET.get("page"),
        selectors.CATALOGUE_PAGE_SIZE,
        prefetch=("photos",),
    )
    return render(
        request,
        "marketplace/catalogue.html",
        {
            "form": form,
            "filtered": any(filters.values()),
            "page": page,
            "query_without_page": _query_without_page(request),
        },
    )
