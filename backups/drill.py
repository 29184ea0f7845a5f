"""The restore drill: restore the latest backup beside the live site, check it, throw it away.

Run on a server with the production environment (it reads the same variables).
It creates a fresh database on the same PostgreSQL server and two fresh buckets
on the same S3 endpoint, runs `manage.py restore` into them in a process of its
own (so the restore sees only them), then compares the restored site with the
live one:

- everything `restore` checks against the backup's own inventory (backups/restore.py);
- every request deleted from the live site since the backup (erased, or past its
  retention period) is absent from the restored one: the erasure log was replayed;
- every attachment present in both has the same file and SHA-256 (attachments never change);
- pages and requests changed or added since the backup are counted (not errors).

Then one association at a time moves through export and import (backups/drill_associations.py): into a
second fresh database and buckets (a scratch deployment), migrated, then exported again and compared with the
first export (row counts and every file's sha256). `associations` names the domains (default: every
association but the default one, or the default one when it is alone; an empty list skips the step).

Then the databases and buckets are dropped, unless `keep` is set. The database
user needs CREATEDB and the S3 key may create and delete buckets; otherwise
create them beforehand, empty, and name them: the restore's (`--database-url`,
`--buckets`) and the association step's (`--association-database-url`,
`--association-buckets`). Whatever is named is used and left in place; the rest
is made, and dropped. Both deployments are set up before the restore begins, so
a missing right or a wrong name stops the drill before its long part.
"""

import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
from urllib.parse import quote, urlparse, urlunparse

import psycopg
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files.storage import storages
from django.db import DatabaseError, connection
from django.utils import timezone
from psycopg import sql

from backups import drill_associations, inventory
from backups.backup import BUCKETS, MANIFEST, find_set
from backups.postgres import check_client, require_postgresql
from backups.stores import Store


def _database_url(name) -> str:
    """DATABASE_URL with another database name (same server, user, password and options)."""
    if os.environ.get("DATABASE_URL"):
        parsed = urlparse(os.environ["DATABASE_URL"])
        return urlunparse(parsed._replace(path="/" + quote(name)))
    db = connection.settings_dict
    credentials = quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
    return f"postgresql://{credentials}@{host}/{quote(name)}"


def _fresh_name(base, separator, stamp) -> str:
    """`<base><sep>drill<sep><stamp>`, cut to the 63 characters PostgreSQL and S3 allow."""
    tail = f"{separator}drill{separator}{stamp}"
    return f"{base[: 63 - len(tail)]}{tail}".lower()


def _empty_and_delete(store: Store):
    store.delete_all()
    store.client.delete_bucket(Bucket=store.bucket)


class Fresh:
    """The database and buckets the drill restores into, made and dropped by it unless given."""

    def __init__(self, database_url=None, buckets=None):
        stamp = timezone.now().strftime("%Y%m%d%H%M%S") + secrets.token_hex(2)
        self.stamp = stamp
        self.made_database = database_url is None
        self.database = _fresh_name(connection.settings_dict["NAME"], "_", stamp)
        self.database_url = database_url or _database_url(self.database)
        if database_url:
            self.database = urlparse(database_url).path.lstrip("/")
        self.sources = {alias: Store.for_storage(storages[alias]) for alias in BUCKETS}
        for alias, store in self.sources.items():
            if not store.is_s3:
                raise RuntimeError(f"The drill needs S3 storages (the {BUCKETS[alias]} storage is a folder).")
        self.made_buckets = not buckets
        self.buckets = list(buckets or [_fresh_name(self.sources[alias].bucket, "-", stamp) for alias in BUCKETS])

    def create(self):
        if self.made_database:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.database)).as_string())
        if self.made_buckets:
            for alias, name in zip(BUCKETS, self.buckets, strict=True):
                client = self.sources[alias].client
                region = client.meta.region_name
                extra = {"CreateBucketConfiguration": {"LocationConstraint": region}}
                client.create_bucket(Bucket=name, **(extra if region and region != "us-east-1" else {}))

    def drop(self):
        if self.made_buckets:
            for alias, name in zip(BUCKETS, self.buckets, strict=True):
                with contextlib.suppress(Exception):
                    _empty_and_delete(Store(client=self.sources[alias].client, bucket=name))
        if self.made_database:
            with connection.cursor() as cursor:
                drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.database))
                cursor.execute(drop.as_string())


