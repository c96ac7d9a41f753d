"""Reads of the marketplace: the active listings and their filters, the distance sort, matching
offers and requests, the public catalogue and the version that keys its cache, the figures and
the company panel's orders. Every list here costs a fixed number of queries, whatever the number
of listings."""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import (
    Case,
    Count,
    DecimalField,
    FloatField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from ponte.core.cache import data_version
from ponte.core.pagination import CappedPaginator
from ponte.core.text import fold
from ponte.marketplace.models import Exchange, Listing
from ponte.network.models import Municipality, Organisation

LISTINGS_PAGE_SIZE = 25
CATALOGUE_PAGE_SIZE = 30
EXCHANGES_PAGE_SIZE = 30
MAX_MATCHES = 10
SOCIAL_COOPS = tuple(Organisation.SOCIAL_COOP_KINDS)
# Art. 14 D.Lgs. 276/2003 speaks of the cooperatives that bring disadvantaged people into work:
# type B, and the A+B ones for their B part.
WORK_INTEGRATION_COOPS = (Organisation.Kind.SOCIAL_COOP_B, Organisation.Kind.SOCIAL_COOP_AB)

NEWEST, DISTANCE = "newest", "distance"


def today() -> date:
    return timezone.localdate()


def active_listings() -> QuerySet[Listing]:
    """Open, not past their valid-until date (they expire by themselves, with no job), of an
    active organisation."""
    return Listing.objects.filter(
        status=Listing.Status.OPEN, valid_until__gte=today(), organisation__is_active=True
    )


LISTING_RELATED = ("organisation", "municipality__valley")


def paginate(
    listings: QuerySet[Listing],
    number: str | int | None,
    per_page: int,
    *,
    prefetch: tuple[str, ...] = (),
) -> Page:
    """A page of listings, found in two steps: the page's ids first, sorted on the listing's
    own columns (which the database reads from an index), then those rows with their
    organisation and municipality. Joining first would join every active listing before
    sorting: several times slower with 100,000 listings. Three queries, the count included
    (one more per prefetched relation), whatever the number of listings."""
    page = CappedPaginator(listings.values_list("pk", flat=True), per_page).get_page(number)
    ids: list[int] = list(page.object_list)
    found = (
        Listing.objects.filter(pk__in=ids)
        .select_related(*LISTING_RELATED)
        .prefetch_related(*prefetch)
    )
    by_pk = {listing.pk: listing for listing in found}
    page.object_list = [by_pk[pk] for pk in ids if pk in by_pk]
    return page


# Browsing ----------------------------------------------------------------------------------------


def distance_km(a: Municipality, b: Municipality) -> float:
    """Great-circle distance (haversine) between two municipalities' centres."""
    lat1, lon1, lat2, lon2 = (
        math.radians(float(value)) for value in (a.latitude, a.longitude, b.latitude, b.longitude)
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def distance_from(origin: Municipality) -> Case:
    """The distance of a listing's municipality from `origin`, as an SQL expression: the
    district has a few dozen municipalities at most, so their distances are computed here once
    and handed to the database, which sorts any number of listings by them."""
    whens = [
        When(municipality_id=m.pk, then=Value(round(distance_km(origin, m), 1)))
        for m in Municipality.objects.all()
    ]
    return Case(*whens, default=Value(9999.0), output_field=FloatField())


def _searched(listings: QuerySet[Listing], query: str) -> QuerySet[Listing]:
    """Every word of the query in the listing: in its stored words (title and description,
    normalised: lower case, no accents; one short column instead of two long ones) or, for
    words under four letters, which are not stored, in its title."""
    for word in query.split()[:10]:
        listings = listings.filter(Q(words__contains=fold(word)) | Q(title__icontains=word))
    return listings


def browse_listings(
    listings: QuerySet[Listing],
    *,
    query: str = "",
    direction: str = "",
    mode: str = "",
    category: str = "",
    valley: str = "",
    kind: str = "",
    sort: str = NEWEST,
    origin: Municipality | None = None,
) -> QuerySet[Listing]:
    """The listings matching the marketplace's filters: every word of `query` in the title or
    the description; `valley` a valley's code; `kind` the kind of the author organisation.
    Sorted by date, or by distance from `origin` (then by date)."""
    listings = _searched(listings, query)
    if direction:
        listings = listings.filter(direction=direction)
    if mode:
        listings = listings.filter(mode=mode)
    if category:
        listings = listings.filter(category=category)
    if valley:
        listings = listings.filter(municipality__valley__code=valley)
    if kind:
        listings = listings.filter(organisation__kind=kind)
    listings = listings.select_related(*LISTING_RELATED)
    if sort == DISTANCE and origin is not None:
        return listings.annotate(distance=distance_from(origin)).order_by(
            "distance", "-created_at", "-id"
        )
    return listings.order_by("-created_at", "-id")


def organisation_listings(
    listings: QuerySet[Listing], organisation: Organisation
) -> QuerySet[Listing]:
    """An organisation's listings among those given, open ones first, newest first."""
    return (
        listings.filter(organisation=organisation)
        .select_related("organisation", "municipality__valley")
        .order_by("status", "-created_at", "-id")
    )


def matching_listings(listing: Listing, *, limit: int = MAX_MATCHES) -> QuerySet[Listing]:
    """Active listings of other organisations in the opposite direction (offer ↔ request) and
    the same category that share at least one word with `listing` (services.listing_words);
    the `limit` that share the most words, the newest first among equals. One query: the words
    are matched and counted in SQL."""
    words = listing.words.split()[:30]
    if not words:
        return Listing.objects.none()
    overlap = Q()
    for word in words:
        overlap |= Q(words__contains=f" {word} ")
    # The more words in common, the better the match: counted in SQL, one term per word.
    shared = sum(
        (
            Case(When(words__contains=f" {word} ", then=Value(1)), default=Value(0))
            for word in words
        ),
        start=Value(0),
    )
    opposite = (
        Listing.Direction.REQUEST
        if listing.direction == Listing.Direction.OFFER
        else Listing.Direction.OFFER
    )
    return (
        active_listings()
        .filter(overlap, direction=opposite, category=listing.category)
        .exclude(organisation_id=listing.organisation_id)
        .annotate(shared=shared)
        .select_related("organisation")
        .order_by("-shared", "-created_at", "-id")[:limit]
    )


# The public catalogue ----------------------------------------------------------------------------


def catalogue_version(request: HttpRequest | None = None) -> str:
    """Changes whenever a listing or an organisation changes, and every day (listings expire by
    date, with no row changing): one query, computed once per request (see core.cache).

    MAX(id), not COUNT(*), of the listings: both see a new listing, but counting 100,000 rows on
    every request costs more than the cached page saves. Ponte never deletes a listing (it
    closes it); one deleted in the admin shows within the cache's lifetime."""
    listings, organisations = Listing._meta.db_table, Organisation._meta.db_table
    return data_version(
        request,
        "catalogue",
        f"SELECT MAX(updated_at) FROM {listings}",  # noqa: S608 - the models' own tables
        f"SELECT MAX(id) FROM {listings}",  # noqa: S608
        f"SELECT MAX(updated_at) FROM {organisations}",  # noqa: S608
        f"SELECT COUNT(*) FROM {organisations}",  # noqa: S608
        salt=str(today()),
    )


def catalogue_offers(
    *, category: str = "", cooperatives: bool = False, query: str = ""
) -> QuerySet[Listing]:
    """The public catalogue: active public offers of the organisations shown in the directory,
    by category, the social cooperatives' first."""
    offers = active_listings().filter(
        direction=Listing.Direction.OFFER,
        visibility=Listing.Visibility.PUBLIC,
        organisation__is_public=True,
    )
    if category:
        offers = offers.filter(category=category)
    if cooperatives:
        offers = offers.filter(organisation__kind__in=SOCIAL_COOPS)
    offers = _searched(offers, query)
    coop_first = Case(
        When(organisation__kind__in=SOCIAL_COOPS, then=Value(0)),
        default=Value(1),
    )
    category_order = Case(
        *(When(category=value, then=Value(n)) for n, value in enumerate(Listing.Category.values)),
        default=Value(9),
    )
    return offers.annotate(category_order=category_order, coop_first=coop_first).order_by(
        "category_order", "coop_first", "-created_at", "-id"
    )


# Figures -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodFigures:
    label: str
    start: date
    end: date
    value: Decimal
    exchanges: int
    gifts: int
    received_by_coops: Decimal
    given_by_coops: Decimal

    @staticmethod
    def _share(part: Decimal, whole: Decimal) -> Decimal | None:
        if not whole:
            return None
        return (100 * part / whole).quantize(Decimal("0.1"))

    @property
    def received_by_coops_share(self) -> Decimal | None:
        return self._share(self.received_by_coops, self.value)

    @property
    def given_by_coops_share(self) -> Decimal | None:
        return self._share(self.given_by_coops, self.value)


def _money(expression: Sum) -> Coalesce:
    return Coalesce(expression, Value(Decimal(0)), output_field=DecimalField())


def figures_version() -> str:
    """Changes whenever a listing, an exchange or an organisation changes, and every day: one
    query (MAX(id) rather than COUNT(*), as in catalogue_version: rows are never deleted)."""
    tables = [Listing._meta.db_table, Exchange._meta.db_table, Organisation._meta.db_table]
    aggregates = [
        f"SELECT {aggregate} FROM {table}"  # noqa: S608 - the models' own tables
        for table in tables
        for aggregate in ("MAX(updated_at)", "MAX(id)")
    ]
    return data_version(None, "figures", *aggregates, salt=str(today()))


def cached_figures() -> dict[str, object]:
    """The figures, computed once per version of the data: counting the active listings reads
    them all, and the figures change only when a listing or an exchange does."""
    key = f"marketplace:figures:{figures_version()}"
    figures: dict[str, object] | None = cache.get(key)
    if figures is None:
        figures = marketplace_figures()
        cache.set(key, figures, 60 * 10)
    return figures


def marketplace_figures(on: date | None = None) -> dict[str, object]:
    """Marketplace value (docs/domain.md, Indicators): confirmed exchanges only, year to date and
    over the last twelve months; the share received by social cooperatives and the share they gave
    (their sales and services); the number of gifts; and the active listings. Two queries."""
    end = on or today()
    periods = {
        "year": (date(end.year, 1, 1), end),
        "twelve_months": (end - relativedelta(years=1) + timedelta(days=1), end),
    }
    aggregates: dict[str, object] = {}
    for key, (start, stop) in periods.items():
        in_period = Q(exchanged_on__gte=start, exchanged_on__lte=stop)
        aggregates[f"{key}_value"] = _money(Sum("value", filter=in_period))
        aggregates[f"{key}_count"] = Count("id", filter=in_period)
        aggregates[f"{key}_gifts"] = Count("id", filter=in_period & Q(is_gift=True))
        aggregates[f"{key}_received"] = _money(
            Sum("value", filter=in_period & Q(receiver__kind__in=SOCIAL_COOPS))
        )
        aggregates[f"{key}_given"] = _money(
            Sum("value", filter=in_period & Q(giver__kind__in=SOCIAL_COOPS))
        )
    earliest = min(start for start, _stop in periods.values())
    row = (
        Exchange.objects.confirmed()
        .filter(exchanged_on__gte=earliest, exchanged_on__lte=end)
        .aggregate(**aggregates)
    )
    labels = {"year": str(end.year), "twelve_months": "12"}
    figures = [
        PeriodFigures(
            label=labels[key],
            start=start,
            end=stop,
            value=row[f"{key}_value"],
            exchanges=row[f"{key}_count"],
            gifts=row[f"{key}_gifts"],
            received_by_coops=row[f"{key}_received"],
            given_by_coops=row[f"{key}_given"],
        )
        for key, (start, stop) in periods.items()
    ]
    listings = active_listings().aggregate(
        offers=Count("id", filter=Q(direction=Listing.Direction.OFFER)),
        requests=Count("id", filter=Q(direction=Listing.Direction.REQUEST)),
    )
    return {"periods": figures, "listings": listings}


# The company panel -------------------------------------------------------------------------------


def company_orders(company: Organisation, year: int) -> dict[str, object]:
    """The company's orders to work-integration cooperatives (type B, A+B) in `year`: exchanges
    where the company received and such a cooperative gave, worth something. Only those
    confirmed by both sides count; those waiting for a confirmation are shown apart."""
    orders = Exchange.objects.filter(
        receiver=company,
        giver__kind__in=WORK_INTEGRATION_COOPS,
        value__gt=0,
        exchanged_on__year=year,
    )
    confirmed = Q(giver_confirmed_at__isnull=False, receiver_confirmed_at__isnull=False)
    totals = orders.aggregate(
        confirmed_value=_money(Sum("value", filter=confirmed)),
        confirmed_count=Count("id", filter=confirmed),
        waiting_value=_money(Sum("value", filter=~confirmed)),
        waiting_count=Count("id", filter=~confirmed),
    )
    by_cooperative = list(
        orders.confirmed()
        .values("giver__name", "giver__kind")
        .annotate(total=Sum("value"), count=Count("id"))
        .order_by("-total", "giver__name")
    )
    return {
        "value": totals["confirmed_value"],
        "count": totals["confirmed_count"],
        "waiting_value": totals["waiting_value"],
        "waiting_count": totals["waiting_count"],
        "by_cooperative": by_cooperative,
    }
