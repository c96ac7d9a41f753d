"""A small, fixed district for the indicator tests: a handful of people, placements, attendance,
follow-ups, level changes, referrals, consents, exchanges, sub-projects and budget lines, with
dates on both sides of the edges of the year 2025. Every expected value in the tests is counted
by hand from the comments below.

People (municipality, pathway, level history, consent to statistics):
- anna: Cavalese, opened 2024-03-01, open; 1 -> 2 on 2025-06-01, 2 -> 3 on 2026-02-01 (level 2 at
  the end of 2025); consent since 2024-03-01.
- bruno: Cavalese, accepted 2025-01-01 (social service); 0 -> 1 on 2025-03-01; consent since
  2025-01-01.
- carla: Moena (Fassa), accepted 2024-12-31; 2 -> 1 on 2025-09-01; closed 2025-12-31; consent
  withdrawn on 2025-12-31.
- dario: Predazzo, accepted 2025-12-31 (mental health); level 0; consent given 2026-01-05.
- elena: Cavalese, opened 2023-01-01, closed 2025-12-30; 3 -> 4 on 2025-02-01; consent until
  2026-06-30.
- franco: referral received 2025-05-01, not decided; gina: referral declined 2025-05-02;
  hugo: accepted 2026-01-01.

Places: "lab" (laboratory, 4 places, org A), "coop" (internship in a cooperative, 2 places,
org B, Predazzo), "old" (training, inactive, 10 places); opening "tis" (TIS, company).

Placements (all 5 hours a week, 1 hour a working day):
- pl1 anna in tis: 2025-01-01 -> 2025-05-31, hired; follow-ups 1: employed, 3: not, 6: employed.
- pl2 bruno in lab: from 2024-12-31, active (planned end 2026-06-30).
- pl3 carla in coop: 2025-03-01 -> 2025-10-15, completed; follow-up 1: employed.
- pl4 elena in tis: 2025-02-01 -> 2025-12-31, interrupted; follow-up 1 "employed" (not yet due).
- pl5 dario in lab: from 2025-12-31, active (planned end 2026-03-31).
- pl6 bruno in tis: 2024-06-01 -> 2024-12-31, hired.
- pl7 carla in lab: withdrawn, never started.

Attendance: pl1 2025-01-01 6 h; pl2 2024-12-31 5 h, 2025-01-02 4 h, 2025-12-31 3.5 h; pl3
2025-03-03 8 h; pl5 2026-01-02 4 h; pl6 2024-12-30 5 h.

Exchanges (confirmed unless said): company -> A 100 € on 2025-01-01; A -> company 50 € on
2025-12-31; A -> B gift on 2025-06-01; A -> B 1,000 € on 2025-06-01 not confirmed by B; B -> A
200 € on 2024-12-31.

Sub-projects: "Laboratorio" (lead A, 2025, linked to coop): cost "Personale" planned 1,000,
movements 300 + 200 in 2025; revenue "Vendite" planned 800, movement 400; indicator by hand
"Persone inserite" 0 -> 10, values 3 on 2025-06-30 and 7 on 2026-01-15. "Ristorante" (lead B,
2024-2026, linked to tis): cost "Affitto" planned 1,200, movements 600 in 2024 and 100 on
2025-01-01; computed indicator "hires" 0 -> 4 over 2025. "Vecchio" (lead company, 2023).
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from ponte.core.tests.helpers import CAVALESE, MOENA, PREDAZZO
from ponte.marketplace.models import Exchange
from ponte.network.models import Municipality, Organisation, User
from ponte.openings.models import Opening
from ponte.pathways.models import (
    Attendance,
    Consent,
    FollowUp,
    Level,
    LevelChange,
    Person,
    Placement,
    Referral,
    Service,
)
from ponte.projects.models import BudgetLine, Indicator, IndicatorValue, Movement, SubProject

YEAR_START = date(2025, 1, 1)
YEAR_END = date(2025, 12, 31)
D = date


@dataclass
class Dataset:
    people: dict[str, Person]
    placements: dict[str, Placement]
    services: dict[str, Service]
    opening: Opening
    subprojects: dict[str, SubProject]
    levels: dict[int, Level]


def build_dataset(
    *,
    municipalities: dict[str, Municipality],
    org_a: Organisation,
    org_b: Organisation,
    company: Organisation,
    user: User,
) -> Dataset:
    levels = {level.number: level for level in Level.objects.all()}

    def person(name: str, municipality: str, level: int, status: str, **dates: date) -> Person:
        return Person.objects.create(
            first_name=name.title(),
            last_name="Prova",
            basis=Person.Basis.UNCERTIFIED,
            municipality=municipalities[municipality],
            level=levels[level],
            status=status,
            organisation=org_a,
            **dates,
        )

    OPEN, CLOSED = Person.Status.OPEN, Person.Status.CLOSED
    people = {
        "anna": person("anna", CAVALESE, 3, OPEN, opened_on=D(2024, 3, 1)),
        "bruno": person("bruno", CAVALESE, 1, OPEN, opened_on=D(2025, 1, 1)),
        "carla": person(
            "carla", MOENA, 1, CLOSED, opened_on=D(2024, 12, 31), closed_on=D(2025, 12, 31)
        ),
        "dario": person("dario", PREDAZZO, 0, OPEN, opened_on=D(2025, 12, 31)),
        "elena": person(
            "elena", CAVALESE, 4, CLOSED, opened_on=D(2023, 1, 1), closed_on=D(2025, 12, 30)
        ),
        "franco": person("franco", CAVALESE, 0, Person.Status.REFERRED),
        "gina": person("gina", CAVALESE, 0, Person.Status.DECLINED),
        "hugo": person("hugo", CAVALESE, 0, OPEN, opened_on=D(2026, 1, 1)),
    }

    def referral(name: str, status: str, kind: str, on: date) -> None:
        Referral.objects.create(
            person=people[name],
            from_organisation=org_b,
            service_kind=kind,
            referred_by=user,
            referred_on=on,
            reason="Prova",
            status=status,
            decided_on=on if status != Referral.Status.RECEIVED else None,
        )

    ACCEPTED, SOCIAL = Referral.Status.ACCEPTED, Referral.ServiceKind.SOCIAL_SERVICE
    referral("anna", ACCEPTED, SOCIAL, D(2024, 3, 1))
    referral("bruno", ACCEPTED, SOCIAL, D(2025, 1, 1))
    referral("carla", ACCEPTED, SOCIAL, D(2024, 12, 31))
    referral("dario", ACCEPTED, Referral.ServiceKind.MENTAL_HEALTH, D(2025, 12, 31))
    referral("elena", ACCEPTED, SOCIAL, D(2023, 1, 1))
    referral("franco", Referral.Status.RECEIVED, SOCIAL, D(2025, 5, 1))
    referral("gina", Referral.Status.DECLINED, SOCIAL, D(2025, 5, 2))
    referral("hugo", ACCEPTED, SOCIAL, D(2026, 1, 1))

    def change(name: str, on: date, source: int | None, target: int) -> None:
        LevelChange.objects.create(
            person=people[name],
            changed_on=on,
            from_level=levels[source] if source is not None else None,
            to_level=levels[target],
            cause=LevelChange.Cause.ASSESSMENT if source is not None else LevelChange.Cause.INTAKE,
        )

    change("anna", D(2024, 3, 1), None, 1)
    change("anna", D(2025, 6, 1), 1, 2)
    change("anna", D(2026, 2, 1), 2, 3)
    change("bruno", D(2025, 1, 1), None, 0)
    change("bruno", D(2025, 3, 1), 0, 1)
    change("carla", D(2024, 12, 31), None, 2)
    change("carla", D(2025, 9, 1), 2, 1)
    change("dario", D(2025, 12, 31), None, 0)
    change("elena", D(2025, 2, 1), 3, 4)

    def consent(name: str, given: date, **dates: date) -> None:
        Consent.objects.create(
            person=people[name],
            purpose=Consent.Purpose.STATISTICS,
            given_on=given,
            recorded_by=user,
            document_reference="Prot. 1",
            **dates,
        )

    consent("anna", D(2024, 3, 1))
    consent("bruno", D(2025, 1, 1))
    consent("carla", D(2024, 12, 31), withdrawn_on=D(2025, 12, 31))
    consent("dario", D(2026, 1, 5))
    consent("elena", D(2023, 1, 1), expires_on=D(2026, 6, 30))
    # A consent to another purpose does not count for statistics.
    Consent.objects.create(
        person=people["dario"],
        purpose=Consent.Purpose.PATHWAY,
        given_on=D(2025, 1, 1),
        recorded_by=user,
        document_reference="Prot. 2",
    )

    services = {
        "lab": Service.objects.create(
            provider=org_a,
            name="Laboratorio",
            kind=Service.Kind.LABORATORY,
            places=4,
            municipality=municipalities[CAVALESE],
        ),
        "coop": Service.objects.create(
            provider=org_b,
            name="Tirocinio in cooperativa",
            kind=Service.Kind.COOP_INTERNSHIP,
            places=2,
            municipality=municipalities[PREDAZZO],
        ),
        "old": Service.objects.create(
            provider=org_a,
            name="Corso chiuso",
            kind=Service.Kind.TRAINING,
            places=10,
            municipality=municipalities[CAVALESE],
            is_active=False,
        ),
    }
    opening = Opening.objects.create(
        host=company,
        kind=Opening.Kind.TIS,
        title="Aiuto in pastificio",
        tasks="Confezionamento",
        min_level=levels[2],
        hours_per_week=5,
        municipality=company.municipality,
        places=3,
        starts_on=D(2024, 1, 1),
        created_by=user,
        status=Opening.Status.OPEN,
    )

    def placement(name: str, place: Service | Opening, status: str, **fields: object) -> Placement:
        where = {"opening": place} if isinstance(place, Opening) else {"service": place}
        start = fields.get("actual_start") or D(2025, 1, 1)
        return Placement.objects.create(
            person=people[name],
            status=status,
            planned_start=start,
            planned_end=fields.pop("planned_end", fields.get("actual_end") or D(2026, 6, 30)),
            hours_per_week=5,
            promoter=org_a,
            host=place.host if isinstance(place, Opening) else place.provider,
            proposed_by=user,
            **where,
            **fields,
        )

    ACTIVE, ENDED, OUTCOME = Placement.Status.ACTIVE, Placement.Status.ENDED, Placement.Outcome
    placements = {
        "pl1": placement(
            "anna",
            opening,
            ENDED,
            actual_start=D(2025, 1, 1),
            actual_end=D(2025, 5, 31),
            outcome=OUTCOME.HIRED,
        ),
        "pl2": placement("bruno", services["lab"], ACTIVE, actual_start=D(2024, 12, 31)),
        "pl3": placement(
            "carla",
            services["coop"],
            ENDED,
            actual_start=D(2025, 3, 1),
            actual_end=D(2025, 10, 15),
            outcome=OUTCOME.COMPLETED,
        ),
        "pl4": placement(
            "elena",
            opening,
            ENDED,
            actual_start=D(2025, 2, 1),
            actual_end=D(2025, 12, 31),
            outcome=OUTCOME.INTERRUPTED,
        ),
        "pl5": placement(
            "dario",
            services["lab"],
            ACTIVE,
            actual_start=D(2025, 12, 31),
            planned_end=D(2026, 3, 31),
        ),
        "pl6": placement(
            "bruno",
            opening,
            ENDED,
            actual_start=D(2024, 6, 1),
            actual_end=D(2024, 12, 31),
            outcome=OUTCOME.HIRED,
        ),
        "pl7": placement("carla", services["lab"], Placement.Status.WITHDRAWN),
    }

    def follow_up(name: str, months: int, employed: bool) -> None:
        FollowUp.objects.create(
            placement=placements[name], months=months, due_on=D(2026, 1, 1), employed=employed
        )

    follow_up("pl1", 1, True)
    follow_up("pl1", 3, False)
    follow_up("pl1", 6, True)
    follow_up("pl3", 1, True)
    follow_up("pl4", 1, True)

    def attendance(name: str, day: date, hours: str) -> None:
        Attendance.objects.create(
            placement=placements[name], day=day, hours=Decimal(hours), recorded_by=user
        )

    attendance("pl1", D(2025, 1, 1), "6")
    attendance("pl2", D(2024, 12, 31), "5")
    attendance("pl2", D(2025, 1, 2), "4")
    attendance("pl2", D(2025, 12, 31), "3.5")
    attendance("pl3", D(2025, 3, 3), "8")
    attendance("pl5", D(2026, 1, 2), "4")
    attendance("pl6", D(2024, 12, 30), "5")

    def exchange(giver: Organisation, receiver: Organisation, value: str, on: date, **kw) -> None:
        confirmed = timezone.make_aware(datetime(2026, 1, 1, 12))
        Exchange.objects.create(
            giver=giver,
            receiver=receiver,
            what="Prova",
            value=Decimal(value),
            exchanged_on=on,
            recorded_by=user,
            giver_confirmed_at=confirmed,
            receiver_confirmed_at=kw.pop("receiver_confirmed_at", confirmed),
            **kw,
        )

    exchange(company, org_a, "100", D(2025, 1, 1))
    exchange(org_a, company, "50", D(2025, 12, 31))
    exchange(org_a, org_b, "0", D(2025, 6, 1), is_gift=True)
    exchange(org_a, org_b, "1000", D(2025, 6, 1), receiver_confirmed_at=None)
    exchange(org_b, org_a, "200", D(2024, 12, 31))

    def subproject(title: str, lead: Organisation, start: date, end: date) -> SubProject:
        return SubProject.objects.create(
            title=title, lead=lead, starts_on=start, ends_on=end, status=SubProject.Status.ACTIVE
        )

    subprojects = {
        "laboratorio": subproject("Laboratorio", org_a, D(2025, 1, 1), D(2025, 12, 31)),
        "ristorante": subproject("Ristorante", org_b, D(2024, 1, 1), D(2026, 12, 31)),
        "vecchio": subproject("Vecchio", company, D(2023, 1, 1), D(2023, 12, 31)),
    }
    # Partners' links, as the coordinator makes them with the partner's agreement: a
    # sub-project counts only its lead's and its partners' services and openings.
    subprojects["laboratorio"].partners.set([org_b])
    subprojects["laboratorio"].services.set([services["coop"]])
    subprojects["ristorante"].partners.set([company])
    subprojects["ristorante"].openings.set([opening])

    def line(sub: str, name: str, kind: str, planned: str, *movements: tuple[date, str]) -> None:
        budget_line = BudgetLine.objects.create(
            subproject=subprojects[sub], name=name, kind=kind, planned=Decimal(planned)
        )
        for on, amount in movements:
            Movement.objects.create(
                budget_line=budget_line,
                on=on,
                amount=Decimal(amount),
                description="Prova",
                recorded_by=user,
            )

    COST, REVENUE = BudgetLine.Kind.COST, BudgetLine.Kind.REVENUE
    line("laboratorio", "Personale", COST, "1000", (D(2025, 3, 1), "300"), (D(2025, 12, 31), "200"))
    line("laboratorio", "Vendite", REVENUE, "800", (D(2025, 6, 1), "400"))
    line("ristorante", "Affitto", COST, "1200", (D(2024, 6, 1), "600"), (D(2025, 1, 1), "100"))
    line("vecchio", "Sede", COST, "500", (D(2023, 6, 1), "500"))

    manual = Indicator.objects.create(
        subproject=subprojects["laboratorio"],
        name="Persone inserite",
        unit="persone",
        dimension=Indicator.Dimension.EMPOWERMENT,
        baseline=Decimal("0"),
        target=Decimal("10"),
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
    )
    for on, value in ((D(2025, 6, 30), "3"), (D(2026, 1, 15), "7")):
        IndicatorValue.objects.create(
            indicator=manual, on=on, value=Decimal(value), recorded_by=user
        )
    Indicator.objects.create(
        subproject=subprojects["ristorante"],
        name="Assunzioni",
        unit="persone",
        dimension=Indicator.Dimension.EMPOWERMENT,
        baseline=Decimal("0"),
        target=Decimal("4"),
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
        source=Indicator.Source.COMPUTED,
        computation="hires",
    )
    return Dataset(people, placements, services, opening, subprojects, levels)
