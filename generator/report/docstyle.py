"""Every font, size, margin and number rule of the Word report, in one place (GB/T 9704-2012).

:class:`Layout` holds the numbers; :func:`apply_styles` writes them into a document's
styles (``tools/make_report_style.py`` uses it to build ``templates/report_style.docx``);
the report then reads each role's font back from the styles of the reference document it
opened (:func:`resolve_fonts`), so an office that edits the reference document in Word
changes the report, and sets that font on every run explicitly (``w:eastAsia`` included,
theme attributes removed) so that Word, WPS and LibreOffice all show the named Chinese font.

Raw-XML edits go through python-docx's ``get_or_add_*`` and ``insert_element_before`` so
child order stays schema-valid (Word rejects out-of-order children; LibreOffice does not).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

# Chinese type sizes in points (Word's names)
SIZE = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
        "四号": 14, "小四": 12, "五号": 10.5, "小五": 9}


@dataclass(frozen=True)
class FontSpec:
    east_asia: str
    size: float  # points
    bold: bool = False
    latin: str = "Times New Roman"


@dataclass(frozen=True)
class Layout:
    """GB/T 9704-2012 numbers; change them here (or in the reference .docx styles for fonts)."""

    page_width_mm: float = 210
    page_height_mm: float = 297
    margin_top_mm: float = 37
    margin_bottom_mm: float = 35
    margin_left_mm: float = 28
    margin_right_mm: float = 26
    header_distance_mm: float = 15
    footer_distance_mm: float = 22  # puts “— N —” about 7 mm below the text block
    # landscape annex pages: the same text-block margins turned a quarter
    landscape_margin_top_mm: float = 28
    landscape_margin_bottom_mm: float = 26
    landscape_margin_left_mm: float = 37
    landscape_margin_right_mm: float = 35
    line_pitch_pt: float = 28.95  # 225 mm / 22 lines
    char_spacing_pt: float = -0.25  # with 16 pt 仿宋 gives 28 characters per 156 mm line
    first_line_chars: int = 2
    title: FontSpec = FontSpec("方正小标宋简体", SIZE["二号"])
    h1: FontSpec = FontSpec("黑体", SIZE["三号"])
    h2: FontSpec = FontSpec("楷体_GB2312", SIZE["三号"])
    h3: FontSpec = FontSpec("仿宋_GB2312", SIZE["三号"], bold=True)
    body: FontSpec = FontSpec("仿宋_GB2312", SIZE["三号"])
    table: FontSpec = FontSpec("仿宋_GB2312", SIZE["五号"])
    table_header: FontSpec = FontSpec("黑体", SIZE["五号"])
    page_number: FontSpec = FontSpec("宋体", SIZE["四号"], latin="宋体")
    caption: FontSpec = FontSpec("楷体_GB2312", SIZE["四号"])
    language: str = "zh-CN"
    chart_width_mm: float = 150
    table_cell_margin_mm: float = 1.2
    # style names in the reference document, per role
    style_names: dict = field(default_factory=lambda: {
        "title": "Title", "h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3", "body": "Normal",
        "table": "表格文字", "table_header": "表格标题", "page_number": "Footer", "caption": "图表标题",
    })


LAYOUT = Layout()


# --------------------------------------------------------------------------- runs and fonts


def set_run_font(run, spec: FontSpec, bold: bool | None = None, color: RGBColor | None = None) -> None:
    """Font on one run: all four rFonts slots (eastAsia included), no theme fonts, size, bold."""
    rpr = run._r.get_or_add_rPr()
    _set_rfonts(rpr, spec)
    run.font.size = Pt(spec.size)
    b = spec.bold if bold is None else bold
    run.font.bold = True if b else None
    if color is not None:
        run.font.color.rgb = color


def _set_rfonts(rpr, spec: FontSpec) -> None:
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        key = qn(attr)
        if key in rfonts.attrib:
            del rfonts.attrib[key]
    rfonts.set(qn("w:ascii"), spec.latin)
    rfonts.set(qn("w:hAnsi"), spec.latin)
    rfonts.set(qn("w:cs"), spec.latin)
    rfonts.set(qn("w:eastAsia"), spec.east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def set_char_spacing(rpr, points: float) -> None:
    """``w:spacing`` in rPr (twentieths of a point), placed in schema order."""
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    el = OxmlElement("w:spacing")
    el.set(qn("w:val"), str(int(round(points * 20))))
    successors = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                  "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                  "w:specVanish", "w:oMath")
    rpr.insert_element_before(el, *successors)


def set_lang(rpr, language: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), "ar-SA")


def font_of_style(style, fallback: FontSpec) -> FontSpec:
    """The role's font as the reference document defines it (style rPr), else ``fallback``."""
    if style is None:
        return fallback
    rpr = style.element.rPr
    east = latin = None
    if rpr is not None and rpr.rFonts is not None:
        east = rpr.rFonts.get(qn("w:eastAsia"))
        latin = rpr.rFonts.get(qn("w:ascii"))
    size = style.font.size.pt if style.font.size is not None else fallback.size
    bold = style.font.bold if style.font.bold is not None else fallback.bold
    return FontSpec(east or fallback.east_asia, size, bool(bold), latin or fallback.latin)


