"""Assessment of one task: reported 完成进度 against 序时进度.

Rules (DESIGN "Assessment — rules", thresholds from settings):

* **Who answers.** The task's lead units; a task without a lead (a plain list of units)
  is answered by every listed unit. A unit *answered* when its row has a 进展状态 or a
  完成进度 (a row with only text, or no row at all, is not an answer: a unit that sent
  its return but left this task out counts as not reported *for this task*).
* **未报送 (红)** when none of the answering units answered. When some but not all did,
  the task is judged on the rows that came in and a note names the units that did not.
* **One row** is judged as follows, with ``behind = 序时进度 − 完成进度``:
  behind < slight_behind → 正常; slight_behind ≤ behind ≤ serious_behind → 轻微滞后;
  behind > serious_behind → 明显滞后.
  已完成 with 完成进度 ≥ completed_progress (or left blank) → 已完成; 已完成 with less →
  judged by the number, with a note. 未启动 (and progress blank or 0) → 明显滞后 when
  序时进度 > 0, else 正常. A status without a number: 序时推进 → 正常, 进度滞后 → 轻微滞后,
  each with a note that the number is missing.
* **Several answering rows** (several leads, or a list without lead): the task takes the
  *worst* row status and the *lowest* 完成进度 — a jointly led task is only as far along
  as its slowest lead. All rows 已完成 → 已完成.
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

    @property
    def id(self) -> str:
        return self.task.id

    @property
    def behind(self) -> float | None:
        return None if self.progress is None else self.scheduled - self.progress

    @property
    def is_late(self) -> bool:
        return self.status in st.LATE

    def texts(self, attr: str) -> list[tuple[str, str]]:
        """(unit, text) pairs of ``progress_text``/``problems``/``next_steps``, owners first, blanks left out."""
        return [(r.unit, getattr(r, attr).strip()) for r in self.rows if (getattr(r, attr) or "").strip()]


def answered(row: TaskReport) -> bool:
    return row.status is not None or row.progress is not None


_OWN_STATUS_ORDER = {"未启动": 4, "进度滞后": 3, "序时推进": 2, "已完成": 1}


def judge_row(row: TaskReport, scheduled: float, settings: AssessmentSettings) -> tuple[str, list[str]]:
    """Status of one unit's answer, and notes explaining any judgement call."""
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


def assess_task(
    task: Task,
    reports: PeriodReturns,
    period: Period,
    settings: AssessmentSettings,
    plan_start: date,
) -> TaskAssessment:
    scheduled = scheduled_progress(plan_start, task.deadline, period.end)
    owners = owners_of(task)
    all_rows = reports.task_reports(task.id)
    order = {u: i for i, u in enumerate(owners + [u for u in task.co if u not in owners])}
    all_rows.sort(key=lambda r: (order.get(r.unit, len(order)), r.unit))
    owner_rows = [r for r in all_rows if r.unit in owners and answered(r)]
    answered_units = list(dict.fromkeys(r.unit for r in owner_rows))
    missing = [u for u in owners if u not in answered_units]
    notes: list[str] = []
    if not owners:
        notes.append("方案未明确责任单位")
    if not owner_rows:
        for unit in missing:
            if reports.has_reported(unit):
                notes.append(f"{unit}已报送，但未填写本任务的进展状态和完成进度")
        return TaskAssessment(task, scheduled, None, st.MISSING, st.light(st.MISSING), owners, [], missing,
                              None, all_rows, notes)
    if missing:
        notes.append(f"{'、'.join(missing)}未报送本任务进展，按已报送单位评估")
    statuses = []
    for row in owner_rows:
        s, n = judge_row(row, scheduled, settings)
        statuses.append(s)
        notes.extend(n)
    not_done = [s for s in statuses if s != st.DONE]
    status = st.worst(not_done) if not_done else st.DONE
    progresses = [r.progress for r in owner_rows if r.progress is not None]
    progress = min(progresses) if progresses else None
    if progress is None and status == st.DONE:
        progress = 100.0
    own = [r.status for r in owner_rows if r.status]
    reported_status = max(own, key=lambda s: _OWN_STATUS_ORDER.get(s, 0)) if own else None
    return TaskAssessment(task, scheduled, progress, status, st.light(status), owners, answered_units, missing,
                          reported_status, all_rows, notes)


__all__ = ["TaskAssessment", "assess_task", "judge_row", "owners_of"]
