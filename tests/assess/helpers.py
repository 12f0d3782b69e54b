"""Small builders for synthetic returns used by the assessment and report tests."""

from __future__ import annotations

from datetime import datetime

from generator.returns import Contact, PeriodReturns, TargetReport, TaskReport, UnitReturn


def returns(plan_id: str, period: str, rows: dict[str, tuple[list, list]] | None = None) -> PeriodReturns:
    """``rows``: unit → (task rows as tuples, target rows as tuples)."""
    out = PeriodReturns(plan_id, period, {})
    for unit, (tasks, targets) in (rows or {}).items():
        out.returns[unit] = UnitReturn(
            plan_id, unit, period, f"{period}_{unit}_填报表.xlsx", "0" * 64, datetime(2026, 10, 8, 9, 0),
            tasks=[TaskReport(*((t[0], unit) + tuple(t[1:]))) for t in tasks],
            targets=[TargetReport(*((t[0], unit) + tuple(t[1:]))) for t in targets],
            contact=Contact(unit, "张三", "0744-8888888"),
        )
    return out
