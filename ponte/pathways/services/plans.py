"""Writes of the individual plan: each write is a new version."""

from collections.abc import Iterable
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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
) -> Plan:
    """A new version of the plan; earlier versions stay as they were."""
    goals = [(text.strip(), target) for text, target in goals if text.strip()]
    if not goals:
        raise ValidationError(_("Write at least one goal."))
    latest = Plan.objects.select_for_update().filter(person=person).order_by("-version").first()
    plan = Plan(
        person=person,
        version=(latest.version + 1) if latest else 1,
        objectives=objectives,
        next_review=next_review or date.today() + relativedelta(months=PLAN_REVIEW_MONTHS),
        signed_on=signed_on,
        written_by=by,
    )
    plan.full_clean()
    plan.save()
    Goal.objects.bulk_create(Goal(plan=plan, text=text, target_date=t) for text, t in goals)
    return plan
