"""A Redis server of a test's own on a free loopback port, to stop whenever the test likes."""

import os
import shutil
import subprocess
import tempfile
import time

import pytest
import redis

from scripts.servers.ports import server_port


def free_port() -> int:
    """Outside the ephemeral range: a stopped server gets its port back (scripts/servers/ports.py)."""
    return server_port()


def redis_server_or_skip() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI") or os.environ.get("REQUIRE_TEST_SERVICES"):
            pytest.fail(message)
        pytest.skip(message)
    return binary


class RedisServer:
    """`redis-server` without persistence, on 127.0.0.1 at a free port (or the one given)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = None
        self.process = None

    def start(self):
        self.directory = tempfile.mkdtemp(prefix="redis-")
        command = [
            redis_server_or_skip(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", self.directory, "--daemonize", "no", "--loglevel", "warning",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = self.client()
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=1)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.directory:
            shutil.rmtree(self.directory, ignore_errors=True)
