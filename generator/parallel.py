"""How many worker processes a stage may use (collect judges files, report writes plans in a pool).

One setting for every stage: the environment variable ``MAKE_REPORTS_JOBS`` (a whole number ≥ 1;
``1`` does everything in the calling process). Unset or not a number: the CPUs this process may run on.
"""

from __future__ import annotations

import multiprocessing
import os
import sys

JOBS_ENV = "MAKE_REPORTS_JOBS"


def worker_count(jobs: int) -> int:
    """Processes to use for ``jobs`` independent pieces of work: the CPUs this process may run on
    (or ``$MAKE_REPORTS_JOBS``), at least 1 and at most ``jobs``."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    wanted = os.environ.get(JOBS_ENV, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        cpus = int(wanted)
    return max(1, min(cpus, jobs))


def in_this_process() -> bool:
    """True when ``$MAKE_REPORTS_JOBS`` is 1: the user asked for everything in the calling process
    (no worker processes at all, so no protection from a reader that crashes or never returns)."""
    return os.environ.get(JOBS_ENV, "").strip() == "1"


def process_context():
    """The multiprocessing context every stage's pool uses: fork where it is safe and cheap (Linux:
    workers share the parent's loaded libraries and state), else spawn (macOS, Windows: workers get
    their state pickled through the pool's initializer)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") and "fork" in methods else "spawn")
