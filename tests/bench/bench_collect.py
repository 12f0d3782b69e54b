"""Benchmark: collect N returns, against python-calamine alone and against the naive pandas loop.

Not a test (pytest does not collect ``bench_*.py``). Run from the repository root:

    PYTHONPATH=. python tests/bench/bench_collect.py [-n 2000] [--plans plans]

It writes every form of the seed plans for 2026Q3, fills each once as its unit
would (openpyxl), then makes N distinct returns from them (a different
modification time inside each package, so every file has its own hash and is
fully read and checked; several returns per unit means later ones supersede
earlier ones, as in a real inbox). Then it times, in one run, one after the other
(the machine may be shared, so the ratios of the three are the figures to read; each collect is timed
between two calamine runs, ``--repeat`` times, and the median ratio is printed):

- ``collect``: identify, verify, read, validate, store, archive, write 报送情况 and 汇总表
  (judging in a process pool on every core; ``MAKE_REPORTS_JOBS=1`` for one);
- python-calamine alone: ``CalamineWorkbook.from_path`` and ``to_python()`` of every sheet of
  every file, in one process (the floor: reading, nothing else);
- the naive way: ``pandas.read_excel(path, sheet_name=None, engine="openpyxl")`` on the same files
  (reading only, no checks at all).

It prints returns per second, peak memory (the process's peak RSS; with
``--tracemalloc`` also peak Python allocations, in a second traced run) and the two ratios
collect/calamine (target ≤ 1.5) and naive/collect (target ≥ 10).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from common import REPO, build_inbox, naive_read, rss_mb

from generator.collect import collect  # noqa: E402
from generator.period import Period  # noqa: E402
from generator.workspace import Workspace  # noqa: E402


def naive(paths: list[Path]) -> float:
    start = time.perf_counter()
    naive_read(paths)
    return time.perf_counter() - start


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (collect's worker processes)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def calamine(paths: list[Path]) -> float:
    """python-calamine alone: open each file and read every sheet to Python values."""
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
        book.close()
    return time.perf_counter() - start


def clear(ws: Workspace, trash: Path) -> None:
    """The workspace as before any collect: no store, archive or reports (the inbox stays).

    The old outputs are moved into ``trash`` (deleted after the timing), not deleted here: on a file
    system without a journal, as here, ext4 passes over every inode freed in the last minute (six
    while its inode table is not yet written back) each time it makes a new file (``recently_deleted`` in the kernel's
    fs/ext4/ialloc.c). Deleting the last run's 2,000 archive copies just before a collect billed that
    scan to the collect (``perf record`` on this machine: 2.7 s of kernel time in ``open``, a quarter
    of collect's CPU). An office's collect does not follow the deletion of thousands of files; a
    benchmark run started within a minute or so of a big deletion (a test suite, an earlier run
    without ``--reuse``) still pays some of it."""
    trash.mkdir(parents=True, exist_ok=True)
    for path in [ws.store_path, *ws.store_path.parent.glob("store.sqlite-*"), ws.archive_dir(), ws.reports_dir]:
        if path.exists():
            path.rename(trash / f"{len(list(trash.iterdir()))}-{path.name}")
    os.sync()  # the files just cleared or made are on disk: their write-back is not billed to the next run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="returns to collect (default 2000)")
    parser.add_argument("--plans", default=str(REPO / "plans"))
    parser.add_argument("--period", default="2026Q3")
    parser.add_argument("--repeat", type=int, default=3, help="collects to time, each between two calamine runs (default 3)")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure peak Python allocations (a second run)")
    parser.add_argument("--reuse", metavar="DIR", help="keep the built workspace in DIR and reuse it on the next run "
                        "(its store, archive and reports are cleared first)")
    parser.add_argument("--no-naive", action="store_true", help="skip the slow pandas loop (no naive/collect ratio)")
    args = parser.parse_args()
    period = Period.parse(args.period)
    root = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="bench-collect-"))
    # Cleared outputs go outside the workspace (collect never sees them); see clear().
    trash_root = root.parent / f".{root.name}-cleared"
    trash = trash_root / f"{os.getpid()}-{time.time_ns()}"
    try:
        ws = Workspace.at(root)
        inbox = ws.inbox_dir(period.code)
        if args.reuse and inbox.is_dir() and len(list(inbox.rglob("*.xlsx"))) == args.n:
            paths = sorted(inbox.rglob("*.xlsx"))
            print(f"setup: reusing {len(paths)} returns in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir(parents=True)
            shutil.copytree(args.plans, ws.plans_dir)
            t0 = time.perf_counter()
            paths = build_inbox(ws, period, args.n)
            print(f"setup: {len(paths)} returns made from {len({p.parent for p in paths})} filled forms in {time.perf_counter() - t0:.1f} s")

        # The machine's speed drifts (other guests share its cores), so each collect is timed between two
        # calamine runs and compared with their mean; the median of those ratios is the figure.
        cpu0 = cpu_seconds()
        floors = [calamine(paths)]
        calamine_cpu = cpu_seconds() - cpu0
        walls, cpus, ratios = [], [], []
        for _ in range(max(1, args.repeat)):
            clear(ws, trash)
            cpu0 = cpu_seconds()
            t0 = time.perf_counter()
            result = collect(ws, period.code)
            walls.append(time.perf_counter() - t0)
            cpus.append(cpu_seconds() - cpu0)
            floors.append(calamine(paths))
            ratios.append(walls[-1] / ((floors[-2] + floors[-1]) / 2))
        elapsed = statistics.median(walls)
        peak = 0
        if args.tracemalloc:  # a further, traced run over a fresh store: tracemalloc slows Python down
            clear(ws, trash)
            tracemalloc.start()
            collect(ws, period.code)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        words: dict[str, int] = {}
        for s in result.submissions:
            words[s.outcome_word] = words.get(s.outcome_word, 0) + 1
        rss = rss_mb()
        print(f"collect: {len(paths)} returns in {elapsed:.1f} s (median of {', '.join(f'{w:.1f}' for w in walls)}) = "
              f"{len(paths) / elapsed:.1f} returns/s; peak RSS {rss:.0f} MB"
              + (f", peak Python allocations {peak / 1024 / 1024:.0f} MB" if peak else "") + f"; outcomes {words}")
        floor = statistics.median(floors)
        print(f"python-calamine alone (open, every sheet to_python): {floor:.2f} s (median of {', '.join(f'{f:.2f}' for f in floors)}) "
              f"= {len(paths) / floor:.1f} files/s")
        print(f"CPU time (all processes): collect {statistics.median(cpus):.1f} s, calamine {calamine_cpu:.1f} s "
              f"(collect's work is spread over {os.cpu_count()} cores)")
        line = (f"ratios: collect/calamine = {statistics.median(ratios):.2f} (target ≤ 1.5; each run: "
                f"{', '.join(f'{r:.2f}' for r in ratios)})")
        if not args.no_naive:
            naive_seconds = naive(paths)
            print(f"naive pandas.read_excel(engine='openpyxl') loop: {naive_seconds:.1f} s = {len(paths) / naive_seconds:.1f} files/s (reading only)")
            line += f"; naive/collect = {naive_seconds / elapsed:.1f} (target ≥ 10)"
        print(line + f"; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    finally:
        # Deleted only now, after the timing; with --reuse this run's own are kept for the next run to
        # delete at its end, so that run's collects do not follow a mass deletion either.
        for old in trash_root.glob("*") if trash_root.is_dir() else []:
            if old != trash or not args.reuse:
                shutil.rmtree(old, ignore_errors=True)
        if not args.reuse:
            shutil.rmtree(trash_root, ignore_errors=True)
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
