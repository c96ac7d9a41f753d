"""Writes of attendance: the days of a placement, all or nothing."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ponte.network.models import User
from ponte.pathways.models import Attendance, Placement


@dataclass(frozen=True)
class DayInput:
    hours: Decimal
    absence: str = ""


def attendance_period(placement: Placement) -> tuple[date, date]:
    """The days on which attendance can be registered."""
    start = placement.actual_start or placement.planned_start
    end = placement.actual_end or placement.planned_end
    return start, end


@transaction.atomic
def attendance_record(
    *, placement: Placement, by: User, days: Mapping[date, DayInput | None]
) -> int:
    """Register (or clear, with None) the given days, all or nothing. Returns the days saved."""
    if placement.status not in (Placement.Status.ACTIVE, Placement.Status.ENDED):
        raise ValidationError(_("Attendance is registered once the placement is active."))
    start, end = attendance_period(placement)
    errors = []
    for day, entry in days.items():
        label = day.strftime("%d/%m/%Y")
        if not start <= day <= end:
            errors.append(
                _("%(day)s is outside the placement (%(start)s – %(end)s).")
                % {
                    "day": label,
                    "start": start.strftime("%d/%m/%Y"),
                    "end": end.strftime("%d/%m/%Y"),
                }
            )
        elif entry is not None:
            if not Decimal("0") <= entry.hours <= Decimal("12"):
                errors.append(_("%(day)s: hours must be between 0 and 12.") % {"day": label})
            if entry.absence and entry.hours > 0:
                errors.append(_("%(day)s: an absence cannot have hours present.") % {"day": label})
            if entry.absence and entry.absence not in Attendance.Absence.values:
                errors.append(_("%(day)s: unknown reason of absence.") % {"day": label})
            if not entry.absence and entry.hours == 0:
                errors.append(
                    _("%(day)s: give the hours present or the reason of absence.") % {"day": label}
                )
    if errors:
        raise ValidationError(errors)
    cleared = [day for day, entry in days.items() if entry is None]
    Attendance.objects.filter(placement=placement, day__in=cleared).delete()
    saved = 0
    for day, entry in days.items():
        if entry is None:
            continue
        Attendance.objects.update_or_create(
            placement=placement,
            day=day,
            defaults={"hours": entry.hours, "absence": entry.absence, "recorded_by": by},
        )
        saved += 1
    return saved
