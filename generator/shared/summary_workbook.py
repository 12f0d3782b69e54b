"""``reports/<period>/汇总表.xlsx``: every reported row, and (once assessed) the report's figures.

Written by the report stage (with assessments) and by collection (without). Sheets:

* ``重点任务`` — one row per task and reporting unit (DESIGN columns; plus 序时进度 and 评估
  when assessed). Tasks whose units sent nothing get one row with the owners and 未报送.
* ``量化目标`` — one row per goal, indicator and task target (plus 序时目标值 and 评估).
* ``报告数据`` — when assessed: the headline figures per plan, from
  :meth:`PlanAssessment.figures`, the same dict the report's text prints.
* ``评估口径`` — when assessed: the thresholds used.

Every text a unit typed is written with ``write_string`` (a typed ``=SUM(…)`` stays text).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter

from ..assess import PlanAssessment
from ..assess.targets import pick_report, plan_target_specs
from ..assess.tasks import owners_of
from ..fileio import atomic_path
from ..period import Period
from ..plan.model import Plan
from ..returns import PeriodReturns
from .colours import STATUS_FILL
from .xmltext import clean

XLSX_MAX = 32000  # Excel holds 32767 characters per cell


def _s(text) -> str:
    t = clean(text)
    return t if len(t) <= XLSX_MAX else t[:XLSX_MAX] + "……（超长已截断）"


def write_summary_workbook(path: Path, plans: list[Plan], returns_by_plan: dict[str, PeriodReturns],
                           assessments_by_plan: dict[str, PlanAssessment] | None = None,
                           period: str | None = None) -> Path:
    """Write 汇总表.xlsx atomically; returns ``path``."""
    path = Path(path)
    assessed = assessments_by_plan is not None
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        wb.set_properties({"title": "汇总表", "author": "碳达峰实施方案调度工具",
                           "created": datetime(2000, 1, 1) if period is None else Period.parse(period).document_time})
        head = wb.add_format({"bold": True, "bg_color": "#E7E6E6", "border": 1, "text_wrap": True, "valign": "vcenter",
                              "align": "center", "font_name": "宋体", "font_size": 10})
        cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top", "font_name": "宋体", "font_size": 10})
        num = wb.add_format({"border": 1, "valign": "top", "num_format": "0.0", "font_name": "宋体", "font_size": 10})
        fills = {k: wb.add_format({"border": 1, "valign": "top", "bg_color": f"#{v}", "font_name": "宋体", "font_size": 10})
                 for k, v in STATUS_FILL.items()}

        def sheet(name: str, cols: list[str], widths: list[int]):
            ws = wb.add_worksheet(name)
            for c, (title, w) in enumerate(zip(cols, widths)):
                ws.write_string(0, c, title, head)
                ws.set_column(c, c, w)
            return ws

        def put(ws, r, c, value, fmt=cell):
            if value is None or value == "":
                ws.write_blank(r, c, None, fmt)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value, num if isinstance(value, float) else fmt)
            else:
                ws.write_string(r, c, _s(value), fmt)

        # 重点任务
        cols = ["计划", "任务编号", "任务名称", "单位", "本单位职责", "进展状态", "完成进度", "本期工作进展", "存在问题", "下步计划"]
        if assessed:
            cols += ["序时进度", "评估", "本单位评估", "评估依据"]
        ws = sheet("重点任务", cols, [18, 9, 24, 18, 9, 10, 9, 50, 36, 36, 9, 10, 10, 40])
        r = 1
        for plan in plans:
            ret = returns_by_plan.get(plan.id) or PeriodReturns(plan.id, period or "", {})
            a = (assessments_by_plan or {}).get(plan.id)
            tas = {t.id: t for t in a.tasks} if a else {}
            for task in plan.tasks:
                rows = ret.task_reports(task.id)
                order = {u: i for i, u in enumerate(task.reporting_units)}
                rows.sort(key=lambda x: (order.get(x.unit, 99), x.unit))
                ta = tas.get(task.id)
                if rows:
                    lines = [[row.unit, row.role, row.status or "", row.progress, row.progress_text, row.problems,
                              row.next_steps] for row in rows]
                else:  # nobody reported: one row naming whose report is missing
                    owners = owners_of(task)
                    lines = [["、".join(owners), task.role_of(owners[0]) or "" if owners else "", "", None, "", "", ""]]
                if ta is not None:  # an owner that sent nothing for this task still gets its own row
                    listed = {line[0] for line in lines}
                    lines += [[p.unit, task.role_of(p.unit) or "", "", None, "", "", ""] for p in ta.parts
                              if p.unit not in listed and rows]
                for line in lines:
                    values = [plan.title, task.id, task.title, *line]
                    if assessed:
                        part = ta.part(line[0]) if ta else None
                        values += [round(ta.scheduled, 1) if ta else None, ta.status if ta else "",
                                   part.status if part else ("未报送" if ta and not rows else "—"), ta.basis if ta else ""]
                    for c, v in enumerate(values):
                        status_col = assessed and ta and c in (11, 12) and v in fills
                        put(ws, r, c, v, fills[v] if status_col else cell)
                    r += 1
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(r - 1, 1), len(cols) - 1)

        # 量化目标
        cols = ["计划", "目标编号", "指标", "单位", "基期值", "目标值", "本期实际值", "评估"]
        if assessed:
            cols += ["序时目标值", "类别", "填报单位", "说明", "基期年份", "目标年份"]
        ws = sheet("量化目标", cols, [18, 9, 30, 9, 10, 12, 11, 10, 11, 10, 18, 40, 9, 9])
        r = 1
        for plan in plans:
            ret = returns_by_plan.get(plan.id) or PeriodReturns(plan.id, period or "", {})
            a = (assessments_by_plan or {}).get(plan.id)
            if a is not None:
                for t in a.targets:
                    sp = t.spec
                    values = [plan.title, sp.id, sp.name, sp.unit or "", t.baseline, sp.value if sp.value is not None else sp.text,
                              t.actual if t.actual is not None else (t.judgement or ""), t.status,
                              None if t.expected is None else round(t.expected, 4), sp.kind, t.reported_by or "", "；".join(t.notes),
                              t.baseline_year if t.baseline is not None else None, sp.year or None]
                    for c, v in enumerate(values):
                        put(ws, r, c, v, fills[t.status] if c == 7 else cell)
                    r += 1
            else:
                p = Period.parse(period) if period else None
                for sp in plan_target_specs(plan, p.year if p else plan.horizon):
                    row = pick_report(sp, ret, plan.units_in_order())
                    values = [plan.title, sp.id, sp.name, sp.unit or "", sp.baseline_value if sp.baseline_value is not None else (row.baseline if row else None),
                              sp.value if sp.value is not None else sp.text,
                              (row.actual if row.actual is not None else (row.judgement or "")) if row else "", ""]
                    for c, v in enumerate(values):
                        put(ws, r, c, v)
                    r += 1
        ws.freeze_panes(1, 0)

        if assessed:
            figures = [(p.title, assessments_by_plan[p.id].figures()) for p in plans if p.id in assessments_by_plan]
            ws = sheet("报告数据", ["项目", *(title for title, _ in figures)], [16] + [22] * len(figures))
            keys = list(figures[0][1]) if figures else []
            for r, key in enumerate(keys, 1):
                ws.write_string(r, 0, key, cell)
                for c, (_, numbers) in enumerate(figures, 1):
                    ws.write_number(r, c, numbers[key], cell)
            ws = wb.add_worksheet("评估口径")
            ws.set_column(0, 0, 120)
            first = next(iter(assessments_by_plan.values()), None)
            if first is not None:
                ws.write_string(0, 0, "评估口径：" + first.settings.describe() + "。", cell)
                ws.write_string(1, 0, "信号灯：绿（已完成/已达标/正常）、黄（轻微滞后）、红（明显滞后/逆向/逾期未完成/未报送）、"
                                      "—（进行中：无基期值或无法测算，不测算序时进度）", cell)
                ws.write_string(2, 0, "“评估”为任务的评估，“本单位评估”为该单位按本单位填报内容的评估，“评估依据”说明任务的评估如何得出。", cell)
        wb.close()
    return path


def figures_from_workbook(path: Path) -> dict[str, dict[str, int]]:
    """Read 报告数据 back: plan title → figure name → value (for tests and checks)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb["报告数据"]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    titles = rows[0][1:]
    return {t: {r[0]: int(r[i + 1]) for r in rows[1:]} for i, t in enumerate(titles)}


__all__ = ["figures_from_workbook", "write_summary_workbook"]
