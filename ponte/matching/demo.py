"""Demo openings and proposals (seed_demo runs this after the pathways' people): openings at
Pastificio Felicetti, Famiglia Cooperativa Fiemme, Fiemme 3000 and the cooperatives, and
proposals in every state, made through the same services as the pages, so that tutors and case
workers also find their notifications."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TextIO

from ponte.matching import features, scoring, services
from ponte.matching.models import Weights
from ponte.network.models import Municipality, Organisation, User
from ponte.pathways import services as pathway_services
from ponte.pathways.models import Level, Opening, Person, Placement, Proposal

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
        10,
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

# What happens to the best candidates of each open opening, in order: every state appears.
STORIES = {
    "Addetto/a al confezionamento": ["active", "interview", "declined"],
    "Aiuto magazziniere": ["placed", "proposed"],
    "Addetto/a scaffali e cassa": ["accepted", "proposed", "withdrawn"],
    "Manutenzione dei sentieri e delle aree verdi": ["proposed"],
    "Aiuto cuoco": ["proposed"],
}


def seed(*, stdout: TextIO) -> None:
    if Opening.objects.filter(title__in=[o.title for o in OPENINGS]).exists():
        stdout.write("Matching: the demo openings are already there.")
        return
    users = {u.username: u for u in User.objects.filter(username__contains=".")}
    openings = [_opening(spec, users) for spec in OPENINGS]
    proposals = 0
    for opening in openings:
        for story, person in zip(STORIES.get(opening.title, []), _best(opening), strict=False):
            _tell(story, opening, person)
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


def _best(opening: Opening) -> list[Person]:
    """The best candidates of the opening among the people who consent to sharing their profile
    and have not been proposed yet: the demo tells the stories the ranking would suggest."""
    already = Proposal.objects.values("person_id")
    pool = features.with_sharing_consent(features.candidate_pool()).exclude(pk__in=already)
    people = features.people_features(pool)
    if not people:
        return []
    matrix = scoring.PeopleMatrix.from_features(people)
    indices, _totals = scoring.rank(
        features.opening_features(opening), matrix, Weights.current().as_dict(), limit=5
    )
    pks = [people[int(i)].pk for i in indices]
    by_pk = Person.objects.select_related("case_manager", "organisation").in_bulk(pks)
    return [by_pk[pk] for pk in pks]


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
    start = max(opening.starts_on, date.today())
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
        pathway_services.placement_transition(
            placement=placement, to=Placement.Status.ACTIVE, by=worker, on=start
        )
