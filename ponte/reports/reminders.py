"""Reminders: what a user must not forget — plan reviews, follow-ups, consents about to expire,
placements ending, action items due. Listed on the user's home page and sent as a daily email
digest (`manage.py send_reminders`, run by cron or the task worker).

People are named by pseudonymous code only: the digest leaves Ponte by email, and the home page
is no reason to record a read of identity. What is due uses the same conditions as the caseload's
counters (pathways.selectors), so the two never disagree."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.governance.models import ActionItem
from ponte.network.access import signed_in
from ponte.network.models import User
from ponte.pathways.access import care_team_people
from ponte.pathways.models import Consent, FollowUp, Person, Placement, Plan
from ponte.pathways.selectors import (
    DUE_WITHIN_DAYS,
    consent_expiring,
    follow_up_due,
    placement_ending,
)

logger = logging.getLogger(__name__)

# Action items show up a week before their due date; pathway items as in the caseload.
ACTION_WITHIN_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    kind: str
    due_on: date
    text: str
    url: str
    overdue: bool


KIND_LABELS = {
    "review": gettext_lazy("Plan reviews"),
    "follow_up": gettext_lazy("Follow-ups"),
    "consent": gettext_lazy("Consents about to expire"),
    "placement": gettext_lazy("Placements ending"),
    "action": gettext_lazy("Action items"),
}


def _care_team_people(user: User) -> QuerySet[Person]:
    return care_team_people(user).filter(status=Person.Status.OPEN)


def reminders_for(user: User, *, on: date | None = None) -> list[Reminder]:
    """Everything due for the user by the horizon, overdue first, then by date: five queries,
    whatever the size of the caseload."""
    day = on or timezone.localdate()
    horizon = day + timedelta(days=DUE_WITHIN_DAYS)
    people = _care_team_people(user)
    reminders: list[Reminder] = []

    def add(kind: str, due_on: date | None, text: str, url: str) -> None:
        if due_on is not None:  # never, given the filters; the type checker does not know it
            reminders.append(Reminder(kind, due_on, text, url, overdue=due_on < day))

    latest_plan = Plan.objects.filter(person_id=OuterRef("pk")).order_by("-version")
    reviews = (
        people.annotate(next_review=Subquery(latest_plan.values("next_review")[:1]))
        .filter(next_review__lte=horizon)
        .values_list("code", "next_review")
    )
    for code, next_review in reviews:
        add(
            "review",
            next_review,
            _("Review the plan of %(code)s") % {"code": code},
            reverse("pathways:plan", args=[code]),
        )

    follow_ups = FollowUp.objects.filter(
        follow_up_due(horizon), placement__person__in=people
    ).values_list("months", "due_on", "placement__code", "placement__person__code")
    for months, due_on, placement_code, code in follow_ups:
        add(
            "follow_up",
            due_on,
            _("Follow-up at %(months)s months of %(code)s") % {"months": months, "code": code},
            reverse("pathways:follow_up", args=[placement_code, months]),
        )

    consents = Consent.objects.filter(
        consent_expiring(day, horizon), person__in=people
    ).values_list("purpose", "expires_on", "person__code")
    purposes = dict(Consent.Purpose.choices)
    for purpose, expires_on, code in consents:
        add(
            "consent",
            expires_on,
            _("Consent of %(code)s expires: %(purpose)s")
            % {"code": code, "purpose": purposes.get(purpose, purpose)},
            reverse("pathways:person", args=[code]),
        )

    # The care team sees its people's placements; a tutor the placements they follow.
    placements = Placement.objects.filter(
        placement_ending(horizon), Q(person__in=people) | Q(tutor_id=user.pk)
    ).values_list("code", "planned_end", "person__code", "service__name", "opening__title")
    for code, planned_end, person_code, service, opening in placements:
        add(
            "placement",
            planned_end,
            _("Placement of %(code)s at %(place)s ends")
            % {"code": person_code, "place": service or opening},
            reverse("pathways:placement", args=[code]),
        )

    actions = ActionItem.objects.filter(
        owner_id=user.pk,
        status=ActionItem.Status.OPEN,
        due_on__lte=day + timedelta(days=ACTION_WITHIN_DAYS),
    ).values_list("due_on", "text")
    for action_due_on, text in actions:
        add("action", action_due_on, text[:120], reverse("governance:my_actions"))

    reminders.sort(key=lambda r: (not r.overdue, r.due_on, r.kind, r.text))
    return reminders


def reminders_panel_context(request: HttpRequest) -> dict[str, object] | None:
    """The home page's reminders panel (registered with the network app's dashboard)."""
    reminders = reminders_for(signed_in(request).user)
    if not reminders:
        return None
    return {"reminders": reminders, "labels": KIND_LABELS}


def users_to_remind() -> QuerySet[User]:
    """Active users with an e-mail address and an active role: the digest's recipients."""
    return (
        User.objects.filter(is_active=True, memberships__is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def send_digests(*, on: date | None = None) -> int:
    """E-mail each user their reminders, once, in the district's language; users with nothing
    due get nothing. Returns the number of e-mails sent. A failed delivery is logged (without
    the address) and does not stop the others."""
    day = on or timezone.localdate()
    sent = 0
    for user in users_to_remind():
        reminders = reminders_for(user, on=day)
        if not reminders:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Ponte: %(count)s reminders for %(day)s") % {
                "count": len(reminders),
                "day": day.strftime("%d/%m/%Y"),
            }
            body = render_to_string(
                "reports/reminders_digest.txt",
                {
                    "reminders": reminders,
                    "labels": KIND_LABELS,
                    "base_url": settings.PONTE_BASE_URL,
                    "day": day,
                },
            )
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:  # noqa: BLE001 - one failed delivery must not stop the digest
            logger.exception("Reminder digest not delivered to user %s", user.pk)
            continue
        sent += 1
    return sent
