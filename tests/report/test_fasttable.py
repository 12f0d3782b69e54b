"""fasttable: body rows copied from prototype cells give the XML python-docx builds cell by cell.

The reference below is how ``make_table`` filled a table before fasttable (every cell through
python-docx, vertical merges with ``_Cell.merge``); the fast table must be the same XML,
element for element and attribute for attribute (canonical XML), for texts with several
lines, blank lines, leading spaces, tabs, shading, rows that may and may not split, and
merges whose lower cells are empty or not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import _Cell, _Row
from lxml import etree

from generator.report import build, docstyle as ds, tables
from generator.report.render import DocWriter

STYLE = Path(__file__).resolve().parents[2] / "templates" / "report_style.docx"

HEADER = ["序号", "任务", "单位", "进展"]
WIDTHS = [10, 40, 30, 120]
ALIGN = ["c", "l", "l", "l"]


def _writer() -> DocWriter:
    doc = build._prepare(STYLE, ds.LAYOUT)
    return DocWriter(doc, ds.resolve_fonts(doc, ds.LAYOUT), ds.LAYOUT)


def _reference_table(writer, header, rows, widths, align, fills, merge, merge_cols):
    """make_table as it was: python-docx for every body cell (the oracle)."""
    doc = writer.doc
    total = sum(widths)
    avail = ds.text_width_mm(doc.sections[-1])
    if total > avail:
        widths = [w * avail / total for w in widths]
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    ds.table_borders(table)
    ds.fixed_layout(table, widths, writer.layout)
    amap = {"c": WD_ALIGN_PARAGRAPH.CENTER, "l": WD_ALIGN_PARAGRAPH.LEFT, "r": WD_ALIGN_PARAGRAPH.RIGHT}
    trs = table._tbl.tr_lst
    grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in trs]
    head = _Row(trs[0], table)
    ds.repeat_header(head)
    ds.cant_split(head)
    for cell, text in zip(grid[0], header):
        tables._cell_text(writer, cell, text, "table_header", WD_ALIGN_PARAGRAPH.CENTER, fill="E7E6E6")
    section = doc.sections[-1]
    text_height = (section.page_height - section.top_margin - section.bottom_margin) / 36000
    for i, values in enumerate(rows):
        if tables._row_height_mm(values, widths, writer.fonts["table"].size) <= tables.SPLIT_SHARE * text_height:
            ds.cant_split(_Row(trs[i + 1], table))
        for j, (cell, text) in enumerate(zip(grid[i + 1], values)):
            tables._cell_text(writer, cell, text or "", "table", amap[align[j]], fills[i][j] if fills else None)
    for first, last in merge:
        if last > first:
            for c in merge_cols:
                grid[first + 1][c].merge(grid[last + 1][c])
    return table


def _canonical(table) -> bytes:
    return etree.tostring(table._tbl, method="c14n")


ROWS = [
    ["1", "T01 大力发展可再生能源", "市发展改革委\n（牵头）", "完成光伏备案12项，新增装机3.2万千瓦。\n\n下季度开工2项"],
    ["", "", "市住房城乡建设局\n（配合）", "  前有空格的一段"],
    ["", "", "市交通运输局", "含\t制表符的文字"],
    ["2", "T02 工业节能", "", ""],
    ["3", "T03 很长的文字", "市工业和信息化局", "长" * 4000],
    ["", "下面的单元格并入上面", "市林业局", None],
]
FILLS = [[None, None, None, "C6E0B4"], [None, None, None, None], [None, "FFE699", None, None],
         [None, None, None, "F4B084"], [None, None, None, None], [None, None, None, "D9D9D9"]]


@pytest.mark.parametrize("merge,merge_cols", [([], ()), ([(0, 2), (3, 3)], (0, 1)), ([(4, 5)], (0, 1, 3))])
def test_fast_table_is_the_xml_python_docx_writes(merge, merge_cols):
    fast, slow = _writer(), _writer()
    got = tables.make_table(fast, HEADER, ROWS, WIDTHS, ALIGN, FILLS, merge=merge, merge_cols=merge_cols)
    want = _reference_table(slow, HEADER, ROWS, WIDTHS, ALIGN, FILLS, merge, merge_cols)
    assert _canonical(got) == _canonical(want)


def test_long_rows_may_split_and_short_rows_may_not():
    writer = _writer()
    table = tables.make_table(writer, HEADER, ROWS, WIDTHS, ALIGN, FILLS)
    flags = [tr.find(ds.qn("w:trPr")) is not None and tr.find(ds.qn("w:trPr")).find(ds.qn("w:cantSplit")) is not None
             for tr in table._tbl.tr_lst]
    assert flags == [True, True, True, True, True, False, True]  # header, …, the 4,000-character row, …
    header_pr = table._tbl.tr_lst[0].find(ds.qn("w:trPr"))
    assert header_pr.find(ds.qn("w:tblHeader")) is not None


def test_python_docx_reads_the_fast_table_back():
    writer = _writer()
    table = tables.make_table(writer, HEADER, ROWS[:3], WIDTHS, ALIGN, FILLS[:3], merge=[(0, 2)], merge_cols=(0, 1))
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == HEADER
    assert cells[1][0] == cells[3][0] == "1"  # merged: every row shows the top cell
    assert cells[1][3].startswith("完成光伏备案12项") and cells[2][3] == "  前有空格的一段"
    assert cells[3][3] == "含\t制表符的文字"
