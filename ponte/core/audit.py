"""Audit trail helpers (django-auditlog): masking, and who a change is by.

auditlog's middleware records the signed-in user as the actor of every change of a request.
Ponte adds, to every change (created, changed, deleted; not reads), the organisation the user
was acting for, in `additional_data`: {"organisation": code, "organisation_name": name}, and for
changes through the API the token's prefix ({"api_token": prefix}). AuditOrganisationMiddleware
reads the acting organisation of a page (request.membership, set by the network's middleware);
the API, whose token is read after every middleware has run, calls `act_as()` once it knows the
token's user and organisation."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models.signals import pre_save
from django.http import HttpRequest, HttpResponse


def mask_completely(value: str) -> str:
    """Used for identity fields in the change log: the trail says which field changed, when and
    by whom, but keeps no copy of a person's name, contacts or health information."""
    return "•••"


class _Organisation(Protocol):
    code: str
    name: str


class _Membership(Protocol):
    organisation: _Organisation


@dataclass(frozen=True)
class Acting:
    """Who the changes of the current request are for: a membership (its organisation is read
    only when an entry is written, so a request that changes nothing costs no query), and the
    prefix of the API token when the change comes through the API."""

    membership: _Membership | None
    api_token: str = ""

    def data(self) -> dict[str, str]:
        data: dict[str, str] = {}
        if self.membership is not None:
            organisation = self.membership.organisation
            data = {"organisation": organisation.code, "organisation_name": organisation.name}
        if self.api_token:
            data["api_token"] = self.api_token
        return data


_acting: ContextVar[Acting | None] = ContextVar("ponte_audit_acting", default=None)

CHANGES = (LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE)


def act_as(actor: AbstractBaseUser | None, membership: Any, *, api_token: str = "") -> None:
    """From now until the end of the request, changes are by `actor`, for the organisation of
    `membership` (None: no organisation), through the API token `api_token` if given. Replaces
    the actor that auditlog's middleware read from the request (the API reads its token later,
    and ignores the session's user)."""
    try:
        context = auditlog_value.get()
    except LookupError:
        context = None
    if context is not None:
        # The same signal id: auditlog's receiver of this request keeps reading the value.
        auditlog_value.set({**context, "actor": actor})
    _acting.set(Acting(membership=membership, api_token=api_token))


def _record_organisation(sender: type[LogEntry], instance: LogEntry, **kwargs: Any) -> None:
    acting = _acting.get()
    if acting is None or instance.pk is not None or instance.action not in CHANGES:
        return
    data = acting.data()
    if not data:
        return
    existing = instance.additional_data if isinstance(instance.additional_data, dict) else {}
    instance.additional_data = {**data, **existing}


def connect() -> None:
    """Called by CoreConfig.ready()."""
    pre_save.connect(_record_organisation, sender=LogEntry, dispatch_uid="ponte_audit_acting")


class AuditOrganisationMiddleware:
    """After auditlog's middleware and the network's (which sets request.membership): the
    changes of the request record the organisation the user acts for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _acting.set(Acting(membership=getattr(request, "membership", None)))
        try:
            return self.get_response(request)
        finally:
            _acting.reset(token)
