"""The staff inbox with 1,000 and with 100,000 requests, under gunicorn (2 workers) with PostgreSQL.

    .venv/bin/python bench/inbox.py [--seconds 10] [--connections 2] [--explain [N]] [--sql STATEMENT]

Makes its own database on the PostgreSQL server named by TEST_POSTGRES_URL
(default postgresql://postgres@127.0.0.1:5432/postgres), seeds the demo and
1,000 fake requests (inbox.demo), signs in a staff member of the
"Beneficiary relations" group, then copies that database and grows the copy
to 100,000 requests (VACUUM ANALYZE after each load). It starts gunicorn on
127.0.0.1 for each database, with production's database and cache settings
(bench/common.py, website/settings/bench.py), and measures with wrk, each
page on the smaller inbox and at once on the larger one:
  - the trivial view (/healthz), as the yardstick for this machine;
  - the listing, two filtered listings, searches by family name, by given and
    family name, by mobile (typed in Arabic-Indic digits) and by reference,
    and one request's page.
Queries per page are counted in-process through Django's test Client
(CaptureQueriesContext, three requests in a row) on both databases.
--explain prints EXPLAIN ANALYZE of each page's slowest reads at 100,000;
--sql runs a statement (an index to try) after migrating. The report is
printed and saved to bench/results/inbox-<date>.txt; the exit status is 1 when
a page is more than 1.5x slower at 100,000 or its queries differ. Only loopback
addresses are used; the run stops by itself (about 7 minutes).
"""

import argparse
import datetime
import json
import os
import time
from urllib.parse import quote, urlencode

import psycopg
from common import ROOT, bench_database, database_copy, django_script, get, gunicorn, manage, measure, require_wrk

STAFF = "bench-relations"
FAMILY_NAME = "الشمري"  # one of inbox.demo.FAMILY: about one request in eighteen has it
FULL_NAME = "محمد الشمري"  # a given name and that family name: about one request in 170
TABLES = ["forms_submission", "inbox_case", "inbox_caseevent"]
# The limit: a page at the larger size takes at most this many times its time at the smaller (p50),
# leaving room for what the family file and many associations add to every page.
LIMIT = 1.5

# Fake requests, a staff member of "Beneficiary relations" and a signed-in session.
# The session is made by scripts.signin.sign_in (the test Client's force_login, and
# the second step passed with a TOTP device, as staff_security requires) against
# the bench database (a real row in django_session, as a sign-in makes; the
# password step is left out because django-axes wants a request for it). The request shown on
# the detail page is a help request of the first thousand with the longest timeline.
SETUP = r"""
import json, os
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count
from django.test import Client
from forms.kinds import FormKind
from inbox.demo import create_fake_requests
from inbox.models import Case
from scripts.signin import sign_in
args = json.loads(os.environ["BENCH_ARGS"])
create_fake_requests(args["count"])
user = get_user_model().objects.create_user(args["staff"], f"{args['staff']}@example.invalid",
                                            first_name="Bench", last_name="Relations")
user.groups.add(Group.objects.get(name="Beneficiary relations"))
client = Client(HTTP_HOST="127.0.0.1")
sign_in(client, user)
case = (
    Case.objects.filter(submission__kind=FormKind.HELP_REQUEST).select_related("submission")
    .annotate(events_count=Count("events")).order_by("-events_count", "pk").first()
)
print(json.dumps({
    "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
    "pk": case.pk, "reference": case.submission.reference, "mobile": case.submission.applicant_mobile,
    "events": case.events_count,
}))
"""

GROW = r"""
import json, os, time
from inbox.demo import create_fake_requests
args = json.loads(os.environ["BENCH_ARGS"])
started = time.monotonic()
made = create_fake_requests(args["count"], seed=args["seed"], batch=args["batch"])
print(json.dumps({"made": made, "seconds": time.monotonic() - started}))
"""

# Each page three times in a row through the test Client, every query captured.
# The last line printed is JSON: per page the counts, the database time, the
# number of requests the listing holds, and (with explain) the plans of its
# slowest reads.
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


def last_json(output: str):
    return json.loads(output.strip().splitlines()[-1])


def pages_for(sample) -> dict:
    """Every page measured, by label: the path as a browser asks for it (query strings URL-encoded)."""
    local_mobile = "0" + sample["mobile"].removeprefix("+966")
    arabic_mobile = local_mobile.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    return {
        "listing": "/admin/inbox/",
        "filter: verification, overdue": "/admin/inbox/?" + urlencode({"status": "verification", "overdue": "true"}),
        "filter: unassigned help requests": "/admin/inbox/?"
        + urlencode({"assignee": "unassigned", "kind": "help_request"}),
        "search: family name": "/admin/inbox/?q=" + quote(FAMILY_NAME),
        "search: given and family name": "/admin/inbox/?q=" + quote(FULL_NAME),
        "search: mobile (Arabic digits)": "/admin/inbox/?q=" + quote(arabic_mobile),
        "search: reference": "/admin/inbox/?q=" + quote(sample["reference"]),
        "request's page": f"/admin/inbox/{sample['pk']}/",
    }


