"""The demo district: DES Fiemme e Fassa, its members, funders and one account per role.

The organisations are the real members and funders of the district (docs/domain.md, "The
network"); their VAT numbers, staff figures and contacts are fictional, and so are all the
people.
"""

from datetime import date
from typing import Any, TextIO

from django.conf import settings
from stdnum import luhn

from ponte.network.models import (
    District,
    Membership,
    Municipality,
    Organisation,
    Role,
    Sector,
    User,
)
from ponte.network.municipalities import municipalities_load

Kind = Organisation.Kind
Relation = Organisation.Relation


def fictional_vat_number(serial: int, *, start: int = 9000000) -> str:
    """A well-formed VAT number (Trento office code 022, valid check digit) that is made up."""
    body = f"{start + serial:07d}022"
    return body + luhn.calc_check_digit(body)


DISTRICT = {
    "name": "Distretto di Economia Solidale delle valli di Fiemme e Fassa",
    "short_name": "DES Fiemme e Fassa",
    "territory": "Val di Fiemme e Val di Fassa (Trentino)",
    "presentation": (
        "Enti pubblici, cooperative sociali, imprese e la banca del territorio si aiutano a "
        "comprare, vendere, scambiare e donare beni, servizi e informazioni, e soprattutto ad "
        "accompagnare al lavoro le persone che attraversano un periodo di fragilità: dalle "
        "attività pre-lavorative in cooperativa, ai tirocini, fino a un impiego in un'azienda "
        "della valle."
    ),
    "email": "info@des-fiemmefassa.example",
}

# name → fields. Municipalities by ISTAT code; None for organisations outside the valleys.
ORGANISATIONS: list[dict[str, Any]] = [
    {
        "name": "Comun General de Fascia",
        "kind": Kind.PUBLIC_BODY,
        "municipality": "022250",
        "address": "Strada di Prè de Gejia 2",
        "description": (
            "L'ente territoriale delle sei comunità ladine della Val di Fassa: gestisce i servizi "
            "sociali della valle e segnala al distretto le persone da accompagnare al lavoro."
        ),
        "member_since": date(2023, 3, 1),
        "employees": 95,
        "sectors": ["public_administration", "social_services"],
    },
    {
        "name": "Comunità Territoriale della Val di Fiemme",
        "kind": Kind.PUBLIC_BODY,
        "municipality": "022050",
        "address": "Via Alberti 4",
        "description": (
            "L'ente che riunisce i comuni della Val di Fiemme; il suo servizio sociale è tra i "
            "promotori del distretto e segnala le persone in carico."
        ),
        "member_since": date(2023, 3, 1),
        "employees": 110,
        "sectors": ["public_administration", "social_services"],
    },
    {
        "name": "Cooperativa sociale Le Rais",
        "kind": Kind.SOCIAL_COOP_B,
        "municipality": "022050",
        "address": "Via Roma 18",
        "description": (
            "Cooperativa di inserimento lavorativo: gestisce a Cavalese un ristorante e un "
            "servizio di catering in cui lavorano persone in percorso."
        ),
        "member_since": date(2023, 3, 1),
        "employees": 22,
        "sectors": ["catering", "training"],
    },
    {
        "name": "Cooperativa sociale Oltre",
        "kind": Kind.SOCIAL_COOP_AB,
        "municipality": "022050",
        "address": "Via Pizzegoda 7",
        "description": (
            "Servizi socio-educativi e una lavanderia per gli alberghi della valle a Cavalese, "
            "dove si svolgono laboratori e tirocini. Coordina il distretto."
        ),
        "member_since": date(2023, 3, 1),
        "employees": 38,
        "sectors": ["laundry", "social_services", "training"],
    },
    {
        "name": "Cooperativa sociale Progetto 92",
        "kind": Kind.SOCIAL_COOP_A,
        "municipality": "022147",
        "address": "Via Marconi 5",
        "description": (
            "Servizi educativi per giovani e famiglie, orientamento e percorsi di autonomia per "
            "ragazzi e adulti in difficoltà."
        ),
        "member_since": date(2023, 6, 15),
        "employees": 30,
        "sectors": ["social_services", "training"],
    },
    {
        "name": "Cooperativa sociale Terre Altre",
        "kind": Kind.SOCIAL_COOP_B,
        "municipality": "022047",
        "address": "Località Masi 3",
        "description": (
            "Agricoltura sociale: un allevamento di galline ovaiole all'aperto e la vendita delle "
            "uova alle famiglie, ai negozi e agli alberghi delle due valli."
        ),
        "member_since": date(2023, 6, 15),
        "employees": 9,
        "sectors": ["agriculture", "food"],
    },
    {
        "name": "Famiglia Cooperativa Fiemme",
        "kind": Kind.COMPANY,
        "municipality": "022050",
        "address": "Via Bronzetti 21",
        "description": "Cooperativa di consumo con punti vendita in tutta la valle.",
        "member_since": date(2023, 9, 1),
        "employees": 85,
        "sectors": ["retail", "food"],
    },
    {
        "name": "Fiemme 3000",
        "kind": Kind.COMPANY,
        "municipality": "022196",
        "address": "Via Stazione 10",
        "description": "Impresa dei servizi turistici e di manutenzione del territorio.",
        "member_since": date(2023, 9, 1),
        "employees": 42,
        "sectors": ["hospitality", "forestry"],
    },
    {
        "name": "Pastificio Felicetti",
        "kind": Kind.COMPANY,
        "municipality": "022147",
        "address": "Via Sottopedonda 11",
        "description": (
            "Pastificio artigianale di Predazzo: produzione, confezionamento e logistica."
        ),
        "member_since": date(2023, 9, 1),
        "employees": 120,
        "sectors": ["food", "crafts"],
    },
    {
        "name": "Cassa Rurale di Fiemme",
        "kind": Kind.BANK,
        "municipality": "022050",
        "address": "Via Francesco Antonio Giovanelli 1",
        "description": (
            "La banca di credito cooperativo della valle: sostiene il distretto con credito, "
            "formazione e consulenza alle cooperative e alle famiglie."
        ),
        "member_since": date(2023, 3, 1),
        "employees": 110,
        "sectors": ["finance"],
    },
    {
        "name": "Fondazione Caritro",
        "kind": Kind.FOUNDATION,
        "relation": Relation.FUNDER,
        "municipality": None,
        "address": "Trento",
        "description": "Finanzia il progetto con il bando «Welfare Km zero».",
        "sectors": ["philanthropy"],
    },
    {
        "name": "Fondazione Franco Demarchi",
        "kind": Kind.FOUNDATION,
        "relation": Relation.FUNDER,
        "municipality": None,
        "address": "Trento",
        "description": "Sostiene il progetto nell'ambito di «Welfare Km zero».",
        "sectors": ["philanthropy", "training"],
    },
    {
        "name": "Provincia Autonoma di Trento",
        "kind": Kind.PUBLIC_BODY,
        "relation": Relation.FUNDER,
        "municipality": None,
        "address": "Trento",
        "description": "Cofinanzia il progetto nell'ambito di «Welfare Km zero».",
        "sectors": ["public_administration"],
    },
    {
        "name": "Consiglio delle autonomie locali",
        "kind": Kind.PUBLIC_BODY,
        "relation": Relation.FUNDER,
        "municipality": None,
        "address": "Trento",
        "description": "Partecipa al finanziamento di «Welfare Km zero».",
        "sectors": ["public_administration"],
    },
]

