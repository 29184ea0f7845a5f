"""Reference numbers: the association's code, prefix, year and sequence (HR-2026-000042, AB-HR-2026-000042)."""

import re

from django.db import connection, transaction
from django.utils import timezone

from core.arabic import to_western_digits
from core.bidi import strip_controls
from forms.kinds import REFERENCE_PREFIXES
from forms.records import ReferenceCounter
from organisation.associations import reference_code
from organisation.models import Association


def next_reference(kind: str, site_id: int) -> str:
    """The next reference for `kind` in the association on site `site_id`. Call inside the transaction
    that saves the submission: the counter row stays locked until it commits, so concurrent submissions
    queue for it and never share a number; a rolled-back submission gives its number back.

    Each association counts on its own; its code starts the reference (none for the deployment's first
    association, whose references keep the form they had), so references never collide between them."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference() must run inside the submission's transaction")
    prefix = REFERENCE_PREFIXES[kind]
    year = timezone.localtime().year
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    associations = connection.ops.quote_name(Association._meta.db_table)
    # One statement, on PostgreSQL and SQLite alike: create the row or bump it, and read it back with
    # the association's code (a subquery in RETURNING: no second round trip).
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (site_id, prefix, year, last) VALUES (%s, %s, %s, 1) "  # noqa: S608 - models' tables
            f"ON CONFLICT (site_id, prefix, year) DO UPDATE SET last = {table}.last + 1 "
            f"RETURNING last, (SELECT reference_code FROM {associations} WHERE site_id = %s)",
            [site_id, prefix, year, site_id],
        )
        number, code = cursor.fetchone()
    if code is None:  # a site not yet asked about: its association is made now
        code = reference_code(site_id)
    return f"{code}-{prefix}-{year}-{number:06d}" if code else f"{prefix}-{year}-{number:06d}"


# An association's code (none for the deployment's first), the kind's prefix, the year and the sequence.
REFERENCE = re.compile(r"^(?:([A-Za-z][A-Za-z0-9]{0,5})-?)?([A-Za-z]{2})-?(\d{4})-?(\d{1,6})$")


def normalise_reference(text: str) -> str | None:
    """HR-2026-000042 from "hr2026 42", "HR-٢٠٢٦-٠٠٠٠٤٢" and the like (AB-HR-2026-000042 with an
    association's code); None if it cannot be one. The isolates around a reference copied from our SMS
    or text email are dropped (core.bidi)."""
    compact = re.sub(r"\s+", "", to_western_digits(strip_controls(text or "")))
    match = REFERENCE.match(compact)
    if not match:
        return None
    code, prefix, year, number = match.groups()
    reference = f"{prefix.upper()}-{year}-{int(number):06d}"
    return f"{code.upper()}-{reference}" if code else reference
