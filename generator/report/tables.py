"""The report's tables, built by code at the places the templates name (``@table NAME``)."""

from __future__ import annotations

from typing import Callable

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.table import _Cell
from docx.shared import Mm, Pt

from ..assess import PlanAssessment, status as st
from ..assess.tasks import TaskAssessment
from . import docstyle as ds
from . import fasttable
from . import text as tx
from .render import DocWriter

# A row estimated taller than this share of the text block may break across pages (Word cuts
# off a “do not split” row taller than a page); every other row is kept whole.
SPLIT_SHARE = 0.45
MM_PER_PT = 25.4 / 72


def _row_height_mm(values: list[str], widths: list[float], size_pt: float) -> float:
    """Rough height of a table row: wrapped lines of the tallest cell × 1.3 line height."""
    glyph_mm = size_pt * MM_PER_PT
    tallest = 0.0
    for text, width in zip(values, widths):
        per_line = max(1, int((width - 2.6) / glyph_mm))
        lines = sum(max(1, -(-len(part) // per_line)) for part in (text or "").split("\n"))
        tallest = max(tallest, lines)
    return tallest * size_pt * 1.3 * MM_PER_PT + 1.5


def _cell_text(writer: DocWriter, cell, text: str, role: str = "table", align=None, fill: str | None = None) -> None:
    lines = tx.clean(text).split("\n") if text else [""]
    paragraphs = cell.paragraphs
    for i, line in enumerate(lines):
        p = paragraphs[0] if i == 0 else cell.add_paragraph()
        writer.use_style(p, role)
        pf = p.paragraph_format
        pf.first_line_indent = Pt(0)
        pf.space_before = pf.space_after = Pt(0)
        if align is not None:
            pf.alignment = align
        if line:
            r = p.add_run(line)
            ds.set_run_font(r, writer.fonts[role])
    if fill:
        ds.set_cell_shading(cell, fill)
    ds.set_cell_valign_center(cell)


def _prototypes(writer: DocWriter, table) -> fasttable.PrototypeCells:
    """The document's cell prototypes (one per role, alignment and fill), formatted by :func:`_cell_text`.

    Kept on the writer, so they live exactly as long as the document being written.
    """
    found = getattr(writer, "_table_prototypes", None)
    if found is None:
        def make(role: str, align, fill: str | None):
            tc = parse_xml(f'<w:tc {nsdecls("w")}><w:tcPr><w:tcW w:type="dxa" w:w="0"/></w:tcPr><w:p/></w:tc>')
            _cell_text(writer, _Cell(tc, table), "X", role, align, fill)
            return tc

        found = writer._table_prototypes = fasttable.PrototypeCells(make)
    return found


def make_table(writer: DocWriter, header: list[str], rows: list[list[str]], widths: list[float],
               align: list[str] | None = None, fills: list[list[str | None]] | None = None,
               merge: list[tuple[int, int]] = (), merge_cols: tuple[int, ...] = ()):
    """A bordered fixed-width table: header row repeated on every page, short rows never split."""
    doc = writer.doc
    total = sum(widths)
    avail = ds.text_width_mm(doc.sections[-1])
    if total > avail:
        widths = [w * avail / total for w in widths]
    table = doc.add_table(rows=0, cols=len(header))  # grid and properties here; fasttable writes the rows
    ds.table_borders(table)
    ds.fixed_layout(table, widths, writer.layout)
    amap = {"c": WD_ALIGN_PARAGRAPH.CENTER, "l": WD_ALIGN_PARAGRAPH.LEFT, "r": WD_ALIGN_PARAGRAPH.RIGHT}
    align = align or ["c"] * len(header)
    twips = [Mm(w).twips for w in widths]
    cells = _prototypes(writer, table)
    fasttable.append_header(table._tbl, [tx.clean(h) for h in header], cells, WD_ALIGN_PARAGRAPH.CENTER, "E7E6E6", twips)
    section = doc.sections[-1]
    text_height = (section.page_height - section.top_margin - section.bottom_margin) / 36000

    size = writer.fonts["table"].size
    texts = [[tx.clean(text) if text else "" for text in values] for values in rows]
    fasttable.append_rows(table._tbl, texts, cells, [amap[a] for a in align], twips, fills=fills,
                          keep_whole=[_row_height_mm(values, widths, size) <= SPLIT_SHARE * text_height for values in rows],
                          merges=merge, merge_columns=merge_cols)
    # a small empty paragraph after the table so two tables never merge and the text resumes cleanly
    spacer = writer.paragraph("", "body")
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacer.paragraph_format.line_spacing = Pt(8)
    return table


def _status_fill(status: str) -> str:
    return ds.STATUS_FILL.get(status, "FFFFFF")


def _pct(x) -> str:
    return "—" if x is None else f"{tx.fmt_num(x, 1)}%"


def builders(a: PlanAssessment) -> dict[str, Callable[[DocWriter], None]]:
    """Named table builders for the templates."""

    def targets(w: DocWriter):
        if not a.targets:
            w.paragraph("本方案未列出量化目标和指标。")
            return
        header = ["序号", "目标/指标", "单位", "基期值", "目标值", "本期实际值", "序时目标值", "评估", "信号灯"]
        rows, fills = [], []
        for i, t in enumerate(a.targets, 1):
            sp = t.spec
            by = t.baseline_year or sp.baseline_year
            base = "—" if t.baseline is None else tx.fmt_num(t.baseline) + (f"\n{by}年" if by else "")
            if sp.value is None:
                target = "完成省下达目标任务" if "省下达" in sp.text else (tx.condense(sp.text, 16) or "—")
            else:
                target = f"{'≥' if sp.comparator == '>=' else '≤' if sp.comparator == '<=' else ''}{tx.fmt_num(sp.value)}" \
                         f"{'左右' if sp.comparator == 'approx' else ''}\n{sp.year}年"
            actual = tx.fmt_num(t.actual) if t.actual is not None else (t.judgement or "—")
            rows.append([str(i), f"{sp.id} {tx.oneline(sp.name)}", sp.unit or "—", base, target, actual,
                         tx.fmt_num(t.expected), t.status, t.light])
            fills.append([None] * 7 + [_status_fill(t.status), ds.LIGHT_FILL[t.light]])
        make_table(w, header, rows, [8, 35, 14, 15, 21, 15, 15, 18, 14],
                   ["c", "l", "c", "c", "c", "c", "c", "c", "c"], fills)

    def areas(w: DocWriter):
        header = ["行动", "任务数"] + list(st.TASK_STATUSES)
        rows = [[f"{ar.path} {ar.name}".strip(), str(len(ar.tasks))] + [str(ar.counts[s]) for s in st.TASK_STATUSES]
                for ar in a.areas]
        rows.append(["合计", str(len(a.tasks))] + [str(a.task_counts[s]) for s in st.TASK_STATUSES])
        make_table(w, header, rows, [52, 16, 16, 16, 18, 18, 16], ["l"] + ["c"] * 6)

    def trend(w: DocWriter):
        header = ["报送期", "任务数", "已完成", "正常", "滞后", "未报送", "单位报送", "目标达标或正常"]
        rows = []
        for s in a.trend:
            late = s.task_counts[st.SLIGHT] + s.task_counts[st.SERIOUS]
            good = s.target_counts[st.MET] + s.target_counts[st.NORMAL]
            rows.append([s.label, str(s.tasks), str(s.task_counts[st.DONE]), str(s.task_counts[st.NORMAL]), str(late),
                         str(s.task_counts[st.MISSING]), f"{s.units_reported}/{s.units_total}", str(good)])
        make_table(w, header, rows, [34, 16, 16, 16, 16, 16, 20, 22])

    def task_detail(w: DocWriter):
        header = ["序号", "任务", "牵头单位", "填报单位", "进展状态", "完成进度", "序时进度", "评估",
                  "本期工作进展", "存在问题", "下步计划", "评估说明"]
        rows, fills, merge = [], [], []
        for i, ta in enumerate(a.tasks, 1):
            task_cells = [str(i), f"{ta.id} {tx.oneline(ta.task.title)}", "、".join(ta.owners) or "（未明确）"]
            tail = [_pct(ta.scheduled), ta.status]
            notes = "；".join(tx.oneline(n) for n in ta.notes)
            first = len(rows)
            units = ta.rows or [None]
            for k, r in enumerate(units):
                lead = task_cells if k == 0 else ["", "", ""]
                if r is None:
                    unit_cells = ["—", "—", "—"]
                    texts = ["", "", ""]
                else:
                    unit_cells = [f"{r.unit}\n（{r.role}）", r.status or "—", _pct(r.progress)]
                    texts = [tx.full(r.progress_text), tx.full(r.problems), tx.full(r.next_steps)]
                rows.append(lead + unit_cells + (tail if k == 0 else ["", ""]) + texts + [notes if k == 0 else ""])
                fills.append([None] * 7 + [_status_fill(ta.status) if k == 0 else None] + [None] * 4)
            merge.append((first, len(rows) - 1))
        make_table(w, header, rows, [8, 26, 20, 24, 13, 13, 13, 16, 40, 28, 28, 24],
                   ["c", "l", "l", "l", "c", "c", "c", "c", "l", "l", "l", "l"], fills,
                   merge=merge, merge_cols=(0, 1, 2, 6, 7, 11))

    def late_list(w: DocWriter):
        items = a.late_tasks + a.missing_tasks
        if not items:
            w.paragraph("本期无滞后或未报送的重点任务。")
            return
        header = ["序号", "任务", "牵头单位", "完成时限", "序时进度", "完成进度", "评估", "滞后原因（单位填报）", "下步措施（单位填报）", "督办要求"]
        rows, fills = [], []
        for i, ta in enumerate(items, 1):
            if ta.status == st.MISSING:
                reason = "未报送本期进展" + ("（" + "、".join(ta.missing) + "）" if ta.missing else "")
                demand = "立即补报本期进展情况"
            else:
                reason = _texts(ta, "problems") or "单位未填写"
                demand = "制定赶进度措施，下期报送时说明进展" if ta.status == st.SLIGHT else "专题研究，明确完成时限，每月报送进展"
            rows.append([str(i), f"{ta.id} {tx.oneline(ta.task.title)}", "、".join(ta.owners) or "（未明确）",
                         f"{ta.task.deadline}年底", _pct(ta.scheduled), _pct(ta.progress), ta.status, reason,
                         _texts(ta, "next_steps") or "—", demand])
            fills.append([None] * 6 + [_status_fill(ta.status)] + [None] * 3)
        make_table(w, header, rows, [9, 32, 26, 16, 14, 14, 16, 50, 42, 30],
                   ["c", "l", "l", "c", "c", "c", "c", "l", "l", "l"], fills)

    def reporting(w: DocWriter):
        header = ["序号", "单位", "应填任务", "已填任务", "应填目标", "已填目标", "报送情况", "填报人", "联系电话", "未填写的任务"]
        rows, fills = [], []
        for i, u in enumerate(a.units, 1):
            rows.append([str(i), u.unit, str(len(u.task_ids)), str(len(u.answered_task_ids)), str(len(u.target_ids)),
                         str(len(u.answered_target_ids)), u.status, tx.oneline(u.person) or "—", tx.oneline(u.phone) or "—",
                         "、".join(u.missing_task_ids) if u.reported else "全部"])
            fill = {"已报送": "E2EFDA", "部分填报": "FFE699", "未报送": "D9D9D9"}[u.status]
            fills.append([None] * 6 + [fill] + [None] * 3)
        make_table(w, header, rows, [10, 50, 18, 18, 18, 18, 20, 22, 30, 40],
                   ["c", "l", "c", "c", "c", "c", "c", "c", "c", "l"], fills)

    return {"targets": targets, "areas": areas, "trend": trend, "task_detail": task_detail,
            "late_list": late_list, "reporting": reporting}


def _texts(ta: TaskAssessment, attr: str) -> str:
    parts = ta.texts(attr)
    if not parts:
        return ""
    if len(parts) == 1 and parts[0][0] in ta.owners:
        return tx.full(parts[0][1])
    return "\n".join(f"【{u}】{tx.full(t)}" for u, t in parts)


