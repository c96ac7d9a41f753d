"""Panels that later apps add to an organisation's page (e.g. the marketplace's listings), so
that the network app imports none of them. Each panel brings the version of what it shows: the
page is cached for anonymous visitors under the network's version and the panels' versions
together, so a new listing shows at the next request like an edited profile does."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from ponte.network.selectors import public_version


@dataclass(frozen=True)
class OrganisationPanel:
    template: str
    version: Callable[[HttpRequest], str]


ORGANISATION_PANELS: list[OrganisationPanel] = []


def register_organisation_panel(panel: OrganisationPanel) -> None:
    if all(existing.template != panel.template for existing in ORGANISATION_PANELS):
        ORGANISATION_PANELS.append(panel)


def organisation_page_version(request: HttpRequest) -> str:
    return "|".join([public_version(request), *(p.version(request) for p in ORGANISATION_PANELS)])


def organisation_panel_templates() -> list[str]:
    return [panel.template for panel in ORGANISATION_PANELS]


@dataclass(frozen=True)
class DashboardPanel:
    """A section of the signed-in user's home page: `context(request)` returns the panel's
    context, or None when it has nothing to show."""

    template: str
    context: Callable[[HttpRequest], dict[str, object] | None]


DASHBOARD_PANELS: list[DashboardPanel] = []


def register_dashboard_panel(panel: DashboardPanel) -> None:
    if all(existing.template != panel.template for existing in DASHBOARD_PANELS):
        DASHBOARD_PANELS.append(panel)


def dashboard_panels(request: HttpRequest) -> list[tuple[str, dict[str, object]]]:
    """(template, context) of each panel that has something to show to this user."""
    panels = []
    for panel in DASHBOARD_PANELS:
        context = panel.context(request)
        if context is not None:
            panels.append((panel.template, context))
    return panels
