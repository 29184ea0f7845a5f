"""One association among a hundred on one deployment (issue 28), under gunicorn with PostgreSQL.

    .venv/bin/python bench/associations.py [--associations 100] [--requests 1000] [--seconds 5] [--runs 3]
                                           [--database-prefix bench_associations]

Makes its own database on the PostgreSQL server named by TEST_POSTGRES_URL (as bench/inbox.py does): the
demo's association with 1,000 fake requests (inbox.demo) and a signed-in staff member of its "Beneficiary
relations" group. That is the smaller deployment; a copy of it grows to 100 associations of 1,000 requests
each: one brought up by hosting.creation.create_association (the template), the others bulk copies of its
rows (bench/association_copies.py), each filled by create_fake_requests(site=...). Hosts are
a2.localhost ... a100.localhost (the demo's is 127.0.0.1). Then, median of --runs runs:

  a) the demo association's inbox listing, a search by family name, one by reference and a request's page,
     as its staff member, on the smaller and the larger deployment in turn (bench/growth.py): within 1.5x
     (p50) with the same number of queries;
  b) warm public home pages (page cache on), both languages: of one association (a2.localhost), and of all
     of them in turn (each by its Host header), each as a ratio to the trivial JSON view measured right
     before it: the ratio for all within 25 % of the ratio for one;
  c) the resident memory of a gunicorn worker (one sync worker, page cache off so that every page is
     rendered, and on) after a warm-up on one association, then after every association's home page in
     both languages: it grows by at most 50 MB.

The report is printed and saved to bench/results/associations-<date>.txt; the exit status is 1 when a target
is missed. Only loopback addresses are used; the run stops by itself (about 15 minutes on 2 cores).
"""

import datetime
import http.client
import json
import os
import statistics
import subprocess
import time
from pathlib import Path

import growth
from common import bench_database, database_copy, django_script, gunicorn, manage, require_wrk, save_report

import inbox as inbox_bench  # bench/inbox.py: its set-up and pages

MEASURED = ["listing", "search: family name", "search: reference", "request's page"]
TABLES = ["forms_submission", "inbox_case", "inbox_caseevent", "wagtailcore_page", "wagtailcore_site"]
INBOX_LIMIT = 1.5  # the larger deployment's p50 at most this many times the smaller's
PAGES_LIMIT = 0.25  # all sites' ratio to the trivial view within this fraction of one site's
MEMORY_LIMIT_MB = 50

# The template by create_association, the other associations as its copies, then every one's requests.
GROW = r"""
import json, os, sys, time
sys.path.insert(0, os.path.join(os.getcwd(), "bench"))
from association_copies import copy_association
from django.db import connection
from hosting.creation import create_association
from inbox.demo import create_fake_requests
from wagtail.models import Site
args = json.loads(os.environ["BENCH_ARGS"])
timings = {}
started = time.monotonic()
template = create_association(args["hosts"][0], "جمعية الاختبار", "Test association", "a2@example.invalid").site
timings["template"] = time.monotonic() - started
started = time.monotonic()
copied = copy_association(template, args["hosts"][1:], [f"Q{n:03d}" for n in range(3, len(args["hosts"]) + 2)])
timings["copies"] = time.monotonic() - started
started = time.monotonic()
made = 0
for seed, site in enumerate(Site.objects.filter(hostname__in=args["hosts"]).order_by("pk")):
    made += create_fake_requests(args["requests"], seed=3000 + seed, batch=args["requests"], site=site)
timings["requests"] = time.monotonic() - started
print(json.dumps({"timings": timings, "rows": copied["rows"], "tables": copied["tables"], "made": made}))
"""

# Every association's home page in both languages renders, with its own name: the copies are real sites.
CHECK = r"""
import json, os
from django.test import Client
args = json.loads(os.environ["BENCH_ARGS"])
wrong = []
for host, path in args["targets"]:
    response = Client(HTTP_HOST=host).get(path)
    if response.status_code != 200:
        wrong.append([host, path, response.status_code])
print(json.dumps(wrong))
"""

# wrk sends each request to the next (host, path) of the list, in turn.
TARGETS_SCRIPT = r"""
local targets, next_one = {}, 0
function init(args)
  for line in io.lines(os.getenv("BENCH_TARGETS")) do
    local host, path = line:match("^(%S+) (%S+)$")
    targets[#targets + 1] = {host, path}
  end
end
function request()
  next_one = next_one % #targets + 1
  return wrk.format("GET", targets[next_one][2], {["Host"] = targets[next_one][1]})
end
function done(summary, latency, requests)
  local errors = summary.errors
  local file = assert(io.open(os.getenv("BENCH_RESULT"), "w"))
  file:write(string.format(
    '{"requests": %d, "bad_status": %d, "socket_errors": %d, "seconds": %f, "p50_ms": %f, "p99_ms": %f}',
    summary.requests, errors.status, errors.connect + errors.read + errors.write + errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
  file:close()
end
"""


