"""Who may see and change what in the pathways (docs/privacy.md). Every view reaches people,
placements and services through these functions: 404 for what a user may not know exists, 403 for
what they may see but not change. Identity (names, contacts, basis of disadvantage) and the diary
are for the care team only; everyone else knows a person by their pseudonymous code, except the
host of an accepted placement, which knows what the internship agreement names (docs/privacy.md,
"Company tutors, field by field")."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ponte.network.access import acting_organisation_id, current_role
from ponte.network.models import Role, User
from ponte.pathways.models import Consent, Person, Placement, Referral, Service
from ponte.pathways.selectors.consents import has_consent
from ponte.pathways.selectors.people import care_team_people

# Placements a host organisation's tutor may know about: from the moment the host accepted.
HOST_VISIBLE = (Placement.Status.ACCEPTED, Placement.Status.ACTIVE, Placement.Status.ENDED)
# Placements under way: the host still receives what the person shares with companies. Once
# every placement with the host has ended it keeps its record and receives nothing new.
HOST_CURRENT = Placement.OCCUPYING


def is_in_care_team(user: User, person: Person) -> bool:
    return care_team_people(user).filter(pk=person.pk).exists()


@dataclass(frozen=True)
class PersonAccess:
    person: Person
    # Names, contacts, basis of disadvantage, diary.
    sees_identity: bool
    # Consents, assessments, plans, placements, diary notes, care team.
    can_change: bool
    # Accepting or declining the referral (case workers of the receiving organisation).
    can_decide_referral: bool = False
    # The host's tutor: `sees_identity` then means only what the internship agreement names
    # (name, fiscal code, birth date and place; while a placement is under way also the
    # municipality of residence and a phone), never the basis of disadvantage, the referral, the
    # diary, consents, plans or assessments made by others.
    as_host: bool = False
    # For the host: a placement with it is accepted or active (not only ended ones).
    host_current: bool = False
    # For the host: the functional profile and the latest scores, while a placement is under way
    # and the person consents to sharing them with companies.
    host_sees_profile: bool = False


def person_access(request: HttpRequest, person: Person) -> PersonAccess | None:
    """What the signed-in user, in their current role, may do with a person; None: nothing."""
    user = request.user
    role = current_role(request)
    organisation_id = acting_organisation_id(request)
    if not user.is_authenticated or organisation_id is None:
        return None
    if role == Role.CASE_WORKER:
        if is_in_care_team(user, person):
            return PersonAccess(person, sees_identity=True, can_change=True)
        if person.status == Person.Status.REFERRED and person.organisation_id == organisation_id:
            return PersonAccess(
                person, sees_identity=True, can_change=False, can_decide_referral=True
            )
        return None
    if role == Role.COMPANY_TUTOR:
        return host_access(person, organisation_id)
    referred_by_us = role == Role.REFERRER and (
        person.referrals.filter(from_organisation_id=organisation_id).exists()
    )
    if referred_by_us:
        return PersonAccess(person, sees_identity=True, can_change=False)
    return None


def host_access(person: Person, host_id: int) -> PersonAccess | None:
    """What a host organisation's tutor may know of a person: nothing until the host has accepted
    a placement; then the agreement's data, and the functional profile only while a placement is
    under way and the *companies* consent is in force (docs/privacy.md, "Consent enforcement")."""
    statuses = set(
        person.placements.filter(host_id=host_id, status__in=HOST_VISIBLE).values_list(
            "status", flat=True
        )
    )
    if not statuses:
        return None
    current = bool(statuses & set(HOST_CURRENT))
    return PersonAccess(
        person,
        sees_identity=True,
        can_change=False,
        as_host=True,
        host_current=current,
        host_sees_profile=current and has_consent(person, Consent.Purpose.COMPANIES),
    )


def get_person_for_user(
    request: HttpRequest, code: str, *, for_change: bool = False
) -> PersonAccess:
    person = (
        Person.objects.select_related(
            "level", "municipality__valley", "case_manager", "organisation"
        )
        .filter(code=code)
        .first()
    )
    if person is None:
        raise Http404
    access = person_access(request, person)
    if access is None:
        raise Http404
    if for_change and not access.can_change:
        raise PermissionDenied
    return access


def get_referral_for_decision(request: HttpRequest, code: str) -> Referral:
    referral = (
        Referral.objects.select_related("person", "from_organisation").filter(code=code).first()
    )
    if referral is None:
        raise Http404
    access = person_access(request, referral.person)
    if access is None:
        raise Http404
    if not access.can_decide_referral:
        raise PermissionDenied
    return referral


@dataclass(frozen=True)
class PlacementAccess:
    placement: Placement
    sees_identity: bool
    # The care team changes everything; the tutor registers attendance and evaluations.
    can_change: bool
    is_tutor: bool


def get_placement_for_user(
    request: HttpRequest, code: str, *, for_change: bool = False
) -> PlacementAccess:
    placement = (
        Placement.objects.select_related(
            "person", "service", "opening", "host", "promoter", "tutor"
        )
        .filter(code=code)
        .first()
    )
    if placement is None:
        raise Http404
    user = request.user
    role = current_role(request)
    organisation_id = acting_organisation_id(request)
    access: PlacementAccess | None = None
    if role == Role.CASE_WORKER and is_in_care_team(user, placement.person):  # type: ignore[arg-type]
        access = PlacementAccess(placement, sees_identity=True, can_change=True, is_tutor=False)
    elif (
        role in (Role.COMPANY_TUTOR, Role.CASE_WORKER)
        and placement.status in HOST_VISIBLE
        # The tutor acts for the host: a role at another organisation gives nothing.
        and placement.host_id == organisation_id
        and (placement.tutor_id == user.pk or role == Role.COMPANY_TUTOR)
    ):
        access = PlacementAccess(placement, sees_identity=True, can_change=True, is_tutor=True)
    elif (
        role == Role.REFERRER
        and placement.person.referrals.filter(from_organisation_id=organisation_id).exists()
    ):
        access = PlacementAccess(placement, sees_identity=True, can_change=False, is_tutor=False)
    if access is None:
        raise Http404
    if for_change and not access.can_change:
        raise PermissionDenied
    return access


SERVICE_VIEWERS = (Role.CASE_WORKER, Role.REFERRER, Role.COORDINATOR, Role.COMPANY_TUTOR)


def can_manage_service(request: HttpRequest, service: Service | None) -> bool:
    """The coordinator manages every service; a case worker those of their organisation."""
    role = current_role(request)
    if role == Role.COORDINATOR:
        return True
    return role == Role.CASE_WORKER and (
        service is None or service.provider_id == acting_organisation_id(request)
    )


def get_service_for_user(request: HttpRequest, code: str, *, for_change: bool = False) -> Service:
    """Services are known to every role that works with pathways (they are not personal data);
    who is in them is shown by code, with names only for one's own care team."""
    if current_role(request) not in SERVICE_VIEWERS:
        raise Http404
    service = (
        Service.objects.select_related("provider", "municipality")
        .prefetch_related("levels")
        .filter(code=code)
        .first()
    )
    if service is None:
        raise Http404
    if for_change and not can_manage_service(request, service):
        raise PermissionDenied
    return service
