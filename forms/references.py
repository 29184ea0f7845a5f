"""Reference numbers: prefix, year and sequence (HR-2026-000042)."""

from django.db import connection, transaction
from django.utils import timezone

from forms.kinds import REFERENCE_PREFIXES
from forms.records import ReferenceCounter


def next_reference(kind: str) -> str:
    """The next reference for `kind`. Call inside the transaction that saves the submission:
    the counter row stays locked until it commits, so concurrent submissions queue for it and
    never share a number; a rolled-back submission gives its number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference() must run inside the submission's transaction")
    prefix = REFERENCE_PREFIXES[kind]
    year = timezone.localtime().year
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    # One statement, on PostgreSQL and SQLite alike: create the row or bump it, and read it back.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prefix, year, last) VALUES (%s, %s, 1) "  # noqa: S608 - table name from the model
            f"ON CONFLICT (prefix, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [prefix, year],
        )
        (number,) = cursor.fetchone()
    return f"{prefix}-{year}-{number:06d}"
