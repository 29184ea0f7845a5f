#!/usr/bin/env python3
"""The scale-out test: production's pieces together on one machine, under load, through faults.

Starts on loopback, with servers of its own (never the PostgreSQL or Redis the
rest of the test run uses): PostgreSQL, Redis, the S3 server (`weed mini`),
nginx running deploy/nginx/website.conf in front of two gunicorn instances
(deploy/gunicorn.conf.py, 2 workers each, production settings) and two task
workers (`db_worker`). Mail, SMS and Google's reCAPTCHA check are stand-ins
that record what they are sent.

Then many clients read pages and send help requests (with attachments) and
complaints (without) at once, first fault-free to measure throughput, then
while the test kills one gunicorn instance (kill -9, master and workers),
kills a task worker in the middle of sending a message, stops Redis for 10 s
and stops the S3 server for 10 s. At the end it runs `forms_maintenance`, as
cron would, checks what issue 20 asks (scale_checks.report()), prints a table, and
exits non-zero if any check failed.

  .venv/bin/python scripts/scale_test.py     (scripts/test.sh runs it)
  SCALE_TEST_SECONDS=60    length of the load under faults (at least 45)
  SCALE_TEST_MEASURE=8     seconds of each fault-free throughput measurement
  SCALE_TEST_BUDGET=280    seconds the whole run aims at: the load under faults is
                           shortened (down to 45 s) when setting up took long
  SCALE_TEST_KEEP=1        keep the servers' folder and logs even on success
"""

import atexit
import collections
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_checks import (  # noqa: E402
    ADMINS_ADDRESS,
    PLANTED_ORPHAN,
    STAFF_ADDRESS,
    TASKS_TABLE,
    nginx_limits,
    notification_rows,
    orphan_keys,
    report,
)
from scale_load import STORAGE_FAILED_MSGID, Client, load, pdf  # noqa: E402
from scale_services import (  # noqa: E402
    ROOT,
    S3,
    FakeRecaptcha,
    FakeSmsGateway,
    FakeSmtp,
    Postgres,
    Processes,
    Redis,
    WriteWatch,
    free_port,
    make_certificate,
    nginx_serving,
    wait_for,
)

from scripts.servers.production_env import production_env  # noqa: E402
from scripts.servers.s3 import ACCESS_KEY, SECRET_KEY  # noqa: E402

SECONDS = max(45, int(os.environ.get("SCALE_TEST_SECONDS", "60")))
# The whole run's target (scripts/test.sh stops it at 300 s): the load under faults is
# shortened, down to 45 s, when setting up took long on a busy machine.
BUDGET = int(os.environ.get("SCALE_TEST_BUDGET", "280"))
RESERVE = 45  # seconds kept for the queue to drain, maintenance and the checks
MEASURE = max(3, int(os.environ.get("SCALE_TEST_MEASURE", "8")))
KEEP = os.environ.get("SCALE_TEST_KEEP") == "1"
OUTAGE = 10  # seconds Redis and the S3 server are each stopped
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
RECAPTCHA_SECRET = "scale-test-private-key"
SMS_TOKEN = "scale-test-gateway-token"

START = time.monotonic()


def say(message):
    print(f"[{time.monotonic() - START:6.1f}s] {message}", flush=True)


# --- the machine's side ---------------------------------------------------------------


