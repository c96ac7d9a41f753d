"""What the matching score needs to know about a person and about a place (an opening or a
service of the chain), loaded in a constant number of queries into plain frozen dataclasses.

The score itself (scoring.py) never touches the database: it works on these features, so that a
whole candidate pool can be ranked in memory and the same numbers can be tested without a
database.

Tokenising rule (the same for people, openings and services):

- every text is lowercased and its accents are stripped (Unicode NFKD, combining marks dropped),
  so that "Attività" and "attivita" are the same word;
- **skills** are comma-separated lists: the text is split on commas, semicolons, slashes and new
  lines, each part keeps only letters and digits, single-spaced ("Cucina, HACCP" → {"cucina",
  "haccp"}; "Uso del muletto." → {"uso del muletto"});
- a **person's** skills also count word by word (the words of the rule below), because people's
  skills are written as phrases ("Cucina di base") while openings ask for short ones ("cucina");
- **words** (interests, and the title, tasks and skills of a place) are the words of at least
  four letters that are not in STOP_WORDS (a short Italian and English list of function words and
  of words such as "lavoro" that every job description contains).
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.db.models import (
    F,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    TextField,
)
from django.db.models.functions import Cast, Coalesce

from ponte.core.text import fold
from ponte.openings.models import Opening
from ponte.pathways.models import Consent, Person, Placement, Service
from ponte.pathways.selectors import valid_consents

# A person with at least this many hours a week in accepted or active placements is placed full
# time and is not a candidate for anything else.
FULL_TIME_HOURS = 30
# The highest level of the default scale: an opening with minimum level m takes levels m..5.
TOP_LEVEL = 5
MIN_WORD_LENGTH = 4

# Italian function words of four letters or more, and words that every job description has.
_ITALIAN_STOP_WORDS = (
    "alla alle agli allo anche come dalla dalle dagli dallo degli della delle dello"
    " nella nelle negli nello sulla sulle sugli sullo questo questa questi queste quello quella"
    " quelli quelle essere avere fare sono molto poco troppo senza dove quando perche oppure"
    " ogni altro altra altri altre tutto tutta tutti tutte loro vorrebbe vuole piace"
    " lavoro lavori lavorare lavoratore lavoratrice attivita settimana giorni"
)
_ENGLISH_STOP_WORDS = (
    "with from that this these those have will would like into about work working able"
    " other some such than then there their they what when which while your"
)
STOP_WORDS = frozenset(f"{_ITALIAN_STOP_WORDS} {_ENGLISH_STOP_WORDS}".split())

_SKILL_SEPARATORS = re.compile(r"[,;/\n]+")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[a-z]+")


def normalise(text: str) -> str:
    """Lowercase without accents (core.text.fold)."""
    return fold(text)


@lru_cache(maxsize=8192)
def skill_tokens(text: str) -> frozenset[str]:
    """The skills of a comma-separated list, each single-spaced letters and digits."""
    parts = (
        _NOT_ALPHANUMERIC.sub(" ", part).strip()
        for part in _SKILL_SEPARATORS.split(normalise(text))
    )
    return frozenset(" ".join(part.split()) for part in parts if part)


@lru_cache(maxsize=8192)
def word_tokens(text: str) -> frozenset[str]:
    """The meaningful words of a free text (interests, titles, tasks)."""
    words = _WORD.findall(normalise(text))
    return frozenset(w for w in words if len(w) >= MIN_WORD_LENGTH and w not in STOP_WORDS)


@lru_cache(maxsize=8192)
def person_skill_tokens(text: str) -> frozenset[str]:
    """A person's skills as phrases and as words, so that "cucina di base" covers "cucina"."""
    return skill_tokens(text) | word_tokens(text)


@dataclass(frozen=True, slots=True)
class PersonFeatures:
    """The functional profile the score reads: never identity, diagnoses or the diary."""

    pk: int
    code: str
    level: int
    skills: frozenset[str]
    interests: frozenset[str]
    latitude: float
    longitude: float
    municipality_name: str
    valley_id: int
    own_transport: bool
    driving_licence: bool
    hours_per_week: int | None
    days: frozenset[int]  # 0 = Monday; empty = not recorded
    waiting_days: int
    occupied_hours: int


