"""Public reads, with no token: the same selectors as the public pages, so the same rules
(organisations public and active; listings public, open, not expired; open openings without
their tutor; open indicators with small counts suppressed)."""

from enum import Enum
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_noop as N_
from ninja import Field, Path, Query, Router, Schema

from ponte.api.api import ERRORS_PUBLIC, ERRORS_PUBLIC_ONE, Code, Paging, page_of
from ponte.api.schemas import (
    ErrorOut,
    ListingCategory,
    ListingDirection,
    ListingMode,
    ListingPage,
    OpeningKind,
    OpeningOut,
    OpeningPage,
    OrganisationKind,
    OrganisationOut,
    OrganisationPage,
    OrganisationRelation,
)
from ponte.marketplace.access import listings_browsable_by
from ponte.marketplace.selectors import browse_listings, catalogue_offers
from ponte.network.access import get_organisation_for_user
from ponte.network.models import Organisation
from ponte.network.selectors import directory_organisations
from ponte.openings.access import get_opening_for_user
from ponte.openings.models import Opening
from ponte.openings.selectors import open_openings
from ponte.reports.opendata import open_indicators

router = Router(tags=["public"])


def _value(choice: Enum | None) -> str:
    return str(choice.value) if choice is not None else ""


class OrganisationFilters(Schema):
    q: str = Field("", max_length=100, description=N_("In the name or the description"))
    kind: OrganisationKind | None = None
    valley: str = Field("", pattern=r"^([-a-z0-9_]{1,40})?$", description=N_("A valley's code"))
    municipality: str = Field("", pattern=r"^(\d{6})?$", description=N_("An ISTAT code"))
    relation: OrganisationRelation | None = Field(
        None, description=N_("Members unless asked for another relation")
    )


@router.get(
    "/organisations",
    response={200: OrganisationPage, ERRORS_PUBLIC: ErrorOut},
    summary=N_("Organisations of the public directory"),
)
def organisations(
    request: HttpRequest, filters: Query[OrganisationFilters], paging: Query[Paging]
) -> dict[str, Any]:
    found = directory_organisations(
        query=filters.q.strip(),
        kind=_value(filters.kind),
        valley=filters.valley,
        municipality=filters.municipality,
        relation=_value(filters.relation),
    ).order_by("name", "pk")
    return page_of(found, paging)


@router.get(
    "/organisations/{code}",
    response={200: OrganisationOut, ERRORS_PUBLIC_ONE: ErrorOut},
    summary=N_("One organisation of the public directory"),
)
def organisation(request: HttpRequest, code: Code) -> Organisation:
    return get_organisation_for_user(request, code)


class ListingFilters(Schema):
    q: str = Field("", max_length=100, description=N_("Every word in the title or description"))
    direction: ListingDirection | None = None
    mode: ListingMode | None = None
    category: ListingCategory | None = None
    valley: str = Field("", pattern=r"^([-a-z0-9_]{1,40})?$", description=N_("A valley's code"))
    kind: OrganisationKind | None = Field(None, description=N_("The organisation's kind"))


@router.get(
    "/listings",
    response={200: ListingPage, ERRORS_PUBLIC: ErrorOut},
    summary=N_("Public listings of the solidarity marketplace (open, not expired)"),
)
def listings(
    request: HttpRequest, filters: Query[ListingFilters], paging: Query[Paging]
) -> dict[str, Any]:
    found = browse_listings(
        listings_browsable_by(request),
        query=filters.q,
        direction=_value(filters.direction),
        mode=_value(filters.mode),
        category=_value(filters.category),
        valley=filters.valley,
        kind=_value(filters.kind),
    )
    return page_of(found, paging)


class CatalogueFilters(Schema):
    q: str = Field("", max_length=100, description=N_("Every word in the title or description"))
    category: ListingCategory | None = None
    cooperatives: bool = Field(False, description=N_("Only the social cooperatives' offers"))


@router.get(
    "/catalogue",
    response={200: ListingPage, ERRORS_PUBLIC: ErrorOut},
    summary=N_("The public catalogue: public offers of the organisations in the directory"),
)
def catalogue(
    request: HttpRequest, filters: Query[CatalogueFilters], paging: Query[Paging]
) -> dict[str, Any]:
    found = catalogue_offers(
        category=_value(filters.category), cooperatives=filters.cooperatives, query=filters.q
    ).select_related("organisation", "municipality__valley")
    return page_of(found, paging)


class OpeningFilters(Schema):
    q: str = Field("", max_length=100, description=N_("In the title, the tasks and the skills"))
    kind: OpeningKind | None = None
    valley: str = Field("", pattern=r"^([-a-z0-9_]{1,40})?$", description=N_("A valley's code"))
    municipality: str = Field("", pattern=r"^(\d{6})?$", description=N_("An ISTAT code"))


@router.get(
    "/openings",
    response={200: OpeningPage, ERRORS_PUBLIC: ErrorOut},
    summary=N_("Open openings (internships and jobs), without personal data"),
)
def openings(
    request: HttpRequest, filters: Query[OpeningFilters], paging: Query[Paging]
) -> dict[str, Any]:
    found = open_openings(
        query=filters.q.strip(),
        kind=_value(filters.kind),
        valley=filters.valley,
        municipality=filters.municipality,
    )
    return page_of(found, paging)


@router.get(
    "/openings/{code}",
    response={200: OpeningOut, ERRORS_PUBLIC_ONE: ErrorOut},
    summary=N_("One open opening, without personal data"),
)
def opening(request: HttpRequest, code: Code) -> Opening:
    return get_opening_for_user(request, code)


class IndicatorOut(Schema):
    key: str
    title: str
    dimension: str
    dimension_label: str
    unit: str
    definition: str
    columns: list[str]
    rows: list[list[str | int | float | None]] = Field(
        description='The first cell names the row; counts below the threshold are "<5"'
    )


class IndicatorsOut(Schema):
    period: dict[str, int | str]
    statistics_consent_only: bool
    suppression: dict[str, int | str]
    indicators: list[IndicatorOut]


@router.get(
    "/indicators/{year}",
    response={200: IndicatorsOut, ERRORS_PUBLIC_ONE: ErrorOut},
    summary=N_("Open indicators of a complete calendar year"),
)
def indicators(request: HttpRequest, year: Path[int]) -> dict[str, Any]:
    return open_indicators(year)
