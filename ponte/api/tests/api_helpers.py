"""Helpers of the API tests: tokens made through the service, and the header that carries one."""

from collections.abc import Sequence
from datetime import date

from ponte.api.models import ApiToken, Scope
from ponte.api.services import token_create
from ponte.network.models import Membership, User

ALL_SCOPES = tuple(Scope.values)


def make_token(
    user: User,
    scopes: Sequence[str] = ALL_SCOPES,
    *,
    name: str = "Gestionale",
    expires_on: date | None = None,
) -> tuple[ApiToken, str]:
    """A token of the user's first membership (valid for 90 days unless `expires_on`); the
    secret as the client sends it."""
    membership = Membership.objects.filter(user=user).order_by("pk").first()
    assert membership is not None
    created = token_create(
        membership=membership, name=name, scopes=scopes, by=user, expires_on=expires_on
    )
    return created.token, created.secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def fields_of(response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}
