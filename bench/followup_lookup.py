"""Does a wrong mobile for a real reference take as long as a reference that does not exist?

    .venv/bin/python bench/followup_lookup.py [--rounds 3000] [--requests 1000]

Makes its own PostgreSQL database (bench/common.py), seeds the demo and
N fake requests (inbox.demo), then, in one Django process on that database,
times three kinds of lookup, interleaved in random order so drift in the
machine falls on all of them alike:
  right    the request's reference and its own mobile (shown: for scale only)
  wrong    a real reference with another mobile
  unknown  a reference no request has, with a valid mobile
each at two depths: `followup.status.find` alone (the database work the
answer depends on), and the whole page (Django's test Client: middleware,
rate limit, template). The rate limits are lifted for the run. It prints the
median and 90th percentile of each, the wrong-minus-unknown difference of the
medians with a 95% bootstrap interval, and the same for two random halves of
the unknown lookups (what noise alone gives), and saves the report to
bench/results/followup-lookup-<date>.txt. Loopback only; a few minutes.
"""

import argparse
import datetime
import json

from common import ROOT, bench_database, django_script, manage

CODE = r"""
import json, random, statistics, time
from django.test import Client, override_settings
from forms.models import Submission
from followup import status

rounds = ROUNDS
rows = list(Submission.objects.exclude(kind="survey").exclude(anonymous=True).exclude(applicant_mobile="")
            .values_list("reference", "applicant_mobile")[:200])
known_refs = {reference for reference, _mobile in rows}
random.seed(7)
def unknown_reference():
    while True:
        candidate = f"HR-2026-{random.randint(900000, 999999):06d}"
        if candidate not in known_refs:
            return candidate
def other_mobile(mobile):
    return "+9665" + ("%08d" % ((int(mobile[-8:]) + 1) % 10**8))

client = Client(HTTP_HOST="localhost")
samples = {(depth, kind): [] for depth in ("find", "page") for kind in ("right", "wrong", "unknown")}
with override_settings(FOLLOWUP_LOOKUPS_PER_ADDRESS=10**9, FOLLOWUP_LOOKUPS_PER_REFERENCE=10**9):
    plan = [(depth, kind) for depth in ("find", "page") for kind in ("right", "wrong", "unknown")] * rounds
    random.shuffle(plan)
    for depth, kind in plan[:300]:  # warm up
        reference, mobile = random.choice(rows)
        status.find(reference, mobile, "192.0.2.1")
    for depth, kind in plan:
        reference, mobile = random.choice(rows)
        if kind == "wrong":
            mobile = other_mobile(mobile)
        elif kind == "unknown":
            reference = unknown_reference()
        if depth == "find":
            started = time.perf_counter_ns()
            found = status.find(reference, mobile, "192.0.2.1")
            elapsed = time.perf_counter_ns() - started
            assert found.found == (kind == "right"), (kind, reference)
        else:
            started = time.perf_counter_ns()
            response = client.post("/ar/track-request/", {"reference": reference, "mobile": mobile})
            elapsed = time.perf_counter_ns() - started
            assert response.status_code == 200
        samples[(depth, kind)].append(elapsed / 1000)  # microseconds
print(json.dumps({f"{depth}:{kind}": values for (depth, kind), values in samples.items()}))
"""


def median_difference(first, second, resamples=2000):
    """Median of `first` minus median of `second`, and a 95% bootstrap interval of it."""
    import random
    import statistics

    random.seed(11)
    observed = statistics.median(first) - statistics.median(second)
    spread = sorted(
        statistics.median(random.choices(first, k=len(first)))  # noqa: S311 - resampling for statistics
        - statistics.median(random.choices(second, k=len(second)))  # noqa: S311 - resampling for statistics
        for _ in range(resamples)
    )
    return observed, spread[int(resamples * 0.025)], spread[int(resamples * 0.975)]


def main():
    import random
    import statistics

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3000)
    parser.add_argument("--requests", type=int, default=1000)
    options = parser.parse_args()
    with bench_database("bench_followup") as (env, _workdir, cache):
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo", "--submissions", str(options.requests))
        output = django_script(env, CODE.replace("ROUNDS", str(options.rounds)))
    samples = json.loads(output.strip().splitlines()[-1])
    lines = [
        f"Follow-up lookup timing, {datetime.datetime.now():%Y-%m-%d %H:%M}, PostgreSQL, cache: {cache}, "
        f"{options.requests} requests, {options.rounds} lookups of each kind at each depth (microseconds)",
    ]
    for depth in ("find", "page"):
        lines.append(f"\n{depth}:")
        for kind in ("right", "wrong", "unknown"):
            values = sorted(samples[f"{depth}:{kind}"])
            p90 = values[int(len(values) * 0.9)]
            lines.append(f"  {kind:8} median {statistics.median(values):9.1f}   p90 {p90:9.1f}")
        wrong, unknown = samples[f"{depth}:wrong"], samples[f"{depth}:unknown"]
        difference, low, high = median_difference(wrong, unknown)
        lines.append(f"  wrong - unknown: {difference:+.1f} µs (95% interval {low:+.1f} to {high:+.1f})")
        shuffled = unknown[:]
        random.seed(5)
        random.shuffle(shuffled)
        half = len(shuffled) // 2
        noise, noise_low, noise_high = median_difference(shuffled[:half], shuffled[half:])
        lines.append(
            f"  noise (unknown vs unknown): {noise:+.1f} µs (95% interval {noise_low:+.1f} to {noise_high:+.1f})"
        )
    report = "\n".join(lines)
    print(report)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"followup-lookup-{datetime.date.today():%Y-%m-%d}.txt").write_text(report + "\n")


if __name__ == "__main__":
    main()
