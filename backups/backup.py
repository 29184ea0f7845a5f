"""Taking a backup: the database (pg_dump, custom format), both buckets, and a manifest.

A backup is one folder (or key prefix) named by its start time, `20261201T013000Z`:

    database.dump     pg_dump --format=custom, from one snapshot
    public/<key>      every object of the public media bucket
    private/<key>     every object of the private bucket (attachments and the erasure log)
    manifest.json     written last: the set is complete when it is there

The manifest holds the SHA-256 and size of the dump and of every object, and the
inventory (backups/inventory.py) of pages, requests, attachments and media, taken
in the same snapshot as the dump, so a restore can be checked against what the
site held at that instant. Objects are copied after the dump: a file added
meanwhile is copied too (an orphan, swept later); a file removed meanwhile
belongs to a request whose removal is in the erasure log since the backup's
start, which a restore replays.
"""

import datetime
import json
import subprocess
import tempfile

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone

from backups import inventory
from backups.postgres import PostgresError, check_client, libpq_env, program, require_postgresql
from backups.stores import Store
from inbox import erasure_log

FORMAT = 1
# Which storage goes under which folder of a backup set.
BUCKETS = {"default": "public", "private": "private"}
MANIFEST = "manifest.json"
DUMP = "database.dump"


class SourceDamaged(Exception):
    """The backup was written, but the site itself is missing files or holds altered ones."""

    def __init__(self, manifest):
        self.manifest = manifest
        super().__init__("; ".join(manifest["warnings"]))


def set_name(moment) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def sets(location: Store) -> list[str]:
    """The complete sets at `location` (those with a manifest), oldest first."""
    return [name for name in location.folders() if location.child(name).exists(MANIFEST)]


def find_set(location: Store, name=None) -> str:
    complete = sets(location)
    if not complete:
        raise FileNotFoundError(f"No complete backup (a folder with {MANIFEST}) at {location!r}")
    if name in (None, "", "latest"):
        return complete[-1]
    if name not in complete:
        raise FileNotFoundError(f"No complete backup named {name} at {location!r}")
    return name


def _dump_and_inventory(target: Store, log) -> tuple[dict, dict]:
    """pg_dump and the inventory from one exported snapshot: what one describes, the other holds."""
    pg_dump = program("pg_dump")
    client, server = check_client("pg_dump", connection)
    with transaction.atomic(), tempfile.TemporaryFile() as errors:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        log(f"Dumping the database (pg_dump {client}, server {server}) ...")
        process = subprocess.Popen(  # noqa: S603 - pg_dump found on PATH, no shell
            [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}"],
            stdout=subprocess.PIPE, stderr=errors, env=libpq_env(connection.settings_dict),
        )  # fmt: skip
        try:
            sha256, size = target.put(DUMP, process.stdout, "application/octet-stream")
        finally:
            process.stdout.close()
            code = process.wait()
        if code != 0:
            errors.seek(0)
            target.delete(DUMP)
            raise PostgresError(f"pg_dump failed ({code}): {errors.read().decode(errors='replace').strip()[-2000:]}")
        log(f"  {size:,} bytes")
        log("Listing pages, requests and attachments ...")
        taken = inventory.take()
    database = {"file": DUMP, "sha256": sha256, "size": size, "server_major": server, "pg_dump_major": client}
    return database, taken


def _copy_bucket(alias, folder, target: Store, log) -> dict:
    source = Store.for_storage(storages[alias])
    log(f"Copying {source!r} ...")
    objects = {}
    for key in source.keys():  # noqa: SIM118 - a Store, not a dict
        try:
            stream, content_type = source.open(key)
        except FileNotFoundError:
            continue  # removed since it was listed: see the module's docstring
        with stream:
            sha256, size = target.put(f"{folder}/{key}", stream, content_type)
        objects[key] = {"sha256": sha256, "size": size, "content_type": content_type}
    log(f"  {len(objects):,} objects")
    bucket = getattr(storages[alias], "bucket_name", None)
    return {"bucket": bucket, "objects": objects}


def _source_warnings(manifest, since) -> list[str]:
    """Attachments and media the database names that the buckets do not hold intact."""
    removed_since = {record.submission_id for record in erasure_log.records(since)}
    private = manifest["buckets"]["private"]["objects"]
    public = manifest["buckets"]["default"]["objects"]
    warnings = []
    for pk, item in manifest["inventory"]["attachments"].items():
        if item["submission"] in removed_since:
            continue
        stored = private.get(item["file"])
        if stored is None:
            warnings.append(
                f"attachment {pk} of request {item['submission']}: {item['file']} is missing from the bucket"
            )
        elif stored["sha256"] != item["sha256"]:
            warnings.append(
                f"attachment {pk} of request {item['submission']}: {item['file']} differs from the SHA-256 "
                "recorded when it arrived"
            )
    for what, item in manifest["inventory"]["media"].items():
        if item["file"] and item["file"] not in public:
            warnings.append(f"{what}: {item['file']} is missing from the public bucket")
    return warnings


def take_backup(location: Store, log=print) -> dict:
    """Write a complete backup set under `location`; return its manifest.

    Raises SourceDamaged (after writing the set) when the site's buckets miss or
    alter files its database names: the backup is still whole, the site is not.
    """
    require_postgresql()
    started = timezone.now()
    name = set_name(started)
    target = location.child(name)
    if not target.is_empty():
        raise FileExistsError(f"{target!r} already holds a backup")
    log(f"Backup {name} to {target!r}")
    try:
        database, taken = _dump_and_inventory(target, log)
        buckets = {alias: _copy_bucket(alias, folder, target, log) for alias, folder in BUCKETS.items()}
    except BaseException:
        # A set without its manifest is never restored; do not leave it taking space either.
        target.delete_all()
        raise
    manifest = {
        "format": FORMAT,
        "name": name,
        "started_at": started.astimezone(datetime.UTC).isoformat(),
        "finished_at": timezone.now().astimezone(datetime.UTC).isoformat(),
        "settings": settings.SETTINGS_MODULE,
        "database": database,
        "buckets": buckets,
        "inventory": taken,
    }
    manifest["warnings"] = _source_warnings(manifest, since=started)
    target.put_bytes(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode(), "application/json")
    log(
        f"Done: {len(taken['pages'])} pages, {len(taken['requests'])} requests, "
        f"{len(taken['attachments'])} attachments, "
        + ", ".join(f"{len(b['objects'])} {BUCKETS[a]} objects" for a, b in buckets.items())
    )
    if manifest["warnings"]:
        raise SourceDamaged(manifest)
    return manifest
