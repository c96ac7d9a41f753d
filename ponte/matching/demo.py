"""Demo openings and proposals (seed_demo runs this after the pathways' people): openings at
Pastificio Felicetti, Famiglia Cooperativa Fiemme, Fiemme 3000 and the cooperatives, and
proposals in every state, made through the same services as the pages, so that tutors and case
workers also find their notifications.

The ranking chooses the people, but what the README promises does not depend on it: every demo
tutor and every demo case worker has an active placement in a company, because those stories
name the case worker whose person they are."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TextIO

from ponte.matching import features, scoring, services
from ponte.matching.models import Proposal, Weights
from ponte.network.models import Municipality, Organisation, User
from ponte.openings.models import Opening
from ponte.pathways import services as pathway_services
from ponte.pathways.models import Level, Person, Placement

FELICETTI = "Pastificio Felicetti"
FAMCOOP = "Famiglia Cooperativa Fiemme"
FIEMME_3000 = "Fiemme 3000"
OLTRE = "Cooperativa sociale Oltre"
LE_RAIS = "Cooperativa sociale Le Rais"
TERRE_ALTRE = "Cooperativa sociale Terre Altre"


@dataclass(frozen=True)
class DemoOpening:
    host: str
    kind: str
    title: str
    tasks: str
    min_level: int
    skills: str
    hours: int
    days: tuple[int, ...]
    istat: str
    places: int
    starts_in_days: int
    months: int | None
    tutor: str | None
    created_by: str
    status: str


Kind, Status = Opening.Kind, Opening.Status
WEEKDAYS = (0, 1, 2, 3, 4)

OPENINGS = [
    DemoOpening(
        FELICETTI,
        Kind.TIS,
        "Addetto/a al confezionamento",
        "Confezionamento della pasta, etichettatura dei cartoni, pulizia della linea.",
        3,
        "confezionamento, etichettatura, magazzino",
        20,
        WEEKDAYS,
        "022147",
        2,
        -30,
        6,
        "tutor.felicetti",
        "tutor.felicetti",
        Status.OPEN,
    ),
    DemoOpening(
        FELICETTI,
        Kind.EXTRACURRICULAR,
        "Aiuto magazziniere",
        "Carico e scarico merci, preparazione degli ordini per i negozi della valle.",
        3,
        "magazzino, carico/scarico merci, muletto",
        25,
        WEEKDAYS,
        "022147",
        1,
        14,
        6,
        "tutor.felicetti",
        "operatore.oltre",
        Status.OPEN,
    ),
    DemoOpening(
        FAMCOOP,
        Kind.TIS,
        "Addetto/a scaffali e cassa",
        "Rifornimento degli scaffali, cassa nelle ore di minore affluenza, ordine del punto "
        "vendita.",
        3,
        "cassa e rapporto con il pubblico, magazzino",
        24,
        (0, 1, 2, 3, 4, 5),
        "022050",
        2,
        -20,
        6,
        "tutor.famcoop",
        "tutor.famcoop",
        Status.OPEN,
    ),
    DemoOpening(
        FIEMME_3000,
        Kind.USEFUL_WORK,
        "Manutenzione dei sentieri e delle aree verdi",
        "Sfalcio, pulizia dei sentieri, piccole manutenzioni delle aree attrezzate.",
        2,
        "uso di attrezzi da giardino, piccola manutenzione, lavoro all'aperto",
        18,
        (0, 2, 4),
        "022196",
        2,
        21,
        4,
        None,
        "operatore.lerais",
        Status.OPEN,
    ),
    DemoOpening(
        OLTRE,
        Kind.FIXED_TERM,
        "Addetto/a lavanderia industriale",
        "Smistamento, lavaggio e stiro della biancheria degli alberghi della valle.",
        4,
        "lavanderia, stiro, pulizie",
        30,
        WEEKDAYS,
        "022050",
        1,
        30,
        12,
        None,
        "operatore.oltre",
        Status.OPEN,
    ),
    DemoOpening(
        LE_RAIS,
        Kind.TIS,
        "Aiuto cuoco",
        "Preparazione delle verdure, lavaggio delle stoviglie, supporto in cucina nel "
        "ristorante della cooperativa.",
        3,
        "cucina di base, igiene degli alimenti (haccp)",
        20,
        (1, 2, 3, 4, 5),
        "022118",
        1,
        14,
        6,
        None,
        "operatore.lerais",
        Status.OPEN,
    ),
    DemoOpening(
        TERRE_ALTRE,
        Kind.TIS,
        "Raccolta e confezionamento delle uova",
        "Raccolta delle uova, pulizia dei pollai, confezionamento per i negozi.",
        2,
        "cura degli animali, lavoro all'aperto",
        15,
        WEEKDAYS,
        "022196",
        2,
        45,
        6,
        None,
        "operatore.lerais",
        Status.DRAFT,
    ),
    DemoOpening(
        FAMCOOP,
        Kind.FIXED_TERM,
        "Magazziniere stagionale",
        "Magazzino del punto vendita di Cavalese durante la stagione invernale.",
        4,
        "magazzino, muletto",
        30,
        WEEKDAYS,
        "022050",
        1,
        -120,
        3,
        "tutor.famcoop",
        "tutor.famcoop",
        Status.CLOSED,
    ),
]


@dataclass(frozen=True)
class Story:
    """What happens to the best candidate still free; with `case_worker`, the best one among
    that case worker's people."""

    outcome: str
    case_worker: str | None = None


