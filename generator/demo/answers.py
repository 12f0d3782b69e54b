"""Answers a unit might give, for the demo and the benchmarks: deterministic, varied, plausible.

Tasks. Each unit has a diligence (how far ahead of or behind 序时进度 it tends to be) and
each of its tasks a fixed pace around it, so a task's 完成进度 follows its 序时进度 from
quarter to quarter and never goes back; now and then a task stalls for a quarter, and the
unit says why in 存在问题. The texts come from ``measures.yaml``: concrete measures with
figures from the task's own field (能源, 建筑, 交通 …, chosen from the task's action area,
title and text, and the unit's line of work), different per unit, task and quarter.

Targets. The value of an indicator is a fact of the place, not of the form row: every row
of the plan that measures the same indicator (a goal, a task target, an indicator-table
row) gets the same 本期实际值 in a period, from every unit that reports it. It moves each
period along the plan's own path from the baseline to its targets, at a pace fixed per
indicator, so some indicators lag. Where the plan gives no baseline, the unit enters one
on the right side of the target (below it for a target to reach, above it for a cap or a
reduction) and the plan's base year with it.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from ..assess.schedule import plan_start, scheduled_progress
from ..forms.layout import FormContent, TargetRow, TaskRow, matching_indicator
from ..period import Period
from ..plan.model import ROLE_CO, Plan
from .fill import FormAnswers, TargetAnswer, TaskAnswer

MEASURES_FILE = Path(__file__).with_name("measures.yaml")
FALLBACK_DOMAIN = "综合"

_SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
_GIVEN = ["伟", "芳", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞"]
_SOURCES = ["统计部门年报", "行业主管部门统计", "本单位台账", "能源统计快报", "部门监测数据"]
# an indicator that is itself a change since the base year: 新增装机 (万千瓦), 能耗降低 (%); but 新增车辆中新能源比例 (%) is a level
_CHANGE = re.compile("新增|下降|降低|降幅|减少")
_PERCENT_CHANGE = re.compile("下降|降低|降幅|减少")
_COUNTED = ("个", "家", "座", "项", "台", "辆", "处", "条", "所", "户")


@dataclass(frozen=True)
class UnitProfile:
    """How a unit tends to fare: diligence around 1.0 (on schedule), and a contact."""

    diligence: float
    person: str
    phone: str
    leader: str

    @classmethod
    def draw(cls, rng: random.Random) -> "UnitProfile":
        diligence = rng.choice([0.55, 0.8, 0.95, 1.0, 1.05, 1.1, 1.2])
        person = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(["", *(_GIVEN)])
        leader = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        phone = f"0{rng.randint(700, 799)}-{rng.randint(2000000, 8999999)}"
        return cls(diligence, person, phone, f"{leader}（副局长）")


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Domain:
    name: str
    task_words: tuple[str, ...]
    unit_words: tuple[str, ...]
    progress: tuple[str, ...]
    problems: tuple[str, ...]
    next: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    domains: dict[str, Domain]
    setbacks: tuple[str, ...]
    generic_problems: tuple[str, ...]


@lru_cache(maxsize=4)
def vocabulary(path: Path = MEASURES_FILE) -> Vocabulary:
    """The measure vocabulary in ``measures.yaml`` (see the comments there for its form)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    domains = {
        name: Domain(name, tuple(d.get("task_words") or ()), tuple(d.get("unit_words") or ()), tuple(d["progress"]),
                     tuple(d["problems"]), tuple(d["next"]))
        for name, d in data["domains"].items()
    }
    if FALLBACK_DOMAIN not in domains:
        raise ValueError(f"{path}: the domain {FALLBACK_DOMAIN} is required")
    return Vocabulary(domains, tuple(data["setbacks"]), tuple(data["generic_problems"]))


