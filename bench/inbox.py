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

import datetime
import json
import os
import time
from urllib.parse import quote, urlencode

import growth
from common import bench_database, database_copy, django_script, gunicorn, manage, require_wrk, save_report

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
    return growth.count_queries(env, STAFF, pages, expect, explain)


def main():
    parser = growth.arguments(__doc__.splitlines()[0], "requests", seconds=10, runs=1)
    args = parser.parse_args()
    require_wrk()

    started = time.monotonic()
    load_at_start = os.getloadavg()
    lines = []
    with bench_database("bench_inbox") as (env, workdir, cache):
        manage(env, "migrate", "--no-input")
        growth.run_sql(env, args.sql)
        manage(env, "seed_demo")
        setup_args = {"count": args.small, "staff": STAFF}
        sample = growth.last_json(django_script({**env, "BENCH_ARGS": json.dumps(setup_args)}, SETUP))
        growth.vacuum_analyze(env, TABLES)
        pages = pages_for(sample)
        with database_copy(env, "large") as large_env:
            grow_args = {"count": args.large - args.small, "seed": 2027, "batch": 10_000}
            grown = growth.last_json(django_script({**large_env, "BENCH_ARGS": json.dumps(grow_args)}, GROW))
            vacuum_started = time.monotonic()
            growth.vacuum_analyze(large_env, TABLES)
            vacuum_seconds = time.monotonic() - vacuum_started
            counted = (
                count_queries(env, sample, pages),
                count_queries(large_env, sample, pages, explain=args.explain),
            )
            with gunicorn(env, workers=2) as small_server, gunicorn(large_env, workers=2) as large_server:
                for port, _server in (small_server, large_server):
                    growth.check_signed_in(port, pages, sample["cookie"])
                results = growth.measure_both((small_server, large_server), workdir, pages, sample["cookie"], args)
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
    growth.size_table(lines, f"{args.small:,} requests", *small)
    growth.size_table(lines, f"{args.large:,} requests", *large)
    failed = growth.comparison_table(lines, "requests", (args.small, args.large), small, large, LIMIT)
    if args.explain:
        growth.explained(lines, "requests", args.large, large[1])
    lines.append("")
    save_report(lines, "inbox", started=started, load_at_start=load_at_start)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
