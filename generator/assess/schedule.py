"""序时进度: how far a task should be, by elapsed time, at a given day.

Days are counted inclusively: the plan starts at the beginning of ``start`` and the
task is due at the end of 31 December of ``deadline_year``; progress is measured at
the end of ``at``. So at the end of the deadline year the value is exactly 100.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..plan.model import Plan


def scheduled_progress(start: date, deadline_year: int, at: date) -> float:
    """Elapsed time since ``start`` ÷ time until the end of ``deadline_year``, in percent, capped 0..100.

    Worked example: start 2024-01-01, deadline 2025, at 2024-12-31 → 366 of 731 days → 50.07.
    ``at`` before ``start`` → 0; a deadline year that ended before ``start`` → 100 once ``at`` ≥ ``start``.
    """
    elapsed = (at + timedelta(days=1) - start).days
    total = (date(deadline_year + 1, 1, 1) - start).days
    if elapsed <= 0:
        return 0.0
    if total <= 0 or elapsed >= total:
        return 100.0
    return 100.0 * elapsed / total


def plan_start(plan: Plan, period_start: date) -> tuple[date, str]:
    """When 序时进度 starts counting, and why (Chinese, printed in the report).

    The rule, first that applies: ``plan.schedule_start``; else the plan's issue date
    ``plan.issued``; else 1 January of the year after the latest baseline year in the plan
    (goals, task targets, indicators); else 1 January of the period's own year.
    """
    if plan.schedule_start:
        return plan.schedule_start, "领导小组办公室确定的调度起算日"
    if plan.issued:
        return plan.issued, "方案印发日期"
    years = [t.baseline.year for _, t in plan.all_targets() if t.baseline and t.baseline.year]
    years += [i.baseline.year for i in plan.indicators if i.baseline and i.baseline.year]
    if years:
        return date(max(years) + 1, 1, 1), "基期年份次年1月1日（方案未注明印发日期）"
    return date(period_start.year, 1, 1), "本报送年度1月1日（方案未注明印发日期和基期）"


__all__ = ["plan_start", "scheduled_progress"]
