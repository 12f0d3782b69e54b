"""报送情况.xlsx: one row per file with its outcome and every message, and one row per unit."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from ..fileio import atomic_path
from ..period import Period
from ..plan.model import Plan
from ..store import ACCEPTED, DUPLICATE, NOT_A_FORM, REJECTED, SUPERSEDED, Submission
from .status import MISSING, REPORTED, RETURNED, UnitState

_FILL = {ACCEPTED: "#C6EFCE", REJECTED: "#FFC7CE", NOT_A_FORM: "#FFC7CE", DUPLICATE: "#FFEB9C", SUPERSEDED: "#EDEDED",
         REPORTED: "#C6EFCE", RETURNED: "#FFC7CE", MISSING: "#FFEB9C"}


def write_collection_log(path: Path, period: Period, plans: dict[str, Plan], states: dict[str, dict[str, UnitState]],
                         submissions: list[Submission]) -> Path:
    """Write the log atomically. Everything a unit typed or named is written as text (never a formula)."""
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        wb.set_properties({"title": f"{period.label}报送情况", "author": "碳达峰实施方案调度工具", "created": period.document_time})
        head = wb.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"})
        cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        fills = {k: wb.add_format({"border": 1, "valign": "top", "bg_color": v, "align": "center"}) for k, v in _FILL.items()}

        files = wb.add_worksheet("报送情况")
        columns = [("序号", 5), ("文件", 36), ("计划", 12), ("单位", 22), ("报送期", 9), ("结果", 8), ("问题", 70),
                   ("提示", 50), ("收到时间", 18), ("文件修改时间", 18), ("内容摘要（SHA-256）", 20)]
        for c, (title, width) in enumerate(columns):
            files.write_string(0, c, title, head)
            files.set_column(c, c, width)
        for r, s in enumerate(submissions, start=1):
            values = [str(r), s.file_name, s.plan_id or "", s.unit or "", s.form_period or "", None,
                      "\n".join(s.messages), "\n".join(s.warnings), s.received.replace("T", " "),
                      s.modified.replace("T", " "), s.sha256[:16]]
            for c, value in enumerate(values):
                if c == 5:
                    files.write_string(r, c, s.outcome_word, fills[s.outcome])
                else:
                    files.write_string(r, c, value, cell)
        files.freeze_panes(1, 2)
        files.autofilter(0, 0, max(1, len(submissions)), len(columns) - 1)

        units = wb.add_worksheet("单位报送")
        columns = [("计划", 12), ("计划名称", 28), ("单位", 26), ("任务数", 7), ("目标数", 7), ("是否已报送", 11),
                   ("采用/最近的文件", 36), ("收到时间", 18), ("填报人", 10), ("联系电话", 15)]
        for c, (title, width) in enumerate(columns):
            units.write_string(0, c, title, head)
            units.set_column(c, c, width)
        r = 1
        for plan_id, plan in plans.items():
            for unit, state in states[plan_id].items():
                values = [plan_id, plan.title, unit, state.tasks, state.targets, None, state.file_name,
                          state.received, state.person, state.phone]
                for c, value in enumerate(values):
                    if c == 5:
                        units.write_string(r, c, state.word, fills[state.word])
                    elif isinstance(value, int):
                        units.write_number(r, c, value, cell)
                    else:
                        units.write_string(r, c, value, cell)
                r += 1
        units.freeze_panes(1, 3)
        units.autofilter(0, 0, max(1, r - 1), len(columns) - 1)
        wb.close()
    return path
