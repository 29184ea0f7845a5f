"""Restoring a backup set into a fresh database and fresh buckets, then checking it.

Runs with the settings of the site being restored *to*: DATABASE_URL and the two
bucket names point at an empty database and empty buckets (a restore never
writes over data). In order:

1. the dump is fetched and checked against its SHA-256, then `pg_restore`d in one transaction;
2. every object is copied back, each checked against its SHA-256 in the manifest;
3. erasure records written since the backup began are added from the live
   private bucket (when it is still there), then replayed: every request removed
   after the backup is removed again (inbox/erasure_log.py, inbox/erasure_replay.py);
4. the restored site is checked against the manifest's inventory: every page and
   request identical, every attachment present with the bytes it arrived with
   (read back from the new bucket), every image, rendition and document file
   present; the requests the replay removed are gone with their files.

The summary is printed; any difference is an error and the command exits non-zero.
"""

import dataclasses
import datetime
import json
import subprocess
import tempfile

from django.core.files.storage import storages
from django.db import connection

from backups import inventory
from backups.backup import BUCKETS, DUMP, MANIFEST, find_set
from backups.postgres import PostgresError, check_client, libpq_env, program, require_postgresql
from backups.stores import CHUNK, HashingReader, Store
from inbox import erasure_replay
from inbox.erasure_log import FOLDER as ERASURE_LOG_FOLDER

# Records written a little before the backup's start are replayed too: clocks differ
# between hosts, and replaying a removal that is already in the dump finds nothing to do.
REPLAY_MARGIN = datetime.timedelta(minutes=15)


class RestoreRefused(Exception):
    pass


@dataclasses.dataclass
class Result:
    name: str
    started_at: str
    counts: dict = dataclasses.field(default_factory=dict)
    replay: dict = dataclasses.field(default_factory=dict)
    errors: list = dataclasses.field(default_factory=list)
    inventory: dict = dataclasses.field(default_factory=dict)
    not_restored: list = dataclasses.field(default_factory=list)  # keys missing or damaged in the backup

    def as_json(self) -> dict:
        return dataclasses.asdict(self)


def target_stores() -> dict[str, Store]:
    return {alias: Store.for_storage(storages[alias]) for alias in BUCKETS}


def _check_targets(expect_database, expect_buckets):
    name = connection.settings_dict["NAME"]
    if expect_database and name != expect_database:
        raise RestoreRefused(f"This process points at database {name!r}, not {expect_database!r}: nothing done.")
    if connection.introspection.table_names():
        raise RestoreRefused(f"Database {name!r} is not empty: a restore goes into a fresh database.")
    stores = target_stores()
    if expect_buckets:
        actual = [stores[alias].bucket for alias in BUCKETS]
        if actual != list(expect_buckets):
            raise RestoreRefused(f"This process points at buckets {actual}, not {list(expect_buckets)}: nothing done.")
    for alias, store in stores.items():
        if not store.is_empty():
            raise RestoreRefused(f"The {BUCKETS[alias]} storage {store!r} is not empty: restore into fresh buckets.")
    return stores


