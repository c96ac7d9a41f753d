"""Writes to sub-projects: keyword-only, atomic, validating. A ValidationError carries the message
the user sees; nothing is saved when one is raised."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats
from django.utils.translation import gettext as _

from ponte.core.concurrency import (
    EditConflict,
    claim_revision,
    differences,
    field_labels,
    last_change,
)
from ponte.network.models import Organisation, User
from ponte.openings.models import Opening
from ponte.pathways.models import Service
from ponte.projects.models import BudgetLine, Indicator, IndicatorValue, Movement, SubProject


def _check_links(
    *,
    subproject: SubProject,
    partners: list[Organisation],
    linked: list[tuple[str, int, Organisation]],
    already: set[tuple[str, int]],
    by_coordinator: bool,
) -> None:
    """The services and openings a sub-project may link (docs/privacy.md, "Small counts and
    exports"): its lead organisation's own; a partner's with the partner's agreement, which
    the coordinator records by linking them (Ponte has no agreement of its own to record): a
    lead organisation keeps the partners' links the coordinator made, and adds none. Never an
    organisation that is neither."""
    partner_ids = {partner.pk for partner in partners}
    for kind, pk, organisation in linked:
        if organisation.pk == subproject.lead_id:
            continue
        if organisation.pk not in partner_ids:
            raise ValidationError(
                {
                    f"{kind}s": _(
                        "%(organisation)s is neither the lead organisation nor a partner of "
                        "this sub-project: its services and openings cannot be linked."
                    )
                    % {"organisation": organisation.name}
                }
            )
        if not by_coordinator and (kind, pk) not in already:
            raise ValidationError(
                {
                    f"{kind}s": _(
                        "The services and openings of a partner (%(organisation)s) are linked "
                        "by the coordinator, with the partner's agreement."
                    )
                    % {"organisation": organisation.name}
                }
            )


def subproject_save(
    *,
    subproject: SubProject,
    partners: Iterable[Organisation] = (),
    funders: Iterable[Organisation] = (),
    services: Iterable[Service] = (),
    openings: Iterable[Opening] = (),
    by_coordinator: bool = False,
) -> SubProject:
    """Create or update a sub-project with its partners, funders and linked services and
    openings (the lead's own; a partner's only through the coordinator: _check_links). Its
    period must keep every movement already recorded."""
    partners, services, openings = list(partners), list(services), list(openings)
    with transaction.atomic():
        subproject.full_clean()
        already: set[tuple[str, int]] = set()
        if subproject.pk is not None:
            already = {("service", pk) for pk in subproject.services.values_list("pk", flat=True)}
            already |= {("opening", pk) for pk in subproject.openings.values_list("pk", flat=True)}
        _check_links(
            subproject=subproject,
            partners=partners,
            linked=[("service", s.pk, s.provider) for s in services]
            + [("opening", o.pk, o.host) for o in openings],
            already=already,
            by_coordinator=by_coordinator,
        )
        if subproject.pk is not None:
            outside = (
                Movement.objects.filter(budget_line__subproject=subproject)
                .exclude(on__range=(subproject.starts_on, subproject.ends_on))
                .order_by("on")
                .first()
            )
            if outside is not None:
                raise ValidationError(
                    _(
                        "A movement of %(date)s falls outside the new period: move the period "
                        "or correct the movement first."
                    )
                    % {"date": formats.date_format(outside.on, "SHORT_DATE_FORMAT")}
                )
        subproject.save()
        subproject.partners.set(partners)
        subproject.funders.set(funders)
        subproject.services.set(services)
        subproject.openings.set(openings)
    return subproject


def budget_line_save(*, line: BudgetLine, read_revision: int | None = None) -> BudgetLine:
    """Create or update a budget line. Its kind is fixed once it has movements. With
    `read_revision`, the line's revision when the form was read: if somebody saved the line
    since, nothing is saved and EditConflict shows the line as saved now."""
    with transaction.atomic():
        line.full_clean()
        if line.pk is not None:
            stored = BudgetLine.objects.select_for_update().get(pk=line.pk)
            rows = BudgetLine.objects.filter(pk=line.pk)
            if read_revision is None:
                rows.update(revision=F("revision") + 1)
            elif not claim_revision(rows, read=read_revision):
                raise _line_conflict(stored, line)
            line.revision = stored.revision + 1
            if stored.kind != line.kind and stored.movements.exists():
                raise ValidationError(
                    {"kind": _("This line already has movements: its kind cannot change.")}
                )
        line.save()
    return line


def _line_conflict(stored: BudgetLine, line: BudgetLine) -> EditConflict:
    def values(of: BudgetLine) -> dict[str, object]:
        return {
            "name": of.name,
            "kind": of.get_kind_display(),
            "planned": formats.number_format(of.planned, 2, use_l10n=True, force_grouping=True),
        }

    changed_by, changed_at = last_change(stored)
    return EditConflict(
        revision=stored.revision,
        changed_by=changed_by,
        changed_at=changed_at,
        differences=differences(
            field_labels(BudgetLine, "name", "kind", "planned"),
            values(line),
            values(stored),
        ),
    )


def movement_record(*, movement: Movement, by: User) -> Movement:
    """Record an expense against a cost line or a revenue against a revenue line: a positive
    amount dated within the sub-project's period."""
    with transaction.atomic():
        if movement._state.adding:
            movement.recorded_by = by
        movement.full_clean()
        movement.save()
    return movement


def indicator_save(*, indicator: Indicator) -> Indicator:
    with transaction.atomic():
        if indicator.source == Indicator.Source.MANUAL:
            indicator.computation = ""
        indicator.full_clean()
        indicator.save()
    return indicator


def indicator_value_record(*, value: IndicatorValue, by: User) -> IndicatorValue:
    """Record a value of an indicator entered by hand; computed indicators take none."""
    with transaction.atomic():
        if value.indicator.source == Indicator.Source.COMPUTED:
            raise ValidationError(
                _("This indicator is computed by Ponte: its values cannot be entered by hand.")
            )
        value.recorded_by = by
        value.full_clean()
        value.save()
    return value