def _compare_with_live(restored, manifest_inventory) -> tuple[dict, list]:
    live = inventory.take()
    counts, errors = {}, []
    in_backup = manifest_inventory["requests"].keys()
    deleted_since = in_backup - live["requests"].keys()
    back = sorted(deleted_since & restored["requests"].keys(), key=int)
    errors += [f"request {pk} was deleted from the site after the backup; the restore brought it back" for pk in back]
    both = restored["requests"].keys() & live["requests"].keys()
    same = sum(1 for pk in both if restored["requests"][pk] == live["requests"][pk])
    counts["requests_against_live_site"] = {
        "unchanged": same, "changed_since_backup": len(both) - same,
        "added_since_backup": len(live["requests"].keys() - in_backup),
        "deleted_since_backup_and_still_absent": len(deleted_since) - len(back),
    }  # fmt: skip
    for pk in sorted(restored["attachments"].keys() & live["attachments"].keys(), key=int):
        if restored["attachments"][pk] != live["attachments"][pk]:
            errors.append(f"attachment {pk} differs between the restored and the live site")
    pages_both = restored["pages"].keys() & live["pages"].keys()
    counts["pages_against_live_site"] = {
        "unchanged": sum(1 for pk in pages_both if restored["pages"][pk] == live["pages"][pk]),
        "changed_since_backup": sum(1 for pk in pages_both if restored["pages"][pk] != live["pages"][pk]),
        "added_since_backup": len(live["pages"].keys() - restored["pages"].keys()),
    }  # fmt: skip
    return counts, errors


def _tables_in(database_url) -> int:
    try:
        with psycopg.connect(database_url, connect_timeout=10) as other:
            query = "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            return other.execute(query).fetchone()[0]
    except psycopg.Error as error:
        raise RuntimeError(f"The database named for the association step cannot be reached: {error}") from error


def _objects_in(store: Store) -> bool:
    try:
        return not store.is_empty()
    except (ClientError, BotoCoreError) as error:
        raise RuntimeError(f"The bucket {store.bucket!r} named for the association step: {error}") from error


def association_scratch(fresh: Fresh, database_url=None, buckets=None) -> Fresh:
    """The association step's scratch deployment, apart from the restore's (`fresh`): what is named must be
    empty (it is migrated and imported into, never emptied by the drill), the rest is made by `create`."""
    scratch = Fresh(database_url, buckets)
    if scratch.database == fresh.database:  # both empty until the restore: only their names tell them apart
        raise RuntimeError(
            f"The association step needs a database of its own, not the restore's ({fresh.database!r}): "
            "name another with --association-database-url."
        )
    shared = sorted(set(scratch.buckets) & set(fresh.buckets))
    if shared:
        raise RuntimeError(
            f"The association step needs buckets of its own, not the restore's ({', '.join(shared)}): "
            "name two others with --association-buckets."
        )
    if database_url and _tables_in(database_url):
        raise RuntimeError(
            f"The database {scratch.database!r} named for the association step is not empty: "
            "name an empty one (--association-database-url)."
        )
    for alias, name in zip(BUCKETS, scratch.buckets, strict=True):
        if buckets and _objects_in(Store(client=scratch.sources[alias].client, bucket=name)):
            raise RuntimeError(
                f"The bucket {name!r} named for the association step is not empty: "
                "name two empty ones (--association-buckets)."
            )
    return scratch