def domain_of(row: TaskRow, unit: str, words: Vocabulary) -> Domain:
    """The field a task's measures come from: most keyword hits in area (×2), title (×2) and text;
    among fields the task touches at all, the unit's own line of work wins; a co-responsible unit
    (配合) reports its own part, so its line of work wins outright; else 综合."""
    scores = {}
    for d in words.domains.values():
        score = sum(2 * (w in row.area) + 2 * (w in row.title) + (w in row.text) for w in d.task_words)
        if score:
            scores[d.name] = score
    mine = [name for name, d in words.domains.items() if name != FALLBACK_DOMAIN and any(w in unit for w in d.unit_words)]
    own = [name for name in mine if name in scores]
    if own:
        return words.domains[max(own, key=lambda n: scores[n])]
    if mine and row.role == ROLE_CO:
        return words.domains[mine[0]]
    if scores:
        return words.domains[max(scores, key=lambda n: scores[n])]
    return words.domains[FALLBACK_DOMAIN]


_RANGE = re.compile(r"\{(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)\}")


def next_period_words(period: Period) -> str:
    """下期 in a unit's words: 四季度, 明年一季度, 下半年, 明年."""
    if period.kind == "Q":
        return "明年一季度" if period.index == 4 else "一二三四"[period.index] + "季度"
    if period.kind == "H":
        return "下半年" if period.index == 1 else "明年上半年"
    return "明年"


def phrase(template: str, rng: random.Random, period: Period) -> str:
    """A sentence of the vocabulary with its figures drawn: {3-18} → an integer, {0.8-6.5} → one decimal."""
    def figure(m: re.Match) -> str:
        low, high = m.group(1), m.group(2)
        if "." in low or "." in high:
            return f"{rng.uniform(float(low), float(high)):.1f}"
        return str(rng.randint(int(low), int(high)))

    return _RANGE.sub(figure, template).replace("{下期}", next_period_words(period))


def _sentences(pool: tuple[str, ...], count: int, rng: random.Random, period: Period) -> list[str]:
    return [phrase(t, rng, period) for t in rng.sample(pool, min(count, len(pool)))]


# --------------------------------------------------------------------------- tasks


def _status_for(progress: float, scheduled: float) -> str:
    if progress >= 100:
        return "已完成"
    if progress <= 0:
        return "未启动"
    return "进度滞后" if progress < scheduled - 10 else "序时推进"


def _task_answer(plan: Plan, row: TaskRow, unit: str, profile: UnitProfile, period: Period, start: date,
                 deadline: int, previous: float | None, rng: random.Random) -> TaskAnswer:
    words = vocabulary()
    scheduled = scheduled_progress(start, deadline, period.end)
    pace = random.Random(f"pace-{plan.id}-{unit}-{row.row_id}").uniform(0.85, 1.12)  # fixed per task: a smooth story
    progress = scheduled * profile.diligence * pace
    if scheduled >= 100 and rng.random() < 0.6 + 0.3 * min(1.0, profile.diligence):
        progress = 100  # due already: most such tasks are done
    stalled = previous is not None and 0 < previous < 100 and rng.random() < 0.12
    if stalled:
        progress = previous + rng.choice([0, 0, 2, 3])  # a setback quarter: barely moved
    if previous is not None:
        progress = max(progress, previous)  # progress never goes back
    progress = min(100.0, max(0.0, progress))
    progress = float(5 * round(progress / 5) if rng.random() < 0.7 and progress < 100 else round(progress))
    if previous is not None:
        progress = max(progress, previous)
    if not previous and profile.diligence < 0.6 and rng.random() < 0.15:
        progress = 0.0
    status = _status_for(progress, scheduled)
    domain = domain_of(row, unit, words)
    if status == "未启动":
        return TaskAnswer(status, progress, "", phrase(rng.choice(domain.problems), rng, period),
                          phrase(rng.choice(domain.next), rng, period))
    text = "；".join(_sentences(domain.progress, rng.choice([1, 2, 2, 3]), rng, period)) + "。"
    if stalled:
        problems = phrase(rng.choice(words.setbacks), rng, period)
    elif status == "进度滞后":
        problems = phrase(rng.choice(domain.problems), rng, period)
    elif status == "已完成" or rng.random() < 0.6:
        problems = rng.choice(["", "无", "无"])
    else:
        problems = phrase(rng.choice(domain.problems + words.generic_problems), rng, period)
    if status == "已完成":
        next_steps = rng.choice(["巩固已有成果，做好日常监管和数据更新", "总结经验做法，转入常态化管理",
                                 "按要求做好档案整理和成效评估"])
    else:
        next_steps = "；".join(_sentences(domain.next, rng.choice([1, 2]), rng, period)) + "。"
    return TaskAnswer(status, progress, text, problems + ("。" if problems and problems != "无" else ""), next_steps)


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class _Spec:
    """What a target row measures: its indicator (shared key), direction, and the plan's path points."""

    key: str
    direction: str  # up | down
    baseline: tuple[int, float] | None
    targets: tuple[tuple[int, float], ...]


