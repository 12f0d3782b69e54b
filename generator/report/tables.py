"""The report's tables, built by code at the places the templates name (``@table NAME``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.table import _Cell
from docx.shared import Mm, Pt

from ..assess import PlanAssessment, status as st
from ..shared.colours import LIGHT_FILL, STATUS_FILL
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


def _cell_text(writer: DocWriter, cell, text: str, role: str = "table", align=None, fill: str | None = None,
               size: float | None = None) -> None:
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
        if size is not None:  # a small table: its own size with a tight, exact line pitch
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(round(size * 1.25, 1))
        if line:
            r = p.add_run(line)
            spec = writer.fonts[role]
            ds.set_run_font(r, spec if size is None else replace(spec, size=size))
    if fill:
        ds.set_cell_shading(cell, fill)
    ds.set_cell_valign_center(cell)


def _prototypes(writer: DocWriter, table, size: float | None = None) -> fasttable.PrototypeCells:
    """The document's cell prototypes for tables in font ``size`` (None: the table style's), one per role,
    alignment and fill, formatted by :func:`_cell_text`.

    Kept on the writer, so they live exactly as long as the document being written.
    """
    by_size = getattr(writer, "_table_prototypes", None)
    if by_size is None:
        by_size = writer._table_prototypes = {}
    found = by_size.get(size)
    if found is None:
        def make(role: str, align, fill: str | None):
            tc = parse_xml(f'<w:tc {nsdecls("w")}><w:tcPr><w:tcW w:type="dxa" w:w="0"/></w:tcPr><w:p/></w:tc>')
            _cell_text(writer, _Cell(tc, table), "X", role, align, fill, size)
            return tc

        found = by_size[size] = fasttable.PrototypeCells(make)
    return found


def make_table(writer: DocWriter, header: list[str], rows: list[list[str]], widths: list[float],
               align: list[str] | None = None, fills: list[list[str | None]] | None = None,
               merge: list[tuple[int, int]] = (), merge_cols: tuple[int, ...] = (), size: float | None = None,
               together: bool = False):
    """A bordered fixed-width table: header row repeated on every page, short rows never split.

    ``size``: font size in points for this table (default: the table style's). ``together``: keep the
    whole (small) table on one page, so no page holds a header and a single row."""
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
    cells = _prototypes(writer, table, size)
    fasttable.append_header(table._tbl, [tx.clean(h) for h in header], cells, WD_ALIGN_PARAGRAPH.CENTER, "E7E6E6", twips)
    section = doc.sections[-1]
    text_height = (section.page_height - section.top_margin - section.bottom_margin) / 36000

    line_size = size or writer.fonts["table"].size
    texts = [[tx.clean(text) if text else "" for text in values] for values in rows]
    fasttable.append_rows(table._tbl, texts, cells, [amap[a] for a in align], twips, fills=fills,
                          keep_whole=[_row_height_mm(values, widths, line_size) <= SPLIT_SHARE * text_height for values in rows],
                          merges=merge, merge_columns=merge_cols)
    if together:  # every paragraph but the last row's keeps with the next: the table stays on one page
        for tr in table._tbl.tr_lst[:-1]:
            for p in tr.iter(ds.qn("w:p")):
                p.get_or_add_pPr().keepNext_val = True
    # a small empty paragraph after the table so two tables never merge and the text resumes cleanly
    spacer = writer.paragraph("", "body")
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacer.paragraph_format.line_spacing = Pt(8)
    return table


def _status_fill(status: str) -> str:
    return STATUS_FILL.get(status, "FFFFFF")


def _pct(x) -> str:
    return "—" if x is None else f"{tx.fmt_num(x, 1)}%"


def _target_value(sp, text: str) -> str:
    if sp.value is None:
        return text or "—"
    sign = "≥" if sp.comparator == ">=" else "≤" if sp.comparator == "<=" else ""
    return f"{sign}{tx.fmt_num(sp.value)}{'左右' if sp.comparator == 'approx' else ''}"


def _date(d) -> str:
    return f"{d.month}月{d.day}日" if d else "—"


def builders(a: PlanAssessment) -> dict[str, Callable[[DocWriter], None]]:
    """Named table builders for the templates. Every row that carries a unit's words or figures names that unit."""
    from .build import _target_text  # the target's own clause (one place for that rule)

    def targets(w: DocWriter):
        if not a.targets:
            w.paragraph("本方案未列出量化目标和指标。")
            return
        header = ["编号", "目标/指标（单位）", "基期值", "目标值", "年份", "本期实际", "序时应达", "评估"]
        years = [t.baseline_year for t in a.targets if t.baseline is not None and t.baseline_year]
        common = max(set(years), key=lambda y: (years.count(y), y)) if years else None
        if common:
            header[2] = f"基期值（{common}年）"
        rows, fills = [], []
        for t in a.targets:
            sp = t.spec
            if t.baseline is None:
                base = "—"
            else:
                base = tx.fmt_num(t.baseline) + (f"（{t.baseline_year}年）" if t.baseline_year and t.baseline_year != common else "")
            target = _target_value(sp, _target_text(sp))
            actual = tx.fmt_num(t.actual) if t.actual is not None else (t.judgement or "—")
            expected = None if t.expected is None else tx.fmt_num(t.expected, 2 if abs(t.expected) < 100 else 1)  # computed
            name = tx.condense(sp.name, 26) + (f"（{sp.unit}）" if sp.unit else "")
            rows.append([sp.id, name, base, target, str(sp.year) if sp.year else "—", actual, expected or "—", t.status])
            fills.append([None] * 7 + [LIGHT_FILL.get(t.light) if t.light != "—" else None])
        # figure columns wide enough for 7 characters (5493.25) and a year, so no figure breaks in its cell
        make_table(w, header, rows, [12.5, 38.5, 18.5, 18.5, 12.5, 18.5, 18.5, 17.5],
                   ["c", "l", "c", "c", "c", "c", "c", "c"], fills, size=ds.SIZE["小五"])
        w.paragraph("注：评估栏底色为信号灯；“—”为无数据或无法测算。", "caption", indent=False)

    def areas(w: DocWriter):
        header = ["行动", "任务数"] + list(st.TASK_STATUSES)
        rows = [[f"{ar.path} {ar.name}".strip(), str(len(ar.tasks))] + [str(ar.counts[s]) for s in st.TASK_STATUSES]
                for ar in a.areas]
        rows.append(["合计", str(len(a.tasks))] + [str(a.task_counts[s]) for s in st.TASK_STATUSES])
        make_table(w, header, rows, [46, 14] + [16] * len(st.TASK_STATUSES), ["l"] + ["c"] * (1 + len(st.TASK_STATUSES)))

    def trend(w: DocWriter):
        header = ["报送期", "任务数", "已完成", "正常", "滞后", "逾期未完成", "未报送", "单位报送", "目标达标或正常"]
        rows = []
        for s in a.trend:
            late = s.task_counts[st.SLIGHT] + s.task_counts[st.SERIOUS]
            good = s.target_counts[st.MET] + s.target_counts[st.NORMAL]
            rows.append([s.label.replace("年第", "年\n第") if len(s.label) > 8 else s.label, str(s.tasks),
                         str(s.task_counts[st.DONE]), str(s.task_counts[st.NORMAL]), str(late),
                         str(s.task_counts[st.OVERDUE]), str(s.task_counts[st.MISSING]),
                         f"{s.units_reported}/{s.units_total}", str(good)])
        make_table(w, header, rows, [28, 13, 13, 13, 13, 18, 14, 18, 26], together=True)

    def task_detail(w: DocWriter):
        header = ["序号", "任务", "牵头单位", "填报单位", "进展状态", "完成进度", "序时进度", "评估",
                  "本期工作进展", "存在问题", "下步计划", "评估说明"]
        rows, fills, merge = [], [], []
        for i, ta in enumerate(a.tasks, 1):
            task_cells = [str(i), f"{ta.id} {tx.oneline(ta.task.title)}", "、".join(ta.task.lead) or "（未明确）"]
            explain = f"任务评估：{ta.status}。{ta.basis}" + ("；" + "；".join(tx.oneline(n) for n in ta.notes) if ta.notes else "")
            first = len(rows)
            reported = {r.unit for r in ta.rows}
            units = [(r.unit, r) for r in ta.rows] + [(u, None) for u in ta.owners if u not in reported]
            for k, (unit, r) in enumerate(units or [("", None)]):
                lead = task_cells if k == 0 else ["", "", ""]
                part = ta.part(unit)
                own = part.status if part is not None else "—"
                if r is None:
                    unit_cells = [f"{unit}\n（未报送）" if unit else "—", "—", "—"]
                    texts = ["", "", ""]
                else:
                    unit_cells = [f"{r.unit}\n（{r.role}）", r.status or "—", _pct(r.progress)]
                    texts = [tx.full(r.progress_text), tx.full(r.problems), tx.full(r.next_steps)]
                rows.append(lead + unit_cells + ([_pct(ta.scheduled)] if k == 0 else [""]) + [own] + texts
                            + [explain if k == 0 else ""])
                fills.append([None] * 7 + [_status_fill(own) if part is not None else None] + [None] * 4)
            merge.append((first, len(rows) - 1))
        make_table(w, header, rows, [7, 24, 17, 22, 13, 15, 15, 14, 33, 22, 21, 22],
                   ["c", "l", "l", "l", "c", "c", "c", "c", "l", "l", "l", "l"], fills,
                   merge=merge, merge_cols=(0, 1, 2, 6, 11))

    def late_list(w: DocWriter):
        items = [(ta, p) for ta in a.late_tasks + a.missing_tasks for p in ta.late_parts]
        if not items:
            w.paragraph("本期无滞后或未报送的重点任务。")
            return
        header = ["序号", "任务", "责任单位", "完成时限", "序时进度", "本单位完成进度", "评估", "滞后原因（本单位填报）",
                  "下步措施（本单位填报）", "督办要求"]
        rows, fills = [], []
        for i, (ta, p) in enumerate(items, 1):
            r = p.row
            if p.status == st.MISSING:
                reason, demand = "未报送本期进展", "立即补报本期进展情况"
            else:
                reason = tx.full(r.problems) if r is not None and r.problems.strip() else "未填写"
                demand = {st.SLIGHT: "制定赶进度措施，下期报送时说明进展",
                          st.OVERDUE: "说明逾期原因，提出完成时间，每月报送进展"}.get(p.status, "专题研究，明确完成时限，每月报送进展")
            steps = tx.full(r.next_steps) if r is not None and r.next_steps.strip() else "—"
            rows.append([str(i), f"{ta.id} {tx.oneline(ta.task.title)}", f"{p.unit}（{p.role}）",
                         f"{ta.task.deadline}年底" + ("（已过）" if ta.overdue else ""), _pct(ta.scheduled), _pct(p.progress),
                         p.status, reason, steps, demand])
            fills.append([None] * 6 + [_status_fill(p.status)] + [None] * 3)
        make_table(w, header, rows, [8, 30, 26, 16, 15, 16, 15, 42, 34, 23],
                   ["c", "l", "l", "c", "c", "c", "c", "l", "l", "l"], fills)

    def reporting(w: DocWriter):
        header = ["序号", "单位", "应填任务", "已填任务", "应填目标", "已填目标", "报送情况", "收到日期", "填报人", "联系电话",
                  "未填写的任务"]
        rows, fills = [], []
        for i, u in enumerate(a.units, 1):
            rows.append([str(i), u.unit, str(len(u.task_ids)), str(len(u.answered_task_ids)), str(len(u.target_ids)),
                         str(len(u.answered_target_ids)), u.status, _date(u.received), tx.oneline(u.person) or "—",
                         tx.oneline(u.phone) or "—", "、".join(u.missing_task_ids) if u.reported else "全部"])
            fill = {"已报送": "E2EFDA", "部分填报": "FFE699", "未报送": "D9D9D9", "退回待重报": "F4B084"}[u.status]
            fills.append([None] * 6 + [fill] + [None] * 4)
        make_table(w, header, rows, [8, 44, 15, 15, 15, 15, 20, 16, 18, 25, 34],
                   ["c", "l", "c", "c", "c", "c", "c", "c", "c", "c", "l"], fills)

    return {"targets": targets, "areas": areas, "trend": trend, "task_detail": task_detail,
            "late_list": late_list, "reporting": reporting}
