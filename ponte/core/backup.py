"""Backup and restore of the configured database (docs/operations.md, "Backup and restore"):
SQLite through its online backup API (a consistent copy while the site runs), PostgreSQL through
pg_dump's custom format and pg_restore. The commands `manage.py backup` and `manage.py restore`
call these."""

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import dj_database_url
from django.db import connections

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in words."""


def settings_for(database_url: str | None, alias: str = "default") -> dict[str, Any]:
    """The connection settings of a database URL, or those of the configured database."""
    if database_url:
        return dict(dj_database_url.parse(database_url))
    return dict(connections[alias].settings_dict)


def vendor_of(settings: dict[str, Any]) -> str:
    engine = settings["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Unsupported database engine: {engine}.")


def _pg_command(settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    sslmode = (settings.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        # A list of arguments (no shell), built from the settings and a path given by the operator.
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client tools."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(path: Path, *, alias: str = "default") -> str:
    """Copy the configured database to `path`; the kind of copy made ("sqlite" or "postgresql")."""
    settings = settings_for(None, alias)
    vendor = vendor_of(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    if vendor == "sqlite":
        connection = connections[alias]
        if connection.in_atomic_block:
            # SQLite would wait for ever for the lock this very connection holds.
            raise BackupError("A backup cannot be made inside a transaction.")
        connection.ensure_connection()
        source: sqlite3.Connection = connection.connection
        target = sqlite3.connect(path)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
    else:
        args, env = _pg_command(settings)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(path),
                *args,
                str(settings["NAME"]),
            ],
            env,
        )
    return vendor


def _kind_of_file(path: Path) -> str:
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    with path.open("rb") as file:
        head = file.read(16)
    if head.startswith(SQLITE_HEADER):
        return "sqlite"
    if head.startswith(PG_CUSTOM_HEADER):
        return "postgresql"
    raise BackupError(f"{path} is neither a SQLite database nor a pg_dump custom-format file.")


def restore(path: Path, *, database_url: str | None = None, alias: str = "default") -> str:
    """Replace the content of the configured database (or the one at `database_url`) with the
    backup at `path`. The database must be of the same kind as the backup."""
    kind = _kind_of_file(path)
    settings = settings_for(database_url, alias)
    vendor = vendor_of(settings)
    if kind != vendor:
        raise BackupError(f"A {kind} backup cannot be restored into a {vendor} database.")
    if vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if database_url:
                target = sqlite3.connect(settings["NAME"])
                try:
                    source.backup(target)
                finally:
                    target.close()
            else:
                connection = connections[alias]
                if connection.in_atomic_block:
                    raise BackupError("A restore cannot be made inside a transaction.")
                connection.ensure_connection()
                source.backup(connection.connection)
        finally:
            source.close()
    else:
        if not database_url:
            connections[alias].close()  # pg_restore --clean drops what the site holds open
        args, env = _pg_command(settings)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                "--dbname",
                str(settings["NAME"]),
                str(path),
            ],
            env,
        )
    return vendor
