"""The demo marketplace (seed_demo runs this after the network, the pathways and the matching):
the district's known activities — eggs from Terre Altre, laundry for hotels at Oltre, catering
with fragile workers at Le Rais, pasta from Pastificio Felicetti, the bank's training — as
offers, with some requests, answers in every state and five months of exchanges: confirmed by
both sides, by one side only, and gifts.

Everything goes through the same services as the pages, so the matching notifications are
there too. Organisations with no member contact among the demo accounts are represented by the
coordinator, as in a district where the coordination records what the smaller members tell it;
a few exchanges are left waiting for the other side's confirmation."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from ponte.marketplace import services
from ponte.marketplace.models import Answer, Exchange, Listing
from ponte.network.models import Organisation, User

TERRE_ALTRE = "Cooperativa sociale Terre Altre"
OLTRE = "Cooperativa sociale Oltre"
LE_RAIS = "Cooperativa sociale Le Rais"
PROGETTO_92 = "Cooperativa sociale Progetto 92"
FELICETTI = "Pastificio Felicetti"
FAMCOOP = "Famiglia Cooperativa Fiemme"
FIEMME_3000 = "Fiemme 3000"
CASSA_RURALE = "Cassa Rurale di Fiemme"

# Who acts for each organisation in the demo: its member contact, or the coordinator.
ACTORS = {TERRE_ALTRE: "referente.terrealtre", CASSA_RURALE: "referente.cassarurale"}
COORDINATOR = "coordinatore"

Actor = Callable[[str], User]
Direction, Mode, Category = Listing.Direction, Listing.Mode, Listing.Category
PUBLIC, MEMBERS = Listing.Visibility.PUBLIC, Listing.Visibility.MEMBERS


@dataclass(frozen=True)
class DemoListing:
    key: str
    organisation: str
    direction: str
    mode: str
    category: str
    title: str
    description: str
    price: str | None
    unit: str
    quantity: str
    valid_days: int
    visibility: str
    days_ago: int


LISTINGS = [
    DemoListing(
        "eggs",
        TERRE_ALTRE,
        Direction.OFFER,
        Mode.SALE,
        Category.GOOD,
        "Uova fresche da galline allevate all'aperto",
        "Uova raccolte ogni mattina nel nostro allevamento all'aperto; consegna settimanale a "
        "negozi, alberghi e ristoranti delle due valli. Nell'allevamento lavorano persone in "
        "percorso di inserimento.",
        "4.80",
        "€/dozzina",
        "fino a 80 dozzine a settimana",
        150,
        PUBLIC,
        140,
    ),
    DemoListing(
        "laundry",
        OLTRE,
        Direction.OFFER,
        Mode.SALE,
        Category.SERVICE,
        "Lavanderia per alberghi e rifugi",
        "Lavaggio, stiro e piegatura della biancheria da letto e da bagno, tovaglie e divise "
        "da lavoro; ritiro e consegna a Cavalese e dintorni. Un servizio in cui lavorano "
        "persone in percorso di inserimento.",
        "2.10",
        "€/kg",
        "",
        200,
        PUBLIC,
        135,
    ),
    DemoListing(
        "catering",
        LE_RAIS,
        Direction.OFFER,
        Mode.SALE,
        Category.SERVICE,
        "Catering per eventi e pranzi aziendali",
        "Il ristorante della cooperativa a Cavalese prepara buffet, pranzi e cene per eventi "
        "e aziende, con persone in percorso di inserimento in cucina e in sala.",
        "18.00",
        "€/persona",
        "da 20 a 150 persone",
        180,
        PUBLIC,
        130,
    ),
    DemoListing(
        "pasta",
        FELICETTI,
        Direction.OFFER,
        Mode.SALE,
        Category.GOOD,
        "Pasta di semola per mense e ristoranti",
        "Formati lunghi e corti in confezioni da 5 kg per la ristorazione collettiva; prezzo "
        "riservato alle cooperative del distretto.",
        "3.20",
        "€/kg",
        "",
        120,
        PUBLIC,
        120,
    ),
    DemoListing(
        "training",
        CASSA_RURALE,
        Direction.OFFER,
        Mode.GIFT,
        Category.SERVICE,
        "Formazione gratuita: gestione e bilancio per le cooperative",
        "Quattro incontri serali sulla gestione economica, il controllo di gestione e il "
        "bilancio sociale, tenuti dai consulenti della banca nella sede di Cavalese.",
        None,
        "",
        "20 posti",
        60,
        MEMBERS,
        70,
    ),
    DemoListing(
        "call",
        CASSA_RURALE,
        Direction.OFFER,
        Mode.GIFT,
        Category.INFORMATION,
        "Bando per progetti di welfare di comunità",
        "Un bando di una fondazione del territorio finanzia progetti di welfare di comunità "
        "delle reti tra enti pubblici, cooperative e imprese: la banca aiuta a preparare la "
        "domanda e il piano economico.",
        None,
        "",
        "",
        45,
        MEMBERS,
        20,
    ),
    DemoListing(
        "van",
        PROGETTO_92,
        Direction.OFFER,
        Mode.LOAN,
        Category.GOOD,
        "Prestito di un furgone a nove posti",
        "Il furgone della cooperativa è libero nei fine settimana per il trasporto di gruppi "
        "e di materiali.",
        None,
        "",
        "sabato e domenica",
        90,
        MEMBERS,
        60,
    ),
    DemoListing(
        "laundry_request",
        FIEMME_3000,
        Direction.REQUEST,
        Mode.SALE,
        Category.SERVICE,
        "Cerchiamo una lavanderia per la biancheria dei rifugi",
        "Lavaggio e stiro della biancheria da letto di due rifugi durante la stagione estiva, "
        "con ritiro settimanale.",
        None,
        "",
        "circa 300 kg a settimana",
        100,
        MEMBERS,
        110,
    ),
    DemoListing(
        "eggs_request",
        FAMCOOP,
        Direction.REQUEST,
        Mode.SALE,
        Category.GOOD,
        "Uova fresche per i punti vendita",
        "Cerchiamo un fornitore della valle di uova fresche per i nostri punti vendita.",
        None,
        "",
        "40 dozzine a settimana",
        90,
        MEMBERS,
        125,
    ),
    DemoListing(
        "pasta_request",
        LE_RAIS,
        Direction.REQUEST,
        Mode.SALE,
        Category.GOOD,
        "Pasta per il ristorante della cooperativa",
        "Pasta di semola in formati lunghi per il ristorante e il catering.",
        None,
        "",
        "50 kg al mese",
        60,
        MEMBERS,
        15,
    ),
    DemoListing(
        "crates",
        TERRE_ALTRE,
        Direction.REQUEST,
        Mode.EXCHANGE,
        Category.GOOD,
        "Cassette di legno in cambio di uova",
        "Ci servono cassette di legno per il trasporto; in cambio offriamo uova.",
        None,
        "",
        "30 cassette",
        75,
        MEMBERS,
        10,
    ),
]
# Past their date: shown as expired to their authors and nowhere else.
EXPIRED = DemoListing(
    "easter",
    TERRE_ALTRE,
    Direction.OFFER,
    Mode.SALE,
    Category.GOOD,
    "Uova di cioccolato per Pasqua",
    "Uova di cioccolato decorate nel laboratorio della cooperativa.",
    "6.00",
    "€/uovo",
    "",
    30,
    PUBLIC,
    160,
)
CLOSED = DemoListing(
    "tablecloths",
    OLTRE,
    Direction.OFFER,
    Mode.SALE,
    Category.SERVICE,
    "Stiratura delle tovaglie per le feste",
    "Stiratura di tovaglie e tovaglioli per i pranzi delle feste.",
    "1.50",
    "€/pezzo",
    "",
    40,
    PUBLIC,
    150,
)

# (listing, answering organisation, message, decision: True accepted, False declined, None
# pending)
ANSWERS: list[tuple[str, str, str, bool | None]] = [
    ("eggs", FAMCOOP, "Ci servono 40 dozzine a settimana per i punti vendita.", True),
    ("eggs", LE_RAIS, "Per il ristorante: 20 dozzine a settimana.", True),
    ("laundry", FIEMME_3000, "La biancheria di due rifugi, da giugno a settembre.", True),
    ("laundry", FELICETTI, "Lavaggio settimanale delle divise del personale.", True),
    ("pasta", LE_RAIS, "50 kg al mese per il ristorante.", True),
    ("catering", FAMCOOP, "Un buffet per 120 persone all'assemblea dei soci.", False),
    ("catering", FIEMME_3000, "Pranzo per la festa di fine stagione, 60 persone.", True),
    ("training", TERRE_ALTRE, "Vorremmo iscrivere due persone dell'amministrazione.", True),
    ("training", PROGETTO_92, "Ci interessa per la nostra responsabile amministrativa.", None),
    ("van", LE_RAIS, "Ci servirebbe per un'uscita con il gruppo del laboratorio.", None),
]


@dataclass(frozen=True)
class DemoExchange:
    listing: str | None
    giver: str
    receiver: str
    what: str
    value: str
    # Every how many days, how many times, starting how many days ago.
    every: int
    times: int
    first_days_ago: int
    # Which of the deliveries (counted from the most recent) wait for the other side.
    unconfirmed: int = 0


EXCHANGES = [
    DemoExchange(
        "eggs", TERRE_ALTRE, FAMCOOP, "Uova fresche, 40 dozzine", "192", 30, 5, 130, unconfirmed=1
    ),
    DemoExchange("eggs", TERRE_ALTRE, LE_RAIS, "Uova fresche, 20 dozzine", "96", 30, 3, 95, 1),
    DemoExchange(
        "laundry",
        OLTRE,
        FIEMME_3000,
        "Lavanderia della biancheria dei rifugi",
        "630",
        30,
        4,
        110,
        1,
    ),
    DemoExchange(
        "laundry", OLTRE, FELICETTI, "Lavaggio delle divise del personale", "240", 30, 4, 100
    ),
    DemoExchange("pasta", FELICETTI, LE_RAIS, "Pasta di semola, 50 kg", "160", 30, 3, 100),
    DemoExchange(
        "catering", LE_RAIS, FIEMME_3000, "Pranzo di fine stagione per 60 persone", "1080", 1, 1, 40
    ),
    DemoExchange(
        "training", CASSA_RURALE, TERRE_ALTRE, "Corso di gestione e bilancio", "0", 1, 1, 25
    ),
    DemoExchange(
        None,
        CASSA_RURALE,
        OLTRE,
        "Consulenza sul piano economico della lavanderia",
        "0",
        1,
        1,
        12,
        1,
    ),
]


def seed(*, stdout: TextIO) -> None:
    if Listing.objects.filter(title=LISTINGS[0].title).exists():
        stdout.write("Marketplace: the demo listings are already there.")
        return
    users = {
        u.username: u for u in User.objects.filter(username__in=[*ACTORS.values(), COORDINATOR])
    }
    organisations = {o.name: o for o in Organisation.objects.all()}

    def actor(name: str) -> User:
        return users[ACTORS.get(name, COORDINATOR)]

    listings = {spec.key: _listing(spec, organisations, actor) for spec in LISTINGS}
    for spec in (EXPIRED, CLOSED):
        listings[spec.key] = _listing(spec, organisations, actor)
    Listing.objects.filter(pk=listings["easter"].pk).update(
        valid_until=timezone.localdate() - timedelta(days=20)
    )
    Listing.objects.filter(pk=listings["tablecloths"].pk).update(status=Listing.Status.CLOSED)

    for key, name, message, decision in ANSWERS:
        listing = listings[key]
        answer = services.answer_create(
            listing=listing, organisation=organisations[name], by=actor(name), message=message
        )
        if decision is not None:
            services.answer_decide(
                answer=answer, by=actor(listing.organisation.name), accept=decision
            )

    count = 0
    for exchange_spec in EXCHANGES:
        count += _exchanges(exchange_spec, listings, organisations, actor)
    stdout.write(
        f"Marketplace: {len(listings)} listings, {len(ANSWERS)} answers, {count} exchanges."
    )


def _listing(spec: DemoListing, organisations: dict[str, Organisation], actor: Actor) -> Listing:
    organisation = organisations[spec.organisation]
    listing = Listing(
        organisation=organisation,
        direction=spec.direction,
        mode=spec.mode,
        category=spec.category,
        title=spec.title,
        description=spec.description,
        price=Decimal(spec.price) if spec.price else None,
        unit=spec.unit,
        quantity=spec.quantity,
        municipality=organisation.municipality,
        valid_until=timezone.localdate() + timedelta(days=spec.valid_days),
        visibility=spec.visibility,
    )
    services.listing_save(listing=listing, by=actor(spec.organisation))
    # Posted over the last months.
    Listing.objects.filter(pk=listing.pk).update(
        created_at=timezone.now() - timedelta(days=spec.days_ago)
    )
    return listing


def _exchanges(
    spec: DemoExchange,
    listings: dict[str, Listing],
    organisations: dict[str, Organisation],
    actor: Actor,
) -> int:
    listing = listings[spec.listing] if spec.listing else None
    giver, receiver = organisations[spec.giver], organisations[spec.receiver]
    answer = (
        Answer.objects.filter(
            listing=listing, status=Answer.Status.ACCEPTED, organisation__in=[giver, receiver]
        ).first()
        if listing
        else None
    )
    today = timezone.localdate()
    for n in range(spec.times):
        on: date = today - timedelta(days=spec.first_days_ago - n * spec.every)
        # The giver's side records it (its contact, or the coordinator for it).
        recorder = actor(spec.giver)
        exchange = services.exchange_record(
            exchange=Exchange(
                giver=giver,
                receiver=receiver,
                what=spec.what,
                value=Decimal(spec.value),
                is_gift=spec.value == "0",
                exchanged_on=on,
                listing=listing,
                answer=answer,
            ),
            by=recorder,
            for_organisation=giver if spec.giver in ACTORS else None,
        )
        if spec.giver not in ACTORS:
            services.exchange_confirm(exchange=exchange, side=Exchange.Side.GIVER, by=recorder)
        if n < spec.times - spec.unconfirmed:
            services.exchange_confirm(
                exchange=exchange, side=Exchange.Side.RECEIVER, by=actor(spec.receiver)
            )
    return spec.times
