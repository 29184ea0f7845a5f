"""The layers of docs/architecture.md, where import-linter cannot see them.

`lint-imports` (run by `make test`) checks the imports against the contract in
pyproject.toml. A model relation written as a string ("inbox.Case") is no
import, so it escapes that check: here every relation between two of the
project's apps must point down a layer.
"""

import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
IMPORT_LINTER = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def layer_of_app() -> dict[str, int]:
    """{app name: depth}, 0 for the top layer."""
    (layers,) = [contract["layers"] for contract in IMPORT_LINTER["contracts"] if contract["type"] == "layers"]
    return {app.strip(): depth for depth, layer in enumerate(layers) for app in layer.split("|")}


def test_every_app_of_the_project_has_a_layer():
    declared = set(layer_of_app())
    assert declared == set(IMPORT_LINTER["root_packages"])
    project_apps = {config.name for config in apps.get_app_configs() if (ROOT / config.name).is_dir()}
    assert project_apps == declared


def test_the_contract_ignores_no_import():
    for contract in IMPORT_LINTER["contracts"]:
        assert not contract.get("ignore_imports"), contract["name"]


def relations_between_apps() -> list[tuple[str, str, str]]:
    """(source app, target app, "Model.field -> Model") for every relation between two project apps."""
    depth = layer_of_app()
    found = []
    for model in apps.get_models(include_auto_created=True):
        source = model._meta.app_config.name
        for field in model._meta.get_fields(include_hidden=True):
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            target = field.related_model._meta.app_config.name
            if source in depth and target in depth and target != source:
                found.append((source, target, f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}"))
    return found


def test_every_model_relation_between_apps_points_down_a_layer():
    depth = layer_of_app()
    relations = relations_between_apps()
    assert ("inbox", "forms") in {(source, target) for source, target, _name in relations}  # the scan sees them
    assert [name for source, target, name in relations if depth[target] <= depth[source]] == []
