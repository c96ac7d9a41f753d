"""Reusable reads of the network."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from ponte.network.models import (
    District,
    Membership,
    Municipality,
    Organisation,
    User,
    Valley,
)


def memberships_of(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def active_membership_for(
    memberships: Sequence[Membership], chosen_code: str | None
) -> Membership | None:
    for membership in memberships:
        if membership.code == chosen_code:
            return membership
    return memberships[0] if memberships else None


def current_district() -> District | None:
    return District.objects.first()


DIRECTORY_PAGE_SIZE = 24


def listed_organisations() -> QuerySet[Organisation]:
    """Organisations anyone may see: public and active."""
    return Organisation.objects.filter(is_public=True, is_active=True)


def directory_organisations(
    *,
    query: str = "",
    kind: str = "",
    valley: str = "",
    municipality: str = "",
    base: QuerySet[Organisation] | None = None,
) -> QuerySet[Organisation]:
    organisations = listed_organisations() if base is None else base
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(description__icontains=query)
        )
    if kind:
        organisations = organisations.filter(kind=kind)
    if valley:
        organisations = organisations.filter(municipality__valley__code=valley)
    if municipality:
        organisations = organisations.filter(municipality__istat_code=municipality)
    return organisations.select_related("municipality__valley").prefetch_related("sectors")


@dataclass(frozen=True)
class MapPoint:
    municipality: Municipality
    count: int
    x: float
    y: float
    radius: float


def map_points(
    organisations: QuerySet[Organisation], *, width: int = 640, height: int = 420, margin: int = 50
) -> list[MapPoint]:
    """Every municipality of the district, placed on a plane from its coordinates, with how many
    of the given organisations are there. Drawn as an SVG by the page: no tile server needed."""
    counts = dict(
        organisations.filter(municipality__isnull=False)
        .order_by()
        .values_list("municipality_id")
        .annotate(n=Count("id"))
    )
    municipalities = list(Municipality.objects.select_related("valley"))
    if not municipalities:
        return []
    lats = [m.latitude for m in municipalities]
    lons = [m.longitude for m in municipalities]
    # An equirectangular projection is exact enough over a few tens of kilometres; longitude
    # degrees are shortened by cos(latitude) ≈ 0.69 at 46° N.
    lon_scale = Decimal("0.69")
    span_x = max((max(lons) - min(lons)) * lon_scale, Decimal("0.01"))
    span_y = max(max(lats) - min(lats), Decimal("0.01"))
    scale = min((width - 2 * margin) / float(span_x), (height - 2 * margin) / float(span_y))
    points = []
    for m in municipalities:
        count = counts.get(m.pk, 0)
        points.append(
            MapPoint(
                municipality=m,
                count=count,
                x=round(margin + float((m.longitude - min(lons)) * lon_scale) * scale, 1),
                y=round(height - margin - float(m.latitude - min(lats)) * scale, 1),
                radius=4 if count == 0 else round(8 + 4 * min(count, 12) ** 0.5, 1),
            )
        )
    return points


def home_facts() -> dict[str, object]:
    """What the home page tells about the district: its members by kind, its valleys with their
    municipalities, and its funders."""
    listed = listed_organisations().select_related("municipality")
    members = [o for o in listed if o.relation == Organisation.Relation.MEMBER]
    funders = [o for o in listed if o.relation == Organisation.Relation.FUNDER]
    labels = dict(Organisation.Kind.choices)
    kinds: dict[str, list[Organisation]] = {}
    for organisation in members:
        kinds.setdefault(organisation.kind, []).append(organisation)
    members_by_kind = [
        {"kind": kind, "label": labels[kind], "organisations": kinds[kind]}
        for kind in Organisation.Kind.values
        if kind in kinds
    ]
    valleys = Valley.objects.prefetch_related("municipalities")
    return {
        "members_by_kind": members_by_kind,
        "member_count": len(members),
        "funders": funders,
        "valleys": valleys,
    }


def valley_labels(points: list[MapPoint]) -> list[dict[str, object]]:
    """Where to write each valley's name on the map: under the centre of its municipalities."""
    by_valley: dict[str, list[MapPoint]] = {}
    for point in points:
        by_valley.setdefault(point.municipality.valley.name, []).append(point)
    return [
        {
            "name": name,
            "x": round(sum(p.x for p in group) / len(group), 1),
            "y": round(max(p.y for p in group) + 30, 1),
        }
        for name, group in by_valley.items()
    ]


def users_with_memberships() -> QuerySet[User]:
    return User.objects.prefetch_related(
        "memberships__organisation"
    ).order_by("last_name", "first_name", "username")
