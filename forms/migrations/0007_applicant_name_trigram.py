"""A trigram index for the inbox's search by name, on PostgreSQL only.

The inbox finds a name by each word anywhere in the folded name
(`applicant_name_search LIKE '%word%'`), which no B-tree can serve: at 100,000
requests every search read the whole table (bench/inbox.py). A GIN index of
pg_trgm serves LIKE with a leading wildcard. A finer sample of the column's
statistics keeps the planner's guess of how many names match close enough
that it does not walk the due-date order of the whole inbox for a two-word
name (seen at 100,000: 15 ms became 185 ms on some ANALYZE samples). The index lives outside the model
state (Django's GinIndex would be created on SQLite too), and a server where
this user may not create the extension keeps working without it: the search is
then slower, never wrong.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

INDEX = "forms_submission_name_trgm"
CREATE_INDEX = f"CREATE INDEX IF NOT EXISTS {INDEX} ON forms_submission USING gin (applicant_name_search gin_trgm_ops)"


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        # A savepoint: a refusal must not abort the transaction the migration runs in.
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(CREATE_INDEX)
            schema_editor.execute("ALTER TABLE forms_submission ALTER COLUMN applicant_name_search SET STATISTICS 1000")
    except DatabaseError as error:
        logger.warning(
            "No trigram index for the inbox's search by name (%s); searching by name reads the whole "
            "submissions table. A database superuser can add it later: CREATE EXTENSION IF NOT EXISTS pg_trgm; %s;",
            str(error).strip(),
            CREATE_INDEX,
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The extension stays: something else may use it.
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute("ALTER TABLE forms_submission ALTER COLUMN applicant_name_search SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0006_submission_idempotency_fingerprint"),
    ]

    operations = [migrations.RunPython(add_trigram_index, drop_trigram_index, elidable=False)]