def homes(hosts):
    return [(host, path) for host in hosts for path in ("/ar/", "/en/")]


def wrk_targets(port, workdir, targets, *, seconds, connections):
    """wrk over `targets` ((host, path) pairs) in turn: its figures plus good responses a second."""
    (workdir / "targets.lua").write_text(TARGETS_SCRIPT)
    (workdir / "targets.txt").write_text("".join(f"{host} {path}\n" for host, path in targets))
    env = {**os.environ, "BENCH_TARGETS": str(workdir / "targets.txt"), "BENCH_RESULT": str(workdir / "result.json")}
    command = ["wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{seconds}s",
               "--timeout", "5s", "--script", str(workdir / "targets.lua"), f"http://127.0.0.1:{port}/"]  # fmt: skip
    subprocess.run(command, env=env, check=True, capture_output=True)
    result = json.loads((workdir / "result.json").read_text())
    result["ok"] = result["requests"] - result["bad_status"]
    result["per_second"] = result["ok"] / result["seconds"]
    return result


def measure_pages(env, workdir, one, every, args):
    """b) per run: the trivial view, then one association's homes; the trivial view, then every one's."""
    trivial = [("127.0.0.1", "/bench/json")]
    runs = {"one": [], "all": []}
    with gunicorn({**env, "PAGE_CACHE_ENABLED": "1"}, workers=2) as (port, _server):
        for _run in range(args.runs):
            for label, targets in (("one", one), ("all", every)):
                load = {"seconds": args.seconds, "connections": 4}
                wrk_targets(port, workdir, trivial, seconds=args.warmup, connections=4)
                yardstick = wrk_targets(port, workdir, trivial, **load)
                wrk_targets(port, workdir, targets, seconds=args.warmup, connections=4)
                pages = wrk_targets(port, workdir, targets, **load)
                runs[label].append({**pages, "trivial": yardstick["per_second"],
                                    "ratio": pages["per_second"] / yardstick["per_second"]})  # fmt: skip
    return runs


def worker_rss_mb(master_pid: int) -> float:
    """The resident memory of gunicorn's one worker (the master's child), from /proc."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields["PPid"].strip()) == master_pid:
            return int(fields["VmRSS"].split()[0]) / 1024
    raise RuntimeError("no gunicorn worker found")


def measure_memory(env, one, every, cache_on: bool) -> dict:
    """c) one worker: its RSS after a warm-up on one association (each of its homes 50 times), after every
    association's homes once, and after them a second time."""
    with gunicorn({**env, "PAGE_CACHE_ENABLED": "1" if cache_on else "0"}, workers=1) as (port, server):

        def visit(targets):
            for host, path in targets:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", path, headers={"Host": host})
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    raise RuntimeError(f"{host}{path} answered {response.status}")

        visit(one * 50)
        warm = worker_rss_mb(server.pid)
        visit(every)
        after_once = worker_rss_mb(server.pid)
        visit(every)
        after_twice = worker_rss_mb(server.pid)
    return {"warm": warm, "once": after_once, "twice": after_twice, "growth": after_twice - warm}


