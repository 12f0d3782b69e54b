"""Writes one unit's form as .xlsx with xlsxwriter.

Sheets, in order: 填报说明, 重点任务, 量化目标, 填报信息 and the very hidden
``_meta``. Every sheet is protected without a password (users may still widen
columns and heighten rows); only input cells are unlocked, each with an input
hint and a validation; required inputs left empty show light red through
conditional formatting. Print setup: A4 landscape, one page wide, header rows
repeated, footer with unit, period and page.

Every xlsxwriter return code is checked and every xlsxwriter warning is an
error, so a validation or footer that Excel would refuse is never silently
dropped.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Callable
from datetime import date
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..cellwidth import row_height, wrapped_lines
from ..errors import UserError
from ..fileio import atomic_path
from ..period import Period
from ..plan.model import Plan
from ..returns import JUDGEMENTS, TASK_STATUSES
from .columns import (
    CARRIED_PREFIX,
    FIRST_DATA_ROW,
    GUIDE_SHEET,
    HEADER_ROW,
    INFO_FIELDS,
    INFO_FIRST_ROW,
    INFO_SHEET,
    META_SHEET,
    TARGET_SHEET,
    TASK_SHEET,
    TITLE_ROW,
    ColumnSpec,
    column_index,
    target_columns,
    task_columns,
)
from .guide import STYLE_HEADING, STYLE_TITLE, FormText, Hint
from .layout import FormContent, TargetRow, TaskRow
from .machine import LOCKED_ROW, PROP_PREFIX, SEAL_FIELD, FormIdentity, locked_refs_items, locked_text, property_items, stamp_fields
from .previous import PreviousTask, PreviousValues

FONT = "宋体"
FONT_SIZE = 10
INPUT_ROW_LINES = 4  # room to type in a task row even when the locked text is short
INPUT_FILL = "#FFF2CC"  # light yellow: fill in here
MISSING_FILL = "#FFC7CE"  # light red: required and still empty
REFERENCE_FILL = "#EDEDED"
DONE_FILL = "#E2EFDA"  # light green: carried forward as done, may still be changed
HEADER_FILL = "#D9E1F2"
PROTECT_OPTIONS = {
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}
GUIDE_WIDTH = 120  # 填报说明: one column as wide as an A4 landscape page, the sheet printed on one page
# Sheets whose every locked cell is recorded and sealed into the form (填报说明 is instructions only).
SEALED_SHEETS = (TASK_SHEET, TARGET_SHEET, INFO_SHEET)
NUMBER_LIMIT = 1e12  # 本期实际值 and 基期值 must be numbers within ±this


@dataclass(frozen=True)
class FormJob:
    """Everything one form is made from."""

    plan: Plan
    period: Period
    content: FormContent
    identity: FormIdentity
    signature: str
    text: FormText
    previous: PreviousValues | None = None
    # Seals the locked cells (machine.seal_locked with the identity and the secret); None writes no seal.
    seal: Callable[[list[tuple[str, str]]], str] | None = field(default=None, repr=False)


def _clip(text: str, limit: int) -> str:
    """Header and footer text must stay under Excel's 255 characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Writer:
    """One workbook being written; wraps xlsxwriter so every call is checked."""

    def __init__(self, path: Path, job: FormJob):
        self.job = job
        self.path = path
        self.book = xlsxwriter.Workbook(
            str(path),
            {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
        )
        f = self.book.add_format
        base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "top", "text_wrap": True, "border": 1}
        self.fmt = {
            "title": f({"font_name": FONT, "font_size": 14, "bold": True, "align": "center", "valign": "vcenter"}),
            "header": f({**base, "bold": True, "align": "center", "valign": "vcenter", "bg_color": HEADER_FILL}),
            "text": f(base),
            "center": f({**base, "align": "center"}),
            "number": f({**base, "align": "right"}),
            "reference": f({**base, "bg_color": REFERENCE_FILL, "font_color": "#595959"}),
            "input": f({**base, "locked": False, "bg_color": INPUT_FILL}),
            "input_center": f({**base, "locked": False, "bg_color": INPUT_FILL, "align": "center"}),
            "input_done": f({**base, "locked": False, "bg_color": DONE_FILL}),
            "input_done_center": f({**base, "locked": False, "bg_color": DONE_FILL, "align": "center"}),
            "input_year": f({**base, "locked": False, "bg_color": INPUT_FILL, "align": "center", "num_format": "0"}),
            "input_textual": f({**base, "locked": False, "bg_color": INPUT_FILL, "num_format": "@", "valign": "vcenter"}),
            "input_date": f({**base, "locked": False, "bg_color": INPUT_FILL, "num_format": "yyyy-mm-dd", "align": "left"}),
            "missing": f({"bg_color": MISSING_FILL}),
            "guide_title": f({"font_name": FONT, "font_size": 14, "bold": True, "align": "center", "valign": "vcenter"}),
            "guide_heading": f({"font_name": FONT, "font_size": 12, "bold": True, "valign": "vcenter"}),
            "guide_text": f({"font_name": FONT, "font_size": 11, "text_wrap": True, "valign": "top"}),
            "plain": f({"font_name": FONT, "font_size": 11, "text_wrap": True, "valign": "top"}),
            "label": f({**base, "bold": True, "valign": "vcenter", "bg_color": HEADER_FILL}),
            "prefilled": f({**base, "valign": "vcenter"}),
        }
        self.sheet_name = ""
        self.ws = None
        self.locked: list[tuple[str, str]] = []  # (sheet!cell, text) of every locked cell of the data sheets, as written

    # ---- checked primitives

    def _check(self, rc, what: str, row: int | None = None, col: int | None = None) -> None:
        if rc is None or rc >= 0:
            return
        where = f"{self.sheet_name}!{xl_rowcol_to_cell(row, col)}" if row is not None and col is not None else self.sheet_name
        if rc == -2 and what == "write":
            raise UserError(f"生成“{self.path.name}”时，{where} 的文字超过 Excel 单元格上限（32767 个字），请在计划文件中精简该项。")
        raise RuntimeError(f"xlsxwriter 拒绝了 {what}（{where}，返回 {rc}）")

    def add_sheet(self, name: str):
        self.sheet_name = name
        self.ws = self.book.add_worksheet(name)
        self.ws.hide_gridlines(2)
        return self.ws

    def record(self, row: int, col: int, value, fmt: str) -> None:
        """Remember a locked cell of a data sheet (the collector checks each one against the form as sent)."""
        if self.sheet_name in SEALED_SHEETS and not fmt.startswith("input") and fmt != "missing":
            self.locked.append((f"{self.sheet_name}!{xl_rowcol_to_cell(row, col)}", locked_text(value)))

    def string(self, row: int, col: int, value: str, fmt: str) -> None:
        self.record(row, col, value or "", fmt)
        self._check(self.ws.write_string(row, col, value or "", self.fmt[fmt]), "write", row, col)

    def number(self, row: int, col: int, value: float, fmt: str) -> None:
        self.record(row, col, value, fmt)
        self._check(self.ws.write_number(row, col, value, self.fmt[fmt]), "write", row, col)

    def blank(self, row: int, col: int, fmt: str) -> None:
        self.record(row, col, None, fmt)
        self._check(self.ws.write_blank(row, col, None, self.fmt[fmt]), "write", row, col)

    def value(self, row: int, col: int, value, fmt: str) -> None:
        if value is None or value == "":
            self.blank(row, col, fmt)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            self.number(row, col, value, fmt)
        else:
            self.string(row, col, str(value), fmt)

    def validate(self, first_row: int, col: int, last_row: int, options: dict, hint: Hint) -> None:
        opts = {"input_title": hint.title, "input_message": hint.text, **options}
        if opts.get("validate") != "any":
            opts.setdefault("error_title", hint.title)
            opts.setdefault("error_type", "stop")
        self._check(self.ws.data_validation(first_row, col, last_row, col, opts), "data_validation", first_row, col)

    def missing_when(self, first_row: int, col: int, last_row: int, formula: str) -> None:
        """Highlight cells of a required input range while ``formula`` (for its top-left cell) is true."""
        rc = self.ws.conditional_format(first_row, col, last_row, col, {"type": "formula", "criteria": formula, "format": self.fmt["missing"]})
        self._check(rc, "conditional_format", first_row, col)

    def finish_sheet(self, repeat_header: bool = True, freeze: tuple[int, int] | None = None, one_page: bool = False) -> None:
        """Protection and print setup: A4 landscape, one page wide (``one_page``: the whole sheet on one page)."""
        job, ws = self.job, self.ws
        ws.protect("", PROTECT_OPTIONS)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 1 if one_page else 0)
        ws.center_horizontally()
        ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
        if repeat_header:
            ws.repeat_rows(TITLE_ROW, HEADER_ROW)
        if freeze:
            ws.freeze_panes(*freeze)
        unit = _clip(job.content.unit, 60).replace("&", "&&")
        ws.set_header(f"&L&9{_clip(job.plan.title, 80).replace('&', '&&')}&R&9{self.sheet_name}")
        ws.set_footer(f"&L&9填报单位：{unit}&C&9第 &P 页，共 &N 页&R&9报送期：{job.period.label}")
        if ws.footer == "" or ws.header == "":
            raise RuntimeError(f"页眉或页脚过长，未能写入（{self.sheet_name}）")

    def close(self) -> None:
        try:
            self.book.close()
        except (OSError, xlsxwriter.exceptions.FileCreateError) as exc:
            raise UserError(f"无法写入填报表“{self.path}”：{exc}。") from exc


