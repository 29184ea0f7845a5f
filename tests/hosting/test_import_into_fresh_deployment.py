"""An association exported from this deployment and imported into another, freshly migrated one, outside the
restore drill but through the drill's own steps (backups/drill_associations.py): its pages answer on its host
there, its requests, family file and files (sha256) and every row count are the same; importing it again is
refused and changes nothing; a deployment at another migration state refuses it.

The other deployment is a scratch database on the same PostgreSQL server (PostgreSQL only: migrating a second
deployment is one of the suite's heavy steps) with folders of its own, migrated once for the module in a process of
its own (the test settings, its DATABASE_URL and DJANGO_TEST_MEDIA_DIR); every command there runs in a process of
its own too."""

import hashlib
import io
import json
import os
import uuid
from types import SimpleNamespace

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from backups import drill_associations
from beneficiaries.factories import BeneficiaryFileFactory, FileDocumentFactory
from forms.factories import SubmissionFactory
from hosting.transfer import manifest, rows
from organisation.associations import collection_of
from organisation.factories import ImageFactory
from staff_security.factories import StaffFactory
from tests.support.db import built_once
from tests.support.second_association import HOSTNAME, build_second_association

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a heavy suite: PostgreSQL only"),
]

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# Commands speak the deployment's language (Arabic): "is already used on this deployment", "of another version".
DOMAIN_TAKEN, ANOTHER_VERSION = "مستخدم في هذا النشر", "بإصدار آخر"
# The rows of its requests and its family file, compared field by field after the move.
COMPARED = ("forms.submission", "forms.attachment", "beneficiaries.beneficiaryfile", "beneficiaries.filedocument")


def _admin_sql(statement):
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(statement)


@pytest.fixture(scope="module")
def scratch(django_db_setup, tmp_path_factory):
    """An empty deployment beside this one, migrated: `.env` for its processes, `.files` its storages' folder."""
    folder = tmp_path_factory.mktemp("fresh-deployment")
    name = f"fresh_{uuid.uuid4().hex[:10]}"
    _admin_sql(f'CREATE DATABASE "{name}"')
    url = ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    # The test settings keep files in folders (DJANGO_TEST_MEDIA_DIR), so the bucket names go unused.
    env = drill_associations.scratch_env(SimpleNamespace(database_url=url, buckets=["-", "-"], stamp=name))
    env["DJANGO_TEST_MEDIA_DIR"] = str(folder / "files")
    try:
        seconds = drill_associations.migrate(env)
        yield SimpleNamespace(env=env, url=url, files=folder / "files", migrate_seconds=seconds)
    finally:
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build():
    """The second association with its staff, a request with attachments, a family file with a document and
    an image in its collection."""
    built = build_second_association()
    StaffFactory(username="fresh-b-staff").groups.set([next(iter(built.groups.values()))])
    SubmissionFactory(form_page=built.forms["help-request"])
    FileDocumentFactory(file=BeneficiaryFileFactory(site=built.site))
    ImageFactory(collection=collection_of(built.site))
    return built.site.pk


@pytest.fixture(scope="module")
def _second(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, build)


@pytest.fixture
def second(db, _second):
    return _second


def table_counts(scratch) -> dict[str, int]:
    """Rows in every table of the scratch deployment, read straight from its database."""
    with psycopg.connect(scratch.url) as db:
        tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608


def stored_files(scratch) -> dict[str, str]:
    """Every file in the scratch deployment's storages, with its sha256."""
    return {
        str(path.relative_to(scratch.files)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in scratch.files.rglob("*")
        if path.is_file()
    }


def state(scratch):
    return table_counts(scratch), stored_files(scratch)


def test_an_association_moves_into_a_freshly_migrated_deployment(second, scratch, tmp_path):
    first, again = tmp_path / "live", tmp_path / "there"
    row, problems = drill_associations.move_one(scratch.env, HOSTNAME, first, again, log=lambda line: None)
    # Every row count and every file's storage name and sha256, exported there again, as exported here.
    assert problems == [] and row["same_after_import"] == "yes", problems
    exported = manifest.read(first)
    counts = exported["counts"]
    assert counts["forms.submission"] == 1 and counts["forms.attachment"] >= 1, counts
    assert counts["beneficiaries.beneficiaryfile"] == 1 and counts["beneficiaries.filedocument"] == 1, counts
    assert counts["wagtailimages.image"] == 1 and counts["otp_totp.totpdevice"] == 1, counts
    for name in COMPARED:
        assert rows.read(rows.file_of(again, name)) == rows.read(rows.file_of(first, name)), name
    # The files as its storages hold them there (folder "media" for the default storage).
    held = stored_files(scratch)
    assert len(exported["files"]) >= 4 and not exported["missing_files"]
    for entry in exported["files"]:
        folder = "media" if entry["storage"] == "default" else "private"
        assert held[f"{folder}/{entry['name']}"] == entry["sha256"], entry["name"]

    # Its pages answer on its host there, each with its title.
    done = drill_associations.manage(
        scratch.env, "shell", "--no-imports", "-c",
        f"from tests.hosting import fresh_deployment; fresh_deployment.pages({HOSTNAME!r})", log=lambda line: None,
    )  # fmt: skip
    pages = json.loads(done.stdout.strip().splitlines()[-1])["pages"]
    assert {"/ar/", "/en/", "/ar/help-request/", "/en/help-request/", "/ar/track-request/"} <= pages.keys(), pages
    assert all(answer == [200, True] for answer in pages.values()), pages

    # Again: refused, saying why, and nothing changed there.
    before = state(scratch)
    with pytest.raises(RuntimeError, match=DOMAIN_TAKEN) as refused:
        drill_associations.manage(scratch.env, "import_association", str(first), log=lambda line: None)
    assert HOSTNAME in str(refused.value)
    assert state(scratch) == before


def test_a_deployment_at_another_migration_state_refuses_the_import(second, scratch, tmp_path):
    directory = tmp_path / "export"
    call_command("export_association", HOSTNAME, "--to", str(directory), stdout=io.StringIO())
    *_earlier, previous, latest = ["zero", *manifest.read(directory)["migrations"]["hosting"]]
    # The scratch deployment one migration behind this one (recorded only: its tables stay as they are).
    drill_associations.manage(scratch.env, "migrate", "--fake", "hosting", previous, log=lambda line: None)
    try:
        before = state(scratch)
        with pytest.raises(RuntimeError, match=ANOTHER_VERSION) as refused:
            drill_associations.manage(scratch.env, "import_association", str(directory), log=lambda line: None)
        assert "hosting" in str(refused.value) and state(scratch) == before
    finally:
        drill_associations.manage(scratch.env, "migrate", "--fake", "hosting", latest, log=lambda line: None)