# username → (first name, last name, [(organisation, role), …]); all people are fictional.
ACCOUNTS: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "coordinatore": ("Giulia", "Vanzo", [("Cooperativa sociale Oltre", Role.COORDINATOR)]),
    "operatore.oltre": ("Marco", "Delvai", [("Cooperativa sociale Oltre", Role.CASE_WORKER)]),
    "operatore.lerais": (
        "Sara",
        "Zeni",
        [
            ("Cooperativa sociale Le Rais", Role.CASE_WORKER),
            ("Cooperativa sociale Terre Altre", Role.CASE_WORKER),
        ],
    ),
    "inviante.fiemme": (
        "Chiara",
        "Bonelli",
        [("Comunità Territoriale della Val di Fiemme", Role.REFERRER)],
    ),
    "inviante.fassa": ("Luca", "Pederiva", [("Comun General de Fascia", Role.REFERRER)]),
    "tutor.felicetti": ("Paolo", "Dellantonio", [("Pastificio Felicetti", Role.COMPANY_TUTOR)]),
    "tutor.famcoop": ("Elena", "Vinante", [("Famiglia Cooperativa Fiemme", Role.COMPANY_TUTOR)]),
    "referente.terrealtre": (
        "Anna",
        "Gilmozzi",
        [("Cooperativa sociale Terre Altre", Role.MEMBER_CONTACT)],
    ),
    "referente.cassarurale": (
        "Stefano",
        "Corradini",
        [("Cassa Rurale di Fiemme", Role.MEMBER_CONTACT)],
    ),
    "tavolo": ("Francesca", "Bernard", [("Comun General de Fascia", Role.TABLE_MEMBER)]),
    "dpo": ("Roberto", "Cristel", [("Cooperativa sociale Oltre", Role.DPO)]),
}


def seed(*, stdout: TextIO) -> None:
    municipalities_load()
    district = District.objects.first() or District()
    for field, value in DISTRICT.items():
        setattr(district, field, value)
    district.save()
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    municipalities = {m.istat_code: m for m in Municipality.objects.all()}
    organisations = {}
    for serial, spec in enumerate(ORGANISATIONS, start=1):
        fields = {k: v for k, v in spec.items() if k not in {"name", "sectors", "municipality"}}
        fields["municipality"] = municipalities.get(spec["municipality"] or "")
        fields.setdefault("relation", Relation.MEMBER)
        if fields["relation"] == Relation.MEMBER:
            fields["vat_number"] = fictional_vat_number(serial)
            slug = spec["name"].lower().split()[-1].replace("'", "")
            fields["email"] = f"info@{slug}.example"
        organisation, _created = Organisation.objects.update_or_create(
            name=spec["name"], defaults=fields
        )
        organisation.sectors.set([sectors[code] for code in spec["sectors"]])
        organisations[organisation.name] = organisation

    admin, created = User.objects.update_or_create(
        username="admin",
        defaults={
            "first_name": "Amministratore",
            "last_name": "Tecnico",
            "email": "admin@des-fiemmefassa.example",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if created:
        admin.set_password(settings.DEMO_PASSWORD)
        admin.save()
    for username, (first_name, last_name, roles) in ACCOUNTS.items():
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@des-fiemmefassa.example",
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        for organisation_name, role in roles:
            Membership.objects.update_or_create(
                user=user,
                organisation=organisations[organisation_name],
                defaults={"role": role, "is_active": True},
            )
    stdout.write(f"Network: {len(organisations)} organisations, {len(ACCOUNTS) + 1} demo accounts.")
