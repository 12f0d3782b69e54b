"""Assessment of one goal, task target or indicator against the straight path to its target.

Rules (DESIGN "Assessment — rules", thresholds from settings), in the order applied:

1. **No answer** (no row with a 本期实际值 or a 达标/未达标 judgement from the units that answer
   for it) → 未报送.
2. **Qualitative** (no target number, e.g. 完成省下达目标任务) → the unit's judgement:
   达标 → 已达标; 未达标 → 未完成 after the target year, else 明显滞后 (the unit itself says the
   target is not being met and there is no number to grade how far; red so it is followed up).
   A number without a judgement → 进行中 (nothing to compare it with).
3. **Met** by the comparator → 已达标, whatever the trend. ``>=``/``<=`` compare directly;
   ``approx`` (左右) counts as met when the actual is within ``approx_tolerance`` × |target| of
   the target *or beyond it in the plan's direction* (22%左右 is met by 25%); ``=`` is met when
   the target is reached or passed in the plan's direction. Without a direction ``approx``/``=``
   are judged two-sided.
4. **Past the target year** (period end after 31 December of the target year), not met → 未完成.
5. **No baseline** (none in the plan, none entered by the unit) → 进行中, with the trend against
   the previous period that has a value (改善/持平/退步). A 基期值 entered by the unit counts
   like the plan's: its year is the 基期年份 the unit entered, else the plan's year for that
   baseline, else the plan's base year (:func:`plan_base_year`, the year most of the plan's
   baselines are stated for, as the form states it); the target is then measured on its path.
6. **Direction missing** in the plan file (never defaulted) → 进行中 with a note.
7. **Path.** Baseline b at the end of its year, target v at the end of the target year; the
   expected value at the end of the period is on the straight line between them (capped to the
   two ends). With s = +1 for ``up`` and −1 for ``down``: moved = s·(actual − b),
   needed = s·(expected − b), R = moved ÷ needed (rounded to 6 places before comparing).
   R ≥ normal_ratio → 正常; slight_ratio ≤ R < normal_ratio → 轻微滞后; 0 ≤ R < slight_ratio →
   明显滞后; R < 0 → 逆向. When needed ≤ 0 (the period ends in the baseline year, or the baseline
   already lies beyond the target) there is no ratio: moved ≥ 0 → 正常, moved < 0 → 逆向.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..period import Period
from ..plan.model import Indicator, Plan, Target, Task, current_indicator_target
from ..returns import PeriodReturns, TargetReport
from . import status as st
from .settings import AssessmentSettings

KIND_GOAL, KIND_TASK, KIND_INDICATOR = "主要目标", "任务目标", "指标体系"


@dataclass
class TargetSpec:
    """What is assessed: a goal, a task target or an indicator's current target, in one shape."""

    id: str
    kind: str  # KIND_GOAL | KIND_TASK | KIND_INDICATOR
    name: str
    unit: str | None
    year: int
    value: float | None
    comparator: str | None
    direction: str | None
    text: str  # the target as the plan words it
    baseline_year: int | None
    baseline_value: float | None
    responsible: list[str]  # units whose row counts, in order of preference
    task_id: str | None = None
    any_unit: bool = False  # goals: a row from any unit counts
    plan_base_year: int | None = None  # the year of a unit-entered baseline when neither plan nor unit gives one


@dataclass
class TargetAssessment:
    spec: TargetSpec
    status: str
    light: str
    actual: float | None = None
    expected: float | None = None  # 序时目标值 at period end
    ratio: float | None = None
    baseline: float | None = None  # the baseline used (plan's, else the unit's)
    baseline_year: int | None = None
    reported_by: str | None = None
    judgement: str | None = None
    trend: list[tuple[str, float]] = field(default_factory=list)  # earlier periods then this one
    trend_word: str | None = None  # 改善 / 持平 / 退步 against the last earlier value
    notes: list[str] = field(default_factory=list)
    row: TargetReport | None = None

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def is_late(self) -> bool:
        return self.status in (st.SLIGHT, st.SERIOUS, st.REVERSE, st.FAILED)


def _answered(row: TargetReport) -> bool:
    return row.actual is not None or row.judgement is not None


def pick_report(spec: TargetSpec, returns: PeriodReturns, unit_order: list[str] | None = None) -> TargetReport | None:
    """The row that answers for ``spec``: responsible units first, in order; goals from any unit."""
    rows = [r for r in returns.target_reports(spec.id) if _answered(r)]
    order = {u: i for i, u in enumerate(spec.responsible)}
    rank = {u: i for i, u in enumerate(unit_order or [])}
    pool = rows if spec.any_unit else [r for r in rows if r.unit in order]
    if not pool and rows:  # answered by someone else than the plan says: accept it, with a note later
        pool = rows
    if not pool:
        return None
    return sorted(pool, key=lambda r: (order.get(r.unit, len(order)), rank.get(r.unit, len(rank)), r.unit))[0]


