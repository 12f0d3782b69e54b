"""Turn the templates' line markup (see :mod:`.wording`) into Word paragraphs, tables and charts."""

from __future__ import annotations

import io
from typing import Callable

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.shared import Mm, Pt

from ..errors import UserError
from . import docstyle as ds
from . import text as tx


class DocWriter:
    """Writes paragraphs in the report's roles; every run gets its East Asian font explicitly."""

    def __init__(self, doc, fonts: dict[str, ds.FontSpec], layout: ds.Layout = ds.LAYOUT):
        self.doc = doc
        self.fonts = fonts
        self.layout = layout
        names = {s.name for s in doc.styles}
        self.styles = {role: (doc.styles[n] if n in names else None) for role, n in layout.style_names.items()}
        self._first = True
        self.section_start = False  # nothing written yet since the last section break

    # -- paragraphs
    def _para(self, role: str):
        if self._first and len(self.doc.paragraphs) == 1 and not self.doc.paragraphs[0].text and not self.doc.element.body.findall(
                ".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl"):
            p = self.doc.paragraphs[0]  # reuse the reference document's empty first paragraph
        else:
            p = self.doc.add_paragraph()
        self._first = False
        self.use_style(p, role)
        return p

    def use_style(self, p, role: str) -> None:
        """Give paragraph ``p`` the style of ``role`` by id (python-docx's ``p.style =`` scans every style each time)."""
        style = self.styles.get(role)
        if style is not None:
            p._p.get_or_add_pPr().style = style.style_id

    def run(self, p, text: str, role: str, bold: bool | None = None):
        r = p.add_run(tx.clean(text))
        ds.set_run_font(r, self.fonts[role], bold=bold)
        return r

    def paragraph(self, text: str, role: str = "body", align=None, indent: bool | None = None, right_chars: int = 0):
        p = self._para(role)
        if text:
            self.run(p, text, role)
        pf = p.paragraph_format
        if align is not None:
            pf.alignment = align
        if indent is False:
            pf.first_line_indent = Pt(0)
            ind = p._p.get_or_add_pPr().find(ds.qn("w:ind"))
            if ind is not None:
                ind.set(ds.qn("w:firstLineChars"), "0")
        if right_chars:
            pf.right_indent = Pt(self.fonts[role].size * right_chars)
        return p

    def item(self, lead: str, body: str, lead_role: str = "h3"):
        """A paragraph opening with a heading in ``lead_role``'s font (1. bold 仿宋, or （一） 楷体) and going on
        as body text on the same line, as Chinese reports write short sections."""
        p = self._para("body")
        self.run(p, lead, lead_role, bold=True if lead_role == "h3" else None)
        if body:
            self.run(p, body, "body")
        return p

    def keep_previous(self):
        """Keep the last paragraph (and an empty one before it) on the page of what follows."""
        paragraphs = self.doc.paragraphs
        for p in paragraphs[-2:][::-1]:
            p.paragraph_format.keep_with_next = True
            if p.text.strip():
                break

    def annex_label(self, text: str):
        """附件N on a new page. The page break is a property of the label (never an empty paragraph of its
        own, which could fall alone on a page), and an empty spacer left after a table is dropped."""
        body = self.doc.element.body
        last = body[-1] if len(body) and body[-1].tag != ds.qn("w:sectPr") else (body[-2] if len(body) > 1 else None)
        if last is not None and last.tag == ds.qn("w:p") and not "".join(last.itertext()).strip() \
                and last.find(".//" + ds.qn("w:drawing")) is None and last.find(".//" + ds.qn("w:sectPr")) is None:
            body.remove(last)
        p = self.paragraph(text, "h1", indent=False)
        if not self.section_start:
            p.paragraph_format.page_break_before = True
        p.paragraph_format.keep_with_next = True
        return p

    def page_break(self):
        p = self._para("body")
        run = p.add_run()
        ds.set_run_font(run, self.fonts["body"])
        run.add_break(WD_BREAK.PAGE)

    def picture(self, png: bytes, width_mm: float):
        p = self._para("body")
        pf = p.paragraph_format
        pf.first_line_indent = Pt(0)
        ind = p._p.get_or_add_pPr().find(ds.qn("w:ind"))
        if ind is not None:
            ind.set(ds.qn("w:firstLineChars"), "0")
        pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE  # exact spacing would clip the picture in Word
        pf.keep_with_next = True
        run = p.add_run()
        ds.set_run_font(run, self.fonts["body"])
        run.add_picture(io.BytesIO(png), width=Mm(width_mm))
        return p


def render_markup(writer: DocWriter, markup: str, tables: dict[str, Callable], charts: dict[str, Callable]) -> None:
    """Write ``markup`` into the document; ``@table``/``@chart`` call the named builders."""
    for raw in markup.splitlines():
        line = raw.strip(" \t\r")
        if not line.strip():
            continue
        cmd, _, rest = line.partition(" ")
        rest = rest.strip(" \t")  # full-width spaces are kept: templates use them to align lines
        if line.startswith("### "):
            writer.paragraph(line[4:].strip(), "h3")
        elif line.startswith("## "):
            writer.paragraph(line[3:].strip(), "h2")
        elif line.startswith("# "):
            writer.paragraph(line[2:].strip(), "h1")
        elif cmd == "@title":
            writer.paragraph(rest, "title", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        elif cmd == "@to":
            writer.paragraph(rest, "body", indent=False)
        elif cmd == "@plain":
            writer.paragraph(rest, "body", indent=False)
        elif cmd == "@right":
            writer.keep_previous()  # signature and date never stand alone on a page (GB/T 9704 7.3.5)
            writer.paragraph(rest, "body", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right_chars=4)
        elif cmd == "@center":
            writer.paragraph(rest, "body", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        elif cmd == "@caption":
            writer.paragraph(rest, "caption", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
            writer.keep_previous()  # a caption above a table stays on the table's page
        elif cmd == "@keep":
            writer.doc.paragraphs[-1].paragraph_format.keep_with_next = True
            continue
        elif cmd == "@blank":
            writer.paragraph("", "body")
        elif cmd in ("@item", "@item2"):
            lead, _, body = rest.partition("@@")
            writer.item(lead.strip(), body.strip(), "h3" if cmd == "@item" else "h2")
        elif cmd == "@pagebreak":
            writer.page_break()
        elif cmd in ("@landscape", "@portrait"):
            ds.new_section(writer.doc, cmd[1:], writer.layout)
            writer.section_start = True
            continue
        elif cmd == "@annex":
            writer.annex_label(rest)
        elif cmd == "@annextitle":
            writer.paragraph(rest, "title", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
            writer.paragraph("", "body")
        elif cmd == "@table":
            name = rest.split()[0] if rest else ""
            if name not in tables:
                raise UserError(f"报告模板中的“@table {name}”不是可用的表格；可用：{'、'.join(tables)}。")
            tables[name](writer)
        elif cmd == "@chart":
            name, _, caption = rest.partition(" ")
            if name not in charts:
                raise UserError(f"报告模板中的“@chart {name}”不是可用的图表；可用：{'、'.join(charts)}。")
            png = charts[name]()
            if png is not None:
                writer.picture(png, writer.layout.chart_width_mm)
                if caption.strip():
                    writer.paragraph(caption.strip(), "caption", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        else:
            writer.paragraph(line, "body")
        writer.section_start = False
