"""Public pages under gunicorn (2 sync workers), each as a ratio of a trivial Django view.

    .venv/bin/python bench/pages.py [--seconds 6] [--connections 4] [--postgresql] [--connection-per-request]
                                      [--only cold|warm]

Seeds the demo into a database of its own and starts gunicorn on 127.0.0.1
with development's settings (DEBUG on, local memory cache, SQLite in a
throw-away folder, connections kept as production keeps them:
bench/pages_settings.py), or with --postgresql the bench
profile (production's database and cache settings on PostgreSQL, Redis when
it answers: bench/pages_pg_settings.py). wrk is the load. Measured in the same
run, each page as a ratio of a trivial Django JSON view (the ceiling on this
machine): good responses a second, p50/p99 latency, the gunicorn workers' CPU
per response, and the database queries of one request after a warm-up one
(in-process, same database and settings). The machine being shared, the
ceiling is measured again right before each page, and each page's ratio is to
that measurement (the ceiling's own row shows the median of them).

Each page is measured twice in one run: cold, with the page cache
(core/page_cache.py) off, so that every request renders its page; and warm,
with it on, where every request after the first is served from the cache.
--only cold or --only warm measures one of them. Only loopback addresses are
used; the run stops by itself.
"""

import argparse
import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from common import WRK_SCRIPT, bench_database, django_script, gunicorn, manage, measure, require_wrk  # bench/common.py

# Label and path of each public page; {service} and the like are filled in from the seeded demo.
PAGES = [
    ("home (ar)", "/ar/"),
    ("home (en)", "/en/"),
    ("service catalog", "/ar/services/"),
    ("service page", "{service}"),
    ("policy index", "/ar/policies/"),
    ("policy page", "{policy}"),
    ("governance index", "/ar/governance/"),
    ("governance: board", "/ar/governance/board/"),
    ("governance: assembly", "/ar/governance/general-assembly/"),
    ("governance: statements", "/ar/governance/financial-statements/"),
    ("governance: executive", "/en/governance/executive-management/"),
    ("standard page", "/ar/about/"),
    ("track-request lookup", "/ar/track-request/"),
    ("search results", "/ar/search/?q=%D8%AE%D8%AF%D9%85%D8%A9"),
    ("form page (GET)", "/ar/help-request/"),
]

URLS = r"""
import json
from policies.models import PolicyPage
from services.models import ServicePage
first = lambda model: model.objects.live().filter(locale__language_code="ar").order_by("path").first().url
print(json.dumps({"service": first(ServicePage), "policy": first(PolicyPage)}))
"""

# One warm-up request (per-process caches fill on first use), then the counted one.
QUERY_COUNT = r"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for label, path in json.loads(PAGES_JSON):
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    counts[label] = len(queries)
print(json.dumps(counts))
"""


@contextlib.contextmanager
def sqlite_database():
    """A throw-away folder holding a SQLite database, and development's settings pointing at it."""
    workdir = Path(tempfile.mkdtemp(prefix="bench_pages-"))
    (workdir / "bench.lua").write_text(WRK_SCRIPT)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.pages_settings",
           "BENCH_SQLITE_PATH": str(workdir / "db.sqlite3")}  # fmt: skip
    try:
        yield env, workdir, "local memory"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=6, help="measured seconds per page and per ceiling run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--postgresql", action="store_true", help="the bench profile on PostgreSQL, not dev's")
    parser.add_argument("--connection-per-request", action="store_true",
                        help="SQLite: a new database connection for each request (development's default)")  # fmt: skip
    parser.add_argument("--only", choices=MODES, help="measure one of cold (page cache off) and warm (on)")
    args = parser.parse_args()
    require_wrk()

    database = bench_database("bench_pages") if args.postgresql else sqlite_database()
    with database as (env, workdir, cache):
        if args.postgresql:
            env = {**env, "DJANGO_SETTINGS_MODULE": "bench.pages_pg_settings"}
        if args.connection_per_request:
            env["BENCH_CONN_MAX_AGE"] = "0"
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        ids = json.loads(django_script(env, URLS).strip().splitlines()[-1])
        pages = [(label, path.format(**ids)) for label, path in PAGES]
        code = f"PAGES_JSON = {json.dumps(json.dumps(pages))}\n" + QUERY_COUNT
        runs = {}
        for mode in [args.only] if args.only else MODES:
            mode_env = {**env, "PAGE_CACHE_ENABLED": "1" if mode == "warm" else "0"}
            queries = json.loads(django_script(mode_env, code).strip().splitlines()[-1])
            with gunicorn(mode_env, workers=2) as (port, server):
                results = {}
                # The machine is shared: each page is measured right after the ceiling it is compared with.
                for label, path in pages:
                    pair = {CEILING: {"path": "/bench/json"}, label: {"path": path}}
                    measured = measure(port, workdir, server, pair, seconds=args.seconds,
                                       connections=args.connections, warmup=2)  # fmt: skip
                    measured[label]["ceiling"] = measured[CEILING]["per_second"]
                    results.setdefault(CEILING, []).append(measured[CEILING])
                    results[label] = measured[label]
            runs[mode] = (results, queries)
    report(runs, cache, args)


CEILING = "trivial JSON view"
MODES = ("cold", "warm")


def report(runs, cache, args):
    if args.postgresql:
        profile = "bench profile, PostgreSQL (persistent connections)"
    else:
        connections = "a connection per request" if args.connection_per_request else "persistent connections"
        profile = f"development, SQLite, {connections}"
    print(
        f"gunicorn 2 sync workers, {profile}, cache: {cache}, "
        f"wrk with {args.connections} connections for {args.seconds} s a page, {os.cpu_count()} CPU cores"
    )
    rows = {}
    for mode, (results, queries) in runs.items():
        ceilings = results.pop(CEILING)
        middle = sorted(ceilings, key=lambda result: result["per_second"])[len(ceilings) // 2]
        for label, result in {CEILING: {**middle, "ceiling": middle["per_second"]}, **results}.items():
            rows.setdefault(label, {})[mode] = (result, queries.get(label, 0))
    header = f"{'page':24}"
    for mode in runs:
        header += f" | {mode + ' req/s':>11} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'queries':>7} {'bad':>4}"
    print(header)
    for label, by_mode in rows.items():
        line = f"{label:24}"
        for mode in runs:
            result, queries = by_mode[mode]
            line += (
                f" | {result['per_second']:>11.1f} {result['per_second'] / result['ceiling']:>6.3f}"
                f" {result['p50_ms']:>7.1f} {result['p99_ms']:>7.1f} {queries:>7}"
                f" {result['bad_status'] + result['socket_errors']:>4}"
            )
        print(line)


if __name__ == "__main__":
    main()
