"""Who sees the dashboard and who produces reports (docs/privacy.md, "Small counts and exports").

The dashboard shows aggregates only — counts, rates, sums by level, kind, service or
sub-project — never a person, so:

- every signed-in member of the district, in any role, sees it (the coordinator, the member
  contacts, case workers, referrers, tutors, table members): `can_view_dashboard`;
- anonymous visitors are sent to sign in; a signed-in user with no active role gets 403;
- only the coordinator produces the reports that leave the district (funder reports):
  `can_produce_reports`.

Both functions take the request (the role of the organisation the user is acting for, as the
rest of Ponte does) or a user (any active membership in that role).
"""

from django.http import HttpRequest

from ponte.network.access import current_role
from ponte.network.models import MEMBER_ROLES, Membership, Role, User

# Every role of the district sees the aggregates.
DASHBOARD_ROLES = MEMBER_ROLES
REPORT_ROLES = (Role.COORDINATOR,)


def _role_allowed(subject: HttpRequest | User, roles: tuple[str, ...]) -> bool:
    if isinstance(subject, User):
        return Membership.objects.filter(user=subject, is_active=True, role__in=roles).exists()
    return subject.user.is_authenticated and current_role(subject) in roles


def can_view_dashboard(subject: HttpRequest | User) -> bool:
    """Aggregates of the district: every signed-in member, in any role."""
    return _role_allowed(subject, DASHBOARD_ROLES)


def can_produce_reports(subject: HttpRequest | User) -> bool:
    """Funder reports and other exports that leave the district: the coordinator only."""
    return _role_allowed(subject, REPORT_ROLES)
