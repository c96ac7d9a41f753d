"""The demo sub-projects (seed_demo runs this after the pathways and the marketplace): the three
known activities of the district — eggs at Terre Altre, laundry for hotels at Oltre, restaurant
and catering at Le Rais — with their partners and funders, linked to the cooperatives' services
of the demo so that the computed indicators show real numbers, a year of expenses and revenues,
and indicators entered by hand with values over the months.

Dates are relative to today, like the rest of the demo; everything goes through services.py.
The coordinator records the movements and values, as the coordination does for the smaller
members."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TextIO

from dateutil.relativedelta import relativedelta

from ponte.network.models import Organisation, User
from ponte.pathways.models import Service
from ponte.projects import services
from ponte.projects.models import BudgetLine, Indicator, IndicatorValue, Movement, SubProject

TERRE_ALTRE = "Cooperativa sociale Terre Altre"
OLTRE = "Cooperativa sociale Oltre"
LE_RAIS = "Cooperativa sociale Le Rais"
PROGETTO_92 = "Cooperativa sociale Progetto 92"
FAMCOOP = "Famiglia Cooperativa Fiemme"
FELICETTI = "Pastificio Felicetti"
FIEMME_BODY = "Comunità Territoriale della Val di Fiemme"
FASSA_BODY = "Comun General de Fascia"
CASSA_RURALE = "Cassa Rurale di Fiemme"
CARITRO = "Fondazione Caritro"
DEMARCHI = "Fondazione Franco Demarchi"
PROVINCIA = "Provincia Autonoma di Trento"
COORDINATOR = "coordinatore"

COST, REVENUE = BudgetLine.Kind.COST, BudgetLine.Kind.REVENUE
EMPOWERMENT = Indicator.Dimension.EMPOWERMENT
COMMUNITIES = Indicator.Dimension.COMMUNITIES
ECOSYSTEM = Indicator.Dimension.ECOSYSTEM


@dataclass(frozen=True)
class DemoLine:
    name: str
    kind: str
    planned: str  # for the whole period (two years)
    monthly: str  # the actual movement of each month of the past year
    description: str


@dataclass(frozen=True)
class DemoManual:
    name: str
    unit: str
    dimension: str
    baseline: str
    target: str
    monthly: str  # growth per month from the baseline
    note: str


@dataclass(frozen=True)
class DemoSubProject:
    title: str
    description: str
    lead: str
    partners: tuple[str, ...]
    funders: tuple[str, ...]
    services: tuple[str, ...]
    lines: tuple[DemoLine, ...]
    # Targets of the computed indicators over the two years.
    targets: dict[str, str]
    manual: tuple[DemoManual, ...]


SUBPROJECTS = [
    DemoSubProject(
        "Uova di Terre Altre",
        "Allevamento all'aperto di galline ovaiole a Carano: raccolta, selezione e consegna "
        "delle uova a famiglie, negozi e alberghi, con persone in percorso di inserimento.",
        TERRE_ALTRE,
        (FAMCOOP, FIEMME_BODY),
        (CARITRO, CASSA_RURALE),
        ("Allevamento e raccolta delle uova",),
        (
            DemoLine("Mangimi e lettiere", COST, "19200", "780", "Fornitura mensile di mangime"),
            DemoLine("Personale e tutor", COST, "43200", "1750", "Quota mensile del tutor"),
            DemoLine("Confezioni ed etichette", COST, "4800", "210", "Confezioni per le uova"),
            DemoLine("Vendita delle uova", REVENUE, "52800", "2350", "Incassi delle consegne"),
            DemoLine("Contributo della fondazione", REVENUE, "12000", "500", "Rata del contributo"),
        ),
        {"people_placed": "6", "hours_attended": "3000", "hires": "2", "value_exchanged": "3000"},
        (
            DemoManual(
                "Famiglie e negozi che acquistano le uova",
                "clienti",
                COMMUNITIES,
                "12",
                "60",
                "2.5",
                "Registro delle consegne",
            ),
        ),
    ),
    DemoSubProject(
        "Lavanderia per gli alberghi",
        "Lavaggio, stiratura e piegatura della biancheria degli alberghi di Fiemme e Fassa a "
        "Cavalese, con tirocini accompagnati da un tutor della cooperativa.",
        OLTRE,
        (PROGETTO_92, FIEMME_BODY, FASSA_BODY),
        (PROVINCIA, CARITRO),
        ("Lavanderia per gli alberghi", "Laboratorio di stireria e piccola sartoria"),
        (
            DemoLine("Detersivi ed energia", COST, "26400", "1150", "Bollette e detersivi"),
            DemoLine("Personale e tutor", COST, "72000", "2950", "Stipendi e tutor"),
            DemoLine("Manutenzione dei macchinari", COST, "6000", "180", "Manutenzione"),
            DemoLine("Servizio agli alberghi", REVENUE, "84000", "3300", "Fatture agli alberghi"),
            DemoLine("Contributo provinciale", REVENUE, "20000", "830", "Rata del contributo"),
        ),
        {"people_placed": "30", "hours_attended": "15000", "hires": "4", "value_exchanged": "4000"},
        (
            DemoManual(
                "Alberghi clienti della lavanderia",
                "alberghi",
                ECOSYSTEM,
                "4",
                "20",
                "0.8",
                "Contratti di servizio firmati",
            ),
        ),
    ),
    DemoSubProject(
        "Ristorante e catering Le Rais",
        "Ristorante aperto al pubblico e catering per eventi a Cavalese: cucina e sala come "
        "luoghi di tirocinio accanto a cuochi e camerieri della cooperativa.",
        LE_RAIS,
        (FELICETTI, FAMCOOP),
        (CASSA_RURALE, DEMARCHI),
        ("Ristorante e catering",),
        (
            DemoLine("Materie prime", COST, "60000", "2600", "Acquisto di materie prime"),
            DemoLine("Personale e tutor", COST, "96000", "3900", "Stipendi e tutor"),
            DemoLine("Attrezzature di cucina", COST, "9000", "300", "Rata delle attrezzature"),
            DemoLine("Ristorante e catering", REVENUE, "150000", "6100", "Incassi del mese"),
        ),
        {"people_placed": "24", "hours_attended": "10000", "hires": "6", "value_exchanged": "3000"},
        (
            DemoManual(
                "Persone che si sentono più autonome (questionario)",
                "%",
                EMPOWERMENT,
                "30",
                "70",
                "2.5",
                "Questionario semestrale alle persone in tirocinio",
            ),
        ),
    ),
]

COMPUTED = {
    "people_placed": ("Persone inserite", "persone", EMPOWERMENT),
    "hours_attended": ("Ore di presenza", "ore", EMPOWERMENT),
    "hires": ("Assunzioni", "persone", COMMUNITIES),
    "value_exchanged": ("Valore scambiato nel mercato solidale", "€", ECOSYSTEM),
}


def seed(*, stdout: TextIO) -> None:
    if SubProject.objects.filter(title=SUBPROJECTS[0].title).exists():
        stdout.write("Sub-projects: the demo sub-projects are already there.")
        return
    coordinator = User.objects.get(username=COORDINATOR)
    organisations = {o.name: o for o in Organisation.objects.all()}
    today = date.today()
    starts_on = (today - relativedelta(years=1)).replace(day=1)
    ends_on = starts_on + relativedelta(years=2) - timedelta(days=1)
    movements = 0
    for spec in SUBPROJECTS:
        movements += _subproject(spec, organisations, coordinator, starts_on, ends_on, today)
    stdout.write(f"Sub-projects: {len(SUBPROJECTS)} sub-projects, {movements} movements.")


def _subproject(
    spec: DemoSubProject,
    organisations: dict[str, Organisation],
    by: User,
    starts_on: date,
    ends_on: date,
    today: date,
) -> int:
    lead = organisations[spec.lead]
    subproject = services.subproject_save(
        subproject=SubProject(
            title=spec.title,
            description=spec.description,
            lead=lead,
            starts_on=starts_on,
            ends_on=ends_on,
            status=SubProject.Status.ACTIVE,
        ),
        partners=[organisations[name] for name in spec.partners],
        funders=[organisations[name] for name in spec.funders],
        services=list(Service.objects.filter(provider=lead, name__in=spec.services)),
    )
    count = 0
    for line_spec in spec.lines:
        line = services.budget_line_save(
            line=BudgetLine(
                subproject=subproject,
                name=line_spec.name,
                kind=line_spec.kind,
                planned=Decimal(line_spec.planned),
            )
        )
        on = starts_on + timedelta(days=14)
        month = 0
        while on <= today:
            # A little variation from month to month, the same on every run.
            amount = Decimal(line_spec.monthly) * (Decimal("0.9") + Decimal(month % 5) / 20)
            services.movement_record(
                movement=Movement(
                    budget_line=line,
                    on=on,
                    amount=amount.quantize(Decimal("0.01")),
                    description=f"{line_spec.description} ({on:%m/%Y})",
                    document=f"{'FT' if line_spec.kind == COST else 'RIC'}-{on:%Y%m}-{month + 1}",
                ),
                by=by,
            )
            count += 1
            month += 1
            on = starts_on + relativedelta(months=month) + timedelta(days=14)
    for key, target in spec.targets.items():
        name, unit, dimension = COMPUTED[key]
        services.indicator_save(
            indicator=Indicator(
                subproject=subproject,
                name=name,
                unit=unit,
                dimension=dimension,
                baseline=Decimal("0"),
                target=Decimal(target),
                starts_on=starts_on,
                ends_on=ends_on,
                source=Indicator.Source.COMPUTED,
                computation=key,
            )
        )
    for manual in spec.manual:
        indicator = services.indicator_save(
            indicator=Indicator(
                subproject=subproject,
                name=manual.name,
                unit=manual.unit,
                dimension=manual.dimension,
                baseline=Decimal(manual.baseline),
                target=Decimal(manual.target),
                starts_on=starts_on,
                ends_on=ends_on,
            )
        )
        for quarter in range(1, 5):
            on = starts_on + relativedelta(months=3 * quarter) - timedelta(days=1)
            if on > today:
                break
            value = Decimal(manual.baseline) + Decimal(manual.monthly) * 3 * quarter
            services.indicator_value_record(
                value=IndicatorValue(indicator=indicator, on=on, value=value, note=manual.note),
                by=by,
            )
    return count
