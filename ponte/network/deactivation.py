"""What switching off a role, a user or an organisation does beyond the network: apps above it
register a callback here in their AppConfig.ready() (the API revokes the role's tokens), so that
the network imports none of them. docs/privacy.md, "Roles": rights last only while the role
that grants them is active."""

from collections.abc import Callable, Iterable

from ponte.network.models import Membership

OnDeactivation = Callable[[Membership], object]

ON_DEACTIVATION: list[OnDeactivation] = []


def register_on_deactivation(callback: OnDeactivation) -> None:
    """`callback(membership)` runs, inside the transaction of the change, for each role switched
    off: by itself, or because its user or its organisation was."""
    if callback not in ON_DEACTIVATION:
        ON_DEACTIVATION.append(callback)


def memberships_deactivated(memberships: Iterable[Membership]) -> None:
    for membership in memberships:
        for callback in ON_DEACTIVATION:
            callback(membership)
