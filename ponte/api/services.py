"""Writes of the API tokens: making one (its secret returned once, only its hash stored),
revoking one, and finding the token of a request."""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.api.models import ApiToken, Scope
from ponte.core.codes import random_code
from ponte.network.models import Membership, User

TOKEN_PREFIX = "ponte_"  # noqa: S105 - not a secret: what every token starts with
MAX_ACTIVE_TOKENS = 10
# last_used_at is written at most this often, not on every call.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token as the client sends it; never stored


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, membership: Membership, name: str, scopes: Sequence[str], by: User) -> NewToken:
    """A new token of `by` acting through `membership`: `ponte_<prefix>.<secret>`, where the
    secret has 256 random bits. Only the SHA-256 of the secret is stored."""
    if membership.user_id != by.pk or not membership.is_active:
        raise ValidationError(_("You can make tokens only for your own active roles."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    unknown = [scope for scope in scopes if scope not in Scope.values]
    if unknown or not scopes:
        raise ValidationError({"scopes": _("Choose at least one of the listed scopes.")})
    active = ApiToken.objects.filter(membership__user=by, revoked_at__isnull=True).count()
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
    )
    return NewToken(token=token, secret=f"{TOKEN_PREFIX}{prefix}.{secret}")


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke a token: from now on it answers 401."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def token_authenticate(presented: str) -> ApiToken | None:
    """The active token whose secret is `presented`, with its membership, user and
    organisation; None for anything else. Found by its prefix, then the hashes compared in
    constant time."""
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
