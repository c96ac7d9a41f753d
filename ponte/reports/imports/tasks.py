"""The dry run and the import as background tasks (Django's task API through django-tasks):
run at once in development and tests, by `make worker` in production. They update the
batch's progress, which the page polls."""

from django_tasks import task

from ponte.reports.imports import batches
from ponte.reports.models import ImportBatch


@task()
def import_check(batch_id: int) -> None:
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is not None:
        batches.import_batch_check(batch=batch)


@task()
def import_run(batch_id: int) -> None:
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is not None:
        batches.import_batch_run(batch=batch)
