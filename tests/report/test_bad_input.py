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


HUGE = "加快推进光伏项目建设。" * 5000  # 55,000 characters pasted into one cell
NASTY = "进展\x00良好\x0b，\x1f已完成\ufffe招标。"
FORMULA = "=SUM(A1:A3)+HYPERLINK(\"http://x\")"


def _nasty_returns():
    return returns("mini", "2026Q3", {
        "市发展改革委": ([("T01", "牵头", "序时推进", 100, HUGE, FORMULA, NASTY),
                        ("T02", "牵头", "进度滞后", 10, "# 不是标题", "@title 不是标题", "@@ 也不是")],
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
    assert "……" in item and len(item) < 250  # condensed in the body
    annex = doc.tables[-3]
    cell = next(c.text for row in annex.rows for c in row.cells if c.text.startswith("加快推进光伏项目建设"))
    assert len(cell) <= tx.MAX_FULL_TEXT + 60 and "原文共55000字" in cell
    assert FORMULA in text  # formula-looking text stays literal text
    assert not any(p.startswith("不是标题") for p in paras)  # a typed “#”/“@” is not markup
    assert "# 不是标题" in text.replace("\u2060", "")
    wb = openpyxl.load_workbook(paths[-1])
    ws = wb["重点任务"]
    problems = [c for c in ws["I"] if c.value == FORMULA]
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
