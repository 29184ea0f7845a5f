"""pg_dump and pg_restore, pointed at a Django database without putting its password on a command line."""

import os
import re
import shutil
import subprocess

from django.core.management.base import CommandError
from django.db import connections


class PostgresError(CommandError):
    pass


def require_postgresql(alias="default"):
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise PostgresError(f"Backups and restores need PostgreSQL (this database is {connection.vendor}).")
    return connection


def libpq_env(settings_dict) -> dict:
    """PG* variables for the client programs (the password stays out of `ps`)."""
    env = {**os.environ}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
        else:
            env.pop(variable, None)
    env["PGDATABASE"] = str(settings_dict["NAME"])
    options = settings_dict.get("OPTIONS") or {}
    for variable, key in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert")):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def program(name) -> str:
    path = shutil.which(name)
    if path is None:
        raise PostgresError(
            f"{name} is not installed: install the PostgreSQL client (Debian/Ubuntu: postgresql-client) "
            "of the same or a newer major version than the server."
        )
    return path


def client_major(name) -> int:
    output = subprocess.run([program(name), "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if not match:
        raise PostgresError(f"Could not read the version of {name}: {output.strip()}")
    return int(match.group(1))


def check_client(name, connection) -> tuple[int, int]:
    """(client major, server major); refuses a client older than the server (its dump would be refused or wrong)."""
    connection.ensure_connection()
    server = connection.pg_version // 10000
    client = client_major(name)
    if client < server:
        raise PostgresError(
            f"{name} {client} is older than the PostgreSQL server ({server}): install postgresql-client-{server} "
            "(on Debian/Ubuntu from apt.postgresql.org) and try again."
        )
    return client, server
