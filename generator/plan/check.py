"""``plan check``: is a plan file sound enough to drive forms, collection and the report?

Errors stop the pipeline (a form cannot be made for a unit the plan does not
list); warnings are printed for the reviewer and do not fail the check.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from .model import COMPARATORS, DIRECTIONS, UNIT_KINDS, Plan, Target
from .planfile import load_plan


@dataclass
class CheckResult:
    path: Path
    plan: Plan | None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.errors


def _check_target(t: Target, where: str, errors: list[str], warnings: list[str]) -> None:
    if t.value is not None:
        if t.comparator not in COMPARATORS:
            errors.append(f"{where}：比较方式 comparator 应为 {' / '.join(COMPARATORS)}，实际是“{t.comparator}”")
        if t.direction not in DIRECTIONS:
            errors.append(f"{where}：方向 direction 应为 up（越大越好）或 down（越小越好），实际是“{t.direction}”")
        if not t.unit:
            warnings.append(f"{where}“{t.indicator}”没有计量单位（unit），填报表中将不显示单位")
    elif t.comparator is not None or t.direction is not None:
        errors.append(f"{where}：没有目标值（value 为 null）时 comparator 和 direction 也应为 null")
    if not 2000 <= t.year <= 2100:
        errors.append(f"{where}：目标年份 {t.year} 不合理")
    if t.baseline is not None and t.baseline.year > t.year:
        errors.append(f"{where}：基期年份 {t.baseline.year} 晚于目标年份 {t.year}")


def validate_plan(plan: Plan) -> tuple[list[str], list[str]]:
    """(errors, warnings) for a loaded plan; messages name the item by id."""
    errors: list[str] = []
    warnings: list[str] = []
    names = [u.name for u in plan.units]
    known = set(names)
    for name, count in Counter(names).items():
        if count > 1:
            errors.append(f"单位“{name}”在 units 中出现了 {count} 次")
    for unit in plan.units:
        if unit.kind not in UNIT_KINDS:
            errors.append(f"单位“{unit.name}”的类型 kind 应为 {' / '.join(UNIT_KINDS)}，实际是“{unit.kind}”")
    ids = [t.id for t in plan.tasks] + [g.id for g in plan.goals] + [t.id for task in plan.tasks for t in task.targets]
    ids += [i.id for i in plan.indicators]
    for item_id in ids:
        if not item_id or set(item_id) & set(", \t\r\n，"):
            errors.append(f"编号“{item_id}”不能为空，也不能含逗号或空格（填报表用它识别每一行）")
    for item_id, count in Counter(ids).items():
        if count > 1:
            errors.append(f"编号“{item_id}”重复出现 {count} 次（任务、目标、指标的编号必须唯一）")
    used: set[str] = set()
    for task in plan.tasks:
        where = f"任务 {task.id}（{task.title}）"
        for role, members in (("牵头单位", task.lead), ("责任单位", task.co), ("落实单位", task.implementers)):
            for name in members:
                used.add(name)
                if name not in known:
                    errors.append(f"{where}的{role}“{name}”不在 units 单位名录中")
        if not (task.lead or task.co or task.implementers):
            errors.append(f"{where}没有任何责任单位")
        elif not (task.lead or task.co):
            if task.reporter is None:
                warnings.append(f"{where}只有落实单位（{'、'.join(task.implementers)}），没有可报送的单位；可在覆盖文件中设置 reporter")
            elif task.reporter not in known:
                errors.append(f"{where}的报送单位 reporter“{task.reporter}”不在 units 单位名录中")
        if task.deadline < 2000 or task.deadline > 2100:
            errors.append(f"{where}的完成年份 deadline {task.deadline} 不合理")
        for target in task.targets:
            _check_target(target, f"目标 {target.id}", errors, warnings)
            if target.reporter and target.reporter not in task.reporting_units:
                errors.append(f"目标 {target.id} 的报送单位“{target.reporter}”不是任务 {task.id} 的牵头或责任单位")
    for goal in plan.goals:
        _check_target(goal, f"主要目标 {goal.id}", errors, warnings)
    for indicator in plan.indicators:
        where = f"指标 {indicator.id}（{indicator.name}）"
        if indicator.direction not in DIRECTIONS:
            errors.append(f"{where}：方向 direction 应为 up 或 down，实际是“{indicator.direction}”")
        for name in indicator.responsible:
            used.add(name)
            if name not in known:
                errors.append(f"{where}的责任单位“{name}”不在 units 单位名录中")
        if not indicator.responsible:
            warnings.append(f"{where}没有责任单位，填报表中无人填报")
        if not indicator.unit:
            warnings.append(f"{where}没有计量单位")
    for name in names:
        if name not in used:
            warnings.append(f"单位“{name}”在 units 中，但没有任何任务或指标用到它")
    if not plan.tasks:
        errors.append("计划中没有任何任务（tasks 为空）")
    return errors, warnings


def check_overrides_file(path: Path) -> CheckResult:
    """An overrides file beside its plan: well formed, every correction has a reason and finds its item."""
    from .overrides import Overrides

    plan_path = Path(path).with_name(Path(path).name.replace(".overrides.yaml", ".yaml"))
    try:
        overrides = Overrides.load(Path(path))
        plan = load_plan(plan_path)
    except UserError as exc:
        return CheckResult(path, None, [exc.message] + exc.details)
    errors = []
    targets = {t.id for t in plan.goals} | {t.id for task in plan.tasks for t in task.targets}
    aliases = {a for u in plan.units for a in u.aliases}
    for n, item in enumerate(overrides.corrections if overrides else [], start=1):
        where = f"第 {n} 条校正"
        if "merge_unit" in item:
            spec = item["merge_unit"] or {}
            if plan.unit(str(spec.get("into"))) is None or str(spec.get("from")) not in aliases:
                errors.append(f"{where}：合并“{spec.get('from')}”到“{spec.get('into')}”未在计划文件中生效，请重新导入")
        elif "task" in item and plan.task(str(item["task"])) is None:
            errors.append(f"{where}：计划中没有任务“{item['task']}”")
        elif "target" in item and str(item["target"]) not in targets:
            errors.append(f"{where}：计划中没有量化目标“{item['target']}”")
        elif "drop_target" in item and str(item["drop_target"]) in targets:
            errors.append(f"{where}：量化目标“{item['drop_target']}”仍在计划文件中，请重新导入")
        elif "unit" in item and plan.unit(str(item["unit"])) is None:
            errors.append(f"{where}：计划中没有单位“{item['unit']}”")
    return CheckResult(path, plan, errors)


def check_plan_file(path: Path) -> CheckResult:
    if Path(path).name.endswith(".overrides.yaml"):
        return check_overrides_file(path)
    try:
        plan = load_plan(path)
    except UserError as exc:
        return CheckResult(path, None, [exc.message] + exc.details)
    errors, warnings = validate_plan(plan)
    source = Path(path).parent / plan.source.file
    if source.exists():
        from ..fileio import sha256_file

        if sha256_file(source) != plan.source.sha256:
            warnings.append(f"源文档“{source}”已改动（与 source.sha256 不符），可能需要重新导入")
    return CheckResult(path, plan, errors, warnings)
