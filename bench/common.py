"""What the benchmarks share: a throw-away PostgreSQL database, gunicorn on loopback, wrk as the load.

Not a benchmark itself; bench/submissions.py and bench/inbox.py import it.
"""

import contextlib
import datetime
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")

# wrk runs this for every request. A GET is sent as it is; a POST's body is
# fixed but for a fresh submission token, so each request is a new submission
# (a repeated token is answered without creating one).
WRK_SCRIPT = r"""
local counter, thread_number = 0, 0
function setup(thread)
  thread_number = thread_number + 1
  thread:set("thread_number", thread_number)
end
local function slurp(name)
  local file = assert(io.open(name, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end
function init(args)
  method, path, run = os.getenv("BENCH_METHOD"), os.getenv("BENCH_PATH"), os.getenv("BENCH_RUN")
  headers = {["Cookie"] = os.getenv("BENCH_COOKIE"), ["Referer"] = "http://127.0.0.1/"}
  if method == "POST" then
    headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE")
    before, after = slurp(os.getenv("BENCH_BODY_BEFORE")), slurp(os.getenv("BENCH_BODY_AFTER"))
  end
end
function request()
  if method ~= "POST" then return wrk.format(method, path, headers) end
  counter = counter + 1
  local token = string.format("%s-%04x-4000-8000-%012x", run, thread_number, counter)
  return wrk.format(method, path, headers, before .. token .. after)
end
function done(summary, latency, requests)
  local errors = summary.errors
  local file = assert(io.open(os.getenv("BENCH_RESULT"), "w"))
  file:write(string.format(
    '{"requests": %d, "bad_status": %d, "socket_errors": %d, "seconds": %f, "p50_ms": %f, "p95_ms": %f, "p99_ms": %f}',
    summary.requests, errors.status, errors.connect + errors.read + errors.write + errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3))
  file:close()
end
"""


def require_wrk():
    if not shutil.which("wrk"):
        sys.exit("wrk is needed for the load: apt-get install wrk")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, cookie=""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    return response, response.read()


def redis_answers(url) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except Exception:
        return False


@contextlib.contextmanager
def bench_database(prefix="bench"):
    """A new database and work folder for one run, and the environment of the bench settings
    pointing at them; both are removed afterwards, whatever happens. Yields (env, workdir, cache)."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    workdir = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    (workdir / "bench.lua").write_text(WRK_SCRIPT)
    cache = "Redis" if redis_answers(REDIS_URL) else "local memory (no Redis answered)"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.bench",
        "DATABASE_URL": database_url(name),
        "DJANGO_TEST_MEDIA_DIR": str(workdir / "media"),
        "BENCH_REDIS_URL": REDIS_URL if cache == "Redis" else "",
        "BENCH_CACHE_KEY_PREFIX": name,
    }
    try:
        yield env, workdir, cache
    finally:
        drop_database(name)
        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def database_copy(env, suffix):
    """A copy of the bench database of `env` (PostgreSQL copies its files: seconds, not a new seeding),
    with its own cache keys; dropped afterwards. Nothing may be connected to the original meanwhile.
    Yields the environment pointing at the copy."""
    original = env["DATABASE_URL"].rsplit("/", 1)[1]
    name = f"{original}_{suffix}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{original}"')
    try:
        yield {**env, "DATABASE_URL": database_url(name), "BENCH_CACHE_KEY_PREFIX": name}
    finally:
        drop_database(name)


def database_url(name):
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def drop_database(name):
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *command):
    """Run a manage.py command against the bench database; its output, or its error's tail."""
    done = subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(command[:2])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def django_script(env, code):
    """Run Python code with Django set up on the bench database (manage.py shell, no import banner)."""
    return manage(env, "shell", "--no-imports", "-c", code)


@contextlib.contextmanager
def gunicorn(env, workers=2):
    """gunicorn with sync workers on a free loopback port, once /healthz answers. Yields (port, process)."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "website.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "error"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(port, "/healthz")[0].status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.3)
        yield port, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a loaded machine: its workers did not stop in time
            server.kill()
            server.wait(timeout=10)


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


def wrk(port, workdir, *, seconds, connections, method="GET", path, cookie="", body=None, timeout=2):
    env = {**os.environ, "BENCH_METHOD": method, "BENCH_PATH": path, "BENCH_COOKIE": cookie,
           "BENCH_RUN": uuid.uuid4().hex[:8], "BENCH_RESULT": str(workdir / "result.json")}  # fmt: skip
    if body:
        content_type, before, after = body
        (workdir / "before").write_bytes(before)
        (workdir / "after").write_bytes(after)
        env.update(BENCH_CONTENT_TYPE=content_type, BENCH_BODY_BEFORE=str(workdir / "before"),
                   BENCH_BODY_AFTER=str(workdir / "after"))  # fmt: skip
    command = ["wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{seconds}s",
               "--timeout", f"{timeout}s", "--script", str(workdir / "bench.lua"),
               f"http://127.0.0.1:{port}/"]  # fmt: skip
    subprocess.run(command, env=env, check=True, capture_output=True)
    return json.loads((workdir / "result.json").read_text())


def measure(port, workdir, server, scenarios, *, seconds, connections, warmup=3, timeout=2):
    """Each scenario (keyword arguments of `wrk`) after `warmup` seconds of the same load: wrk's
    figures plus good responses a second and the workers' CPU milliseconds per good response.
    A response slower than `timeout` seconds counts as a socket error (wrk's own default is 2)."""
    results = {}
    for label, scenario in scenarios.items():
        wrk(port, workdir, seconds=warmup, connections=connections, timeout=timeout, **scenario)
        cpu_before = worker_cpu_seconds(server.pid)
        result = wrk(port, workdir, seconds=seconds, connections=connections, timeout=timeout, **scenario)
        ok = result["requests"] - result["bad_status"]
        result["ok"] = ok
        result["per_second"] = ok / result["seconds"]
        result["cpu_ms"] = 1000 * (worker_cpu_seconds(server.pid) - cpu_before) / max(ok, 1)
        results[label] = result
    return results


def save_report(lines, name, *, started, load_at_start) -> str:
    """The report's closing lines (whole run, the machine's load), printed and kept as
    bench/results/<name>-<date>.txt."""
    lines.append(f"whole run: {time.monotonic() - started:.0f} s")
    load_at_end = os.getloadavg()
    lines.append(
        "load average (1, 5, 15 min) of this machine, shared with other work:"
        f" {', '.join(f'{x:.2f}' for x in load_at_start)} at the start,"
        f" {', '.join(f'{x:.2f}' for x in load_at_end)} at the end"
    )
    report = "\n".join(lines)
    print(report)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    saved = results_dir / f"{name}-{datetime.date.today():%Y-%m-%d}.txt"
    saved.write_text(report + "\n")
    print(f"saved to {saved.relative_to(ROOT)}")
    return report
