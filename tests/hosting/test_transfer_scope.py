"""Every model of the deployment has a decision: exported with an association, or deployment-wide with a reason.
A new model without one fails here."""

from hosting.transfer import scope


def test_every_model_is_exported_or_declared_deployment_wide():
    labels = {scope.label(model) for model in scope.concrete_models()}
    exported = scope.exported_labels()
    undecided = labels - exported - set(scope.DEPLOYMENT_WIDE)
    assert not undecided, f"decide for these models (hosting/transfer/scope.py): {sorted(undecided)}"
    assert not exported & set(scope.DEPLOYMENT_WIDE), "a model is both exported and deployment-wide"
    only_on_sqlite = {"wagtailsearch.sqliteftsindexentry"}  # the search backend's, on SQLite only
    assert not (exported | set(scope.DEPLOYMENT_WIDE)) - labels - only_on_sqlite, "a declared model no longer exists"
    assert all(reason.strip() for reason in scope.DEPLOYMENT_WIDE.values())


def test_every_model_with_a_site_is_exported():
    for model in scope.concrete_models():
        if any(f.name == "site" and f.is_relation for f in model._meta.concrete_fields):
            assert scope.label(model) in scope.exported_labels(), model
