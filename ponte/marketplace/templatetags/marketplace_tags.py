"""{% organisation_listings organisation %}: the panel of an organisation's active listings, for
any page about the organisation (the directory's page can include it as one of its panels). One
query, whatever the number of listings."""

from typing import Any

from django import template

from ponte.marketplace import access, selectors
from ponte.network.models import Organisation

register = template.Library()

PANEL_SIZE = 5


@register.inclusion_tag("marketplace/_organisation_listings.html", takes_context=True)
def organisation_listings(context: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    request = context["request"]
    found = list(
        selectors.organisation_listings(access.listings_browsable_by(request), organisation)[
            : PANEL_SIZE + 1
        ]
    )
    return {
        "organisation": organisation,
        "listings": found[:PANEL_SIZE],
        "more": len(found) > PANEL_SIZE,
        "request": request,
    }
