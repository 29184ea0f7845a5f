"""manifest.json: what an export holds and where it came from, read before anything is written."""

import json
from pathlib import Path

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from wagtail.models import Locale

FORMAT = 1
NAME = "manifest.json"


def applied_migrations() -> dict[str, list[str]]:
    applied = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def locales() -> dict[str, str]:
    return {str(pk): code for pk, code in Locale.objects.order_by("pk").values_list("pk", "language_code")}


def counts(found: dict) -> dict[str, int]:
    return {name: queryset.count() for name, queryset in sorted(found.items())}


def build(site, found, row_counts, files, missing, shared_users) -> dict:
    association = getattr(site, "association", None)
    return {
        "format": FORMAT,
        "domain": site.hostname,
        "site_id": site.pk,
        "reference_code": association.reference_code if association else "",
        "exported_at": timezone.now().isoformat(),
        "migrations": applied_migrations(),
        "locales": locales(),
        "counts": row_counts,
        "files": files,
        "missing_files": missing,
        "shared_users": shared_users,
    }


def write(directory: Path, manifest: dict) -> None:
    (directory / NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def read(directory: Path) -> dict | None:
    path = Path(directory) / NAME
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("format") == FORMAT else None
