"""Assessment of one task: reported 完成进度 against 序时进度, each responsible unit on its own row.

Rules (DESIGN "Assessment — rules", thresholds from settings):

* **Who answers.** The task's lead units; a task without a lead (a plain list of units)
  is answered by every listed unit, each for its own part. A unit *answered* when its row
  has a 进展状态 or a 完成进度 (a row with only text, or no row at all, is not an answer).
* **Each answering unit is judged on its own row** (:class:`UnitPart`), with
  ``behind = 序时进度 − 完成进度``: behind < slight_behind → 正常; slight_behind ≤ behind ≤
  serious_behind → 轻微滞后; behind > serious_behind → 明显滞后. 已完成 with 完成进度 ≥
  completed_progress (or left blank) → 已完成; 已完成 with less → judged by the number, with a
  note. 未启动 (and progress blank or 0) → 明显滞后 when 序时进度 > 0, else 正常. A status
  without a number: 序时推进 → 正常, 进度滞后 → 轻微滞后, each with a note.
  **Past the deadline** (the period ends after 31 December of the task's deadline year) and
  not 已完成 → 逾期未完成 (红), whatever the number.
  An owner that did not answer has the part 未报送.
* **The task's own status** is derived from the parts, and :attr:`TaskAssessment.basis` says
  how in words: one lead → that lead's; several leads → the slowest lead's (a jointly led
  task is only as far along as its slowest lead); no lead → the slowest of the listed units,
  each of which is also assessed and chased on its own part. All parts 已完成 → 已完成.
  No owner answered → 未报送 (红). Co-units' rows (配合) are shown with their own words
  but do not decide the task.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..period import Period
from ..plan.model import Task
from ..returns import PeriodReturns, TaskReport
from . import status as st
from .schedule import scheduled_progress
from .settings import AssessmentSettings


@dataclass
class UnitPart:
    """One responsible unit's own part of a task: its row, judged alone."""

    unit: str
    role: str  # 牵头 | 配合 | 责任 (listed without a lead)
    status: str  # one of status.TASK_STATUSES
    progress: float | None  # the unit's own 完成进度
    reported_status: str | None  # the unit's own 进展状态
    row: TaskReport | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def light(self) -> str:
        return st.light(self.status)

    @property
    def is_late(self) -> bool:
        return self.status in st.LATE


@dataclass
class TaskAssessment:
    task: Task
    scheduled: float  # 序时进度, percent
    progress: float | None  # 完成进度 used for the judgement (lowest of the answering rows)
    status: str  # one of status.TASK_STATUSES
    light: str
    owners: list[str]  # units whose answer decides the status (leads, else every listed unit)
    answered: list[str]  # owners that answered
    missing: list[str]  # owners that did not answer
    reported_status: str | None  # the answering units' own 进展状态 (worst of them)
    rows: list[TaskReport] = field(default_factory=list)  # every unit's row, owners first
    notes: list[str] = field(default_factory=list)
    parts: list[UnitPart] = field(default_factory=list)  # one per owner, in owner order
    basis: str = ""  # how the task's status was derived, in words (printed in the report)
    overdue: bool = False  # the deadline year has ended

    def part(self, unit: str) -> UnitPart | None:
        return next((p for p in self.parts if p.unit == unit), None)

    @property
    def late_parts(self) -> list[UnitPart]:
        """Owners whose own part is behind, overdue or not reported."""
        return [p for p in self.parts if p.is_late or p.status == st.MISSING]

    @property
    def id(self) -> str:
        return self.task.id

    @property
    def behind(self) -> float | None:
        return None if self.progress is None else self.scheduled - self.progress

    @property
    def is_late(self) -> bool:
        return self.status in st.LATE


def answered(row: TaskReport) -> bool:
    return row.status is not None or row.progress is not None


_OWN_STATUS_ORDER = {"未启动": 4, "进度滞后": 3, "序时推进": 2, "已完成": 1}


def judge_row(row: TaskReport, scheduled: float, settings: AssessmentSettings, overdue: bool = False) -> tuple[str, list[str]]:
    """Status of one unit's answer, and notes explaining any judgement call.

    ``overdue``: the task's deadline year has ended; anything but 已完成 is then 逾期未完成.
    """
    status, notes = _judge_row(row, scheduled, settings)
    if overdue and status != st.DONE:
        return st.OVERDUE, notes
    return status, notes