@dataclass(frozen=True, slots=True)
class PlaceFeatures:
    """An opening or a service of the chain, as the score sees it."""

    kind: str  # "opening" | "service"
    pk: int
    code: str
    title: str
    min_level: int
    levels: frozenset[int]
    skills: frozenset[str]
    words: frozenset[str]
    latitude: float
    longitude: float
    municipality_name: str
    hours_per_week: int | None  # None: no fixed hours (services)
    days: frozenset[int]  # empty: any day


OPENING = "opening"
SERVICE = "service"


# People ---------------------------------------------------------------------------------------


def candidate_pool(people: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """People who can be proposed for something: pathway open and not placed full time (less
    than FULL_TIME_HOURS a week in accepted or active placements)."""
    people = Person.objects.all() if people is None else people
    full_time = (
        Placement.objects.filter(status__in=Placement.OCCUPYING)
        .order_by()
        .values("person_id")
        .annotate(hours=Sum("hours_per_week"))
        .filter(hours__gte=FULL_TIME_HOURS)
        .values("person_id")
    )
    return people.filter(status=Person.Status.OPEN).exclude(pk__in=full_time)


def with_sharing_consent(people: QuerySet[Person], on: date | None = None) -> QuerySet[Person]:
    """Only people whose consent to share the functional profile with companies is in force
    (docs/privacy.md, "Consents": without it a candidate does not appear in a company's lists)."""
    consenting = valid_consents(on).filter(purpose=Consent.Purpose.COMPANIES)
    return people.filter(pk__in=consenting.values("person_id"))


PERSON_FIELDS = (
    "pk",
    "code",
    "level__number",
    "skills",
    "interests",
    "latitude",
    "longitude",
    "municipality__name",
    "municipality__valley_id",
    "own_transport",
    "driving_licence",
    "hours_per_week",
    "days_json",
    "opened_on",
    "last_end",
    "occupied",
)


def people_features(people: QuerySet[Person], on: date | None = None) -> list[PersonFeatures]:
    """The features of the people of a queryset, in one query: the end of the last ended
    placement and the hours already taken are correlated subqueries, not one query per row."""
    ended = (
        Placement.objects.filter(person_id=OuterRef("pk"), status=Placement.Status.ENDED)
        .annotate(end=Coalesce("actual_end", "planned_end"))
        .order_by(F("end").desc())
        .values("end")[:1]
    )
    occupied = (
        Placement.objects.filter(person_id=OuterRef("pk"), status__in=Placement.OCCUPYING)
        .order_by()
        .values("person_id")
        .annotate(hours=Sum("hours_per_week"))
        .values("hours")[:1]
    )
    rows = people.annotate(
        last_end=Subquery(ended),
        occupied=Coalesce(Subquery(occupied, output_field=IntegerField()), 0),
        # Floats and the JSON text straight from the database: converting thousands of
        # Decimals and JSON values one by one is most of the time of a large pool.
        latitude=Cast("municipality__latitude", FloatField()),
        longitude=Cast("municipality__longitude", FloatField()),
        days_json=Cast("available_days", TextField()),
    ).values(*PERSON_FIELDS)
    day = on or date.today()
    return [_person(row, day) for row in rows]


def _person(row: dict[str, Any], day: date) -> PersonFeatures:
    return PersonFeatures(
        pk=row["pk"],
        code=row["code"],
        level=row["level__number"],
        skills=person_skill_tokens(row["skills"]),
        interests=word_tokens(row["interests"]),
        latitude=row["latitude"],
        longitude=row["longitude"],
        municipality_name=row["municipality__name"],
        valley_id=row["municipality__valley_id"],
        own_transport=row["own_transport"],
        driving_licence=row["driving_licence"],
        hours_per_week=row["hours_per_week"],
        days=_days_from_json(row["days_json"]),
        waiting_days=waiting_days(row["opened_on"], row["last_end"], day),
        occupied_hours=row["occupied"] or 0,
    )


def waiting_days(opened_on: date | None, last_end: date | None, day: date) -> int:
    """Days since the person was last without a place to wait for: since the pathway opened or
    the last placement ended, whichever is later (0 when neither is known)."""
    since = max((d for d in (opened_on, last_end) if d is not None), default=None)
    return max(0, (day - since).days) if since is not None else 0


@lru_cache(maxsize=1024)
def _days_from_json(text: str | None) -> frozenset[int]:
    """Weekdays from the JSON text of a list (a pool has only a few distinct ones)."""
    try:
        return _days(json.loads(text)) if text else frozenset()
    except ValueError:
        return frozenset()


def _days(value: Any) -> frozenset[int]:
    """Weekdays from a JSON list, ignoring anything that is not 0–6."""
    if not isinstance(value, list):
        return frozenset()
    return frozenset(d for d in value if isinstance(d, int) and 0 <= d <= 6)


# Places ---------------------------------------------------------------------------------------

OPENING_FIELDS = (
    "pk",
    "code",
    "title",
    "tasks",
    "skills",
    "min_level__number",
    "municipality__latitude",
    "municipality__longitude",
    "municipality__name",
    "hours_per_week",
    "days",
)


def openings_features(openings: QuerySet[Opening]) -> list[PlaceFeatures]:
    """The features of the openings of a queryset, in one query."""
    return [_opening(row) for row in openings.values(*OPENING_FIELDS)]


def opening_features(opening: Opening) -> PlaceFeatures:
    """One opening's features, read afresh (one query)."""
    return openings_features(Opening.objects.filter(pk=opening.pk))[0]


def _opening(row: dict[str, Any]) -> PlaceFeatures:
    minimum = row["min_level__number"]
    return PlaceFeatures(
        kind=OPENING,
        pk=row["pk"],
        code=row["code"],
        title=row["title"],
        min_level=minimum,
        levels=frozenset(range(minimum, TOP_LEVEL + 1)),
        skills=skill_tokens(row["skills"]),
        words=_words(row["title"], row["tasks"], row["skills"]),
        latitude=float(row["municipality__latitude"]),
        longitude=float(row["municipality__longitude"]),
        municipality_name=row["municipality__name"],
        hours_per_week=row["hours_per_week"],
        days=_days(row["days"]),
    )


SERVICE_FIELDS = (
    "pk",
    "code",
    "name",
    "description",
    "levels__number",
    "municipality__latitude",
    "municipality__longitude",
    "municipality__name",
)


def services_features(services: QuerySet[Service]) -> list[PlaceFeatures]:
    """The features of the services of a queryset, in one query: one row per level served,
    folded back into one service each, in the queryset's order."""
    rows: dict[int, dict[str, Any]] = {}
    levels: dict[int, set[int]] = {}
    for row in services.values(*SERVICE_FIELDS):
        rows.setdefault(row["pk"], row)
        served = levels.setdefault(row["pk"], set())
        if row["levels__number"] is not None:
            served.add(row["levels__number"])
    return [_service(row, frozenset(levels[pk])) for pk, row in rows.items()]


def service_features(service: Service) -> PlaceFeatures:
    """One service's features, read afresh (one query)."""
    return services_features(Service.objects.filter(pk=service.pk))[0]


def _service(row: dict[str, Any], levels: frozenset[int]) -> PlaceFeatures:
    return PlaceFeatures(
        kind=SERVICE,
        pk=row["pk"],
        code=row["code"],
        title=row["name"],
        min_level=min(levels, default=0),
        levels=levels,
        skills=frozenset(),
        words=_words(row["name"], row["description"]),
        latitude=float(row["municipality__latitude"]),
        longitude=float(row["municipality__longitude"]),
        municipality_name=row["municipality__name"],
        hours_per_week=None,
        days=frozenset(),
    )


def _words(*texts: str) -> frozenset[str]:
    return frozenset().union(*(word_tokens(text) for text in texts))