# The stories of each open opening, in order: every state appears, and every demo tutor and
# every demo case worker has an active placement in a company.
STORIES = {
    "Addetto/a al confezionamento": [
        Story("active", "operatore.oltre"),
        Story("interview"),
        Story("declined"),
    ],
    "Aiuto magazziniere": [Story("placed"), Story("proposed")],
    "Addetto/a scaffali e cassa": [
        Story("active", "operatore.lerais"),
        Story("accepted"),
        Story("proposed"),
        Story("withdrawn"),
    ],
    "Manutenzione dei sentieri e delle aree verdi": [Story("proposed")],
    "Aiuto cuoco": [Story("proposed")],
}
# Placements that are not active yet start a week from today (or when the opening starts).
FIRST_DAY_IN = timedelta(days=7)


def seed(*, stdout: TextIO) -> None:
    if Opening.objects.filter(title__in=[o.title for o in OPENINGS]).exists():
        stdout.write("Matching: the demo openings are already there.")
        return
    users = {u.username: u for u in User.objects.filter(username__contains=".")}
    openings = [_opening(spec, users) for spec in OPENINGS]
    proposals = 0
    for opening in openings:
        for story in STORIES.get(opening.title, []):
            person = _best(opening, case_worker=story.case_worker)
            if person is None:
                if story.case_worker:
                    raise RuntimeError(
                        f"The demo has no candidate of {story.case_worker} for "
                        f"{opening.title!r}: its people have changed."
                    )
                continue
            _tell(story.outcome, opening, person)
            proposals += 1
    stdout.write(f"Matching: {len(openings)} openings, {proposals} proposals.")


def _opening(spec: DemoOpening, users: dict[str, User]) -> Opening:
    starts = date.today() + timedelta(days=spec.starts_in_days)
    return Opening.objects.create(
        host=Organisation.objects.get(name=spec.host),
        kind=spec.kind,
        title=spec.title,
        tasks=spec.tasks,
        min_level=Level.objects.get(number=spec.min_level),
        skills=spec.skills,
        hours_per_week=spec.hours,
        days=list(spec.days),
        municipality=Municipality.objects.get(istat_code=spec.istat),
        places=spec.places,
        starts_on=starts,
        ends_on=starts + timedelta(days=30 * spec.months) if spec.months else None,
        tutor=users[spec.tutor] if spec.tutor else None,
        created_by=users[spec.created_by],
        status=spec.status,
    )


def _best(opening: Opening, *, case_worker: str | None) -> Person | None:
    """The best candidate of the opening among the people who consent to sharing their profile
    and have not been proposed yet (of the case worker, if one is named): the demo tells the
    stories the ranking would suggest."""
    already = Proposal.objects.values("person_id")
    pool = features.with_sharing_consent(features.candidate_pool()).exclude(pk__in=already)
    if case_worker:
        pool = pool.filter(case_manager__username=case_worker)
    people = features.people_features(pool)
    if not people:
        return None
    matrix = scoring.PeopleMatrix.from_features(people)
    indices, _totals = scoring.rank(
        features.opening_features(opening), matrix, Weights.current().as_dict(), limit=1
    )
    if not len(indices):
        return None
    return Person.objects.select_related("case_manager", "organisation").get(
        pk=people[int(indices[0])].pk
    )


def _tell(story: str, opening: Opening, person: Person) -> None:
    worker = person.case_manager
    assert worker is not None, "an open pathway has a case manager"
    tutor = opening.tutor
    proposal = services.proposal_create(
        opening=opening,
        person=person,
        by=worker,
        note="Persona puntuale, ha già lavorato in gruppo durante il laboratorio.",
    )
    if story == "proposed":
        return
    assert tutor is not None, "every story beyond the proposal needs the opening's tutor"
    if story == "withdrawn":
        services.proposal_withdraw(proposal=proposal, by=worker)
        return
    if story == "declined":
        services.proposal_answer(
            proposal=proposal,
            by=tutor,
            interview=False,
            reason=Proposal.DeclineReason.AVAILABILITY,
            note="Serve disponibilità anche il sabato mattina.",
        )
        return
    services.proposal_answer(proposal=proposal, by=tutor, interview=True)
    if story == "interview":
        return
    today = date.today()
    # An active placement began when the opening did, weeks ago; the others begin soon.
    start = opening.starts_on if story == "active" else max(opening.starts_on, today + FIRST_DAY_IN)
    placement = services.proposal_place(
        proposal=proposal,
        by=worker,
        planned_start=start,
        planned_end=opening.ends_on or start + timedelta(days=180),
        hours_per_week=min(opening.hours_per_week, person.hours_per_week or 20),
        promoter=person.organisation,
        agreement_reference=f"Convenzione TIS {start.year}/{opening.pk:02d}",
    )
    if story == "placed":
        return
    services.proposal_accept_placement(proposal=proposal, by=tutor)
    if story == "active":
        placement = pathway_services.placement_transition(
            placement=placement, to=Placement.Status.ACTIVE, by=worker, on=start
        )
        _attendance(placement, opening, tutor, start, today)


def _attendance(
    placement: Placement, opening: Opening, tutor: User, start: date, today: date
) -> None:
    """The tutor has recorded every working day of the opening until yesterday."""
    daily = (Decimal(placement.hours_per_week) / len(opening.days)).quantize(Decimal("0.5"))
    days = (start + timedelta(days=n) for n in range((today - start).days))
    pathway_services.attendance_record(
        placement=placement,
        by=tutor,
        days={
            day: pathway_services.DayInput(hours=daily)
            for day in days
            if day.weekday() in opening.days
        },
    )
