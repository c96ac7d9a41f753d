"""The demo district's tables (seed_demo runs this after the sub-projects): the Tavolo Tecnico,
meeting monthly, and the Tavolo di Regia, meeting quarterly, with a year of meetings whose minutes
were approved at the following one (the latest still in draft), decisions, actions (done, open,
overdue) and cases on the Tavolo Tecnico's agenda only for people who consent to it. Everything
goes through the same services as the pages."""

from datetime import date, datetime, time, timedelta
from itertools import cycle
from typing import TextIO

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from ponte.governance import services
from ponte.governance.models import ActionItem, Attendance, Meeting, Table
from ponte.network.models import Organisation, User
from ponte.pathways.models import Consent, Person
from ponte.pathways.selectors import people_with_consent
from ponte.projects.models import SubProject

COORDINATOR = "coordinatore"
OLTRE = "Cooperativa sociale Oltre"
FASSA = "Comun General de Fascia"

# username → the organisation represented at the table.
TECHNICAL = {
    "coordinatore": OLTRE,
    "operatore.oltre": OLTRE,
    "operatore.lerais": "Cooperativa sociale Le Rais",
    "inviante.fiemme": "Comunità Territoriale della Val di Fiemme",
    "inviante.fassa": FASSA,
    "tavolo": FASSA,
}
# The demo has no accounts of the funders: the public bodies sit for them.
STEERING = {
    "coordinatore": OLTRE,
    "referente.terrealtre": "Cooperativa sociale Terre Altre",
    "referente.cassarurale": "Cassa Rurale di Fiemme",
    "tavolo": FASSA,
}

TECHNICAL_ITEMS = [
    "Nuove segnalazioni dei servizi invianti",
    "Andamento dei percorsi in corso",
    "Casi in discussione",
]
STEERING_ITEMS = [
    "Stato di avanzamento dei sottoprogetti",
    "Bilancio e rendicontazione ai finanziatori",
    "Indicatori di «Welfare Km zero»",
]
DECISIONS = [
    "Si approva l'avvio di due nuovi tirocini di inclusione presso le aziende aderenti.",
    "Si rinvia al prossimo incontro la valutazione del laboratorio di falegnameria.",
    "Si chiede ai servizi invianti di usare la nuova scheda di segnalazione.",
    "Si approva la rendicontazione del trimestre da inviare ai finanziatori.",
    "Si concorda di presentare il distretto alla fiera di Cavalese.",
]
ACTIONS = [
    "Inviare ai membri la scheda di segnalazione aggiornata",
    "Contattare le aziende per le nuove disponibilità di tirocinio",
    "Preparare il prospetto delle ore di laboratorio",
    "Raccogliere i dati degli indicatori del trimestre",
]


def seed(*, stdout: TextIO) -> None:
    if Table.objects.exists():
        stdout.write("Tables: the demo tables are already there.")
        return
    users = {u.username: u for u in User.objects.filter(username__in={*TECHNICAL, *STEERING})}
    organisations = {o.name: o for o in Organisation.objects.all()}
    coordinator = users[COORDINATOR]
    today = timezone.localdate()
    technical = _table("Tavolo Tecnico", Table.Kind.TECHNICAL, TECHNICAL, users, organisations)
    steering = _table("Tavolo di Regia", Table.Kind.STEERING, STEERING, users, organisations)
    sub_projects = list(SubProject.objects.order_by("title"))
    people = list(people_with_consent(Consent.Purpose.TABLE).order_by("code")[:4])
    first = (today - relativedelta(months=12)).replace(day=1)
    technical_days = [_day(first + relativedelta(months=n), 2, 15) for n in range(15)]
    steering_days = [_day(first + relativedelta(months=3 * n), 4, 17) for n in range(6)]
    counts = []
    for table, days, items in (
        (technical, technical_days, TECHNICAL_ITEMS),
        (steering, steering_days, STEERING_ITEMS),
    ):
        past = [d for d in days if d.date() < today]
        future = next(d for d in days if d.date() >= today)
        meetings = [
            _held(table, starts_at, n, items, sub_projects, people, coordinator, today)
            for n, starts_at in enumerate(past)
        ]
        for meeting, following in zip(meetings, meetings[1:], strict=False):
            services.minutes_approve(meeting=meeting, at=following)
        services.meeting_schedule(
            table=table, starts_at=future, place=_place(table), by=coordinator
        )
        counts.append(f"{table.name}: {len(meetings) + 1} meetings")
    stdout.write(f"Tables: {'; '.join(counts)}.")


def _day(month: date, weekday_week: int, hour: int) -> datetime:
    """The second (or fourth) Tuesday of the month, at `hour`."""
    first_tuesday = month + timedelta(days=(1 - month.weekday()) % 7)
    day = first_tuesday + timedelta(weeks=weekday_week - 1)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _place(table: Table) -> str:
    if table.kind == Table.Kind.TECHNICAL:
        return "Sala riunioni della Comunità Territoriale, Cavalese"
    return "Sede della Cooperativa sociale Oltre, Cavalese"


def _table(
    name: str,
    kind: str,
    members: dict[str, str],
    users: dict[str, User],
    organisations: dict[str, Organisation],
) -> Table:
    table = services.table_create(name=name, kind=kind)
    for username, organisation in members.items():
        services.table_member_add(
            table=table, user=users[username], organisation=organisations[organisation]
        )
    return table


def _held(
    table: Table,
    starts_at: datetime,
    n: int,
    items: list[str],
    sub_projects: list[SubProject],
    people: list[Person],
    coordinator: User,
    today: date,
) -> Meeting:
    meeting = services.meeting_schedule(
        table=table, starts_at=starts_at, place=_place(table), by=coordinator
    )
    meeting = services.meeting_mark_held(meeting=meeting)
    projects = cycle(sub_projects) if sub_projects else None
    agenda = []
    for title in items:
        linked = next(projects) if projects and "sottoprogett" in title.lower() else None
        agenda.append(services.agenda_item_add(meeting=meeting, title=title, sub_project=linked))
    if table.kind == Table.Kind.TECHNICAL and people:
        for person in people[n % 2 :: 2]:
            services.agenda_case_add(item=agenda[-1], person=person, by=coordinator)
    members = list(table.memberships.values_list("user_id", flat=True))
    statuses: dict[int, str] = dict.fromkeys(members, Attendance.Status.PRESENT.value)
    statuses[members[n % len(members)]] = (
        Attendance.Status.EXCUSED if n % 2 else Attendance.Status.ABSENT
    )
    services.attendance_record(meeting=meeting, statuses=statuses)
    services.decision_add(
        meeting=meeting,
        text=DECISIONS[n % len(DECISIONS)],
        agenda_item=agenda[0],
        sub_project=next(projects) if projects else None,
    )
    owners = list(table.members.order_by("username"))
    due_on = timezone.localtime(starts_at).date() + timedelta(days=21)
    action = services.action_add(
        meeting=meeting,
        text=ACTIONS[n % len(ACTIONS)],
        owner=owners[n % len(owners)],
        due_on=due_on,
    )
    # Most past actions were done; every third one is still open (and so overdue).
    if due_on < today and n % 3:
        services.action_set_status(action=action, status=ActionItem.Status.DONE)
    services.minutes_save(
        meeting=meeting,
        text=(
            "Il coordinatore apre l'incontro e verifica il numero dei presenti. "
            "Si discutono i punti all'ordine del giorno; le decisioni e le azioni sono "
            "riportate in calce."
        ),
    )
    return meeting
