"""The demo district's pathways: the services of the four cooperatives and about sixty fictional
people at every level, with their referrals, consents, assessments, plans, placements, months of
attendance, tutor evaluations, outcomes, follow-ups and diary notes.

Everything goes through services.py, so that the rules hold (places, transitions, level history);
attendance rows are inserted in bulk. Dates are relative to today, so that the demo stays fresh,
and the demo has the same structure whatever the day: every random choice comes from a fixed
seed, each person's story draws from a stream of its own, and what depends on the calendar (the
weekdays of attendance, reviews and follow-ups a number of months on) draws from streams of its
own too, so that where today falls changes a few dates, never who is where. The people are made up:
names are common in the valleys, but no person, birth date or contact is real, and there are no
fiscal codes. Running it again adds nothing once the demo people exist.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TextIO

from dateutil.relativedelta import relativedelta

from ponte.network.models import Municipality, Organisation, User
from ponte.pathways import services
from ponte.pathways.models import (
    Assessment,
    Attendance,
    Consent,
    FollowUp,
    Item,
    Level,
    Person,
    Placement,
    Referral,
    Service,
)
from ponte.pathways.services.assessments import ScoreInput
from ponte.pathways.services.attendance import DayInput

SEED = 20251126
# The demo people's contacts are on this made-up domain: it marks them, so that a second run
# knows they are there.
EMAIL_DOMAIN = "persone.des-fiemmefassa.example"

OLTRE = "Cooperativa sociale Oltre"
LE_RAIS = "Cooperativa sociale Le Rais"
TERRE_ALTRE = "Cooperativa sociale Terre Altre"
PROGETTO_92 = "Cooperativa sociale Progetto 92"
FIEMME_BODY = "Comunità Territoriale della Val di Fiemme"
FASSA_BODY = "Comun General de Fascia"

Kind = Service.Kind
Status = Placement.Status

# (provider, name, kind, levels, places, schedule, municipality ISTAT code, description)
SERVICES = [
    (
        OLTRE,
        "Lavanderia per gli alberghi",
        Kind.COOP_INTERNSHIP,
        [1, 2, 3],
        8,
        "Lunedì–sabato, 7–13",
        "022050",
        "Lavaggio, stiratura e piegatura della biancheria degli alberghi di Fiemme e Fassa; "
        "tirocini con un tutor della cooperativa.",
    ),
    (
        OLTRE,
        "Laboratorio di stireria e piccola sartoria",
        Kind.LABORATORY,
        [0, 1],
        6,
        "Lunedì–venerdì, 9–12",
        "022050",
        "Laboratorio protetto: stiro, piccole riparazioni e confezionamento, con un'educatrice "
        "sempre presente.",
    ),
    (
        TERRE_ALTRE,
        "Allevamento e raccolta delle uova",
        Kind.COOP_INTERNSHIP,
        [1, 2],
        5,
        "Tutti i giorni, 7–11, a turni",
        "022047",
        "Cura delle galline ovaiole all'aperto, raccolta, selezione e confezionamento delle uova "
        "per famiglie, negozi e alberghi.",
    ),
    (
        LE_RAIS,
        "Ristorante e catering",
        Kind.COOP_INTERNSHIP,
        [2, 3],
        8,
        "Martedì–domenica, 10–15 oppure 17–22",
        "022050",
        "Cucina, sala e catering per eventi a Cavalese: tirocini in un ristorante aperto al "
        "pubblico, accanto a cuochi e camerieri della cooperativa.",
    ),
    (
        PROGETTO_92,
        "Laboratorio occupazionale",
        Kind.LABORATORY,
        [0, 1],
        10,
        "Lunedì–venerdì, 8.30–12.30",
        "022147",
        "Assemblaggi conto terzi, piccola falegnameria e cura del verde; orientamento e "
        "attività pre-lavorative per chi inizia.",
    ),
    (
        PROGETTO_92,
        "Job coaching",
        Kind.JOB_COACHING,
        [3, 4, 5],
        14,
        "Su appuntamento",
        "022147",
        "Un job coach accompagna la persona nella ricerca di lavoro, nei primi mesi di "
        "impiego e nei rapporti con l'azienda.",
    ),
]

FIRST_NAMES = [
    "Andrea", "Matteo", "Nicola", "Davide", "Stefano", "Simone", "Michele", "Giorgio", "Alessio",
    "Federico", "Denis", "Ivan", "Mirko", "Ermanno", "Remo", "Lino", "Gianni", "Alberto",
    "Sergio", "Mauro", "Fabio", "Moreno", "Cristian", "Thomas", "Samuel", "Vigilio", "Martina",
    "Valentina", "Elisa", "Chiara", "Silvia", "Laura", "Marta", "Ilaria", "Serena", "Erika",
    "Daniela", "Manuela", "Cristina", "Roberta", "Paola", "Nadia", "Katia", "Giada", "Alessia",
    "Sabrina", "Monica", "Loredana", "Tiziana", "Veronica", "Nicole", "Jessica", "Ahmed",
    "Fatima", "Ion", "Mihaela", "Blerina", "Omar", "Rosa", "Ulisse",
]  # fmt: skip
LAST_NAMES = [
    "Vinante", "Zeni", "Dellantonio", "Pederiva", "Bernard", "Riz", "Florian", "Delladio",
    "Varesco", "Defrancesco", "Demattio", "Doliana", "Cincelli", "Sieff", "Trettel",
    "Brigadoi", "Volcan", "Deflorian", "Bazzanella", "Zanon", "Iellici", "Soraperra",
    "Chiocchetti", "Rizzi", "Lorenz", "Guadagnini", "Ventura", "Canal", "Cristel", "Partel",
    "Mich", "Tomasi", "Gabrielli", "Betta", "Dezulian", "Zanoner", "Boninsegna", "Morandini",
    "Braito", "Giacomuzzi", "Valentini", "Felicetti", "Piazzi", "Vaia", "Desilvestro",
    "Weiss", "Kostner", "Debertol", "Rasom", "Jori",
]  # fmt: skip

# Target level → number of people with an open pathway at that level today.
OPEN_PEOPLE = {0: 6, 1: 10, 2: 14, 3: 10, 4: 8, 5: 6}
PENDING_REFERRALS = 5

REASONS = {
    Referral.ServiceKind.SOCIAL_SERVICE: [
        "Disoccupata da tre anni dopo la chiusura dell'albergo dove lavorava; chiede un percorso "
        "graduale per tornare al lavoro.",
        "Giovane uscito dalla scuola senza qualifica, in carico al servizio sociale con la "
        "famiglia; interessato a un lavoro manuale.",
        "Dopo una lunga malattia ha perso il lavoro e la fiducia; il servizio propone un "
        "laboratorio per ripartire.",
        "Reddito di garanzia; disponibile a un tirocinio vicino a casa, non ha la patente.",
    ],
    Referral.ServiceKind.MENTAL_HEALTH: [
        "In cura presso il centro di salute mentale, stabile da un anno; l'équipe ritiene utile "
        "un inserimento protetto.",
        "Percorso di riabilitazione concluso; chiede un'attività strutturata con orari regolari.",
    ],
    Referral.ServiceKind.ADDICTION: [
        "Programma terapeutico in corso con il servizio per le dipendenze; un impegno "
        "lavorativo quotidiano fa parte del progetto.",
    ],
    Referral.ServiceKind.JOB_CENTRE: [
        "Iscritto al collocamento mirato (legge 68); più colloqui senza esito, serve un periodo "
        "di osservazione in cooperativa.",
        "Invalidità civile riconosciuta; cerca un impiego part-time nel commercio o nella "
        "ristorazione.",
    ],
}
BASIS_BY_SERVICE = {
    Referral.ServiceKind.SOCIAL_SERVICE: [
        Person.Basis.UNCERTIFIED,
        Person.Basis.UNCERTIFIED,
        Person.Basis.MINOR,
        Person.Basis.DETAINEE,
    ],
    Referral.ServiceKind.MENTAL_HEALTH: [Person.Basis.PSYCHIATRIC],
    Referral.ServiceKind.ADDICTION: [Person.Basis.ADDICTION, Person.Basis.ALCOHOL],
    Referral.ServiceKind.JOB_CENTRE: [
        Person.Basis.LAW68_INVALIDITY,
        Person.Basis.PHYSICAL_PSYCHIC_SENSORY,
    ],
}
SKILLS = [
    "Uso di attrezzi da giardino; patente B.",
    "Cucina di base, igiene degli alimenti (HACCP).",
    "Pulizie, lavanderia, stiro.",
    "Magazzino e carico/scarico merci; muletto.",
    "Computer di base, archiviazione.",
    "Cura degli animali, lavoro all'aperto.",
    "Piccola manutenzione, falegnameria.",
    "Cassa e rapporto con il pubblico.",
]
INTERESTS = [
    "Lavoro all'aperto, con gli animali.",
    "Ristorazione, vorrebbe lavorare in sala.",
    "Un lavoro tranquillo, senza troppo contatto con il pubblico.",
    "Commercio, vendita.",
    "Turismo: alberghi della valle.",
    "Artigianato, lavori manuali.",
]
LANGUAGES = ["italiano", "italiano, ladino", "italiano, tedesco", "italiano, rumeno", "arabo"]
GOALS = {
    0: [
        "Conoscere i servizi della filiera e scegliere un laboratorio",
        "Frequentare i colloqui di orientamento",
        "Rinnovare i documenti e l'iscrizione al centro per l'impiego",
    ],
    1: [
        "Frequentare il laboratorio tre mattine alla settimana",
        "Arrivare puntuale e avvisare in caso di assenza",
        "Usare l'autobus da solo per andare al laboratorio",
    ],
    2: [
        "Completare il tirocinio in cooperativa",
        "Aumentare l'orario a 20 ore settimanali",
        "Lavorare in squadra accettando le correzioni",
    ],
    3: [
        "Preparare il curriculum con il job coach",
        "Sostenere due colloqui in aziende della valle",
        "Ottenere l'attestato HACCP",
    ],
    4: [
        "Mantenere il posto di lavoro oltre il periodo di prova",
        "Gestire da solo i turni e le ferie",
    ],
    5: ["Monitoraggio a 6 e 12 mesi", "Rendersi autonomo nei rapporti con il datore di lavoro"],
}
DIARY = [
    "Colloquio con la persona e con l'assistente sociale: motivata, chiede orari al mattino.",
    "Telefonata del tutor: la settimana è andata bene, un ritardo il lunedì.",
    "Visita domiciliare con il servizio sociale; la situazione familiare è più serena.",
    "Incontro di verifica: si concorda di aumentare l'orario dal mese prossimo.",
    "Assente tre giorni senza avvisare; richiamata, si è scusata. Da monitorare.",
    "Ha chiesto informazioni sulla patente: la accompagniamo all'autoscuola di Cavalese.",
    "Restituzione della valutazione alla persona: contenta dei progressi.",
    "Riunione d'équipe con il centro di salute mentale: il percorso prosegue.",
    "Ha portato i documenti per il tirocinio; firmata la convenzione.",
    "Fatica con i colleghi nei momenti di fretta; ne parliamo con il tutor.",
]
INTERRUPTIONS = [
    ("Ricovero ospedaliero prolungato", Placement.Side.PERSON),
    ("Trasferimento della famiglia in un'altra valle", Placement.Side.PERSON),
    ("Assenze ripetute non giustificate", Placement.Side.HOST),
    ("Chiusura stagionale del servizio", Placement.Side.HOST),
]
# Scores over the twelve items whose mean suggests each level (docs/domain.md, "Assessment").
SUM_BANDS = {1: (14, 21), 2: (22, 31), 3: (32, 40), 4: (41, 50), 5: (51, 58)}


@dataclass
class Context:
    rng: random.Random
    today: date
    levels: dict[int, Level]
    items: list[int]
    users: dict[str, User]
    organisations: dict[str, Organisation]
    services: list[Service]
    service_levels: dict[int, set[int]]
    municipalities: list[Municipality]
    taken: dict[int, int] = field(default_factory=dict)
    names: list[tuple[str, str]] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    active_placements: list[Placement] = field(default_factory=list)


def seed(*, stdout: TextIO) -> None:
    services_ = _seed_services()
    if Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
        stdout.write(f"Pathways: {len(services_)} services; the demo people are already there.")
        return
    ctx = _context(services_)
    people = _seed_people(ctx)
    _finish_attendance(ctx)
    stdout.write(
        f"Pathways: {len(services_)} services, {people} people, "
        f"{Placement.objects.count()} placements, {Attendance.objects.count()} attendance days."
    )


def _seed_services() -> list[Service]:
    organisations = {o.name: o for o in Organisation.objects.filter(name__startswith="Coop")}
    municipalities = {m.istat_code: m for m in Municipality.objects.all()}
    levels = {level.number: level for level in Level.objects.all()}
    result = []
    for provider, name, kind, served, places, schedule, istat, description in SERVICES:
        service, _created = Service.objects.update_or_create(
            provider=organisations[provider],
            name=name,
            defaults={
                "kind": kind,
                "places": places,
                "schedule": schedule,
                "municipality": municipalities[istat],
                "description": description,
                "is_active": True,
            },
        )
        service.levels.set([levels[n] for n in served])
        result.append(service)
    return result


def _context(services_: list[Service]) -> Context:
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    names = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    chosen: list[tuple[str, str]] = []
    used_first: set[str] = set()
    for first, last in names:  # everyone a different first name, surnames at most twice
        if first in used_first or sum(1 for _f, s in chosen if s == last) >= 2:
            continue
        chosen.append((first, last))
        used_first.add(first)
    return Context(
        rng=rng,
        today=date.today(),
        levels={level.number: level for level in Level.objects.all()},
        items=list(
            Item.objects.filter(area__instrument__is_default=True).values_list("pk", flat=True)
        ),
        users={u.username: u for u in User.objects.filter(username__contains=".")},
        organisations={o.name: o for o in Organisation.objects.all()},
        services=services_,
        service_levels={s.pk: {lv.number for lv in s.levels.all()} for s in services_},
        municipalities=list(Municipality.objects.select_related("valley")),
        names=chosen,
    )


# People -----------------------------------------------------------------------------------------


def _stream(*key: object) -> random.Random:
    """A random stream of its own for one part of the demo, the same on every run."""
    return random.Random(":".join(str(part) for part in (SEED, *key)))


def _substream(ctx: Context) -> random.Random:
    """A stream for a part whose number of draws depends on the calendar (a weekday, a month's
    length): it takes exactly one draw from the story's stream, whatever it draws itself."""
    return random.Random(ctx.rng.random())


