"""Bad input never crashes the report: no returns, no indicators, control characters, formulas, huge text."""

import openpyxl
import pytest

from generator.errors import UserError
from generator.plan.planfile import load_plan
from generator.report import text as tx, write_reports
from generator.workspace import Workspace
from tests.assess.helpers import returns
from tests.report.conftest import MINI
from tests.report.docx_util import body_paragraphs, full_text, open_doc


def _write(tmp_path, plan, rets, **kw):
    return write_reports(Workspace.at(tmp_path), "2026Q3", [plan], {plan.id: rets}, **kw)


def test_period_without_any_returns(tmp_path):
    plan = load_plan(MINI)
    paths = _write(tmp_path, plan, returns("mini", "2026Q3"))
    doc = open_doc(paths[0])
    paras = body_paragraphs(doc)
    overview = paras[paras.index("一、总体情况") + 1]
    assert "均未报送本期推进情况" in overview
    text = full_text(doc)
    for unit in plan.reporting_units():
        assert unit in text
    assert paras.index("五、下一步工作安排") > paras.index("四、存在的主要问题")


def test_missing_returns_entry_for_a_plan(tmp_path):
    plan = load_plan(MINI)
    paths = write_reports(Workspace.at(tmp_path), "2026Q3", [plan], {})
    assert paths[0].exists()


def test_plan_without_indicators_or_goals(tmp_path):
    plan = load_plan(MINI)
    plan.indicators = []
    paths = _write(tmp_path, plan, returns("mini", "2026Q3"))
    assert "本方案未设指标体系" in full_text(open_doc(paths[0]))
    plan.goals = []
    for t in plan.tasks:
        t.targets = []
    paths = _write(tmp_path / "b", plan, returns("mini", "2026Q3"))
    text = full_text(open_doc(paths[0]))
    assert "本方案未设置量化目标和指标体系" in text


def test_plan_without_tasks(tmp_path):
    plan = load_plan(MINI)
    plan.tasks = []
    paths = _write(tmp_path, plan, returns("mini", "2026Q3"))
    assert open_doc(paths[0]).paragraphs


HUGE = "加快推进光伏项目建设，" * 5000  # 55,000 characters pasted into one cell, no sentence end
NASTY = "进展\x00良好\x0b，\x1f已完成\ufffe招标。"
FORMULA = "=SUM(A1:A3)+HYPERLINK(\"http://x\")"


def _nasty_returns():
    return returns("mini", "2026Q3", {
        "市发展改革委": ([("T01", "牵头", "序时推进", 100, HUGE, HUGE, NASTY),
                        ("T02", "牵头", "进度滞后", 10, "# 不是标题", "@title 不是标题", "@@ 也不是"),
                        ("T05", "牵头", "序时推进", 50, NASTY, FORMULA, "")],
                       [("G1", 20.0, None, None, FORMULA, NASTY)]),
    })


def test_control_characters_formulas_and_huge_text(tmp_path):
    plan = load_plan(MINI)
    paths = _write(tmp_path, plan, _nasty_returns())
    doc = open_doc(paths[0])
    text = full_text(doc)
    assert "\x00" not in text and "\x0b" not in text and "进展良好，已完成招标。" in text
    paras = body_paragraphs(doc)
    item = next(p for p in paras if p.startswith("1.大力发展可再生能源"))
    assert "反映“加快推进光伏项目建设，" in item and "……" in item and len(item) < 250  # condensed in the body
    assert max(len(p) for p in paras) < 600
    annex = doc.tables[-3]
    cell = next(c.text for row in annex.rows for c in row.cells if c.text.startswith("加快推进光伏项目建设"))
    assert len(cell) <= tx.MAX_FULL_TEXT + 60 and "原文共55000字" in cell and ".xlsx" not in cell
    assert FORMULA in text  # formula-looking text stays literal text
    assert not any(p.startswith("不是标题") for p in paras)  # a typed “#”/“@” is not markup
    assert "# 不是标题" in text.replace("\u2060", "")
    wb = openpyxl.load_workbook(paths[-1])
    ws = wb["重点任务"]
    problems = [c for c in ws["I"] if c.value == FORMULA]  # T05's 存在问题
    assert problems and problems[0].data_type == "s"
    long_cell = next(c for c in ws["H"] if isinstance(c.value, str) and c.value.startswith("加快"))
    assert len(long_cell.value) < 32767
    assert all("\x0b" not in (c.value or "") for c in ws["J"] if isinstance(c.value, str))