def _title(w: _Writer, ncols: int, text: str) -> None:
    w.record(TITLE_ROW, 0, text, "title")
    w._check(w.ws.merge_range(TITLE_ROW, 0, TITLE_ROW, ncols - 1, text, w.fmt["title"]), "merge_range", TITLE_ROW, 0)
    w.ws.set_row(TITLE_ROW, 26)


def _header(w: _Writer, columns: tuple[ColumnSpec, ...]) -> None:
    for i, c in enumerate(columns):
        w.ws.set_column(i, i, c.width)
        w.string(HEADER_ROW, i, c.header, "header")
    w.ws.set_row(HEADER_ROW, row_height(max(wrapped_lines(c.header, c.width) for c in columns)))


def _empty_note(w: _Writer, ncols: int, text: str) -> None:
    w.record(FIRST_DATA_ROW, 0, text, "text")
    w._check(w.ws.merge_range(FIRST_DATA_ROW, 0, FIRST_DATA_ROW, ncols - 1, text, w.fmt["text"]), "merge_range", FIRST_DATA_ROW, 0)
    w.ws.set_row(FIRST_DATA_ROW, 24)


def _write_guide(w: _Writer) -> None:
    job = w.job
    ws = w.add_sheet(GUIDE_SHEET)
    width = GUIDE_WIDTH
    ws.set_column(0, 0, width)
    previous_label = Period.parse(job.previous.period).label if job.previous else None
    carried = 0
    if job.previous:
        carried = sum(1 for t in job.content.tasks if (p := job.previous.task(job.plan.id, job.content.unit, t.row_id)) and p.done)
    for row, (style, line) in enumerate(job.text.guide_lines(job.plan, job.period, job.content, previous_label, carried)):
        fmt = {STYLE_TITLE: "guide_title", STYLE_HEADING: "guide_heading"}.get(style, "guide_text")
        w.string(row, 0, line, fmt)
        size_lines = wrapped_lines(line, width * 10 / 11)
        ws.set_row(row, 24 if style == STYLE_TITLE else 20 if style == STYLE_HEADING else row_height(size_lines) * 11 / 10)
    w.finish_sheet(repeat_header=False, one_page=True)


