"""Which rows a unit's form has: pure functions of the plan, the unit and the period.

Nothing here writes a file; tests check these rows against the plan files, and
the workbook writer only lays them out.

Row ids: a task row is the task id (T01); a target row is the goal id (G1), the
task target id (T01-1) or the indicator id (I01).

One indicator is asked once per form: rows measuring the same indicator (the same
name and unit, or a goal and the indicator-table row it matches) share the answer
of the first of them (:attr:`TargetRow.same_as`); the collector copies that answer
to every row of the group.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from dataclasses import dataclass, replace

from ..period import Period
from ..plan.model import ROLE_CO, ROLE_LEAD, Indicator, Plan, Target, Task, current_indicator_target

KIND_GOAL = "goal"
KIND_TASK = "task"
KIND_INDICATOR = "indicator"

NO_LEAD_NOTE = "（本任务未明确牵头单位，各责任单位分别报送）"
# How close a goal's wording must be to an indicator's name to count as the same indicator.
GOAL_MATCH_RATIO = 0.75

_COMPARATOR_TEXT = {">=": "≥{}", "<=": "≤{}", "approx": "{}左右", "=": "{}"}


@dataclass(frozen=True)
class TaskRow:
    """One row of 重点任务: a task the unit leads (牵头) or co-owns (配合)."""

    row_id: str
    area: str
    title: str
    text: str
    role: str  # 牵头 | 配合
    lead: tuple[str, ...]
    co: tuple[str, ...]
    others_text: str  # 其他责任单位 as shown
    no_lead: bool  # the plan names no lead: every listed unit reports its own progress


@dataclass(frozen=True)
class TargetRow:
    """One row of 量化目标: a goal, a task target or an indicator the unit answers for."""

    row_id: str
    kind: str  # goal | task | indicator
    indicator: str  # 指标 as shown (with a note line where one applies)
    unit: str | None
    baseline_year: int | None
    baseline_value: float | None
    target_year: int
    target_value: float | None
    comparator: str | None
    target_text: str  # 目标值 as shown: ≥70, 22左右, ≤41, or the plan's words
    qualitative: bool  # no number: the unit judges 达标/未达标
    needs_baseline: bool  # the plan gives no baseline: 基期值 is an input cell
    task_id: str | None = None
    # The plan gives no 基期年份 either: it is an input cell too, pre-filled with the plan's base year
    # (``baseline_year`` then holds that suggestion, or None when the plan has no base year).
    baseline_year_input: bool = False
    same_as: str | None = None  # row id whose answer serves this row (the same indicator, asked once)
    measure: str = ""  # the indicator's bare name, for matching rows that measure the same thing

    def input_keys(self) -> frozenset[str]:
        """The 量化目标 column keys that are input cells on this row (see :mod:`.columns`)."""
        if self.same_as:
            return frozenset()
        keys = {"actual", "source", "note"}
        if self.needs_baseline:
            keys.add("baseline")
            if self.baseline_year_input:
                keys.add("baseline_year")
        return frozenset(keys)


@dataclass(frozen=True)
class FormContent:
    """Everything one unit answers for in one plan and period."""

    plan_id: str
    plan_title: str
    unit: str
    period: str
    tasks: tuple[TaskRow, ...]
    targets: tuple[TargetRow, ...]

    @property
    def is_empty(self) -> bool:
        return not self.tasks and not self.targets

    @property
    def lead_count(self) -> int:
        return sum(1 for t in self.tasks if t.role == ROLE_LEAD)

    @property
    def co_count(self) -> int:
        return sum(1 for t in self.tasks if t.role == ROLE_CO)

    @property
    def task_row_ids(self) -> tuple[str, ...]:
        return tuple(t.row_id for t in self.tasks)

    @property
    def target_row_ids(self) -> tuple[str, ...]:
        return tuple(t.row_id for t in self.targets)


# --------------------------------------------------------------------------- rules


def coordinating_unit(plan: Plan) -> str:
    """The unit hosting the leading-group office (:meth:`Plan.coordinating_unit`)."""
    return plan.coordinating_unit() or ""


def _core(name: str) -> str:
    name = re.sub(r"\s+", "", name or "")
    return re.sub(r"^(全市|全县|全区|全省|我市|我县)", "", name)


@functools.lru_cache(maxsize=4096)
def _similarity(a: str, b: str) -> float:
    """difflib's similarity ratio of two names (0–1); every unit's form asks the same pairs again."""
    return difflib.SequenceMatcher(None, a, b).ratio()


def matching_indicator(plan: Plan, goal: Target) -> Indicator | None:
    """The indicator of the plan's table that measures the same thing as ``goal``, if any.

    Names are compared after dropping whitespace and a leading 全市/全县; the best
    match counts when its similarity ratio reaches :data:`GOAL_MATCH_RATIO` and the
    units agree where both are given (非化石能源消费比重 ~ 非化石能源占一次能源消费比重,
    but 能源消耗降低 is not 二氧化碳排放降低).
    """
    best, best_ratio = None, 0.0
    core = _core(goal.indicator)
    for indicator in plan.indicators:
        if goal.unit and indicator.unit and goal.unit != indicator.unit:
            continue
        ratio = _similarity(core, _core(indicator.name))
        if ratio > best_ratio:
            best, best_ratio = indicator, ratio
    return best if best_ratio >= GOAL_MATCH_RATIO else None


def goal_owner(plan: Plan, goal: Target) -> str:
    """Who answers for a goal of the 主要目标 section (goals name no unit in the plan).

    In order: the goal's own ``reporter`` if the plan file names one; the first
    responsible unit of the indicator-table row measuring the same thing
    (:func:`matching_indicator`); else the plan's coordinating unit, the one
    hosting the leading-group office (:func:`coordinating_unit`).
    """
    if goal.reporter:
        return goal.reporter
    indicator = matching_indicator(plan, goal)
    if indicator is not None and indicator.responsible:
        return indicator.responsible[0]
    return coordinating_unit(plan)


def target_owner(plan: Plan, task: Task, target: Target) -> str | None:
    """Who answers for a task's target: ``Task.target_reporter`` (named reporter, else first lead,
    else first listed unit), except that an implementer group (各区县人民政府), which gets no form,
    passes it to the first other unit of the task."""
    owner = task.target_reporter(target)
    found = plan.unit(owner) if owner else None
    if found is not None and found.kind == "implementer_group":
        others = [u for u in task.reporting_units if (plan.unit(u) is None or plan.unit(u).kind != "implementer_group")]
        return others[0] if others else owner
    return owner


def fmt_number(value: float | None) -> str:
    """A number as people write it: 22, 35.8, 0.125 (no trailing zeros, no exponent)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def target_text(value: float | None, comparator: str | None, words: str = "", aspirational: bool = False) -> str:
    """目标值 as shown on the form: ≥70, 22左右, ≤41; the plan's own words for a target without a number."""
    if value is None:
        return words
    text = _COMPARATOR_TEXT.get(comparator or "=", "{}").format(fmt_number(value))
    return f"力争{text}" if aspirational else text