def _seed_people(ctx: Context) -> int:
    plan = [level for level, n in OPEN_PEOPLE.items() for _ in range(n)]
    ctx.rng.shuffle(plan)
    # The stories that hold places longest go first, so that every service has someone in it.
    plan.sort(key=lambda level: {2: 0, 1: 1, 3: 2, 0: 3, 4: 4, 5: 5}[level])
    count = 0
    for index, level in enumerate(plan):
        ctx.rng = _stream("person", index)
        _open_person(ctx, level, index)
        count += 1
    for index in range(PENDING_REFERRALS):
        ctx.rng = _stream("referral", index)
        _referral(ctx, ctx.today - timedelta(days=ctx.rng.randint(1, 20)), index=index)
        count += 1
    ctx.rng = _stream("referral", PENDING_REFERRALS)
    declined = _referral(ctx, ctx.today - timedelta(days=75), index=PENDING_REFERRALS)
    services.referral_decline(
        referral=declined,
        by=ctx.users["operatore.oltre"],
        reason=Referral.DeclineReason.OTHER_SERVICE,
        note="Concordato con il servizio inviante: per ora è meglio un percorso terapeutico.",
        on=declined.referred_on + timedelta(days=12),
    )
    return count + 1


def _case_manager(ctx: Context, index: int) -> tuple[User, Organisation]:
    if index % 3 == 0:
        organisation = LE_RAIS if index % 2 else TERRE_ALTRE
        return ctx.users["operatore.lerais"], ctx.organisations[organisation]
    return ctx.users["operatore.oltre"], ctx.organisations[OLTRE]


