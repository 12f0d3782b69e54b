"""Assessment: the status of every task and target of a plan at the end of a period.

Pure: no file or database access. The one entry is :func:`assess_plan`; the report,
the summary workbook and the 督办通知 are all computed from the :class:`PlanAssessment`
it returns, so they can never disagree. Rules are documented in :mod:`.tasks`,
:mod:`.targets` and :mod:`.schedule`; thresholds come from :class:`AssessmentSettings`
(``templates/settings.yaml``, read by :func:`load_settings`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from ..period import Period
from ..plan.model import Plan
from ..returns import PeriodReturns
from . import status
from .schedule import plan_start, scheduled_progress
from .settings import AssessmentSettings, load_settings, settings_from_dict
from .status import LIGHTS, TARGET_STATUSES, TASK_STATUSES
from .targets import TargetAssessment, TargetSpec, assess_target, plan_target_specs
from .tasks import TaskAssessment, UnitPart, assess_task, owners_of

REPORTED, PARTIAL, NOT_REPORTED, RETURNED = "已报送", "部分填报", "未报送", status.RETURNED


@dataclass
class Returned:
    """A unit whose return was sent back (退回) and that has no accepted return since."""

    received: datetime  # when the returned file came in
    reasons: list[str] = field(default_factory=list)  # why it was sent back (the collection's messages)


@dataclass
class UnitStatus:
    """Whether one unit of the plan reported, and how completely."""

    unit: str
    kind: str
    status: str  # 已报送 | 部分填报 | 退回待重报 | 未报送
    task_ids: list[str]  # tasks it leads or co-owns (rows on its form)
    answered_task_ids: list[str]
    target_ids: list[str]  # targets and indicators it answers for
    answered_target_ids: list[str]
    lead_task_ids: list[str] = field(default_factory=list)
    person: str = ""
    phone: str = ""
    file_name: str = ""
    warnings: list[str] = field(default_factory=list)
    received: datetime | None = None  # when its accepted (or, 退回待重报, its returned) file came in
    reasons: list[str] = field(default_factory=list)  # 退回待重报: why the return was sent back

    @property
    def reported(self) -> bool:
        return self.status in (REPORTED, PARTIAL)

    @property
    def missing_task_ids(self) -> list[str]:
        return [t for t in self.task_ids if t not in self.answered_task_ids]


@dataclass
class AreaSummary:
    """One action area （一）（二）… with its tasks and their counts by status."""

    name: str
    path: str  # e.g. 二、（一）
    tasks: list[TaskAssessment]
    counts: dict[str, int]
    progress: float | None = None  # mean 完成进度 of its tasks that have one, this period
    previous_progress: float | None = None  # the same tasks' mean in the previous period (those reported in both)
    newly_done: list[TaskAssessment] = field(default_factory=list)  # 已完成 now, not in the previous period


@dataclass
class PeriodSummary:
    """The headline figures of one period (the trend table compares them)."""

    period: str
    label: str
    tasks: int
    task_counts: dict[str, int]
    units_total: int
    units_reported: int
    target_counts: dict[str, int]


@dataclass
class PlanAssessment:
    plan: Plan
    period: Period
    settings: AssessmentSettings
    start: date  # when 序时进度 starts counting
    start_reason: str
    tasks: list[TaskAssessment]
    targets: list[TargetAssessment]
    units: list[UnitStatus]
    task_counts: dict[str, int]  # every status of TASK_STATUSES, in that order
    task_lights: dict[str, int]
    target_counts: dict[str, int]  # every status of TARGET_STATUSES
    target_lights: dict[str, int]
    areas: list[AreaSummary]
    trend: list[PeriodSummary] = field(default_factory=list)  # earlier periods then this one
    as_of: date | None = None  # the day the collection stands at (latest file received), else None
    previous_label: str | None = None  # the previous period with returns, if any

    @property
    def as_of_date(self) -> date:
        """The day the figures stand at: the collection's latest receipt, else the period's end."""
        return self.as_of or self.period.end

    @property
    def no_returns(self) -> bool:
        return not any(u.reported for u in self.units)

    @property
    def late_tasks(self) -> list[TaskAssessment]:
        """逾期未完成 first, then 明显滞后, then 轻微滞后, each in plan order."""
        return [t for s in (status.OVERDUE, status.SERIOUS, status.SLIGHT) for t in self.tasks if t.status == s]

    @property
    def missing_tasks(self) -> list[TaskAssessment]:
        return [t for t in self.tasks if t.status == status.MISSING]

    @property
    def units_reported(self) -> list[UnitStatus]:
        return [u for u in self.units if u.reported]

    @property
    def units_not_reported(self) -> list[UnitStatus]:
        """Units without an accepted return: 未报送 and 退回待重报."""
        return [u for u in self.units if not u.reported]

    @property
    def units_missing(self) -> list[UnitStatus]:
        return [u for u in self.units if u.status == NOT_REPORTED]

    @property
    def units_returned(self) -> list[UnitStatus]:
        return [u for u in self.units if u.status == RETURNED]

    @property
    def units_partial(self) -> list[UnitStatus]:
        return [u for u in self.units if u.status == PARTIAL]

    def summary(self) -> PeriodSummary:
        return PeriodSummary(
            self.period.code, self.period.label, len(self.tasks), dict(self.task_counts),
            len(self.units), len(self.units_reported), dict(self.target_counts),
        )

    def figures(self) -> dict[str, int]:
        """The headline numbers printed in the report and written to 汇总表.xlsx (same dict)."""
        out = {"任务总数": len(self.tasks)}
        out.update({f"任务{k}": v for k, v in self.task_counts.items()})
        out["任务滞后"] = self.task_counts[status.SLIGHT] + self.task_counts[status.SERIOUS]
        out["单位总数"] = len(self.units)
        out["单位已报送"] = len(self.units_reported)
        out["单位部分填报"] = len(self.units_partial)
        out["单位未报送"] = len(self.units_not_reported)
        out["单位退回待重报"] = len(self.units_returned)
        out["目标总数"] = len(self.targets)
        out.update({f"目标{k}": v for k, v in self.target_counts.items()})
        return out


def _counts(values, keys) -> dict[str, int]:
    c = Counter(values)
    return {k: c.get(k, 0) for k in keys}


def _unit_statuses(plan: Plan, returns: PeriodReturns, specs: list[TargetSpec],
                   returned: dict[str, Returned]) -> list[UnitStatus]:
    kinds = {u.name: u.kind for u in plan.units}
    out = []
    for name in plan.reporting_units():
        task_ids = [t.id for t in plan.tasks_of(name)]
        lead_ids = [t.id for t in plan.tasks if name in owners_of(t)]
        target_ids = [s.id for s in specs if name in s.responsible]
        ret = returns.returns.get(name)
        if ret is None:
            back = returned.get(name)
            out.append(UnitStatus(name, kinds.get(name, "department"), RETURNED if back else NOT_REPORTED, task_ids, [],
                                  target_ids, [], lead_ids, received=back.received if back else None,
                                  reasons=list(back.reasons) if back else []))
            continue
        answered_tasks = [t for t in task_ids if any(r.task_id == t and (r.status is not None or r.progress is not None) for r in ret.tasks)]
        answered_targets = [t for t in target_ids if any(r.target_id == t and (r.actual is not None or r.judgement is not None) for r in ret.targets)]
        complete = len(answered_tasks) == len(task_ids) and len(answered_targets) == len(target_ids)
        contact = ret.contact
        out.append(UnitStatus(
            name, kinds.get(name, "department"), REPORTED if complete else PARTIAL, task_ids, answered_tasks,
            target_ids, answered_targets, lead_ids,
            person=contact.person if contact else "", phone=contact.phone if contact else "",
            file_name=ret.file_name, warnings=list(ret.warnings), received=ret.received,
        ))
    return out


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _areas(tasks: list[TaskAssessment], previous: dict[str, TaskAssessment]) -> list[AreaSummary]:
    """Action areas in plan order. A task standing directly under its part (no （一） level, so its
    area is its own title) is grouped under the part's title, unless that part also has areas."""
    parts_with_areas = {ta.task.part for ta in tasks if ta.task.area and ta.task.area != ta.task.title}
    groups: dict[tuple[str, str], list[TaskAssessment]] = {}
    for ta in tasks:
        t = ta.task
        own_area = t.area and t.area != t.title
        key = (t.part, t.area) if own_area else ((t.part, t.title) if t.part in parts_with_areas or not t.part else (t.part, t.part))
        groups.setdefault(key, []).append(ta)
    out = []
    for (part, area), items in groups.items():
        path = items[0].task.path
        grouped = area == part and len(items[0].task.path) < 3
        prefix = "".join(path[:1]) if grouped or len(path) < 3 else "".join(path[:2])
        both = [(ta.progress, previous[ta.id].progress) for ta in items
                if ta.id in previous and ta.progress is not None and previous[ta.id].progress is not None]
        out.append(AreaSummary(
            area, prefix, items, _counts([t.status for t in items], TASK_STATUSES),
            progress=_mean(ta.progress for ta in items),
            previous_progress=_mean(p for _, p in both) if both else None,
            newly_done=[ta for ta in items if ta.status == status.DONE and previous
                        and ta.id in previous and previous[ta.id].status != status.DONE],
        ))
    return out


