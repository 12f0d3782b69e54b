"""Benchmark: a province-sized quarter — templates, collect and report for ~120 plans and ~5,000 returns.

Not a test (pytest does not collect ``bench_*.py``). Run from the repository root:

    PYTHONPATH=. python tests/bench/bench_province.py [--plans 120] [--returns 5000]

The five seed plans are cloned to ``--plans`` plans (new ids, same content).
Each stage runs in its own process, so the peak memory printed is that stage's:

1. ``templates``: every unit's form of every plan;
2. (setup, not timed) every form filled once as its unit would, plus re-saved
   versions up to ``--returns`` files, as a province's inbox would hold;
3. ``collect`` over that inbox; then the naive way over the same files
   (``pandas.read_excel`` with openpyxl, reading only) for the ratio;
4. ``report`` for every plan (Word reports and 汇总表.xlsx).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, build_inbox, in_child, naive_read, plan_texts, workspace_with

from generator.collect import collect  # noqa: E402
from generator.forms import generate_forms  # noqa: E402
from generator.period import Period  # noqa: E402
from generator.plan.planfile import load_plan  # noqa: E402
from generator.report import write_reports  # noqa: E402
from generator.store import Store  # noqa: E402
from generator.workspace import Workspace  # noqa: E402


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


def _report(root: str, period: str):
    ws = Workspace.at(root)
    plans = [load_plan(p) for p in ws.plan_files()]
    start = time.perf_counter()
    with Store(ws.store_path) as store:
        returns = {p.id: store.period_returns(p.id, period) for p in plans}
    written = write_reports(ws, Period.parse(period), plans, returns)
    return len(written), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=120)
    parser.add_argument("--returns", type=int, default=5000)
    parser.add_argument("--period", default="2026Q3")
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspace")
    args = parser.parse_args()
    period = Period.parse(args.period)
    root = Path(tempfile.mkdtemp(prefix="bench-province-"))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; workspace {root}")
    try:
        ws = workspace_with(root, plan_texts(REPO / "plans"), args.plans)
        (forms, seconds), peak = in_child(_templates, str(root), period.code)
        print(f"templates: {args.plans} plans, {forms} forms in {seconds:.1f} s = {forms / seconds:.1f} forms/s; peak RSS {peak:.0f} MB")

        start = time.perf_counter()
        blank_forms = generate_forms(ws, period).forms  # same bytes as above; needed for filling
        paths = build_inbox(ws, period, max(args.returns, len(blank_forms)), blank_forms)
        print(f"setup: {len(paths)} returns from {len(blank_forms)} filled forms in {time.perf_counter() - start:.0f} s")

        (words, seconds), peak = in_child(_collect, str(root), period.code)
        collect_seconds = seconds
        print(f"collect: {len(paths)} returns in {seconds:.1f} s = {len(paths) / seconds:.1f} returns/s; peak RSS {peak:.0f} MB; {words}")

        seconds, peak = in_child(_naive, paths)
        print(f"naive pandas.read_excel(openpyxl) loop: {seconds:.1f} s = {len(paths) / seconds:.1f} files/s; peak RSS {peak:.0f} MB")
        print(f"ratio: collect is {seconds / collect_seconds:.1f}× the naive loop (which only reads)")

        (written, seconds), peak = in_child(_report, str(root), period.code)
        print(f"report: {args.plans} reports + 汇总表 ({written} files) in {seconds:.1f} s = {seconds / args.plans:.2f} s per plan; peak RSS {peak:.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
