"""Writes of the API tokens: making one (its secret returned once, only its hash stored, an
expiry chosen), revoking one (also every token of a role or a user switched off: see
`revoke_tokens_of_membership`, registered with the network in ApiConfig.ready()), and finding
the token of a request."""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ponte.api.models import ApiToken, Scope
from ponte.core.codes import random_code
from ponte.network.models import Membership, Role, User

TOKEN_PREFIX = "ponte_"  # noqa: S105 - not a secret: what every token starts with
MAX_ACTIVE_TOKENS = 10
# last_used_at is written at most this often, not on every call.
TOUCH_EVERY = timedelta(minutes=1)
# A token works until a day chosen when it is made: 90 days unless chosen, at most a year.
DEFAULT_VALIDITY = timedelta(days=90)
MAX_VALIDITY = timedelta(days=365)


def default_expiry() -> date:
    return timezone.localdate() + DEFAULT_VALIDITY


def latest_expiry() -> date:
    return timezone.localdate() + MAX_VALIDITY


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token as the client sends it; never stored


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *,
    membership: Membership,
    name: str,
    scopes: Sequence[str],
    by: User,
    expires_on: date | None = None,
) -> NewToken:
    """A new token of `by` acting through `membership`: `ponte_<prefix>.<secret>`, where the
    secret has 256 random bits. Only the SHA-256 of the secret is stored. It works until
    `expires_on` included (by default in 90 days; at most a year from today)."""
    if membership.user_id != by.pk or not membership.is_active:
        raise ValidationError(_("You can make tokens only for your own active roles."))
    if membership.role == Role.DPO:
        # docs/privacy.md: the data-protection officer reads the audit trail, nothing else.
        raise ValidationError(_("The data-protection officer's role cannot use the API."))
    today = timezone.localdate()
    if expires_on is None:
        expires_on = default_expiry()
    if expires_on <= today:
        raise ValidationError({"expires_on": _("Choose a day after today.")})
    if expires_on > latest_expiry():
        raise ValidationError(
            {
                "expires_on": _("A token lasts at most a year: choose a day up to %(day)s.")
                % {"day": formats.date_format(latest_expiry(), "SHORT_DATE_FORMAT")}
            }
        )
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    unknown = [scope for scope in scopes if scope not in Scope.values]
    if unknown or not scopes:
        raise ValidationError({"scopes": _("Choose at least one of the listed scopes.")})
    active = ApiToken.objects.filter(
        membership__user=by, revoked_at__isnull=True, expires_on__gte=today
    ).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You have %(max)d active tokens: revoke one first.") % {"max": MAX_ACTIVE_TOKENS}
        )
    prefix = random_code(10)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        membership=membership,
        name=name,
        prefix=prefix,
        secret_hash=_hash(secret),
        scopes=[scope for scope in Scope.values if scope in scopes],
        expires_on=expires_on,
    )
    return NewToken(token=token, secret=f"{TOKEN_PREFIX}{prefix}.{secret}")


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke a token: from now on it answers 401."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


@transaction.atomic
def revoke_tokens_of_membership(membership: Membership) -> int:
    """Revoke every token acting through a role that has been switched off (or whose user or
    organisation has been): switching it on again does not bring them back. How many."""
    tokens = list(ApiToken.objects.filter(membership=membership, revoked_at__isnull=True))
    now = timezone.now()
    for token in tokens:
        # One save per token, so that each revocation is in the audit trail.
        token.revoked_at = now
        token.save(update_fields=["revoked_at", "updated_at"])
    return len(tokens)


def token_authenticate(presented: str) -> ApiToken | None:
    """The active token whose secret is `presented`, with its membership, user and
    organisation; None for anything else (revoked, expired, a role, user or organisation
    switched off, the data-protection officer's role). Found by its prefix, then the hashes
    compared in constant time."""
    if not presented.startswith(TOKEN_PREFIX) or "." not in presented:
        return None
    prefix, _dot, secret = presented.removeprefix(TOKEN_PREFIX).partition(".")
    if not prefix or not secret or len(prefix) > 16:
        return None
    token = (
        ApiToken.objects.select_related("membership__user", "membership__organisation")
        .filter(prefix=prefix)
        .first()
    )
    expected = token.secret_hash if token is not None else _hash("")
    if not hmac.compare_digest(_hash(secret), expected) or token is None:
        return None
    membership = token.membership
    if (
        token.revoked_at is not None
        or token.is_expired
        or membership.role == Role.DPO
        or not membership.is_active
        or not membership.organisation.is_active
        or not membership.user.is_active
    ):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
