import openpyxl

from generator.plan.planfile import load_plan
from generator.shared.summary_workbook import figures_from_workbook, write_summary_workbook
from tests.report.conftest import MINI
from tests.report.sample import sample_returns


def test_sheets_and_columns(sample_report):
    wb = openpyxl.load_workbook(sample_report["xlsx"])
    assert wb.sheetnames == ["重点任务", "量化目标", "报告数据", "评估口径"]
    head = [c.value for c in wb["重点任务"][1]]
    assert head == ["计划", "任务编号", "任务名称", "单位", "本单位职责", "进展状态", "完成进度", "本期工作进展", "存在问题",
                    "下步计划", "序时进度", "评估", "本单位评估", "评估依据"]
    assert [c.value for c in wb["量化目标"][1]][:8] == ["计划", "目标编号", "指标", "单位", "基期值", "目标值", "本期实际值", "评估"]
    rows = list(wb["重点任务"].iter_rows(min_row=2, values_only=True))
    t02 = [r for r in rows if r[1] == "T02"]
    assert {r[3] for r in t02} == {"市发展改革委", "市工业和信息化局"} and all(r[11] == "逾期未完成" for r in t02)
    assert all("最慢的牵头单位" in r[13] for r in t02)
    t04 = {r[3]: r for r in rows if r[1] == "T04"}
    assert t04["市林业局"][12] == "逾期未完成" and t04["市生态环境局"][12] == "未报送"  # each listed unit on its own
    t05 = [r for r in rows if r[1] == "T05"]
    assert len(t05) == 1 and t05[0][11] == "未报送" and t05[0][3] == "市发展改革委"
    texts = [c for row in wb["评估口径"].iter_rows(values_only=True) for c in row if c]
    assert not any(".yaml" in t or "settings" in t or "/tmp" in t or "templates" in t for t in texts)  # no file names or paths
    fill = wb["重点任务"].cell(row=2, column=12).fill.fgColor.rgb
    assert fill and fill != "00000000"


def test_figures_sheet_matches_assessment(sample_report):
    from generator.assess import assess_plan
    from generator.period import Period
    from tests.report.sample import sample_history

    a = assess_plan(sample_report["plan"], Period.parse("2026Q3"), sample_returns(), None, sample_history())
    assert figures_from_workbook(sample_report["xlsx"])["示例市碳达峰实施方案"] == a.figures()


def test_without_assessment_for_collection(tmp_path):
    plan = load_plan(MINI)
    path = write_summary_workbook(tmp_path / "汇总表.xlsx", [plan], {"mini": sample_returns()}, period="2026Q3")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["重点任务", "量化目标"]
    assert len([c.value for c in wb["重点任务"][1]]) == 10
    values = {r[1]: r[6] for r in wb["量化目标"].iter_rows(min_row=2, values_only=True)}
    assert values["G1"] == 20.5 and values["G3"] == "达标"


def test_workbook_is_deterministic(tmp_path):
    plan = load_plan(MINI)
    a = write_summary_workbook(tmp_path / "a.xlsx", [plan], {"mini": sample_returns()}, period="2026Q3").read_bytes()
    b = write_summary_workbook(tmp_path / "b.xlsx", [plan], {"mini": sample_returns()}, period="2026Q3").read_bytes()
    assert a == b