def count_queries(env, sample, pages, explain=0):
    expect = {  # what the page must show for its figures to mean anything
        "search: mobile (Arabic digits)": sample["reference"],
        "search: reference": sample["reference"],
        "request's page": sample["reference"],
    }
    args = {"staff": STAFF, "pages": pages, "expect": expect, "explain": explain}
    return last_json(django_script({**env, "BENCH_ARGS": json.dumps(args)}, QUERY_COUNT))


def run_sql(env, statements):
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def vacuum_analyze(env):
    """As autovacuum would leave the tables after a bulk load: statistics fresh, visibility map set."""
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        for table in TABLES:
            connection.execute(f"VACUUM (ANALYZE) {table}")


def check_signed_in(port, pages, cookie):
    """Every page answers 200 to the session (not a redirect to the sign-in page) before wrk runs."""
    for label, path in pages.items():
        response, _body = get(port, path, cookie)
        if response.status != 200:
            raise RuntimeError(f"{label} ({path}) answered {response.status} to the bench session")


def measure_both(servers, workdir, pages, cookie, args):
    """Each page on the smaller inbox, then at once on the larger: whatever else loads the
    machine meanwhile weighs on both figures of a page alike."""
    scenarios = {"trivial view (/healthz)": {"path": "/healthz"}}
    scenarios.update({label: {"path": path, "cookie": cookie} for label, path in pages.items()})
    results = ({}, {})
    for label, scenario in scenarios.items():
        for (port, server), into in zip(servers, results, strict=True):
            into.update(
                measure(port, workdir, server, {label: scenario}, seconds=args.seconds,
                        connections=args.connections, warmup=args.warmup, timeout=10)
            )  # fmt: skip
    return results


def size_table(lines, title, results, counted):
    yardstick = results["trivial view (/healthz)"]["per_second"]
    lines.append(title)
    lines.append(
        f"  {'page':34} {'ok':>6} {'bad':>4} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'vs trivial':>10}"
        f" {'CPU ms':>7} {'queries':>11} {'db ms':>6} {'listed':>7}"
    )
    for label, result in results.items():
        page = counted.get(label)
        queries = ", ".join(map(str, page["counts"])) if page else "0"
        db_ms = f"{page['db_ms']:.1f}" if page else "-"
        items = page["items"] if page and page["items"] is not None else "-"
        lines.append(
            f"  {label:34} {result['ok']:>6} {result['bad_status'] + result['socket_errors']:>4}"
            f" {result['per_second']:>7.1f} {result['p50_ms']:>7.1f} {result['p95_ms']:>7.1f}"
            f" {result['per_second'] / yardstick:>10.3f} {result['cpu_ms']:>7.1f} {queries:>11} {db_ms:>6} {items!s:>7}"
        )
    lines.append("")


