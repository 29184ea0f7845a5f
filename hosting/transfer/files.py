"""An association's files: found from the file fields of its rows, copied with their storage names, checked
by sha256. Private files (attachments, minutes, beneficiaries' documents) come from the private storage, media
(images, documents, renditions) from the default one; each keeps its storage name."""

import hashlib
import shutil
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage, storages
from django.db import models

ALIASES = ("default", "private")


def alias_of(storage) -> str:
    for alias in ALIASES:
        if storage is storages[alias] or (alias == "default" and storage is default_storage):
            return alias
    # A storage made apart from STORAGES: the one of the same class and place.
    for alias in ALIASES:
        other = storages[alias]
        if type(other) is type(storage) and getattr(other, "location", None) == getattr(storage, "location", None):
            return alias
    raise ValueError(f"unknown storage {storage!r}")


def names(found: dict) -> set[tuple[str, str]]:
    """(storage alias, name) of every file the rows found name."""
    result = set()
    for name, queryset in found.items():
        model = apps.get_model(name)
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                alias = alias_of(field.storage)
                for value in queryset.exclude(**{field.attname: ""}).values_list(field.attname, flat=True):
                    if value:
                        result.add((alias, value))
    return result


def sha256_of(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def copied_path(directory: Path, alias: str, name: str) -> Path:
    path = (directory / "files" / alias / name).resolve()
    if not path.is_relative_to((directory / "files" / alias).resolve()):
        raise ValueError(f"file name outside the export: {name}")
    return path


def export(found: dict, directory: Path) -> tuple[list[dict], list[dict]]:
    """Copy the files into `directory/files/<storage>/<name>`; answer (files, missing): each file's storage,
    name, size and sha256, and those the rows name but the storage does not have."""
    listed, missing = [], []
    for alias, name in sorted(names(found)):
        storage = storages[alias]
        if not storage.exists(name):
            missing.append({"storage": alias, "name": name})
            continue
        target = copied_path(directory, alias, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out, 1024 * 1024)
        with open(target, "rb") as handle:
            listed.append({"storage": alias, "name": name, "size": target.stat().st_size, "sha256": sha256_of(handle)})
    return listed, missing


def mismatches(directory: Path, listed: list[dict]) -> list[str]:
    """Names of the exported files whose size or sha256 differ from the manifest (or that are absent)."""
    wrong = []
    for entry in listed:
        path = copied_path(directory, entry["storage"], entry["name"])
        if not path.is_file() or path.stat().st_size != entry["size"]:
            wrong.append(entry["name"])
            continue
        with open(path, "rb") as handle:
            if sha256_of(handle) != entry["sha256"]:
                wrong.append(entry["name"])
    return wrong


def taken(listed: list[dict]) -> list[str]:
    return [entry["name"] for entry in listed if storages[entry["storage"]].exists(entry["name"])]


def write(directory: Path, listed: list[dict]) -> list[tuple[str, str]]:
    """Write the files under their own names; answer what was written (to take it back on failure)."""
    written = []
    for entry in listed:
        storage = storages[entry["storage"]]
        with open(copied_path(directory, entry["storage"], entry["name"]), "rb") as handle:
            saved = storage.save(entry["name"], File(handle))
        written.append((entry["storage"], saved))
        if saved != entry["name"]:
            raise RuntimeError(f"{entry['name']} was stored as {saved}")
    return written


def delete(stored: list[tuple[str, str]]) -> None:
    for alias, name in stored:
        storages[alias].delete(name)


def stored_sha256(alias: str, name: str) -> str:
    with storages[alias].open(name, "rb") as handle:
        return sha256_of(handle)
