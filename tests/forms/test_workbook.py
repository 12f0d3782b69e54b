"""The written workbook read back with openpyxl: sheets, cells, protection, validations, print setup."""

from __future__ import annotations

import openpyxl
import pytest

from generator.forms import PreviousTarget, PreviousTask, PreviousValues, generate_forms
from generator.forms.columns import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    INFO_FIELDS,
    SHEETS,
    TARGET_SHEET,
    TASK_SHEET,
    target_columns,
    task_columns,
)
from generator.returns import JUDGEMENTS, TASK_STATUSES

R0 = FIRST_DATA_ROW + 1  # first data row, 1-based as openpyxl counts


def _open(result, unit):
    form = next(f for f in result.forms if f.unit == unit)
    return openpyxl.load_workbook(form.path)


def _dvs(ws):
    """{cell: (type, formula1, formula2, prompt title)} for every cell under a validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col):
                for cell in row:
                    out[cell.coordinate] = (dv.type, dv.formula1, dv.formula2, dv.promptTitle, dv.prompt, dv.showInputMessage)
    return out


def _col(columns, key):
    from openpyxl.utils import get_column_letter

    return get_column_letter(next(i for i, c in enumerate(columns) if c.key == key) + 1)


@pytest.fixture
def result(workspace, period):
    return generate_forms(workspace, period)


def test_sheets_in_order_and_meta_very_hidden(result):
    wb = _open(result, "市发展改革委")
    assert wb.sheetnames == list(SHEETS)
    assert [ws.sheet_state for ws in wb] == ["visible"] * 4 + ["veryHidden"]
    assert wb.active.title == "填报说明"
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props["cpf_unit"] == "市发展改革委" and props["cpf_period"] == "2026Q3"
    assert all(isinstance(v, str) for v in props.values())  # everything stored as text


def test_task_sheet(result):
    wb = _open(result, "市发展改革委")
    ws = wb[TASK_SHEET]
    columns = task_columns(False)
    assert [c.value for c in ws[HEADER_ROW + 1]] == [c.header for c in columns]
    assert [ws.cell(r, 1).value for r in range(R0, R0 + 4)] == ["T01", "T02", "T03", "T05"]
    assert [ws.cell(r, 5).value for r in range(R0, R0 + 4)] == ["牵头", "牵头", "配合", "牵头"]
    assert "任务内容" == ws.cell(HEADER_ROW + 1, 4).value and "风电" in ws.cell(R0, 4).value
    # only the input columns are unlocked
    for row in range(R0, R0 + 4):
        for i, c in enumerate(columns, 1):
            assert ws.cell(row, i).protection.locked is (not c.input), (row, c.key)
    assert ws.cell(HEADER_ROW + 1, 9).protection.locked and ws.cell(R0 + 4, 9).protection.locked
    assert ws.column_dimensions[_col(columns, "text")].width > 30  # widths fit Chinese text
    dvs = _dvs(ws)
    status, progress, text = _col(columns, "status"), _col(columns, "progress"), _col(columns, "progress_text")
    assert dvs[f"{status}{R0}"][:2] == ("list", '"' + ",".join(TASK_STATUSES) + '"')
    assert dvs[f"{progress}{R0 + 3}"][:3] == ("decimal", "0", "100")
    for key in ("progress_text", "problems", "next_steps", "status", "progress"):
        cell = f"{_col(columns, key)}{R0 + 1}"
        assert dvs[cell][3] and dvs[cell][4] and dvs[cell][5], key  # an input hint on every input column
    # required inputs left empty are highlighted
    cf = {str(r.sqref): [rule.formula[0] for rule in r.rules] for r in ws.conditional_formatting}
    assert cf[f"{status}{R0}:{status}{R0 + 3}"] == [f"LEN(TRIM({status}{R0}))=0"]
    assert "未启动" in cf[f"{text}{R0}:{text}{R0 + 3}"][0]
    assert f"{progress}{R0}:{progress}{R0 + 3}" in cf


def test_protection_and_print_setup(result):
    wb = _open(result, "市生态环境局")
    for name in SHEETS:
        ws = wb[name]
        assert ws.protection.sheet, name
        assert ws.protection.password is None  # protected without a password
    for name in SHEETS[:4]:
        ws = wb[name]
        assert ws.protection.formatColumns is False and ws.protection.formatRows is False  # people may widen
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        # 填报说明 on one page; the other sheets one page wide, as many pages tall as their rows need
        one_page = name == SHEETS[0]
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == (None if one_page else 0)
        footer = ws.oddFooter
        assert "市生态环境局" in footer.left.text and "&P" in footer.center.text and "&N" in footer.center.text
        assert "2026年第三季度" in footer.right.text
    for name in (TASK_SHEET, TARGET_SHEET):
        ws = wb[name]
        assert ws.print_title_rows.replace("$", "") == "1:2"
        assert ws.freeze_panes == "B3"
        assert ws.row_dimensions[R0].height and ws.row_dimensions[R0].height >= 30  # rows sized to wrapped text
        assert ws.cell(HEADER_ROW + 1, 1).alignment.wrap_text


def test_target_sheet_numbers_judgements_and_baselines(result):
    wb = _open(result, "市发展改革委")
    ws = wb[TARGET_SHEET]
    columns = target_columns(False)
    assert [c.value for c in ws[HEADER_ROW + 1]] == [c.header for c in columns]
    rows = {ws.cell(r, 1).value: r for r in range(R0, ws.max_row + 1)}
    assert list(rows) == ["G1", "G2", "T01-1", "T02-1", "I01"]
    base, actual, target = _col(columns, "baseline"), _col(columns, "actual"), _col(columns, "target")
    assert ws[f"{base}{rows['G1']}"].value == 12.7 and ws[f"{base}{rows['G1']}"].protection.locked
    assert ws[f"{target}{rows['T01-1']}"].value == "≥35.8"
    assert ws[f"{target}{rows['I01']}"].value == "25左右"
    # T02-1 has no baseline in the plan: its 基期值 is an input cell with a numeric validation and a hint
    cell = ws[f"{base}{rows['T02-1']}"]
    assert cell.protection.locked is False and cell.value is None
    dvs = _dvs(ws)
    assert dvs[cell.coordinate][0] == "decimal" and dvs[cell.coordinate][3] == "基期值"
    assert dvs[f"{actual}{rows['G2']}"][0] == "decimal"
    for key in ("actual", "source", "note"):
        assert ws[f"{_col(columns, key)}{rows['G1']}"].protection.locked is False
        assert dvs[f"{_col(columns, key)}{rows['G1']}"][3]


def test_qualitative_target_gets_a_judgement_list(result):
    wb = _open(result, "市生态环境局")
    ws = wb[TARGET_SHEET]
    columns = target_columns(False)
    rows = {ws.cell(r, 1).value: r for r in range(R0, ws.max_row + 1)}
    assert list(rows) == ["G3", "I02"]
    dvs = _dvs(ws)
    for rid in rows:
        dv = dvs[f"{_col(columns, 'actual')}{rows[rid]}"]
        assert dv[:2] == ("list", '"' + ",".join(JUDGEMENTS) + '"')
        assert "达标" in dv[4]
    assert ws[f"{_col(columns, 'target')}{rows['I02']}"].value == "完成省下达目标任务"
    guide = "\n".join(str(c.value) for c in wb["填报说明"]["A"] if c.value)
    assert "达标" in guide and "未明确牵头单位" in guide  # this unit has the no-lead task T04


def test_empty_target_sheet_says_so(result):
    wb = _open(result, "国网示例供电公司")
    assert "没有需要报送的量化目标" in wb[TARGET_SHEET].cell(R0, 1).value
    assert wb[TARGET_SHEET].protection.sheet


def test_info_sheet(result):
    ws = _open(result, "市林业局")["填报信息"]
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
    for key, label in INFO_FIELDS:
        cell = ws.cell(labels[label], 2)
        if key == "unit":
            assert cell.value == "市林业局" and cell.protection.locked
        else:
            assert cell.value is None and cell.protection.locked is False
            if key != "date":
                assert cell.number_format == "@"  # typed digits stay text
    dvs = _dvs(ws)
    date_dv = dvs[ws.cell(labels["填报日期"], 2).coordinate]
    assert date_dv[0] == "date" and date_dv[3] == "填报日期"


def test_guide_text_from_template(result):
    ws = _open(result, "市发展改革委")["填报说明"]
    lines = [c.value for c in ws["A"] if c.value]
    assert lines[0] == "示例市碳达峰实施方案" and "2026年第三季度" in lines[1]
    text = "\n".join(lines)
    assert "2026年10月10日" in text  # period end + 10 days (settings.deadline_days_after_period_end)
    assert "示例市碳达峰碳中和工作领导小组办公室" in text
    for status in TASK_STATUSES:
        assert f"{status}：" in text
    assert "牵头的任务 3 项、配合的任务 1 项" in text


def test_previous_period_reference_columns(workspace, period):
    previous = PreviousValues("2026Q2")
    previous.tasks[("mini", "市发展改革委", "T01")] = PreviousTask("序时推进", 40.0)
    previous.targets[("mini", "市发展改革委", "G1")] = PreviousTarget(18.5)
    result = generate_forms(workspace, period, unit_names=["市发展改革委"], previous=previous)
    wb = _open(result, "市发展改革委")
    ws = wb[TASK_SHEET]
    columns = task_columns(True)
    assert [c.value for c in ws[HEADER_ROW + 1]] == [c.header for c in columns]
    prev_status, prev_progress = _col(columns, "prev_status"), _col(columns, "prev_progress")
    assert (ws[f"{prev_status}{R0}"].value, ws[f"{prev_progress}{R0}"].value) == ("序时推进", 40)
    assert ws[f"{prev_status}{R0 + 1}"].value == "未报送"
    assert ws[f"{prev_status}{R0}"].protection.locked  # reference only
    assert ws[f"{_col(columns, 'status')}{R0}"].protection.locked is False
    ws = wb[TARGET_SHEET]
    columns = target_columns(True)
    assert ws[f"{_col(columns, 'prev_actual')}{R0}"].value == 18.5
    assert ws[f"{_col(columns, 'prev_actual')}{R0}"].protection.locked
    assert "2026年第二季度" in "\n".join(str(c.value) for c in wb["填报说明"]["A"] if c.value)


def test_same_plan_and_period_give_identical_bytes(workspace, period, tmp_path):
    first = generate_forms(workspace, period)
    data = {f.path: f.path.read_bytes() for f in first.forms}
    manifest = first.manifest.read_bytes()
    second = generate_forms(workspace, period)
    assert {f.path: f.path.read_bytes() for f in second.forms} == data
    assert second.manifest.read_bytes() == manifest
