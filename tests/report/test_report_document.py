"""The Word report read back with python-docx: outline, figures, owners, fonts, layout."""

import re
import zipfile

from docx.oxml.ns import qn
from docx.shared import Mm

from generator.assess import assess_plan
from generator.period import Period
from generator.shared.summary_workbook import figures_from_workbook
from tests.report.docx_util import all_runs, body_paragraphs, full_text, open_doc
from tests.report.sample import sample_history, sample_returns

OUTLINE = ["一、总体情况", "二、主要目标和指标完成情况", "三、重点任务推进情况", "四、存在的主要问题", "五、下一步工作安排",
           "附件1", "附件2", "附件3"]


def _assessment(sample_report):
    return assess_plan(sample_report["plan"], Period.parse("2026Q3"), sample_returns(), None, sample_history())


def test_file_name_and_sections_in_order(sample_report):
    assert sample_report["docx"].name == "示例市碳达峰实施方案2026Q3进展情况报告.docx"
    paras = body_paragraphs(open_doc(sample_report["docx"]))
    positions = [paras.index(h) for h in OUTLINE]
    assert positions == sorted(positions)
    assert paras[0] == "示例市碳达峰实施方案" and paras[1] == "2026年第三季度进展情况报告"
    assert "附件：1.重点任务进展明细表" in paras


def test_headline_figures_equal_the_workbook(sample_report):
    doc = open_doc(sample_report["docx"])
    paras = body_paragraphs(doc)
    overview = paras[paras.index("一、总体情况") + 1]
    sheet = figures_from_workbook(sample_report["xlsx"])["示例市碳达峰实施方案"]
    m = re.search(r"重点任务(\d+)项。截至2026年10月8日，已完成(\d+)项，轻微滞后(\d+)项，逾期未完成(\d+)项，"
                  r"因责任单位未报送无法评估(\d+)项。应报送单位(\d+)个，已报送(\d+)个.*，未报送(\d+)个", overview)
    assert m, overview
    got = list(map(int, m.groups()))
    keys = ["任务总数", "任务已完成", "任务轻微滞后", "任务逾期未完成", "任务未报送", "单位总数", "单位已报送", "单位未报送"]
    assert got == [sheet[k] for k in keys]
    # the assessment's own numbers, hand-checked: T01 done, T03 slight, T02 and T04 past their 2025 deadline, T05 missing
    assert got[:5] == [5, 1, 1, 2, 1]
    assert "按序时推进" not in overview and not re.search(r"(?<![\d.])0[项个]", overview)  # zero counts are not spelled out
    m = re.search(r"量化目标和指标共(\d+)项，已达标(\d+)项", overview)
    assert m and int(m.group(1)) == sheet["目标总数"] and int(m.group(2)) == sheet["目标已达标"]


def test_every_late_task_names_its_late_units_and_their_reasons(sample_report):
    a = _assessment(sample_report)
    doc = open_doc(sample_report["docx"])
    paras = body_paragraphs(doc)
    problems = paras[paras.index("四、存在的主要问题"): paras.index("五、下一步工作安排")]
    assert a.late_tasks
    for ta in a.late_tasks:
        para = next(p for p in problems if p.startswith(tuple(f"{i}.{ta.task.title}" for i in range(1, 9))))
        for part in ta.late_parts:
            assert part.unit in para
        assert "逾期未完成" in para if ta.status == "逾期未完成" else ta.status in para
    assert "市工业和信息化局完成进度60%，逾期未完成，反映“天然气管网建设滞后" in "\n".join(problems)  # its own words, its own figure
    annex2 = doc.tables[-2]
    rows = [[c.text for c in row.cells] for row in annex2.rows[1:]]
    for ta in a.late_tasks + a.missing_tasks:
        for part in ta.late_parts:
            assert any(ta.task.title in r[1] and r[2].startswith(part.unit) for r in rows)
    # each row is one unit's own part: its own progress
    gx = next(r for r in rows if r[2].startswith("市工业和信息化局"))
    assert gx[5] == "60%" and "天然气管网" in gx[7]
    dev = next(r for r in rows if r[2].startswith("市发展改革委") and "T02" in r[1])
    assert dev[5] == "90%" and "天然气管网" not in dev[7]


def test_units_not_reported_are_listed(sample_report):
    a = _assessment(sample_report)
    doc = open_doc(sample_report["docx"])
    paras = body_paragraphs(doc)
    problems = "\n".join(paras[paras.index("四、存在的主要问题"): paras.index("五、下一步工作安排")])
    missing = [u.unit for u in a.units_not_reported]
    assert missing == ["市生态环境局", "国网示例供电公司"]
    for unit in missing:
        assert unit in problems
    assert "市发展改革委未填写T05任务" in problems  # partial return
    annex3 = doc.tables[-1]
    rows = {r.cells[1].text: r.cells[6].text for r in annex3.rows[1:]}
    assert rows["市生态环境局"] == "未报送" and rows["市发展改革委"] == "部分填报" and rows["市林业局"] == "已报送"