def main():
    parser = growth.arguments(__doc__.splitlines()[0], "requests", seconds=5, runs=3)
    parser.add_argument("--associations", type=int, default=100, help="associations on the larger deployment")
    parser.add_argument("--requests", type=int, default=1_000, help="requests per association")
    parser.add_argument("--database-prefix", default="bench_associations", help="the bench database's name starts so")
    args = parser.parse_args()
    require_wrk()
    started = time.monotonic()
    load_at_start = os.getloadavg()
    hosts = [f"a{n}.localhost" for n in range(2, args.associations + 1)]
    every = homes(["127.0.0.1", *hosts])
    one = homes(hosts[:1])
    with bench_database(args.database_prefix) as (env, workdir, cache):
        env = {**env, "DJANGO_SETTINGS_MODULE": "bench.associations_settings"}
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        setup_args = {"count": args.requests, "staff": inbox_bench.STAFF}
        sample = growth.last_json(django_script({**env, "BENCH_ARGS": json.dumps(setup_args)}, inbox_bench.SETUP))
        growth.vacuum_analyze(env, TABLES)
        pages = {label: path for label, path in inbox_bench.pages_for(sample).items() if label in MEASURED}
        with database_copy(env, "large") as large_env:
            grow_args = {"hosts": hosts, "requests": args.requests}
            grown = growth.last_json(django_script({**large_env, "BENCH_ARGS": json.dumps(grow_args)}, GROW))
            growth.vacuum_analyze(large_env, TABLES)
            wrong = growth.last_json(django_script({**large_env, "BENCH_ARGS": json.dumps({"targets": every})}, CHECK))
            if wrong:
                raise RuntimeError(f"home pages not served: {wrong[:5]}")
            expect = {"search: reference": sample["reference"], "request's page": sample["reference"]}
            counted = (
                growth.count_queries(env, inbox_bench.STAFF, pages, expect),
                growth.count_queries(large_env, inbox_bench.STAFF, pages, expect, args.explain),
            )
            with gunicorn(env, workers=2) as small_server, gunicorn(large_env, workers=2) as large_server:
                for port, _server in (small_server, large_server):
                    growth.check_signed_in(port, pages, sample["cookie"])
                results = growth.measure_both((small_server, large_server), workdir, pages, sample["cookie"], args)
            page_runs = measure_pages(large_env, workdir, one, every, args)
            memory = {
                label: measure_memory(large_env, one, every, cache_on)
                for label, cache_on in (("cold", False), ("warm", True))
            }

    lines = [
        f"bench/associations.py, {datetime.datetime.now():%Y-%m-%d %H:%M}: gunicorn sync workers, PostgreSQL"
        f" (persistent connections), cache: {cache}, {os.cpu_count()} CPU cores shared with other work"
        " (figures are medians; the machine is noisy)",
        f"smaller deployment: the demo's association with {args.requests:,} requests; larger: a copy grown to"
        f" {args.associations} associations of {args.requests:,} requests ({args.associations * args.requests:,})",
        f"  the template by create_association in {grown['timings']['template']:.0f} s;"
        f" {len(hosts) - 1} copies ({grown['rows']:,} rows in {grown['tables']} tables) in"
        f" {grown['timings']['copies']:.1f} s; {grown['made']:,} requests in {grown['timings']['requests']:.0f} s",
        "",
        "a) the demo association's inbox as its staff member "
        f"({inbox_bench.STAFF!r}; wrk, 2 workers, {args.connections} connections, {args.seconds} s a page"
        f" after {args.warmup} s, {args.runs} runs)",
    ]
    for label, path in pages.items():
        lines.append(f"  {label:34} {path}")
    lines.append("")
    small, large = (results[0], counted[0]), (results[1], counted[1])
    growth.size_table(lines, f"1 association, {args.requests:,} requests", *small)
    total = args.associations * args.requests
    growth.size_table(lines, f"{args.associations} associations, {total:,} requests", *large)
    failed = growth.comparison_table(
        lines, "requests", (args.requests, args.associations * args.requests), small, large, INBOX_LIMIT
    )
    if args.explain:
        growth.explained(lines, "requests", args.associations * args.requests, large[1])

    lines.append("")
    lines.append(
        f"b) warm home pages (page cache on), both languages, 2 workers, wrk with 4 connections, {args.seconds} s"
        " each after the trivial view's own measurement"
    )
    lines.append(
        f"  {'homes':34} {'req/s':>8} {'trivial':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'bad':>4}  runs"
    )
    ratios = {}
    for label, runs in page_runs.items():
        ratios[label] = statistics.median(run["ratio"] for run in runs)
        title = "one association (a2.localhost)" if label == "one" else f"all {args.associations} in turn"
        lines.append(
            f"  {title:34} {growth.median_of(runs, 'per_second'):>8.1f} {growth.median_of(runs, 'trivial'):>8.1f}"
            f" {ratios[label]:>6.3f} {growth.median_of(runs, 'p50_ms'):>7.1f} {growth.median_of(runs, 'p99_ms'):>7.1f}"
            f" {sum(run['bad_status'] + run['socket_errors'] for run in runs):>4}"
            f"  {'/'.join(format(run['ratio'], '.3f') for run in runs)}"
        )
    pages_drop = 1 - ratios["all"] / ratios["one"]
    lines.append(
        f"  all against one: {ratios['all'] / ratios['one']:.3f}"
        f" (within {PAGES_LIMIT:.0%}: {'yes' if pages_drop <= PAGES_LIMIT else 'NO'})"
    )
    if pages_drop > PAGES_LIMIT:
        failed.append("warm home pages")

    lines.append("")
    lines.append(
        "c) one gunicorn worker's resident memory (MB): after 50 requests to each of a2.localhost's homes, after"
        f" every association's homes ({len(every)} pages) once, and twice"
    )
    for label, figures in memory.items():
        title = "page cache off (every page rendered)" if label == "cold" else "page cache on"
        within = figures["growth"] <= MEMORY_LIMIT_MB
        lines.append(
            f"  {title:38} {figures['warm']:>7.1f} {figures['once']:>7.1f} {figures['twice']:>7.1f}"
            f"  growth {figures['growth']:>5.1f} (at most {MEMORY_LIMIT_MB}: {'yes' if within else 'NO'})"
        )
        if not within:
            failed.append(f"memory ({label})")
    lines.append("")
    lines.append("every target met" if not failed else f"NOT met: {failed}")
    save_report(lines, "associations", started=started, load_at_start=load_at_start)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
