"""Benchmark: judging one return (generator.collect.judgement.judge) against python-calamine reading it.

Not a test. Run from the repository root:

    PYTHONPATH=. python tests/bench/bench_judge.py [-n 200]

Fills one real form (the test plan tests/fixtures/mini.yaml, unit 市发展改革委), then times, best of
three, N calls of: python-calamine opening the bytes and reading every sheet; and ``judge`` on the same
bytes (identify, verify, check the seal over every locked cell, read and check every input). Prints
ms per file and the ratio. Judging includes reading every zip member once more (CRC check) and the
sheet facts calamine cannot see.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from python_calamine import CalamineWorkbook  # noqa: E402

from generator.collect import load_plans  # noqa: E402
from generator.collect.judgement import JudgeContext, judge  # noqa: E402
from generator.demo.fill import fill_form  # noqa: E402
from generator.forms import form_path, generate_forms  # noqa: E402
from generator.forms.machine import workspace_secret  # noqa: E402
from generator.period import Period  # noqa: E402
from generator.plan.planfile import plan_digest  # noqa: E402
from generator.workspace import Workspace  # noqa: E402
from tests.collect.conftest import MINI, good_answers  # noqa: E402


def best_of_three(fn, n: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / n * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=200)
    args = parser.parse_args()
    period = Period.parse("2026Q3")
    root = Path(tempfile.mkdtemp(prefix="bench-judge-"))
    try:
        (root / "plans").mkdir()
        shutil.copy(MINI, root / "plans" / "mini.yaml")
        ws = Workspace.at(root)
        generate_forms(ws, period)
        data = fill_form(form_path(ws, period, "mini", "市发展改革委"), root / "r.xlsx", good_answers()).read_bytes()
        plans = load_plans(ws)
        ctx = JudgeContext(period, plans, workspace_secret(ws), {p: plan_digest(plan) for p, plan in plans.items()})
        assert judge(data, "r.xlsx", ctx).outcome == "accepted"

        def calamine():
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()

        reader = best_of_three(calamine, args.n)
        judged = best_of_three(lambda: judge(data, "r.xlsx", ctx), args.n)
        print(f"calamine, every sheet: {reader:.2f} ms/file; judge: {judged:.2f} ms/file; judge/calamine = {judged / reader:.1f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
