"""Reference numbers: prefix, year and sequence (HR-2026-000042)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from forms.kinds import REFERENCE_PREFIXES
from forms.models import ReferenceCounter


def next_reference(kind: str) -> str:
    """The next reference for `kind`. Call inside the transaction that saves the submission:
    the counter row stays locked until it commits, so concurrent submissions queue for it and
    never share a number; a rolled-back submission gives its number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference() must run inside the submission's transaction")
    prefix = REFERENCE_PREFIXES[kind]
    year = timezone.localtime().year
    ReferenceCounter.objects.bulk_create([ReferenceCounter(prefix=prefix, year=year, last=0)], ignore_conflicts=True)
    ReferenceCounter.objects.filter(prefix=prefix, year=year).update(last=F("last") + 1)
    number = ReferenceCounter.objects.filter(prefix=prefix, year=year).values_list("last", flat=True).get()
    return f"{prefix}-{year}-{number:06d}"
