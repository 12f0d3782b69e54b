"""发放清单.xlsx: every unit of every plan, its form (or why it has none), and columns for the contact.

One sheet, 发放清单, with a 计划 column; the coordinator fills 联系人/联系电话
and ticks off what was sent, so the sheet is not protected.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from ..fileio import atomic_path
from ..period import Period
from .workbook import FONT

MANIFEST_NAME = "发放清单.xlsx"
MANIFEST_SHEET = "发放清单"
MANIFEST_COLUMNS = (
    ("序号", 6),
    ("计划", 14),
    ("计划名称", 26),
    ("单位", 24),
    ("填报表文件", 44),
    ("牵头任务", 8),
    ("配合任务", 8),
    ("量化目标", 8),
    ("联系人", 12),
    ("联系电话", 16),
    ("备注", 40),
)


@dataclass(frozen=True)
class ManifestRow:
    plan_id: str
    plan_title: str
    unit: str
    file: str  # path relative to the blank folder, "" when the unit has no form
    lead: int
    co: int
    targets: int
    remark: str = ""


def write_manifest(path: Path, period: Period, rows: list[ManifestRow]) -> None:
    """Write the list atomically (same rows → same bytes)."""
    with atomic_path(path) as tmp, warnings.catch_warnings():
        warnings.filterwarnings("error", category=UserWarning, module="xlsxwriter")
        book = xlsxwriter.Workbook(str(tmp), {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
        book.set_properties({"title": f"{period.label}填报表发放清单", "created": period.document_time})
        base = {"font_name": FONT, "font_size": 10, "border": 1, "text_wrap": True, "valign": "top"}
        title = book.add_format({"font_name": FONT, "font_size": 14, "bold": True, "align": "center"})
        header = book.add_format({**base, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9E1F2"})
        text = book.add_format(base)
        center = book.add_format({**base, "align": "center"})
        missing = book.add_format({**base, "font_color": "#9C0006"})
        ws = book.add_worksheet(MANIFEST_SHEET)
        ws.merge_range(0, 0, 0, len(MANIFEST_COLUMNS) - 1, f"{period.label}进展情况填报表发放清单", title)
        for i, (name, width) in enumerate(MANIFEST_COLUMNS):
            ws.set_column(i, i, width)
            ws.write_string(1, i, name, header)
        for n, r in enumerate(rows, 1):
            row = n + 1
            fmt = text if r.file else missing
            ws.write_number(row, 0, n, center)
            ws.write_string(row, 1, r.plan_id, text)
            ws.write_string(row, 2, r.plan_title, text)
            ws.write_string(row, 3, r.unit, text)
            ws.write_string(row, 4, r.file or "（不发放）", fmt)
            for col, value in ((5, r.lead), (6, r.co), (7, r.targets)):
                ws.write_number(row, col, value, center)
            ws.write_blank(row, 8, None, text)
            ws.write_blank(row, 9, None, text)
            ws.write_string(row, 10, r.remark, fmt)
        ws.freeze_panes(2, 0)
        ws.autofilter(1, 0, max(1, len(rows) + 1), len(MANIFEST_COLUMNS) - 1)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0, 1)
        ws.set_footer(f"&C第 &P 页，共 &N 页&R{period.label}")
        book.close()
