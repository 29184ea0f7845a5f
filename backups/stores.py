"""Places that hold objects: an S3 bucket (with a key prefix) or a folder on disk.

The site's two storages, the backup location and a restore's fresh buckets are
all read and written through `Store`, so a backup can go to another bucket (or
another provider: its own credentials) or to a folder, and be restored from
either. Every copy streams and hashes as it goes: nothing is held in memory.
"""

import hashlib
import io
import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

CHUNK = 1024 * 1024


class HashingReader:
    """Wraps a binary stream; counts and hashes (SHA-256) what is read through it."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.stream.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data

    @property
    def sha256(self) -> str:
        return self.digest.hexdigest()


def s3_client(endpoint_url=None, access_key=None, secret_key=None, region_name=None):
    return boto3.client(
        "s3", endpoint_url=endpoint_url or None, aws_access_key_id=access_key or None,
        aws_secret_access_key=secret_key or None, region_name=region_name or None,
        config=Config(retries={"max_attempts": 5, "mode": "standard"}, connect_timeout=5, read_timeout=60),
    )  # fmt: skip


class Store:
    """A flat namespace of keys ("attachments/2026/01/x.pdf") in a bucket under a prefix, or under a folder."""

    def __init__(self, *, client=None, bucket=None, prefix="", root=None):
        self.client, self.bucket, self.root = client, bucket, Path(root) if root else None
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def __repr__(self):
        if self.root is not None:
            return str(self.root)
        return f"s3://{self.bucket}/{self.prefix}"

    @property
    def is_s3(self) -> bool:
        return self.root is None

    # --- building ------------------------------------------------------------------------------
    @classmethod
    def for_storage(cls, storage) -> "Store":
        """The bucket (or folder) behind one of Django's storages."""
        if hasattr(storage, "bucket_name"):  # django-storages' S3Storage
            return cls(client=storage.connection.meta.client, bucket=storage.bucket_name, prefix=storage.location)
        if hasattr(storage, "location"):  # FileSystemStorage
            return cls(root=storage.location)
        raise ValueError(f"{type(storage).__name__} is neither an S3 nor a file system storage")

    @classmethod
    def parse(cls, spec: str, client=None) -> "Store":
        """`s3://bucket/prefix` (with the backup credentials, see `backup_client`) or a folder."""
        if spec.startswith("s3://"):
            parsed = urlparse(spec)
            return cls(client=client or backup_client(), bucket=parsed.netloc, prefix=parsed.path)
        return cls(root=os.path.abspath(spec))

    def child(self, name: str) -> "Store":
        if self.root is not None:
            return Store(root=self.root / name)
        return Store(client=self.client, bucket=self.bucket, prefix=self.prefix + name)

    # --- reading -----------------------------------------------------------------------------
    def keys(self, under=""):
        """Every key (starting with `under`), sorted: S3 lists in key order; folders are walked and sorted."""
        if self.root is not None:
            start = self.root / under if under.endswith("/") else self.root
            if not start.is_dir():
                return
            found = []
            for folder, _dirs, names in os.walk(start):
                for name in names:
                    found.append(os.path.relpath(os.path.join(folder, name), self.root).replace(os.sep, "/"))
            yield from sorted(key for key in found if key.startswith(under))
            return
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix + under):
            for item in page.get("Contents", []):
                key = item["Key"][len(self.prefix) :]
                if key and not key.endswith("/"):
                    yield key

    def folders(self):
        """The names directly under this store (backup sets)."""
        if self.root is not None:
            return sorted(p.name for p in self.root.iterdir() if p.is_dir()) if self.root.is_dir() else []
        paginator = self.client.get_paginator("list_objects_v2")
        names = []
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix, Delimiter="/"):
            names += [item["Prefix"][len(self.prefix) :].strip("/") for item in page.get("CommonPrefixes", [])]
        return sorted(names)

    def is_empty(self) -> bool:
        return next(iter(self.keys()), None) is None

    def exists(self, key) -> bool:
        if self.root is not None:
            return (self.root / key).is_file()
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.prefix + key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def open(self, key):
        """(binary stream, content type or None); FileNotFoundError when the key is missing."""
        if self.root is not None:
            return open(self.root / key, "rb"), None  # noqa: SIM115 - the caller closes it
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise FileNotFoundError(f"{self!r}{key}") from error
            raise
        return answer["Body"], answer.get("ContentType")

    def sha256(self, key) -> tuple[str, int]:
        stream, _type = self.open(key)
        with stream:
            reader = HashingReader(stream)
            while reader.read(CHUNK):
                pass
        return reader.sha256, reader.size

    def read_bytes(self, key) -> bytes:
        stream, _type = self.open(key)
        with stream:
            return stream.read()

    # --- writing -----------------------------------------------------------------------------
    def put(self, key, stream, content_type=None) -> tuple[str, int]:
        """Write `stream` under `key`; return its (sha256, size) as written."""
        reader = HashingReader(stream)
        if self.root is not None:
            path = self.root / key
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as handle:
                shutil.copyfileobj(reader, handle, CHUNK)
        else:
            extra = {"ContentType": content_type} if content_type else {}
            self.client.upload_fileobj(reader, self.bucket, self.prefix + key, ExtraArgs=extra)
        return reader.sha256, reader.size

    def put_bytes(self, key, data: bytes, content_type=None) -> tuple[str, int]:
        return self.put(key, io.BytesIO(data), content_type)

    def delete_all(self):
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
        else:
            for key in list(self.keys()):
                self.delete(key)

    def delete(self, key):
        if self.root is not None:
            (self.root / key).unlink(missing_ok=True)
        else:
            self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)


def backup_client():
    """An S3 client for the backup location: BACKUP_* variables, else the site's own AWS_* ones.

    Give the backup bucket its own credentials (and ideally another account or
    provider), so that a leaked application key cannot also delete the backups.
    """
    env = os.environ
    return s3_client(
        endpoint_url=env.get("BACKUP_S3_ENDPOINT_URL") or env.get("AWS_S3_ENDPOINT_URL"),
        access_key=env.get("BACKUP_AWS_ACCESS_KEY_ID") or env.get("AWS_ACCESS_KEY_ID"),
        secret_key=env.get("BACKUP_AWS_SECRET_ACCESS_KEY") or env.get("AWS_SECRET_ACCESS_KEY"),
        region_name=env.get("BACKUP_S3_REGION_NAME") or env.get("AWS_S3_REGION_NAME"),
    )