def _referral(ctx: Context, on: date, *, index: int) -> Referral:
    rng = ctx.rng
    first, last = ctx.names.pop()
    municipality = rng.choice(ctx.municipalities)
    fassa = municipality.valley.name == "Fassa"
    body = ctx.organisations[FASSA_BODY if fassa else FIEMME_BODY]
    kind = rng.choices(list(REASONS), weights=[55, 20, 10, 15])[0]
    case_manager, organisation = _case_manager(ctx, index)
    # Most referrals come from the social services' referrers; the others are recorded by the
    # case worker on behalf of the referring service.
    referrer = ctx.users["inviante.fassa" if fassa else "inviante.fiemme"]
    if kind != Referral.ServiceKind.SOCIAL_SERVICE and rng.random() < 0.6:
        referrer = case_manager
    basis = rng.choice(BASIS_BY_SERVICE[kind])
    days = rng.sample(range(5), k=rng.randint(3, 5))
    referral = services.referral_create(
        by=referrer,
        from_organisation=body,
        to_organisation=organisation,
        service_kind=kind,
        reason=rng.choice(REASONS[kind]),
        referred_on=on,
        person_fields={
            "first_name": first,
            "last_name": last,
            "birth_date": on - timedelta(days=rng.randint(19 * 365, 58 * 365)),
            "email": f"{first}.{last}@{EMAIL_DOMAIN}".lower().replace(" ", ""),
            "phone": f"+39 3{rng.randint(20, 49)} {rng.randint(100, 999)} "
            f"{rng.randint(1000, 9999)}",
            "address": f"Via {rng.choice(['Roma', 'Dolomiti', 'Pizzegoda', 'Marconi', 'Latemar'])}"
            f" {rng.randint(1, 60)}",
            "basis": basis,
            "invalidity_percent": rng.choice([46, 60, 67, 75, 80])
            if basis == Person.Basis.LAW68_INVALIDITY
            else None,
            "municipality": municipality,
            "languages": rng.choice(LANGUAGES),
            "driving_licence": rng.random() < 0.45,
            "own_transport": rng.random() < 0.3,
            "hours_per_week": rng.choice([12, 15, 18, 20, 24, 30]),
            "available_days": sorted(days),
            "skills": rng.choice(SKILLS),
            "interests": rng.choice(INTERESTS),
        },
    )
    services.consent_record(
        person=referral.person,
        purpose=Consent.Purpose.PATHWAY,
        given_on=on,
        document_reference=f"Modulo privacy prot. {on.year}/{100 + index * 7}",
        by=referrer,
    )
    return referral