def create_scratch(scratch: Fresh) -> None:
    """Make what the association step was not given; if the drill may not, say how to go on (nothing left)."""
    try:
        scratch.create()
    except (DatabaseError, ClientError, BotoCoreError) as error:  # no right to create a database or a bucket
        scratch.drop()
        raise RuntimeError(
            f"The association step could not create its scratch database and buckets ({error}). Create them "
            "beforehand, empty, and name them (--association-database-url, --association-buckets), or skip the "
            "step (--no-associations)."
        ) from error


def _move_associations(scratch, associations, log) -> tuple[dict, list, dict | None]:
    """The association step in its scratch deployment (None: skipped): (counts, errors, where it ran)."""
    if scratch is None:
        return {"association_step": {"skipped": "--no-associations"}}, [], None
    domains = drill_associations.chosen_domains(associations)
    log(f"Drill: moving {', '.join(domains)}")
    counts, errors = drill_associations.move_through(scratch, domains, log=log)
    return counts, errors, {"database": scratch.database, "buckets": scratch.buckets}


def run_drill(
    location_spec, name=None, *, keep=False, database_url=None, buckets=None, associations=None,
    association_database_url=None, association_buckets=None, log=print,
) -> dict:  # fmt: skip
    """Restore `name` (the latest by default) from `location_spec` beside the site, then move associations
    through export and import (`associations`: None for the default choice, [] for none) in a scratch
    deployment (`association_database_url`, `association_buckets`, or made); the summary."""
    require_postgresql()
    check_client("pg_restore", connection)
    fresh = Fresh(database_url, buckets)
    scratch = None if associations == [] else association_scratch(fresh, association_database_url, association_buckets)
    if scratch is not None:
        create_scratch(scratch)
        log(f"Drill: associations will move into database {scratch.database!r} and buckets {scratch.buckets}")
    log(f"Drill: restoring into database {fresh.database!r} and buckets {fresh.buckets}")
    try:
        fresh.create()
        with tempfile.TemporaryDirectory(prefix="drill-") as folder:
            summary_path = os.path.join(folder, "summary.json")
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
                "DATABASE_URL": fresh.database_url,
                "AWS_STORAGE_BUCKET_NAME": fresh.buckets[0],
                "AWS_PRIVATE_STORAGE_BUCKET_NAME": fresh.buckets[1],
                # Never the live site's cache keys (the same Redis serves both).
                "CACHE_KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', 'website')}-drill-{fresh.stamp}",
            }
            command = [
                sys.executable, str(settings.BASE_DIR / "manage.py"), "restore", "--from", location_spec,
                "--erasure-log-bucket", fresh.sources["private"].bucket,
                "--expect-database", fresh.database, "--expect-buckets", ",".join(fresh.buckets),
                "--summary", summary_path,
            ] + (["--set", name] if name else [])  # fmt: skip
            done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)  # noqa: S603
            for line in done.stdout.splitlines():
                log("  | " + line)
            if not os.path.exists(summary_path):
                raise RuntimeError(f"The restore stopped ({done.returncode}): {done.stderr.strip()[-3000:]}")
            with open(summary_path) as handle:
                summary = json.load(handle)
        location = Store.parse(location_spec)
        manifest = json.loads(location.child(find_set(location, summary["name"])).read_bytes(MANIFEST))
        counts, errors = _compare_with_live(summary.pop("inventory"), manifest["inventory"])
        summary["counts"].update(counts)
        summary["errors"] += errors
        summary["restored_into"] = {"database": fresh.database, "buckets": fresh.buckets, "kept": keep}
        if done.returncode != 0 and not summary["errors"]:
            summary["errors"].append(f"manage.py restore exited with {done.returncode}: {done.stderr.strip()[-500:]}")
        moved, moved_errors, moved_into = _move_associations(scratch, associations, log)
        summary["counts"].update(moved)
        summary["errors"] += moved_errors
        summary["restored_into"]["associations_into"] = moved_into
        return summary
    finally:
        if not keep:
            fresh.drop()
            if scratch is not None:
                scratch.drop()
