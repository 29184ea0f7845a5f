"""Requests per second of the headless API under gunicorn (2 workers) with PostgreSQL.

    .venv/bin/python bench/api.py [--seconds 10] [--connections 8]

Like bench/submissions.py (and with bench/common.py): a database of its own,
the demo seeded, gunicorn on 127.0.0.1 with production's database and cache
settings, wrk as the load. Measured in the same run, each as a ratio of a
trivial Django JSON view (the ceiling on this machine):
  - a form's schema (GET /api/v3/forms/<id>/, the English help request);
  - the service list and a service's detail (Wagtail's page API);
  - a JSON submission of the satisfaction survey through the API;
  - the same survey through the site's HTML form (multipart, CSRF), for comparison;
then the queries per request, three in a row, in-process.
"""

import argparse
import json
import os
import subprocess

from common import bench_database, django_script, gunicorn, manage, measure, require_wrk  # bench/common.py
from submissions import SURVEY, multipart, open_form  # bench/submissions.py

IDS = r"""
import json
from forms.models import FormPage
from services.models import ServicePage
print(json.dumps({
    "help_en": FormPage.objects.get(slug="help-request", locale__language_code="en").pk,
    "survey_en": FormPage.objects.get(slug="satisfaction-survey", locale__language_code="en").pk,
    "service_en": ServicePage.objects.filter(locale__language_code="en").order_by("pk").first().pk,
}))
"""

QUERY_COUNT = r"""
import json
import uuid
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
ids = json.loads(IDS_JSON)
client = Client(HTTP_HOST="127.0.0.1")
cases = [
    ("form schema", "get", f"/api/v3/forms/{ids['help_en']}/", None),
    ("service list", "get", "/api/v3/pages/?type=services.ServicePage&locale=en", None),
    ("service detail", "get", f"/api/v3/pages/{ids['service_en']}/", None),
    ("JSON submission", "post", f"/api/v3/forms/{ids['survey_en']}/submissions/", "json"),
]
for label, method, path, body in cases:
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            if body:
                payload = json.dumps({"overall": 5, "speed": 4, "staff": 5, "comments": uuid.uuid4().hex})
                response = client.post(path, payload, content_type="application/json")
            else:
                response = client.get(path)
        assert response.status_code in (200, 201), (path, response.status_code, response.content[:300])
        counts.append(len(queries))
    print(f"  {label:18} {', '.join(map(str, counts))}")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per scenario (after 3 s of warm-up)")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    require_wrk()

    with bench_database("bench_api") as (env, workdir, cache):
        env = {**env, "DJANGO_SETTINGS_MODULE": "bench.api_settings"}
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        ids = json.loads(django_script(env, IDS).strip().splitlines()[-1])
        counted = django_script(env, f"IDS_JSON = {json.dumps(json.dumps(ids))}\n" + QUERY_COUNT)
        try:
            results = run_load(env, workdir, ids, args)
        except subprocess.TimeoutExpired as slow:
            # gunicorn was slow to stop on a busy machine: the figures stand; stop it for good.
            print(f"(gunicorn took long to stop: {slow}; stopped with SIGKILL)")
            RUN["server"].kill()
            results = RUN["results"]
    report(results, cache, args, counted)


RUN = {}  # the last run's gunicorn and figures, for when stopping it times out


def run_load(env, workdir, ids, args):
    with gunicorn(env, workers=2) as (port, server):
        RUN["server"] = server
        cookie, csrf, action = open_form(port, "/en/satisfaction-survey/")
        html_body = multipart({**SURVEY, "csrfmiddlewaretoken": csrf})
        # wrk puts a fresh token where the body is split: here, into a free-text answer.
        json_body = ("application/json", b'{"overall": 5, "speed": 4, "staff": 5, "comments": "', b'"}')
        scenarios = {
            "trivial JSON view": {"path": "/bench/json"},
            "form schema": {"path": f"/api/v3/forms/{ids['help_en']}/"},
            "service list": {"path": "/api/v3/pages/?type=services.ServicePage&locale=en"},
            "service detail": {"path": f"/api/v3/pages/{ids['service_en']}/"},
            "JSON submission (API)": {"method": "POST", "path": f"/api/v3/forms/{ids['survey_en']}/submissions/",
                                      "body": json_body},
            "HTML form submission": {"method": "POST", "path": action, "cookie": cookie, "body": html_body},
        }  # fmt: skip
        RUN["results"] = measure(port, workdir, server, scenarios, seconds=args.seconds, connections=args.connections)
        return RUN["results"]


def report(results, cache, args, counted):
    ceiling = results["trivial JSON view"]["per_second"]
    print(
        f"gunicorn 2 sync workers, PostgreSQL (persistent connections), cache: {cache}, "
        f"wrk with {args.connections} connections for {args.seconds} s a scenario, {os.cpu_count()} CPU cores"
    )
    print(f"{'scenario':24} {'ok':>6} {'bad':>4} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs ceiling':>10}")
    for label, result in results.items():
        print(
            f"{label:24} {result['ok']:>6} {result['bad_status'] + result['socket_errors']:>4} "
            f"{result['per_second']:>8.1f} {result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} "
            f"{result['per_second'] / ceiling:>10.3f}"
        )
    api, html = results["JSON submission (API)"]["per_second"], results["HTML form submission"]["per_second"]
    print(f"\nJSON submission / HTML form submission: {api / html:.2f}")
    print("\nqueries per request, three in a row (in-process, same database):")
    print(counted.rstrip())


if __name__ == "__main__":
    main()
