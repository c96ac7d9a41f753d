"""The pathways' part of the large synthetic data set (`manage.py seed_scale`): people with
their referrals, consents, an assessment with twelve item scores, a plan, level changes,
placements in services of the synthetic cooperatives, follow-ups, diary notes and about the
requested number of attendance rows; and open openings in the synthetic companies and
cooperatives, asking for the skills the people have, for the matching benchmark.

Rows are written in bulk: bulk_create where the new ids are needed, and plain multi-row inserts
(COPY on PostgreSQL) for the large tables. Nothing goes through services.py, so nothing here is
audited or validated one row at a time; the rules still hold by construction: places are never
exceeded, every person's level is the last of their level history, pseudonymous codes are unique.
"""

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from ponte.core.codes import random_code
from ponte.network.models import Membership, Municipality, Organisation, Role, User
from ponte.openings.models import Opening
from ponte.pathways.demo import FIRST_NAMES, INTERESTS, LAST_NAMES, SKILLS
from ponte.pathways.models import (
    Assessment,
    Attendance,
    Consent,
    DiaryNote,
    FollowUp,
    Goal,
    Instrument,
    Item,
    ItemScore,
    Level,
    LevelChange,
    Person,
    Placement,
    Plan,
    Referral,
    Service,
)
from ponte.pathways.services.assessments import suggested_level

BATCH = 5000
# The demo case worker the benchmark signs in as: a realistic caseload of synthetic people.
BENCH_USER = "operatore.oltre"
BENCH_ORGANISATION = "Cooperativa sociale Oltre"
BENCH_CASELOAD = 40
PEOPLE_PER_WORKER = 60

COOPERATIVES = (
    Organisation.Kind.SOCIAL_COOP_A,
    Organisation.Kind.SOCIAL_COOP_B,
    Organisation.Kind.SOCIAL_COOP_AB,
)
STATUS_WEIGHTS = {
    Person.Status.OPEN: 85,
    Person.Status.REFERRED: 9,
    Person.Status.DECLINED: 2,
    Person.Status.CLOSED: 4,
}
LEVEL_WEIGHTS = {0: 10, 1: 20, 2: 25, 3: 20, 4: 15, 5: 10}
SERVICE_KINDS: dict[str, list[int]] = {
    Service.Kind.PRE_WORK: [0, 1],
    Service.Kind.LABORATORY: [0, 1],
    Service.Kind.TRAINING: [1, 2],
    Service.Kind.COOP_INTERNSHIP: [1, 2, 3],
    Service.Kind.USEFUL_WORK: [1, 2],
    Service.Kind.JOB_COACHING: [3, 4, 5],
}
SCORE_SUMS = {1: (14, 21), 2: (22, 31), 3: (32, 40), 4: (41, 50), 5: (51, 58)}
# Openings: their titles, tasks and skills use the words of the people's skills and interests
# (demo.SKILLS, demo.INTERESTS), so that the matching finds what it would find in a district.
OPENING_TEMPLATES: list[tuple[str, str, list[str]]] = [
    (
        "Aiuto cuoco",
        "Preparazione dei pasti e lavaggio delle stoviglie: ristorazione per gli alberghi.",
        ["cucina", "HACCP", "pulizie"],
    ),
    (
        "Addetto di sala",
        "Servizio ai tavoli in sala, ristorazione e accoglienza dei clienti.",
        ["cassa", "HACCP"],
    ),
    (
        "Addetto lavanderia",
        "Lavanderia per gli alberghi della valle: lavaggio, stiro e piegatura.",
        ["lavanderia", "stiro", "pulizie"],
    ),
    (
        "Aiuto magazziniere",
        "Carico e scarico merci, ordine del magazzino: un lavoro tranquillo, senza pubblico.",
        ["magazzino", "muletto", "computer"],
    ),
    (
        "Operaio del verde",
        "Lavoro all'aperto: sfalcio, potature e cura del giardino.",
        ["giardino", "patente B", "manutenzione"],
    ),
    (
        "Addetto alle pulizie",
        "Pulizie di uffici e spazi comuni in un ambiente tranquillo, senza pubblico.",
        ["pulizie"],
    ),
    (
        "Aiuto in stalla",
        "Cura degli animali e lavoro all'aperto in un'azienda agricola.",
        ["animali", "patente B"],
    ),
    (
        "Addetto vendita",
        "Commercio al dettaglio: vendita, cassa e rapporto con i clienti.",
        ["cassa", "computer"],
    ),
    (
        "Addetto archivio",
        "Archiviazione e inserimento dati al computer in un ufficio tranquillo.",
        ["computer", "archiviazione"],
    ),
    (
        "Aiuto falegname",
        "Artigianato: falegnameria e piccola manutenzione, lavori manuali.",
        ["falegnameria", "manutenzione"],
    ),
    (
        "Addetto ai piani",
        "Turismo: riassetto delle camere degli alberghi, pulizie e lavanderia.",
        ["pulizie", "lavanderia"],
    ),
]
OPENING_DAYS = [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4, 5], [0, 2, 4], [1, 3], [5, 6], [0, 1, 2]]
OPENING_HOSTS = (Organisation.Kind.COMPANY, *COOPERATIVES)
DIARY = [
    "Colloquio di verifica con la persona.",
    "Telefonata con il tutor: settimana regolare.",
    "Incontro con il servizio inviante.",
    "Concordato un aumento dell'orario.",
]


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--people", type=int, default=10000, help="synthetic people in pathways")
    parser.add_argument(
        "--attendance", type=int, default=1000000, help="attendance rows (about) to add"
    )
    parser.add_argument("--openings", type=int, default=1000, help="synthetic open openings")


