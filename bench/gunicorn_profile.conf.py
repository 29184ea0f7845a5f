"""deploy/gunicorn.conf.py with a profiler in each worker: bench/full_stack_submission.py --profile only.

Every setting is production's; each worker also runs cProfile around each request but /healthz
while the file $BENCH_PROFILE_DIR/on exists (the bench makes it for the measured seconds only, not
the warm-up), and writes what it gathered to $BENCH_PROFILE_DIR/web-<pid>.prof when it exits.
"""

import cProfile
import os
import runpy
import time
from pathlib import Path

_deploy = runpy.run_path(str(Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"))
globals().update({name: value for name, value in _deploy.items() if not name.startswith("__")})
_deploy_post_request = _deploy["post_request"]
_PROFILE_DIR = os.environ["BENCH_PROFILE_DIR"]
_SWITCH = os.path.join(_PROFILE_DIR, "on")


def post_fork(server, worker):
    worker.bench_profile = cProfile.Profile(time.process_time)  # CPU time: waits and other processes left out


def pre_request(worker, req):
    worker.bench_profiling = req.path != "/healthz" and os.path.exists(_SWITCH)
    if worker.bench_profiling:
        worker.bench_profile.enable()


def post_request(worker, req, environ, resp):
    _deploy_post_request(worker, req, environ, resp)
    if worker.bench_profiling:
        worker.bench_profile.disable()


def worker_exit(server, worker):
    worker.bench_profile.dump_stats(os.path.join(_PROFILE_DIR, f"web-{worker.pid}.prof"))
