"""A help request through the whole production stack: submissions a second against a trivial view.

    .venv/bin/python bench/full_stack_submission.py [--seconds 20] [--clients 8] [--runs 3]
                                                    [--profile] [--label after]

Starts on loopback, as scripts/scale_test.py does and with its pieces
(scripts/scale_services.py, scripts/servers/): its own PostgreSQL and Redis,
the S3 server (`weed mini`), nginx running deploy/nginx/website.conf with TLS
in front of two gunicorn instances (deploy/gunicorn.conf.py, 2 workers each,
production settings) and two task workers (`db_worker`) sending the
notifications to stand-ins for the mail server (which only counts the messages)
and the SMS gateway, on the same cores. reCAPTCHA is checked against a stand-in for Google's siteverify.

Then, for each run (three by default), with the same client code and the same
number of concurrent clients (threads of this process, each a browser of its
own over TLS with keep-alive, from a loopback address of its own):
  (a) the trivial view (/healthz) through nginx and TLS;
  (b) complete help requests: the form page (GET: CSRF cookie and token,
      submission token), the form posted with a 300 KB PDF (a scan: a JPEG in
      a PDF, as fpdf2 writes it) and a 300 KB JPEG photo, both passing the
      upload checks, and the redirect followed to the thank-you page.
Each submission counts once its thank-you page answered 200. After each run
the notification queue is left to drain, and the time it took is reported.
The figures of each run and their median are printed and written to
bench/results/full-stack-submission-<date>[-<label>].txt, with the machine's
load average and the CPU each part of the stack used per submission.

--profile: the gunicorn workers run cProfile, counting CPU time, around every
request but /healthz during the measured submissions (bench/gunicorn_profile.conf.py),
and the task workers run under it from start to end, start-up included
(bench/profiled.py); the report adds where a submission's time goes, per
submission. The CPU each server process used (nginx's TLS among them) is in
every run's figures. The profiler slows the Python code, so the rates of a
profiled run are not the benchmark's.

Only loopback addresses are used; every run is bounded in time and the whole
thing stops by itself.
"""

import argparse
import datetime
import io
import itertools
import os
import pstats
import random
import resource
import signal
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import scale_test  # noqa: E402  (scripts/: the scale test's servers, site and stand-ins)
from scale_load import Client, Sent  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
FILE_BYTES = 300 * 1024


# --- the two attachments ----------------------------------------------------------------


def photo(target_bytes: int, seed: int = 1, size=(1600, 1200)) -> bytes:
    """A JPEG like a phone's photo of a paper: shapes, text-like strokes and sensor noise,
    at the quality that makes it about `target_bytes`."""
    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    image = Image.new("RGB", size, (236, 232, 220))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.rectangle([x, y, x + rng.randrange(40, 400), y + rng.randrange(4, 30)],
                       fill=(rng.randrange(20, 90),) * 3)  # fmt: skip
    noise = Image.effect_noise(size, 24).convert("RGB")
    image = Image.blend(image, noise, 0.18).filter(ImageFilter.GaussianBlur(0.6))
    low, high, best = 5, 95, None
    while low <= high:  # the highest quality that stays within target_bytes
        quality = (low + high) // 2
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=quality)
        if buffer.tell() <= target_bytes:
            best, low = buffer.getvalue(), quality + 1
        else:
            high = quality - 1
    return best


def scanned_pdf(target_bytes: int) -> bytes:
    """A PDF as a scanner writes it: a page of text and the scanned picture (a JPEG) on a second page."""
    document = FPDF()
    document.set_creator("bench")
    document.add_page()
    document.set_font("helvetica", size=11)
    for line in range(40):
        document.cell(0, 6, f"Line {line}: supporting document for the help request benchmark.", new_x="LMARGIN",
                      new_y="NEXT")  # fmt: skip
    document.add_page()
    picture = photo(target_bytes - 6000, seed=2, size=(1400, 1000))
    document.image(io.BytesIO(picture), x=10, y=10, w=190)
    return bytes(document.output())


# --- measuring ---------------------------------------------------------------------------