def _open_sheet(w: _Writer, name: str, columns: tuple[ColumnSpec, ...], what: str, has_rows: bool, empty_note: str) -> bool:
    """Title and header of 重点任务 / 量化目标; False (sheet finished with a note) when the unit has no rows."""
    job = w.job
    w.add_sheet(name)
    _title(w, len(columns), f"{job.plan.title}{what}（{job.period.label}）— {job.content.unit}")
    _header(w, columns)
    if not has_rows:
        _empty_note(w, len(columns), empty_note)
        w.finish_sheet(freeze=(FIRST_DATA_ROW, 0))
    return has_rows


def _write_tasks(w: _Writer) -> None:
    job = w.job
    content = job.content
    columns = task_columns(job.previous is not None)
    if not _open_sheet(w, TASK_SHEET, columns, "重点任务进展情况", bool(content.tasks), "本单位在本计划中没有需要填报的重点任务，本表无需填写。"):
        return
    row = FIRST_DATA_ROW
    for task in content.tasks:
        _task_row(w, columns, row, task)
        row += 1
    last = row - 1
    hints = job.text.hints
    col = {c.key: i for i, c in enumerate(columns)}
    status, progress = col["status"], col["progress"]
    w.validate(FIRST_DATA_ROW, status, last, {"validate": "list", "source": list(TASK_STATUSES), "error_message": f"请从下拉列表中选择：{'、'.join(TASK_STATUSES)}。"}, hints["status"])
    w.validate(FIRST_DATA_ROW, progress, last, {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100, "error_message": "完成进度应为 0—100 之间的数字（不加%号）。"}, hints["progress"])
    for key in ("progress_text", "problems", "next_steps"):
        w.validate(FIRST_DATA_ROW, col[key], last, {"validate": "any"}, hints[key])
    s = xl_rowcol_to_cell(FIRST_DATA_ROW, status, col_abs=True)
    w.missing_when(FIRST_DATA_ROW, status, last, f"=LEN(TRIM({xl_rowcol_to_cell(FIRST_DATA_ROW, status)}))=0")
    w.missing_when(FIRST_DATA_ROW, progress, last, f"=LEN(TRIM({xl_rowcol_to_cell(FIRST_DATA_ROW, progress)}))=0")
    text_cell = xl_rowcol_to_cell(FIRST_DATA_ROW, col["progress_text"])
    w.missing_when(FIRST_DATA_ROW, col["progress_text"], last, f'=AND(LEN(TRIM({text_cell}))=0,{s}<>"未启动")')
    w.finish_sheet(freeze=(FIRST_DATA_ROW, 1))


