"""Backup, erasure after it, and the restore drill, for real: PostgreSQL, pg_dump, the S3 server, production settings.

The source site is a database of its own (a copy of the seeded test database) with
two buckets of its own on the S3 server; requests are filed through the real form.
`manage.py backup` writes a backup set to a folder, one applicant is erased
afterwards, and `manage.py restore_drill` restores into a database and buckets
made beforehand and named (as an operator without the right to create them
does) and checks everything, and moves the tests' second association through
export and import into a database and buckets it creates (compared row count by
row count, file by file); then the backup is damaged and the drill, restoring
into a database and buckets it creates, must fail, while its association step,
into a database and buckets named for it, passes.
"""

import hashlib
import json
import os
import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from scripts.servers.production_env import PYTHON, ROOT, production_env
from tests.backups import scenario

# django_db: so that the seeded test database exists (it is copied, never used in this process).
pytestmark = [pytest.mark.production, pytest.mark.django_db]

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REQUIRED = os.environ.get("CI") or os.environ.get("REQUIRE_TEST_SERVICES")


def _need(condition, reason):
    if not condition:
        if REQUIRED:
            raise RuntimeError(reason)
        pytest.skip(reason)


def database_url(name):
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def admin_sql(statement):
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(statement)


def run(env, *command, check=True):
    done = subprocess.run(
        [PYTHON, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert done.returncode == 0, f"manage.py {command[0]} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


BACKUP_STEP = (
    "from django.core.management import call_command; from tests.backups import scenario; "
    "scenario.file_requests(); scenario.second_association(); call_command('backup')"
)
AFTER_BACKUP_STEP = (
    "from tests.backups import scenario; scenario.file_requests(after_backup=True); scenario.erase_applicant()"
)


def empty_bucket(client, name):
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=name, Key=item["Key"])
    client.delete_bucket(Bucket=name)


@pytest.fixture
def source_site(django_db_setup, django_db_blocker, s3_server, tmp_path):
    """A site of its own: database, two buckets, and the production environment pointing at them."""
    _need(connection.vendor == "postgresql", "the drill runs in the PostgreSQL pass (DATABASE_URL)")
    _need(shutil.which("pg_dump") and shutil.which("pg_restore"), "pg_dump/pg_restore (postgresql-client) missing")
    name = f"drill_src_{uuid.uuid4().hex[:8]}"
    admin_sql(f'CREATE DATABASE "{name}"')
    # The seeded test database (migrated, demo content) copied into it.
    seeded = connection.settings_dict
    pg_env = {**os.environ, "PGHOST": seeded["HOST"] or "127.0.0.1", "PGPORT": str(seeded["PORT"] or 5432),
              "PGUSER": seeded["USER"] or "postgres", "PGPASSWORD": seeded.get("PASSWORD") or ""}  # fmt: skip
    dump = subprocess.run(["pg_dump", "-Fc", seeded["NAME"]], env=pg_env, capture_output=True, check=True).stdout
    subprocess.run(["pg_restore", "--no-owner", "-d", name], input=dump, env=pg_env, capture_output=True, check=True)

    s3 = s3_server.client()
    buckets = [f"src-public-{uuid.uuid4().hex[:8]}", f"src-private-{uuid.uuid4().hex[:8]}"]
    for bucket in buckets:
        s3.create_bucket(Bucket=bucket)
    # The demo's images and documents (written to the test run's folder) go to the public bucket.
    from django.core.files.storage import storages

    media_root = storages["default"].location
    for folder, _dirs, files in os.walk(media_root):
        for file_name in files:
            path = os.path.join(folder, file_name)
            s3.upload_file(path, buckets[0], os.path.relpath(path, media_root).replace(os.sep, "/"))
    # A file the database names but the folder lacks (a reused test database has a new folder) gets a
    # stand-in, so that the source is whole and the backup's own check of it has nothing to report.
    with psycopg.connect(database_url(name)) as copy:
        named = [row[0] for table in ("wagtailimages_image", "wagtailimages_rendition", "wagtaildocs_document")
                 for row in copy.execute(f"SELECT file FROM {table}")]  # noqa: S608  # fmt: skip
    present = {item["Key"] for item in s3.list_objects_v2(Bucket=buckets[0]).get("Contents", [])}
    for key in set(named) - present:
        s3.put_object(Bucket=buckets[0], Key=key, Body=b"stand-in for " + key.encode())

    env = production_env(
        DATABASE_URL=database_url(name), AWS_STORAGE_BUCKET_NAME=buckets[0], AWS_PRIVATE_STORAGE_BUCKET_NAME=buckets[1],
        AWS_S3_ENDPOINT_URL=s3_server.endpoint, AWS_S3_REGION_NAME="us-east-1", CACHE_KEY_PREFIX=name,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver", BACKUP_LOCATION=str(tmp_path / "backups"),
    )  # fmt: skip
    yield env
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for bucket in buckets:
        empty_bucket(s3, bucket)


def drill_resources(output, prefix="Kept: database "):
    for line in output.splitlines():
        if line.startswith(prefix):
            database, buckets = line.removeprefix(prefix).split(", buckets ")
            return database, buckets.split(", ")
    raise AssertionError("the drill did not say what it kept:\n" + output)


def drop(s3, database, buckets):
    admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    for bucket in buckets:
        empty_bucket(s3, bucket)


def made_beforehand(s3, prefix):
    """An empty database and two empty buckets, as an operator makes them for the drill to be given."""
    tag = uuid.uuid4().hex[:8]
    database, buckets = f"{prefix}_{tag}", [f"{prefix}-public-{tag}", f"{prefix}-private-{tag}"]
    admin_sql(f'CREATE DATABASE "{database}"')
    for bucket in buckets:
        s3.create_bucket(Bucket=bucket)
    return database, buckets


def moved_line(out):
    return next(line for line in out.splitlines() if line.startswith("  association second.localhost: "))


def test_backup_then_erasure_then_restore_drill(source_site, s3_server, tmp_path):
    env = source_site
    # Each step in one process of the site (starting one costs seconds): file three requests, back up.
    done = run(env, "shell", "--no-imports", "-c", BACKUP_STEP)
    assert "Backup " in done.stdout and " complete" in done.stdout, done.stdout
    filed = json.loads(next(line for line in done.stdout.splitlines() if line.startswith('{"filed"')))["filed"]
    assert len(filed) == 3
    erased_id = filed[0]
    (set_name,) = os.listdir(tmp_path / "backups")
    manifest = json.loads((tmp_path / "backups" / set_name / "manifest.json").read_text())
    assert manifest["warnings"] == [] and manifest["database"]["size"] > 0
    inventory = manifest["inventory"]
    requests, attachments = len(inventory["requests"]), len(inventory["attachments"])
    assert len(inventory["pages"]) > 10 and requests >= 3 and attachments >= 5
    private_objects = manifest["buckets"]["private"]["objects"]
    for item in inventory["attachments"].values():
        assert private_objects[item["file"]]["sha256"] == item["sha256"]

    # After the backup: the first applicant is erased, another request arrives.
    done = run(env, "shell", "--no-imports", "-c", AFTER_BACKUP_STEP)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"erased": 1, "failed": []}

    # Restored into a database and buckets given beforehand: the association step still runs, in its own.
    s3 = s3_server.client()
    given_database, given_buckets = made_beforehand(s3, "given")
    try:
        drill = run(env, "restore_drill", "--keep", "--database-url", database_url(given_database),
                    "--buckets", ",".join(given_buckets))  # fmt: skip
    except BaseException:
        drop(s3, given_database, given_buckets)
        raise
    out = drill.stdout
    assert drill_resources(out) == (given_database, given_buckets)
    assert "Restore drill of " + set_name + " passed" in out, out
    pages = len(inventory["pages"])
    assert f"pages: in backup {pages}, verified {pages}" in out
    assert f"requests: in backup {requests}, verified {requests - 1}, erased again 1" in out
    assert f"attachments: in backup {attachments}, verified {attachments - 2}, erased again 2" in out
    assert "added since backup 1" in out and "deleted since backup and still absent 1" in out
    # The second association went through export and import into a database of its own, the same after.
    moved = moved_line(out)
    assert "association step: skipped" not in out
    assert "same after import yes" in moved and "export seconds " in moved and "import seconds " in moved, moved
    assert int(moved.split(" rows ")[1].split(",")[0]) > 20 and int(moved.split(" files ")[1].split(",")[0]) >= 3
    print(moved)
    step_database, step_buckets = drill_resources(out, "Kept for associations: database ")
    assert "_drill_" in step_database and all("-drill-" in bucket for bucket in step_buckets)  # made by the drill
    drop(s3, step_database, step_buckets)

    # Look at what the drill kept: the erased applicant is not there, the other one is, byte for byte.
    database, (public, private) = drill_resources(out)
    try:
        with psycopg.connect(database_url(database)) as restored:
            ids = [row[0] for row in restored.execute("SELECT applicant_national_id FROM forms_submission")]
            names = [row[0] for row in restored.execute("SELECT file FROM forms_attachment")]
        assert scenario.ERASED["national_id"] not in ids and ids.count(scenario.KEPT["national_id"]) == 2
        keys = {item["Key"] for item in s3.list_objects_v2(Bucket=private).get("Contents", [])}
        erased_files = {i["file"] for i in inventory["attachments"].values() if i["submission"] == erased_id}
        assert len(erased_files) == 2 and not erased_files & keys
        assert set(names) <= keys and len(names) == attachments - 2
        for item in inventory["attachments"].values():
            if item["submission"] != erased_id:
                body = s3.get_object(Bucket=private, Key=item["file"])["Body"].read()
                assert hashlib.sha256(body).hexdigest() == item["sha256"]
    finally:
        drop(s3, database, (public, private))

    # A damaged backup: one attachment's bytes changed, another one gone. The drill fails and says which.
    kept = [i["file"] for i in inventory["attachments"].values() if i["submission"] != erased_id]
    copied = tmp_path / "backups" / set_name / "private"
    altered, lost = copied / kept[0], copied / kept[1]
    altered.write_bytes(altered.read_bytes() + b"\n")
    lost.unlink()
    # Its association step is given its own database and buckets: it runs there and leaves them to the operator.
    step_database, step_buckets = made_beforehand(s3, "step")
    try:
        failed = run(env, "restore_drill", "--association-database-url", database_url(step_database),
                     "--association-buckets", ",".join(step_buckets), check=False)  # fmt: skip
        assert "same after import yes" in moved_line(failed.stdout), failed.stdout
        with psycopg.connect(database_url(step_database)) as step:
            assert "second.localhost" in [row[0] for row in step.execute("SELECT hostname FROM wagtailcore_site")]
        assert s3.list_objects_v2(Bucket=step_buckets[1]).get("KeyCount", 0) >= 1  # its attachments
    finally:
        drop(s3, step_database, step_buckets)
    assert failed.returncode != 0
    report = failed.stdout + failed.stderr
    assert "Restore drill of " + set_name + " failed" in report
    assert f"private object {kept[0]}: its bytes in the backup differ from the manifest's SHA-256" in report
    assert f"private object {kept[1]} is missing from the backup" in report
    assert f"({kept[0]}): not restored, its copy in the backup is damaged or missing" in report
    # The drill cleaned up after itself.
    names = {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}
    assert not [name for name in names if "-drill-" in name]
