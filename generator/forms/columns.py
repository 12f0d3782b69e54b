"""Where things are on a form: sheet names, header rows and columns.

This is the user-visible layout contract of DESIGN.md ("The form each unit
fills") as data, shared by the writer and by the collector that reads returns.
Read returns by header text (``header``), not by column letter: the last
period's reference columns (``reference=True``) appear only when the form was
made with earlier returns, and they shift the input columns to the right.
"""

from __future__ import annotations

from dataclasses import dataclass

GUIDE_SHEET = "填报说明"
TASK_SHEET = "重点任务"
TARGET_SHEET = "量化目标"
INFO_SHEET = "填报信息"
META_SHEET = "_meta"  # very hidden; machine data (see machine.py)
SHEETS = (GUIDE_SHEET, TASK_SHEET, TARGET_SHEET, INFO_SHEET, META_SHEET)

# Start of the 本期工作进展 the toolkit pre-fills on a task the unit reported 已完成 last period
# (carried forward); the collector tells those rows from the unit's own entries by it.
CARRIED_PREFIX = "该任务截至"

# 0-based rows on 重点任务 and 量化目标: a title row, the header row, then one row per task/target.
TITLE_ROW = 0
HEADER_ROW = 1
FIRST_DATA_ROW = 2


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # stable name used in code (and by the collector)
    header: str  # the header text on the form
    width: float  # Excel column width (characters of the default font; a CJK character is about 2)
    input: bool = False  # unlocked cell the unit fills in
    reference: bool = False  # last period's value, read-only, only when earlier returns are known


# Widths give 任务内容 most of the landscape page: a task's text, not the narrow columns, sets the
# row height, so a wide text column prints a unit's many tasks on the fewest pages
# (measured with tests/bench/bench_form_pages.py).
TASK_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("task_id", "任务编号", 5),
    ColumnSpec("area", "所属行动", 9),
    ColumnSpec("title", "任务名称", 11),
    ColumnSpec("text", "任务内容", 54),
    ColumnSpec("role", "本单位职责", 5),
    ColumnSpec("others", "其他责任单位", 20),
    ColumnSpec("prev_status", "上期状态", 7, reference=True),
    ColumnSpec("prev_progress", "上期进度(%)", 6, reference=True),
    ColumnSpec("status", "进展状态", 8, input=True),
    ColumnSpec("progress", "完成进度(%)", 7, input=True),
    ColumnSpec("progress_text", "本期工作进展", 30, input=True),
    ColumnSpec("problems", "存在问题", 16, input=True),
    ColumnSpec("next_steps", "下步计划", 16, input=True),
)

TARGET_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("target_id", "目标编号", 8),
    ColumnSpec("indicator", "指标", 26),
    ColumnSpec("unit", "单位", 8),
    ColumnSpec("baseline_year", "基期年份", 7),
    ColumnSpec("baseline", "基期值", 10),  # an input cell on rows where the plan gives no baseline
    ColumnSpec("target_year", "目标年份", 7),
    ColumnSpec("target", "目标值", 16),
    ColumnSpec("prev_actual", "上期实际值", 10, reference=True),
    ColumnSpec("actual", "本期实际值", 12, input=True),
    ColumnSpec("source", "数据来源", 18, input=True),
    ColumnSpec("note", "说明", 24, input=True),
)

# 填报信息: label in column A, value in column B, from row 1 (0-based) on.
INFO_FIELDS: tuple[tuple[str, str], ...] = (
    ("unit", "填报单位"),  # prefilled and locked
    ("person", "填报人"),
    ("phone", "联系电话"),
    ("leader", "分管领导"),
    ("date", "填报日期"),
)
INFO_FIRST_ROW = 1


def task_columns(with_previous: bool) -> tuple[ColumnSpec, ...]:
    """The 重点任务 columns, with or without last period's reference columns."""
    return tuple(c for c in TASK_COLUMNS if with_previous or not c.reference)


def target_columns(with_previous: bool) -> tuple[ColumnSpec, ...]:
    """The 量化目标 columns, with or without last period's reference column."""
    return tuple(c for c in TARGET_COLUMNS if with_previous or not c.reference)


def column_index(columns: tuple[ColumnSpec, ...], key: str) -> int:
    """0-based position of the column ``key`` in ``columns``."""
    for i, c in enumerate(columns):
        if c.key == key:
            return i
    raise KeyError(key)