def _qualitative_words(quote: str) -> str:
    match = re.search(r"(确保)?完成[^，。；]*?(目标任务|任务|目标)", quote or "")
    return match.group(0) if match else (quote or "定性目标")


def _others_text(task: Task, unit: str) -> str:
    lead = [u for u in task.lead if u != unit]
    co = [u for u in task.co if u != unit]
    parts = []
    if not (task.lead or task.co) and task.reporter == unit:
        parts.append("方案只写了统称的责任主体，本任务由本单位汇总报送")
    elif not task.lead:
        parts.append(NO_LEAD_NOTE)
        if co:
            parts.append("其他责任单位：" + "、".join(co))
    else:
        if lead:
            parts.append("牵头：" + "、".join(lead))
        if co:
            parts.append("配合：" + "、".join(co))
    if task.implementers:
        parts.append("具体落实：" + "、".join(task.implementers))
    return "\n".join(parts) if parts else "—"


def _task_row(task: Task, unit: str) -> TaskRow:
    area = task.area or task.part
    if task.part and task.part != "重点任务" and area != task.part:
        area = f"{task.part}·{area}"
    return TaskRow(
        row_id=task.id,
        area=area,
        title=task.title,
        text=task.text,
        role=task.role_of(unit) or ROLE_CO,
        lead=tuple(task.lead),
        co=tuple(task.co),
        others_text=_others_text(task, unit),
        no_lead=not task.lead and not (task.reporter == unit and not task.co),
    )


def _goal_row(plan: Plan, goal: Target) -> TargetRow:
    indicator = matching_indicator(plan, goal)
    name = goal.indicator
    if indicator is not None:
        name += f"\n（与指标{indicator.id}“{indicator.name}”为同一指标）"
    row = _target_row(goal, KIND_GOAL, name, None)
    return replace(row, measure=indicator.name if indicator is not None else goal.indicator)


def _task_target_row(task: Task, target: Target) -> TargetRow:
    name = target.indicator
    if not task.lead and task.co:
        name += f"\n（所属任务{task.id}未明确牵头单位，本目标由本单位报送）"
    elif target.reporter:
        name += f"\n（计划指定本单位报送，所属任务{task.id}）"
    return _target_row(target, KIND_TASK, name, task.id)


def _target_row(target: Target, kind: str, name: str, task_id: str | None) -> TargetRow:
    qualitative = target.value is None
    baseline = target.baseline
    return TargetRow(
        row_id=target.id,
        kind=kind,
        indicator=name,
        unit=target.unit,
        baseline_year=baseline.year if baseline else None,
        baseline_value=baseline.value if baseline else None,
        target_year=target.year,
        target_value=target.value,
        comparator=target.comparator,
        target_text=target_text(target.value, target.comparator, _qualitative_words(target.quote), target.aspirational),
        qualitative=qualitative,
        needs_baseline=not qualitative and (baseline is None or baseline.value is None),
        task_id=task_id,
        measure=target.indicator,
    )