# Writing in bulk ------------------------------------------------------------------------------


def batched(rows: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert plain rows (values in the order of `fields`, attribute names) without building
    model instances: COPY on PostgreSQL, multi-row executemany elsewhere."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        for batch in batched(rows):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def unique_codes(
    n: int, make: Any, taken: Iterable[str], rng: random.Random | None = None
) -> list[str]:
    """n codes from `make()` that collide neither with each other nor with `taken`: random codes
    drawn in bulk do collide (four characters: about 50 pairs among 10,000 people)."""
    seen = set(taken)
    codes: list[str] = []
    if len(seen) + n > 200_000 and len(make()) <= 7:
        raise ValueError("too many people for four-character codes")
    while len(codes) < n:
        code = make()
        if code not in seen:
            seen.add(code)
            codes.append(code)
    return codes


# The data set ---------------------------------------------------------------------------------


@dataclass
class Story:
    """One synthetic person's pathway, decided in memory before anything is written."""

    status: str
    level: int
    organisation_id: int
    case_manager_id: int | None
    referred_on: date
    opened_on: date | None
    assessed_on: date | None = None
    assessed_level: int | None = None
    placements: list[dict[str, Any]] = field(default_factory=list)
    changes: list[tuple[date, int | None, int, str]] = field(default_factory=list)

    @property
    def manager(self) -> int:
        """The case manager of a person taken in."""
        assert self.case_manager_id is not None
        return self.case_manager_id


@dataclass
class Setting:
    rng: random.Random
    today: date
    levels: dict[int, int]
    items: list[int]
    instrument_id: int
    workers: dict[int, list[int]]  # organisation → case workers
    organisations: list[int]  # the cooperatives with case workers
    services: list[Service]
    free: dict[int, int]
    by_level: dict[int, list[Service]]


