"""Benchmark: how fast ``templates`` writes forms, and how much memory it needs.

Not a test (pytest does not collect ``bench_*.py``). Run from the repository root:

    PYTHONPATH=. python tests/bench/bench_forms.py [--plans plans] [--province 100] [--period 2026Q3]

Run 1 writes every form of every plan in ``--plans`` (the five seed plans; when
that folder has none yet, five synthetic city plans of the seed plans' size:
40 tasks, 35 units, 12 indicators). Run 2 is province-sized: those plans cloned
to ``--province`` plans under new ids. Each
run uses a fresh temporary workspace and prints forms, seconds, forms/second and
peak memory (the process's peak resident set size, and with ``--tracemalloc``
the peak of Python allocations, which slows the run).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("MAKE_REPORTS_QUIET", "1")

from generator.forms import generate_forms  # noqa: E402
from generator.plan.model import Baseline, Indicator, IndicatorTarget, Target, Task, Unit  # noqa: E402
from generator.plan.planfile import dump_plan, load_plan  # noqa: E402
from generator.workspace import Workspace  # noqa: E402

MINI = REPO / "tests" / "fixtures" / "mini.yaml"


def synthetic_plan_text(seed: int) -> str:
    """A city plan of the seed plans' size, built on mini.yaml's header (deterministic per seed)."""
    rng = random.Random(seed)
    plan = load_plan(MINI)
    plan.id = f"synthetic{seed}"
    names = ["市发展改革委"] + [f"市第{i:02d}局" for i in range(1, 33)] + ["国网示例供电公司"]
    plan.units = [Unit(n) for n in names] + [Unit("各区县人民政府", kind="implementer_group")]
    sentence = "加快推进重点领域绿色低碳转型，完善政策措施，强化要素保障，推动项目建设落地见效，"
    plan.tasks = []
    for t in range(1, 41):
        units = rng.sample(names, rng.randint(3, 7))
        lead, co = (units[: rng.randint(1, 2)], units[2:]) if t % 9 else ([], units)
        targets = [
            Target(f"T{t:02d}-1", 2025, f"第{t}项任务指标", float(rng.randint(10, 90)), "%", ">=", "up", "到2025年达到", Baseline(2020, 5.0))
        ] if t % 2 else []
        plan.tasks.append(
            Task(f"T{t:02d}", ["二", f"（{t // 8 + 1}）", str(t)], "重点任务", f"第{t // 8 + 1}项行动", f"第{t}项重点任务",
                 f"{t}.第{t}项重点任务。" + sentence * rng.randint(3, 9), lead, co, ["各区县人民政府"], 2030, targets)
        )
    plan.indicators = [
        Indicator(f"I{i:02d}", "能源", f"第{i}项指标比重", "%", "约束性", "up", Baseline(2020, 10.0),
                  [IndicatorTarget(2025, 20.0, "approx", "20"), IndicatorTarget(2030, 25.0, "approx", "25")], [rng.choice(names)])
        for i in range(1, 13)
    ]
    return dump_plan(plan)


def _sources(plans_dir: Path) -> list[tuple[str, str]]:
    """``(id, plan text)`` of the plans to benchmark."""
    found = Workspace.at(plans_dir.parent).plan_files() if plans_dir.name == "plans" else sorted(p for p in plans_dir.glob("*.yaml") if not p.name.endswith(".overrides.yaml"))
    if found:
        return [(p.stem, p.read_text(encoding="utf-8")) for p in found]
    return [(f"synthetic{n}", synthetic_plan_text(n)) for n in range(5)]


def _workspace(root: Path, sources: list[tuple[str, str]], count: int) -> Workspace:
    """A workspace with ``count`` plans: the sources themselves, or cycled under ids p000, p001, …"""
    (root / "plans").mkdir(parents=True)
    for n in range(count):
        plan_id, text = sources[n % len(sources)]
        if count != len(sources):
            plan_id = f"p{n:03d}"
            text = re.sub(r"^id: .*$", f"id: {plan_id}", text, count=1, flags=re.M)
        (root / "plans" / f"{plan_id}.yaml").write_text(text, encoding="utf-8")
    return Workspace.at(root)


def _rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def run(label: str, sources: list[tuple[str, str]], count: int, period: str, trace: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-forms-") as tmp:
        workspace = _workspace(Path(tmp), sources, count)
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
            f" = {len(result.forms) / seconds:.1f} forms/s; peak RSS {_rss_mb():.0f} MB{traced}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=Path, default=REPO / "plans")
    parser.add_argument("--province", type=int, default=100, help="plans in the province-sized run (0 to skip)")
    parser.add_argument("--period", default="2026Q3")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    args = parser.parse_args()
    sources = _sources(args.plans)
    names = ", ".join(plan_id for plan_id, _ in sources)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; plans: {names}")
    run("seed plans", sources, len(sources), args.period, args.tracemalloc)
    if args.province:
        run("province", sources, args.province, args.period, args.tracemalloc)


if __name__ == "__main__":
    main()