def carried_text(previous: PreviousTask, previous_label: str) -> str:
    """本期工作进展 pre-filled on a task reported 已完成 last period: kept as it was if already carried."""
    if previous.progress_text.startswith(CARRIED_PREFIX):
        return previous.progress_text
    return f"{CARRIED_PREFIX}{previous_label}末已完成（上期已报）。"


def _task_row(w: _Writer, columns: tuple[ColumnSpec, ...], row: int, task: TaskRow) -> None:
    job = w.job
    prev = job.previous.task(job.plan.id, job.content.unit, task.row_id) if job.previous else None
    values = {
        "task_id": (task.row_id, "center"),
        "area": (task.area, "text"),
        "title": (task.title, "text"),
        "text": (task.text, "text"),
        "role": (task.role, "center"),
        "others": (task.others_text, "text"),
        "prev_status": ((prev.status or "未填") if prev else "未报送", "reference"),
        "prev_progress": (prev.progress if prev else None, "reference"),
    }
    if prev is not None and prev.done:  # carried forward: shown as done, no new entry needed
        label = Period.parse(job.previous.period).label
        carried = {"status": ("已完成", "input_done_center"), "progress": (100, "input_done_center"),
                   "progress_text": (carried_text(prev, label), "input_done")}
    else:
        carried = {}
    lines = INPUT_ROW_LINES
    for i, c in enumerate(columns):
        if c.input:
            value, fmt = carried.get(c.key, (None, "input_center" if c.key in ("status", "progress") else "input"))
            w.value(row, i, value, fmt)
            continue
        value, fmt = values[c.key]
        w.value(row, i, value, fmt)
        if isinstance(value, str):
            lines = max(lines, wrapped_lines(value, c.width))
    w.ws.set_row(row, row_height(lines))


