"""How long the minutes of a 40-request session take to make.

    .venv/bin/python bench/minutes.py [--requests 40] [--runs 5]

Makes its own PostgreSQL database on the server named by TEST_POSTGRES_URL (bench/common.py: default
postgresql://postgres@127.0.0.1:5432/postgres), migrates it, and builds in it with the apps' factories an
association, 40 help requests sent through its form and taken to the committee, and a session of five members
(four present) that decides them all (accepted with deliveries, rejected with a reason, deferred; one in five by
a split vote with a dissenting note and a member standing aside). It closes the session (every decision applied
in one transaction: timed once), then times, median of --runs runs:
  - building the minutes' data from the closed session (committee.minutes_making.build_minutes);
  - drawing the Arabic PDF with WeasyPrint (committee.minutes.render_pdf);
  - the whole minutes task as the worker runs it (make_minutes: the data, the drawing, the private storage, the
    row), the row set back to "being made" between runs;
  - the English rendering drawn on demand (english_pdf).
The report is printed and saved to bench/results/minutes-<date>.txt. Nothing is served: no port is opened.
"""

import argparse
import datetime
import json
import os
import statistics

from common import ROOT, bench_database, django_script, manage

BUILD_AND_TIME = r"""
import json, os, statistics, time
from wagtail.models import Site
from committee import closing, minutes_making
from committee.factories import SessionFactory, decide
from committee.minutes import render_pdf
from committee.models import MinutesStatus, Outcome, SessionMinutes
from forms.factories import FormPageFactory
from forms.kinds import FormKind
from home.factories import SiteFactory
from inbox.factories import CaseFactory
from organisation.factories import UserFactory

args = json.loads(os.environ["BENCH_ARGS"])
Site.objects.all().delete()  # the migrations' placeholder site: the association replaces it
site = SiteFactory(hostname="localhost", is_default_site=True)
form = FormPageFactory(kind=FormKind.HELP_REQUEST, site=site)
staff = {"relations": UserFactory(role="relations"), "researcher": UserFactory(role="researcher"),
         "committee": UserFactory(role="committee")}
started = time.monotonic()
cases = [CaseFactory(status="committee", form_page=form, staff=staff) for _ in range(args["requests"])]
built = time.monotonic() - started
members = [UserFactory(role="committee") for _ in range(5)]
session = SessionFactory(site=site, cases=cases, members=members, present=4, status="open")
for index, item in enumerate(session.items.order_by("position")):
    outcome = [Outcome.ACCEPT, Outcome.ACCEPT, Outcome.REJECT, Outcome.DEFER][index % 4]
    split = {}
    if index % 5 == 0:
        item.standing_aside.set([members[0]])
        split = {"unanimous": False, "votes_for": 2, "votes_against": 1,
                 "dissent": "يرى العضو الاكتفاء بثلاثة أشهر حتى تُستكمل الدراسة"}
    decide(item, outcome, reason_text="دخل الأسرة يتجاوز حد الاستحقاق المعتمد" if outcome == Outcome.REJECT else "",
           **split)
secretary = UserFactory(role="secretary")
started = time.monotonic()
closing.close_session(session.pk, user=secretary, expected_version=session.version)
closing_seconds = time.monotonic() - started
session.refresh_from_db()

data_times, render_times, task_times, english_times, sizes = [], [], [], [], []
for _run in range(args["runs"]):
    started = time.monotonic()
    minutes = minutes_making.build_minutes(session, "ar")
    data_times.append(time.monotonic() - started)
    started = time.monotonic()
    pdf = render_pdf(minutes, "ar")
    render_times.append(time.monotonic() - started)
    SessionMinutes.objects.filter(session=session).update(status=MinutesStatus.PENDING)
    started = time.monotonic()
    assert minutes_making.make_minutes(session.pk) == "made"
    task_times.append(time.monotonic() - started)
    started = time.monotonic()
    minutes_making.english_pdf(session)
    english_times.append(time.monotonic() - started)
    sizes.append(len(pdf))
from pypdf import PdfReader
import io
pages = len(PdfReader(io.BytesIO(pdf)).pages)
print(json.dumps({
    "requests": len(cases), "decisions": len(minutes.decisions), "pages": pages, "bytes": statistics.median(sizes),
    "building_seconds": built, "closing_seconds": closing_seconds,
    "data": data_times, "render": render_times, "task": task_times, "english": english_times,
}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with bench_database("bench_minutes") as (env, _workdir, _cache):
        manage(env, "migrate", "--no-input")
        env = {**env, "BENCH_ARGS": json.dumps({"requests": options.requests, "runs": options.runs})}
        result = json.loads(django_script(env, BUILD_AND_TIME).strip().splitlines()[-1])
    report = render(result, options)
    print(report)
    path = ROOT / "bench" / "results" / f"minutes-{datetime.date.today():%Y-%m-%d}.txt"
    path.write_text(report + "\n")
    print(f"saved to {path.relative_to(ROOT)}")


def render(result, options) -> str:
    def row(label, seconds):
        return (f"  {label:<44} median {statistics.median(seconds) * 1000:8.0f} ms"
                f"   (min {min(seconds) * 1000:.0f}, max {max(seconds) * 1000:.0f})")  # fmt: skip

    return "\n".join([
        f"Minutes of a {result['requests']}-request committee session ({datetime.date.today():%Y-%m-%d}), "
        f"PostgreSQL, {options.runs} runs on {os.cpu_count()} cores",
        f"  the PDF: {result['decisions']} decisions, {result['pages']} pages, {result['bytes'] / 1024:.0f} KiB",
        f"  closing the session (40 decisions applied in one transaction): {result['closing_seconds']:.2f} s (once)",
        row("building the data from the closed session", result["data"]),
        row("drawing the Arabic PDF (WeasyPrint)", result["render"]),
        row("the whole minutes task (data, PDF, storage)", result["task"]),
        row("the English rendering on demand", result["english"]),
        f"  (setting up: {result['requests']} requests sent and taken to the committee in "
        f"{result['building_seconds']:.0f} s)",
    ])  # fmt: skip


if __name__ == "__main__":
    main()