def resolve_fonts(doc, layout: Layout = LAYOUT) -> dict[str, FontSpec]:
    names = {s.name for s in doc.styles}
    out = {}
    for role, style_name in layout.style_names.items():
        fallback = getattr(layout, role)
        out[role] = font_of_style(doc.styles[style_name] if style_name in names else None, fallback)
    return out


# --------------------------------------------------------------------------- styles


def _paragraph_style(doc, name: str, base: str | None = None):
    names = {s.name for s in doc.styles}
    if name in names:
        return doc.styles[name]
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base and base in names:
        style.base_style = doc.styles[base]
    return style


def _format_style(style, spec: FontSpec, layout: Layout, *, indent: bool, align=None, exact: bool = True,
                  char_spacing: bool = True, outline: int | None = None) -> None:
    font = style.font
    font.name = spec.latin
    font.size = Pt(spec.size)
    font.bold = spec.bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    _set_rfonts(rpr, spec)
    set_char_spacing(rpr, layout.char_spacing_pt if char_spacing else 0)
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:numPr", "w:contextualSpacing"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(layout.line_pitch_pt)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if indent:
        pf.first_line_indent = Pt(spec.size * layout.first_line_chars)
        ind = style.element.get_or_add_pPr().find(qn("w:ind"))
        ind.set(qn("w:firstLineChars"), str(layout.first_line_chars * 100))
    else:
        pf.first_line_indent = Pt(0)
    if align is not None:
        pf.alignment = align
    pf.widow_control = True
    if outline is not None:
        pf.keep_with_next = True


