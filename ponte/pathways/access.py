"""Who may see and change what in the pathways (docs/privacy.md). Every view reaches people,
placements and services through these functions: 404 for what a user may not know exists, 403 for
what they may see but not change. Identity (names, contacts, basis of disadvantage) and the diary
are for the care team only; everyone else knows a person by their pseudonymous code."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from ponte.network.access import acting_organisation_id, current_role
from ponte.network.models import Role, User
from ponte.network.selectors import organisations_where
from ponte.pathways.models import Person, Placement, Referral, Service

# Placements a host organisation's tutor may know about: from the moment the host accepted.
HOST_VISIBLE = (Placement.Status.ACCEPTED, Placement.Status.ACTIVE, Placement.Status.ENDED)


def care_team_people(user: User) -> QuerySet[Person]:
    """The people whose care team the user is in (as case manager or added worker) and whom
    the user may still follow: only while holding an active case-worker membership in the
    organisation that follows the person. A role taken away, or a role at another
    organisation, gives nothing (docs/privacy.md, "Access follows active roles")."""
    in_team = Person.care_team.through.objects.filter(user_id=user.pk).values("person_id")
    return Person.objects.filter(
        Q(case_manager_id=user.pk) | Q(pk__in=in_team),
        organisation_id__in=organisations_where(user, Role.CASE_WORKER),
    )


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
    referred_by_us = role == Role.REFERRER and (
        person.referrals.filter(from_organisation_id=organisation_id).exists()
    )
    hosted_by_us = role == Role.COMPANY_TUTOR and (
        person.placements.filter(host_id=organisation_id, status__in=HOST_VISIBLE).exists()
    )
    if referred_by_us or hosted_by_us:
        return PersonAccess(person, sees_identity=True, can_change=False)
    return None


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