def _indicator_row(indicator: Indicator, year: int) -> TargetRow:
    current = current_indicator_target(indicator, year)
    value = current.value if current else None
    qualitative = value is None
    baseline = indicator.baseline
    name = indicator.name
    if indicator.nature:
        name += f"（{indicator.nature}）"
    words = (current.text if current else "") or "定性目标"
    return TargetRow(
        row_id=indicator.id,
        kind=KIND_INDICATOR,
        indicator=name,
        unit=indicator.unit,
        baseline_year=baseline.year if baseline else None,
        baseline_value=baseline.value if baseline else None,
        target_year=current.year if current else 0,
        target_value=value,
        comparator=current.comparator if current else None,
        target_text=target_text(value, current.comparator if current else None, words),
        qualitative=qualitative,
        needs_baseline=not qualitative and (baseline is None or baseline.value is None),
        measure=indicator.name,
    )


def plan_base_year(plan: Plan) -> int | None:
    """The plan's base year: the year most of its stated baselines use (2020 in the seed plans), else None."""
    years = Counter(t.baseline.year for t in plan.goals if t.baseline)
    years.update(t.baseline.year for task in plan.tasks for t in task.targets if t.baseline)
    years.update(i.baseline.year for i in plan.indicators if i.baseline)
    return years.most_common(1)[0][0] if years else None


def _with_base_year(row: TargetRow, base_year: int | None) -> TargetRow:
    """A row whose 基期值 is asked: its 基期年份 is the plan's where the row has none, and the unit may change it."""
    if not row.needs_baseline or row.baseline_year is not None:
        return row
    return replace(row, baseline_year=base_year, baseline_year_input=True)


def _measure_key(row: TargetRow) -> tuple[str, str]:
    return _core(row.measure), row.unit or ""


def _baselines_agree(a: TargetRow, b: TargetRow) -> bool:
    if a.baseline_value is None or b.baseline_value is None:
        return True
    return (a.baseline_year, a.baseline_value) == (b.baseline_year, b.baseline_value)


def share_answers(plan: Plan, rows: list[TargetRow]) -> list[TargetRow]:
    """Mark rows that measure an indicator an earlier row already asks for (:attr:`TargetRow.same_as`).

    Two numeric rows measure the same indicator when their names (without 全市/全县)
    and units are equal, or when one is a goal and the other the
    indicator-table row it matches (:func:`matching_indicator`), and their stated
    baselines do not differ (a 2025 target "比2020年下降" and a 2030 one "比2025年下降"
    are different measures). A row without a number (达标/未达标) is always asked.
    """
    matched = {g.id: m.id for g in plan.goals if (m := matching_indicator(plan, g)) is not None}
    out: list[TargetRow] = []
    firsts: list[TargetRow] = []
    for row in rows:
        primary = None
        if not row.qualitative:
            for first in firsts:
                same = _measure_key(first) == _measure_key(row) or matched.get(first.row_id) == row.row_id or matched.get(row.row_id) == first.row_id
                if same and (first.unit or "") == (row.unit or "") and _baselines_agree(first, row):
                    primary = first
                    break
        if primary is None:
            out.append(row)
            if not row.qualitative:
                firsts.append(row)
        else:
            out.append(replace(row, same_as=primary.row_id, needs_baseline=False, baseline_year_input=False))
    return out


def form_rows(plan: Plan, unit: str, period: Period) -> FormContent:
    """The rows of ``unit``'s form for ``plan`` in ``period``.

    Tasks: every task the unit leads or co-owns, in plan order (a task with no
    lead is reported by every listed unit). Targets, in this order: the goals it
    answers for (:func:`goal_owner`), the targets of tasks it answers for
    (:func:`target_owner`: the named reporter, else the first lead, else the
    first listed unit) and the indicators naming it as responsible, each showing
    its current target (:func:`current_indicator_target`). A row measuring an
    indicator an earlier row asks for shares that row's answer (:func:`share_answers`);
    a row whose baseline the plan lacks asks for 基期值 and, where the plan gives no
    year either, for 基期年份 pre-filled with the plan's base year (:func:`plan_base_year`).
    """
    tasks = tuple(_task_row(t, unit) for t in plan.tasks if t.role_of(unit))
    targets: list[TargetRow] = [_goal_row(plan, g) for g in plan.goals if goal_owner(plan, g) == unit]
    for task in plan.tasks:
        for target in task.targets:
            if target_owner(plan, task, target) == unit:
                targets.append(_task_target_row(task, target))
    targets.extend(_indicator_row(i, period.year) for i in plan.indicators if unit in i.responsible)
    base_year = plan_base_year(plan)
    targets = share_answers(plan, [_with_base_year(t, base_year) for t in targets])
    return FormContent(plan.id, plan.title, unit, period.code, tasks, tuple(targets))


def skip_reason(plan: Plan, unit: str, content: FormContent) -> str | None:
    """Why ``unit`` gets no form (None when it gets one)."""
    found = plan.unit(unit)
    if found is not None and found.kind == "implementer_group":
        return "统称的落实主体（如各区县人民政府），不单独发放填报表"
    if content.is_empty:
        return "本计划中没有由本单位报送的任务或目标"
    return None
