"""Who may import what (each kind follows its app's access rules: see `allowed` of each kind, in
its app's imports module), and who sees an import: only the user who uploaded it, while acting
for the same organisation (404 for everyone else: an import may hold identity)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ponte.imports.kinds import KINDS, ImportKind
from ponte.network.access import SignedInRequest, acting_membership, member_acting
from ponte.network.imports import Actor
from ponte.reports.models import ImportBatch


def actor_for(request: SignedInRequest) -> Actor:
    return Actor(user=request.user, membership=member_acting(request))


def get_kind_for_user(request: SignedInRequest, slug: str) -> type[ImportKind]:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404
    if not kind.allowed(actor_for(request)):
        raise PermissionDenied
    return kind


def get_batch_for_user(request: HttpRequest, code: str) -> ImportBatch:
    membership = acting_membership(request)
    batch = ImportBatch.objects.filter(code=code).defer("content").first()
    if batch is None or membership is None or batch.membership_id != membership.pk:
        raise Http404
    return batch
