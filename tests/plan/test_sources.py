"""Reading what offices have: PDF, Word (.docx/.doc/.wps), saved web pages, task tables; titles and ids.

Small inline examples first (page models, tables, pages written here); then files made by the
programs that really make them: PDFs printed by LibreOffice from GB/T 9704-style Word files
(python-docx), .doc saved by LibreOffice, spreadsheets saved by LibreOffice as .xlsx/.xls/.ods.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from generator.plan.meta import plan_id_for, split_document
from generator.plan.pdf import PdfLine, PdfPage, join_wrapped, remove_furniture
from generator.plan.planfile import load_plan
from generator.plan.source import read_source
from generator.plan.tasktable import Vocabulary, deadline_year, default_vocabulary, find_task_table
from generator.plan.text import clean_lines
from generator.plan.webpage import html_lines

from ..soffice import convert, needs_soffice
from .govdoc import gov_docx, gov_html, import_file, seed_paragraphs, task_agreement
from .sample import SAMPLE
from .test_import import leftovers, run, ws  # noqa: F401  (ws is a fixture)

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ["zhangjiajie", "chenzhou", "shiyan", "linxiang", "jiangyong"]


# ----------------------------------------------------------------------------- PDF page model (inline)


def _page(number, rows, width=595.0, height=842.0):
    """rows: (x0, x1, top, text) with 16 pt characters."""
    return PdfPage(number, width, height, [PdfLine(number, x0, x1, top - 16, top, 16.0, text) for x0, x1, top, text in rows])


def _body(number, texts, first_top=714):
    return [(80, 512, first_top - 28 * i, t) for i, t in enumerate(texts)]


def test_running_header_and_page_numbers_go_by_position_and_repetition():
    pages = [
        _page(1, [(237, 364, 786, "某市人民政府")] + _body(1, ["甲" * 27, "某市人民政府"]) + [(478, 521, 52, "— 1 —")]),
        _page(2, [(237, 364, 786, "某市人民政府")] + _body(2, ["乙" * 27, "丙。"]) + [(74, 117, 52, "— 2 —")]),
        _page(3, [(237, 364, 786, "某市人民政府")] + _body(3, ["丁" * 27, "戊。"]) + [(478, 521, 52, "第3页 共3页")]),
    ]
    texts = [line.text for page in remove_furniture(pages) for line in page.lines]
    # The signature line in the body says the same as the header, but not at the header's height: it stays.
    assert texts == ["甲" * 27, "某市人民政府", "乙" * 27, "丙。", "丁" * 27, "戊。"]


def test_a_lone_page_number_at_the_edge_goes_even_on_one_page():
    page = _page(1, _body(1, ["到2025年，目标达到", "3"]) + [(290, 305, 52, "- 3 -")])
    assert [line.text for line in remove_furniture([page])[0].lines] == ["到2025年，目标达到", "3"]


def test_lines_wrapped_at_the_margin_are_joined_also_across_pages():
    wide = "加" * 27
    pages = [
        _page(1, [(112, 512, 714, "1.推进节能。" + "甲" * 19), (80, 512, 686, wide), (80, 300, 658, "完。"),
                  (112, 512, 630, "2.下一段" + "乙" * 23), (80, 512, 602, wide)]),
        _page(2, [(80, 512, 714, "跨页续写" + "丙" * 23), (80, 200, 686, "（市发改委牵头）"), (112, 300, 658, "（二）新的标题")]),
    ]
    assert join_wrapped(pages) == [
        "1.推进节能。" + "甲" * 19 + wide + "完。",
        "2.下一段" + "乙" * 23 + wide + "跨页续写" + "丙" * 23 + "（市发改委牵头）",
        "（二）新的标题",
    ]


def test_short_lines_of_a_text_printout_are_never_joined():
    page = _page(1, [(57, 300, 780 - 14 * i, f"第{i}行没有写满") for i in range(20)])
    assert len(join_wrapped([page])) == 20


def test_no_text_beyond_page_numbers_is_a_scan_and_half_empty_pages_are_named():
    from generator.plan.pdf import check_text_layer
    from generator.errors import UserError

    pages = [_page(n, [(290, 305, 52, f"— {n} —")]) for n in range(1, 6)]
    with pytest.raises(UserError, match="扫描件，没有文字层"):
        check_text_layer(Path("s.pdf"), remove_furniture(pages))
    pages[0] = _page(1, _body(1, ["示例市碳达峰实施方案。" * 3] * 10))
    with pytest.raises(UserError, match="第 2、3、4、5 页是扫描图像"):
        check_text_layer(Path("s.pdf"), remove_furniture(pages))


def test_a_column_box_printed_as_a_table_stays_in_the_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("1.发展光伏。建设项目。（县发展改革局牵头）")
    rows = [["专栏1　重点项目", "专栏1　重点项目", "专栏1　重点项目"], ["序号", "项目名称", "建设期限"], ["1", "光伏电站", "2023—2025年"]]
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(rows[1:], start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(0, 2)).text = rows[0][0]
    document.save(tmp_path / "p.docx")
    assert read_source(tmp_path / "p.docx").lines == ["1.发展光伏。建设项目。（县发展改革局牵头）", "专栏1　重点项目", "序号 | 项目名称 | 建设期限", "1 | 光伏电站 | 2023—2025年"]


# ----------------------------------------------------------------------------- task tables (inline)


def test_column_kinds_come_from_the_vocabulary_longest_spelling_first():
    vocabulary = default_vocabulary()
    assert vocabulary.kind("任务内容") == "content" and vocabulary.kind("重点任务") == "task"
    assert vocabulary.kind("责任单位\n（排第一位的为牵头单位）") == "responsible"
    assert vocabulary.kind("牵 头 单 位") == "lead" and vocabulary.kind("协办单位") == "co"
    assert vocabulary.kind("完成时限") == "deadline" and vocabulary.kind("备注") is None
    assert Vocabulary({"task": ["事项"], **{k: [] for k in ("number", "area", "content", "target", "lead", "co", "responsible", "deadline")}}).kind("工作事项") == "task"


def test_deadline_is_the_latest_year_named():
    assert [deadline_year(t) for t in ("2025年底前", "2023—2025年", "长期坚持", "2024年6月底", "")] == [2025, 2025, None, 2024, None]


def test_table_with_a_two_row_header_section_rows_and_merged_areas():
    grid = [
        ["某市碳达峰实施方案重点任务分工表", "", "", "", "", ""],
        ["序号", "工作任务", "具体措施", "责任单位", "责任单位", "时间节点"],
        ["", "", "", "牵头单位", "配合单位", ""],
        ["一、能源绿色低碳转型", "一、能源绿色低碳转型", "一、能源绿色低碳转型", "一、能源绿色低碳转型", "一、能源绿色低碳转型", "一、能源绿色低碳转型"],
        ["1", "发展新能源", "建设风电光伏。", "市发改委", "市能源局\n国网某市供电公司", "2025年"],
        ["2", "控制煤炭消费", "压减散煤。", "市发改委", "", "长期"],
        ["二、节能降碳增效", "", "", "", "", ""],
        ["3", "节能审查", "严格审查。", "", "", ""],
        ["注：表中单位为市直部门。", "", "", "", "", ""],
    ]
    table = find_task_table(grid, "工作表“Sheet1”", default_vocabulary())
    assert table.above == ["某市碳达峰实施方案重点任务分工表"]
    assert [(r.area, r.title, r.lead, r.co, r.deadline) for r in table.rows] == [
        ("能源绿色低碳转型", "发展新能源", "市发改委", "市能源局\n国网某市供电公司", "2025年"),
        ("能源绿色低碳转型", "控制煤炭消费", "市发改委", "", "长期"),
        ("节能降碳增效", "节能审查", "", "", ""),
    ]
    assert table.notes == ["注：表中单位为市直部门。"]


def test_a_grid_without_unit_columns_is_no_task_table():
    grid = [["序号", "指标", "2025年"], ["1", "森林覆盖率", "62"]]
    assert find_task_table(grid, "x", default_vocabulary()) is None


# ----------------------------------------------------------------------------- web pages (inline)


def test_a_saved_gov_page_keeps_title_and_article_and_drops_the_frame():
    paras = ["某市碳达峰实施方案", "一、重点任务", "1.推进节能。加强管理。（市发改委牵头）", "2.发展光伏。建设项目。（市能源局负责）"]
    page = gov_html(paras, site="某市人民政府", title="某市碳达峰实施方案", encoding="gbk", doc_number="某政发〔2023〕7号")
    lines, tables, _ = html_lines(Path("p.html"), page)
    # The 信息公开 table's pairs, the page title (h1), the 来源 line, the article; menus and breadcrumb are gone.
    assert lines[:4] == ["索引号：11430800MB0000000X/2023-00123", "主题分类：生态环境", "文 号：某政发〔2023〕7号", "成文日期：2023-10-08"]
    assert lines[4] == "某市碳达峰实施方案" and lines[5].startswith("来源：某市人民政府办公室")
    assert lines[6:] == paras and tables == []
    assert not any(word in "".join(lines) for word in ("首页", "当前位置", "网站标识码", "相关链接", "打印本页", "统计"))


def test_an_old_table_layout_page_with_br_lines_imports_like_the_text(tmp_path):
    """Older county portals: layout tables, a menu cell of links, the title in <font>, paragraphs as <br> lines."""
    body = "<br>\n".join("&nbsp;&nbsp;&nbsp;&nbsp;" + line for line in SAMPLE.split("\n") if line.strip())
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><table width=980>'
            f'<tr><td colspan=2><img src=logo.gif></td></tr><tr><td width=200><a href=1>首页</a><br><a href=2>政务公开</a></td>'
            f'<td><table><tr><td align=center><font size=5><b>示例市碳达峰实施方案</b></font></td></tr><tr><td>{body}</td></tr>'
            f'</table></td></tr><tr><td colspan=2>版权所有：示例市人民政府办公室 备案号：湘ICP备12345号</td></tr></table></body></html>')
    (tmp_path / "old.html").write_bytes(page.encode("gb18030"))
    lines, _, _ = html_lines(tmp_path / "old.html", page.encode("gb18030"))
    assert lines[0] == "示例市碳达峰实施方案" and "首页" not in lines and not any("备案号" in line for line in lines)
    (tmp_path / "s.txt").write_text(SAMPLE, encoding="utf-8")
    assert task_agreement(import_file(tmp_path / "s.txt", "shili"), import_file(tmp_path / "old.html", "shili"))[:2] == (5, 5)


def test_a_task_table_published_as_a_web_page(ws, tmp_path):
    """A 分工表 posted as an HTML table: 领域 spans its rows (rowspan), the title row spans the columns."""
    rows = ("<tr><td colspan=5>示例县2024年碳达峰重点任务清单</td></tr>"
            "<tr><th>领域</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>"
            "<tr><td rowspan=2>能源</td><td>推进屋顶光伏建设。</td><td>县发展改革局</td><td>县住建局</td><td>2024年底前</td></tr>"
            "<tr><td>推进农村电网改造。</td><td>国网示例县供电公司</td><td>各乡镇人民政府</td><td>2025年6月</td></tr>"
            "<tr><td>工业</td><td>开展节能诊断。</td><td>县工信局</td><td>—</td><td>持续推进</td></tr>")
    page = f"<html><body><h1>示例县2024年碳达峰重点任务清单</h1><div><p>现将任务清单公布如下。</p><table>{rows}</table></div></body></html>"
    (tmp_path / "qingdan.html").write_text(page, encoding="utf-8")
    assert run(ws, "plan", "import", str(tmp_path / "qingdan.html"), "--id", "qd") == 0
    plan = load_plan(ws / "plans" / "qd.yaml")
    assert [(t.area, t.lead, t.co, t.implementers, t.deadline) for t in plan.tasks] == [
        ("能源", ["县发展改革局"], ["县住建局"], [], 2024),
        ("能源", ["国网示例县供电公司"], [], ["各乡镇人民政府"], 2025),
        ("工业", ["县工信局"], [], [], 2025),
    ]


def test_web_page_tables_are_rows_of_cells_and_one_cell_boxes_stay_in_the_text():
    page = ("<html><body><div><p>正文第一段。</p><table><tr><td>专栏1 重点工程</td></tr><tr><td>1.风电工程。</td></tr></table>"
            "<table><tr><th>指标</th><th>2025年</th></tr><tr><td>森林覆盖率</td><td>62</td></tr></table><p>正文第二段。</p></div></body></html>")
    lines, tables, _ = html_lines(Path("p.html"), page.encode())
    assert lines == ["正文第一段。", "专栏1 重点工程", "1.风电工程。", "\f表格", "正文第二段。"]
    assert tables == [[["指标", "2025年"], ["森林覆盖率", "62"]]]


# ----------------------------------------------------------------------------- titles and ids (inline)


@pytest.mark.parametrize(
    "lines,title",
    [
        (["某市人民政府文件", "某政发〔2024〕3号", "某市人民政府关于印发某市节能降碳行动计划的通知", "现将《某市节能降碳行动计划》印发给你们。",
          "某市人民政府", "2024年3月1日", "某市节能降碳行动计划", "一、总体要求", "略。"], "某市节能降碳行动计划"),
        (["某市人民政府办公室文件", "某政办发〔2024〕3号", "关于印发《某市2024年碳达峰碳中和工作要点》的通知", "一、请认真落实。"],
         "某市2024年碳达峰碳中和工作要点"),
        (["某省人民政府文件", "某省人民政府关于推进绿色低碳", "发展的实施意见", "各市州人民政府：", "一、总体要求", "略。"],
         "某省人民政府关于推进绿色低碳发展的实施意见"),
        (["某市城乡建设领域", "碳达峰实施方案", "一、主要目标", "略。"], "某市城乡建设领域碳达峰实施方案"),
        (["某县“十四五”林业发展规划", "一、发展基础", "略。"], "某县“十四五”林业发展规划"),
        (["沅川市人民政府", "二〇二三年十一月二十日", "沅川市碳达峰实施方案", "一、主要目标", "略。"], "沅川市碳达峰实施方案"),
    ],
)
def test_the_real_title_of_any_kind_never_a_letterhead(lines, title):
    assert split_document(clean_lines(lines)).title == title


def test_facts_of_a_plan_issued_without_a_notice():
    from generator.plan.meta import document_facts

    parts = split_document(clean_lines(["某区人民政府关于加快推进碳达峰工作的实施意见", "某政〔2023〕12号", "各街道办事处：",
                                        "为推进工作，提出如下意见。", "一、总体要求", "略。", "某区人民政府", "2023年9月26日"]))
    facts = document_facts(parts)
    assert parts.title == "某区人民政府关于加快推进碳达峰工作的实施意见"
    assert (facts.issuer, facts.doc_number, str(facts.issued)) == ("某区人民政府", "某政〔2023〕12号", "2023-09-26")


@pytest.mark.parametrize(
    "title,issuer,plan_id",
    [
        ("张家界市碳达峰实施方案", "张家界市人民政府", "zhangjiajie"),
        ("国家碳达峰试点（十堰）实施方案", "十堰市人民政府", "shiyan"),
        ("郴州市碳达峰行动方案", None, "chenzhou"),
        ("张家界市工业领域碳达峰实施方案", "张家界市人民政府", "zhangjiajie-gongye"),
        ("张家界市城乡建设领域碳达峰实施方案", None, "zhangjiajie-cxjs"),
        ("张家界市2024年碳达峰碳中和工作要点", None, "zhangjiajie-2024gzyd"),
        ("张家界市节能降碳行动计划", None, "zhangjiajie-jnjtxdjh"),
        ("湖南省碳达峰实施方案", "湖南省人民政府", "hunan"),
    ],
)
def test_ids_of_two_plans_of_one_place_do_not_collide(title, issuer, plan_id):
    assert plan_id_for(title, issuer, "x") == plan_id


def test_a_second_plan_whose_id_is_taken_gets_another_never_overwrites(ws, tmp_path):
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    other = SAMPLE.replace("示例市碳达峰实施方案", "示例市碳达峰行动方案")  # same place and kind of id: shili
    (tmp_path / "b.txt").write_text(other, encoding="utf-8")
    assert run(ws, "plan", "import", str(tmp_path / "a.txt")) == 0
    first = (ws / "plans" / "shili.yaml").read_bytes()
    assert run(ws, "plan", "import", str(tmp_path / "b.txt")) == 0
    assert (ws / "plans" / "shili.yaml").read_bytes() == first
    assert load_plan(ws / "plans" / "shili-2.yaml").title == "示例市碳达峰行动方案"
    assert (ws / "plans" / "sources" / "shili-2.txt").read_text(encoding="utf-8") == other
    assert run(ws, "plan", "import", str(tmp_path / "a.txt")) == 0  # the same plan again: its own file, re-imported
    assert (ws / "plans" / "shili.yaml").read_bytes() == first and not (ws / "plans" / "shili-3.yaml").exists()


# ----------------------------------------------------------------------------- bad input (no LibreOffice needed)


def test_a_pdf_named_txt_is_read_as_pdf_and_an_unknown_type_is_named(tmp_path):
    (tmp_path / "a.pdf.txt").write_bytes(b"%PDF-1.4\n%broken")
    with pytest.raises(Exception, match="无法打开 PDF"):
        read_source(tmp_path / "a.pdf.txt")
    (tmp_path / "a.pages").write_bytes(b"\x00\x01")
    with pytest.raises(Exception, match="不支持的文件类型“.pages”"):
        read_source(tmp_path / "a.pages")


def test_doc_without_libreoffice_says_how_to_save_as_docx(ws, tmp_path_factory, capsys, monkeypatch):
    monkeypatch.setenv("MAKE_REPORTS_SOFFICE", "none")
    path = tmp_path_factory.mktemp("in") / "方案.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert run(ws, "plan", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "没有安装 LibreOffice" in err and "另存为" in err and "*.docx" in err
    assert leftovers(ws) == []


@pytest.mark.parametrize("name", ["方案.docx", "分工表.xlsx"])
def test_an_office_file_with_an_open_password(ws, tmp_path, capsys, name):
    """Encrypted the way Word and Excel do it (agile encryption, written by msoffcrypto-tool)."""
    import io

    from msoffcrypto.format.ooxml import OOXMLFile

    plain = tmp_path / ("p.docx" if name.endswith(".docx") else "p.xlsx")
    if name.endswith(".docx"):
        document = docx.Document()
        document.add_paragraph(SAMPLE)
        document.save(plain)
    else:
        _task_table_workbook(plain)
    encrypted = io.BytesIO()
    with plain.open("rb") as handle:
        OOXMLFile(handle).encrypt("1234", encrypted)
    (tmp_path / name).write_bytes(encrypted.getvalue())
    assert run(ws, "plan", "import", str(tmp_path / name)) == 1
    assert "已加密（打开需要密码）" in capsys.readouterr().err
    assert leftovers(ws) == []


def test_a_damaged_xls_gets_a_message(ws, tmp_path, capsys):
    (tmp_path / "分工表.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    assert run(ws, "plan", "import", str(tmp_path / "分工表.xls")) == 1
    assert "无法打开表格文件" in capsys.readouterr().err and leftovers(ws) == []


def test_a_workbook_that_is_not_a_task_table(ws, tmp_path_factory, capsys):
    path = tmp_path_factory.mktemp("in") / "指标.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "指标"
    book.active.append(["指标", "2025年", "2030年"])
    book.active.append(["森林覆盖率", 62, 63])
    book.save(path)
    before = path.read_bytes()
    assert run(ws, "plan", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "不是任务分工表" in err and "工作表“指标”" in err and "牵头单位" in err
    assert leftovers(ws) == [] and path.read_bytes() == before


def _task_table_workbook(path: Path) -> Path:
    """A 分工表 as an office types it in Excel: a merged title row, a merged 领域 column, units on two lines."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "重点任务分工"
    sheet.append(["《示例市碳达峰实施方案》重点任务分工表"])
    sheet.merge_cells("A1:G1")
    sheet.append(["序号", "重点领域", "重点任务", "具体内容", "牵头单位", "配合单位", "完成时限"])
    sheet.append([1, "能源绿色低碳转型行动", "大力发展可再生能源", "加快推进风电、光伏项目建设。到2025年，新能源装机容量达到320万千瓦。",
                  "市发改委", "市自然资源和规划局\n市水利局", "2025年底前"])
    sheet.append([2, None, "推进煤炭消费替代", "严格控制煤炭消费。", "市发展改革委、市工信局", "市生态环境局", "长期坚持"])
    sheet.merge_cells("B3:B4")
    sheet.append([3, "节能降碳增效行动", "推进重点领域节能降碳", "加强能耗在线监测。", "市工信局", None, "2023—2024年"])
    sheet.append([4, "节能降碳增效行动", "加强统计监测", "完善碳排放统计核算体系。", None, None, None])
    book.save(path)
    return path


