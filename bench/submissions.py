"""Submissions per second and latency under gunicorn (2 workers) with PostgreSQL.

    .venv/bin/python bench/submissions.py [--requests 600] [--concurrency 8]

Makes its own database on the PostgreSQL server named by TEST_POSTGRES_URL
(default postgresql://postgres@127.0.0.1:5432/postgres), seeds the demo,
starts gunicorn on 127.0.0.1, and measures, in the same run:
  - a trivial view (/healthz), as the yardstick for this machine;
  - the satisfaction survey (no attachment);
  - a help request with a 200 KB PDF attachment;
and the number of database queries per submission (constant means no N+1).
Only loopback addresses are used; the run stops by itself.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PDF_200K = b"%PDF-1.4\n" + b"1 0 obj\n<< /Length 0 >>\nstream\n" + b"0" * 200_000 + b"\nendstream\nendobj\n%%EOF\n"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """One keep-alive connection with its own CSRF cookie, like one browser."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.csrf = ""

    def request(self, method, path, body=None, headers=None):
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.cookie = value.split(";", 1)[0]
        return response.status, data

    def prepare(self, path):
        status, html = self.request("GET", path)
        assert status == 200, status
        self.csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()

    def post_multipart(self, path, fields, files=()):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {**fields, "csrfmiddlewaretoken": self.csrf}.items():
            values = value if isinstance(value, list) else [value]
            for item in values:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode()
                )
        for name, filename, content in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: application/pdf\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": "http://127.0.0.1/"}
        return self.request("POST", path, body, headers)


def survey(client):
    status, _ = client.post_multipart(
        "/ar/satisfaction-survey/",
        {"overall": "5", "speed": "4", "staff": "5", "submission_token": str(uuid.uuid4())},
    )
    return status


def help_request(client):
    status, _ = client.post_multipart(
        "/ar/help-request/",
        {
            "full_name": "مستفيد تجريبي", "national_id": "1000000008", "mobile": "0505550123",
            "city": "الرياض", "marital_status": "متزوج", "family_size": "4", "monthly_income": "2500",
            "needs": "اختبار أداء", "declaration": "on", "privacy_consent": "on",
            "submission_token": str(uuid.uuid4()),
        },
        files=[("documents", "proof.pdf", PDF_200K)],
    )  # fmt: skip
    return status


def healthz(client):
    status, _ = client.request("GET", "/healthz")
    return status


def worker_cpu_seconds(master_pid: int) -> float:
    """CPU time used so far by gunicorn's workers (children of the master), from /proc."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # ppid
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


def run(port, action, form_path, requests, concurrency):
    latencies, failures = [], []
    lock = threading.Lock()
    per_worker = requests // concurrency

    def worker():
        client = Client(port)
        if form_path:
            client.prepare(form_path)
        for _ in range(per_worker):
            start = time.perf_counter()
            status = action(client)
            elapsed = time.perf_counter() - start
            with lock:
                (latencies if status in (200, 302) else failures).append(elapsed if status in (200, 302) else status)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "failures": len(failures),
        "per_second": len(latencies) / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
    }


QUERY_COUNT = r"""
import re
import uuid
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.core.files.uploadedfile import SimpleUploadedFile
PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n"
client = Client(HTTP_HOST="127.0.0.1")
def help_request(files):
    return {"full_name": "x", "national_id": "1000000008", "mobile": "0505550123", "city": "الرياض",
            "marital_status": "متزوج", "family_size": "4", "monthly_income": "2500", "needs": "x",
            "declaration": "on", "privacy_consent": "on", "submission_token": str(uuid.uuid4()),
            "documents": [SimpleUploadedFile(f"d{i}.pdf", PDF) for i in range(files)]}
counts = []
def survey():
    return {"overall": "5", "speed": "4", "staff": "5", "submission_token": str(uuid.uuid4())}
cases = [("/ar/satisfaction-survey/", survey)] * 3
cases += [("/ar/help-request/", lambda: help_request(1))] * 2 + [("/ar/help-request/", lambda: help_request(3))]
for path, data in cases:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, data())
    errors = re.findall(r"field__error[^>]*>([^<]+)", response.content.decode())
    assert response.status_code == 302, (path, response.status_code, errors)
    counts.append((path, len(queries)))
for path, count in counts:
    print(f"{path}\t{count}")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (gthread when > 1)")
    args = parser.parse_args()

    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    media = Path(tempfile.mkdtemp(prefix=f"{name}-media-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.bench",
        "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + "/" + name,
        "DJANGO_TEST_MEDIA_DIR": str(media),
    }
    server = None
    try:
        for command in (["migrate", "--no-input"], ["seed_demo"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
        counted = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", QUERY_COUNT], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if counted.returncode:
            raise RuntimeError(counted.stderr[-3000:])
        queries = counted.stdout
        port = free_port()
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        server = subprocess.Popen(
            [gunicorn, "website.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", str(args.threads),
             "--log-level", "error"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            try:
                if Client(port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.3)

        scenarios = {
            "trivial view (/healthz)": (healthz, None, args.requests),
            "survey, no attachment": (survey, "/ar/satisfaction-survey/", args.requests),
            "help request, 200 KB PDF": (help_request, "/ar/help-request/", max(args.requests // 3, args.concurrency)),
        }
        results = {}
        for label, (action, form_path, count) in scenarios.items():
            cpu_before = worker_cpu_seconds(server.pid)
            results[label] = run(port, action, form_path, count, args.concurrency)
            spent = worker_cpu_seconds(server.pid) - cpu_before
            results[label]["cpu_ms"] = 1000 * spent / max(results[label]["requests"], 1)
        yardstick = results["trivial view (/healthz)"]["per_second"]
        print(
            f"gunicorn 2 workers x {args.threads} thread(s), PostgreSQL, {args.concurrency} concurrent clients, "
            f"{os.cpu_count()} CPU cores"
        )
        print(
            f"{'scenario':30} {'ok':>6} {'fail':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs trivial':>10}"
            f" {'app CPU ms/req':>15}"
        )
        for label, result in results.items():
            print(
                f"{label:30} {result['requests']:>6} {result['failures']:>5} {result['per_second']:>8.1f} "
                f"{result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} {result['per_second'] / yardstick:>10.2f}"
                f" {result['cpu_ms']:>15.1f}"
            )
        print("\nqueries per submission (in-process, same database):")
        print(queries.strip())
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
