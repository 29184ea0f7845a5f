"""The restore drill's association step: export one association, import it into a scratch deployment, compare.

For each association moved (by default every association but the default one, or the default one when it is
alone), `export_association` writes it from the live site into a temporary directory; a scratch database of its
own (migrated by `manage.py migrate`) with buckets of its own takes it through `import_association`, and
`export_association` there writes it again. Both manifests must agree on every model's row count and every
file's storage name and sha256. The commands are called by name: `backups` sits below `hosting`.
"""

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Site

MANIFEST = "manifest.json"


def chosen_domains(named=None) -> list[str]:
    """The domains named, else every non-default site's, else the default one's when it is alone."""
    if named:
        return list(named)
    sites = list(Site.objects.order_by("hostname").values_list("hostname", "is_default_site"))
    others = [hostname for hostname, default in sites if not default]
    return others or [hostname for hostname, _default in sites[:1]]


def scratch_env(fresh) -> dict:
    """The environment of a process that sees only `fresh`'s database and buckets."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "DATABASE_URL": fresh.database_url,
        "AWS_STORAGE_BUCKET_NAME": fresh.buckets[0],
        "AWS_PRIVATE_STORAGE_BUCKET_NAME": fresh.buckets[1],
        # Never the live site's cache keys (the same Redis serves both).
        "CACHE_KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', 'website')}-drill-{fresh.stamp}",
    }


def manage(env, *arguments, log=print):
    """`manage.py ARGUMENTS` in a process of its own with `env`; RuntimeError (its error's end) unless it succeeds."""
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), *arguments]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)  # noqa: S603
    for line in done.stdout.splitlines():
        log("  | " + line)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {arguments[0]} exited with {done.returncode}: {done.stderr.strip()[-500:]}")
    return done


def _read(directory: Path) -> dict:
    return json.loads((directory / MANIFEST).read_text(encoding="utf-8"))


def differences(first: dict, second: dict) -> list[str]:
    """What differs between two manifests of the same association: row counts per model, files and sha256."""
    problems = []
    for model in sorted(first["counts"].keys() | second["counts"].keys()):
        before, after = first["counts"].get(model, 0), second["counts"].get(model, 0)
        if before != after:
            problems.append(f"{model}: {before} rows exported, {after} after the import")
    hashes = [{(f["storage"], f["name"]): f["sha256"] for f in manifest["files"]} for manifest in (first, second)]
    for storage, name in sorted(hashes[0].keys() | hashes[1].keys()):
        before, after = hashes[0].get((storage, name)), hashes[1].get((storage, name))
        if before != after:
            state = "missing after the import" if after is None else "not in the first export" if before is None else (
                "its sha256 differs after the import"
            )
            problems.append(f"{storage} file {name}: {state}")
    return problems


def migrate(env) -> float:
    """Migrate the scratch deployment (still empty); the seconds it took."""
    started = time.monotonic()
    manage(env, "migrate", "--no-input", log=lambda line: None)
    return round(time.monotonic() - started, 1)


def move_one(env, domain, first: Path, second: Path, log=print) -> tuple[dict, list]:
    """Export `domain` from this deployment into `first`, import it into the scratch one (`env`), export it
    again there into `second`; answer its row for the report (rows, files, seconds) and what differs."""
    row = {}
    try:
        started = time.monotonic()
        call_command("export_association", domain, "--to", str(first), stdout=io.StringIO())
        row["export_seconds"] = round(time.monotonic() - started, 2)
        exported = _read(first)
        row |= {"rows": sum(exported["counts"].values()), "files": len(exported["files"])}
        started = time.monotonic()
        done = manage(env, "import_association", str(first), log=log)
        # The command's own time, and with the start of its process (Django's set-up).
        own = re.search(r" in ([0-9.]+) s", done.stdout)
        row["import_seconds"] = float(own.group(1)) if own else None
        row["import_process_seconds"] = round(time.monotonic() - started, 2)
        manage(env, "export_association", domain, "--to", str(second), log=log)
        problems = differences(exported, _read(second))
    except (CommandError, RuntimeError, OSError, ValueError) as error:
        problems = [f"could not be moved: {error}"]
    row["same_after_import"] = "yes" if not problems else "NO"
    return row, problems


def move_through(fresh, domains, log=print) -> tuple[dict, list]:
    """Export each domain, import it into `fresh` (created, still empty), export it again there; answer the
    counts for the report (per association: rows, files and seconds) and the errors."""
    counts, errors = {}, []
    env = scratch_env(fresh)
    migrate_seconds = migrate(env)
    with tempfile.TemporaryDirectory(prefix="drill-associations-") as folder:
        for number, domain in enumerate(domains):
            first, second = Path(folder) / f"{number}-live", Path(folder) / f"{number}-scratch"
            counts[f"association {domain}"], problems = move_one(env, domain, first, second, log=log)
            errors += [f"association {domain}: {problem}" for problem in problems]
    counts["association_scratch_deployment"] = {"migrate_seconds": migrate_seconds}
    return counts, errors