def test_task_table_workbook_imports_with_areas_roles_and_deadlines(ws, tmp_path_factory):
    path = _task_table_workbook(tmp_path_factory.mktemp("in") / "分工表.xlsx")
    assert run(ws, "plan", "import", str(path)) == 0
    plan = load_plan(ws / "plans" / "shili.yaml")  # a 分工表 of the 碳达峰实施方案 takes that plan's id
    assert plan.title == "《示例市碳达峰实施方案》重点任务分工表" and plan.source.file == "sources/shili.xlsx"
    got = [(t.area, t.title, t.lead, t.co, t.deadline) for t in plan.tasks]
    assert got == [
        ("能源绿色低碳转型行动", "大力发展可再生能源", ["市发改委"], ["市自然资源和规划局", "市水利局"], 2025),
        ("能源绿色低碳转型行动", "推进煤炭消费替代", ["市发改委", "市工信局"], ["市生态环境局"], 2025),  # 长期 → the horizon
        ("节能降碳增效行动", "推进重点领域节能降碳", ["市工信局"], [], 2024),
    ]
    assert plan.horizon == 2025  # the table's latest 完成时限
    assert plan.unit("市发改委").aliases == ["市发展改革委"]  # the same unit merging as the text importer
    assert plan.tasks[0].targets[0].value == 320