# How long ago (in days) a person at each level was taken in.
AGE_DAYS = {0: (20, 110), 1: (70, 300), 2: (150, 420), 3: (300, 540), 4: (420, 700), 5: (760, 990)}


def _open_person(ctx: Context, target: int, index: int) -> None:
    rng = ctx.rng
    opened = ctx.today - timedelta(days=rng.randint(*AGE_DAYS[target]))
    referral = _referral(ctx, opened - timedelta(days=rng.randint(5, 25)), index=index)
    case_manager, _organisation = _case_manager(ctx, index)
    person = services.referral_accept(
        referral=referral, by=case_manager, case_manager=case_manager, on=opened
    )
    by = case_manager
    _consents(ctx, person, opened, by, target, index)
    _diary(ctx, person, opened, by)
    plan_on = opened + timedelta(days=rng.randint(10, 25))
    if plan_on < ctx.today:
        _plans(ctx, person, plan_on, by, target)
    if target == 0:
        _story_level_0(ctx, person, opened, by, index)
    elif target == 1:
        _story_level_1(ctx, person, opened, by, index)
    elif target == 2:
        _story_level_2(ctx, person, opened, by, index)
    elif target == 3:
        _story_level_3(ctx, person, opened, by, index)
    else:
        _story_hired(ctx, person, opened, by, index, target)
    person.refresh_from_db()
    assert person.level.number == target, (person.code, person.level.number, target)


