"""Writes of the openings (opportunità): saving one and moving it between draft, open and
closed. Keyword-only, atomic and validating, like services.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ponte.network.models import User
from ponte.openings.models import Opening

# draft → open (published), open → closed, closed → open (reopened), draft → closed (dropped).
ALLOWED_TRANSITIONS: dict[Opening.Status, set[Opening.Status]] = {
    Opening.Status.DRAFT: {Opening.Status.OPEN, Opening.Status.CLOSED},
    Opening.Status.OPEN: {Opening.Status.CLOSED},
    Opening.Status.CLOSED: {Opening.Status.OPEN},
}


def allowed_transitions(opening: Opening) -> list[Opening.Status]:
    """The statuses the opening may move to, in the order of Opening.Status."""
    allowed = ALLOWED_TRANSITIONS[Opening.Status(opening.status)]
    return [status for status in Opening.Status if status in allowed]


@transaction.atomic
def opening_save(*, opening: Opening, by: User) -> Opening:
    """Create or update an opening; a new one is recorded as created by `by` (and starts as a
    draft unless told otherwise). Raises ValidationError with the user's message."""
    if opening._state.adding:
        opening.created_by = by
    opening.full_clean()
    opening.save()
    return opening


@transaction.atomic
def opening_transition(*, opening: Opening, to: str, by: User) -> Opening:
    """Publish, close, reopen or drop an opening. Closing leaves its placements as they are:
    people already accepted or active go on; the opening only stops appearing in public."""
    locked = Opening.objects.select_for_update().get(pk=opening.pk)
    current = Opening.Status(locked.status)
    if to not in Opening.Status.values:
        raise ValidationError(_("“%(status)s” is not a status of an opening.") % {"status": to})
    target = Opening.Status(to)
    if target not in ALLOWED_TRANSITIONS[current]:
        raise ValidationError(
            _("An opening that is %(current)s cannot become %(target)s.")
            % {"current": str(current.label).lower(), "target": str(target.label).lower()}
        )
    locked.status = target
    locked.save(update_fields=["status", "updated_at"])
    opening.status = locked.status
    opening.updated_at = locked.updated_at
    return opening