@transaction.atomic
def seed(
    *,
    stdout: TextIO,
    people: int = 10000,
    attendance: int = 1000000,
    openings: int = 1000,
    **_options: Any,
) -> None:
    if people <= 0:
        return
    started = timezone.now()
    rng = random.Random(20261127)  # noqa: S311 - reproducible synthetic data, not security
    today = date.today()
    cooperatives = list(
        Organisation.objects.filter(kind__in=COOPERATIVES, is_active=True).order_by("pk")
    )
    bodies = list(
        Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY).order_by("pk")[:200]
    )
    if not cooperatives or not bodies:
        stdout.write("Pathways: no cooperatives or public bodies to work with (run seed_demo).")
        return
    workers = _case_workers(rng, cooperatives, max(5, people // PEOPLE_PER_WORKER))
    referrers = _referrers(bodies)
    services = _services(rng, cooperatives, people)
    setting = Setting(
        rng=rng,
        today=today,
        levels=dict(Level.objects.values_list("number", "pk")),
        items=list(
            Item.objects.filter(area__instrument__is_default=True).values_list("pk", flat=True)
        ),
        instrument_id=Instrument.objects.get(is_default=True).pk,
        workers=workers,
        organisations=sorted(workers),
        services=services,
        free={s.pk: s.places for s in services},
        by_level={n: [s for s in services if n in SERVICE_KINDS[s.kind]] for n in LEVEL_WEIGHTS},
    )
    stories = [_story(setting, i) for i in range(people)]
    _bench_caseload(stories)
    _attendance_days(setting, stories, attendance)
    written = _write(setting, stories, referrers)
    opened = _openings(openings, creators=[pk for pks in workers.values() for pk in pks])
    seconds = (timezone.now() - started).total_seconds()
    stdout.write(
        f"Pathways: {people} synthetic people, {len(services)} services, "
        f"{written['placements']} placements, {written['attendance']} attendance rows, "
        f"{written['level_changes']} level changes, {opened} openings in {seconds:.0f} s."
    )


def _case_workers(
    rng: random.Random, cooperatives: list[Organisation], n: int
) -> dict[int, list[int]]:
    """n synthetic case workers (no usable password), two per cooperative. The demo's case
    workers get no synthetic people here, except the benchmark's caseload (_bench_caseload)."""
    start = User.objects.filter(username__startswith="sintetico.operatore.").count()
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"sintetico.operatore.{start + i:05d}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                email=f"sintetico.operatore.{start + i:05d}@example.org",
                password=password,
            )
            for i in range(n)
        ],
        batch_size=BATCH,
    )
    employers = [cooperatives[(i // 2) % len(cooperatives)] for i in range(n)]
    Membership.objects.bulk_create(
        [
            Membership(user=user, organisation=org, role=Role.CASE_WORKER)
            for user, org in zip(users, employers, strict=True)
        ],
        batch_size=BATCH,
    )
    workers: dict[int, list[int]] = {}
    for user, organisation in zip(users, employers, strict=True):
        workers.setdefault(organisation.pk, []).append(user.pk)
    return workers


def _referrers(bodies: list[Organisation]) -> dict[int, int]:
    """A referrer per public body: the demo ones where they exist, else one synthetic each."""
    existing = dict(
        Membership.objects.filter(role=Role.REFERRER, organisation__in=bodies).values_list(
            "organisation_id", "user_id"
        )
    )
    missing = [body for body in bodies if body.pk not in existing]
    start = User.objects.filter(username__startswith="sintetico.inviante.").count()
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(username=f"sintetico.inviante.{start + i:05d}", password=password)
            for i in range(len(missing))
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=user, organisation=body, role=Role.REFERRER)
            for user, body in zip(users, missing, strict=True)
        ]
    )
    existing.update({body.pk: user.pk for user, body in zip(users, missing, strict=True)})
    return existing