def _consents(
    ctx: Context, person: Person, opened: date, by: User, target: int, index: int
) -> None:
    rng = ctx.rng
    reference = f"Modulo consensi prot. {opened.year}/{300 + index}"
    services.consent_record(
        person=person,
        purpose=Consent.Purpose.STATISTICS,
        given_on=opened,
        document_reference=reference,
        by=by,
    )
    if rng.random() < 0.6:
        services.consent_record(
            person=person,
            purpose=Consent.Purpose.CONTACT,
            given_on=opened,
            document_reference=reference,
            by=by,
        )
    if index % 4 == 1:
        table = services.consent_record(
            person=person,
            purpose=Consent.Purpose.TABLE,
            given_on=opened,
            expires_on=opened + timedelta(days=730),
            document_reference=reference,
            by=by,
        )
        if index == 5:  # one person changed their mind: effective at once
            services.consent_withdraw(
                consent=table, by=by, on=ctx.today - timedelta(days=rng.randint(2, 10))
            )
    if target >= 2:
        # Sharing with companies: one year, renewed; a few expire within the month.
        given = opened + timedelta(days=rng.randint(20, 60))
        while given <= ctx.today:
            expires = given + timedelta(days=365)
            if expires > ctx.today and index % 7 == 3:
                expires = ctx.today + timedelta(days=rng.randint(5, 28))
            services.consent_record(
                person=person,
                purpose=Consent.Purpose.COMPANIES,
                given_on=given,
                expires_on=max(expires, given + timedelta(days=1)),
                document_reference=f"Consenso aziende prot. {given.year}/{500 + index}",
                by=by,
            )
            given = expires


def _diary(ctx: Context, person: Person, opened: date, by: User) -> None:
    span = (ctx.today - opened).days
    for text in ctx.rng.sample(DIARY, k=ctx.rng.randint(2, 4)):
        services.diary_write(
            person=person,
            by=by,
            text=text,
            written_on=opened + timedelta(days=ctx.rng.randint(0, span)),
        )


def _plans(ctx: Context, person: Person, on: date, by: User, target: int) -> None:
    rng = _substream(ctx)  # reviews fall a number of months on
    version_level = max(0, target - 2)
    while True:
        goals_level = min(version_level, target)
        goals = [
            (text, on + timedelta(days=rng.randint(60, 180)))
            for text in rng.sample(GOALS[goals_level], k=min(2, len(GOALS[goals_level])))
        ]
        review = on + relativedelta(months=services.PLAN_REVIEW_MONTHS)
        services.plan_write(
            person=person,
            by=by,
            objectives=f"Obiettivi del percorso verso il livello {min(goals_level + 1, 5)}.",
            goals=goals,
            next_review=review,
            signed_on=on + timedelta(days=rng.randint(0, 5)) if rng.random() < 0.85 else None,
        )
        version_level += 1
        # Reviews on time, mostly: a few are overdue.
        if review > ctx.today or rng.random() < 0.1:
            break
        on = review + timedelta(days=rng.randint(0, 10))
        if on >= ctx.today:
            break


