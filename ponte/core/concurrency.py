"""Concurrent edits: a form carries the revision it was read at, and a save goes through only if
nobody saved in between. The compare-and-save is one statement the database runs atomically: a
conditional UPDATE (`... SET revision = revision + 1 WHERE revision = <read>`) or the INSERT of a
row whose key is unique. Of two saves read at the same revision exactly one succeeds, on
PostgreSQL (the row lock, and the WHERE clause evaluated again once it is released) as on SQLite
(one writer at a time); the other is refused with an `EditConflict` that says who changed what,
and when, and nothing of it is saved. Used by the attendance month, the individual plan, the
minutes of a meeting and the budget lines of a sub-project."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# A current value longer than this is cut in the message (the minutes of a meeting).
SHOWN_CHARACTERS = 300


class Revised(models.Model):
    """A model edited through forms that may be open in two places at once: its revision goes up
    by one at each save made through `claim_revision`."""

    revision = models.PositiveIntegerField(gettext_lazy("revision"), default=1, editable=False)

    class Meta:
        abstract = True


class RevisionField(forms.IntegerField):
    """The revision a form was read at, carried in a hidden input."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("required", True)
        super().__init__(**kwargs)


@dataclass(frozen=True)
class Difference:
    """A field (or a day, a goal) whose saved value is not the one the form sends."""

    label: str
    current: str


class EditConflict(ValidationError):
    """Somebody saved in between: nothing has been saved. `revision` is the revision saved now,
    which a form shows again so that a second, informed save goes through."""

    def __init__(
        self,
        *,
        revision: int,
        changed_by: str = "",
        changed_at: datetime | None = None,
        differences: Iterable[Difference] = (),
    ) -> None:
        self.revision = revision
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.differences = list(differences)
        super().__init__(
            [conflict_message(changed_by, changed_at)]
            + [
                _("%(field)s, saved now: %(value)s") % {"field": d.label, "value": d.current}
                for d in self.differences
            ],
            code="edit_conflict",
        )


def conflict_message(changed_by: str, changed_at: datetime | None) -> str:
    when = (
        formats.date_format(timezone.localtime(changed_at), "SHORT_DATETIME_FORMAT")
        if changed_at
        else ""
    )
    if changed_by and when:
        who = _("%(user)s saved it on %(when)s") % {"user": changed_by, "when": when}
    elif changed_by:
        who = _("%(user)s saved it") % {"user": changed_by}
    elif when:
        who = _("it was saved on %(when)s") % {"when": when}
    else:
        who = _("it was saved by someone else")
    return _(
        "Nothing has been saved: this page changed while you were editing it (%(who)s). "
        "What is saved now is listed below; your changes are still in the form: check them "
        "and save again to replace it."
    ) % {"who": who}


def shown(value: object) -> str:
    """A current value as the message shows it: "—" for nothing, long texts cut."""
    if value is None or value == "":
        return "—"
    return Truncator(str(value)).chars(SHOWN_CHARACTERS)


def differences(
    labels: Mapping[str, str], yours: Mapping[str, object], current: Mapping[str, object]
) -> list[Difference]:
    """The fields whose current value is not the one the form sends, in the order of `labels`."""
    return [
        Difference(str(label), shown(current.get(name)))
        for name, label in labels.items()
        if yours.get(name) != current.get(name)
    ]


def field_labels(model: type[models.Model], *names: str) -> dict[str, str]:
    """The labels of a model's fields as a form shows them ("Planned amount (€)")."""
    labels = {}
    for name in names:
        field = model._meta.get_field(name)
        labels[name] = str(capfirst(getattr(field, "verbose_name", name)))
    return labels


def claim_revision(
    queryset: models.QuerySet[Any], *, read: int, create: Mapping[str, Any] | None = None
) -> bool:
    """Move the one row of `queryset` from revision `read` to the next, atomically; False when its
    revision is no longer `read` (somebody saved in between). With `create`, a row that does not
    exist yet is read at revision 0 and claimed by inserting it with those values, its key being
    unique: of two inserts, one wins. Call it inside the transaction of the save."""
    if read == 0 and create is not None:
        return inserted(lambda: queryset.model.objects.create(revision=1, **create))
    return queryset.filter(revision=read).update(revision=F("revision") + 1) == 1


def inserted(create: Callable[[], object]) -> bool:
    """Run an INSERT in a savepoint; False when a unique key refuses it (somebody inserted the
    same key first), the surrounding transaction being left usable."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return False
    return True


def last_change(instance: models.Model) -> tuple[str, datetime | None]:
    """Who last changed an audited object and when, from the audit trail; ("", None) if unknown."""
    from auditlog.models import LogEntry

    entry = (
        LogEntry.objects.get_for_object(instance)
        .select_related("actor")
        .order_by("-timestamp", "-id")
        .first()
    )
    if entry is None:
        return "", None
    actor = entry.actor
    return (actor.get_full_name() or actor.get_username()) if actor else "", entry.timestamp


def keep_current_revision(form: forms.BaseForm, revision: int, name: str = "revision") -> None:
    """After a conflict the form keeps the user's values but carries the revision saved now:
    having seen what changed, the user may save again on purpose."""
    data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
    data[name] = str(revision)
    form.data = data
