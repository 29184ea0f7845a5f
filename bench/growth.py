"""What the benches that measure pages at two sizes of one database share (bench/inbox.py, bench/families.py):
the options, counting each page's queries in-process, the measurement of each page on both sizes in turn,
and the tables that compare them."""

import argparse
import json
import statistics

import psycopg
from common import django_script, get, measure

QUERY_COUNT = r"""
import json, os, statistics
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
args = json.loads(os.environ["BENCH_ARGS"])
from scripts.signin import sign_in
client = Client(HTTP_HOST="127.0.0.1")
sign_in(client, get_user_model().objects.get(username=args["staff"]))
out = {}
for label, path in args["pages"].items():
    runs = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (label, path, response.status_code)
        runs.append(queries.captured_queries)
    expected = args["expect"].get(label)
    assert expected is None or expected in response.content.decode(), (label, path, expected)
    context = getattr(response, "context_data", None) or {}  # TemplateResponse's context
    items = context.get("items_count")
    if getattr(context.get("paginator"), "more_than", None):  # counted up to a limit (inbox.counting)
        items = f">{context['paginator'].more_than}"
    page = {
        "counts": [len(run) for run in runs],
        "db_ms": statistics.median(sum(float(q["time"]) for q in run) * 1000 for run in runs),
        "items": items,
        "plans": [],
    }
    if args["explain"]:
        reads = [q for q in runs[-1] if q["sql"].lstrip().upper().startswith("SELECT")]
        for query in sorted(reads, key=lambda q: -float(q["time"]))[: args["explain"]]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            page["plans"].append({"ms": float(query["time"]) * 1000, "sql": query["sql"], "plan": plan})
    out[label] = page
print(json.dumps(out))
"""
TRIVIAL = "trivial view (/healthz)"


def arguments(description, noun, *, seconds, runs) -> argparse.ArgumentParser:
    """The options every growth bench takes; `noun` names what grows ("requests", "families")."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--seconds", type=int, default=seconds, help="measured seconds per page and run (after warm-up)"
    )
    parser.add_argument("--warmup", type=int, default=2, help="seconds of the same load before each measurement")
    parser.add_argument("--runs", type=int, default=runs, help="runs per page on each database (the median counts)")
    parser.add_argument("--connections", type=int, default=2, help="wrk connections (2: one per worker, no queue)")
    parser.add_argument(
        "--explain", type=int, nargs="?", const=3, default=0, metavar="N",
        help="print EXPLAIN ANALYZE of each page's N slowest reads at the larger size (3 when N is left out)",
    )  # fmt: skip
    parser.add_argument(
        "--sql", action="append", default=[], metavar="STATEMENT",
        help="SQL run on the bench database after migrating, e.g. an index to try (repeatable)",
    )  # fmt: skip
    parser.add_argument("--small", type=int, default=1_000, help=f"{noun} at the first measurement")
    parser.add_argument("--large", type=int, default=100_000, help=f"{noun} at the second measurement")
    return parser


def last_json(output: str):
    return json.loads(output.strip().splitlines()[-1])


def count_queries(env, staff, pages, expect, explain=0):
    """Each page three times in a row through Django's test client: its queries and their database time."""
    args = {"staff": staff, "pages": pages, "expect": expect, "explain": explain}
    return last_json(django_script({**env, "BENCH_ARGS": json.dumps(args)}, QUERY_COUNT))


def run_sql(env, statements):
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def vacuum_analyze(env, tables):
    """As autovacuum would leave the tables after a bulk load: statistics fresh, visibility map set."""
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        for table in tables:
            connection.execute(f"VACUUM (ANALYZE) {table}")


def check_signed_in(port, pages, cookie):
    """Every page answers 200 to the session (not a redirect to the sign-in page) before wrk runs."""
    for label, path in pages.items():
        response, _body = get(port, path, cookie)
        if response.status != 200:
            raise RuntimeError(f"{label} ({path}) answered {response.status} to the bench session")


