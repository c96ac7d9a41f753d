"""Backup and restore (`manage.py backup` / `restore`): the demo district is dumped, restored into
an empty database, and every row is found again — the count of every table and a checksum of the
rows of a few key tables. On SQLite (the default) and, when the suite runs on PostgreSQL, on
PostgreSQL, restoring into a database created for the test and dropped after it."""

import hashlib
import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from ponte.network.models import Organisation, User
from ponte.pathways.models import Attendance, Person, Placement

KEY_MODELS = (Person, Placement, Attendance, Organisation, User)


def tables() -> list[str]:
    return sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})


def counts(cursor: Any) -> dict[str, int]:
    found = {}
    for table in tables():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - table names from the models
        found[table] = cursor.fetchone()[0]
    return found


def normalised(value: Any) -> Any:
    """The same value whichever connection read it: Django's connection reads timestamps in UTC
    and JSON as text, a plain DB-API connection in the server's zone and JSON decoded."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True)
    return value


def checksum(cursor: Any, model: type) -> str:
    columns = ", ".join(f'"{field.column}"' for field in model._meta.concrete_fields)
    cursor.execute(f'SELECT {columns} FROM "{model._meta.db_table}" ORDER BY "id"')  # noqa: S608
    digest = hashlib.sha256()
    for row in cursor.fetchall():
        digest.update(repr(tuple(normalised(value) for value in row)).encode())
    return digest.hexdigest()


def snapshot(cursor: Any) -> tuple[dict[str, int], dict[str, str]]:
    return counts(cursor), {model.__name__: checksum(cursor, model) for model in KEY_MODELS}


@contextmanager
def empty_database(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """A database URL of an empty database of the configured kind, and a function that opens a
    DB-API connection to it."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        # The types Django's connection converts (its converters are registered globally).
        types = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path, detect_types=types)
        return
    import psycopg

    settings = connection.settings_dict
    name = f"ponte_restore_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    url = f"postgres://{credentials}@{host}/{name}"
    try:
        yield url, lambda: psycopg.connect(url.replace("postgres://", "postgresql://", 1))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_of_the_demo_district_restores_every_row(tmp_path):
    call_command("seed_demo", stdout=StringIO())
    with connection.cursor() as cursor:
        before = snapshot(cursor)
    assert before[0]["pathways_person"] > 0 and before[0]["pathways_attendance"] > 0
    dump = tmp_path / "ponte.backup"
    out = StringIO()
    call_command("backup", str(dump), stdout=out)
    assert str(dump) in out.getvalue()
    with empty_database(tmp_path) as (url, connect):
        call_command("restore", str(dump), "--database-url", url, "--no-input", stdout=StringIO())
        restored = connect()
        try:
            after = snapshot(restored.cursor())
        finally:
            restored.close()
    assert after[0] == before[0]
    assert after[1] == before[1]


def test_restoring_a_file_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "bogus.dump"
    bogus.write_text("not a backup")
    with pytest.raises(CommandError, match="neither a SQLite database nor a pg_dump"):
        call_command("restore", str(bogus), "--no-input")
    with pytest.raises(CommandError, match="No backup"):
        call_command("restore", str(tmp_path / "missing.dump"), "--no-input")


@pytest.mark.django_db
def test_a_backup_of_the_other_kind_is_refused(tmp_path):
    other = tmp_path / "other.dump"
    if connection.vendor == "sqlite":
        other.write_bytes(b"PGDMP" + b"\0" * 64)
    else:
        sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(CommandError, match="cannot be restored into"):
        call_command("restore", str(other), "--no-input")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_a_path_the_backup_goes_under_var_backups(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("backup", stdout=out)
    written = list((tmp_path / "backups").iterdir())
    assert len(written) == 1
    assert written[0].name.startswith("ponte-")
    assert str(written[0]) in out.getvalue()