class Stack:
    """The production stack of scripts/scale_test.py, started once for all the runs."""

    def __init__(self, profile_dir: Path | None):
        self.run = scale_test.Run()
        self.profile_dir = profile_dir

    def start(self):
        run = self.run
        scale_test.start_servers(run)
        # The stand-in mail server parses every message for the scale test's checks (its reference, its
        # recipients): about 2 ms of the shared cores a message, none of it the application's (a mail server
        # is another machine's). The bench only counts them.
        run.smtp.arrived = lambda recipients, raw: run.smtp.messages.append(len(raw))
        scale_test.prepare_site(run)
        env = run.env
        for name, port in zip(("gunicorn-a", "gunicorn-b"), run.web_ports, strict=True):
            config = "deploy/gunicorn.conf.py"
            # Production replaces each worker after 2,000-3,000 requests; a new worker's first
            # requests are slow (templates compiled, memos filled). Where that lands (mostly in the
            # trivial view's thousands of requests) would move the yardstick from run to run: off here.
            web_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2",
                       "GUNICORN_LOG_LEVEL": "warning", "GUNICORN_MAX_REQUESTS": "0"}  # fmt: skip
            if self.profile_dir:
                config = "bench/gunicorn_profile.conf.py"
                web_env["BENCH_PROFILE_DIR"] = str(self.profile_dir)
            run.processes.start(name, [GUNICORN, "-c", config], env=web_env)
        for worker_id in ("worker-1", "worker-2"):
            profiler = ["bench/profiled.py", str(self.profile_dir / f"{worker_id}.prof")] if self.profile_dir else []
            run.processes.start(worker_id, [
                PYTHON, *profiler, "manage.py", "db_worker", "--no-reload", "--backend", "background", "--worker-id",
                worker_id, "--queue-name", "*", "--interval", "0.5", "--no-startup-delay",
            ], env=env)  # fmt: skip
        upstreams = [f"127.0.0.1:{port}" for port in run.web_ports]
        argv = scale_test.nginx_serving(run.dir / "nginx", run.logs, run.https_port, run.http_port, upstreams,
                                        run.cert, run.key)  # fmt: skip
        nginx = run.processes.start("nginx", argv)
        for name, port in zip(("gunicorn-a", "gunicorn-b"), run.web_ports, strict=True):
            scale_test.wait_for(name, lambda port=port: scale_test.answers(port), timeout=90,
                                process=run.processes.running[name])  # fmt: skip
        scale_test.wait_for("nginx", lambda: scale_test.answers(run.http_port), timeout=20, process=nginx)
        return self

    def stop(self):
        # The task workers and gunicorn first, gently: their profiles are written as they exit.
        for name in ("nginx", "gunicorn-a", "gunicorn-b", "worker-1", "worker-2"):
            self.run.processes.stop(name, timeout=30)
        self.run.failed = False
        self.run.cleanup()

    def cpu_seconds(self) -> dict[str, float]:
        """CPU used so far by each part: every process descending from each server's process
        (children reaped included: PostgreSQL's backends, gunicorn's workers), and this process
        (the clients, the stand-ins)."""
        roots = {process.pid: name for name, process in self.run.processes.running.items()}
        ticks = os.sysconf("SC_CLK_TCK")
        parents, used_by = {}, {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid = int(entry.name)
            parents[pid] = int(fields[1])
            used_by[pid] = sum(int(value) for value in fields[11:15]) / ticks  # utime stime cutime cstime
        used = dict.fromkeys(roots.values(), 0.0)
        for pid, seconds in used_by.items():
            ancestor, hops = pid, 0
            while ancestor not in roots and ancestor > 1 and hops < 20:
                ancestor, hops = parents.get(ancestor, 0), hops + 1
            if ancestor in roots:
                used[roots[ancestor]] += seconds
        me = resource.getrusage(resource.RUSAGE_SELF)
        used["bench (clients, stand-ins)"] = me.ru_utime + me.ru_stime
        return used

    def queue_pending(self) -> int:
        state = scale_test.queue_state(self.run.postgres)
        return state.get("READY", 0) + state.get("RUNNING", 0)

    def drain(self, timeout=120.0) -> float:
        started = time.monotonic()
        while self.queue_pending() and time.monotonic() - started < timeout:
            time.sleep(0.2)
        return time.monotonic() - started


def group(name: str) -> str:
    for prefix, part in (("gunicorn", "gunicorn (4 workers)"), ("worker", "task workers (2)"), ("s3", "S3 (weed)")):
        if name.startswith(prefix):
            return part
    return name


def load(stack, seconds, clients, action):
    """`clients` threads each running `action(client)` until `seconds` are up. Returns
    (completed, latencies of completed, failures, elapsed)."""
    stop_at = time.monotonic() + seconds
    done, latencies, failures, lock = [0], [], [0], threading.Lock()

    def loop():
        client = Client(stack.run, stack.run.base, stack.run.cert)
        used = 0
        while time.monotonic() < stop_at:
            if used >= 8:  # a new applicant from another address (the rate limit is 20 per address)
                client, used = Client(stack.run, stack.run.base, stack.run.cert), 0
            began = time.monotonic()
            ok = action(client)
            used += 1
            with lock:
                if ok:
                    done[0] += 1
                    latencies.append(time.monotonic() - began)
                else:
                    failures[0] += 1

    began = time.monotonic()
    threads = [threading.Thread(target=loop, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 90)
    return done[0], latencies, failures[0], time.monotonic() - began


def measure(stack, name, seconds, clients, action, warmup):
    warm_count = load(stack, warmup, clients, action)[0]
    stack.drain()
    before = stack.cpu_seconds()
    switch = stack.profile_dir / "on" if stack.profile_dir and name == "submissions" else None
    if switch:
        switch.touch()  # the web workers profile the measured submissions only
    count, latencies, failures, elapsed = load(stack, seconds, clients, action)
    if switch:
        switch.unlink()
    drained = stack.drain() if name == "submissions" else 0.0
    after = stack.cpu_seconds()
    cpu = {}
    for part in after:
        cpu[group(part)] = cpu.get(group(part), 0.0) + after[part] - before.get(part, 0.0)
    latencies.sort()
    return {
        "per_second": count / elapsed, "count": count, "failures": failures,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "drain_s": drained, "cpu_ms": {part: 1000 * used / max(count, 1) for part, used in cpu.items()},
        "load": os.getloadavg(), "all_count": warm_count + count,
    }  # fmt: skip


def trivial(client):
    response = client.request("bench", "health", "GET", "/healthz")
    return response is not None and response.status_code == 200


def submitter(attachments, counter):
    def submit(client):
        sent = Sent(next(counter), "help", "ar")
        sent.files = attachments
        client.submit("bench", sent, expected={}, retry_until=lambda: 0)
        thanks = client.last
        return sent.reference is not None and thanks["kind"] == "thanks" and thanks["status"] == 200

    return submit


# --- the profile -------------------------------------------------------------------------

# (label, file suffix, function): the cumulative time of each, as a share of the web workers' time.
WEB_PARTS = [
    ("the form page (GET)", "forms/views.py", "serve_form"),
    ("  its template rendered", "django/template/response.py", "render"),
    ("the post (POST /forms/<id>/send/)", "forms/views.py", "send"),
    ("  multipart parsing (request.FILES)", "django/http/multipartparser.py", "parse"),
    ("  form validation (is_valid)", "django/forms/forms.py", "full_clean"),
    ("    upload checks (uploads.check_upload)", "forms/uploads.py", "check_upload"),
    ("      PDF parsed (file_safety.check_pdf)", "core/file_safety/pdf.py", "check_pdf"),
    ("      JPEG decoded (_check_image)", "forms/uploads.py", "_check_image"),
    ("    reCAPTCHA check (siteverify)", "forms/spam.py", "validate"),
    ("  rate limit", "forms/spam.py", "over_rate_limit"),
    ("  S3 writes (pipeline.store_attachments)", "forms/pipeline.py", "store_attachments"),
    ("  the submission's transaction", "forms/pipeline.py", "create_submission"),
    ("the thank-you page", "forms/views.py", "serve_thanks"),
    ("database queries (all)", "django/db/backends/utils.py", "_execute"),
    ("cache (Redis, all)", "django_redis/cache.py", "_decorator"),
    ("sessions (middleware)", "django/contrib/sessions/middleware.py", "process_response"),
    ("CSRF (middleware)", "django/middleware/csrf.py", "process_view"),
]
WORKER_PARTS = [
    ("send_notifications (forms/tasks.py: one task)", "forms/tasks.py", "send_notifications"),
    ("  each notification (send_one)", "forms/tasks.py", "send_one"),
    ("  SMTP", "smtplib.py", "sendmail"),
    ("  templates rendered", "django/template/base.py", "render"),
    ("database queries (all)", "django/db/backends/utils.py", "_execute"),
]


def cumulative(stats, suffix, function):
    """The time spent in (and under) a function, once however often it recurses."""
    total = 0.0
    for (filename, _line, name), (_cc, _nc, _tt, ct, callers) in stats.stats.items():
        if name == function and filename.endswith(suffix):
            # Count only calls from outside itself (recursion would count the time twice).
            total += ct - sum(value[3] for caller, value in callers.items() if caller[2] == function)
    return total


def profile_report(directory: Path, submissions: int, all_submissions: int) -> str:
    lines = []
    # The web workers profile the measured seconds only; the task workers everything, warm-ups too.
    groups = (
        ("gunicorn workers", "web-*.prof", WEB_PARTS, submissions),
        ("task workers", "worker-*.prof", WORKER_PARTS, all_submissions),
    )
    for title, pattern, parts, count in groups:
        files = sorted(str(path) for path in directory.glob(pattern))
        if not files:
            lines.append(f"{title}: no profile written")
            continue
        stats = pstats.Stats(*files, stream=io.StringIO())
        total = stats.total_tt
        lines.append(f"\n{title}: {1000 * total / max(count, 1):.1f} ms of CPU time under the profiler per submission "
                     f"({len(files)} profiles)")  # fmt: skip
        for label, suffix, function in parts:
            seconds = cumulative(stats, suffix, function)
            lines.append(f"  {label:46} {100 * seconds / total:5.1f} %  {1000 * seconds / max(count, 1):7.1f} ms")
        out = io.StringIO()
        stats.stream = out
        stats.sort_stats("tottime").print_stats(15)
        body = out.getvalue()
        lines.append("  functions by their own time:")
        lines += ["    " + line for line in body[body.find("ncalls") :].splitlines() if line.strip()]
    return "\n".join(lines)


# --- the run -----------------------------------------------------------------------------


def cpu_ratio(trivial_result, submission_result) -> float:
    """CPU per trivial request over CPU per submission, every part of the stack counted: what the
    ratio of rates would be with nothing else running (the machine is shared: rates are noisy)."""
    return sum(trivial_result["cpu_ms"].values()) / sum(submission_result["cpu_ms"].values())


def report_run(number, trivial_result, submission_result) -> list[str]:
    ratio = submission_result["per_second"] / trivial_result["per_second"]
    load = trivial_result["load"]
    lines = [
        f"run {number}: load average before {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        f"  trivial view   {trivial_result['per_second']:8.1f}/s  p50 {trivial_result['p50_ms']:7.1f} ms  "
        f"p95 {trivial_result['p95_ms']:7.1f} ms  failed {trivial_result['failures']}",
        f"  submissions    {submission_result['per_second']:8.1f}/s  p50 {submission_result['p50_ms']:7.1f} ms  "
        f"p95 {submission_result['p95_ms']:7.1f} ms  failed {submission_result['failures']}  "
        f"({submission_result['count']} complete; queue drained {submission_result['drain_s']:.1f} s after)",
        f"  ratio          ×{ratio:.3f}   (by CPU used, as if alone on the machine:"
        f" ×{cpu_ratio(trivial_result, submission_result):.3f})",
        "  CPU ms per submission (form page + post + thank-you page, notifications sent): "
        + ", ".join(
            f"{part} {ms:.1f}" for part, ms in sorted(submission_result["cpu_ms"].items(), key=lambda item: -item[1])
        ),  # fmt: skip
        "  CPU ms per trivial request: "
        + ", ".join(
            f"{part} {ms:.2f}" for part, ms in sorted(trivial_result["cpu_ms"].items(), key=lambda item: -item[1])
        ),  # fmt: skip
    ]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="measured seconds of each scenario per run")
    parser.add_argument("--warmup", type=int, default=4, help="seconds of the same load first")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (threads)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile the gunicorn and task workers")
    parser.add_argument("--label", default="", help="added to the result file's name")
    args = parser.parse_args()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):  # stop the servers on the way out
        signal.signal(signum, lambda signum, frame: sys.exit(128 + signum))

    pdf_file, jpeg_file = scanned_pdf(FILE_BYTES), photo(FILE_BYTES)
    attachments = [("documents", "scan.pdf", pdf_file, "application/pdf"),
                   ("documents", "photo.jpg", jpeg_file, "image/jpeg")]  # fmt: skip
    profile_dir = Path(tempfile.mkdtemp(prefix="bench-profile-")) if args.profile else None
    stack = Stack(profile_dir)
    header = [
        f"full-stack submission benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPU cores"
        f"{' (PROFILED: rates are not the benchmark figures)' if args.profile else ''}",
        "nginx (TLS) -> 2 gunicorn instances x 2 sync workers (production settings, workers not recycled)"
        " -> PostgreSQL, Redis, S3 (weed); 2 task workers",
        f"{args.clients} concurrent clients (threads of this process, keep-alive TLS), {args.seconds} s per scenario"
        f" after {args.warmup} s of warm-up; attachments: PDF {len(pdf_file) // 1024} KB + JPEG"
        f" {len(jpeg_file) // 1024} KB",
    ]
    print("\n".join(header), flush=True)
    results = []
    counter = itertools.count(10_000 + uuid.uuid4().int % 1000 * 1000)
    try:
        stack.start()
        submit = submitter(attachments, counter)
        for number in range(1, args.runs + 1):
            trivial_result = measure(stack, "trivial", args.seconds, args.clients, trivial, args.warmup)
            submission_result = measure(stack, "submissions", args.seconds, args.clients, submit, args.warmup)
            results.append((trivial_result, submission_result))
            print("\n".join(report_run(number, trivial_result, submission_result)), flush=True)
            stack.run.records.clear()
    finally:
        stack.stop()

    lines = list(header)
    for number, (trivial_result, submission_result) in enumerate(results, start=1):
        lines += report_run(number, trivial_result, submission_result)
    ratios = [s["per_second"] / t["per_second"] for t, s in results]
    middle = sorted(range(len(results)), key=lambda index: ratios[index])[len(results) // 2]
    lines += [
        "",
        f"median of {len(results)} runs: trivial {statistics.median(t['per_second'] for t, _ in results):.1f}/s, "
        f"submissions {statistics.median(s['per_second'] for _, s in results):.1f}/s, "
        f"ratio ×{statistics.median(ratios):.3f} (runs: {', '.join(f'×{r:.3f}' for r in ratios)}); "
        f"by CPU ×{statistics.median(cpu_ratio(t, s) for t, s in results):.3f}; "
        f"median run's submission latency p50 {results[middle][1]['p50_ms']:.0f} ms, "
        f"p95 {results[middle][1]['p95_ms']:.0f} ms",
    ]
    if profile_dir:
        lines.append(
            profile_report(profile_dir, sum(s["count"] for _, s in results), sum(s["all_count"] for _, s in results))
        )
    text = "\n".join(lines) + "\n"
    print("\n".join(lines[len(header) + 6 * len(results) :]))
    name = f"full-stack-submission-{datetime.date.today():%Y-%m-%d}{'-' + args.label if args.label else ''}.txt"
    (ROOT / "bench" / "results" / name).write_text(text)
    print(f"written to bench/results/{name}")


if __name__ == "__main__":
    main()
