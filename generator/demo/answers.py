"""Answers a unit might give, for the demo and the benchmarks: deterministic, varied, plausible.

Each unit gets a diligence (how far ahead of or behind 序时进度 it tends to be);
each task's progress follows its 序时进度 times that diligence, with noise, and
carries on from the unit's previous answer so quarters read as one story. Text
comes from small phrase banks keyed to the task's own title.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..assess.schedule import plan_start, scheduled_progress
from ..forms.layout import FormContent
from ..period import Period
from ..plan.model import Plan
from .fill import FormAnswers, TargetAnswer, TaskAnswer

_ACTIONS = [
    "召开专题推进会{n}次，细化年度工作清单",
    "完成{n}个重点项目的前期论证",
    "组织开展现场督导{n}次，协调解决问题{m}个",
    "出台配套文件{n}份，明确部门分工",
    "推动{n}家重点企业实施节能降碳改造",
    "开展专项调研{n}次，形成调研报告",
    "争取上级专项资金{n}00万元",
    "建立工作台账，按月调度进展",
]
_PROBLEMS = [
    "项目前期手续办理周期较长，开工时间推迟",
    "专项资金尚未到位，部分项目进度受影响",
    "土地、环评等要素保障不足",
    "企业投资意愿下降，社会资本参与不足",
    "部门间数据共享机制尚未建立，统计口径不一",
    "专业技术人员不足，工作推进力量偏弱",
]
_NEXT = [
    "加快推进项目审批，力争下季度开工",
    "加强与省级部门对接，争取政策和资金支持",
    "强化调度督办，每月通报进展",
    "完善工作机制，压实各方责任",
    "组织专题培训，提升业务能力",
]
_SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
_GIVEN = ["伟", "芳", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞"]


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


def _status_for(progress: float, scheduled: float) -> str:
    if progress >= 100:
        return "已完成"
    if progress <= 0:
        return "未启动"
    return "进度滞后" if progress < scheduled - 10 else "序时推进"


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
    tasks = {t.id: t for t in plan.tasks}
    for row in content.tasks:
        task = tasks[row.row_id]
        scheduled = scheduled_progress(start, task.deadline, period.end)
        progress = scheduled * profile.diligence * rng.uniform(0.85, 1.12)
        if scheduled >= 100 and rng.random() < 0.6 + 0.3 * min(1.0, profile.diligence):
            progress = 100  # due already: most such tasks are done
        if previous and row.row_id in previous:
            progress = max(progress, previous[row.row_id])  # progress does not go backwards
        progress = float(min(100, max(0, round(progress))))
        if profile.diligence < 0.6 and rng.random() < 0.15:
            progress = 0.0
        status = _status_for(progress, scheduled)
        action = rng.choice(_ACTIONS).format(n=rng.randint(2, 6), m=rng.randint(3, 12))
        text = "" if status == "未启动" else f"围绕“{task.title}”，{action}。"
        problems = rng.choice(_PROBLEMS) if status in ("进度滞后", "未启动") else ("" if rng.random() < 0.7 else rng.choice(_PROBLEMS))
        answers.tasks[row.row_id] = TaskAnswer(status, progress, text, problems, rng.choice(_NEXT))
    for row in content.targets:
        if row.qualitative:
            judgement = "达标" if profile.diligence >= 0.8 or rng.random() < 0.5 else "未达标"
            answers.targets[row.row_id] = TargetAnswer(judgement, "年度考核结果")
            continue
        base = row.baseline_value if row.baseline_value is not None else None
        entered_base = None
        base_year = None
        if row.needs_baseline and row.target_value:
            entered_base = round(row.target_value * rng.uniform(0.5, 0.8), 2)
            base = entered_base
            if row.baseline_year_input and row.baseline_year is None:
                base_year = 2020  # the unit states the year of the baseline it enters (the form asks for it)
        target = row.target_value
        if target is None:
            continue
        fraction = min(1.0, max(0.0, (period.end.year - 2020 + period.end.month / 12) / max(1, row.target_year - 2020)))
        if row.target_year < period.year and rng.random() < 0.75:
            # A target whose year has passed: most were met (the final figure is known by now).
            met = target * rng.uniform(1.0, 1.04) if row.comparator != "<=" else target * rng.uniform(0.96, 1.0)
            answers.targets[row.row_id] = TargetAnswer(round(met, 2), "年度统计公报", None, entered_base, base_year)
            continue
        if base is None:
            actual = target * fraction * profile.diligence * rng.uniform(0.9, 1.1)
        else:
            actual = base + (target - base) * fraction * profile.diligence * rng.uniform(0.9, 1.08)
        answers.targets[row.row_id] = TargetAnswer(round(actual, 2), rng.choice(["统计部门年报", "行业主管部门统计", "本单位台账"]),
                                                   None, entered_base, base_year)
    return answers