def _services(rng: random.Random, cooperatives: list[Organisation], people: int) -> list[Service]:
    municipalities = list(Municipality.objects.values_list("pk", flat=True))
    kinds = list(SERVICE_KINDS)
    n = max(20, people // 15)
    created = Service.objects.bulk_create(
        [
            Service(
                provider=cooperatives[i % len(cooperatives)],
                name=f"Servizio sintetico {i:05d}",
                kind=kinds[i % len(kinds)],
                places=rng.randint(6, 16),
                schedule="Lunedì–venerdì",
                municipality_id=rng.choice(municipalities),
            )
            for i in range(n)
        ],
        batch_size=BATCH,
    )
    levels = dict(Level.objects.values_list("number", "pk"))
    through = Service.levels.through
    through.objects.bulk_create(
        [
            through(service_id=s.pk, level_id=levels[number])
            for s in created
            for number in SERVICE_KINDS[s.kind]
        ],
        batch_size=BATCH,
    )
    return created


def _story(s: Setting, index: int) -> Story:
    rng = s.rng
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    organisation_id = rng.choice(s.organisations)
    referred_on = s.today - timedelta(days=rng.randint(3, 1500))
    if status in (Person.Status.REFERRED, Person.Status.DECLINED):
        if status == Person.Status.REFERRED:
            referred_on = s.today - timedelta(days=rng.randint(1, 40))
        return Story(status, 0, organisation_id, None, referred_on, None)
    level = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
    story = Story(
        status=status,
        level=level,
        organisation_id=organisation_id,
        case_manager_id=rng.choice(s.workers[organisation_id]),
        referred_on=referred_on,
        opened_on=referred_on + timedelta(days=rng.randint(3, 20)),
    )
    # The kinds of placement: an earlier one ended, and a current one.
    hired = level >= 4
    if hired or rng.random() < 0.55:
        story.placements.append(
            {
                "status": Placement.Status.ENDED,
                "level": min(level, 3) if hired else level,
                "outcome": Placement.Outcome.HIRED
                if hired
                else rng.choices(["completed", "interrupted"], weights=[75, 25])[0],
            }
        )
    if status == Person.Status.OPEN:
        draw = rng.random()
        current = (
            Placement.Status.ACTIVE
            if draw < (0.2 if level == 5 else 0.5)
            else Placement.Status.ACCEPTED
            if draw < 0.56
            else Placement.Status.PROPOSED
            if draw < 0.62
            else None
        )
        if current:
            story.placements.append({"status": current, "level": level, "outcome": ""})
    return story


def _bench_caseload(stories: list[Story]) -> None:
    """A realistic caseload for the case worker `make bench` signs in as."""
    user = User.objects.filter(username=BENCH_USER).first()
    organisation = Organisation.objects.filter(name=BENCH_ORGANISATION).first()
    if user is None or organisation is None:
        return
    open_stories = [story for story in stories if story.status == Person.Status.OPEN]
    for story in open_stories[:BENCH_CASELOAD]:
        story.case_manager_id = user.pk
        story.organisation_id = organisation.pk


def _attendance_days(s: Setting, stories: list[Story], target: int) -> None:
    """Lay each story out in time so that the active and ended placements add up to about
    `target` weekdays of attendance; then the dates of everything else follow."""
    attending = [
        p
        for story in stories
        for p in story.placements
        if p["status"] in (Placement.Status.ACTIVE, Placement.Status.ENDED)
    ]
    average = target / len(attending) if attending else 0
    remaining = target
    for i, placement in enumerate(attending):
        left = len(attending) - i
        days = round(s.rng.uniform(0.5, 1.5) * average) if left > 1 else remaining
        days = max(1, min(days, remaining - (left - 1), 750))
        placement["weekdays"] = days
        remaining -= days
    for story in stories:
        if story.opened_on is None:
            continue
        # Backwards from today: the current placement, a gap, the earlier one, the assessment.
        cursor = s.today
        for placement in reversed(story.placements):
            weekdays = placement.get("weekdays", 0)
            span = timedelta(days=weekdays * 7 // 5 + 1)
            if placement["status"] == Placement.Status.ACTIVE:
                placement["start"] = cursor - span
                placement["end"] = None
            elif placement["status"] == Placement.Status.ENDED:
                placement["end"] = cursor - timedelta(days=s.rng.randint(10, 60))
                placement["start"] = placement["end"] - span
            else:  # proposed or accepted: starting soon
                placement["start"] = s.today + timedelta(days=s.rng.randint(5, 40))
                placement["end"] = None
                continue
            cursor = placement["start"]
        assessed = cursor - timedelta(days=s.rng.randint(10, 30))
        if story.opened_on > assessed - timedelta(days=10):
            story.opened_on = assessed - timedelta(days=s.rng.randint(10, 40))
            story.referred_on = story.opened_on - timedelta(days=s.rng.randint(3, 20))
        if story.placements or story.level > 0 or s.rng.random() < 0.5:
            story.assessed_on = assessed
            hired = any(p["outcome"] == Placement.Outcome.HIRED for p in story.placements)
            story.assessed_level = min(story.level, 3) if hired else story.level
        _level_history(s, story)


def _level_history(s: Setting, story: Story) -> None:
    assert story.opened_on is not None
    story.changes.append((story.opened_on, None, 0, LevelChange.Cause.INTAKE))
    current = 0
    if story.assessed_on is not None and story.assessed_level not in (None, current):
        assert story.assessed_level is not None
        story.changes.append(
            (story.assessed_on, current, story.assessed_level, LevelChange.Cause.ASSESSMENT)
        )
        current = story.assessed_level
    for placement in story.placements:
        if placement["outcome"] == Placement.Outcome.HIRED and current < 4:
            story.changes.append((placement["end"], current, 4, LevelChange.Cause.OUTCOME))
            current = 4
    if current != story.level:
        day = min(s.today, story.changes[-1][0] + timedelta(days=180))
        story.changes.append((day, current, story.level, LevelChange.Cause.REVIEW))


def _scores(rng: random.Random, level: int) -> list[int]:
    low, high = SCORE_SUMS[level]
    total = rng.randint(low, high)
    values = [total // 12] * 12
    for i in rng.sample(range(12), total % 12):
        values[i] += 1
    floor = 2 if level >= 2 else 1
    for _ in range(6):
        up, down = rng.sample(range(12), 2)
        if values[up] < 5 and values[down] > floor:
            values[up] += 1
            values[down] -= 1
    return values


def _service_for(s: Setting, level: int, occupying: bool) -> Service:
    pool = s.by_level[level] or s.services
    if not occupying:
        return s.rng.choice(pool)
    for _ in range(20):
        service = s.rng.choice(pool)
        if s.free[service.pk] > 0:
            s.free[service.pk] -= 1
            return service
    for service in s.services:  # the level's services are full: any with a free place
        if s.free[service.pk] > 0:
            s.free[service.pk] -= 1
            return service
    raise RuntimeError("not enough places: add services")


def _write(s: Setting, stories: list[Story], referrers: dict[int, int]) -> dict[str, int]:
    rng, today = s.rng, s.today
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    prefix = f"{settings.PONTE_DISTRICT_CODE}-"
    codes = unique_codes(
        len(stories),
        lambda: prefix + random_code(4),
        Person.objects.values_list("code", flat=True),
    )
    municipalities = list(Municipality.objects.values_list("pk", flat=True))
    bases = list(Person.Basis.values)
    profiles = _profiles(len(stories))
    people = Person.objects.bulk_create(
        [
            Person(
                code=codes[i],
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                birth_date=today - timedelta(days=rng.randint(18 * 365, 60 * 365)),
                basis=rng.choice(bases),
                municipality_id=rng.choice(municipalities),
                hours_per_week=rng.choice([12, 15, 18, 20, 24, 30]),
                available_days=[0, 1, 2, 3, 4],
                skills=profiles[i][0],
                interests=profiles[i][1],
                level_id=s.levels[story.level],
                status=story.status,
                organisation_id=story.organisation_id,
                case_manager_id=story.case_manager_id,
                opened_on=story.opened_on,
                closed_on=today - timedelta(days=rng.randint(1, 60))
                if story.status == Person.Status.CLOSED
                else None,
            )
            for i, story in enumerate(stories)
        ],
        batch_size=BATCH,
    )
    pairs = list(zip(people, stories, strict=True))
    # Care teams: the case manager, and for one person in five a colleague.
    through = Person.care_team.through
    team_rows = []
    for person, story in pairs:
        if story.case_manager_id is None:
            continue
        team_rows.append((person.pk, story.case_manager_id))
        colleagues = s.workers[story.organisation_id]
        if len(colleagues) > 1 and rng.random() < 0.2:
            other = rng.choice(colleagues)
            if other != story.case_manager_id:
                team_rows.append((person.pk, other))
    insert_rows(through, ["person", "user"], team_rows)
    # Referrals from the public bodies.
    bodies = list(referrers)
    referral_status: dict[str, str] = {
        Person.Status.REFERRED: Referral.Status.RECEIVED,
        Person.Status.DECLINED: Referral.Status.DECLINED,
    }
    referral_codes = unique_codes(
        len(pairs), random_code, Referral.objects.values_list("code", flat=True)
    )
    Referral.objects.bulk_create(
        [
            Referral(
                code=referral_codes[i],
                person_id=person.pk,
                from_organisation_id=(body := rng.choice(bodies)),
                service_kind=rng.choice(Referral.ServiceKind.values),
                referred_by_id=referrers[body],
                referred_on=story.referred_on,
                reason="Segnalazione sintetica per le misure di prestazione.",
                status=referral_status.get(story.status, Referral.Status.ACCEPTED),
                decline_reason=Referral.DeclineReason.NOT_ELIGIBLE
                if story.status == Person.Status.DECLINED
                else "",
                decided_by_id=story.case_manager_id
                or (
                    s.workers[story.organisation_id][0]
                    if story.status == Person.Status.DECLINED
                    else None
                ),
                decided_on=story.opened_on
                or (
                    story.referred_on + timedelta(days=10)
                    if story.status == Person.Status.DECLINED
                    else None
                ),
            )
            for i, (person, story) in enumerate(pairs)
        ],
        batch_size=BATCH,
    )
    opened = [(person, story) for person, story in pairs if story.opened_on is not None]
    # Consents: pathway and statistics for everyone taken in; sharing with companies for most,
    # some of which expire within the month.
    consent_rows: list[tuple[Any, ...]] = []
    for person, story in opened:
        assert story.opened_on is not None
        recorder = story.case_manager_id
        for purpose in (Consent.Purpose.PATHWAY, Consent.Purpose.STATISTICS):
            consent_rows.append(
                (now, now, person.pk, purpose, story.opened_on, None, None, recorder, "Prot.")
            )
        if story.level >= 2:
            expires = today + timedelta(days=rng.randint(1, 365))
            consent_rows.append(
                (
                    now,
                    now,
                    person.pk,
                    Consent.Purpose.COMPANIES,
                    min(story.opened_on, expires - timedelta(days=1)),
                    expires,
                    None,
                    recorder,
                    "Prot.",
                )
            )
    insert_rows(
        Consent,
        [
            "created_at",
            "updated_at",
            "person",
            "purpose",
            "given_on",
            "expires_on",
            "withdrawn_on",
            "recorded_by",
            "document_reference",
        ],
        consent_rows,
    )
    # One assessment each, with twelve item scores.
    assessed = [(p, story) for p, story in opened if story.assessed_on is not None]
    assessment_scores = []
    assessments = []
    for person, story in assessed:
        assert story.assessed_level is not None
        scores = _scores(rng, max(story.assessed_level, 1))
        mean, suggestion = suggested_level(scores)
        assessment_scores.append(scores)
        assessments.append(
            Assessment(
                person_id=person.pk,
                instrument_id=s.instrument_id,
                assessed_on=story.assessed_on or today,
                assessor_id=story.manager,
                setting=Assessment.Setting.LABORATORY,
                mean_score=mean,
                suggested_level=suggestion,
                confirmed_level_id=s.levels[story.assessed_level],
                confirmation_reason=""
                if suggestion == story.assessed_level
                else "Livello confermato dall'équipe.",
            )
        )
    for assessment, code in zip(
        assessments,
        unique_codes(
            len(assessments), random_code, Assessment.objects.values_list("code", flat=True)
        ),
        strict=True,
    ):
        assessment.code = code
    assessments = Assessment.objects.bulk_create(assessments, batch_size=BATCH)
    insert_rows(
        ItemScore,
        ["assessment", "item", "score", "icf_code"],
        (
            (assessment.pk, item, score, "")
            for assessment, scores in zip(assessments, assessment_scores, strict=True)
            for item, score in zip(s.items, scores, strict=True)
        ),
    )
    # A plan with two goals.
    plans = Plan.objects.bulk_create(
        [
            Plan(
                person_id=person.pk,
                version=1,
                objectives="Obiettivi sintetici.",
                next_review=(story.opened_on or today) + timedelta(days=182),
                signed_on=story.opened_on,
                written_by_id=story.manager,
            )
            for person, story in opened
        ],
        batch_size=BATCH,
    )
    insert_rows(
        Goal,
        ["plan", "text", "target_date", "achieved"],
        (
            (plan.pk, text, plan.next_review, False)
            for plan in plans
            for text in ("Puntualità e presenza regolare", "Autonomia nei compiti")
        ),
    )
    # The level history.
    changes = insert_rows(
        LevelChange,
        ["person", "changed_on", "from_level", "to_level", "cause", "note", "changed_by"],
        (
            (
                person.pk,
                day,
                s.levels[before] if before is not None else None,
                s.levels[after],
                cause,
                "",
                story.case_manager_id,
            )
            for person, story in opened
            for day, before, after, cause in story.changes
        ),
    )
    # Diary notes.
    insert_rows(
        DiaryNote,
        ["created_at", "updated_at", "person", "written_on", "author", "text"],
        (
            (now, now, person.pk, day, story.case_manager_id, rng.choice(DIARY))
            for person, story in opened
            if story.opened_on is not None
            for day in (story.opened_on, min(today, story.opened_on + timedelta(days=90)))
        ),
    )
    # Placements: the services' places are never exceeded.
    placement_objects = []
    placement_specs = []
    for person, story in opened:
        for spec in story.placements:
            occupying = spec["status"] in Placement.OCCUPYING
            service = _service_for(s, spec["level"], occupying)
            start: date = spec["start"]
            end: date | None = spec["end"]
            tutors = s.workers.get(service.provider_id)
            hired = spec["outcome"] == Placement.Outcome.HIRED
            interrupted = spec["outcome"] == Placement.Outcome.INTERRUPTED
            placement_objects.append(
                Placement(
                    person_id=person.pk,
                    service=service,
                    status=spec["status"],
                    planned_start=start,
                    planned_end=max(end or start, start + timedelta(days=180)),
                    actual_start=start
                    if spec["status"] in (Placement.Status.ACTIVE, Placement.Status.ENDED)
                    else None,
                    actual_end=end if spec["status"] == Placement.Status.ENDED else None,
                    hours_per_week=person.hours_per_week,
                    tutor_id=rng.choice(tutors) if tutors else None,
                    promoter_id=story.organisation_id,
                    host_id=service.provider_id,
                    outcome=spec["outcome"],
                    interruption_cause="Rinuncia" if interrupted else "",
                    interrupted_by=Placement.Side.PERSON if interrupted else "",
                    contract_type=Placement.Contract.COOP_MEMBER if hired else "",
                    contract_hours=20 if hired else None,
                    proposed_by_id=story.manager,
                )
            )
            placement_specs.append(spec)
    for placement, code in zip(
        placement_objects,
        unique_codes(
            len(placement_objects), random_code, Placement.objects.values_list("code", flat=True)
        ),
        strict=True,
    ):
        placement.code = code
    placements = Placement.objects.bulk_create(placement_objects, batch_size=BATCH)
    # Follow-ups of the ended placements, recorded when due.
    follow_rows = []
    for placement in placements:
        if placement.actual_end is None:
            continue
        for months in FollowUp.MONTHS:
            due = placement.actual_end + timedelta(days=round(months * 30.44))
            done = due <= today and rng.random() < 0.8
            employed = (placement.outcome == Placement.Outcome.HIRED) if done else None
            follow_rows.append(
                (
                    placement.pk,
                    months,
                    due,
                    due if done else None,
                    employed,
                    "Cooperativa sintetica" if employed else "",
                    Placement.Contract.COOP_MEMBER if employed else "",
                    placement.proposed_by_id if done else None,
                )
            )
    insert_rows(
        FollowUp,
        [
            "placement",
            "months",
            "due_on",
            "done_on",
            "employed",
            "employer",
            "contract_type",
            "recorded_by",
        ],
        follow_rows,
    )
    rows = insert_rows(
        Attendance,
        ["placement", "day", "hours", "absence", "recorded_by"],
        _attendance_rows(rng, placements, placement_specs),
    )
    return {"placements": len(placements), "attendance": rows, "level_changes": changes}


HOURS = {h: Decimal(h * 2 // 5) / 2 for h in range(1, 41)}  # hours a day, to the half hour
ZERO = Decimal("0")


def _attendance_rows(
    rng: random.Random, placements: list[Placement], specs: list[dict[str, Any]]
) -> Iterator[tuple]:
    """Weekdays from the actual start, as many as the story asked for; a few absences."""
    absences = [
        Attendance.Absence.ILLNESS,
        Attendance.Absence.JUSTIFIED,
        Attendance.Absence.UNJUSTIFIED,
    ]
    one_day = timedelta(days=1)
    for placement, spec in zip(placements, specs, strict=True):
        weekdays = spec.get("weekdays", 0)
        if placement.actual_start is None or not weekdays:
            continue
        last = placement.actual_end or date.today() - one_day
        daily = max(HOURS[placement.hours_per_week], Decimal("1"))
        by = placement.tutor_id or placement.proposed_by_id
        pk = placement.pk
        day = placement.actual_start
        written = 0
        while written < weekdays and day <= last:
            if day.weekday() < 5:
                if rng.random() < 0.07:
                    yield (pk, day, ZERO, rng.choice(absences), by)
                else:
                    yield (pk, day, daily, "", by)
                written += 1
            day += one_day


# Openings, and what the matching compares them with -------------------------------------------


def _profiles(n: int) -> list[tuple[str, str]]:
    """Skills and interests of n people, from the demo's phrases (one in ten without). Drawn
    from a generator of their own, so that the rest of the data set stays as it was."""
    rng = random.Random(20261128)  # noqa: S311 - reproducible synthetic data, not security
    return [
        (
            "\n".join(rng.sample(SKILLS, k=rng.randint(1, 2))) if rng.random() < 0.9 else "",
            rng.choice(INTERESTS) if rng.random() < 0.9 else "",
        )
        for _ in range(n)
    ]


def _openings(n: int, *, creators: list[int]) -> int:
    """n open openings of the synthetic companies and cooperatives (the demo's cooperatives
    when there are none), across the district's municipalities."""
    rng = random.Random(20261129)  # noqa: S311 - reproducible synthetic data, not security
    hosts = list(
        Organisation.objects.filter(
            name__startswith="Sintetica ", kind__in=OPENING_HOSTS, is_active=True
        ).values_list("pk", flat=True)
    ) or list(
        Organisation.objects.filter(kind__in=COOPERATIVES, is_active=True).values_list(
            "pk", flat=True
        )
    )
    if n <= 0 or not hosts or not creators:
        return 0
    municipalities = list(Municipality.objects.values_list("pk", flat=True))
    levels = dict(Level.objects.values_list("number", "pk"))
    codes = unique_codes(n, random_code, Opening.objects.values_list("code", flat=True))
    today = date.today()
    created = Opening.objects.bulk_create(
        [_opening(rng, code, today, hosts, municipalities, levels, creators) for code in codes],
        batch_size=BATCH,
    )
    return len(created)


def _opening(
    rng: random.Random,
    code: str,
    today: date,
    hosts: list[int],
    municipalities: list[int],
    levels: dict[int, int],
    creators: list[int],
) -> Opening:
    title, tasks, skills = rng.choice(OPENING_TEMPLATES)
    starts_on = today + timedelta(days=rng.randint(0, 60))
    return Opening(
        code=code,
        host_id=rng.choice(hosts),
        kind=rng.choice(Opening.Kind.values),
        title=title,
        tasks=tasks,
        min_level_id=levels[rng.randint(1, 4)],
        skills=", ".join(rng.sample(skills, k=rng.randint(1, len(skills)))),
        hours_per_week=rng.randint(10, 30),
        days=rng.choice(OPENING_DAYS),
        municipality_id=rng.choice(municipalities),
        places=rng.randint(1, 3),
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=180),
        status=Opening.Status.OPEN,
        created_by_id=rng.choice(creators),
    )
