"""export_association: everything of one association written to a directory (rows, files, manifest.json)."""

import time
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Site

from hosting.transfer import files, manifest, rows, scope


class TransferRefused(Exception):
    """The export, import or removal cannot be done as asked; the message says why."""


def site_for(domain: str) -> Site:
    site = Site.objects.filter(hostname=domain.strip().lower()).select_related("root_page").first()
    if site is None:
        raise TransferRefused(_("No association is on the domain %(domain)s.") % {"domain": domain})
    return site


def export_association(domain: str, directory) -> dict:
    """Write the association on `domain` into `directory` (made if absent, refused unless empty) and answer
    its manifest with the seconds it took. Read in one repeatable snapshot (a transaction) so counts agree."""
    started = time.monotonic()
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise TransferRefused(_("%(path)s is not empty: export into a new directory.") % {"path": directory})
    directory.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        site = site_for(domain)
        found = scope.collect(site)
        keep_groups = set(found["auth.group"].values_list("pk", flat=True))
        row_counts = {}
        for name, queryset in found.items():
            row_counts[name] = rows.dump(
                queryset, rows.file_of(directory, name), keep_groups if name == "auth.user" else None
            )
        listed, missing = files.export(found, directory)
        written = manifest.build(
            site, found, row_counts, listed, missing, scope.shared_users(site, found["auth.user"])
        )
    written["seconds"] = round(time.monotonic() - started, 2)
    manifest.write(directory, written)
    return written
