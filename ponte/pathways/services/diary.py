"""Writes of the diary: a note of the care team."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ponte.network.models import User
from ponte.pathways.models import DiaryNote, Person


@transaction.atomic
def diary_write(
    *, person: Person, by: User, text: str, written_on: date | None = None
) -> DiaryNote:
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    note = DiaryNote(
        person=person, author=by, text=text.strip(), written_on=written_on or date.today()
    )
    note.full_clean()
    note.save()
    return note