def is_met(actual: float, value: float, comparator: str | None, direction: str | None, tolerance: float) -> bool:
    eps = 1e-9 * max(1.0, abs(value))
    if comparator == ">=":
        return actual >= value - eps
    if comparator == "<=":
        return actual <= value + eps
    band = tolerance * abs(value) if comparator == "approx" else 0.0
    band += eps
    if direction == "up":
        return actual >= value - band
    if direction == "down":
        return actual <= value + band
    return abs(actual - value) <= band


def expected_value(b: float, b_year: int, v: float, v_year: int, at: date) -> float:
    """Straight line from (31 Dec b_year, b) to (31 Dec v_year, v), evaluated at ``at``, capped to the ends."""
    start, end = date(b_year, 12, 31), date(v_year, 12, 31)
    span = (end - start).days
    if span <= 0:
        return v
    frac = min(max((at - start).days / span, 0.0), 1.0)
    return b + (v - b) * frac


def grade_ratio(ratio: float, settings: AssessmentSettings) -> str:
    r = round(ratio, 6)
    if r >= settings.normal_ratio:
        return st.NORMAL
    if r >= settings.slight_ratio:
        return st.SLIGHT
    if r >= 0:
        return st.SERIOUS
    return st.REVERSE


def _trend(spec: TargetSpec, history, unit_order) -> list[tuple[str, float]]:
    out = []
    for earlier in history:
        row = pick_report(spec, earlier, unit_order)
        if row is not None and row.actual is not None:
            out.append((earlier.period, row.actual))
    return out


def assess_target(
    spec: TargetSpec,
    reports: PeriodReturns,
    period: Period,
    settings: AssessmentSettings,
    history=(),
    unit_order: list[str] | None = None,
) -> TargetAssessment:
    """Status of one goal, task target or indicator at the end of ``period`` (see module docstring)."""

    def done(status: str, **kw) -> TargetAssessment:
        return TargetAssessment(spec, status, st.light(status), **kw)

    row = pick_report(spec, reports, unit_order)
    trend = _trend(spec, history, unit_order)
    notes: list[str] = []
    if row is None:
        if any(reports.has_reported(u) for u in spec.responsible):
            notes.append("责任单位已报送，但未填写本期实际值")
        return done(st.MISSING, trend=trend, notes=notes, baseline=spec.baseline_value, baseline_year=spec.baseline_year)
    if spec.responsible and row.unit not in spec.responsible and not spec.any_unit:
        notes.append(f"由{row.unit}填报")
    actual = row.actual
    if row.note.strip():
        notes.append(f"{row.unit}说明：{row.note.strip()}")
    trend_word = None
    base = dict(actual=actual, reported_by=row.unit, judgement=row.judgement, row=row, notes=notes)
    after_target_year = period.end > date(spec.year, 12, 31)
    if actual is not None:
        trend = trend + [(period.code, actual)]
        if len(trend) >= 2:
            prev = trend[-2][1]
            sign = {"up": 1, "down": -1}.get(spec.direction or "", 0)
            if spec.value is not None and not sign and spec.baseline_value is not None:
                sign = 1 if spec.value >= spec.baseline_value else -1
            delta = (actual - prev) * sign
            trend_word = "持平" if abs(actual - prev) < 1e-9 or not sign else ("改善" if delta > 0 else "退步")
    base.update(trend=trend, trend_word=trend_word)

    # 2. qualitative
    if spec.value is None:
        if row.judgement == "达标":
            return done(st.MET, **base)
        if row.judgement == "未达标":
            return done(st.FAILED if after_target_year else st.SERIOUS, **base)
        notes.append("目标无量化值，单位未作达标判断")
        return done(st.ONGOING, **base)
    if actual is None:  # a number was expected, only a judgement came
        notes.append(f"{row.unit}未填本期实际值，按单位自评（{row.judgement}）评估")
        if row.judgement == "达标":
            return done(st.MET, **base)
        return done(st.FAILED if after_target_year else st.SERIOUS, **base)

    # baseline: plan's, else the unit's own (with its year, else the plan's)
    b, b_year = spec.baseline_value, spec.baseline_year
    if b is None and row.baseline is not None:
        b = row.baseline
        b_year = row.baseline_year or spec.baseline_year or spec.plan_base_year
        if row.baseline_year:
            notes.append(f"基期值{row.baseline:g}（{b_year}年）由{row.unit}填报")
        elif b_year:
            notes.append(f"基期值{row.baseline:g}由{row.unit}填报，基期年份按方案基期{b_year}年")
        else:
            notes.append(f"基期值{row.baseline:g}由{row.unit}填报，未填基期年份")
    base.update(baseline=b, baseline_year=b_year)

    if b is not None and b_year is not None and spec.direction in ("up", "down"):
        base.update(expected=expected_value(b, b_year, spec.value, spec.year, period.end))
    # 3. met
    if is_met(actual, spec.value, spec.comparator, spec.direction, settings.approx_tolerance):
        return done(st.MET, **base)
    # 4. past the target year
    if after_target_year:
        return done(st.FAILED, **base)
    # 5. no baseline
    if b is None or b_year is None:
        why = "无基期值" if b is None else "基期年份不明"
        notes.append(f"{why}，不测算序时目标值" + (f"，较上期{trend_word}" if trend_word else ""))
        return done(st.ONGOING, **base)
    # 6. direction
    if spec.direction not in ("up", "down"):
        notes.append("方案未明确该指标是增是减，暂不按路径测算")
        return done(st.ONGOING, **base)
    # 7. path
    expected = expected_value(b, b_year, spec.value, spec.year, period.end)
    s = 1 if spec.direction == "up" else -1
    moved, needed = s * (actual - b), s * (expected - b)
    base.update(expected=expected)
    if needed <= 1e-12:
        return done(st.NORMAL if moved >= 0 else st.REVERSE, **base)
    ratio = moved / needed
    base.update(ratio=ratio)
    return done(grade_ratio(ratio, settings), **base)


