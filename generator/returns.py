"""What units reported: the typed hand-over from collection (store) to assessment and report.

Collection writes accepted returns into the store; the store reads them back as
these objects; assessment and report never look at workbooks or SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# 进展状态 choices on the form, in the order the dropdown shows them.
TASK_STATUSES = ("已完成", "序时推进", "进度滞后", "未启动")
# A unit's own judgement for a target without a number (完成省下达目标任务).
JUDGEMENTS = ("达标", "未达标")


@dataclass
class TaskReport:
    """One row of a unit's 重点任务 sheet."""

    task_id: str
    unit: str
    role: str  # 牵头 | 配合
    status: str | None
    progress: float | None  # 完成进度 0–100
    progress_text: str = ""  # 本期工作进展
    problems: str = ""  # 存在问题
    next_steps: str = ""  # 下步计划


@dataclass
class TargetReport:
    """One row of a unit's 量化目标 sheet: a goal (G…), task target (T01-1) or indicator (I01)."""

    target_id: str
    unit: str
    actual: float | None  # 本期实际值
    judgement: str | None = None  # 达标/未达标, for targets without a number
    baseline: float | None = None  # 基期值 entered by the unit where the plan gives none
    source: str = ""  # 数据来源
    note: str = ""  # 说明
    baseline_year: int | None = None  # 基期年份 that goes with a unit-entered 基期值


@dataclass
class Contact:
    unit: str
    person: str = ""  # 填报人
    phone: str = ""  # 联系电话
    leader: str = ""  # 分管领导
    date: str = ""  # 填报日期 as typed


@dataclass
class UnitReturn:
    """The accepted return of one unit for one plan and period (the latest one counts)."""

    plan_id: str
    unit: str
    period: str
    file_name: str
    sha256: str
    received: datetime
    tasks: list[TaskReport] = field(default_factory=list)
    targets: list[TargetReport] = field(default_factory=list)
    contact: Contact | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class PeriodReturns:
    """Everything accepted for one plan in one period, keyed by unit name."""

    plan_id: str
    period: str
    returns: dict[str, UnitReturn] = field(default_factory=dict)

    def task_reports(self, task_id: str) -> list[TaskReport]:
        return [row for r in self.returns.values() for row in r.tasks if row.task_id == task_id]

    def target_reports(self, target_id: str) -> list[TargetReport]:
        return [row for r in self.returns.values() for row in r.targets if row.target_id == target_id]

    def has_reported(self, unit: str) -> bool:
        return unit in self.returns