def _core(name: str) -> str:
    first = (name or "").split("\n")[0]
    first = re.sub(r"（(约束性|预期性)）$", "", re.sub(r"\s+", "", first))
    return re.sub(r"^(全市|全县|全区|全省|我市|我县)", "", first)


def _specs(plan: Plan) -> dict[str, _Spec]:
    """Row id → what it measures, for every goal, task target and indicator of ``plan``.

    Rows share a key when they measure the same thing: a goal or task target and the
    indicator-table row it matches (:func:`matching_indicator`: 城镇绿色建筑占新建建筑比例 ~
    比重), or rows whose indicator names agree (全市 and whitespace aside) in the same unit. A row with a zero baseline states a change since the
    base year (下降14.5%, 新增35.8万千瓦), a different quantity from the level, so it gets a key
    of its own kind. A key's path points are the targets of all its rows.
    """
    rows: dict[str, tuple[str, str, tuple[int, float] | None, list[tuple[int, float]]]] = {}

    def add(row_id, name_key, direction, baseline, points):
        base = (baseline.year, baseline.value) if baseline and baseline.value is not None else None
        key = name_key + ("|变化量" if base is not None and base[1] == 0 else "")
        rows[row_id] = (key, direction, base, points)

    indicator_keys = {}
    for indicator in plan.indicators:
        indicator_keys[indicator.id] = f"{_core(indicator.name)}|{indicator.unit or ''}"
        add(indicator.id, indicator_keys[indicator.id], indicator.direction, indicator.baseline,
            [(t.year, t.value) for t in indicator.targets if t.value is not None])
    goal_ids = {g.id for g in plan.goals}
    targets = [*plan.goals, *(t for _, t in plan.all_targets() if t.id not in goal_ids)]
    for target in targets:
        indicator = matching_indicator(plan, target)
        name_key = indicator_keys[indicator.id] if indicator is not None else f"{_core(target.indicator)}|{target.unit or ''}"
        add(target.id, name_key, target.direction or ("down" if target.comparator == "<=" else "up"), target.baseline,
            [(target.year, target.value)] if target.value is not None else [])
    members: dict[str, list] = {}
    for key, direction, base, points in rows.values():
        members.setdefault(key, []).append((direction, base, points))
    specs = {}
    for key, group in members.items():
        direction = group[0][0]
        base = next((b for _, b, _ in group if b is not None), None)
        by_year: dict[int, float] = {}
        for _, _, points in group:
            for year, value in points:
                by_year.setdefault(year, value)
        specs[key] = _Spec(key, direction, base, tuple(sorted(by_year.items())))
    return {row_id: specs[key] for row_id, (key, *_) in rows.items()}


def base_year(plan: Plan) -> int:
    """The plan's own base year: the most common baseline year it states, else 2020 (the 十四五 base)."""
    years = Counter(t.baseline.year for _, t in plan.all_targets() if t.baseline and t.baseline.year)
    years.update(i.baseline.year for i in plan.indicators if i.baseline and i.baseline.year)
    return years.most_common(1)[0][0] if years else 2020


def _decimals(values: list[float], unit: str | None) -> int:
    if unit and unit.endswith(_COUNTED):
        return 0
    shown = max((len(f"{v:g}".split(".")[1]) if "." in f"{v:g}" else 0) for v in values) if values else 1
    return min(2, max(1, shown))


def _years(d: date) -> float:
    return d.year + (d.timetuple().tm_yday / 366)


