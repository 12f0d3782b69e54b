"""Last period's answers, shown on a new form as read-only reference columns.

The store (collection issue) supplies these; :meth:`PreviousValues.from_returns`
builds them from the accepted returns it already hands to assessment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..returns import PeriodReturns


@dataclass(frozen=True)
class PreviousTask:
    status: str | None  # 进展状态
    progress: float | None  # 完成进度 0–100
    progress_text: str = ""  # 本期工作进展 as reported

    @property
    def done(self) -> bool:
        """Reported 已完成 at 100 (or with no figure, which 已完成 implies): carried forward on the next form."""
        return self.status == "已完成" and (self.progress is None or self.progress >= 100)


@dataclass(frozen=True)
class PreviousTarget:
    actual: float | None  # 本期实际值 as a number
    judgement: str | None = None  # 达标/未达标 for a target without a number


@dataclass
class PreviousValues:
    """Answers of an earlier period, keyed by ``(plan_id, unit, row_id)``.

    ``period`` is that period's code (e.g. ``2026Q2``); the form labels the
    reference columns with it. A key that is missing shows as 未报送.
    """

    period: str
    tasks: dict[tuple[str, str, str], PreviousTask] = field(default_factory=dict)
    targets: dict[tuple[str, str, str], PreviousTarget] = field(default_factory=dict)

    @classmethod
    def from_returns(cls, period: str, returns: Iterable[PeriodReturns]) -> "PreviousValues":
        """From the accepted returns of ``period`` (one :class:`PeriodReturns` per plan)."""
        out = cls(period)
        for plan_returns in returns:
            for unit, unit_return in plan_returns.returns.items():
                for row in unit_return.tasks:
                    out.tasks[(plan_returns.plan_id, unit, row.task_id)] = PreviousTask(row.status, row.progress, row.progress_text)
                for row in unit_return.targets:
                    out.targets[(plan_returns.plan_id, unit, row.target_id)] = PreviousTarget(row.actual, row.judgement)
        return out

    def task(self, plan_id: str, unit: str, row_id: str) -> PreviousTask | None:
        return self.tasks.get((plan_id, unit, row_id))

    def target(self, plan_id: str, unit: str, row_id: str) -> PreviousTarget | None:
        return self.targets.get((plan_id, unit, row_id))


def previous_from_store(workspace, period) -> PreviousValues | None:
    """Last period's accepted answers from the store, or None when nothing was collected then."""
    if not workspace.store_path.exists():
        return None
    from ..store import Store

    earlier = period.previous().code
    with Store(workspace.store_path) as store:
        plan_ids = [p.stem for p in workspace.plan_files()]
        returns = [store.period_returns(plan_id, earlier) for plan_id in plan_ids]
    if not any(r.returns for r in returns):
        return None
    return PreviousValues.from_returns(earlier, returns)
