"""The drill's association step: which associations it moves by default, what counts as a difference between
the export from the live site and the one after the import, and where it runs: in a scratch deployment of its
own, made by the drill or named for it, whether or not the restore was given its database and buckets (the step
itself runs in test_restore_drill.py, on PostgreSQL, in both ways)."""

import uuid
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import ProgrammingError, connection
from wagtail.models import Site

from backups.drill import Fresh, association_scratch, create_scratch
from backups.drill_associations import chosen_domains, differences
from backups.stores import Store
from tests.support.second_association import HOSTNAME, build_second_association


def manifest(counts, files):
    return {"counts": counts, "files": [{"storage": s, "name": n, "sha256": h} for s, n, h in files]}


def test_differences_name_every_count_and_file_that_changed():
    files = [("private", "a.pdf", "1"), ("default", "i.png", "2")]
    first = manifest({"forms.submission": 2, "forms.attachment": 3}, files)
    assert differences(first, first) == []
    second = manifest({"forms.submission": 2, "forms.attachment": 2}, [("private", "a.pdf", "9")])
    assert differences(first, second) == [
        "forms.attachment: 3 rows exported, 2 after the import",
        "default file i.png: missing after the import",
        "private file a.pdf: its sha256 differs after the import",
    ]


@pytest.mark.django_db
def test_by_default_every_association_but_the_default_one():
    default = Site.objects.get(is_default_site=True).hostname
    assert chosen_domains() == [default]
    build_second_association()
    assert chosen_domains() == [HOSTNAME]
    assert chosen_domains([default]) == [default]


def test_the_command_refuses_association_buckets_but_two_and_a_skipped_step_given_a_place(tmp_path):
    with pytest.raises(CommandError, match="--association-buckets takes two names"):
        call_command("restore_drill", "--from", str(tmp_path), "--association-buckets", "one")
    with pytest.raises(CommandError, match="--no-associations skips the step"):
        call_command("restore_drill", "--from", str(tmp_path), "--no-associations", "--association-buckets", "a,b")


@pytest.fixture
def restore_target(s3_storages):
    """The restore's database and buckets, named as an operator names them (--database-url, --buckets)."""
    return Fresh("postgresql://drill@db.example/restored", ["restored-public", "restored-private"])


@pytest.fixture
def named_buckets(s3_storages):
    """Two buckets on the tests' S3 server, made beforehand as an operator without the right to make them would."""
    client, tag = s3_storages.client(), uuid.uuid4().hex[:8]
    names = [f"step-public-{tag}", f"step-private-{tag}"]
    for name in names:
        client.create_bucket(Bucket=name)
    yield names
    for name in names:
        Store(client=client, bucket=name).delete_all()
        client.delete_bucket(Bucket=name)


@pytest.mark.django_db
def test_the_association_step_runs_apart_from_a_restore_given_its_database_and_buckets(restore_target, named_buckets):
    """Given the restore's database and buckets, the step still runs: in a database and buckets of its own, made
    by the drill, or named for it (used as they are, never dropped) and then refused unless empty."""
    made = association_scratch(restore_target)
    assert made.made_database and made.made_buckets
    assert made.database != restore_target.database and not set(made.buckets) & set(restore_target.buckets)
    named = association_scratch(restore_target, None, named_buckets)
    assert named.buckets == named_buckets and not named.made_buckets and named.made_database
    with pytest.raises(RuntimeError, match="a database of its own, not the restore's"):
        association_scratch(restore_target, "postgresql://drill@db.example/restored")
    with pytest.raises(RuntimeError, match="buckets of its own, not the restore's .restored-private."):
        association_scratch(restore_target, None, [named_buckets[0], "restored-private"])
    with pytest.raises(RuntimeError, match="'no-such-bucket-a' named for the association step"):
        association_scratch(restore_target, None, ["no-such-bucket-a", "no-such-bucket-b"])
    Store(client=named.sources["private"].client, bucket=named_buckets[1]).put_bytes("left/over.pdf", b"%PDF")
    with pytest.raises(RuntimeError, match=f"{named_buckets[1]}' named for the association step is not empty"):
        association_scratch(restore_target, None, named_buckets)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a named database is checked on PostgreSQL")
def test_the_association_step_refuses_a_named_database_that_is_not_empty(restore_target):
    db = connection.settings_dict  # the tests' own database: migrated, so not empty
    user = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"], safe="") if db.get("PASSWORD") else "")
    url = f"postgresql://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    with pytest.raises(RuntimeError, match=f"{db['NAME']}' named for the association step is not empty"):
        association_scratch(restore_target, url)


@pytest.mark.django_db
def test_without_the_right_to_create_its_deployment_the_step_says_how_to_go_on(restore_target, monkeypatch):
    scratch, dropped = association_scratch(restore_target), []

    def refused(self):
        raise ProgrammingError("permission denied to create database")

    monkeypatch.setattr(Fresh, "create", refused)
    monkeypatch.setattr(Fresh, "drop", lambda self: dropped.append(self))
    with pytest.raises(RuntimeError, match="permission denied to create database") as error:
        create_scratch(scratch)
    for way_on in ("--association-database-url", "--association-buckets", "--no-associations"):
        assert way_on in str(error.value)
    assert dropped == [scratch]