def test_returned_unit_is_not_called_missing(tmp_path):
    """A unit whose return was sent back is 退回待重报 with the day it came in, and the figures stand at the
    day of the collection, not at the period's end."""
    from datetime import date, datetime

    from generator.assess import Returned
    from generator.report import write_reports
    from generator.workspace import Workspace

    plan = sample_report_plan()
    back = {"mini": {"市生态环境局": Returned(datetime(2026, 10, 10, 15, 0), ["收件/生态环境局回表.xlsx：重点任务!H7：完成进度应为0—100的数字，填写的是“过半”"])}}
    paths = write_reports(Workspace.at(tmp_path), "2026Q3", [plan], {"mini": sample_returns()}, {"mini": sample_history()},
                          notices=True, returned_by_plan=back, as_of=date(2026, 10, 14))
    text = full_text(open_doc(paths[0]))
    assert "市生态环境局于2026年10月10日报送的填报表因填写不符合要求被退回，尚未重报" in text
    assert "截至2026年10月14日，国网示例供电公司未报送" in text
    assert "截至2026年9月30日" not in text
    annex3 = open_doc(paths[0]).tables[-1]
    row = next(r for r in annex3.rows if r.cells[1].text == "市生态环境局")
    assert row.cells[6].text == "退回待重报" and row.cells[7].text == "10月10日"
    reminder = full_text(open_doc(next(p for p in paths if p.name == "mini_市生态环境局_催报通知.docx")))
    assert "于2026年10月10日报送的填报表" in reminder and "退回原因：重点任务!H7：完成进度应为0—100的数字" in reminder and ".xlsx" not in reminder


def sample_report_plan():
    from generator.plan.planfile import load_plan
    from tests.report.conftest import MINI

    return load_plan(MINI)


def test_east_asian_font_on_every_run_and_no_theme_fonts(sample_report):
    doc = open_doc(sample_report["docx"])
    runs = list(all_runs(doc))
    assert len(runs) > 100
    for r in runs:
        rfonts = r.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        assert rfonts is not None and rfonts.get(qn("w:eastAsia")), r.xml[:300]
    fonts = {r.find(qn("w:rPr") + "/" + qn("w:rFonts")).get(qn("w:eastAsia")) for r in runs}
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"} <= fonts
    xml = zipfile.ZipFile(sample_report["docx"]).read("word/document.xml").decode()
    assert "asciiTheme" not in xml and "eastAsiaTheme" not in xml
    styles = zipfile.ZipFile(sample_report["docx"]).read("word/styles.xml").decode()
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Normal"):
        style = doc.styles[name].element
        rf = style.rPr.rFonts
        assert rf.get(qn("w:eastAsia")) and rf.get(qn("w:asciiTheme")) is None
    assert styles  # read


def test_body_line_grid_and_sizes(sample_report):
    doc = open_doc(sample_report["docx"])
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.paragraph_format.line_spacing.pt == 28.95
    assert normal.element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"  # −0.25 pt
    assert normal.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    title = next(p for p in doc.paragraphs if p.text == "示例市碳达峰实施方案")
    assert title.runs[0].font.size.pt == 22
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    h1 = next(p for p in doc.paragraphs if p.text == "一、总体情况")
    assert h1.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    h2 = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert h2.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    item = next(p for p in doc.paragraphs if p.text.startswith("1.合理调控化石能源消费"))
    assert item.runs[0].bold and item.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    area = next(p for p in doc.paragraphs if p.text.startswith("（一）能源绿色低碳转型行动。"))  # inline （一） heading
    assert area.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert area.runs[1]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_page_setup_and_landscape_annex(sample_report):
    doc = open_doc(sample_report["docx"])
    first = doc.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == [37, 35, 28, 26]
    land = [s for s in doc.sections if s.page_width > s.page_height]
    assert land and (round(land[0].page_width.mm), round(land[0].page_height.mm)) == (297, 210)
    # the annexes are in the landscape section: the last section holds 附件1…3
    body = doc.element.body
    sect_breaks = body.findall(".//" + qn("w:sectPr"))
    assert len(sect_breaks) == len(doc.sections) == 2


def test_page_numbers_odd_right_even_left(sample_report):
    doc = open_doc(sample_report["docx"])
    assert doc.settings.odd_and_even_pages_header_footer
    s = doc.sections[0]
    odd, even = s.footer.paragraphs[0], s.even_page_footer.paragraphs[0]
    for p in (odd, even):
        assert p.text == "— 1 —"  # field result placeholder between the dashes
        assert "PAGE" in p._p.xml and p.runs[0].font.size.pt == 14
    assert odd.paragraph_format.alignment == 2 and even.paragraph_format.alignment == 0  # RIGHT, LEFT


