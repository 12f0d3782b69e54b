"""Benchmark: how fast ``templates`` writes forms, and how much memory it needs.

Not a test (pytest does not collect ``bench_*.py``). Run from the repository root:

    PYTHONPATH=. python tests/bench/bench_forms.py [--plans plans] [--province 100] [--period 2026Q3]

Run 1 writes every form of every plan in ``--plans`` (the five seed plans). Run 2
is province-sized: those plans cloned to ``--province`` plans under new ids. Each
run uses a fresh temporary workspace and prints forms, seconds, forms/second and
peak memory (the process's peak resident set size, and with ``--tracemalloc``
the peak of Python allocations, which slows the run).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from common import REPO, plan_texts, rss_mb, workspace_with

from generator.forms import generate_forms  # noqa: E402


def run(label: str, sources: list[tuple[str, str]], count: int, period: str, trace: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-forms-") as tmp:
        workspace = workspace_with(Path(tmp), sources, count)
        if trace:
            tracemalloc.start()
        start = time.perf_counter()
        result = generate_forms(workspace, period)
        seconds = time.perf_counter() - start
        traced = ""
        if trace:
            traced = f", Python allocations peak {tracemalloc.get_traced_memory()[1] / 1e6:.1f} MB"
            tracemalloc.stop()
        size = sum(f.path.stat().st_size for f in result.forms)
        rows = sum(f.lead + f.co + f.targets for f in result.forms)
        print(
            f"{label}: {count} plans, {len(result.forms)} forms ({rows} rows, {size / 1e6:.1f} MB) in {seconds:.2f} s"
            f" = {len(result.forms) / seconds:.1f} forms/s; peak RSS {rss_mb():.0f} MB{traced}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=Path, default=REPO / "plans")
    parser.add_argument("--province", type=int, default=100, help="plans in the province-sized run (0 to skip)")
    parser.add_argument("--period", default="2026Q3")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    args = parser.parse_args()
    sources = plan_texts(args.plans)
    names = ", ".join(plan_id for plan_id, _ in sources)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; plans: {names}")
    run("seed plans", sources, len(sources), args.period, args.tracemalloc)
    if args.province:
        run("province", sources, args.province, args.period, args.tracemalloc)


if __name__ == "__main__":
    main()
