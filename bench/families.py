"""The family files with 1,000 and with 100,000 families, under gunicorn (2 workers) with PostgreSQL.

    .venv/bin/python bench/families.py [--seconds 10] [--connections 2] [--explain [N]] [--sql STATEMENT]

Makes its own database on the PostgreSQL server named by TEST_POSTGRES_URL
(default postgresql://postgres@127.0.0.1:5432/postgres), seeds the demo (its
families with history: beneficiaries.demo) and fake families up to 1,000
(beneficiaries.fake_families: four household members each on average, three
deliveries, topped up in SQL to ten a family), signs in a staff member of
"Beneficiary relations", then copies that database and grows the copy to
100,000 families, 400,000 members and 1,000,000 deliveries (VACUUM ANALYZE
after each load). It starts gunicorn on 127.0.0.1 for each database, with
production's database and cache settings (bench/common.py,
website/settings/bench.py), and measures with wrk, each page on the smaller
database and at once on the larger, three runs each (the median is compared):
  - the trivial view (/healthz), as the yardstick for this machine;
  - the files listing, and the search by a household member's ID (typed in
    Western and in Arabic-Indic digits);
  - the family's page of the demo's returning applicant (beneficiaries.demo);
  - the page of her latest request, with the family's summary.
Queries per page are counted in-process through Django's test Client
(CaptureQueriesContext, three requests in a row) on both databases.
--explain prints EXPLAIN ANALYZE of each page's slowest reads at 100,000;
--sql runs a statement (an index to try) after migrating. The report is
printed and saved to bench/results/families-<date>.txt; the exit status is 1
when a page's median p50 is more than 2x at 100,000 or its queries differ.
Only loopback addresses are used.
"""

import datetime
import json
import os
import time
from urllib.parse import quote

import growth
import psycopg
from common import ROOT, bench_database, database_copy, django_script, gunicorn, manage, require_wrk

LIMIT = 2  # the families pages may take twice the time at 100,000, with the same queries
STAFF = "bench-relations"
TABLES = [
    "beneficiaries_beneficiaryfile",
    "beneficiaries_householdmember",
    "beneficiaries_delivery",
    "beneficiaries_income",
    "beneficiaries_expense",
    "beneficiaries_beneficiaryfile_groups",
]

# Fake families up to the size asked, a staff member of "Beneficiary relations" and a signed-in session
# (scripts.signin.sign_in, as bench/inbox.py makes it). The pages measured are those of the demo's returning
# applicant: her file, the search by her son's ID, her latest request.
SETUP = r"""
import json, os
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from beneficiaries.demo import RETURNING_APPLICANT_ID
from beneficiaries.fake_families import create_fake_families
from beneficiaries.models import BeneficiaryFile, FileRequest
from scripts.signin import sign_in
args = json.loads(os.environ["BENCH_ARGS"])
create_fake_families(args["count"] - BeneficiaryFile.objects.count(), deliveries=args["deliveries"])
user = get_user_model().objects.create_user(args["staff"], f"{args['staff']}@example.invalid",
                                            first_name="Bench", last_name="Relations")
user.groups.add(Group.objects.get(name="Beneficiary relations"))
client = Client(HTTP_HOST="127.0.0.1")
sign_in(client, user)
family = BeneficiaryFile.objects.get(head_id=RETURNING_APPLICANT_ID)
member = family.members.exclude(id_number="").order_by("pk").first()
link = FileRequest.objects.filter(file=family).select_related("case__submission").order_by("-linked_at").first()
print(json.dumps({
    "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
    "file": family.pk, "head_name": family.head_name, "member_id": member.id_number, "case": link.case_id,
    "reference": link.case.submission.reference,
}))
"""

GROW = r"""
import json, os, time
from beneficiaries.fake_families import create_fake_families
from beneficiaries.models import BeneficiaryFile
args = json.loads(os.environ["BENCH_ARGS"])
started = time.monotonic()
made = create_fake_families(args["count"] - BeneficiaryFile.objects.count(), seed=args["seed"],
                            batch=args["batch"], deliveries=args["deliveries"])
print(json.dumps({"made": made, "seconds": time.monotonic() - started}))
"""

# Each page three times in a row through the test Client, every query captured (as bench/inbox.py counts).


def pages_for(sample) -> dict:
    arabic_id = sample["member_id"].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    return {
        "files listing": "/admin/beneficiaries/",
        "search: member's ID": "/admin/beneficiaries/?q=" + sample["member_id"],
        "search: member's ID (Arabic digits)": "/admin/beneficiaries/?q=" + quote(arabic_id),
        "family's page": f"/admin/beneficiaries/inspect/{sample['file']}/",
        "request's page with the family": f"/admin/inbox/{sample['case']}/",
    }


def count_queries(env, sample, pages, explain=0):
    expect = {  # what the page must show for its figures to mean anything
        "search: member's ID": sample["head_name"],
        "search: member's ID (Arabic digits)": sample["head_name"],
        "family's page": sample["reference"],
        "request's page with the family": sample["head_name"],
    }
    return growth.count_queries(env, STAFF, pages, expect, explain)


