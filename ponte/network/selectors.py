"""Reusable reads of the network."""

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, TextField, Window
from django.db.models.functions import Cast, RowNumber
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ponte.core.cache import data_version
from ponte.core.exports import neutralised
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


def organisations_where(user: User, role: str | None = None) -> QuerySet[Membership, Any]:
    """The ids of the organisations where the user holds an active membership (in `role`, if
    given), as a subquery: the rights a role grants last only while it is active."""
    memberships = Membership.objects.filter(
        user_id=user.pk, is_active=True, user__is_active=True, organisation__is_active=True
    )
    if role is not None:
        memberships = memberships.filter(role=role)
    return memberships.values("organisation_id")


def active_membership_for(
    memberships: Sequence[Membership], chosen_code: str | None
) -> Membership | None:
    for membership in memberships:
        if membership.code == chosen_code:
            return membership
    return memberships[0] if memberships else None


def public_version(request: HttpRequest | None = None) -> str:
    """Changes whenever anything shown on the public pages changes (see core.cache). Computed
    once per request."""
    organisations, districts = Organisation._meta.db_table, District._meta.db_table
    return data_version(
        request,
        "public",
        f"SELECT MAX(updated_at) FROM {organisations}",  # noqa: S608 - the models' own tables
        f"SELECT COUNT(*) FROM {organisations}",  # noqa: S608
        f"SELECT MAX(updated_at) FROM {districts}",  # noqa: S608
        f"SELECT COUNT(*) FROM {Municipality._meta.db_table}",  # noqa: S608
    )


def current_district(request: HttpRequest | None = None) -> District | None:
    """The district of this instance; shown on every page, so cached until it changes."""
    if request is None:
        return District.objects.first()
    key = f"district:{public_version(request)}"
    district: District | None = cache.get(key)
    if district is None:
        district = District.objects.first()
        cache.set(key, district, 60 * 60)
    return district


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
    relation: str = "",
) -> QuerySet[Organisation]:
    """Listed organisations matching the directory's filters; members unless `relation` asks
    for funders, partners or "all"."""
    organisations = listed_organisations()
    if relation != "all":
        organisations = organisations.filter(relation=relation or Organisation.Relation.MEMBER)
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


HOME_NAMES_PER_KIND = 6


def home_facts() -> dict[str, object]:
    """What the home page tells about the district: its members by kind (a few names per kind,
    the rest behind a link to the directory), its valleys with their municipalities, its funders.
    A fixed number of queries, whatever the size of the network."""
    members = listed_organisations().filter(relation=Organisation.Relation.MEMBER)
    counts = dict(members.order_by().values_list("kind").annotate(n=Count("id")))
    first_names = (
        members.select_related("municipality")
        .annotate(rank=Window(RowNumber(), partition_by=F("kind"), order_by=F("name").asc()))
        .filter(rank__lte=HOME_NAMES_PER_KIND)
        .order_by("name")
    )
    by_kind: dict[str, list[Organisation]] = {}
    for organisation in first_names:
        by_kind.setdefault(organisation.kind, []).append(organisation)
    labels = dict(Organisation.Kind.choices)
    members_by_kind = [
        {
            "kind": kind,
            "label": labels[kind],
            "count": counts[kind],
            "organisations": by_kind.get(kind, []),
            "more": counts[kind] - len(by_kind.get(kind, [])),
        }
        for kind in Organisation.Kind.values
        if kind in counts
    ]
    funders = listed_organisations().filter(relation=Organisation.Relation.FUNDER)
    return {
        "members_by_kind": members_by_kind,
        "member_count": sum(counts.values()),
        "funders": funders.order_by("name")[:20],
        "valleys": Valley.objects.prefetch_related("municipalities"),
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
    return User.objects.prefetch_related("memberships__organisation").order_by(
        "last_name", "first_name", "username"
    )


# The actions of django-auditlog (LogEntry.Action), as the trail names them.
AUDIT_ACTIONS = [
    (LogEntry.Action.CREATE, _("Created")),
    (LogEntry.Action.UPDATE, _("Changed")),
    (LogEntry.Action.DELETE, _("Deleted")),
    (LogEntry.Action.ACCESS, _("Read")),
]


def audit_kinds() -> list[tuple[str, str]]:
    """The kinds of record the trail holds (every model auditlog watches, and the trail itself
    for its exports), as ("app.model",
    verbose name) pairs sorted by name, for the filter."""
    kinds = ContentType.objects.get_for_models(*auditlog.get_models(), LogEntry).values()
    return sorted(
        ((f"{kind.app_label}.{kind.model}", str(kind.name).capitalize()) for kind in kinds),
        key=lambda pair: pair[1],
    )


def audit_entries(
    *,
    person: str = "",
    username: str = "",
    kind: str = "",
    action: int | None = None,
    since: date | None = None,
    until: date | None = None,
    text: str = "",
) -> QuerySet[LogEntry]:
    """The audit trail, newest first, filtered. `person` is a pseudonymous code: every record
    about a person names them by code (Person.__str__ and those of its records), so the code is
    looked for in the record's name; `text` also looks in the changed fields and values (masked
    for identity and free text when they were recorded)."""
    entries: QuerySet[LogEntry] = LogEntry.objects.select_related("actor", "content_type").order_by(
        "-timestamp", "-id"
    )
    if person:
        entries = entries.filter(object_repr__icontains=person)
    if username:
        entries = entries.filter(actor__username__iexact=username)
    if kind:
        app_label, _dot, model = kind.partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model)
    if action is not None:
        entries = entries.filter(action=action)
    if since:
        entries = entries.filter(timestamp__date__gte=since)
    if until:
        entries = entries.filter(timestamp__date__lte=until)
    if text:
        entries = entries.annotate(changes_as_text=Cast("changes", TextField())).filter(
            Q(object_repr__icontains=text)
            | Q(changes_as_text__icontains=text)
            | Q(actor__username__icontains=text)
        )
    return entries


class _Echo:
    """A file-like object whose write() returns the line: csv.writer then makes one line at a
    time for a streamed response."""

    def write(self, value: str) -> str:
        return value


def audit_csv(entries: QuerySet[LogEntry]) -> Iterator[str]:
    """The entries as CSV lines, with a header, read in chunks so that a long trail is never
    held in memory at once. Excel reads the BOM as "this is UTF-8"."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(
        [
            _("When"),
            _("Who"),
            _("Action"),
            _("Kind of record"),
            pgettext_lazy("audit trail", "Record"),
            _("Fields"),
        ]
    )
    labels = dict(AUDIT_ACTIONS)
    for entry in entries.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                timezone.localtime(entry.timestamp).strftime("%d/%m/%Y %H:%M:%S"),
                neutralised(entry.actor.username if entry.actor else ""),
                str(labels.get(entry.action, entry.action)),
                str(entry.content_type.name).capitalize(),
                neutralised(entry.object_repr),
                neutralised(", ".join(entry.changes_dict)),
            ]
        )
