"""Writing a validated file: `apply` writes every new and changed row through the kind, in the
caller's transaction, in the importing user's name; the helpers let a kind write thousands of
new rows with a few INSERTs, with the audit trail a single save would leave."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from auditlog.cid import get_cid
from auditlog.context import set_actor
from auditlog.diff import get_mask_function, track_field
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models

from ponte.imports.kinds import CHANGE, CREATE, Actor, ImportKind, Plan, in_chunks

# Rows written per INSERT.
BATCH_SIZE = 500

ModelT = TypeVar("ModelT", bound=models.Model)


def apply(kind: ImportKind, plan: Plan) -> None:
    """Write a valid plan. The caller holds the transaction."""
    assert plan.is_valid
    with set_actor(kind.actor.user):
        kind.create([row for row in plan.rows if row.action == CREATE])
        for row in plan.rows:
            if row.action == CHANGE:
                kind.change(row)


def bulk_create_audited(
    model: type[ModelT], objects: list[ModelT], actor: Actor, batch_code: str = ""
) -> list[ModelT]:
    """bulk_create in batches, and one "created" audit entry per object, as the audit trail
    records for a single save (bulk_create sends no signals, so the entries are made here)."""
    created: list[ModelT] = []
    for start in range(0, len(objects), BATCH_SIZE):
        created.extend(model._default_manager.bulk_create(objects[start : start + BATCH_SIZE]))
    if auditlog.contains(model) and created:
        content_type = ContentType.objects.get_for_model(model)
        cid = get_cid()
        changes = creation_changes(model)
        entries = [
            LogEntry(
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk,
                object_repr=str(obj),
                action=LogEntry.Action.CREATE,
                changes=changes(obj),
                actor=actor.user,
                actor_email=actor.user.email,
                cid=cid,
                additional_data={"import": batch_code} if batch_code else None,
            )
            for obj in created
        ]
        LogEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    return created


def creation_changes(model: type[models.Model]) -> Callable[[models.Model], dict[str, list[str]]]:
    """What the audit trail records for a new object, as auditlog's own diff does (every field
    with a value, from "None"; masked and excluded fields as registered), computed with the
    registered fields looked up once for the whole file rather than once per object."""
    registered = auditlog.get_model_fields(model)
    include, exclude = registered["include_fields"], registered["exclude_fields"]
    masked = set(registered["mask_fields"])
    mask = get_mask_function(registered.get("mask_callable"))
    tracked = [
        model_field
        for model_field in model._meta.concrete_fields
        if track_field(model_field)
        and not model_field.primary_key
        and (not include or model_field.name in include)
        and model_field.name not in exclude
    ]

    def changes(obj: models.Model) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for model_field in tracked:
            value = model_field.value_from_object(obj)
            if value is None or value == "":
                continue
            text = str(value)
            name = model_field.name
            found[name] = ["None", mask(text) if name in masked else text]
        return found

    return changes


# Where attach_m2m_pks keeps the related ids on each object (read by validating.stored_values).
IMPORT_M2M = "_import_m2m"


def attach_m2m_pks(model: type[models.Model], name: str, objects: Iterable[models.Model]) -> None:
    """Read the related ids of a many-to-many field for many objects with one query per
    chunk (ids only, no related objects built) and keep them on each object."""
    by_pk = {obj.pk: obj for obj in objects}
    relation = model._meta.get_field(name)
    through = relation.remote_field.through  # type: ignore[union-attr]
    source = f"{relation.m2m_field_name()}_id"  # type: ignore[union-attr]
    target = f"{relation.m2m_reverse_field_name()}_id"  # type: ignore[union-attr]
    found: dict[Any, list[Any]] = {pk: [] for pk in by_pk}
    for chunk in in_chunks(by_pk):
        for source_id, target_id in through.objects.filter(**{f"{source}__in": chunk}).values_list(
            source, target
        ):
            found[source_id].append(target_id)
    for pk, obj in by_pk.items():
        if not hasattr(obj, IMPORT_M2M):
            setattr(obj, IMPORT_M2M, {})
        getattr(obj, IMPORT_M2M)[name] = found[pk]


def m2m_bulk_set(
    model: type[models.Model], name: str, pairs: Iterable[tuple[int, Sequence[models.Model]]]
) -> None:
    """Add the related objects of new rows with one INSERT per batch (no signals are needed:
    the rows are new)."""
    relation = model._meta.get_field(name)
    through = relation.remote_field.through  # type: ignore[union-attr]
    source = relation.m2m_field_name()  # type: ignore[union-attr]
    target = relation.m2m_reverse_field_name()  # type: ignore[union-attr]
    links = [
        through(**{f"{source}_id": pk, f"{target}_id": related.pk})
        for pk, related_objects in pairs
        for related in related_objects
    ]
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
