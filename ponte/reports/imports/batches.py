"""The life of an import (the writes of this package, keyword-only like every services.py):
upload → dry run (checking) → ready or errors → import → imported. The dry run and the import
run as background tasks (tasks.py) that call `import_batch_check` and `import_batch_run`."""

import logging
import time
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.imports.kinds import CHANGE, CREATE, KINDS, UNCHANGED, ImportKind, Plan
from ponte.imports.reading import FileProblem, check_size, file_format, read_table
from ponte.imports.validating import validate
from ponte.imports.writing import apply
from ponte.network.imports import Actor
from ponte.network.models import Membership
from ponte.reports.models import ImportBatch

logger = logging.getLogger(__name__)

# The import checks the file again before writing: that takes this share of its progress bar.
CHECK_SHARE = 90


def actor_of(batch: ImportBatch) -> Actor:
    membership = Membership.objects.select_related("user", "organisation").get(
        pk=batch.membership_id
    )
    return Actor(user=membership.user, membership=membership)


def kind_of(batch: ImportBatch, actor: Actor) -> ImportKind:
    return KINDS[batch.kind](actor, batch_code=batch.code)


def import_batch_create(*, actor: Actor, kind: str, upload: UploadedFile) -> ImportBatch:
    """Check the file's size and type, keep it, and start its dry run. Raises ValidationError
    with the user's message; nothing is kept then."""
    if kind not in KINDS or not KINDS[kind].allowed(actor):
        raise ValidationError({"kind": _("You cannot import this kind of data.")})
    try:
        check_size(upload.size or 0)
        content = upload.read(upload.size or 0)
        fmt = file_format(upload.name or "", content)
    except FileProblem as problem:
        raise ValidationError({"file": problem.message}) from None
    batch = ImportBatch.objects.create(
        kind=kind,
        file_name=(upload.name or "")[:200],
        file_format=fmt,
        content=content,
        membership=actor.membership,
    )
    # Not in a transaction: the worker must find the batch when it picks the task up.
    from ponte.reports.imports.tasks import import_check

    import_check.enqueue(batch.pk)
    return batch


# The page polls every second: the progress is written at most twice a second.
PROGRESS_INTERVAL = 0.5


def _progress(batch: ImportBatch, *, start: int, share: int) -> Callable[[int, int], None]:
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_INTERVAL and done < total:
            return
        last[0] = now
        value = start + (share * done // total if total else share)
        ImportBatch.objects.filter(pk=batch.pk).update(progress=min(value, 100))

    return report


def _record_plan(batch: ImportBatch, plan: Plan) -> None:
    batch.rows = len(plan.rows)
    batch.created_count = plan.count(CREATE)
    batch.changed_count = plan.count(CHANGE)
    batch.unchanged_count = plan.count(UNCHANGED)
    batch.error_count = len(plan.errors)
    batch.report = plan.report()


def _finish(batch: ImportBatch, status: str, *, message: str = "") -> None:
    batch.status = status
    batch.message = message
    batch.progress = 100
    batch.finished_at = timezone.now()
    if status != ImportBatch.Status.READY:
        # The file may hold identity: it is not kept once it has been used or refused.
        batch.content = b""
    batch.save()


def _checked_plan(batch: ImportBatch, *, share: int) -> tuple[ImportKind, Plan] | None:
    """Read and validate the file; on a problem with the whole file, finish the batch."""
    actor = actor_of(batch)
    kind = kind_of(batch, actor)
    try:
        table = read_table(batch.file_format, bytes(batch.content))
        plan = validate(kind, table, progress=_progress(batch, start=0, share=share))
    except FileProblem as problem:
        batch.report = {}
        _finish(batch, ImportBatch.Status.INVALID, message=problem.message)
        return None
    _record_plan(batch, plan)
    if not plan.is_valid:
        _finish(batch, ImportBatch.Status.INVALID)
        return None
    return kind, plan


def import_batch_check(*, batch: ImportBatch) -> ImportBatch:
    """The dry run: what the import would do, row by row, and every error. Writes nothing but
    the batch."""
    try:
        if _checked_plan(batch, share=100) is not None:
            _finish(batch, ImportBatch.Status.READY)
    except Exception:
        logger.exception("Import %s: the dry run failed", batch.code)
        _finish(batch, ImportBatch.Status.FAILED, message=_("The file could not be checked."))
    return batch


def import_batch_start(*, batch: ImportBatch) -> ImportBatch:
    """Start the import of a checked file (in the background)."""
    updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.READY).update(
        status=ImportBatch.Status.IMPORTING, progress=0
    )
    if not updated:
        raise ValidationError(_("This file is not ready to be imported."))
    batch.refresh_from_db()
    from ponte.reports.imports.tasks import import_run

    import_run.enqueue(batch.pk)
    return batch


def import_batch_run(*, batch: ImportBatch) -> ImportBatch:
    """Check the file again (the data may have changed since the dry run) and write all of it
    in one transaction, or nothing."""
    try:
        checked = _checked_plan(batch, share=CHECK_SHARE)
        if checked is None:
            return batch
        kind, plan = checked
        with transaction.atomic():
            apply(kind, plan)
        _finish(batch, ImportBatch.Status.DONE)
    except (IntegrityError, ValidationError, DatabaseError):
        logger.exception("Import %s: nothing written", batch.code)
        _finish(
            batch,
            ImportBatch.Status.FAILED,
            message=_(
                "The data changed while the file was being imported: nothing was saved. "
                "Upload the file again."
            ),
        )
    except Exception:
        logger.exception("Import %s: failed", batch.code)
        _finish(
            batch, ImportBatch.Status.FAILED, message=_("The import failed: nothing was saved.")
        )
    return batch


def import_batch_discard(*, batch: ImportBatch) -> None:
    if batch.is_running:
        raise ValidationError(_("Wait until the file has been checked or imported."))
    batch.delete()
