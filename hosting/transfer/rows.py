"""Rows to and from JSON, keeping primary keys: content types and permissions by natural key (each deployment
numbers them itself), everything else by its id."""

import json
from pathlib import Path

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer

NATURAL = (ContentType, Permission)


class Serializer(PythonSerializer):
    """Django's Python serializer with natural keys for the deployment-wide tables only."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.related_model, NATURAL)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.related_model, NATURAL)
        super().handle_m2m_field(obj, field)


def file_of(directory: Path, name: str) -> Path:
    return directory / "rows" / f"{name}.json"


def dump(queryset, path: Path, keep_groups: set | None = None) -> int:
    """Write the rows; a user's groups are kept only when they are the association's (`keep_groups`)."""
    rows = Serializer().serialize(queryset.order_by("pk").iterator(chunk_size=2000))
    if keep_groups is not None:
        for row in rows:
            row["fields"]["groups"] = [pk for pk in row["fields"].get("groups", []) if pk in keep_groups]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False), encoding="utf-8")
    return len(rows)


def read(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def objects(rows: list[dict]):
    """Deserialized objects (not yet saved): `.object` the instance, `.m2m_data` its many-to-many ids."""
    return serializers.deserialize("python", rows, ignorenonexistent=False, handle_forward_references=True)
