"""Reading and writing ``plans/<id>.yaml``.

The writer is deterministic (same plan, same bytes) so that re-importing a seed
reproduces the committed file exactly and a reviewer's git diff shows only what
changed. The reader turns a malformed file into Chinese messages that name the
key, never a traceback.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..errors import UserError
from ..fileio import read_yaml, sha256_bytes
from .model import (
    Baseline,
    Column,
    Indicator,
    IndicatorTarget,
    Plan,
    Source,
    Target,
    Task,
    Unit,
)


# libyaml's loader where PyYAML was built with it (about 6× faster on plan files), else the Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Flow(list):
    """A list written on one line, e.g. ``lead: [市发展改革委]``."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _num(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _baseline(b: Baseline | None) -> dict | None:
    return None if b is None else {"year": b.year, "value": _num(b.value)}


def _target(t: Target) -> dict:
    out: dict[str, Any] = {
        "id": t.id,
        "year": t.year,
        "indicator": t.indicator,
        "value": _num(t.value),
        "unit": t.unit,
        "comparator": t.comparator,
        "direction": t.direction,
        "quote": t.quote,
    }
    if t.baseline is not None:
        out["baseline"] = _baseline(t.baseline)
    if t.aspirational:
        out["aspirational"] = True
    if t.reporter:
        out["reporter"] = t.reporter
    return out


def plan_to_dict(plan: Plan) -> dict:
    return {
        "id": plan.id,
        "title": plan.title,
        "issuer": plan.issuer,
        "doc_number": plan.doc_number,
        "issued": plan.issued,
        "schedule_start": plan.schedule_start,
        "horizon": plan.horizon,
        "source": {"file": plan.source.file, "sha256": plan.source.sha256},
        "units": [
            {"name": u.name, "aliases": _Flow(u.aliases), "kind": u.kind} for u in plan.units
        ],
        "goals": [_target(g) for g in plan.goals],
        "indicators": [
            {
                "id": i.id,
                "domain": i.domain,
                "name": i.name,
                "unit": i.unit,
                "nature": i.nature,
                "direction": i.direction,
                "baseline": _baseline(i.baseline),
                "targets": [
                    {"year": t.year, "value": _num(t.value), "comparator": t.comparator, "text": t.text}
                    for t in i.targets
                ],
                "responsible": _Flow(i.responsible),
                **({"note": i.note} if i.note else {}),
            }
            for i in plan.indicators
        ],
        "tasks": [
            {
                "id": t.id,
                "path": _Flow(t.path),
                "part": t.part,
                "area": t.area,
                "title": t.title,
                "text": t.text,
                "clause": t.clause,
                "lead": _Flow(t.lead),
                "co": _Flow(t.co),
                "implementers": _Flow(t.implementers),
                "deadline": t.deadline,
                **({"reporter": t.reporter} if t.reporter else {}),
                "targets": [_target(tg) for tg in t.targets],
            }
            for t in plan.tasks
        ],
        "columns": [
            {"number": c.number, "title": c.title, "after": c.after, "text": c.text} for c in plan.columns
        ],
    }


def dump_plan(plan: Plan) -> str:
    """The plan file's text: UTF-8 YAML, keys in contract order, long text unwrapped."""
    return yaml.dump(
        plan_to_dict(plan),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100000,
        default_flow_style=False,
    )


class _DigestDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """libyaml's emitter where available: the digest need not match the file's bytes, only itself."""


_DigestDumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def plan_digest(plan: Plan) -> str:
    """A digest of the plan's content, stamped into forms so returns can be matched to it."""
    text = yaml.dump(plan_to_dict(plan), Dumper=_DigestDumper, allow_unicode=True, sort_keys=False, width=100000)
    return sha256_bytes(text.encode("utf-8"))


# --------------------------------------------------------------------------- reading