# --------------------------------------------------------------------------- specs from the plan


def goal_spec(goal: Target, plan: Plan) -> TargetSpec:
    return TargetSpec(
        id=goal.id, kind=KIND_GOAL, name=goal.indicator, unit=goal.unit, year=goal.year, value=goal.value,
        comparator=goal.comparator, direction=goal.direction, text=goal.quote,
        baseline_year=goal.baseline.year if goal.baseline else None,
        baseline_value=goal.baseline.value if goal.baseline else None,
        responsible=[], any_unit=True,
    )


def task_target_spec(task: Task, target: Target) -> TargetSpec:
    reporter = task.target_reporter(target)
    return TargetSpec(
        id=target.id, kind=KIND_TASK, name=target.indicator, unit=target.unit, year=target.year,
        value=target.value, comparator=target.comparator, direction=target.direction, text=target.quote,
        baseline_year=target.baseline.year if target.baseline else None,
        baseline_value=target.baseline.value if target.baseline else None,
        responsible=[reporter] if reporter else [], task_id=task.id,
    )


def indicator_spec(indicator: Indicator, year: int) -> TargetSpec:
    t = current_indicator_target(indicator, year)
    text = (t.text if t else "") or ("" if t is None or t.value is None else f"{t.value:g}")
    return TargetSpec(
        id=indicator.id, kind=KIND_INDICATOR, name=indicator.name, unit=indicator.unit,
        year=t.year if t else 0, value=t.value if t else None, comparator=t.comparator if t else None,
        direction=indicator.direction or None, text=text,
        baseline_year=indicator.baseline.year if indicator.baseline else None,
        baseline_value=indicator.baseline.value if indicator.baseline else None,
        responsible=list(indicator.responsible),
    )


def plan_base_year(plan: Plan) -> int | None:
    """The plan's base year: the year most of its baselines (goals, task targets, indicators) are stated for.

    Ties go to the later year; None when the plan states no baseline year at all.
    """
    years = [t.baseline.year for _, t in plan.all_targets() if t.baseline and t.baseline.year]
    years += [i.baseline.year for i in plan.indicators if i.baseline and i.baseline.year]
    if not years:
        return None
    return max(set(years), key=lambda y: (years.count(y), y))


def plan_target_specs(plan: Plan, year: int) -> list[TargetSpec]:
    """Goals, then indicators, then task targets, each in plan order."""
    specs = (
        [goal_spec(g, plan) for g in plan.goals]
        + [indicator_spec(i, year) for i in plan.indicators]
        + [task_target_spec(t, tg) for t in plan.tasks for tg in t.targets]
    )
    base_year = plan_base_year(plan)
    for spec in specs:
        spec.plan_base_year = base_year
    return specs


__all__ = [
    "KIND_GOAL", "KIND_INDICATOR", "KIND_TASK", "TargetAssessment", "TargetSpec", "assess_target",
    "current_indicator_target", "expected_value", "grade_ratio", "is_met", "plan_base_year", "plan_target_specs",
    "pick_report",
]
