"""Documented hand corrections applied on every import: ``plans/<id>.overrides.yaml``.

The generated plan file is never edited by hand; what the importer cannot get
right is written here, each correction with its reason, so re-importing the
source always reproduces the committed plan file. Format::

    corrections:
      - merge_unit: {from: 市自然资源局和规划局, into: 市自然资源和规划局}
        reason: 原文笔误，与“市自然资源和规划局”为同一部门
      - task: T05
        set: {lead: [市发展改革委]}
        reason: …
      - target: T03-2
        set: {direction: down}
        reason: …
      - drop_target: T07-1
        reason: …
      - unit: 郴电国际
        set: {kind: enterprise}
        reason: …
      - plan:
        set: {issued: 2023-10-08}
        reason: …
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any


from ..errors import UserError
from ..fileio import read_yaml
from .model import Baseline, Plan

_TASK_FIELDS = {"title", "text", "lead", "co", "implementers", "deadline", "area", "part", "reporter"}
_TARGET_FIELDS = {"year", "indicator", "value", "unit", "comparator", "direction", "baseline", "aspirational", "reporter"}
_PLAN_FIELDS = {"title", "issuer", "doc_number", "issued", "horizon", "schedule_start"}
_UNIT_FIELDS = {"kind"}


@dataclass
class Overrides:
    path: Path
    corrections: list[dict]

    @classmethod
    def load(cls, path: Path) -> "Overrides | None":
        if not path.exists():
            return None
        data = read_yaml(path, "覆盖文件") or {}
        corrections = data.get("corrections") if isinstance(data, dict) else None
        if not isinstance(corrections, list):
            raise UserError(f"覆盖文件“{path}”应以 corrections: 开头，下面每条校正一行列表项。")
        for n, item in enumerate(corrections, start=1):
            if not isinstance(item, dict) or not str(item.get("reason") or "").strip():
                raise UserError(f"覆盖文件“{path}”第 {n} 条校正缺少 reason（写明为什么要人工校正）。")
        return cls(path, corrections)

    def unit_merges(self) -> dict[str, str]:
        merges = {}
        for item in self.corrections:
            if "merge_unit" in item:
                spec = item["merge_unit"]
                if not (isinstance(spec, dict) and spec.get("from") and spec.get("into")):
                    raise UserError(f"覆盖文件“{self.path}”：merge_unit 应写成 {{from: 原写法, into: 标准名称}}。")
                merges[str(spec["from"])] = str(spec["into"])
        return merges

    def _fail(self, what: str) -> None:
        raise UserError(f"覆盖文件“{self.path}”：{what}")

    def _set(self, obj: Any, changes: Any, allowed: set[str], name: str) -> None:
        if not isinstance(changes, dict):
            self._fail(f"{name} 的 set 应为“字段: 值”的映射。")
        names = {f.name for f in fields(obj)}
        for key, value in changes.items():
            if key not in allowed or key not in names:
                self._fail(f"{name} 不能修改字段“{key}”（可改：{'、'.join(sorted(allowed))}）。")
            if key == "baseline" and isinstance(value, dict):
                value = Baseline(int(value["year"]), value.get("value"))
            if key in ("issued", "schedule_start") and value is not None and not isinstance(value, date):
                value = date.fromisoformat(str(value))
            setattr(obj, key, value)

    def apply(self, plan: Plan) -> None:
        targets = {t.id: (task, t) for task in plan.tasks for t in task.targets}
        targets.update({g.id: (None, g) for g in plan.goals})
        for item in self.corrections:
            if "merge_unit" in item:
                continue
            if "task" in item:
                task = plan.task(str(item["task"]))
                if task is None:
                    self._fail(f"没有任务“{item['task']}”（校正：{item['reason']}）。")
                self._set(task, item.get("set"), _TASK_FIELDS, f"任务 {task.id}")
            elif "target" in item:
                found = targets.get(str(item["target"]))
                if found is None:
                    self._fail(f"没有量化目标“{item['target']}”（校正：{item['reason']}）。")
                self._set(found[1], item.get("set"), _TARGET_FIELDS, f"目标 {item['target']}")
            elif "drop_target" in item:
                found = targets.get(str(item["drop_target"]))
                if found is None:
                    self._fail(f"没有量化目标“{item['drop_target']}”（校正：{item['reason']}）。")
                task, target = found
                if task is None:
                    plan.goals.remove(target)
                else:
                    task.targets.remove(target)
            elif "unit" in item:
                unit = plan.unit(str(item["unit"]))
                if unit is None:
                    self._fail(f"单位名录中没有“{item['unit']}”（校正：{item['reason']}）。")
                self._set(unit, item.get("set"), _UNIT_FIELDS, f"单位 {unit.name}")
            elif "plan" in item:
                self._set(plan, item.get("set"), _PLAN_FIELDS, "计划")
            else:
                self._fail(f"无法识别的校正：{item}（应为 merge_unit、unit、task、target、drop_target 或 plan）。")