# ----------------------------------------------------------------------------- real files made by LibreOffice


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
@needs_soffice[0]
@needs_soffice[1]
def test_task_table_saved_by_libreoffice_in_each_spreadsheet_format(ws, tmp_path_factory, fmt):
    folder = tmp_path_factory.mktemp("in")
    original = _task_table_workbook(folder / "orig.xlsx")
    (saved,) = convert([original], {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls", "ods": "ods"}[fmt], folder / "out")
    assert run(ws, "plan", "import", str(saved), "--id", f"t{fmt}") == 0
    plan = load_plan(ws / "plans" / f"t{fmt}.yaml")
    assert [(t.area, t.lead, t.deadline) for t in plan.tasks] == [
        ("能源绿色低碳转型行动", ["市发改委"], 2025), ("能源绿色低碳转型行动", ["市发改委", "市工信局"], 2025), ("节能降碳增效行动", ["市工信局"], 2024)
    ]


def test_word_file_whose_content_is_a_task_table(ws, tmp_path_factory):
    """A .docx with a short notice and the 分工 as a Word table (领域 merged down, as Word writes vMerge)."""
    document = docx.Document()
    for text in ["示例市人民政府办公室", "示政办发〔2024〕2号", "关于印发示例市节能降碳行动计划的通知", "各县市区人民政府：",
                 "现将《示例市节能降碳行动计划》印发给你们，请认真贯彻执行。", "示例市人民政府办公室", "2024年3月1日", "示例市节能降碳行动计划任务分工表"]:
        document.add_paragraph(text)
    rows = [["序号", "行动", "任务", "牵头单位", "责任单位", "完成时限"],
            ["1", "节能降碳增效行动", "严格节能审查，加强能耗在线监测。", "市发展改革委", "市统计局、各县市区人民政府", "2025年"],
            ["2", "", "推进数据中心绿色改造。", "市工信局", "市通信发展管理办公室", "2026年底"],
            ["3", "交通运输绿色低碳行动", "推广新能源公交车。", "市交通运输局", "", "2027年"]]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(1, 1).merge(table.cell(2, 1))
    path = tmp_path_factory.mktemp("in") / "行动计划.docx"
    document.save(path)
    assert run(ws, "plan", "import", str(path)) == 0
    plan = load_plan(ws / "plans" / "shili-jnjtxdjh.yaml")
    assert plan.title == "示例市节能降碳行动计划任务分工表" and plan.doc_number == "示政办发〔2024〕2号"  # as the table is titled
    assert [(t.area, t.lead, t.co, t.implementers, t.deadline) for t in plan.tasks] == [
        ("节能降碳增效行动", ["市发展改革委"], ["市统计局"], ["各县市区人民政府"], 2025),
        ("节能降碳增效行动", ["市工信局"], ["市通信发展管理办公室"], [], 2026),
        ("交通运输绿色低碳行动", ["市交通运输局"], [], [], 2027),
    ]


@pytest.fixture(scope="module")
def libreoffice_files(tmp_path_factory):
    """Every LibreOffice-made file these tests read, converted in one run per format.

    - ``<seed>-gov.pdf``: each seed written as a GB/T 9704 Word file (python-docx: 16 pt body with a
      first-line indent, 28 pt pitch, running header with the issuer, footer “— N —”), printed by
      LibreOffice's PDF export;
    - ``<seed>-txt.pdf``: the seed .txt printed by LibreOffice as it is;
    - ``sample.doc``: the sample plan's Word file saved by LibreOffice as Word 97–2003;
    - ``sample-enc.pdf``: the sample printed with an open password; ``scan.pdf``: a page image only.
    """
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("lo")
    docs, txts = [], []
    issuers = {"zhangjiajie": "张家界市人民政府", "chenzhou": "郴州市人民政府", "shiyan": "十堰市人民政府",
               "linxiang": "临湘市人民政府", "jiangyong": "江永县人民政府"}
    for seed in SEEDS:
        docs.append(gov_docx(folder / f"{seed}-gov.docx", seed_paragraphs(ROOT / "plans" / "sources" / f"{seed}.txt"), header=issuers[seed]))
        txts.append(folder / f"{seed}-txt.txt")
        shutil.copy(ROOT / "plans" / "sources" / f"{seed}.txt", txts[-1])
    (folder / "sample.txt").write_text(SAMPLE, encoding="utf-8")
    sample_docx = gov_docx(folder / "sample.docx", [line for line in SAMPLE.split("\n") if line.strip()], header="示例市人民政府")
    convert(docs + txts + [sample_docx], "pdf", folder)
    convert([sample_docx], "doc", folder)
    encrypted = folder / "enc"
    shutil.copy(sample_docx, folder / "sample-enc.docx")
    convert([folder / "sample-enc.docx"], 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
            '"DocumentOpenPassword":{"type":"string","value":"1234"}}', encrypted)
    import pypdfium2

    image = pypdfium2.PdfDocument(str(folder / "sample.pdf"))[0].render(scale=1.5).to_pil()
    image.save(folder / "scan.png")
    # A scan: three page images; the Word file's footer still prints a text page number on each.
    gov_docx(folder / "scan.docx", [], footer=("— ", " —"))
    scan = docx.Document(folder / "scan.docx")
    for page in range(3):
        scan.add_picture(str(folder / "scan.png"), width=docx.shared.Cm(14))
        if page < 2:
            scan.add_page_break()
    scan.save(folder / "scan.docx")
    # Half scanned: a typed first page, then two page images.
    mixed = docx.Document(folder / "scan.docx")
    mixed.paragraphs[0].insert_paragraph_before("示例市碳达峰实施方案。" * 40).paragraph_format.page_break_before = False
    mixed.save(folder / "mixed.docx")
    convert([folder / "scan.docx", folder / "mixed.docx"], "pdf", folder)
    return folder


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("printed", ["gov", "txt"])
def test_seed_printed_to_pdf_by_libreoffice_gives_the_same_tasks(libreoffice_files, seed, printed):
    """The PDFs are really made by LibreOffice (see the fixture). Every task of the .txt import comes out of
    the PDF with the same path, title, lead and co; the page header and page numbers are in no task."""
    reference = import_file(ROOT / "plans" / "sources" / f"{seed}.txt", seed)
    from_pdf = import_file(libreoffice_files / f"{seed}-{printed}.pdf", seed)
    same, total, differences = task_agreement(reference, from_pdf)
    assert same == total, differences
    assert not any("— " in t.text or t.text.endswith("人民政府") for t in from_pdf.tasks)
    assert from_pdf.title == reference.title and from_pdf.doc_number == reference.doc_number


def test_scanned_and_encrypted_pdfs_get_a_message_and_no_file(ws, libreoffice_files, capsys):
    assert run(ws, "plan", "import", str(libreoffice_files / "scan.pdf")) == 1
    assert "扫描件，没有文字层：请找可复制文字的版本或先做文字识别" in capsys.readouterr().err
    assert run(ws, "plan", "import", str(libreoffice_files / "mixed.pdf")) == 1
    assert "是扫描图像，没有文字层" in capsys.readouterr().err
    assert run(ws, "plan", "import", str(libreoffice_files / "enc" / "sample-enc.pdf")) == 1
    assert "已加密" in capsys.readouterr().err
    assert leftovers(ws) == []


def test_doc_and_wps_are_converted_through_libreoffice(ws, libreoffice_files, tmp_path):
    """``sample.doc`` is LibreOffice's Word 97–2003 file; the same bytes named ``.wps`` stand in for a WPS
    Writer file (WPS writes its .wps in the same binary format), which LibreOffice recognises by content."""
    reference = import_file(libreoffice_files / "sample.txt", "shili")
    for name in ("sample.doc", "sample.wps"):
        source = tmp_path / name
        shutil.copy(libreoffice_files / "sample.doc", source)
        before = source.read_bytes()
        assert run(ws, "plan", "import", str(source), "--id", "s" + Path(name).suffix[1:]) == 0
        plan = load_plan(ws / "plans" / f"s{Path(name).suffix[1:]}.yaml")
        assert task_agreement(reference, plan)[:2] == (5, 5)
        assert source.read_bytes() == before


def test_gov_web_page_imports_like_the_text(ws, tmp_path):
    page = tmp_path / "示例市碳达峰实施方案.html"
    page.write_bytes(gov_html([line for line in SAMPLE.split("\n") if line.strip()], site="示例市人民政府",
                              title="示例市人民政府关于印发示例市碳达峰实施方案的通知", encoding="gbk"))
    assert run(ws, "plan", "import", str(page)) == 0
    plan = load_plan(ws / "plans" / "shili.yaml")
    (tmp_path / "s.txt").write_text(SAMPLE, encoding="utf-8")
    reference = import_file(tmp_path / "s.txt", "shili")
    assert task_agreement(reference, plan)[:2] == (5, 5)
    assert (plan.title, plan.doc_number, str(plan.issued)) == ("示例市碳达峰实施方案", "示政发〔2024〕8号", "2024-07-08")


def test_a_task_table_row_takes_the_text_of_the_body_item_of_its_number():
    # Kind: the body lists the tasks without clauses, the 分工表 gives each 序号 its units.
    from generator.plan.tasktable import table_lines

    grid = [["序号", "重点任务", "牵头单位", "配合单位"],
            ["1", "大力发展光伏", "省能源局", "省林业局"],
            ["2", "控制煤炭消费", "省发展改革委", "省工业和信息化厅"],
            ["3", "另一项任务", "省能源局", ""]]
    table = find_task_table(grid, "第 1 个表格", default_vocabulary())
    intro = ["某省节能降碳行动方案", "一、重点任务", "1.大力发展光伏。推进屋顶光伏。到2025年，装机达到9万千瓦。",
             "2.控制煤炭消费。到2025年，煤炭消费控制在38万吨以内。", "3.推进别的工作。无关的条目。"]
    lines, _ = table_lines(table, intro, "某省节能降碳行动方案", 2)
    assert "1.大力发展光伏。推进屋顶光伏。到2025年，装机达到9万千瓦。（牵头单位：省能源局，配合单位：省林业局）" in lines
    assert not any(line.startswith("1.大力发展光伏") and "牵头" not in line for line in lines)  # not twice
    # the relative: a number whose body item has another title keeps its own row text, and the item stays
    assert "3.推进别的工作。无关的条目。" in lines
    assert any(line.startswith("3.另一项任务") for line in lines)
