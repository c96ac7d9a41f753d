"""Who may do what with a person's rights (docs/privacy.md, "Rights and retention").

- The coordinator and the case workers of the person's care team record the requests; the page
  shows the person by code only (the coordinator sees no identity).
- The export holds identity and diary: the care team downloads it (audited as a read of them).
- Erasure: the coordinator only, once the person's erasure request is recorded.
Everyone else: 404 (another organisation's case worker may not know the person exists)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ponte.network.access import current_role
from ponte.network.models import Role, User
from ponte.pathways.access import is_in_care_team
from ponte.pathways.models import Person


@dataclass(frozen=True)
class RightsAccess:
    person: Person
    may_export: bool
    may_erase: bool


def get_person_for_rights(
    request: HttpRequest, code: str, *, to_export: bool = False, to_erase: bool = False
) -> RightsAccess:
    person = Person.objects.select_related("level").filter(code=code).first()
    if person is None:
        raise Http404
    role = current_role(request)
    user: User = request.user  # type: ignore[assignment]
    if role == Role.COORDINATOR:
        access = RightsAccess(person, may_export=False, may_erase=True)
    elif role == Role.CASE_WORKER and is_in_care_team(user, person):
        access = RightsAccess(person, may_export=True, may_erase=False)
    else:
        raise Http404
    if (to_export and not access.may_export) or (to_erase and not access.may_erase):
        raise PermissionDenied
    return access
