"""The checks of scripts/scale_test.py: what nginx lets through before the load, and after it the
report: every acknowledged submission stored once with its files intact, every notification sent,
what clients saw through the faults, the logs, the working tree and the throughput.
"""

import collections
import hashlib
import html
import random
import re
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_load import CANARY, Client, Sent, announced, answered_by, fill, parse_form, pdf  # noqa: E402
from scale_services import leaked_secrets  # noqa: E402

from core.log_paths import REDACTED  # noqa: E402

STAFF_ADDRESS = "requests@nakhlat-alataa.org.sa"  # the demo forms' staff_emails (forms/demo.py)
ADMINS_ADDRESS = "admins@example.org"  # DJANGO_ADMINS: where server errors are mailed
PLANTED_ORPHAN = "attachments/2026/01/planted-by-scale-test.pdf"
TASKS_TABLE = "django_tasks_database_dbtaskresult"  # django-tasks-db's DBTaskResult (app label django_tasks_database)


def nginx_limits(run, base, cert, http_port, link_token, status_page):
    """What nginx lets through: each answer as (what was sent, expected, answer, as expected)."""
    client = Client(run, base, cert)
    page = client.request("setup", "form", "GET", "/ar/help-request/")
    form = parse_form(page.text)
    page_id = re.search(r"/forms/(\d+)/send/", form.action).group(1)
    sent = Sent(0, "help", "ar")
    sent.files = [("documents", "large.pdf", pdf("large", 12 * 1024 * 1024), "application/pdf")]
    data, files = fill(form, sent, client.address)
    headers = {"Referer": base + "/ar/help-request/", "Origin": base}
    found = []

    def expect(what, wanted, answer, passed=None):
        found.append((what, wanted, answer, answer == wanted if passed is None else passed))

    # More than a file may be, less than a form may carry: the app's own translated refusal.
    response = client.request("setup", "limit", "POST", form.action, data=data, files=files, headers=headers)
    expect("a 12 MB file to a form", "the app (400)", answered_by(response))

    # Just under what the app takes on each way a file comes in (25 MB of files, 10 MB each, on
    # the forms' ways; 20 MB in the admin and the API's uploads): the app answers, not nginx.
    submission, documents = 25 * 1024 * 1024 - 200_000, 20 * 1024 * 1024 - 200_000
    thirds = [("documents", f"part-{n}.pdf", pdf(f"part-{n}", submission // 3 - 1000), "application/pdf")
              for n in range(3)]  # fmt: skip
    sent = Sent(next(run.submission_counter), "help", "ar")
    sent.files = thirds
    data, files = fill(parse_form(client.request("setup", "form", "GET", "/ar/help-request/").text), sent,
                       client.address)  # fmt: skip
    response = client.request("setup", "limit", "POST", form.action, data=data, files=files, headers=headers)
    answer = answered_by(response)
    if response is not None and response.status_code != 302:  # what the form said, for the report
        said = re.findall(r'class="(?:field__error|error-summary)[^"]*"[^>]*>(.*?)</', response.text, re.S)
        answer += " " + "; ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).strip()[:80] for text in said[:3])
    expect("24.8 MB of files to a form (stored)", "the app (302)", answer)
    if response is not None and response.status_code == 302:
        token = re.search(r"/thanks/([^/]+)/$", urlsplit(response.headers["Location"]).path)
        run.secrets += [token.group(1)] if token else []

    survey_token = f"{random.randrange(10**6)}-{uuid.uuid4().hex}"  # well formed, never sent: refused by the app
    run.secrets += [link_token, survey_token]
    upload = [("file", "policy.pdf", pdf("upload", documents), "application/pdf")]
    ways = [
        ("the headless API's submission", f"/api/v3/forms/{page_id}/submissions/", thirds, submission),
        ("the personal link's documents", f"{status_page}link/{link_token}/documents/", thirds, submission),
        ("the survey link's form", f"{status_page}survey/{survey_token}/", thirds, submission),
        ("the survey through the API", f"/api/v3/followup/surveys/{survey_token}/", thirds, submission),
        ("staff entering a request", f"/admin/inbox/new/{page_id}/", thirds, submission),
        ("the admin's documents", "/admin/documents/multiple/add/", upload, documents),
        ("an imported policy", "/admin/policies/import/", upload, documents),
        ("the API's documents", "/api/v3/documents/", upload, documents),
    ]
    for what, path, parts, limit in ways:
        payload = [(field, (name, content, ctype)) for field, name, content, ctype in parts]
        response = client.request("setup", "limit", "POST", path, data={"title": "scale"}, files=payload,
                                  headers=headers)  # fmt: skip
        size = sum(len(content) for _field, _name, content, _type in parts)
        answer = answered_by(response)
        expect(f"{size / 1024 / 1024:.1f} MB to {what}", "the app", answer, answer.startswith("the app"))
        # Past what nginx lets through (its limit is the app's and 1 MB): a clear refusal, at once.
        status, content_type = announced(base, cert, path, limit + 2 * 1024 * 1024)
        clear = "application/problem+json" if path.startswith("/api/") else "text/html"
        expect(f"{(limit + 2 * 1024 * 1024) / 1024 / 1024:.0f} MB announced to {what}", f"nginx (413, {clear})",
               f"nginx ({status}, {content_type.split(';')[0]})")  # fmt: skip
    response = client.request("setup", "limit", "POST", "/api/v3/pages/", data="x" * (2 * 1024 * 1024),
                              headers={"Content-Type": "application/json"})  # fmt: skip
    answer = answered_by(response)
    expect("2 MB of JSON to the API's writes", "the app", answer, answer.startswith("the app"))

    sent.files = [("documents", "huge.pdf", pdf("huge", 27 * 1024 * 1024), "application/pdf")]
    data, files = fill(form, sent, client.address)
    response = client.request("setup", "limit", "POST", form.action, data=data, files=files, headers=headers)
    expect("27 MB to a form", "nginx (413)", answered_by(response))
    response = client.request("setup", "limit", "POST", "/ar/search/", data={"q": "x" * 2 * 1024 * 1024})
    expect("2 MB to another page", "nginx (413)", answered_by(response))
    plain = requests.get(f"http://127.0.0.1:{http_port}/ar/", allow_redirects=False, timeout=10)
    expect("plain HTTP", 301, plain.status_code)
    return found


def notification_rows(postgres):
    with postgres.connect() as connection:
        return connection.execute(
            "SELECT n.id, n.channel, n.status, n.attempts, s.reference FROM forms_notification n "
            "JOIN forms_submission s ON s.id = n.submission_id"
        ).fetchall()


def orphan_keys(postgres, s3):
    with postgres.connect() as connection:
        known = {row[0] for row in connection.execute("SELECT file FROM forms_attachment")}
    return sorted(set(bucket_objects(s3)) - known)


def orphan_origin(s3, key, sweep_began, seen_before, logs):
    """One orphan the sweep left: when it was written against the sweep's start, whether it was an orphan
    already before the sweep, and which logs name it."""
    try:
        head = s3.client().head_object(Bucket="private", Key=key)
        written = f"written {head['LastModified'].timestamp() - sweep_began:+.0f} s from the sweep's start, "
        written += f"{head['ContentLength']} bytes"
    except Exception as error:  # noqa: BLE001 -- a report line, whatever the bucket answers
        written = f"HEAD failed ({type(error).__name__})"
    name = key.rsplit("/", 1)[-1]
    named_in = sorted(path.name for path in logs.glob("*.log") if name in path.read_text(errors="replace"))
    seen = "an orphan before the sweep" if seen_before else "not an orphan before the sweep"
    return f"{written}; {seen}; named in: {', '.join(named_in) or 'no log'}"


def bucket_objects(s3):
    client = s3.client()
    keys = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket="private", Prefix="attachments/"):
        keys += [item["Key"] for item in page.get("Contents", [])]
    return keys


def report(
    run, rates, postgres, s3, smtp, sms, recaptcha, watch, before, after, *, queue_after_run,
    queue_after_maintenance, notifications_after_run, messages_after_run, orphans_before, maintenance, sweep_began,
):  # fmt: skip
    rows = []  # (check, figure, passed)

    def check(name, figure, passed=True):
        rows.append((name, str(figure), passed))

    with postgres.connect() as connection:
        submissions = {
            row[0]: {"token": str(row[1]), "name": row[2]}
            for row in connection.execute("SELECT reference, idempotency_token, applicant_name FROM forms_submission")
        }
        attachments = collections.defaultdict(list)
        for reference, key, digest in connection.execute(
            "SELECT s.reference, a.file, a.sha256 FROM forms_attachment a "
            "JOIN forms_submission s ON s.id = a.submission_id"
        ):
            attachments[reference].append((key, digest))
        running = connection.execute(
            f"SELECT count(*) FROM {TASKS_TABLE} WHERE status = 'RUNNING'").fetchone()[0]  # noqa: S608  # fmt: skip

    # Submissions: acknowledged → stored, once, with their files intact in the bucket.
    acknowledged = run.acknowledged
    client = s3.client()
    in_bucket = {}
    for key in bucket_objects(s3):
        in_bucket[key] = hashlib.sha256(client.get_object(Bucket="private", Key=key)["Body"].read()).hexdigest()
    lost, mixed, bad_files, files_checked = [], [], [], 0
    for sent in acknowledged:
        stored = submissions.get(sent.reference)
        if stored is None:
            lost.append(sent.reference)
            continue
        if stored["token"] != sent.token or stored["name"] != sent.name:
            mixed.append(sent.reference)
        rows_here = attachments.get(sent.reference, [])
        if sorted(digest for _key, digest in rows_here) != sent.sha256s():
            bad_files.append(sent.reference)
        for key, digest in rows_here:
            files_checked += 1
            if in_bucket.get(key) != digest:
                bad_files.append(f"{sent.reference}:{key}")
    references = [sent.reference for sent in acknowledged]
    duplicated_acks = len(references) - len(set(references))
    tokens = collections.Counter(sent.token for sent in acknowledged)
    check("submissions acknowledged (redirect with a reference)", len(acknowledged), len(acknowledged) > 0)
    check("  found in the database", len(acknowledged) - len(lost), not lost)
    check("  lost", len(lost), not lost)
    check("  stored with another applicant's token or name", len(mixed), not mixed)
    check("  files intact (sha256 sent = recorded = in the bucket)", f"{files_checked} files, {len(bad_files)} bad",
          not bad_files)  # fmt: skip
    check("  stored in all (database)", len(submissions))
    check("duplicated references", duplicated_acks, duplicated_acks == 0)
    check("one token acknowledged under two references", sum(1 for c in tokens.values() if c > 1),
          all(c == 1 for c in tokens.values()))  # fmt: skip
    orphans_after = orphan_keys(postgres, s3)
    check("orphan files before the sweep (one planted by the test)", len(orphans_before),
          PLANTED_ORPHAN in orphans_before)  # fmt: skip
    check("orphan files after the sweep (forms_maintenance)", len(orphans_after), not orphans_after)
    check("  the sweep's own report", maintenance)
    for key in orphans_after[:5]:  # what a failure needs to be understood: the file's age, who wrote it
        check(f"    {key}", orphan_origin(s3, key, sweep_began, key in orphans_before, run.logs), False)

    # Notifications: every one owed was sent, or pending and sent by the maintenance run.
    rows_now = notification_rows(postgres)
    owed_missing = []
    for sent in acknowledged:
        channels = {channel for _id, channel, _status, _attempts, ref in rows_now if ref == sent.reference}
        wanted = {"staff_email", "applicant_sms"} | ({"applicant_email"} if "email" in sent.answers else set())
        if not wanted <= channels:
            owed_missing.append(sent.reference)
    delivered = collections.Counter()
    admin_mail = [message for message in smtp.messages if ADMINS_ADDRESS in message["to"]]
    for message in smtp.messages:
        if message in admin_mail:
            continue  # error mail to ADMINS: counted on its own below, not a notification
        channel = "staff_email" if STAFF_ADDRESS in message["to"] else "applicant_email"
        delivered[(channel, message["reference"])] += 1
    for message in sms.sent:
        found = re.search(r"\b[A-Z]{2,4}-\d{4}-\d{6}\b", message["text"])
        delivered[("applicant_sms", found.group(0) if found else "")] += 1
    status_after_run = collections.Counter(row[2] for row in notifications_after_run)
    status_now = collections.Counter(row[2] for row in rows_now)
    never_arrived = [(channel, ref) for _id, channel, status, _a, ref in rows_now
                     if status == "sent" and not delivered[(channel, ref)]]  # fmt: skip
    not_sent = [(channel, ref) for _id, channel, status, _a, ref in rows_now if status != "sent"]
    # A request may owe several messages on one channel (the demo's: a visit planned, then moved): a message is
    # sent twice when more arrive than its request has notifications on that channel.
    owed = collections.Counter((channel, ref) for _id, channel, _s, _a, ref in rows_now)
    twice = {key: count for key, count in delivered.items() if count > max(owed[key], 1)}
    unexplained = {key: count for key, count in twice.items() if key != run.held or count > max(owed[key], 1) + 1}
    known = {(channel, ref) for _id, channel, _s, _a, ref in rows_now}
    strays = [key for key in delivered if key not in known]
    check("notifications owed", len(rows_now), not owed_missing)
    check("  owed but never written (a submission without its rows)", len(owed_missing), not owed_missing)
    check("  sent during the run", status_after_run.get("sent", 0))
    check("  pending after the run", status_after_run.get("pending", 0))
    check("  sent after forms_maintenance", status_now.get("sent", 0), not not_sent)
    check("  lost (failed, still pending, or marked sent but never arrived)", len(not_sent) + len(never_arrived),
          not not_sent and not never_arrived)  # fmt: skip
    total = len(smtp.messages) + len(sms.sent)
    check("  messages sent (mail + SMS)", f"{messages_after_run} during the run, {total} in all")
    check("  sent twice, explained by the killed worker", sum(1 for key in twice if key not in unexplained))
    check("  sent twice, unexplained", len(unexplained), not unexplained)
    check("  messages for no notification", len(strays), not strays)
    # The deliberate 503s (bucket down) are logged, not mailed; any other server error would be.
    check("error mail to administrators", len(admin_mail), not admin_mail)
    check("task results left RUNNING by the killed worker", running, running <= 1)
    check("task queue after the run / after maintenance",
          f"{dict(queue_after_run)} / {dict(queue_after_maintenance)}")  # fmt: skip

    # What clients saw.
    s3_window = run.windows.get("s3", (0, 0))
    redis_window = run.windows.get("redis", (0, 0))
    errors, storage_503, bad_503 = [], 0, []
    for record in run.records:
        if record["phase"] == "setup":
            continue
        noted = record["note"].startswith(("unexpected", "redirect", "thank"))
        good = record["status"] in (200, 301, 302) and not noted
        if record["status"] == 503 and record["kind"] == "submit":
            # Sent while the bucket was down, or before and still waiting on it when it went.
            in_window = record["t0"] <= s3_window[1] + 2 and record["t1"] >= s3_window[0]
            if record["note"] == "storage 503: ok" and in_window:
                storage_503 += 1
                continue
            bad_503.append(record)
        if not good:
            errors.append(record)
    retried = [sent for sent in acknowledged if 503 in sent.outcomes]
    check("client requests", len([r for r in run.records if r["phase"] != "setup"]))
    check("client errors but the bucket's 503s", len(errors), not errors)
    for record in errors[:8]:
        check(f"    {record['method']} {record['path'][:40]} ({record['phase']})",
              f"{record['status'] or record['error']} {record['note']}", False)  # fmt: skip
    check("503s while the bucket was down (translated, answers kept)", storage_503, storage_503 > 0)
    check("  sent again from the kept page and acknowledged", len(retried))
    during_redis = [r for r in run.records if r["kind"] == "page" and redis_window[0] <= r["t0"] <= redis_window[1]]
    check("pages served while Redis was down", f"{sum(1 for r in during_redis if r['status'] == 200)} of "
          f"{len(during_redis)}", bool(during_redis) and all(r["status"] == 200 for r in during_redis))  # fmt: skip
    submitted_redis = [
        r for r in run.records if r["kind"] == "submit" and redis_window[0] <= r["t0"] <= redis_window[1]
    ]
    check("submissions taken while Redis was down", sum(1 for r in submitted_redis if r["status"] == 302))

    def median_page_seconds(start, end):
        times = sorted(r["t1"] - r["t0"] for r in run.records
                       if r["phase"] == "faults" and r["kind"] == "page" and start <= r["t0"] <= end)  # fmt: skip
        return f"{times[len(times) // 2]:.2f} s ({len(times) / max(end - start, 1):.1f} pages/s)" if times else "-"

    faults_began = min((r["t0"] for r in run.records if r["phase"] == "faults"), default=0)
    check("page time, median: before any fault", median_page_seconds(faults_began, faults_began + 5))
    check("  while Redis was down (no page cache)", median_page_seconds(*redis_window))
    check("  while the bucket was down", median_page_seconds(*s3_window))
    refused = [c for c in recaptcha.checked if not c[2]]
    check("reCAPTCHA checks naming the sender's own address", f"{len(recaptcha.checked) - len(refused)} of "
          f"{len(recaptcha.checked)}", not refused and bool(recaptcha.checked))  # fmt: skip

    for what, wanted, answer, passed in run.limits:
        check(f"nginx: {what}", f"{answer}" if passed else f"{answer} (expected {wanted})", passed)
    injected = [event for event in run.events if event.startswith(("kill -9", "Redis stopped", "S3 server stopped"))]
    check("faults injected (gunicorn, task worker, Redis, S3)", f"{len(injected)} of 4", len(injected) == 4)

    # Logs: no query string, no personal data.
    text = ""
    for path in sorted(run.logs.glob("*.log")):
        if path.name.startswith(("gunicorn", "worker", "nginx")):
            text += path.read_text(errors="replace")
    sample = acknowledged[:: max(1, len(acknowledged) // 150)]
    personal = [value for sent in sample for key, value in sent.answers.items()
                if key in ("full_name", "national_id", "mobile", "email") and value in text]  # fmt: skip
    check("query strings in gunicorn, worker and nginx logs", text.count(CANARY), CANARY not in text)
    check("personal data in those logs (sampled applicants)", len(personal), not personal)
    # Every token sent in a path (thank-you pages, the personal and survey links), and any token
    # route's path with its token written out (scripts/scale_services.py TOKEN_IN_PATH).
    leaked = leaked_secrets(run.logs, run.secrets)
    check("tokens in those logs (of the run's tokens; paths logged redacted)",
          f"{len(leaked)} (of {len(set(run.secrets))}; {text.count(REDACTED)} paths)", not leaked)  # fmt: skip
    for secret in leaked[:3]:
        check(f"    {secret[:60]}", "in a log", False)

    # The working tree.
    changed = sorted(path for path in set(before) | set(after) if before.get(path) != after.get(path))
    ours = [(path, pid) for path, pid, session in watch.writes if session in run.web_sessions or pid in run.web_pids]
    if watch.available and not watch.overflowed:
        check("files written under the working tree by web processes", len(ours), not ours)
        check("  (changed meanwhile by others, not counted)", len(changed))
        for path, pid in ours[:5]:
            check(f"    {path}", f"pid {pid}", False)
    else:
        check("files changed under the working tree during the run", len(changed), not changed)
        for path in changed[:5]:
            check(f"    {path}", "changed", False)

    # Throughput.
    health = rates["health"] or 1
    workers = 4  # two gunicorn instances of 2, on 2 cores shared with everything else here
    check("requests/s: trivial view (/healthz) through nginx", f"{rates['health']:.1f}")
    check(
        "requests/s: pages (the page cache warm)",
        f"{rates['pages']:.1f} (×{rates['pages'] / health:.2f}; {rates['pages'] / workers:.1f} per web worker)",
    )
    check("submissions/s (form, post, thank-you page)",
          f"{rates['submissions']:.1f} (×{rates['submissions'] / health:.3f}; "
          f"{rates['submissions'] / workers:.2f} per web worker)")  # fmt: skip
    check("faults", "; ".join(run.events) or "none")

    width = max(len(name) for name, _figure, _passed in rows)
    print("\n" + "=" * (width + 40))
    print(f"{'scale-out test':<{width}}  result")
    print("-" * (width + 40))
    for name, figure, passed in rows:
        print(f"{name:<{width}}  {figure}{'' if passed else '   <-- FAILED'}")
    print("=" * (width + 40))
    failed = [name for name, _figure, passed in rows if not passed]
    print("FAILED: " + "; ".join(n.strip() for n in failed) if failed else "All checks passed.", flush=True)
    return not failed
