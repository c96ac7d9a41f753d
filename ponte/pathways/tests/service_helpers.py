"""Helpers for the tests of the pathways' services and access functions."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.test import RequestFactory

from ponte.network.models import Membership, Organisation, User
from ponte.pathways.models import Item
from ponte.pathways.services.assessments import ScoreInput


def default_items() -> list[Item]:
    """The twelve items of the default instrument, in order."""
    return list(Item.objects.filter(area__instrument__is_default=True))


def scores_for(values: list[int] | int) -> dict[int, ScoreInput]:
    """Item id → score for every item of the default instrument: one value for all, or a list of
    twelve values."""
    items = default_items()
    if isinstance(values, int):
        values = [values] * len(items)
    assert len(values) == len(items)
    return {item.pk: ScoreInput(score=value) for item, value in zip(items, values, strict=True)}


def request_as(user: User | None, organisation: Organisation | None = None) -> HttpRequest:
    """A request of `user` acting for `organisation` (their only membership when omitted), as
    the membership middleware would set it up."""
    request = RequestFactory().get("/percorsi/")
    request.user = user or AnonymousUser()  # type: ignore[assignment]
    membership = None
    if user is not None:
        memberships = Membership.objects.filter(user=user, is_active=True)
        if organisation is not None:
            memberships = memberships.filter(organisation=organisation)
        membership = memberships.first()
    request.membership = membership  # type: ignore[attr-defined]
    return request