class Run:
    """Everything started, and what was seen."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="scale-test-"))
        os.chmod(self.dir, 0o755)  # noqa: S103 - PostgreSQL (user postgres) and nginx's workers go through it
        self.logs = self.dir / "logs"
        self.logs.mkdir()
        self.processes = Processes(self.logs)
        self.failed = True  # until the checks have passed: a crash keeps the logs
        self.web_sessions = set()  # session ids of gunicorn and the task workers
        self.web_pids = set()  # every process seen in those sessions
        self.windows = {}  # fault name -> (start, end) in time.monotonic()
        self.events = []  # what the faults did, for the report
        self.held = None  # the message whose sender was killed: (channel, reference)
        self.records = []  # every client request: see Client.request
        self.acknowledged = []  # Sent, for every submission a client got a reference for
        self.addresses = itertools.count(1)
        self.secrets = []  # tokens sent in paths (thank-you pages, personal and survey links)
        self.limits = []  # (what was sent, what should answer, what answered, as it should)
        self.submission_counter = itertools.count(1)  # the applicants' numbers (Sent.n)
        # What start_servers() and start_site() started, for the phases after them.
        self.postgres = self.cache = self.s3 = None
        self.smtp = self.sms = self.recaptcha = None  # the outside world's stand-ins
        self.cert = self.key = None
        self.https_port = self.http_port = None  # nginx's
        self.base = ""  # https://127.0.0.1:<nginx's HTTPS port>
        self.web_ports = []  # the two gunicorn instances'
        self.env = {}  # what manage.py, gunicorn and the task workers run with
        self.workers = {}  # the task workers running: worker id -> process

    def track_pids(self):
        """Remember every process of the web sessions (workers come and go), to tell their writes apart."""
        while True:
            for entry in os.scandir("/proc"):
                if entry.name.isdigit() and int(entry.name) not in self.web_pids:
                    try:
                        with open(f"/proc/{entry.name}/stat") as stat:
                            session = int(stat.read().rsplit(")", 1)[1].split()[3])
                    except (OSError, ValueError, IndexError):
                        continue
                    if session in self.web_sessions:
                        self.web_pids.add(int(entry.name))
            time.sleep(0.5)

    def cleanup(self):
        self.processes.stop_all()
        if self.failed or KEEP:
            print(f"Servers' folder and logs kept in {self.dir}", flush=True)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


def start_web(run, env, name, port):
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"}
    process = run.processes.start(name, [GUNICORN, "-c", "deploy/gunicorn.conf.py"], env=env)
    run.web_sessions.add(process.pid)
    return process


def start_worker(run, env, worker_id):
    process = run.processes.start(worker_id, [
        PYTHON, "manage.py", "db_worker", "--no-reload", "--backend", "background", "--worker-id", worker_id,
        "--queue-name", "*", "--interval", "0.5", "--no-startup-delay",
    ], env=env)  # fmt: skip
    run.web_sessions.add(process.pid)
    return process


def answers(port, path="/healthz"):
    return requests.get(f"http://127.0.0.1:{port}{path}", timeout=2).status_code == 200


def manage(env, *args, timeout=300):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)  # fmt: skip
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def tree_snapshot(ignore) -> dict[str, tuple[float, int]]:
    """Every file under the working tree with its mtime and size (but .git and the ignored folders)."""
    found = {}
    for folder, directories, files in os.walk(ROOT):
        directories[:] = [d for d in directories if os.path.join(folder, d) not in ignore and d != ".git"]
        for name in files:
            path = os.path.join(folder, name)
            try:
                stat = os.lstat(path)
            except FileNotFoundError:
                continue
            found[path] = (stat.st_mtime, stat.st_size)
    return found


# --- the run ---------------------------------------------------------------------------


def start_servers(run):
    """PostgreSQL, Redis, the S3 server, the certificate, the stand-ins; the ports nginx and gunicorn
    will take, and the environment the site runs with."""
    say(f"Servers in {run.dir}")
    run.postgres = Postgres(run.processes, run.dir / "pg").start()
    run.cache = Redis(run.processes, run.dir / "redis").start()
    run.s3 = S3(run.processes, run.dir / "s3").start()
    say(f"PostgreSQL :{run.postgres.port}, Redis :{run.cache.port}, S3 :{run.s3.ports['s3']}")
    run.cert, run.key = make_certificate(run.dir)
    bundle = run.dir / "ca-bundle.pem"
    system_bundle = Path("/etc/ssl/certs/ca-certificates.crt")
    bundle.write_bytes((system_bundle.read_bytes() if system_bundle.exists() else b"") + run.cert.read_bytes())
    run.smtp = FakeSmtp()
    run.sms = FakeSmsGateway(SMS_TOKEN)
    run.recaptcha = FakeRecaptcha(run.cert, run.key, RECAPTCHA_SECRET)

    run.https_port, run.http_port = free_port(), free_port()
    run.web_ports = [free_port(), free_port()]
    run.base = f"https://127.0.0.1:{run.https_port}"
    run.env = site_env(run, bundle)


def site_env(run, bundle):
    """Production's settings, pointed at this run's servers and stand-ins."""
    return production_env(
        DJANGO_SETTINGS_MODULE="website.settings.scale_test",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_CSRF_TRUSTED_ORIGINS=run.base,
        WAGTAILADMIN_BASE_URL=run.base,
        DATABASE_URL=run.postgres.url,
        REDIS_URL=run.cache.url,
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
        AWS_S3_ENDPOINT_URL=run.s3.endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(run.smtp.port),
        EMAIL_USE_TLS="0",
        DJANGO_ADMINS=ADMINS_ADDRESS,
        RECAPTCHA_PUBLIC_KEY="scale-test-public-key",
        RECAPTCHA_PRIVATE_KEY=RECAPTCHA_SECRET,
        SCALE_TEST_RECAPTCHA_DOMAIN=run.recaptcha.domain,
        FORMS_PROXY_DEPTH="1",
        FORMS_SMS_BACKEND="forms.sms.HttpGatewayBackend",
        FORMS_SMS_GATEWAY_URL=run.sms.url,
        FORMS_SMS_GATEWAY_TOKEN=SMS_TOKEN,
        DJANGO_STATIC_ROOT=str(run.dir / "static"),
        SSL_CERT_FILE=str(bundle),
        FORWARDED_ALLOW_IPS="127.0.0.1",
        PYTHONDONTWRITEBYTECODE="1",  # as the systemd units run it: the code tree stays as deployed
        HOME=str(run.dir),
    )


def prepare_site(run):
    """migrate, seed_demo and collectstatic. Returns the message an applicant must see when the
    bucket is down, in each language, with a seeded request's personal link and the page it lives under."""
    env = run.env
    say("migrate, seed_demo and collectstatic")
    collect = subprocess.Popen([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    manage(env, "migrate", "--no-input", "-v0")
    say("migrated")
    manage(env, "seed_demo")
    say("seeded")
    if collect.wait(timeout=300):
        raise RuntimeError("collectstatic failed:\n" + collect.stderr.read()[-3000:])
    say("static files collected")
    # The message an applicant must see when the bucket is down, in each language, from the catalogue.
    expected = json.loads(manage(env, "shell", "-c", (
        "import json\nfrom django.utils import translation\nfound = {}\n"
        "for code in ('ar', 'en'):\n"
        "    with translation.override(code):\n"
        f"        found[code] = translation.gettext({STORAGE_FAILED_MSGID!r})\n"
        # A seeded request's personal link, and the page it lives under: uploads through nginx.
        "from inbox.models import Case\nfrom followup.models import StatusLookupPage\n"
        "from followup.tokens import status_token\n"
        "case = Case.objects.filter(submission__anonymous=False).order_by('pk').first()\n"
        "found['link'] = status_token(case) if case else '1-' + '0' * 32\n"
        "found['status_page'] = StatusLookupPage.objects.live().filter(locale__language_code='ar').first().url\n"
        "print(json.dumps(found))"
    )).strip().splitlines()[-1])  # fmt: skip
    link_token, status_page = expected.pop("link"), expected.pop("status_page")
    return expected, link_token, status_page


def start_site(run):
    """gunicorn ×2 and the task workers ×2, nginx in front; once they answer."""
    say("gunicorn ×2, task workers ×2, nginx")
    start_web(run, run.env, "gunicorn-a", run.web_ports[0])
    start_web(run, run.env, "gunicorn-b", run.web_ports[1])
    run.workers = {"worker-1": start_worker(run, run.env, "worker-1"),
                   "worker-2": start_worker(run, run.env, "worker-2")}  # fmt: skip
    upstreams = [f"127.0.0.1:{port}" for port in run.web_ports]
    argv = nginx_serving(run.dir / "nginx", run.logs, run.https_port, run.http_port, upstreams, run.cert, run.key)
    nginx = run.processes.start("nginx", argv)
    for name, port in zip(("gunicorn-a", "gunicorn-b"), run.web_ports, strict=True):
        wait_for(name, lambda port=port: answers(port), timeout=90, process=run.processes.running[name])
    wait_for("nginx", lambda: answers(run.http_port), timeout=20, process=nginx)


def reading_list(run):
    """What readers read: every page in the sitemap, and the stylesheet WhiteNoise serves; each read
    once first, to warm the page cache."""
    warm = Client(run, run.base, run.cert)
    sitemap = warm.request("setup", "page", "GET", "/sitemap.xml")
    if sitemap is None or sitemap.status_code != 200:
        raise RuntimeError(f"/sitemap.xml through nginx: {warm.last['status'] or warm.last['error']}")
    paths = sorted({urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap.text)})
    home = warm.request("setup", "page", "GET", "/ar/").text
    pages = {"pages": paths, "static": sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', home)))}
    todo = collections.deque(paths + pages["static"])

    def warm_up():
        client = Client(run, run.base, run.cert)
        while True:
            try:
                path = todo.popleft()
            except IndexError:
                return
            client.read("setup", path)

    warmers = [threading.Thread(target=warm_up) for _ in range(4)]
    for thread in warmers:
        thread.start()
    for thread in warmers:
        thread.join()
    return pages


def measure_rates(run, pages, expected):
    """Throughput, fault-free: a trivial view, pages, submissions through the same balancer."""
    rates = {}
    for phase, options in (
        ("health", {"readers": 12, "submitters": 0, "health_only": True}),
        ("pages", {"readers": 12, "submitters": 0}),
        ("submissions", {"readers": 0, "submitters": 12}),
    ):
        began = time.monotonic()
        stop_at = began + MEASURE
        threads = load(run, run.base, run.cert, phase, lambda stop_at=stop_at: time.monotonic() > stop_at,
                       pages=pages, expected=expected, **options)  # fmt: skip
        for thread in threads:
            thread.join(timeout=60)
        elapsed = time.monotonic() - began
        done = [r for r in run.records if r["phase"] == phase and r["status"] in (200, 301, 302)]
        kind = {"health": "health", "pages": "page", "submissions": "submit"}[phase]
        rates[phase] = sum(1 for r in done if r["kind"] == kind and r["status"] in (200, 302)) / elapsed
    say("rates: " + ", ".join(f"{name} {rate:.1f}/s" for name, rate in rates.items()))
    return rates


# --- the faults: each run in a thread of its own, at its moment of the load (load_under_faults) ---


def kill_web(run):
    started = time.monotonic()
    run.processes.kill("gunicorn-b")
    run.events.append("kill -9 gunicorn-b (master and workers)")
    time.sleep(2)  # RestartSec of deploy/systemd/website-web@.service
    process = start_web(run, run.env, "gunicorn-b2", run.web_ports[1])
    wait_for("gunicorn-b2", lambda: answers(run.web_ports[1]), timeout=90, process=process)
    run.windows["web"] = (started, time.monotonic())
    run.events.append(f"gunicorn-b back after {time.monotonic() - started:.1f} s")


def kill_worker(run):
    """kill -9 the task worker sending the next mail, while the mail server holds it."""
    arrived, release, slot = run.smtp.hold_next()
    try:
        if not arrived.wait(timeout=20):
            run.events.append("no message to hold: no task worker was killed")
            return
        message = slot[0]
        channel = "staff_email" if STAFF_ADDRESS in message["to"] else "applicant_email"
        victim = None
        with run.postgres.connect() as connection:
            # The task's first argument: the notification's id (a retry), or a transaction's ids together.
            for _ in range(30):
                row = connection.execute(
                    f"SELECT t.worker_ids FROM {TASKS_TABLE} t JOIN forms_notification n "  # noqa: S608
                    "ON t.args_kwargs->'args'->0 @> to_jsonb(n.id) JOIN forms_submission s ON s.id = n.submission_id "
                    "WHERE t.status = 'RUNNING' AND s.reference = %s AND n.channel = %s",
                    [message["reference"], channel],
                ).fetchone()
                if row:
                    victim = row[0][-1]
                    break
                time.sleep(0.1)
        if victim not in run.workers:
            run.events.append(f"could not tell which worker sends {message['reference']}: none killed")
            return
        run.processes.kill(victim)
        run.workers.pop(victim)
        run.held = (channel, message["reference"])
        run.events.append(f"kill -9 {victim} while it sent {channel} of {message['reference']}")
    finally:
        release.set()
    time.sleep(5)  # RestartSec of deploy/systemd/website-worker@.service
    run.workers["worker-3"] = start_worker(run, run.env, "worker-3")


def stop_cache(run):
    started = time.monotonic()
    run.cache.stop()
    time.sleep(OUTAGE)
    run.cache.start()
    run.windows["redis"] = (started, time.monotonic())
    run.events.append(f"Redis stopped for {time.monotonic() - started:.1f} s")


def stop_s3(run):
    started = time.monotonic()
    run.s3.stop()
    time.sleep(OUTAGE)
    run.s3.start()
    run.windows["s3"] = (started, time.monotonic())
    run.events.append(f"S3 server stopped for {time.monotonic() - started:.1f} s (restart included)")


def load_under_faults(run, pages, expected, seconds):
    """Clients reading and sending for `seconds` while the faults come, one after another."""
    began = time.monotonic()
    ends = began + seconds
    load_over = threading.Event()
    threads = load(run, run.base, run.cert, "faults", load_over.is_set, readers=10, submitters=6, pages=pages,
                   expected=expected, retry_until=lambda: ends + 20)  # fmt: skip

    def at(offset):
        time.sleep(max(0.0, began + offset - time.monotonic()))

    def inject(offset, fault):
        at(offset)
        fault(run)

    schedule = [
        (seconds * 0.10, kill_web),
        (seconds * 0.20, kill_worker),
        (seconds * 0.30, stop_cache),
        (max(seconds * 0.30 + OUTAGE + 3, seconds * 0.55), stop_s3),
    ]
    faults = [threading.Thread(target=inject, args=(offset, fault), daemon=True) for offset, fault in schedule]
    for fault in faults:
        fault.start()
    for fault in faults:
        fault.join(timeout=seconds + 120)
    at(seconds)
    load_over.set()
    for thread in threads:
        thread.join(timeout=60)
    say("load over: " + "; ".join(run.events))


# --- after the run: the queue drains, then maintenance runs as cron would -------------------


def queue_state(postgres):
    with postgres.connect() as connection:
        return dict(connection.execute(
            f"SELECT status, count(*) FROM {TASKS_TABLE} GROUP BY status").fetchall())  # noqa: S608  # fmt: skip


def drain(run, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = queue_state(run.postgres)
        if not state.get("READY") and state.get("RUNNING", 0) <= (1 if run.held else 0):
            return state
        time.sleep(0.5)
    return queue_state(run.postgres)


def after_load(run):
    """The queue drains, then maintenance runs as cron would: the figures report() compares, by name."""
    queue_after_run = drain(run)
    notifications_after_run = notification_rows(run.postgres)
    messages_after_run = len(run.smtp.messages) + len(run.sms.sent)
    # A file no submission refers to, as a web process killed between storing and committing leaves:
    # the sweep must find it in the real bucket too.
    run.s3.client().put_object(Bucket="private", Key=PLANTED_ORPHAN, Body=pdf("orphan"))
    orphans_before = orphan_keys(run.postgres, run.s3)
    sweep_began = time.time()
    maintenance = manage(run.env, "forms_maintenance", "--orphan-minutes", "0").strip()
    say(f"forms_maintenance: {maintenance}")
    queue_after_maintenance = drain(run)
    time.sleep(1)
    return {
        "queue_after_run": queue_after_run, "queue_after_maintenance": queue_after_maintenance,
        "notifications_after_run": notifications_after_run, "messages_after_run": messages_after_run,
        "orphans_before": orphans_before, "maintenance": maintenance, "sweep_began": sweep_began,
    }  # fmt: skip


def main():
    run = Run()
    atexit.register(run.cleanup)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda signum, frame: sys.exit(128 + signum))

    start_servers(run)
    expected, link_token, status_page = prepare_site(run)

    # From here on the web processes run: nothing of theirs may land in the working tree.
    ignore = {str(ROOT / ".test-services"), str(ROOT / "node_modules")}
    before = tree_snapshot(ignore)
    watch = WriteWatch(ROOT, [Path(p) for p in ignore] + [ROOT / ".git"])
    threading.Thread(target=run.track_pids, daemon=True).start()

    start_site(run)
    pages = reading_list(run)
    run.limits = nginx_limits(run, run.base, run.cert, run.http_port, link_token, status_page)
    # The load under faults gets what is left of the budget (but never less than 45 s).
    seconds = max(45, min(SECONDS, int(BUDGET - (time.monotonic() - START) - 3 * (MEASURE + 2) - RESERVE)))
    say(f"{len(pages['pages'])} pages, {len(pages['static'])} static files; measuring, then {seconds} s of faults")
    rates = measure_rates(run, pages, expected)
    load_under_faults(run, pages, expected, seconds)
    # The web side stops first: a request still in flight could store a file while the sweep, told to take
    # files of any age (--orphan-minutes 0), runs; in production its default hour leaves such files alone.
    run.processes.stop("nginx")
    for name in [n for n in run.processes.running if n.startswith("gunicorn")]:
        run.processes.stop(name)
    figures = after_load(run)
    for name in [n for n in run.processes.running if n.startswith("worker")]:
        run.processes.stop(name)
    after = tree_snapshot(ignore)
    watch.close()

    with open(run.logs / "requests.json", "w") as dump:  # for a look afterwards (SCALE_TEST_KEEP=1)
        json.dump({"windows": run.windows, "start": START, "records": run.records}, dump)
    ok = report(run, rates, run.postgres, run.s3, run.smtp, run.sms, run.recaptcha, watch, before, after, **figures)
    run.failed = not ok
    say(f"done in {time.monotonic() - START:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
