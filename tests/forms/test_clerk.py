"""Forms a clerk fills once (issue 11) and the baseline a unit supplies (issue 12, item 3).

An indicator is asked once per form; a task reported 已完成 last period arrives pre-filled;
period names on the form are Chinese; 基期年份 is asked with 基期值 (pre-filled with the plan's base
year); the collector maps each of these back to the rows of the return.
"""

from __future__ import annotations

import re

import openpyxl

from generator.collect import collect
from generator.demo.fill import FormAnswers, TargetAnswer, TaskAnswer, fill_form
from generator.forms import PreviousTask, PreviousValues, generate_forms
from generator.forms.cli import cli_templates
from generator.forms.columns import TARGET_SHEET, TASK_SHEET
from generator.forms.layout import form_rows, plan_base_year
from generator.store import Store

UNIT = "市发展改革委"


def _rows(ws, header_row=2):
    header = [c.value for c in ws[header_row]]
    return header, {r[0].value: r for r in ws.iter_rows(min_row=header_row + 1) if r[0].value}


def _form(workspace, period, previous=None):
    result = generate_forms(workspace, period, previous=previous)
    return next(f.path for f in result.forms if f.unit == UNIT)


def _done_before(period):
    return PreviousValues(period.previous().code, tasks={("mini", UNIT, "T05"): PreviousTask("已完成", 100, "召开调度会3次")})


def test_an_indicator_is_asked_once(plan, period):
    rows = {t.row_id: t for t in form_rows(plan, UNIT, period).targets}
    assert rows["I01"].same_as == "G1"  # the indicator-table row of the goal's indicator
    assert rows["G1"].same_as is None and rows["G2"].same_as is None
    housing = {t.row_id: t for t in form_rows(plan, "市住房城乡建设局", period).targets}
    assert housing["T03-2"].same_as == "T03-1"  # 2025 and 2030 targets of one indicator
    assert rows["I01"].input_keys() == frozenset()


def test_shared_row_is_locked_and_points_to_its_answer(workspace, period):
    ws = openpyxl.load_workbook(_form(workspace, period))[TARGET_SHEET]
    header, rows = _rows(ws)
    cell = rows["I01"][header.index("本期实际值")]
    assert cell.value == "同G1，无需重复填写" and cell.protection.locked
    assert rows["G1"][header.index("本期实际值")].protection.locked is False


def test_baseline_year_is_asked_with_the_baseline(plan, workspace, period):
    assert plan_base_year(plan) == 2020
    row = next(t for t in form_rows(plan, UNIT, period).targets if t.row_id == "T02-1")
    assert row.needs_baseline and row.baseline_year_input and row.baseline_year == 2020
    ws = openpyxl.load_workbook(_form(workspace, period))[TARGET_SHEET]
    header, rows = _rows(ws)
    year = rows["T02-1"][header.index("基期年份")]
    assert year.value == 2020 and year.protection.locked is False
    assert rows["G1"][header.index("基期年份")].protection.locked  # the plan's own baseline stays locked


def test_a_task_done_last_period_arrives_prefilled(workspace, period):
    book = openpyxl.load_workbook(_form(workspace, period, _done_before(period)))
    header, rows = _rows(book[TASK_SHEET])
    done = rows["T05"]
    assert done[header.index("进展状态")].value == "已完成" and done[header.index("完成进度(%)")].value == 100
    assert done[header.index("本期工作进展")].value == "该任务截至2026年第二季度末已完成（上期已报）。"
    assert done[header.index("进展状态")].protection.locked is False  # still changeable
    assert rows["T01"][header.index("进展状态")].value is None
    guide = "\n".join(str(c.value) for c in book["填报说明"]["A"] if c.value)
    assert "1 项上期已报“已完成”，已带入" in guide


def test_period_names_on_the_form_are_chinese(workspace, period):
    book = openpyxl.load_workbook(_form(workspace, period, _done_before(period)))
    code = re.compile(r"20\d\d(Q[1-4]|H[12])")
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        texts += [ws.oddHeader.left.text or "", ws.oddHeader.right.text or "", ws.oddFooter.right.text or ""]
        assert not [t for t in texts if code.search(t)], ws.title


