"""Run a Python script under cProfile counting CPU time (not waits), for bench/full_stack_submission.py --profile.

    python bench/profiled.py OUTPUT.prof manage.py db_worker ...

The profile is written to OUTPUT.prof when the script ends (a task worker ends on SIGTERM).
"""

import cProfile
import os
import runpy
import sys
import time

if __name__ == "__main__":
    output, script = sys.argv[1], sys.argv[2]
    sys.argv = sys.argv[2:]
    sys.path[0] = os.path.dirname(os.path.abspath(script))  # as `python script` would have it
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    try:
        runpy.run_path(script, run_name="__main__")
    finally:
        profile.disable()
        profile.dump_stats(output)
