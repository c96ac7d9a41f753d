"""Helpers for the network tests."""

import re
from html import unescape

from ponte.network.forms import OrganisationForm
from ponte.network.models import Organisation


def organisation_form_data(organisation: Organisation | None = None, **changes: object) -> dict:
    """What the coordinator's organisation form posts when nothing is touched, with changes.
    A changed value of None leaves the field out of the post (an unticked checkbox)."""
    data: dict[str, object] = {"relation": Organisation.Relation.MEMBER, "is_public": "on"}
    if organisation is not None:
        for name in OrganisationForm.Meta.fields:
            value = getattr(organisation, name if name != "municipality" else "municipality_id")
            if name == "sectors":
                value = [s.pk for s in organisation.sectors.all()]
            elif name == "member_since":
                value = value.isoformat() if value else ""
            elif name == "is_public":
                value = "on" if value else None
            elif value is None:
                value = ""
            data[name] = value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


ORGANISATION_LINK = re.compile(r'<a href="/rete/([2-9A-HJKMNP-Z]{8})/">([^<]*)</a>')
MAP_TABLE_ROW = re.compile(
    r'<a href="\?comune=(\d{6})">[^<]*</a>\s*</th>.*?<td class="text-end">\s*(\d+)\s*</td>', re.S
)


def organisation_links(response) -> list[str]:
    """The names of the organisations a page links to, in order (each once)."""
    names: list[str] = []
    for _code, name in ORGANISATION_LINK.findall(response.content.decode()):
        if unescape(name) not in names:
            names.append(unescape(name))
    return names


def map_counts(response) -> dict[str, int]:
    """The directory's table under the map: ISTAT code → number of organisations listed there."""
    return {code: int(n) for code, n in MAP_TABLE_ROW.findall(response.content.decode())}