def measure_both(servers, workdir, pages, cookie, args):
    """Each page on the smaller database, then at once on the larger, `args.runs` times over: whatever else
    loads the machine meanwhile weighs on both figures of a page alike. Per page: every run's figures."""
    scenarios = {TRIVIAL: {"path": "/healthz"}}
    scenarios.update({label: {"path": path, "cookie": cookie} for label, path in pages.items()})
    results = ({}, {})
    for _run in range(args.runs):
        for label, scenario in scenarios.items():
            for (port, server), into in zip(servers, results, strict=True):
                measured = measure(
                    port, workdir, server, {label: scenario}, seconds=args.seconds, connections=args.connections,
                    warmup=args.warmup, timeout=10,
                )  # fmt: skip
                into.setdefault(label, []).append(measured[label])
    return results


def median_of(runs, key):
    return statistics.median(run[key] for run in runs)


def size_table(lines, title, results, counted):
    yardstick = median_of(results[TRIVIAL], "per_second")
    lines.append(title)
    lines.append(
        f"  {'page':38} {'ok':>6} {'bad':>4} {'req/s':>7} {'p50 ms (runs)':>20} {'p95 ms':>7}"
        f" {'vs trivial':>10} {'CPU ms':>7} {'queries':>11} {'db ms':>6} {'listed':>7}"
    )
    for label, runs in results.items():
        page = counted.get(label)
        queries = ", ".join(map(str, page["counts"])) if page else "0"
        db_ms = f"{page['db_ms']:.1f}" if page else "-"
        items = page["items"] if page and page["items"] is not None else "-"
        p50s = "/".join(f"{run['p50_ms']:.1f}" for run in runs)
        bad = sum(run["bad_status"] + run["socket_errors"] for run in runs)
        lines.append(
            f"  {label:38} {sum(run['ok'] for run in runs):>6} {bad:>4} {median_of(runs, 'per_second'):>7.1f}"
            f" {p50s:>20} {median_of(runs, 'p95_ms'):>7.1f} {median_of(runs, 'per_second') / yardstick:>10.3f}"
            f" {median_of(runs, 'cpu_ms'):>7.1f} {queries:>11} {db_ms:>6} {items!s:>7}"
        )
    lines.append("")


def comparison_table(lines, noun, sizes, small, large, limit) -> list:
    """The larger size against the smaller, page by page: a page passes within `limit` times the time (the
    median p50 of the runs) with the same number of queries. Returns the pages that did not pass."""
    (small_results, small_counted), (large_results, large_counted) = small, large
    lines.append(
        f"{sizes[1]:,} against {sizes[0]:,} {noun} (median p50 of the runs within {limit}x passes;"
        " queries: the third request)"
    )
    lines.append(
        f"  {'page':38} {'p50 small':>9} {'p50 large':>9} {'p50 x':>6} {'p95 x':>6} {'queries':>9}"
        f" {'equal':>5} {'db ms':>11} {f'within {limit}x':>11}"
    )
    failed = []
    for label, small_runs in small_results.items():
        large_runs = large_results[label]
        small_p50, large_p50 = median_of(small_runs, "p50_ms"), median_of(large_runs, "p50_ms")
        p50 = large_p50 / small_p50
        p95 = median_of(large_runs, "p95_ms") / median_of(small_runs, "p95_ms")
        if label in small_counted:
            small_queries, large_queries = small_counted[label]["counts"][-1], large_counted[label]["counts"][-1]
            db = f"{small_counted[label]['db_ms']:.1f}/{large_counted[label]['db_ms']:.1f}"
        else:
            small_queries = large_queries = 0
            db = "-"
        equal = small_queries == large_queries
        within = p50 <= limit
        if label != TRIVIAL and not (within and equal):  # the yardstick only shows the machine's own noise
            failed.append(label)
        lines.append(
            f"  {label:38} {small_p50:>9.1f} {large_p50:>9.1f} {p50:>6.2f} {p95:>6.2f}"
            f" {f'{small_queries}/{large_queries}':>9} {'yes' if equal else 'NO':>5} {db:>11}"
            f" {'yes' if within else 'NO':>11}"
        )
    lines.append("")
    lines.append(
        f"every page within {limit}x with equal queries"
        if not failed
        else f"NOT within {limit}x or not equal: {failed}"
    )
    return failed


def explained(lines, noun, size, counted):
    lines.append("")
    lines.append(f"slowest reads per page at {size:,} {noun}, EXPLAIN (ANALYZE, BUFFERS):")
    for label, page in counted.items():
        for plan in page["plans"]:
            lines.append(f"\n--- {label}: {plan['ms']:.1f} ms\n{plan['sql']}\n{plan['plan']}")