def apply_styles(doc, layout: Layout = LAYOUT) -> None:
    """Define every style the report uses, the zh-CN language and the page setup."""
    body = doc.styles["Normal"]
    _format_style(body, layout.body, layout, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _format_style(_paragraph_style(doc, "Title", "Normal"), layout.title, layout, indent=False,
                  align=WD_ALIGN_PARAGRAPH.CENTER, char_spacing=False)
    for role, level in (("h1", 1), ("h2", 2), ("h3", 3)):
        style = _paragraph_style(doc, f"Heading {level}", "Normal")
        _format_style(style, getattr(layout, role), layout, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, outline=level)
    _format_style(_paragraph_style(doc, "表格文字", "Normal"), layout.table, layout, indent=False, exact=False,
                  char_spacing=False)
    _format_style(_paragraph_style(doc, "表格标题", "Normal"), layout.table_header, layout, indent=False, exact=False,
                  char_spacing=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _format_style(_paragraph_style(doc, "图表标题", "Normal"), layout.caption, layout, indent=False,
                  align=WD_ALIGN_PARAGRAPH.CENTER, char_spacing=False)
    _format_style(_paragraph_style(doc, "Footer", "Normal"), layout.page_number, layout, indent=False, exact=False,
                  char_spacing=False)
    set_language(doc, layout.language)
    for section in doc.sections:
        portrait(section, layout)


def set_language(doc, language: str = "zh-CN") -> None:
    """East Asian language zh-CN in docDefaults and settings' themeFontLang (so fallback glyphs are Chinese)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if qn(attr) in rfonts.attrib:
                del rfonts.attrib[qn(attr)]
    _set_rfonts(rpr, LAYOUT.body)
    set_lang(rpr, language)
    settings = doc.settings.element
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is None:
        tfl = OxmlElement("w:themeFontLang")
        settings.insert_element_before(
            tfl, "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
            "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType", "w:schemaLibrary",
            "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")
    tfl.set(qn("w:val"), "en-US")
    tfl.set(qn("w:eastAsia"), language)


# --------------------------------------------------------------------------- page setup


def portrait(section, layout: Layout = LAYOUT) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(layout.page_width_mm), Mm(layout.page_height_mm)
    section.top_margin, section.bottom_margin = Mm(layout.margin_top_mm), Mm(layout.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(layout.margin_left_mm), Mm(layout.margin_right_mm)
    section.header_distance, section.footer_distance = Mm(layout.header_distance_mm), Mm(layout.footer_distance_mm)
    section.gutter = Mm(0)


def landscape(section, layout: Layout = LAYOUT) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(layout.page_height_mm), Mm(layout.page_width_mm)
    section.top_margin, section.bottom_margin = Mm(layout.landscape_margin_top_mm), Mm(layout.landscape_margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(layout.landscape_margin_left_mm), Mm(layout.landscape_margin_right_mm)
    section.header_distance, section.footer_distance = Mm(layout.header_distance_mm), Mm(layout.footer_distance_mm - 8)
    section.gutter = Mm(0)


def new_section(doc, orientation: str, layout: Layout = LAYOUT):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    (landscape if orientation == "landscape" else portrait)(section, layout)
    return section


def text_width_mm(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / 36000


def add_field(paragraph, instruction: str, placeholder: str, spec: FontSpec) -> None:
    """A Word field (PAGE, NUMPAGES…) as begin/instr/separate/result/end runs."""
    def run_with(child):
        run = paragraph.add_run()
        set_run_font(run, spec)
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    result = paragraph.add_run(placeholder)
    set_run_font(result, spec)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def page_number_footers(doc, fonts: dict[str, FontSpec], layout: Layout = LAYOUT) -> None:
    """“— N —” 4号宋体: odd pages at the right, even pages at the left, one character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    spec = fonts["page_number"]
    first = doc.sections[0]
    for footer, align in ((first.footer, WD_ALIGN_PARAGRAPH.RIGHT), (first.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        for p in list(footer.paragraphs)[1:]:
            p._p.getparent().remove(p._p)
        p = footer.paragraphs[0]
        for r in list(p.runs):
            r._r.getparent().remove(r._r)
        p.style = doc.styles[layout.style_names["page_number"]] if layout.style_names["page_number"] in {s.name for s in doc.styles} else p.style
        pf = p.paragraph_format
        pf.alignment = align
        pf.first_line_indent = Pt(0)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            pf.right_indent, pf.left_indent = Pt(spec.size), Pt(0)
        else:
            pf.left_indent, pf.right_indent = Pt(spec.size), Pt(0)
        lead = p.add_run("— ")
        set_run_font(lead, spec)
        add_field(p, "PAGE", "1", spec)
        tail = p.add_run(" —")
        set_run_font(tail, spec)
    for section in doc.sections[1:]:
        section.footer.is_linked_to_previous = True
        section.even_page_footer.is_linked_to_previous = True


# --------------------------------------------------------------------------- tables


def set_cell_width(cell, mm: float) -> None:
    cell.width = Mm(mm)


def set_cell_shading(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.insert_element_before(shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                               "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")


def set_cell_valign_center(cell) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    v = tcpr.find(qn("w:vAlign"))
    if v is None:
        v = OxmlElement("w:vAlign")
        tcpr.insert_element_before(v, "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")
    v.set(qn("w:val"), "center")


def _tr_flag(row, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    if trpr.find(qn(tag)) is None:
        el = OxmlElement(tag)
        el.set(qn("w:val"), "true")
        order = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
                 "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
        successors = order[order.index(tag) + 1:]
        trpr.insert_element_before(el, *successors)


def repeat_header(row) -> None:
    _tr_flag(row, "w:tblHeader")


def cant_split(row) -> None:
    _tr_flag(row, "w:cantSplit")


def table_borders(table, size_eighths: int = 4) -> None:
    """Single black borders on every edge (the reference document may lack the 'Table Grid' style)."""
    tblpr = table._tbl.tblPr
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size_eighths))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tblpr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                                "w:tblDescription", "w:tblPrChange")


def fixed_layout(table, widths_mm: list[float], layout: Layout = LAYOUT) -> None:
    """Fixed layout, centred, grid and every cell's width set (Word ignores column widths alone)."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    lay = tblpr.find(qn("w:tblLayout"))
    if lay is None:
        lay = OxmlElement("w:tblLayout")
        tblpr.insert_element_before(lay, "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    lay.set(qn("w:type"), "fixed")
    mar = tblpr.find(qn("w:tblCellMar"))
    if mar is None:
        mar = OxmlElement("w:tblCellMar")
        tblpr.insert_element_before(mar, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(layout.table_cell_margin_mm * 56.7)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    for col, w in zip(table.columns, widths_mm):
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            set_cell_width(cell, w)


def fixed_core_properties(doc, when: datetime, title: str, author: str) -> None:
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.title = title
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 1
    cp.comments = ""
    cp.keywords = "碳达峰;进展情况报告"
    cp.language = "zh-CN"


def clone_run_properties(src_run, dst_run) -> None:
    rpr = src_run._r.rPr
    if rpr is not None:
        dst_run._r.insert(0, copy.deepcopy(rpr))