def _judge_row(row: TaskReport, scheduled: float, settings: AssessmentSettings) -> tuple[str, list[str]]:
    notes: list[str] = []
    p = row.progress
    if row.status == "已完成":
        if p is None or p >= settings.completed_progress:
            return st.DONE, notes
        notes.append(f"{row.unit}填报“已完成”，但完成进度为{p:g}%，按完成进度评估")
    elif row.status == "未启动" and (p is None or p == 0):
        return (st.SERIOUS if scheduled > 0 else st.NORMAL), notes
    elif row.status == "未启动":
        notes.append(f"{row.unit}填报“未启动”，但完成进度为{p:g}%，按完成进度评估")
    if p is None:
        if row.status == "进度滞后":
            notes.append(f"{row.unit}自评进度滞后，未填完成进度")
            return st.SLIGHT, notes
        notes.append(f"{row.unit}未填完成进度，按单位自评（{row.status or '未填'}）评估")
        return st.NORMAL, notes
    behind = scheduled - p
    if behind < settings.slight_behind:
        status = st.NORMAL
    elif behind <= settings.serious_behind:
        status = st.SLIGHT
    else:
        status = st.SERIOUS
    if row.status == "进度滞后" and status == st.NORMAL:
        notes.append(f"{row.unit}自评进度滞后，完成进度{p:g}%未落后序时进度{settings.slight_behind:g}个百分点")
    return status, notes


def owners_of(task: Task) -> list[str]:
    """Whose rows decide a task: its lead units, else every listed unit, else its named reporter."""
    return list(task.lead) if task.lead else list(task.reporting_units)


def basis_of(task: Task, owners: list[str]) -> str:
    """How the task's own status is derived from its units' parts, in words a reader understands."""
    if task.lead:
        return "按牵头单位填报评估" if len(owners) == 1 else f"{len(owners)}个牵头单位分别评估，任务按进度最慢的牵头单位计"
    if len(owners) > 1:
        return f"方案未明确牵头单位，{len(owners)}个责任单位各按本单位填报评估，任务按进度最慢的单位计"
    if owners and not (task.co or task.lead):
        return f"方案只列明统称的责任主体，由{owners[0]}汇总报送并据此评估"
    return "按责任单位填报评估" if owners else "方案未明确责任单位"


def assess_task(
    task: Task,
    reports: PeriodReturns,
    period: Period,
    settings: AssessmentSettings,
    plan_start: date,
) -> TaskAssessment:
    scheduled = scheduled_progress(plan_start, task.deadline, period.end)
    overdue = period.end > date(task.deadline, 12, 31)
    owners = owners_of(task)
    all_rows = reports.task_reports(task.id)
    order = {u: i for i, u in enumerate(owners + [u for u in task.co if u not in owners])}
    all_rows.sort(key=lambda r: (order.get(r.unit, len(order)), r.unit))
    role = "牵头" if task.lead else "责任"
    parts: list[UnitPart] = []
    notes: list[str] = []
    if not owners:
        notes.append("方案未明确责任单位")
    for unit in owners:
        row = next((r for r in all_rows if r.unit == unit and answered(r)), None)
        if row is None:
            part_notes = [f"{unit}已报送，但未填写本任务的进展状态和完成进度"] if reports.has_reported(unit) else []
            parts.append(UnitPart(unit, role, st.MISSING, None, None, None, part_notes))
            continue
        s, n = judge_row(row, scheduled, settings, overdue)
        progress = row.progress if row.progress is not None or s != st.DONE else 100.0
        parts.append(UnitPart(unit, role, s, progress, row.status, row, n))
    answered_parts = [p for p in parts if p.status != st.MISSING]
    answered_units = [p.unit for p in answered_parts]
    missing = [p.unit for p in parts if p.status == st.MISSING]
    for p in parts:
        notes.extend(p.notes)
    basis = basis_of(task, owners)
    common = dict(rows=all_rows, notes=notes, parts=parts, basis=basis, overdue=overdue)
    if not answered_parts:
        return TaskAssessment(task, scheduled, None, st.MISSING, st.light(st.MISSING), owners, [], missing, None, **common)
    if missing:
        notes.append(f"{'、'.join(missing)}未报送本任务进展，任务按已报送单位评估")
    statuses = [p.status for p in answered_parts]
    not_done = [s for s in statuses if s != st.DONE]
    status = st.worst(not_done) if not_done else st.DONE
    progresses = [p.progress for p in answered_parts if p.progress is not None]
    progress = min(progresses) if progresses else None
    own = [p.reported_status for p in answered_parts if p.reported_status]
    reported_status = max(own, key=lambda s: _OWN_STATUS_ORDER.get(s, 0)) if own else None
    return TaskAssessment(task, scheduled, progress, status, st.light(status), owners, answered_units, missing,
                          reported_status, **common)


__all__ = ["TaskAssessment", "UnitPart", "assess_task", "basis_of", "judge_row", "owners_of"]