def assess_plan(
    plan: Plan,
    period: Period,
    returns: PeriodReturns,
    settings: AssessmentSettings | None = None,
    history: list[PeriodReturns] | tuple = (),
    returned: dict[str, Returned] | None = None,
    as_of: date | None = None,
) -> PlanAssessment:
    """Assess every task, goal, indicator and task target of ``plan`` at the end of ``period``.

    ``history`` holds earlier periods' returns (oldest first): they give each target's trend,
    the per-period figures in :attr:`PlanAssessment.trend` and each area's movement since the
    previous period. ``returned``: units whose return was sent back and not yet replaced
    (退回待重报). ``as_of``: the day the collection stands at (default: the latest receipt
    among the returns).
    """
    settings = settings or AssessmentSettings()
    start, reason = plan_start(plan, period.start)
    tasks = [assess_task(t, returns, period, settings, start) for t in plan.tasks]
    specs = plan_target_specs(plan, period.year)
    order = plan.units_in_order()
    history = sorted((h for h in history if h.period != period.code), key=lambda h: Period.parse(h.period).end)
    targets = [assess_target(s, returns, period, settings, history, order) for s in specs]
    returned = {u: r for u, r in (returned or {}).items() if u not in returns.returns}
    trend, previous = [], None
    for i, earlier in enumerate(history):
        try:
            p = Period.parse(earlier.period)
        except Exception:  # a malformed period code in the store: leave it out of the trend
            continue
        previous = assess_plan(plan, p, earlier, settings, history[:i])
        trend.append(previous.summary())
    receipts = [r.received.date() for r in returns.returns.values()] + [r.received.date() for r in returned.values()]
    result = PlanAssessment(
        plan=plan, period=period, settings=settings, start=start, start_reason=reason,
        tasks=tasks, targets=targets, units=_unit_statuses(plan, returns, specs, returned),
        task_counts=_counts([t.status for t in tasks], TASK_STATUSES),
        task_lights=_counts([t.light for t in tasks], LIGHTS),
        target_counts=_counts([t.status for t in targets], TARGET_STATUSES),
        target_lights=_counts([t.light for t in targets], LIGHTS),
        areas=_areas(tasks, {t.id: t for t in previous.tasks} if previous else {}),
        as_of=as_of or (max(receipts) if receipts else None),
        previous_label=previous.period.label if previous else None,
    )
    result.trend = trend + [result.summary()]
    return result


__all__ = [
    "AreaSummary", "AssessmentSettings", "NOT_REPORTED", "PARTIAL", "PeriodSummary", "PlanAssessment", "REPORTED",
    "RETURNED", "Returned", "TargetAssessment", "TargetSpec", "TaskAssessment", "UnitPart", "UnitStatus", "assess_plan", "assess_target", "assess_task",
    "load_settings", "plan_start", "scheduled_progress", "settings_from_dict", "status",
]
