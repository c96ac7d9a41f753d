"""Writes to the network: keyword-only, atomic, validating."""

from datetime import date
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import HttpRequest
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ponte.network.deactivation import memberships_deactivated
from ponte.network.models import Membership, Organisation, Sector, User


@transaction.atomic
def organisation_save(
    *, organisation: Organisation, sectors: list[Sector] | None = None
) -> Organisation:
    organisation.full_clean()
    organisation.save()
    if sectors is not None:
        organisation.sectors.set(sectors)
    return organisation


@transaction.atomic
def organisation_set_active(*, organisation: Organisation, active: bool) -> Organisation:
    """Deactivating keeps the organisation and its history; its people can no longer act for it,
    and what their roles there gave beyond the network ends (network/deactivation.py: the API
    tokens are revoked)."""
    organisation.is_active = active
    organisation.save(update_fields=["is_active", "updated_at"])
    if not active:
        memberships_deactivated(organisation.memberships.all())
    return organisation


@transaction.atomic
def user_invite(
    *,
    request: HttpRequest,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    organisation: Organisation,
    role: str,
) -> User:
    """Create an account with no usable password and a membership, then mail the new user a link
    to choose their own password: nobody else ever knows it."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    membership_add(user=user, organisation=organisation, role=role)
    # Sent once the transaction commits, so that a failed save mails nobody.
    transaction.on_commit(lambda: _send_invitation(request=request, user=user))
    return user


@transaction.atomic
def membership_add(*, user: User, organisation: Organisation, role: str) -> Membership:
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_set_active(*, membership: Membership, active: bool) -> Membership:
    """Switching a role off also ends what it gave beyond the network (network/deactivation.py:
    the API tokens made under it are revoked, and stay so if it is switched on again)."""
    membership.is_active = active
    membership.save(update_fields=["is_active", "updated_at"])
    if not active:
        memberships_deactivated([membership])
    return membership


@transaction.atomic
def user_set_active(*, user: User, active: bool) -> User:
    """A user switched off (in the Django admin) can no longer sign in, and every role of theirs
    ends what it gave beyond the network, as membership_set_active does."""
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        memberships_deactivated(user.memberships.all())
    return user


def _send_invitation(*, request: HttpRequest, user: User) -> None:
    """A link to choose a password, built like Django's password reset (which skips accounts
    that have no usable password yet)."""
    context = {
        "email": user.email,
        "domain": request.get_host(),
        "site_name": request.get_host(),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
    }
    PasswordResetForm().send_mail(
        "network/invite_subject.txt", "network/invite_email.txt", context, None, user.email
    )


@transaction.atomic
def audit_export_record(*, by: User, filters: dict[str, Any], rows: int) -> LogEntry:
    """docs/privacy.md, "Audit trail": exports of the audit trail are themselves in the trail, as
    reads of it, with the filters used and how many entries left Ponte. The address comes from
    AuditlogMiddleware, as for every other entry."""
    try:
        context = auditlog_value.get()
    except LookupError:
        context = {}
    used = {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in filters.items()
        if value not in ("", None)
    }
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(LogEntry),
        object_pk="",
        object_id=None,
        object_repr=f"CSV ({rows})",
        action=LogEntry.Action.ACCESS,
        actor=by,
        actor_email=by.email,
        remote_addr=context.get("remote_addr"),
        remote_port=context.get("remote_port"),
        cid=get_cid(),
        additional_data={"export": "csv", "filters": used, "rows": rows},
    )
