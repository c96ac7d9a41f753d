"""Writes of the individual plan: each write is a new version. The form carries the version it
was read at; the new one is that plus one, and the unique (person, version) key lets only one of
two saves read at the same version in (core/concurrency.py)."""

from collections.abc import Iterable
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from ponte.core.concurrency import EditConflict, differences, inserted
from ponte.network.models import User
from ponte.pathways.models import Goal, Person, Plan

PLAN_REVIEW_MONTHS = 6


@transaction.atomic
def plan_write(
    *,
    person: Person,
    by: User,
    objectives: str,
    goals: Iterable[tuple[str, date | None]],
    next_review: date | None = None,
    signed_on: date | None = None,
    read_version: int | None = None,
) -> Plan:
    """A new version of the plan; earlier versions stay as they were. With `read_version`, the
    latest version when the form was read (0: none): if another version was saved since,
    nothing is saved and EditConflict says what the latest version holds."""
    goals = [(text.strip(), target) for text, target in goals if text.strip()]
    if not goals:
        raise ValidationError(_("Write at least one goal."))
    next_review = next_review or date.today() + relativedelta(months=PLAN_REVIEW_MONTHS)
    if read_version is None:
        latest = Plan.objects.select_for_update().filter(person=person).order_by("-version").first()
        version = (latest.version + 1) if latest else 1
    else:
        latest = Plan.objects.filter(person=person).order_by("-version").first()
        if (latest.version if latest else 0) != read_version:
            raise _conflict(person, objectives, goals, next_review, signed_on)
        version = read_version + 1
    plan = Plan(
        person=person,
        version=version,
        objectives=objectives,
        next_review=next_review,
        signed_on=signed_on,
        written_by=by,
    )
    # The database's unique key decides between two saves of the same version.
    plan.full_clean(exclude=["version"])
    if not inserted(plan.save):
        raise _conflict(person, objectives, goals, next_review, signed_on)
    Goal.objects.bulk_create(Goal(plan=plan, text=text, target_date=t) for text, t in goals)
    return plan


def _goals_text(goals: Iterable[tuple[str, date | None]]) -> str:
    return "; ".join(
        f"{text} ({formats.date_format(target, 'SHORT_DATE_FORMAT')})" if target else text
        for text, target in goals
    )


def _conflict(
    person: Person,
    objectives: str,
    goals: list[tuple[str, date | None]],
    next_review: date,
    signed_on: date | None,
) -> EditConflict:
    latest = (
        Plan.objects.filter(person=person)
        .select_related("written_by")
        .prefetch_related("goals")
        .order_by("-version")
        .first()
    )
    if latest is None:  # a form read at a version that does not exist
        return EditConflict(revision=0)

    def day(value: date | None) -> str:
        return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""

    return EditConflict(
        revision=latest.version,
        changed_by=str(latest.written_by),
        changed_at=latest.created_at,
        differences=differences(
            {
                "objectives": _("General objectives"),
                "goals": _("Goals"),
                "next_review": _("Next review"),
                "signed_on": _("Signed by the person on"),
            },
            {
                "objectives": objectives,
                # In the order the plan shows them: by target date, those without one last.
                "goals": _goals_text(
                    sorted(goals, key=lambda goal: (goal[1] is None, goal[1] or date.min))
                ),
                "next_review": day(next_review),
                "signed_on": day(signed_on),
            },
            {
                "objectives": latest.objectives,
                "goals": _goals_text((g.text, g.target_date) for g in latest.goals.all()),
                "next_review": day(latest.next_review),
                "signed_on": day(latest.signed_on),
            },
        ),
    )