def _write_targets(w: _Writer) -> None:
    job = w.job
    content = job.content
    columns = target_columns(job.previous is not None)
    if not _open_sheet(w, TARGET_SHEET, columns, "量化目标完成情况", bool(content.targets), "本单位在本计划中没有需要报送的量化目标，本表无需填写。"):
        return
    hints = job.text.hints
    actual = column_index(columns, "actual")
    baseline = column_index(columns, "baseline")
    baseline_year = column_index(columns, "baseline_year")
    number_rule = {"validate": "decimal", "criteria": "between", "minimum": -NUMBER_LIMIT, "maximum": NUMBER_LIMIT, "error_message": "请填写数字，不要加单位、%号或文字；需要说明的情况请写在“说明”栏。"}
    row = FIRST_DATA_ROW
    for target in content.targets:
        _target_row(w, columns, row, target)
        if target.same_as:
            row += 1
            continue
        if target.qualitative:
            w.validate(row, actual, row, {"validate": "list", "source": list(JUDGEMENTS), "error_message": f"请从下拉列表中选择：{'、'.join(JUDGEMENTS)}。"}, hints["actual_judgement"])
        else:
            w.validate(row, actual, row, number_rule, hints["actual_number"])
        w.missing_when(row, actual, row, f"=LEN(TRIM({xl_rowcol_to_cell(row, actual)}))=0")
        if target.needs_baseline:
            w.validate(row, baseline, row, number_rule, hints["baseline"])
            w.missing_when(row, baseline, row, f"=LEN(TRIM({xl_rowcol_to_cell(row, baseline)}))=0")
        if target.baseline_year_input:
            latest = target.target_year or 2100
            w.validate(row, baseline_year, row, {"validate": "integer", "criteria": "between", "minimum": 1990, "maximum": latest,
                                                 "error_message": f"基期年份应为 1990—{latest} 之间的年份，如 2020。"}, hints["baseline_year"])
            w.missing_when(row, baseline_year, row, f"=LEN(TRIM({xl_rowcol_to_cell(row, baseline_year)}))=0")
        row += 1
    for key in ("source", "note"):
        col = column_index(columns, key)
        for first, end in _input_runs(content.targets):
            w.validate(FIRST_DATA_ROW + first, col, FIRST_DATA_ROW + end, {"validate": "any"}, hints[key])
    w.finish_sheet(freeze=(FIRST_DATA_ROW, 1))


def _input_runs(targets) -> list[tuple[int, int]]:
    """(first, last) indexes of consecutive rows that are asked (not answered by an earlier row)."""
    runs: list[tuple[int, int]] = []
    for i, t in enumerate(targets):
        if t.same_as:
            continue
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _target_row(w: _Writer, columns: tuple[ColumnSpec, ...], row: int, target: TargetRow) -> None:
    job = w.job
    prev = job.previous.target(job.plan.id, job.content.unit, target.row_id) if job.previous else None
    if prev is None:
        prev_actual = "未报送"
    elif prev.judgement:
        prev_actual = prev.judgement
    else:
        prev_actual = prev.actual
    if target.needs_baseline:
        baseline = (None, "input")
    elif target.baseline_value is None:
        baseline = ("—", "center")
    else:
        baseline = (target.baseline_value, "number")
    if target.baseline_year_input:
        baseline_year = (target.baseline_year, "input_year")
    else:
        baseline_year = (target.baseline_year or "—", "center")
    values = {
        "target_id": (target.row_id, "center"),
        "indicator": (target.indicator, "text"),
        "unit": (target.unit or "—", "center"),
        "baseline_year": baseline_year,
        "baseline": baseline,
        "target_year": (target.target_year or "—", "center"),
        "target": (target.target_text, "text"),
        "prev_actual": (prev_actual, "reference"),
        "actual": (None, "input_center" if target.qualitative else "input"),
        "source": (None, "input"),
        "note": (None, "input"),
    }
    if target.same_as:  # the same indicator as an earlier row: asked once, answered there
        shared = f"同{target.same_as}，无需重复填写"
        values.update({"actual": (shared, "text"), "source": (f"同{target.same_as}", "text"), "note": ("—", "center")})
        if target.baseline_value is None:
            values.update({"baseline": (f"同{target.same_as}", "center"), "baseline_year": (f"同{target.same_as}", "center")})
    lines = 2
    for i, c in enumerate(columns):
        value, fmt = values[c.key]
        w.value(row, i, value, fmt)
        if isinstance(value, str):
            lines = max(lines, wrapped_lines(value, c.width))
    w.ws.set_row(row, row_height(lines))


