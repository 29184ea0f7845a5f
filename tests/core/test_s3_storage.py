"""The private bucket's storage against a real S3 server: one conditional PUT, never a file replaced."""

import botocore.exceptions
import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from storages.backends.s3 import S3Storage

from core import s3_storage


def read(server, key):
    return server.client().get_object(Bucket="private", Key=key)["Body"].read()


def test_the_test_server_refuses_a_conditional_write_over_a_file(s3_server):
    client = s3_server.client()
    client.put_object(Bucket="private", Key="checks/conditional.pdf", Body=b"first", IfNoneMatch="*")
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        client.put_object(Bucket="private", Key="checks/conditional.pdf", Body=b"second", IfNoneMatch="*")
    assert refused.value.response["Error"]["Code"] == "PreconditionFailed"
    assert read(s3_server, "checks/conditional.pdf") == b"first"


def test_a_new_name_is_written_without_asking_first(s3_storages, monkeypatch):
    def no_head(self, name):
        raise AssertionError("no HEAD for a name that is free")

    monkeypatch.setattr(S3Storage, "exists", no_head)
    storage = storages["private"]
    assert isinstance(storage, s3_storage.NewFilesS3Storage)
    name = storage.save("checks/new-name.pdf", ContentFile(b"%PDF-1.4 new", name="new-name.pdf"))
    assert name == "checks/new-name.pdf"
    assert read(s3_storages, name) == b"%PDF-1.4 new"


def test_a_taken_name_is_never_replaced(s3_storages):
    storage = storages["private"]
    first = storage.save("checks/taken.pdf", ContentFile(b"first", name="taken.pdf"))
    second = storage.save("checks/taken.pdf", ContentFile(b"second", name="taken.pdf"))
    assert first == "checks/taken.pdf" and second != first and second.startswith("checks/taken")
    assert read(s3_storages, first) == b"first" and read(s3_storages, second) == b"second"


def test_a_large_file_goes_the_usual_way_and_replaces_nothing(s3_storages, monkeypatch):
    monkeypatch.setattr(s3_storage, "SINGLE_PUT_BYTES", 4)
    storage = storages["private"]
    first = storage.save("checks/large.pdf", ContentFile(b"first large", name="large.pdf"))
    second = storage.save("checks/large.pdf", ContentFile(b"second large", name="large.pdf"))
    assert second != first
    assert read(s3_storages, first) == b"first large" and read(s3_storages, second) == b"second large"


def test_a_name_that_climbs_out_is_refused(s3_storages):
    with pytest.raises(SuspiciousFileOperation):
        storages["private"].save("../outside.pdf", ContentFile(b"x", name="outside.pdf"))