def test_missing_and_broken_templates(tmp_path):
    plan = load_plan(MINI)
    ws_dir = tmp_path / "ws"
    (ws_dir / "templates" / "report").mkdir(parents=True)
    broken = ws_dir / "templates" / "report" / "report.j2"
    broken.write_text("@title {{ plan.title }}\n第二行\n{% if %}\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"report\.j2.*第 3 行有语法错误"):
        _write(ws_dir, plan, returns("mini", "2026Q3"))
    broken.write_text("@title {{ plan.title }}\n{{ no_such_thing.x }}\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"第 2 行用到了不存在的内容"):
        _write(ws_dir, plan, returns("mini", "2026Q3"))
    broken.write_text("@title 标题\n@table no_such_table\n", encoding="utf-8")
    with pytest.raises(UserError, match="no_such_table"):
        _write(ws_dir, plan, returns("mini", "2026Q3"))
    broken.unlink()
    (ws_dir / "templates" / "report_style.docx").write_bytes(b"not a zip")
    with pytest.raises(UserError, match="报告样式文件.*无法打开"):
        _write(ws_dir, plan, returns("mini", "2026Q3"))


def test_template_not_found_names_the_file(tmp_path):
    from generator.report import wording

    env = wording.environment(tmp_path)
    with pytest.raises(UserError, match="找不到报告模板“nothing.j2”"):
        wording.render(env, "nothing.j2", {})


def test_workspace_template_overrides_wording(tmp_path):
    plan = load_plan(MINI)
    own = tmp_path / "templates" / "report"
    own.mkdir(parents=True)
    builtin = (MINI.parents[2] / "templates" / "report" / "report.j2").read_text(encoding="utf-8")
    (own / "report.j2").write_text(builtin.replace("现将有关情况报告如下。", "特此报告如下。"), encoding="utf-8")
    paths = _write(tmp_path, plan, returns("mini", "2026Q3"))
    assert "特此报告如下。" in full_text(open_doc(paths[0]))


def _one_sentence(paras, start: str) -> str:
    found = [p for p in paras if start in p]
    assert len(found) == 1, found
    return found[0]


def test_empty_whitespace_and_32000_character_texts(tmp_path):
    """Units that write nothing, only spaces, or 32,000 characters: every figure still stands under its unit,
    the body quotes nothing empty, and the long text is cut in the body and kept (cut, with its length) in annex 1."""
    plan = load_plan(MINI)
    long = "推进屋顶分布式光伏建设" + "，完成项目备案" * 4570  # 32,000 characters
    assert len(long) >= 32000
    rets = returns("mini", "2026Q3", {
        "市发展改革委": ([("T01", "牵头", "已完成", 100, "", "", ""), ("T02", "牵头", "进度滞后", 10, " \u3000\n\t ", "   ", "\n"),
                        ("T05", "牵头", "序时推进", 45, long, long, long)], []),
        "市林业局": ([("T04", "配合", "序时推进", 80, "\u3000\u3000", "", "")], []),
    })
    doc = open_doc(_write(tmp_path, plan, rets)[0])
    paras = body_paragraphs(doc)
    assert not any("：。" in p or "“”" in p or "：；" in p for p in paras)  # nothing empty quoted
    t02 = next(p for p in paras if p.startswith(("1.合理调控", "2.合理调控", "3.合理调控")))
    assert "市发展改革委完成进度10%" in t02 and "未说明原因" in t02
    assert max(len(p) for p in paras) < 600
    annex = doc.tables[-3]
    cell = next(c.text for row in annex.rows for c in row.cells if c.text.startswith("推进屋顶分布式光伏建设"))
    assert len(cell) < tx.MAX_FULL_TEXT + 60 and f"原文共{len(long)}字" in cell


def test_task_reported_by_no_one_is_said_in_one_sentence(tmp_path):
    plan = load_plan(MINI)
    rets = returns("mini", "2026Q3", {"市发展改革委": ([("T01", "牵头", "已完成", 100), ("T05", "牵头", "序时推进", 50)], [])})
    paras = body_paragraphs(open_doc(_write(tmp_path, plan, rets)[0]))
    area = _one_sentence(paras, "（二）城乡建设领域低碳行动。")  # T03 (住建) and T04 (林业、生态环境) not reported
    assert "提高建筑绿色低碳水平、巩固提升生态系统碳汇能力因市住房城乡建设局、市林业局、市生态环境局未报送无法评估" in area


def test_period_without_returns_says_so_once(tmp_path):
    plan = load_plan(MINI)
    paras = body_paragraphs(open_doc(_write(tmp_path, plan, returns("mini", "2026Q3"))[0]))
    overview = paras[paras.index("一、总体情况") + 1]
    assert overview.count("均未报送本期推进情况") == 1 and "催报通知" in overview
    assert sum("均未报送本期推进情况" in p for p in paras) == 1


def test_plan_without_targets_says_so_once(tmp_path):
    plan = load_plan(MINI)
    plan.goals, plan.indicators = [], []
    for t in plan.tasks:
        t.targets = []
    doc = open_doc(_write(tmp_path, plan, returns("mini", "2026Q3", {"市发展改革委": ([("T01", "牵头", "已完成", 100)], [])}))[0])
    paras = body_paragraphs(doc)
    section = paras[paras.index("二、主要目标和指标完成情况") + 1: paras.index("三、重点任务推进情况")]
    assert section == ["本方案未设置量化目标和指标体系，本期不作目标评估。"]
    assert not [n for n in __import__("zipfile").ZipFile(_write(tmp_path / "x", plan, returns("mini", "2026Q3"))[0]).namelist()
                if n.startswith("word/media/")]