def _restore_database(source: Store, manifest, log):
    pg_restore = program("pg_restore")
    check_client("pg_restore", connection)
    expected = manifest["database"]
    with tempfile.NamedTemporaryFile(prefix="restore-", suffix=".dump") as dump:
        stream, _type = source.open(DUMP)
        with stream:
            reader = HashingReader(stream)
            while chunk := reader.read(CHUNK):
                dump.write(chunk)
        dump.flush()
        if reader.sha256 != expected["sha256"]:
            raise RestoreRefused(f"{DUMP} does not match the SHA-256 in the manifest: this backup is damaged.")
        log(f"Restoring the database ({reader.size:,} bytes) into {connection.settings_dict['NAME']!r} ...")
        done = subprocess.run(  # noqa: S603 - pg_restore found on PATH, no shell
            [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             "--no-password", "--dbname", connection.settings_dict["NAME"], dump.name],
            capture_output=True, text=True, env=libpq_env(connection.settings_dict),
        )  # fmt: skip
    if done.returncode != 0:
        raise PostgresError(f"pg_restore failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    connection.close()  # the next query sees the restored tables afresh


def _restore_objects(source: Store, manifest, stores, result, log):
    for alias, folder in BUCKETS.items():
        objects = manifest["buckets"][alias]["objects"]
        log(f"Copying {len(objects):,} objects into {stores[alias]!r} ...")
        copied = 0
        for key, expected in objects.items():
            try:
                stream, _type = source.open(f"{folder}/{key}")
            except FileNotFoundError:
                result.errors.append(f"{folder} object {key} is missing from the backup")
                result.not_restored.append(f"{folder}/{key}")
                continue
            with stream:
                sha256, _size = stores[alias].put(key, stream, expected.get("content_type"))
            if sha256 != expected["sha256"]:
                # Never leave altered bytes where the site would serve them as the original.
                stores[alias].delete(key)
                problem = "its bytes in the backup differ from the manifest's SHA-256"
                result.errors.append(f"{folder} object {key}: {problem}")
                result.not_restored.append(f"{folder}/{key}")
                continue
            copied += 1
        result.counts[f"{folder}_objects"] = {"in_backup": len(objects), "restored": copied}


def _add_live_erasure_log(bucket, stores, log) -> int:
    """Copy erasure records the restored bucket lacks from the live private bucket; how many."""
    target = stores["private"]
    if not target.is_s3:
        raise RestoreRefused("--erasure-log-bucket needs the private storage on S3.")
    live = Store(client=target.client, bucket=bucket, prefix=getattr(storages["private"], "location", ""))
    have = set(target.keys(under=ERASURE_LOG_FOLDER + "/"))
    added = 0
    for key in live.keys(under=ERASURE_LOG_FOLDER + "/"):
        if key in have:
            continue
        stream, content_type = live.open(key)
        with stream:
            target.put(key, stream, content_type)
        added += 1
    log(f"Erasure log: {added} record(s) added from the live bucket {bucket!r}")
    return added


def _verify(manifest, stores, removed, result, log):
    """The restored site against the backup's inventory: every difference is an error."""
    log("Checking every page, request, attachment and media file ...")
    expected = manifest["inventory"]
    restored = inventory.take()
    result.inventory = restored
    errors = result.errors

    pages_ok = 0
    for pk, fingerprint in expected["pages"].items():
        if pk not in restored["pages"]:
            errors.append(f"page {pk} is missing")
        elif restored["pages"][pk] != fingerprint:
            errors.append(f"page {pk} differs from the backup")
        else:
            pages_ok += 1
    errors += [f"page {pk} was not in the backup" for pk in restored["pages"].keys() - expected["pages"].keys()]
    result.counts["pages"] = {"in_backup": len(expected["pages"]), "verified": pages_ok}

    removed = {str(pk) for pk in removed}
    requests_ok = 0
    for pk, fingerprint in expected["requests"].items():
        if pk in removed:
            if pk in restored["requests"]:
                errors.append(f"request {pk} was erased after the backup and is still there")
        elif pk not in restored["requests"]:
            errors.append(f"request {pk} is missing")
        elif restored["requests"][pk] != fingerprint:
            errors.append(f"request {pk} differs from the backup")
        else:
            requests_ok += 1
    extra = restored["requests"].keys() - expected["requests"].keys()
    errors += [f"request {pk} was not in the backup" for pk in extra]
    result.counts["requests"] = {
        "in_backup": len(expected["requests"]), "verified": requests_ok, "erased_again": len(removed),
    }  # fmt: skip

    private, attachments_ok, erased_files = stores["private"], 0, 0
    not_restored = set(result.not_restored)
    for pk, item in expected["attachments"].items():
        where = f"attachment {pk} of request {item['submission']} ({item['file']})"
        if str(item["submission"]) in removed:
            if pk in restored["attachments"] or private.exists(item["file"]):
                errors.append(f"{where} belongs to a request erased after the backup and is still there")
            erased_files += 1
            continue
        if restored["attachments"].get(pk) != item:
            errors.append(f"{where}: its row is missing or differs")
            continue
        if f"private/{item['file']}" in not_restored:
            errors.append(f"{where}: not restored, its copy in the backup is damaged or missing")
            continue
        try:
            sha256, _size = private.sha256(item["file"])
        except FileNotFoundError:
            errors.append(f"{where}: the file is missing from the restored bucket")
            continue
        if sha256 != item["sha256"]:
            errors.append(f"{where}: the restored bytes differ from the SHA-256 recorded when it arrived")
            continue
        attachments_ok += 1
    result.counts["attachments"] = {
        "in_backup": len(expected["attachments"]), "verified": attachments_ok, "erased_again": erased_files,
    }  # fmt: skip

    public, public_objects, media_ok = stores["default"], manifest["buckets"]["default"]["objects"], 0
    for what, item in expected["media"].items():
        if not item["file"]:
            media_ok += 1
            continue
        try:
            sha256, _size = public.sha256(item["file"])
        except FileNotFoundError:
            errors.append(f"{what}: {item['file']} is missing from the restored public bucket")
            continue
        if item["file"] in public_objects and sha256 != public_objects[item["file"]]["sha256"]:
            errors.append(f"{what}: {item['file']} differs from the backup")
            continue
        media_ok += 1
    result.counts["media_files"] = {"in_backup": len(expected["media"]), "verified": media_ok}


def restore(location: Store, name=None, *, erasure_log_bucket=None, expect_database=None, expect_buckets=None,
            log=print) -> Result:  # fmt: skip
    require_postgresql()
    name = find_set(location, name)
    source = location.child(name)
    manifest = json.loads(source.read_bytes(MANIFEST))
    result = Result(name=name, started_at=manifest["started_at"])
    stores = _check_targets(expect_database, expect_buckets)
    log(f"Restoring backup {name} (taken {manifest['started_at']}) from {source!r}")

    _restore_database(source, manifest, log)
    _restore_objects(source, manifest, stores, result, log)

    added = _add_live_erasure_log(erasure_log_bucket, stores, log) if erasure_log_bucket else 0
    since = datetime.datetime.fromisoformat(manifest["started_at"]) - REPLAY_MARGIN
    replayed = erasure_replay.replay(since)
    result.replay = {
        "records_since_backup": replayed.records, "added_from_live_bucket": added,
        "removed": len(replayed.removed), "already_absent": replayed.absent,
        "id_reused_left_alone": replayed.other_request, "failed": len(replayed.failed),
    }  # fmt: skip
    for subject, counts in replayed.subjects.items():  # a family's file, a household member (other apps')
        result.replay[f"{subject}_removed"] = counts.get("removed", 0)
        if counts.get("failed") or counts.get("unknown"):
            result.errors.append(
                f"{counts.get('failed', 0) + counts.get('unknown', 0)} erasure record(s) of {subject} could not be "
                "replayed (run `manage.py replay_erasures` again)"
            )
    for pk in replayed.failed:
        result.errors.append(f"request {pk} is in the erasure log but could not be removed again")
    if replayed.other_request:
        # In a fresh restore no new request can have taken a recorded id: the key must have changed.
        result.errors.append(
            f"{replayed.other_request} erasure record(s) could not be matched to their request: if "
            "DJANGO_SECRET_KEY was changed since, put the old key in DJANGO_SECRET_KEY_FALLBACKS and restore again"
        )
    log(f"Erasure log: {replayed.records} record(s) since the backup, {len(replayed.removed)} request(s) removed again")

    _verify(manifest, stores, replayed.removed, result, log)
    return result


def _pairs(numbers: dict) -> str:
    return ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in numbers.items())


def describe(result: Result) -> list[str]:
    """The summary as lines for a person."""
    lines = [f"Backup {result.name} (taken {result.started_at})"]
    for what, numbers in result.counts.items():
        lines.append(f"  {what.replace('_', ' ')}: {_pairs(numbers)}")
    if result.replay:
        lines.append(f"  erasure log: {_pairs(result.replay)}")
    if result.errors:
        lines.append(f"FAILED: {len(result.errors)} problem(s)")
        lines += [f"  - {error}" for error in result.errors[:200]]
        if len(result.errors) > 200:
            lines.append(f"  ... and {len(result.errors) - 200} more")
    else:
        lines.append("OK: everything in the backup was restored and verified")
    return lines
