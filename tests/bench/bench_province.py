"""Benchmark: a province-sized quarter — templates, collect and report for ~120 plans and ~5,000 returns.

Not a test (pytest does not collect ``bench_*.py``). Run from the repository root:

    PYTHONPATH=. python tests/bench/bench_province.py [--plans 120] [--returns 5000]
    PYTHONPATH=. python tests/bench/bench_province.py --keep --stages setup     # build a workspace once …
    PYTHONPATH=. python tests/bench/bench_province.py --workspace DIR --stages report   # … time one stage again

The five seed plans are cloned to ``--plans`` plans (new ids, same content).
Each stage runs in its own process, so the peak memory printed is that stage's:

1. ``templates``: every unit's form of every plan;
2. (setup, not timed) every form filled once as its unit would, plus re-saved
   versions up to ``--returns`` files, as a province's inbox would hold;
3. ``collect`` over that inbox; then the naive way over the same files
   (``pandas.read_excel`` with openpyxl, reading only) for the ratio;
4. ``report`` for every plan (Word reports and 汇总表.xlsx), with the plans spread over the
   machine's cores (``MAKE_REPORTS_WORKERS`` overrides the count). Besides wall-clock time it
   prints the CPU time of the stage and its workers: on a shared machine the wall-clock time is
   pessimistic, and CPU seconds per plan is the figure that carries to another machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, build_inbox, in_child, naive_read, plan_texts, rss_children_mb, workspace_with

from generator.collect import collect  # noqa: E402
from generator.forms import generate_forms  # noqa: E402
from generator.period import Period  # noqa: E402
from generator.plan.planfile import load_plan  # noqa: E402
from generator.report import write_reports  # noqa: E402
from generator.store import Store  # noqa: E402
from generator.workspace import Workspace  # noqa: E402


STAGES = ("templates", "setup", "collect", "naive", "report")


def _templates(root: str, period: str):
    start = time.perf_counter()
    result = generate_forms(Workspace.at(root), period)
    return len(result.forms), time.perf_counter() - start


def _collect(root: str, period: str):
    start = time.perf_counter()
    result = collect(Workspace.at(root), period)
    words: dict[str, int] = {}
    for s in result.submissions:
        words[s.outcome_word] = words.get(s.outcome_word, 0) + 1
    return words, time.perf_counter() - start


def _naive(paths: list[Path]):
    start = time.perf_counter()
    naive_read(paths)
    return time.perf_counter() - start


def _cpu_seconds() -> tuple[float, float]:
    """(this process's user+system CPU seconds, its reaped children's)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _report(root: str, period: str):
    ws = Workspace.at(root)
    plans = [load_plan(p) for p in ws.plan_files()]
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    with Store(ws.store_path) as store:
        returns = {p.id: store.period_returns(p.id, period) for p in plans}
    written = write_reports(ws, Period.parse(period), plans, returns)
    seconds, cpu_end = time.perf_counter() - start, _cpu_seconds()
    own, workers = cpu_end[0] - cpu_start[0], cpu_end[1] - cpu_start[1]
    return len(written), seconds, own, workers, rss_children_mb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=120)
    parser.add_argument("--returns", type=int, default=5000)
    parser.add_argument("--period", default="2026Q3")
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspace")
    parser.add_argument("--workspace", type=Path, help="reuse a workspace kept by an earlier run (--keep) instead of building one")
    parser.add_argument("--stages", default=",".join(STAGES),
                        help=f"comma-separated, from {','.join(STAGES)} (setup = templates, filled inbox and collect)")
    args = parser.parse_args()
    stages = {s.strip() for s in args.stages.split(",") if s.strip()}
    if stages - set(STAGES):
        parser.error(f"unknown stage(s): {', '.join(sorted(stages - set(STAGES)))}")
    if "setup" in stages:
        stages |= {"templates", "collect"}
    period = Period.parse(args.period)
    root = args.workspace.resolve() if args.workspace else Path(tempfile.mkdtemp(prefix="bench-province-"))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; workspace {root}")
    try:
        if args.workspace is None:
            ws = workspace_with(root, plan_texts(REPO / "plans"), args.plans)
        ws = Workspace.at(root)
        plans = len(ws.plan_files())
        if "templates" in stages:
            (forms, seconds), peak = in_child(_templates, str(root), period.code)
            print(f"templates: {plans} plans, {forms} forms in {seconds:.1f} s = {forms / seconds:.1f} forms/s; peak RSS {peak:.0f} MB")

        if "collect" in stages:
            start = time.perf_counter()
            blank_forms = generate_forms(ws, period).forms  # same bytes as above; needed for filling
            paths = build_inbox(ws, period, max(args.returns, len(blank_forms)), blank_forms)
            print(f"setup: {len(paths)} returns from {len(blank_forms)} filled forms in {time.perf_counter() - start:.0f} s")

            (words, seconds), peak = in_child(_collect, str(root), period.code)
            collect_seconds = seconds
            print(f"collect: {len(paths)} returns in {seconds:.1f} s = {len(paths) / seconds:.1f} returns/s; peak RSS {peak:.0f} MB; {words}")

        if "naive" in stages:
            paths = sorted(ws.inbox_dir(period.code).rglob("*.xlsx"))
            seconds, peak = in_child(_naive, paths)
            print(f"naive pandas.read_excel(openpyxl) loop: {seconds:.1f} s = {len(paths) / seconds:.1f} files/s; peak RSS {peak:.0f} MB")
            if "collect" in stages:
                print(f"ratio: collect is {seconds / collect_seconds:.1f}× the naive loop (which only reads)")

        if "report" in stages:
            (written, seconds, own_cpu, worker_cpu, worker_peak), peak = in_child(_report, str(root), period.code)
            cpu = own_cpu + worker_cpu
            print(f"report: {plans} reports + 汇总表 ({written} files) in {seconds:.1f} s wall = {plans / seconds:.2f} reports/s, "
                  f"{seconds / plans:.2f} s per plan; CPU {cpu:.1f} s ({own_cpu:.1f} s driver + {worker_cpu:.1f} s workers) "
                  f"= {cpu / plans:.2f} CPU s per plan; peak RSS {peak:.0f} MB driver, {worker_peak:.0f} MB largest worker")
    finally:
        if not args.keep and args.workspace is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