def top_up_deliveries(env, target, after_file=0) -> int:
    """Bring the deliveries to `target` in SQL (generate_series): copies of fake families' own deliveries
    (files after `after_file`), a month apart, on the same file. The demo families are left as they are."""
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        have = connection.execute("SELECT count(*) FROM beneficiaries_delivery").fetchone()[0]
        sources = connection.execute(
            "SELECT count(*) FROM beneficiaries_delivery d JOIN beneficiaries_beneficiaryfile f ON f.id = d.file_id"
            " WHERE f.head_id >= '11' AND f.head_id < '2' AND d.file_id > %s",
            [after_file],
        ).fetchone()[0]
        missing = target - have
        if missing <= 0 or not sources:
            return 0
        columns = [
            row[0]
            for row in connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'beneficiaries_delivery'"
                " AND column_name <> 'id' ORDER BY ordinal_position"
            )
        ]
        computed = {"delivered_on": "d.delivered_on - 30 * n", "delivered_on_hijri": "''"}
        select = ", ".join(computed.get(column, f"d.{column}") for column in columns)
        rounds = -(-missing // sources)
        connection.execute(
            f"INSERT INTO beneficiaries_delivery ({', '.join(columns)})"  # noqa: S608 - the table's own columns
            f" SELECT {select} FROM beneficiaries_delivery d JOIN beneficiaries_beneficiaryfile f ON f.id = d.file_id"
            " CROSS JOIN generate_series(1, %s) n WHERE f.head_id >= '11' AND f.head_id < '2' AND d.file_id > %s"
            " ORDER BY n, d.id LIMIT %s",
            [rounds, after_file, missing],
        )
        return missing


def counts(env) -> dict:
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        return {
            name: connection.execute(f"SELECT count(*) FROM beneficiaries_{name}").fetchone()[0]  # noqa: S608
            for name in ("beneficiaryfile", "householdmember", "delivery")
        }


def max_file(env) -> int:
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        return connection.execute("SELECT max(id) FROM beneficiaries_beneficiaryfile").fetchone()[0]


def main():
    parser = growth.arguments(__doc__.splitlines()[0], "families", seconds=8, runs=3)
    parser.add_argument("--deliveries", type=int, default=10, help="deliveries per family (topped up in SQL)")
    args = parser.parse_args()
    require_wrk()

    started = time.monotonic()
    load = os.getloadavg()
    lines = []
    with bench_database("bench_families") as (env, workdir, cache):
        manage(env, "migrate", "--no-input")
        growth.run_sql(env, args.sql)
        manage(env, "seed_demo")
        setup_args = {"count": args.small, "staff": STAFF, "deliveries": 3}
        sample = growth.last_json(django_script({**env, "BENCH_ARGS": json.dumps(setup_args)}, SETUP))
        top_up_deliveries(env, args.small * args.deliveries)
        growth.vacuum_analyze(env, TABLES)
        small_counts = counts(env)
        pages = pages_for(sample)
        small_top = max_file(env)
        with database_copy(env, "large") as large_env:
            grow_args = {"count": args.large, "seed": 2027, "batch": 5_000, "deliveries": 3}
            grown = growth.last_json(django_script({**large_env, "BENCH_ARGS": json.dumps(grow_args)}, GROW))
            sql_started = time.monotonic()
            topped = top_up_deliveries(large_env, args.large * args.deliveries, after_file=small_top)
            growth.vacuum_analyze(large_env, TABLES)
            sql_seconds = time.monotonic() - sql_started
            large_counts = counts(large_env)
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
        f"bench/families.py, {datetime.datetime.now():%Y-%m-%d %H:%M}: gunicorn 2 sync workers, PostgreSQL"
        f" (persistent connections), cache: {cache}, wrk with {args.connections} connections for"
        f" {args.seconds} s a page after {args.warmup} s of warm-up, {args.runs} runs, {os.cpu_count()} CPU cores;"
        f" load average at the start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (a shared machine)"
    )
    lines.append(
        f"signed in as {STAFF!r} (Beneficiary relations) with a session made by scripts.signin.sign_in;"
        f" the family is the demo's returning applicant (file {sample['file']}), searched by her son's ID"
        f" {sample['member_id']}; the request is {sample['reference']}"
    )
    for title, sizes in (("smaller", small_counts), ("larger", large_counts)):
        lines.append(
            f"the {title} database: {sizes['beneficiaryfile']:,} families, {sizes['householdmember']:,} members,"
            f" {sizes['delivery']:,} deliveries"
        )
    lines.append(
        f"the larger is a copy of the smaller grown by {grown['made']:,} families in {grown['seconds']:.0f} s"
        f" (bulk inserts), {topped:,} deliveries in SQL and VACUUM (ANALYZE) in {sql_seconds:.0f} s;"
        " each page is measured on one, then on the other"
    )
    for statement in args.sql:
        lines.append(f"with, after migrating: {statement}")
    lines.append("columns: CPU ms = gunicorn workers' CPU per response; queries = three requests in a row")
    lines.append("(in-process test Client); db ms = their database time (median); listed = files in the listing")
    lines.append("")
    for label, path in pages.items():
        lines.append(f"  {label:38} {path}")
    lines.append("")
    growth.size_table(lines, f"{small_counts['beneficiaryfile']:,} families", *small)
    growth.size_table(lines, f"{large_counts['beneficiaryfile']:,} families", *large)
    failed = growth.comparison_table(lines, "families", (args.small, args.large), small, large, LIMIT)
    if args.explain:
        growth.explained(lines, "families", args.large, large[1])
    lines.append("")
    lines.append(f"whole run: {time.monotonic() - started:.0f} s")
    report = "\n".join(lines)
    print(report)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    saved = results_dir / f"families-{datetime.date.today():%Y-%m-%d}.txt"
    saved.write_text(report + "\n")
    print(f"saved to {saved.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