def test_collector_maps_shared_rows_carried_tasks_and_baseline_year(workspace, period):
    blank = _form(workspace, period, _done_before(period))
    inbox = workspace.inbox_dir(period.code)
    answers = FormAnswers(
        tasks={"T01": TaskAnswer("序时推进", 45, "新增光伏装机12万千瓦"), "T02": TaskAnswer("序时推进", 30, "方案已起草"),
               "T03": TaskAnswer("序时推进", 40, "配合推进")},  # T05 left as carried forward
        targets={"G1": TargetAnswer(19.8, "能源统计"), "G2": TargetAnswer(8.1, "统计公报"), "T01-1": TargetAnswer(18.5, "市统计局"),
                 "T02-1": TargetAnswer(44.0, "能源统计", baseline=48.5), "I01": TargetAnswer(99.0)},  # I01 is locked: ignored
        contact={"person": "张三", "phone": "0744-8888888"},
        locked={(TARGET_SHEET, "T02-1", "基期年份"): 2019},
    )
    fill_form(blank, inbox / "a.xlsx", answers)
    result = collect(workspace, period.code)
    assert [s.outcome_word for s in result.submissions] == ["已接收"], result.submissions[0].messages
    with Store(workspace.store_path) as store:
        got = store.period_returns("mini", period.code).returns[UNIT]
    targets = {t.target_id: t for t in got.targets}
    assert targets["I01"].actual == 19.8 and targets["I01"].source == "能源统计"
    assert (targets["T02-1"].baseline, targets["T02-1"].baseline_year) == (48.5, 2019)
    done = next(t for t in got.tasks if t.task_id == "T05")
    assert (done.status, done.progress) == ("已完成", 100)


def test_baseline_without_year_is_sent_back(workspace, period):
    blank = _form(workspace, period)
    answers = FormAnswers(
        tasks={"T01": TaskAnswer("序时推进", 45, "新增光伏装机")},
        targets={"T02-1": TargetAnswer(44.0, "能源统计", baseline=48.5)},
        locked={(TARGET_SHEET, "T02-1", "基期年份"): None},
    )
    fill_form(blank, workspace.inbox_dir(period.code) / "b.xlsx", answers)
    result = collect(workspace, period.code)
    messages = "\n".join(result.submissions[0].messages)
    assert result.submissions[0].outcome_word == "退回"
    assert re.search(r"量化目标!D\d+：填写了基期值 48.5，基期年份应为 1990—\d{4} 之间的年份（如 2020），没有填写", messages), messages


def test_templates_says_what_is_not_set(workspace, period, capsys):
    assert cli_templates(workspace, period.code, None, None) == 0
    out = capsys.readouterr().out
    assert "尚未设置联系人" in out and "联系电话" in out and "报送截止日" in out
    own = workspace.root / "templates"
    own.mkdir()
    text = (workspace.template("form_instructions.yaml")).read_text(encoding="utf-8")
    text = text.replace('contact_person: ""', 'contact_person: "李四"').replace('contact_phone: ""', 'contact_phone: "0744-1234567"')
    text = text.replace("  # deadline_days_after_period_end: 10", "  deadline_days_after_period_end: 8")
    (own / "form_instructions.yaml").write_text(text, encoding="utf-8")
    assert cli_templates(workspace, period.code, None, None) == 0
    assert "尚未设置" not in capsys.readouterr().out
    guide = "\n".join(str(c.value) for c in openpyxl.load_workbook(_form(workspace, period))["填报说明"]["A"] if c.value)
    assert "联系人：李四，电话：0744-1234567" in guide and "2026年10月8日" in guide


def test_a_form_sent_back_untouched_is_still_a_blank_form(workspace, period):
    """The carried-forward row is the toolkit's, not the unit's: alone it does not make a return."""
    blank = _form(workspace, period, _done_before(period))
    inbox = workspace.inbox_dir(period.code)
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / "untouched.xlsx").write_bytes(blank.read_bytes())
    result = collect(workspace, period.code)
    assert result.submissions[0].outcome_word == "退回"
    assert any("没有填写任何进展或数值" in m for m in result.submissions[0].messages)
