"""The tables' part of the large synthetic data set (`manage.py seed_scale`): years of past
meetings of the demo district's tables, with approved minutes, agenda items, decisions and
actions, with bulk inserts, so that the tables, a table's meetings and the register of decisions
are measured with a realistic amount of data (2,000 meetings and 4,000 decisions by default).
They go to the demo's tables so that the demo members, and the benchmark's user, see them."""

import random
from datetime import timedelta
from typing import Any, TextIO

from django.core.management.base import CommandParser
from django.db import transaction
from django.utils import timezone

from ponte.core.synthetic import unique_codes
from ponte.governance.models import ActionItem, AgendaItem, Decision, Meeting, Table

TOPICS = [
    ("Casi in discussione", "Si concorda di proporre un tirocinio in azienda."),
    ("Abbinamento con le opportunità", "Si approva l'assegnazione proposta per il trimestre."),
    ("Andamento dei sottoprogetti", "Si chiede al capofila il rendiconto del semestre."),
    ("Mercato solidale", "Si promuove il catalogo presso gli alberghi della valle."),
]


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--meetings", type=int, default=2000, help="synthetic past meetings")


@transaction.atomic
def seed(*, stdout: TextIO, meetings: int = 2000, **_options: Any) -> None:
    if meetings <= 0:
        return
    started = timezone.now()
    rng = random.Random(20261127)  # noqa: S311 - reproducible synthetic data, not security
    tables = list(Table.objects.prefetch_related("members").order_by("pk"))
    if not tables or not any(table.members.exists() for table in tables):
        stdout.write("Tables: no tables with members to work with (run seed_demo).")
        return
    members = {table.pk: list(table.members.all()) for table in tables}
    first = Meeting.objects.order_by("starts_at").values_list("starts_at", flat=True).first()
    before = (first or timezone.now()) - timedelta(days=30)
    rows = []
    for index, code in enumerate(unique_codes(rng, Meeting, meetings)):
        table = tables[index % len(tables)]
        people = members[table.pk] or members[tables[0].pk]
        rows.append(
            Meeting(
                code=code,
                table=table,
                starts_at=before - timedelta(days=7 * index),
                place="Sala riunioni della Comunità di Valle",
                status=Meeting.Status.APPROVED,
                minutes="Presenti i membri del tavolo. Si discutono i punti all'ordine del giorno.",
                minutes_approved_on=(before - timedelta(days=7 * index - 30)).date(),
                created_by=rng.choice(people),
            )
        )
    Meeting.objects.bulk_create(rows, batch_size=2000)
    items = [
        AgendaItem(meeting=meeting, order=order + 1, title=title)
        for meeting in rows
        for order, (title, _decision) in enumerate(rng.sample(TOPICS, 3))
    ]
    AgendaItem.objects.bulk_create(items, batch_size=5000)
    decisions = [
        Decision(code=code, meeting=meeting, text=text)
        for (meeting, text), code in zip(
            ((m, decision) for m in rows for _title, decision in rng.sample(TOPICS, 2)),
            unique_codes(rng, Decision, 2 * len(rows)),
            strict=True,
        )
    ]
    Decision.objects.bulk_create(decisions, batch_size=5000)
    actions = [
        ActionItem(
            code=code,
            meeting=meeting,
            text="Inviare la documentazione al coordinatore.",
            owner=rng.choice(members[meeting.table_id] or members[tables[0].pk]),
            due_on=(meeting.starts_at + timedelta(days=21)).date(),
            status=ActionItem.Status.DONE,
        )
        for meeting, code in zip(rows, unique_codes(rng, ActionItem, len(rows)), strict=True)
    ]
    ActionItem.objects.bulk_create(actions, batch_size=5000)
    seconds = (timezone.now() - started).total_seconds()
    stdout.write(
        f"Tables: {len(rows)} synthetic meetings, {len(decisions)} decisions in {seconds:.1f} s."
    )
