"""Helpers of the tests of the openings under /opportunita/: an opening made through the ORM at a
given status, the data of the opening form, the addresses of the pages."""

from datetime import date, timedelta

from ponte.core.models import Weekday
from ponte.core.tests.helpers import TESERO
from ponte.network.models import Municipality, Organisation, Role, User
from ponte.openings.models import Opening
from ponte.pathways.models import Level

LIST = "/opportunita/"
MANAGE = "/opportunita/gestione/"
NEW = "/opportunita/nuova/"

START = date.today() + timedelta(days=14)


def page(opening: Opening) -> str:
    return f"/opportunita/{opening.code}/"


def edit(opening: Opening) -> str:
    return f"/opportunita/{opening.code}/modifica/"


def transition(opening: Opening) -> str:
    return f"/opportunita/{opening.code}/stato/"


def make_opening(
    host: Organisation,
    created_by: User,
    *,
    status: str = Opening.Status.OPEN,
    title: str = "Aiuto pastaio",
    municipality: str = TESERO,
    level: int = 3,
    **fields: object,
) -> Opening:
    """An opening of `host` at `status`, straight through the ORM (the municipalities must be
    loaded)."""
    values: dict[str, object] = {
        "kind": Opening.Kind.TIS,
        "tasks": "Preparazione dell'impasto e confezionamento.",
        "skills": "HACCP, lavoro in squadra",
        "hours_per_week": 20,
        "days": [Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY],
        "places": 2,
        "starts_on": START,
        "ends_on": START + timedelta(days=180),
        **fields,
    }
    return Opening.objects.create(
        host=host,
        created_by=created_by,
        status=status,
        title=title,
        municipality=Municipality.objects.get(istat_code=municipality),
        min_level=Level.objects.get(number=level),
        **values,
    )


def opening_data(**changes: object) -> dict:
    """What the opening form posts for a good opening in Tesero (no host: add it for a case
    worker)."""
    data: dict[str, object] = {
        "kind": Opening.Kind.EXTRACURRICULAR,
        "title": "Magazziniere",
        "tasks": "Ricevimento merci e inventario.",
        "min_level": Level.objects.get(number=3).pk,
        "skills": " muletto,  inventario , Muletto,",
        "hours_per_week": "25",
        "days": [str(Weekday.TUESDAY), str(Weekday.MONDAY)],
        "municipality": Municipality.objects.get(istat_code=TESERO).pk,
        "places": "2",
        "starts_on": START.isoformat(),
        "ends_on": (START + timedelta(days=90)).isoformat(),
        "tutor": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def company_tutor(make_user, organisation: Organisation, username: str, **fields) -> User:
    """Another user with the role of company tutor in `organisation`."""
    return make_user(username, organisation, Role.COMPANY_TUTOR, **fields)
