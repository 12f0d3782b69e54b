"""Filling a blank form as a unit would: by header text, through openpyxl.

Used by the demo and the tests to make returns; it changes only input cells
unless told to make a mistake on purpose (``locked`` edits).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.writer.excel import ExcelWriter

from ..fileio import atomic_path, stable_zip, write_bytes_atomic
from ..forms.columns import FIRST_DATA_ROW, HEADER_ROW, INFO_FIELDS, INFO_FIRST_ROW, INFO_SHEET, TARGET_SHEET, TASK_SHEET


@dataclass
class TaskAnswer:
    status: object = None
    progress: object = None
    progress_text: object = None
    problems: object = None
    next_steps: object = None


@dataclass
class TargetAnswer:
    actual: object = None
    source: object = None
    note: object = None
    baseline: object = None
    baseline_year: object = None  # written only where 基期年份 is an input cell (the plan gives no baseline)


@dataclass
class FormAnswers:
    tasks: dict[str, TaskAnswer] = field(default_factory=dict)
    targets: dict[str, TargetAnswer] = field(default_factory=dict)
    contact: dict[str, str] = field(default_factory=dict)  # keys of INFO_FIELDS: person, phone, leader, date
    locked: dict[tuple[str, str, str], object] = field(default_factory=dict)  # (sheet, row id, header) → value


_TASK_HEADERS = {"status": "进展状态", "progress": "完成进度(%)", "progress_text": "本期工作进展", "problems": "存在问题", "next_steps": "下步计划"}
_TARGET_HEADERS = {"actual": "本期实际值", "source": "数据来源", "note": "说明", "baseline": "基期值", "baseline_year": "基期年份"}


def _rows(ws) -> dict[str, int]:
    out = {}
    for r in range(FIRST_DATA_ROW + 1, ws.max_row + 1):
        value = ws.cell(r, 1).value
        if value:
            out[str(value)] = r
    return out


def _headers(ws) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[HEADER_ROW + 1] if c.value}


def fill_form(blank: Path, out: Path, answers: FormAnswers, saved_at: datetime | None = None) -> Path:
    """Fill ``blank`` into ``out``; ``saved_at`` pins the save time so the same answers give the same bytes."""
    wb = openpyxl.load_workbook(blank)
    for sheet_name, given, names in ((TASK_SHEET, answers.tasks, _TASK_HEADERS), (TARGET_SHEET, answers.targets, _TARGET_HEADERS)):
        ws = wb[sheet_name]
        headers, rows = _headers(ws), _rows(ws)
        for row_id, answer in given.items():
            for key, header in names.items():
                value = getattr(answer, key)
                if value is not None and row_id in rows and header in headers:
                    cell = ws.cell(rows[row_id], headers[header])
                    if cell.protection.locked:  # as in Excel: a unit types only into input cells (e.g. 同G1 rows)
                        continue
                    cell.value = value
    for (sheet_name, row_id, header), value in answers.locked.items():
        ws = wb[sheet_name]
        ws.cell(_rows(ws)[row_id], _headers(ws)[header]).value = value
    info = wb[INFO_SHEET]
    for offset, (key, _) in enumerate(INFO_FIELDS):
        if key in answers.contact:
            info.cell(INFO_FIRST_ROW + offset + 1, 2).value = answers.contact[key]
    if saved_at is None:
        with atomic_path(Path(out)) as tmp:
            wb.save(tmp)
        return Path(out)
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    wb.properties.modified = saved_at  # openpyxl's own save() stamps the current time
    ExcelWriter(wb, archive).save()
    write_bytes_atomic(Path(out), stable_zip(buffer.getvalue()))
    return Path(out)