def _write_info(w: _Writer) -> None:
    job = w.job
    ws = w.add_sheet(INFO_SHEET)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 44)
    ws.set_column(2, 2, 50)
    _title(w, 3, f"填报信息（{job.period.label}）")
    hints = job.text.hints
    for offset, (key, label) in enumerate(INFO_FIELDS):
        row = INFO_FIRST_ROW + offset
        ws.set_row(row, 26)
        w.string(row, 0, label, "label")
        if key == "unit":
            w.string(row, 1, job.content.unit, "prefilled")
            w.string(row, 2, "（已预填，不能修改）", "plain")
            continue
        if key == "date":
            w.blank(row, 1, "input_date")
            w.validate(row, 1, row, {"validate": "date", "criteria": "between", "minimum": date(2000, 1, 1), "maximum": date(2100, 12, 31), "error_message": "请按“2026-10-08”的格式填写日期。"}, hints["date"])
        else:
            w.blank(row, 1, "input_textual")  # text format: a phone number stays as typed, not 1.38E+10
            w.validate(row, 1, row, {"validate": "any"}, hints[key])
        w.string(row, 2, hints[key].text, "plain")
        w.missing_when(row, 1, row, f"=LEN(TRIM({xl_rowcol_to_cell(row, 1)}))=0")
    sign_row = INFO_FIRST_ROW + len(INFO_FIELDS) + 2
    w.string(sign_row, 0, "分管领导（签字）：", "plain")
    w.string(sign_row, 2, "填报单位（盖章）：", "plain")
    w.string(sign_row + 2, 2, "年　　月　　日", "plain")
    w.finish_sheet(repeat_header=False)


def _write_meta(w: _Writer) -> None:
    job = w.job
    ws = w.add_sheet(META_SHEET)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 80)
    rows = list(stamp_fields(job.identity, job.signature))
    if job.seal is not None:
        seal = job.seal(w.locked)
        rows.append((SEAL_FIELD, seal))
        w._check(w.book.set_custom_property(PROP_PREFIX + SEAL_FIELD, seal, "text"), "set_custom_property")
        for name, value in locked_refs_items([ref for ref, _ in w.locked]):
            w._check(w.book.set_custom_property(name, value, "text"), "set_custom_property")
    for row, (key, value) in enumerate(rows):
        w.string(row, 0, key, "plain")
        w.string(row, 1, value, "plain")
    for row, (ref, text) in enumerate(w.locked if job.seal is not None else [], len(rows)):
        w.string(row, 0, LOCKED_ROW, "plain")
        w.string(row, 1, ref, "plain")
        w.string(row, 2, text, "plain")
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.very_hidden()


def _set_properties(w: _Writer) -> None:
    job = w.job
    office = job.text.office(job.plan)
    w.book.set_properties(
        {
            "title": f"{job.plan.title}{job.period.label}进展情况填报表（{job.content.unit}）",
            "subject": f"{job.period.label}进展情况填报",
            "author": office,
            "manager": office,
            "company": job.plan.issuer or "",
            "category": "碳达峰实施方案进展填报表",
            "comments": "本表由碳达峰实施方案调度工具生成，带有校验信息；请只填写浅黄色单元格，不要改动表格结构。",
            "created": job.period.document_time,
        }
    )
    for name, value in property_items(job.identity, job.signature):
        w._check(w.book.set_custom_property(name, value, "text"), "set_custom_property")


def build_form(path: Path, job: FormJob) -> None:
    """Write the form to ``path`` (not atomic: :func:`write_form` wraps it)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", category=UserWarning, module="xlsxwriter")
        try:
            w = _Writer(path, job)
            _set_properties(w)
            _write_guide(w)
            _write_tasks(w)
            _write_targets(w)
            _write_info(w)
            _write_meta(w)
            w.book.worksheets()[0].activate()
            w.close()
        except UserWarning as exc:
            raise RuntimeError(f"xlsxwriter 警告（按错误处理）：{exc}") from exc


def write_form(target: Path, job: FormJob) -> None:
    """Write the form atomically: a temporary file beside ``target``, renamed over it when complete."""
    with atomic_path(target) as tmp:
        build_form(tmp, job)
