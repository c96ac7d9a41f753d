"""Writes of follow-ups: recording what became of a person months after a placement ended
(placement_transition schedules them)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ponte.network.models import User
from ponte.pathways.models import FollowUp


@transaction.atomic
def follow_up_record(
    *,
    follow_up: FollowUp,
    by: User,
    done_on: date,
    employed: bool,
    employer: str = "",
    contract_type: str = "",
) -> FollowUp:
    if done_on < follow_up.placement.actual_end:  # type: ignore[operator]
        raise ValidationError(_("A follow-up comes after the end of the placement."))
    if employed and not employer.strip():
        raise ValidationError({"employer": _("Who employs the person?")})
    follow_up.done_on = done_on
    follow_up.employed = employed
    follow_up.employer = employer if employed else ""
    follow_up.contract_type = contract_type if employed else ""
    follow_up.recorded_by = by
    follow_up.full_clean()
    follow_up.save()
    return follow_up