def comparison_table(lines, sizes, small, large):
    (small_results, small_counted), (large_results, large_counted) = small, large
    lines.append(f"{sizes[1]:,} against {sizes[0]:,} requests (p50 within {LIMIT}x passes; queries: the third request)")
    lines.append(
        f"  {'page':34} {'p50 small':>9} {'p50 large':>9} {'p50 x':>6} {'p95 x':>6} {'queries':>9}"
        f" {'equal':>5} {'db ms':>11} {f'within {LIMIT}x':>11}"
    )
    failed = []
    for label, small_result in small_results.items():
        large_result = large_results[label]
        p50 = large_result["p50_ms"] / small_result["p50_ms"]
        p95 = large_result["p95_ms"] / small_result["p95_ms"]
        if label in small_counted:
            small_queries, large_queries = small_counted[label]["counts"][-1], large_counted[label]["counts"][-1]
            db = f"{small_counted[label]['db_ms']:.1f}/{large_counted[label]['db_ms']:.1f}"
        else:
            small_queries = large_queries = 0
            db = "-"
        equal = small_queries == large_queries
        within = p50 <= LIMIT
        if not (within and equal):
            failed.append(label)
        lines.append(
            f"  {label:34} {small_result['p50_ms']:>9.1f} {large_result['p50_ms']:>9.1f} {p50:>6.2f} {p95:>6.2f}"
            f" {f'{small_queries}/{large_queries}':>9} {'yes' if equal else 'NO':>5} {db:>11}"
            f" {'yes' if within else 'NO':>11}"
        )
    lines.append("")
    lines.append(
        f"every page within {LIMIT}x with equal queries"
        if not failed
        else f"NOT within {LIMIT}x or not equal: {failed}"
    )
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per page (after the warm-up)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of the same load before each measurement")
    parser.add_argument("--connections", type=int, default=2, help="wrk connections (2: one per worker, no queue)")
    parser.add_argument(
        "--explain", type=int, nargs="?", const=3, default=0, metavar="N",
        help="print EXPLAIN ANALYZE of each page's N slowest reads at the larger size (3 when N is left out)",
    )  # fmt: skip
    parser.add_argument(
        "--sql", action="append", default=[], metavar="STATEMENT",
        help="SQL run on the bench database after migrating, e.g. an index to try (repeatable)",
    )  # fmt: skip
    parser.add_argument("--small", type=int, default=1_000, help="requests at the first measurement")
    parser.add_argument("--large", type=int, default=100_000, help="requests at the second measurement")
    args = parser.parse_args()
    require_wrk()

    started = time.monotonic()
    load_at_start = os.getloadavg()
    lines = []
    with bench_database("bench_inbox") as (env, workdir, cache):
        manage(env, "migrate", "--no-input")
        run_sql(env, args.sql)
        manage(env, "seed_demo")
        setup_args = {"count": args.small, "staff": STAFF}
        sample = last_json(django_script({**env, "BENCH_ARGS": json.dumps(setup_args)}, SETUP))
        vacuum_analyze(env)
        pages = pages_for(sample)
        with database_copy(env, "large") as large_env:
            grow_args = {"count": args.large - args.small, "seed": 2027, "batch": 10_000}
            grown = last_json(django_script({**large_env, "BENCH_ARGS": json.dumps(grow_args)}, GROW))
            vacuum_started = time.monotonic()
            vacuum_analyze(large_env)
            vacuum_seconds = time.monotonic() - vacuum_started
            counted = (
                count_queries(env, sample, pages),
                count_queries(large_env, sample, pages, explain=args.explain),
            )
            with gunicorn(env, workers=2) as small_server, gunicorn(large_env, workers=2) as large_server:
                for port, _server in (small_server, large_server):
                    check_signed_in(port, pages, sample["cookie"])
                results = measure_both((small_server, large_server), workdir, pages, sample["cookie"], args)
    small, large = (results[0], counted[0]), (results[1], counted[1])

    lines.append(
        f"bench/inbox.py, {datetime.datetime.now():%Y-%m-%d %H:%M}: gunicorn 2 sync workers, PostgreSQL"
        f" (persistent connections), cache: {cache}, wrk with {args.connections} connections for"
        f" {args.seconds} s a page after {args.warmup} s of warm-up, {os.cpu_count()} CPU cores"
    )
    lines.append(
        f"signed in as {STAFF!r} (Beneficiary relations) with a session made by scripts.signin.sign_in;"
        f" the request's page is {sample['reference']} (pk {sample['pk']}, {sample['events']} timeline entries)"
    )
    lines.append(
        f"the larger inbox is a copy of the smaller grown by {grown['made']:,} requests in {grown['seconds']:.0f} s,"
        f" then VACUUM (ANALYZE) in {vacuum_seconds:.0f} s; each page is measured on one, then on the other"
    )
    for statement in args.sql:
        lines.append(f"with, after migrating: {statement}")
    lines.append("columns: CPU ms = gunicorn workers' CPU per response; queries = three requests in a row")
    lines.append("(in-process test Client); db ms = their database time (median); listed = requests in the listing")
    lines.append("(>N: more than N, the listing's count limit, inbox.counting)")
    lines.append("")
    for label, path in pages.items():
        lines.append(f"  {label:34} {path}")
    lines.append("")
    size_table(lines, f"{args.small:,} requests", *small)
    size_table(lines, f"{args.large:,} requests", *large)
    failed = comparison_table(lines, (args.small, args.large), small, large)
    if args.explain:
        lines.append("")
        lines.append(f"slowest reads per page at {args.large:,} requests, EXPLAIN (ANALYZE, BUFFERS):")
        for label, page in large[1].items():
            for plan in page["plans"]:
                lines.append(f"\n--- {label}: {plan['ms']:.1f} ms\n{plan['sql']}\n{plan['plan']}")
    lines.append("")
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
    saved = results_dir / f"inbox-{datetime.date.today():%Y-%m-%d}.txt"
    saved.write_text(report + "\n")
    print(f"saved to {saved.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