class _Reader:
    """Pulls typed values out of the parsed YAML, collecting every problem with its key path."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[str] = []

    def fail(self, where: str, what: str) -> None:
        self.problems.append(f"{self.file}：{where}：{what}")

    def get(self, data: dict, key: str, where: str, kind: type | tuple, required: bool = True, default=None):
        if not isinstance(data, dict):
            self.fail(where, "应为键值对（映射）")
            return default
        if key not in data:
            if required:
                self.fail(f"{where}.{key}" if where else key, "缺少此项")
            return default
        value = data[key]
        if value is None and not required:
            return default
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float)):
            expected = {str: "文字", int: "整数", float: "数字", list: "列表", dict: "映射", bool: "是/否（true/false）"}
            names = kind if isinstance(kind, tuple) else (kind,)
            self.fail(f"{where}.{key}" if where else key, f"应为{'或'.join(expected.get(k, k.__name__) for k in names)}，实际是“{value}”")
            return default
        return value

    def strings(self, data: dict, key: str, where: str, required: bool = True) -> list[str]:
        values = self.get(data, key, where, list, required=required, default=[]) or []
        out = []
        for i, v in enumerate(values):
            if not isinstance(v, str) or not v.strip():
                self.fail(f"{where}.{key}[{i}]", f"应为单位名称文字，实际是“{v}”")
            else:
                out.append(v)
        return out

    def day(self, data: dict, key: str, where: str) -> date | None:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{where}.{key}" if where else key, f"应为日期（如 2023-10-08），实际是“{value}”")
            return None

    def baseline(self, data: dict, key: str, where: str) -> Baseline | None:
        raw = data.get(key) if isinstance(data, dict) else None
        if raw is None:
            return None
        w = f"{where}.{key}"
        year = self.get(raw, "year", w, int)
        value = self.get(raw, "value", w, float, required=False)
        return Baseline(year or 0, value)

    def target(self, raw: dict, where: str) -> Target:
        return Target(
            id=self.get(raw, "id", where, str, default=""),
            year=self.get(raw, "year", where, int, default=0),
            indicator=self.get(raw, "indicator", where, str, default=""),
            value=self.get(raw, "value", where, float, required=False),
            unit=self.get(raw, "unit", where, str, required=False),
            comparator=self.get(raw, "comparator", where, str, required=False),
            direction=self.get(raw, "direction", where, str, required=False),
            quote=self.get(raw, "quote", where, str, default=""),
            baseline=self.baseline(raw, "baseline", where),
            aspirational=bool(self.get(raw, "aspirational", where, bool, required=False, default=False)),
            reporter=self.get(raw, "reporter", where, str, required=False),
        )


def plan_from_dict(data: Any, file: str = "计划文件") -> tuple[Plan | None, list[str]]:
    """Build a :class:`Plan`; returns ``(plan, problems)`` and a plan only when the shape is sound."""
    r = _Reader(file)
    if not isinstance(data, dict):
        return None, [f"{file}：文件内容应为 YAML 映射（以 id:、title: 等键开头）"]
    source = r.get(data, "source", "", dict, default={}) or {}
    units = []
    for i, raw in enumerate(r.get(data, "units", "", list, default=[]) or []):
        w = f"units[{i}]"
        units.append(
            Unit(
                name=r.get(raw, "name", w, str, default=""),
                aliases=r.strings(raw, "aliases", w, required=False),
                kind=r.get(raw, "kind", w, str, default="department"),
            )
        )
    goals = [r.target(raw, f"goals[{i}]") for i, raw in enumerate(r.get(data, "goals", "", list, default=[]) or [])]
    indicators = []
    for i, raw in enumerate(r.get(data, "indicators", "", list, default=[]) or []):
        w = f"indicators[{i}]"
        targets = []
        for j, t in enumerate(r.get(raw, "targets", w, list, default=[]) or []):
            tw = f"{w}.targets[{j}]"
            targets.append(
                IndicatorTarget(
                    year=r.get(t, "year", tw, int, default=0),
                    value=r.get(t, "value", tw, float, required=False),
                    comparator=r.get(t, "comparator", tw, str, required=False),
                    text=str(r.get(t, "text", tw, (str, int, float), required=False, default="") or ""),
                )
            )
        indicators.append(
            Indicator(
                id=r.get(raw, "id", w, str, default=""),
                domain=r.get(raw, "domain", w, str, required=False, default="") or "",
                name=r.get(raw, "name", w, str, default=""),
                unit=r.get(raw, "unit", w, str, required=False),
                nature=r.get(raw, "nature", w, str, required=False),
                direction=r.get(raw, "direction", w, str, default=""),
                baseline=r.baseline(raw, "baseline", w),
                targets=targets,
                responsible=r.strings(raw, "responsible", w, required=False),
                note=r.get(raw, "note", w, str, required=False),
            )
        )
    tasks = []
    for i, raw in enumerate(r.get(data, "tasks", "", list, default=[]) or []):
        w = f"tasks[{i}]"
        tasks.append(
            Task(
                id=r.get(raw, "id", w, str, default=""),
                path=[str(p) for p in (r.get(raw, "path", w, list, default=[]) or [])],
                part=r.get(raw, "part", w, str, required=False, default="") or "",
                area=r.get(raw, "area", w, str, required=False, default="") or "",
                title=r.get(raw, "title", w, str, default=""),
                text=r.get(raw, "text", w, str, default=""),
                lead=r.strings(raw, "lead", w),
                co=r.strings(raw, "co", w),
                implementers=r.strings(raw, "implementers", w, required=False),
                deadline=r.get(raw, "deadline", w, int, default=0),
                targets=[r.target(t, f"{w}.targets[{j}]") for j, t in enumerate(r.get(raw, "targets", w, list, required=False, default=[]) or [])],
                clause=r.get(raw, "clause", w, str, required=False, default="") or "",
                reporter=r.get(raw, "reporter", w, str, required=False),
            )
        )
    columns = []
    for i, raw in enumerate(r.get(data, "columns", "", list, required=False, default=[]) or []):
        w = f"columns[{i}]"
        columns.append(
            Column(
                number=r.get(raw, "number", w, int, default=0),
                title=r.get(raw, "title", w, str, default=""),
                after=r.get(raw, "after", w, str, required=False),
                text=r.get(raw, "text", w, str, default=""),
            )
        )
    plan = Plan(
        id=r.get(data, "id", "", str, default=""),
        title=r.get(data, "title", "", str, default=""),
        issuer=r.get(data, "issuer", "", str, required=False),
        doc_number=r.get(data, "doc_number", "", str, required=False),
        issued=r.day(data, "issued", ""),
        horizon=r.get(data, "horizon", "", int, default=0),
        source=Source(
            file=r.get(source, "file", "source", str, default=""),
            sha256=r.get(source, "sha256", "source", str, default=""),
        ),
        units=units,
        goals=goals,
        indicators=indicators,
        tasks=tasks,
        columns=columns,
        schedule_start=r.day(data, "schedule_start", ""),
    )
    for key in ("issued", "doc_number", "issuer"):
        if key not in data:
            r.fail(key, "缺少此项（没有时写 null）")
    return (None if r.problems else plan), r.problems


def load_plan(path: Path) -> Plan:
    """Read a plan file; raises :class:`UserError` listing every problem found."""
    data = read_yaml(path, "计划文件", _Loader)
    plan, problems = plan_from_dict(data, str(path))
    if plan is None:
        raise UserError(f"计划文件“{path}”的结构不符合要求：", problems)
    return plan


__all__ = ["dump_plan", "load_plan", "plan_digest", "plan_from_dict", "plan_to_dict"]
