import pytest

from tests.forms.conftest import s3_server, s3_storages  # noqa: F401  (the real S3 server)
from tests.inbox.conftest import staff  # noqa: F401


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
