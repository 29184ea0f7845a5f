import pytest


@pytest.fixture
def own_private_storage(settings, tmp_path):
    """A private storage of this test's own: the erasure log of other tests is not in it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