def _indicator_value(plan: Plan, spec: _Spec, unit_of_measure: str | None, period: Period) -> tuple[float, float | None, int]:
    """(本期实际值, baseline to enter or None, base year) of one indicator in ``period``, the same on every form."""
    rng = random.Random(f"indicator-{plan.id}-{spec.key}")
    first_target = spec.targets[0][1]
    decimals = _decimals([v for _, v in spec.targets] + ([spec.baseline[1]] if spec.baseline else []), unit_of_measure)
    entered = None
    if spec.baseline is not None:
        year, base = spec.baseline
    else:
        year = base_year(plan)
        name, unit = spec.key.split("|")[:2]
        if (_PERCENT_CHANGE if unit == "%" else _CHANGE).search(name):
            entered = 0.0  # 新增/下降…: the change since the base year, as the importer stores it
        else:
            # the right side of the target: below it for more-is-better, above it for a cap or a reduction,
            # and still so once rounded (1 家 against ≥1 家 would not be)
            step = 10 ** -decimals
            if spec.direction == "up":
                entered = min(round(first_target * rng.uniform(0.72, 0.94), decimals), max(0.0, first_target - step))
            else:
                entered = max(round(first_target * rng.uniform(1.06, 1.25), decimals), first_target + step)
            entered = round(entered, decimals)
        base = entered
    pace = rng.choice([0.4, 0.7, 0.9, 1.0, 1.0, 1.05, 1.15])  # fixed per indicator: some lag all year
    # a target the baseline already meets (a floor kept, 湿地保护率 82.4 against ≥70.03) is held, not walked back to
    held = (lambda v: max(v, base)) if spec.direction == "up" else (lambda v: min(v, base))
    path = [(year + 1.0, base)] + [(y + 1.0, held(v)) for y, v in spec.targets if y > year]
    now = _years(period.end)
    expected = path[-1][1]
    for (t0, v0), (t1, v1) in zip(path, path[1:]):
        if now <= t1:
            expected = v0 + (v1 - v0) * max(0.0, (now - t0) / (t1 - t0))
            break
    return round(base + (expected - base) * pace, decimals), entered, year


def _target_answer(plan: Plan, row: TargetRow, spec: _Spec | None, profile: UnitProfile, period: Period,
                   rng: random.Random) -> TargetAnswer | None:
    if row.qualitative:
        judgement = "达标" if profile.diligence >= 0.8 or rng.random() < 0.5 else "未达标"
        return TargetAnswer(judgement, "年度考核结果")
    if row.target_value is None or spec is None or not spec.targets:
        return None
    actual, entered, year = _indicator_value(plan, spec, row.unit, period)
    source = random.Random(f"source-{plan.id}-{spec.key}").choice(_SOURCES)
    if not row.needs_baseline:
        entered = None
    elif entered is None and spec.baseline is not None:
        entered = spec.baseline[1]  # the plan states it on another row of the same indicator
    # 基期年份 goes with an entered 基期值; the form takes it only where that cell is an input (fill_form checks)
    return TargetAnswer(actual, source, None, entered, year if entered is not None else None)


# --------------------------------------------------------------------------- a whole form


def answers_for(
    plan: Plan,
    content: FormContent,
    period: Period,
    profile: UnitProfile,
    rng: random.Random,
    previous: dict[str, float] | None = None,
) -> FormAnswers:
    """A complete, valid return for ``content``; ``previous`` carries last period's progress per task."""
    start, _ = plan_start(plan, period.start)
    answers = FormAnswers(contact={"person": profile.person, "phone": profile.phone, "leader": profile.leader,
                                   "date": str(period.end.replace(day=min(period.end.day, 28)))})
    deadlines = {t.id: t.deadline for t in plan.tasks}
    for row in content.tasks:
        before = previous.get(row.row_id) if previous else None
        answers.tasks[row.row_id] = _task_answer(plan, row, content.unit, profile, period, start, deadlines[row.row_id],
                                                 before, rng)
    specs = _specs(plan)
    for row in content.targets:
        answer = _target_answer(plan, row, specs.get(row.row_id), profile, period, rng)
        if answer is not None:
            answers.targets[row.row_id] = answer
    return answers


__all__ = ["UnitProfile", "answers_for", "base_year", "domain_of", "phrase", "vocabulary"]
