"""Government-style Word files and PDFs made the way an office's own are: python-docx, then LibreOffice.

A plan published on a government website is a PDF printed from a Word file laid out by
GB/T 9704: A4, margins 37/35/28/26 mm, 3号 (16 pt) body with a two-character first-line
indent and a fixed 28 pt line pitch (22 lines of 28 characters), a running header with the
issuer's name, and the page number ``— 3 —`` in the footer. :func:`gov_docx` writes such a
file; :func:`to_pdf` prints it with LibreOffice's PDF export, as ``soffice --convert-to pdf``.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from generator.plan.meta import split_document
from generator.plan.source import read_source
from generator.plan.text import clean_lines, paragraphs

from ..soffice import convert

CJK_FONT = "Noto Serif CJK SC"  # installed with fonts-noto-cjk; stands in for 仿宋_GB2312


def _page_field(paragraph, before: str, after: str) -> None:
    paragraph.add_run(before)
    run = paragraph.add_run()
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif instr:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instr
            run._r.append(element)
    paragraph.add_run(after)


def gov_docx(
    path: Path,
    paras: list[str],
    *,
    header: str | None = None,
    footer: tuple[str, str] = ("— ", " —"),
    tables: dict[int, list[list[str]]] | None = None,
    indent: bool = True,
) -> Path:
    """Write ``paras`` as a GB/T 9704-style .docx; ``tables[i]`` is inserted before paragraph ``i``."""
    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = CJK_FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    if header:
        head = section.header.paragraphs[0]
        head.text = header
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_field(foot, *footer)
    tables = tables or {}
    for index, text in enumerate(paras):
        if index in tables:
            _table(document, tables[index])
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.line_spacing = Pt(28)
        paragraph.paragraph_format.space_after = Pt(0)
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)
    if len(paras) in tables:
        _table(document, tables[len(paras)])
    document.save(path)
    return path


def _table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(12)


def seed_paragraphs(source: Path) -> list[str]:
    """A seed plan's text as the Word file it was printed from: front matter and appendix line by line,
    the body as whole paragraphs (lines the PDF copy had broken are joined by the importer's own repair)."""
    lines = clean_lines(read_source(source).lines)
    parts = split_document(lines)
    body = [p.text for p in paragraphs(parts.body)]
    return [line.text for line in parts.front] + [parts.title] + body + [line.text for line in parts.appendix + parts.trailer]


def to_pdf(files: list[Path], outdir: Path) -> list[Path]:
    """Print with LibreOffice (``soffice --convert-to pdf``, private profile)."""
    return convert(files, "pdf", outdir)


def import_file(path: Path, plan_id: str):
    """The plan imported from ``path`` exactly as ``plan import`` would (built-in aliases, the seed's overrides)."""
    from generator.plan import alias_table
    from generator.plan.importer import import_document
    from generator.plan.overrides import Overrides
    from generator.workspace import Workspace

    repo = Path(__file__).resolve().parents[2]
    overrides = Overrides.load(repo / "plans" / f"{plan_id}.overrides.yaml")
    aliases = alias_table(Workspace.at(repo))
    return import_document(read_source(path), plan_id=plan_id, source_file=path.name, aliases=aliases, overrides=overrides).plan


def task_agreement(reference, other) -> tuple[int, int, list[str]]:
    """How many of ``reference``'s tasks ``other`` has with the same path, lead and co: (same, total, differences)."""
    theirs = {(tuple(t.path), t.title): t for t in other.tasks}
    same, differences = 0, []
    for task in reference.tasks:
        match = theirs.get((tuple(task.path), task.title))
        if match is not None and (match.lead, match.co) == (task.lead, task.co):
            same += 1
        else:
            got = f"{match.lead} / {match.co}" if match else "没有这项任务"
            differences.append(f"{task.id} {task.title}: {task.lead} / {task.co} ≠ {got}")
    return same, len(reference.tasks), differences


def gov_html(paras: list[str], *, site: str, title: str, encoding: str = "utf-8", doc_number: str | None = None) -> bytes:
    """A plan page as a browser saves it from a government portal (“网页，仅 HTML”).

    The frame follows the common provincial/municipal portal template: a top bar and a menu of
    links, a breadcrumb, with ``doc_number`` the 信息公开 table (索引号/文号/成文日期), the page title, the 来源/发布时间/字号 line, the article in a content div
    (each paragraph a ``<p>`` with a two-character indent, line breaks as ``<br>`` inside some),
    an attachment link, a 相关链接 list, and the site footer (主办/承办/备案号/网站标识码),
    with scripts in the head and after the footer.
    """
    from html import escape

    menu = "".join(f'<li><a href="/col/{i}/">{name}</a></li>' for i, name in
                   enumerate(["首页", "政务公开", "政务服务", "互动交流", "走进" + site[:3], "专题专栏"]))
    article = "\n".join(f'<p style="text-indent:2em;">{escape(p)}</p>' for p in paras)
    related = "".join(f'<li><a href="/art/{i}.html">{t}</a><span>2023-0{i + 1}-1{i}</span></li>' for i, t in
                      enumerate(["关于印发《全市节能降碳工作要点》的通知", "解读：一图读懂碳达峰实施方案", "市人民政府关于加强生态环境保护的意见"]))
    info = (f'<table class="xxgk"><tr><td>索引号：</td><td>11430800MB0000000X/2023-00123</td><td>主题分类：</td><td>生态环境</td></tr>'
            f'<tr><td>文　　号：</td><td>{escape(doc_number)}</td><td>成文日期：</td><td>2023-10-08</td></tr></table>\n') if doc_number else ""
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset={'gb2312' if encoding != 'utf-8' else 'utf-8'}" />
<title>{escape(title)}_{site}</title>
<meta name="ArticleTitle" content="{escape(title)}">
<link rel="stylesheet" href="../css/style.css" />
<script type="text/javascript">var _hmt = _hmt || []; document.write("<div>统计</div>");</script>
<style>.zoom p {{ line-height: 2; }}</style>
</head>
<body>
<div class="top"><div class="w1200"><span>欢迎访问{site}门户网站！</span>
<a href="/">无障碍浏览</a> | <a href="/">长者模式</a> | <a href="/">English</a></div></div>
<div class="header"><img src="../images/logo.png" alt="{site}" /></div>
<div class="nav"><ul>{menu}</ul></div>
<div class="w1200 main">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zcwj/">政策文件</a> &gt; <a href="/gfxwj/">规范性文件</a></div>
<div class="article">
{info}<h1 class="title">{escape(title)}</h1>
<div class="info"><span>来源：{site}办公室</span><span>发布时间：2023-10-09 16:30</span>
<span>字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a></span>
<a href="javascript:window.print()">打印本页</a></div>
<div class="zoom TRS_Editor" id="zoom">
{article}
</div>
<div class="fj">附件下载：<a href="/files/plan.pdf">{escape(title)}.pdf</a></div>
<div class="share"><a href="#">微信</a><a href="#">微博</a><a href="javascript:window.close()">关闭窗口</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul>{related}</ul></div>
</div>
<div class="footer"><p>主办：{site}办公室　承办：{site[:3]}市大数据中心</p>
<p>网站标识码：4308000001　<a href="https://beian.miit.gov.cn">湘ICP备05003625号</a>　湘公网安备 43080202000001号</p>
<p>地址：{site[:3]}市永定区大庸路1号　联系电话：0744-8222222</p></div>
<script src="../js/jquery.min.js"></script><script>$(function(){{ initShare(); }});</script>
</body></html>
"""
    return page.encode("gb18030" if encoding != "utf-8" else "utf-8")