def test_tables_repeat_header_and_rows_do_not_split(sample_report):
    doc = open_doc(sample_report["docx"])
    assert len(doc.tables) >= 4
    for i, t in enumerate(doc.tables):
        first = t.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        for row in t.rows[1:] if i != len(doc.tables) - 3 else []:  # annex 1 rows with long notes may break
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None  # sample rows are all short
        for row in t.rows:
            for cell in row.cells:
                assert cell._tc.tcPr.find(qn("w:tcW")) is not None
        widths = [c.width for c in t.rows[0].cells]
        assert all(w is not None for w in widths)
    landscape_width = Mm(297 - 37 - 35)
    annex1 = doc.tables[-3]
    assert abs(sum(c.width for c in annex1.rows[0].cells) - landscape_width) < Mm(1)


def test_language_is_zh_cn(sample_report):
    z = zipfile.ZipFile(sample_report["docx"])
    styles = z.read("word/styles.xml").decode()
    settings = z.read("word/settings.xml").decode()
    assert re.search(r'<w:rPrDefault>.*w:eastAsia="zh-CN"', styles, re.S)
    assert re.search(r'<w:themeFontLang[^>]*w:eastAsia="zh-CN"', settings)


def test_charts_embedded(sample_report):
    z = zipfile.ZipFile(sample_report["docx"])
    media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 1  # figure 1: the targets


def test_rules_are_stated_in_words_and_no_internal_names(sample_report):
    text = full_text(open_doc(sample_report["docx"]))
    assert "评估口径：" in text and "落后超过30个百分点" in text and "逾期未完成" in text and "最慢" in text
    for internal in ("settings", ".yaml", ".xlsx", "/tmp", str(sample_report["workspace"].root), "direction", "计划文件"):
        assert internal not in text, internal


def test_trend_against_the_previous_period(sample_report):
    paras = body_paragraphs(open_doc(sample_report["docx"]))
    trend = next(p for p in paras if p.startswith("与2026年第二季度相比"))
    assert "已完成任务由0项增至1项" in trend and "滞后任务由1项增至3项" in trend and "报送单位由2个增至4个" in trend


def test_deterministic(sample_report, tmp_path):
    from generator.report import write_reports
    from generator.workspace import Workspace

    ws = Workspace.at(tmp_path)
    paths = write_reports(ws, "2026Q3", [sample_report["plan"]], {"mini": sample_returns()}, {"mini": sample_history()})
    assert paths[0].read_bytes() == sample_report["docx"].read_bytes()
    doc = open_doc(paths[0])
    assert doc.core_properties.created.year == 2026 and doc.core_properties.created.month == 10


def test_notices_cite_each_unit_its_own_part(sample_report):
    notices = sorted(p.name for p in sample_report["paths"] if "通知" in p.name)
    assert notices == sorted(["mini_市发展改革委_督办通知.docx", "mini_市工业和信息化局_督办通知.docx",
                              "mini_市住房城乡建设局_督办通知.docx", "mini_市林业局_督办通知.docx",
                              "mini_市生态环境局_催报通知.docx", "mini_国网示例供电公司_催报通知.docx"])
    path = {p.name: p for p in sample_report["paths"]}
    forest = full_text(open_doc(path["mini_市林业局_督办通知.docx"]))
    assert "市林业局：" in forest and "巩固提升生态系统碳汇能力" in forest and "你单位填报完成进度75%" in forest
    assert "逾期未完成" in forest and "本通知只涉及你单位承担的部分" in forest
    gx = full_text(open_doc(path["mini_市工业和信息化局_督办通知.docx"]))
    assert "你单位填报完成进度60%" in gx and "90%" not in gx  # 90 % is the other lead's figure
    dev = full_text(open_doc(path["mini_市发展改革委_督办通知.docx"]))
    assert "你单位填报完成进度90%" in dev and "60%" not in dev and "加强组织领导" in dev and "未填写该任务" in dev
    assert "大力发展可再生能源" not in dev  # its own part of T01 is done
    eco = full_text(open_doc(path["mini_市生态环境局_催报通知.docx"]))
    assert "尚未收到你单位的填报表" in eco and "重点任务" in eco


def test_a_goal_cell_shows_its_own_clause_not_its_neighbours():
    """A goal quoted from a sentence naming several goals shows the clause naming its own indicator."""
    from generator.assess.targets import KIND_GOAL, TargetSpec
    from generator.report.build import _target_text

    quote = "到2025年，非化石能源消费比重达到22%左右，单位GDP能源消耗强度降幅、单位GDP二氧化碳排放降幅确保完成省下达目标"
    spec = TargetSpec("G3", KIND_GOAL, "单位GDP二氧化碳排放降幅", None, 2025, None, None, None, quote, None, None, [])
    assert _target_text(spec) == "完成省下达目标"
    spec.name, spec.text = "森林覆盖率", "到2025年，非化石能源消费比重达到22%左右，森林覆盖率保持稳定"
    assert _target_text(spec) == "森林覆盖率保持稳定"
