"""The trigram index behind the inbox's search by name (forms migration 0007)."""

import importlib
import logging
import uuid

import pytest
from django.db import connection

from inbox.models import Case
from inbox.views import search_cases

migration = importlib.import_module("forms.migrations.0007_applicant_name_trigram")


def index_exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [migration.INDEX])
        return cursor.fetchone() is not None


@pytest.mark.django_db
def test_the_search_by_name_can_use_the_index():
    if connection.vendor != "postgresql":
        pytest.skip("the index exists on PostgreSQL only")
    assert index_exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = 'forms_submission'::regclass"
            " AND attname = 'applicant_name_search'"
        )
        assert cursor.fetchone()[0] == 1000
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is too small for the planner to bother
    plan = search_cases(Case.objects.all(), "محمد الشمري").explain()
    assert migration.INDEX in plan


@pytest.mark.django_db
def test_without_the_privilege_the_migration_warns_and_goes_on(caplog):
    if connection.vendor != "postgresql":
        pytest.skip("the extension exists on PostgreSQL only")
    role = f"no_extensions_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:  # all of it undone with the test's transaction
        cursor.execute(f"DROP INDEX {migration.INDEX}")
        cursor.execute("DROP EXTENSION pg_trgm")
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"SET ROLE {role}")
    try:
        with caplog.at_level(logging.WARNING), connection.schema_editor() as editor:
            migration.add_trigram_index(None, editor)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert "No trigram index" in caplog.text and "CREATE EXTENSION" in caplog.text
    assert not index_exists()
    assert search_cases(Case.objects.all(), "الشمري").count() == 0  # the transaction still works


@pytest.mark.django_db
def test_on_sqlite_the_migration_does_nothing():
    if connection.vendor != "sqlite":
        pytest.skip("checked on SQLite")
    editor = connection.schema_editor(collect_sql=True)  # what the migration would run, kept instead of run
    migration.add_trigram_index(None, editor)
    migration.drop_trigram_index(None, editor)
    assert editor.collected_sql == []
