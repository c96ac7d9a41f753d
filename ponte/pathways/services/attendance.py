"""Writes of attendance: the days of a placement, all or nothing. Each save moves on the
revision of every month it touches; the month grid's form is refused when its month was saved by
somebody else after it was read (core/concurrency.py)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ponte.core.concurrency import Difference, EditConflict, claim_revision
from ponte.network.models import User
from ponte.pathways.models import Attendance, AttendanceMonth, Placement


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
    *,
    placement: Placement,
    by: User,
    days: Mapping[date, DayInput | None],
    month: date | None = None,
    read_revision: int | None = None,
) -> int:
    """Register (or clear, with None) the given days, all or nothing; the days not given stay as
    they are. Returns the days saved. With `read_revision`, the revision of `month` (its first
    day) the form was read at: if somebody saved that month since, nothing is saved and
    EditConflict says what is saved now."""
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
    if not days:
        return 0  # nothing to change, nothing to overwrite
    months = {day.replace(day=1) for day in days}
    if month is not None:
        months.add(month)
    for first in sorted(months):
        _claim_month(placement, first, by, read_revision if first == month else None, days=days)
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


def _claim_month(
    placement: Placement,
    first: date,
    by: User,
    read: int | None,
    *,
    days: Mapping[date, DayInput | None],
) -> None:
    """Move on the revision of a month: only from `read` when given (else EditConflict)."""
    mark = {"changed_by": by, "changed_at": timezone.now()}
    rows = AttendanceMonth.objects.filter(placement=placement, month=first)
    if read is None:
        if not rows.update(revision=F("revision") + 1, **mark):
            AttendanceMonth.objects.get_or_create(placement=placement, month=first, defaults=mark)
        return
    if claim_revision(rows, read=read, create={"placement": placement, "month": first, **mark}):
        if read:
            rows.update(**mark)
        return
    current = rows.select_related("changed_by").first()
    raise EditConflict(
        revision=current.revision if current else 0,
        changed_by=str(current.changed_by) if current and current.changed_by else "",
        changed_at=current.changed_at if current else None,
        differences=_day_differences(placement, days),
    )


def _day_differences(
    placement: Placement, days: Mapping[date, DayInput | None]
) -> list[Difference]:
    """The days the form would change, each with what is saved on it now."""
    saved = {
        entry.day: entry for entry in Attendance.objects.filter(placement=placement, day__in=days)
    }
    labels = dict(Attendance.Absence.choices)
    differences = []
    for day in sorted(days):
        entry = saved.get(day)
        if entry is None:
            current = _("nothing recorded")
        elif entry.absence:
            current = str(labels.get(entry.absence, entry.absence))
        else:
            hours = entry.hours
            hours = (
                hours.quantize(Decimal(1))
                if hours == hours.to_integral_value()
                else hours.normalize()
            )
            current = _("%(hours)s hours present") % {"hours": formats.localize(hours)}
        differences.append(Difference(formats.date_format(day, "j F"), current))
    return differences