def _scores(ctx: Context, level: int) -> dict[int, ScoreInput]:
    low, high = SUM_BANDS[level]
    total = ctx.rng.randint(low, high)
    floor = 2 if level >= 2 else 1
    values = [total // 12] * 12
    for i in ctx.rng.sample(range(12), total % 12):
        values[i] += 1
    for _ in range(8):  # spread the scores without changing the sum
        up, down = ctx.rng.sample(range(12), 2)
        if values[up] < 5 and values[down] > floor:
            values[up] += 1
            values[down] -= 1
    assert services.suggested_level(values)[1] == level, (values, level)
    return {item: ScoreInput(score=v) for item, v in zip(ctx.items, values, strict=True)}


def _assess(ctx: Context, person: Person, on: date, by: User, level: int, setting: str) -> None:
    person.refresh_from_db()  # an outcome may have changed the level meanwhile
    suggested = max(level, 1)
    reason = ""
    if level == 0:
        reason = "Prima di un laboratorio serve un periodo di accoglienza e orientamento."
    services.assessment_record(
        person=person,
        by=by,
        assessed_on=on,
        setting=setting,
        scores=_scores(ctx, suggested),
        confirmed_level=ctx.levels[level],
        confirmation_reason=reason,
        notes="Osservazione di due settimane." if ctx.rng.random() < 0.5 else "",
    )


def _service(ctx: Context, kinds: tuple[str, ...], level: int) -> Service:
    """A service of one of the kinds serving the level, chosen at random by its free places."""
    candidates = [s for s in ctx.services if s.kind in kinds and level in ctx.service_levels[s.pk]]
    free = [max(s.places - ctx.taken.get(s.pk, 0), 0) for s in candidates]
    return ctx.rng.choices(candidates, weights=free)[0]


def _tutor(ctx: Context, service: Service) -> User | None:
    provider = service.provider.name
    if provider == OLTRE:
        return ctx.users["operatore.oltre"]
    if provider in (LE_RAIS, TERRE_ALTRE):
        return ctx.users["operatore.lerais"]
    return None


def _place(
    ctx: Context,
    person: Person,
    by: User,
    *,
    kinds: tuple[str, ...],
    level: int,
    start: date,
    months: int,
    to: str,
    end_on: date | None = None,
    outcome: str = Placement.Outcome.COMPLETED,
    interruption: tuple[str, str] = ("", ""),
    contract: tuple[str, int | None] = ("", None),
) -> Placement:
    """A placement brought to the status `to`, with attendance, evaluations and follow-ups."""
    service = _service(ctx, kinds, level)
    hours = min(person.hours_per_week, 30)
    placement = services.placement_propose(
        person=person,
        service=service,
        by=by,
        planned_start=start,
        planned_end=start + relativedelta(months=months) - timedelta(days=1),
        hours_per_week=hours,
        promoter=person.organisation,
        tutor=_tutor(ctx, service),
        agreement_reference=f"Convenzione {start.year}/{ctx.rng.randint(10, 99)}",
    )
    if to == Status.PROPOSED:
        return placement
    if to == Status.WITHDRAWN:
        return services.placement_transition(placement=placement, to=to, by=by, on=start)
    services.placement_transition(placement=placement, to=Status.ACCEPTED, by=by, on=start)
    ctx.taken[service.pk] = ctx.taken.get(service.pk, 0) + 1
    if to == Status.ACCEPTED:
        return placement
    placement = services.placement_transition(
        placement=placement, to=Status.ACTIVE, by=by, on=start
    )
    if to == Status.ACTIVE:
        ctx.active_placements.append(placement)
        _attendance(ctx, placement, start, ctx.today - timedelta(days=1))
        if (ctx.today - start).days > 60:
            _evaluate(ctx, placement, start + timedelta(days=45), Assessment.Kind.MIDTERM, level)
        return placement
    assert end_on is not None
    cause, side = interruption
    kind_of_contract, contract_hours = contract
    _attendance(ctx, placement, start, end_on)
    if (end_on - start).days > 150:
        _evaluate(ctx, placement, start + timedelta(days=60), Assessment.Kind.MIDTERM, level)
    if outcome != Placement.Outcome.INTERRUPTED:
        _evaluate(ctx, placement, end_on - timedelta(days=3), Assessment.Kind.FINAL, level + 1)
    placement = services.placement_transition(
        placement=placement,
        to=Status.ENDED,
        by=by,
        on=end_on,
        outcome=outcome,
        interruption_cause=cause,
        interrupted_by=side,
        contract_type=kind_of_contract,
        contract_hours=contract_hours,
    )
    ctx.taken[service.pk] -= 1
    _follow_ups(ctx, placement, by)
    return placement


def _evaluate(ctx: Context, placement: Placement, on: date, kind: str, level: int) -> None:
    if on >= ctx.today:
        return
    assert placement.service is not None
    services.assessment_record(
        person=placement.person,
        by=placement.tutor or placement.proposed_by,
        assessed_on=on,
        setting=Assessment.Setting.LABORATORY
        if placement.service.kind == Kind.LABORATORY
        else Assessment.Setting.COOPERATIVE,
        scores=_scores(ctx, min(max(level, 1), 5)),
        kind=kind,
        placement=placement,
    )


def _follow_ups(ctx: Context, placement: Placement, by: User) -> None:
    rng = _substream(ctx)  # follow-ups fall a number of months after the end
    hired = placement.outcome == Placement.Outcome.HIRED
    for follow_up in FollowUp.objects.filter(placement=placement):
        done_on = follow_up.due_on + timedelta(days=rng.randint(0, 12))
        if done_on >= ctx.today or rng.random() < 0.1:
            continue  # not due yet, or late
        employed = hired or rng.random() < 0.3
        services.follow_up_record(
            follow_up=follow_up,
            by=by,
            done_on=done_on,
            employed=employed,
            employer=placement.host.name if hired else "Famiglia Cooperativa Fiemme",
            contract_type=placement.contract_type if hired else Placement.Contract.FIXED_TERM,
        )


def _attendance(ctx: Context, placement: Placement, start: date, end: date) -> None:
    """Weekdays from start to end: hours spread over five days, a few absences; added in bulk."""
    rng = _substream(ctx)  # one draw per weekday
    daily = Decimal(placement.hours_per_week) / 5
    daily = daily.quantize(Decimal("0.5"))
    by = placement.tutor or placement.proposed_by
    day = start
    while day <= end:
        if day.weekday() < 5:
            draw = rng.random()
            if day.month == 8 and day.day < 16:
                entry = DayInput(hours=Decimal("0"), absence=Attendance.Absence.HOLIDAY)
            elif draw < 0.04:
                entry = DayInput(hours=Decimal("0"), absence=Attendance.Absence.ILLNESS)
            elif draw < 0.06:
                entry = DayInput(hours=Decimal("0"), absence=Attendance.Absence.JUSTIFIED)
            elif draw < 0.07:
                entry = DayInput(hours=Decimal("0"), absence=Attendance.Absence.UNJUSTIFIED)
            elif draw < 0.12:
                entry = DayInput(hours=max(daily - 1, Decimal("1")))
            else:
                entry = DayInput(hours=daily)
            ctx.attendance.append(
                Attendance(
                    placement=placement,
                    day=day,
                    hours=entry.hours,
                    absence=entry.absence,
                    recorded_by=by,
                )
            )
        day += timedelta(days=1)


def _finish_attendance(ctx: Context) -> None:
    Attendance.objects.bulk_create(ctx.attendance, batch_size=2000)
    # The last week of one active placement goes through the service, as a tutor would.
    if ctx.active_placements:
        placement = ctx.active_placements[0]
        monday = ctx.today - timedelta(days=ctx.today.weekday() + 7)
        week = {
            monday + timedelta(days=i): DayInput(hours=Decimal("4"))
            for i in range(5)
            if placement.actual_start and monday + timedelta(days=i) >= placement.actual_start
        }
        if week:
            services.attendance_record(placement=placement, by=placement.proposed_by, days=week)


# Stories per level ------------------------------------------------------------------------------

LABS = (Kind.LABORATORY, Kind.PRE_WORK)
INTERNSHIPS = (Kind.COOP_INTERNSHIP,)
COACHING = (Kind.JOB_COACHING,)


def _story_level_0(ctx: Context, person: Person, opened: date, by: User, index: int) -> None:
    """Taken in recently: orientation; some already observed, one starting a laboratory."""
    variant = index % 3
    if variant == 0 or (ctx.today - opened).days < 45:
        return  # intake interviews still going on
    _assess(ctx, person, opened + timedelta(days=30), by, 0, Assessment.Setting.LABORATORY)
    if variant == 1:
        _place(ctx, person, by, kinds=LABS, level=0, start=opened + timedelta(days=35), months=6,
               to=Status.ACTIVE)  # fmt: skip
    else:
        _place(ctx, person, by, kinds=LABS, level=0, start=ctx.today + timedelta(days=14),
               months=6, to=Status.PROPOSED)  # fmt: skip


def _story_level_1(ctx: Context, person: Person, opened: date, by: User, index: int) -> None:
    assessed = opened + timedelta(days=20)
    _assess(ctx, person, assessed, by, 1, Assessment.Setting.LABORATORY)
    start = assessed + timedelta(days=10)
    variant = index % 5
    if variant == 0:
        # A first laboratory interrupted; a new one proposed.
        _place(ctx, person, by, kinds=LABS, level=1, start=start, months=6, to=Status.ENDED,
               end_on=start + timedelta(days=40), outcome=Placement.Outcome.INTERRUPTED,
               interruption=ctx.rng.choice(INTERRUPTIONS))  # fmt: skip
        _place(ctx, person, by, kinds=LABS, level=1, start=ctx.today + timedelta(days=10),
               months=6, to=Status.PROPOSED)  # fmt: skip
    elif variant == 1:
        _place(ctx, person, by, kinds=LABS, level=1, start=ctx.today + timedelta(days=7),
               months=6, to=Status.ACCEPTED)  # fmt: skip
    else:
        _place(ctx, person, by, kinds=LABS + INTERNSHIPS, level=1, start=start, months=9,
               to=Status.ACTIVE)  # fmt: skip


def _story_level_2(ctx: Context, person: Person, opened: date, by: User, index: int) -> None:
    rng = ctx.rng
    assessed = opened + timedelta(days=20)
    variant = index % 7
    if variant in (0, 1, 2):
        # From the laboratory to an internship, after a second assessment.
        _assess(ctx, person, assessed, by, 1, Assessment.Setting.LABORATORY)
        lab_start = assessed + timedelta(days=10)
        lab_end = lab_start + timedelta(days=rng.randint(90, 110))
        _place(ctx, person, by, kinds=LABS, level=1, start=lab_start, months=4, to=Status.ENDED,
               end_on=lab_end)  # fmt: skip
        _assess(ctx, person, lab_end + timedelta(days=7), by, 2, Assessment.Setting.LABORATORY)
        start = lab_end + timedelta(days=14)
    else:
        _assess(ctx, person, assessed, by, 2, Assessment.Setting.COOPERATIVE)
        start = assessed + timedelta(days=10)
    if variant == 3:
        # An internship interrupted; the next one proposed.
        _place(ctx, person, by, kinds=INTERNSHIPS, level=2, start=start, months=6,
               to=Status.ENDED, end_on=start + timedelta(days=50),
               outcome=Placement.Outcome.INTERRUPTED,
               interruption=rng.choice(INTERRUPTIONS))  # fmt: skip
        _place(ctx, person, by, kinds=INTERNSHIPS, level=2, start=ctx.today + timedelta(days=20),
               months=6, to=Status.PROPOSED)  # fmt: skip
    elif variant == 4:
        _place(ctx, person, by, kinds=INTERNSHIPS, level=2, start=ctx.today + timedelta(days=5),
               months=6, to=Status.ACCEPTED)  # fmt: skip
    else:
        if start >= ctx.today:
            start = ctx.today - timedelta(days=rng.randint(10, 40))
        _place(ctx, person, by, kinds=INTERNSHIPS, level=2, start=start, months=12,
               to=Status.ACTIVE)  # fmt: skip


def _story_level_3(ctx: Context, person: Person, opened: date, by: User, index: int) -> None:
    rng = ctx.rng
    assessed = opened + timedelta(days=20)
    _assess(ctx, person, assessed, by, 2, Assessment.Setting.COOPERATIVE)
    start = assessed + timedelta(days=10)
    end = start + timedelta(days=rng.randint(170, 200))
    _place(ctx, person, by, kinds=INTERNSHIPS, level=2, start=start, months=6, to=Status.ENDED,
           end_on=end)  # fmt: skip
    _assess(ctx, person, end + timedelta(days=10), by, 3, Assessment.Setting.COOPERATIVE)
    coaching = end + timedelta(days=20)
    variant = index % 5
    if variant == 0:
        _place(ctx, person, by, kinds=COACHING, level=3, start=ctx.today + timedelta(days=15),
               months=6, to=Status.ACCEPTED)  # fmt: skip
    elif variant == 1:
        _place(ctx, person, by, kinds=COACHING, level=3, start=ctx.today + timedelta(days=30),
               months=6, to=Status.PROPOSED)  # fmt: skip
    else:
        if coaching >= ctx.today:
            coaching = ctx.today - timedelta(days=14)
        _place(ctx, person, by, kinds=COACHING, level=3, start=coaching, months=12,
               to=Status.ACTIVE)  # fmt: skip


def _story_hired(
    ctx: Context, person: Person, opened: date, by: User, index: int, target: int
) -> None:
    """An internship in a cooperative that ends with a hiring (level 4); a year later, for
    some, ordinary employment (level 5)."""
    rng = ctx.rng
    assessed = opened + timedelta(days=20)
    _assess(ctx, person, assessed, by, rng.choice([2, 3]), Assessment.Setting.COOPERATIVE)
    start = assessed + timedelta(days=10)
    end = start + timedelta(days=rng.randint(150, 190))
    contract = rng.choice(
        [
            (Placement.Contract.COOP_MEMBER, 20),
            (Placement.Contract.FIXED_TERM, 24),
            (Placement.Contract.PERMANENT, 30),
        ]
    )
    _place(ctx, person, by, kinds=INTERNSHIPS, level=2, start=start, months=6, to=Status.ENDED,
           end_on=end, outcome=Placement.Outcome.HIRED, contract=contract)  # fmt: skip
    coaching = end + timedelta(days=7)
    if target == 4:
        if index % 4 == 0 and coaching < ctx.today:
            _place(ctx, person, by, kinds=COACHING, level=4, start=coaching, months=12,
                   to=Status.ACTIVE)  # fmt: skip
        return
    coaching_end = coaching + timedelta(days=rng.randint(200, 300))
    _place(ctx, person, by, kinds=COACHING, level=4, start=coaching, months=12, to=Status.ENDED,
           end_on=coaching_end)  # fmt: skip
    _assess(ctx, person, coaching_end + timedelta(days=14), by, 5, Assessment.Setting.COMPANY)
    if index % 3 == 0:
        _place(ctx, person, by, kinds=COACHING, level=5, start=ctx.today - timedelta(days=30),
               months=6, to=Status.ACTIVE)  # fmt: skip
