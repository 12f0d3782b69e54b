"""The plan as typed objects: what every later stage (forms, collect, assess, report) reads.

Field names follow the plan-file contract in DESIGN.md; ``plans/<id>.yaml`` is
these objects written out by :mod:`generator.plan.planfile`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

COMPARATORS = (">=", "<=", "approx", "=")
DIRECTIONS = ("up", "down")
UNIT_KINDS = ("department", "enterprise", "implementer_group")
ROLE_LEAD = "牵头"
ROLE_CO = "配合"


@dataclass
class Unit:
    """One responsible unit of the plan, under its canonical name."""

    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = "department"


@dataclass
class Baseline:
    year: int
    value: float | None


@dataclass
class Target:
    """A quantitative (or, with ``value`` None, qualitative) target.

    Relative and incremental targets (比2020年下降14.5%, “十四五”期间新增35.8万千瓦)
    are stored as the change itself with a zero baseline at the reference year,
    so that the reported value is the change achieved so far and more is better.
    """

    id: str
    year: int
    indicator: str
    value: float | None
    unit: str | None
    comparator: str | None
    direction: str | None
    quote: str
    baseline: Baseline | None = None
    aspirational: bool = False  # 力争: a stretch target
    reporter: str | None = None  # unit answering for it when not the task's first lead

    @property
    def is_quantitative(self) -> bool:
        return self.value is not None


@dataclass
class IndicatorTarget:
    year: int
    value: float | None
    comparator: str | None
    text: str  # the cell as printed in the plan (完成省下达目标任务, ≥50)


@dataclass
class Indicator:
    """A row of the plan's indicator table (指标体系)."""

    id: str
    domain: str
    name: str
    unit: str | None
    nature: str | None  # 约束性 | 预期性
    direction: str
    baseline: Baseline | None
    targets: list[IndicatorTarget]
    responsible: list[str]
    note: str | None = None


def current_indicator_target(indicator: "Indicator", year: int) -> IndicatorTarget | None:
    """The target in force in ``year``: the earliest target year not yet past, else the last one."""
    ordered = sorted(indicator.targets, key=lambda t: t.year)
    for target in ordered:
        if target.year >= year:
            return target
    return ordered[-1] if ordered else None


@dataclass
class Task:
    """An item of the plan that carries a responsibility clause."""

    id: str
    path: list[str]
    part: str  # title of the top-level part (重点任务, 保障措施 …)
    area: str  # title of the enclosing （一） level
    title: str
    text: str
    lead: list[str]
    co: list[str]
    implementers: list[str]
    deadline: int
    targets: list[Target] = field(default_factory=list)
    clause: str = ""  # the responsibility clause as written
    # Who reports a task whose clause names only collectives (领导小组各成员单位, 各县市区人民政府):
    # the plan's coordinating unit, set at import and open to review. None when a lead or co unit reports.
    reporter: str | None = None

    @property
    def lead_units(self) -> list[str]:
        return self.lead

    @property
    def reporting_units(self) -> list[str]:
        """Units that fill in a row for this task: lead and co units, lead first (else the named reporter)."""
        units = list(dict.fromkeys(self.lead + self.co))
        return units or ([self.reporter] if self.reporter else [])

    def role_of(self, unit: str) -> str | None:
        if unit in self.lead:
            return ROLE_LEAD
        if unit in self.co:
            return ROLE_CO
        if unit == self.reporter and not (self.lead or self.co):
            return ROLE_LEAD
        return None

    def target_reporter(self, target: Target) -> str | None:
        """Who answers for ``target``: its named reporter, else the first lead, else the first listed unit."""
        if target.reporter:
            return target.reporter
        units = self.lead or self.co
        return units[0] if units else None


@dataclass
class Column:
    """A 专栏 box: projects and programmes printed beside the tasks, not tasks themselves."""

    number: int
    title: str
    after: str | None
    text: str


@dataclass
class Source:
    file: str
    sha256: str


@dataclass
class Plan:
    id: str
    title: str
    issuer: str | None
    doc_number: str | None
    issued: date | None
    horizon: int
    source: Source
    units: list[Unit]
    goals: list[Target]
    indicators: list[Indicator]
    tasks: list[Task]
    columns: list[Column] = field(default_factory=list)
    schedule_start: date | None = None  # when 序时进度 starts counting; the issue date where known

    def coordinating_unit(self) -> str | None:
        """The unit hosting the leading-group office, which answers for what the plan gives no one.

        A unit named as the 领导小组办公室 if the plan lists one, else the first unit named
        发展改革/发改 (where that office usually sits), else the first department.
        """
        departments = [u.name for u in self.units if u.kind != "implementer_group"]
        for test in (lambda n: "领导小组办公室" in n, lambda n: "发展改革" in n or "发改" in n):
            for name in departments:
                if test(name):
                    return name
        return departments[0] if departments else None

    def unit(self, name: str) -> Unit | None:
        for unit in self.units:
            if unit.name == name:
                return unit
        return None

    def task(self, task_id: str) -> Task | None:
        for task in self.tasks:
            if task.id == task_id:
                return task
        return None

    def tasks_of(self, unit: str) -> list[Task]:
        return [t for t in self.tasks if unit in t.lead or unit in t.co]

    def reporting_units(self) -> list[str]:
        """Units that get a form: every unit leading or co-owning a task or answering for an indicator."""
        seen: dict[str, None] = {}
        for task in self.tasks:
            for name in task.reporting_units:
                seen.setdefault(name, None)
        for indicator in self.indicators:
            for name in indicator.responsible:
                seen.setdefault(name, None)
        kinds = {u.name: u.kind for u in self.units}
        return [n for n in self.units_in_order() if n in seen and kinds.get(n) != "implementer_group"]

    def units_in_order(self) -> list[str]:
        return [u.name for u in self.units]

    def all_targets(self) -> list[tuple[Task | None, Target]]:
        """Goals (task None) then every task target, in document order."""
        return [(None, g) for g in self.goals] + [(t, tg) for t in self.tasks for tg in t.targets]
