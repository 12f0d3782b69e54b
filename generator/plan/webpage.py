"""A plan saved from a government website (.html) → its text lines and tables.

A saved page holds the plan inside the site's frame: navigation menus, a breadcrumb
(首页 > 政务公开 > 政策文件), the page title, a 来源/发布时间 line, then the article, then
related links, a footer and scripts. This stage parses with lxml (libxml2's HTML parser,
already installed with python-docx) and keeps what an office would copy by hand:

- scripts, styles, forms and ``nav``/``header``/``footer``/``aside`` elements go;
- a block whose text is mostly link text and holds no sentence (a menu, a breadcrumb, a list
  of related links) goes, and so does a link in a block without a sentence (打印本页); a link
  inside a paragraph stays;
- the article is the smallest element holding nearly all of the page's sentences (``。``);
  the page is kept from its own heading (h1, else h2/h3) above the article to the article's
  end, so the title and the 来源 line stay, and the site's top bar before it and what follows
  the article (related links, the site footer) go; a 信息公开 table above the heading
  (索引号 / 文号 / 成文日期, label then value) is kept as ``label value`` lines;
- block elements (``p``, ``div``, ``li``, ``h1``…, ``br``) end lines; a data table (cells in
  rows, no table inside) becomes rows of cell texts like a Word table, a one-cell table (a
  framed 专栏) stays in the text.

Raises :class:`UserError` for a page that cannot be decoded or holds no text.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UserError

_DROP = {"script", "style", "noscript", "iframe", "form", "select", "button", "input", "textarea", "nav", "header",
         "footer", "aside", "template", "svg", "object", "embed", "head", "title", "meta", "link"}
_BLOCK = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
          "h6", "blockquote", "pre", "center", "tr", "table", "tbody", "thead", "hr", "address", "figure", "figcaption"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def decode_html(path: Path, data: bytes) -> str:
    """The page's text: by its BOM, else its ``<meta charset>``, else UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = _CHARSET.search(data[:4096])
    candidates = []
    if declared:
        name = declared.group(1).decode("ascii").lower()
        candidates.append("gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UserError(f"无法读取网页“{path}”：既不是 UTF-8 也不是 GB18030（GBK）编码。请在浏览器中重新“另存为”网页后重试。")


def _text(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def _link_dense(element) -> bool:
    """Mostly link text and no sentence in it: a menu, a breadcrumb, a list of related links.
    (A paragraph that links the document it cites keeps its 。 and ， and stays.)"""
    text = re.sub(r"\s", "", element.text_content())
    if not text or re.search(r"[。，；]", text):
        return False
    linked = sum(len(re.sub(r"\s", "", a.text_content())) for a in element.iter("a"))
    return linked / len(text) > 0.5


def _sentences(element) -> int:
    return element.text_content().count("。")


def _article(body):
    """The smallest element holding at least 80 % of the page's sentences."""
    total = _sentences(body)
    node = body
    while total:
        inner = next((c for c in node if isinstance(c.tag, str) and _sentences(c) >= 0.8 * total), None)
        if inner is None:
            break
        node = inner
    return node


def _is_data_table(table) -> bool:
    if any(True for _ in table.iter("table") if _ is not table):
        return False
    rows = [r for r in table.iter("tr")]
    return len(rows) >= 2 and sum(1 for r in rows if len(r.findall("td") + r.findall("th")) >= 2) >= len(rows) / 2


def _grid(table) -> list[list[str]]:
    """A table with ``rowspan``/``colspan`` cells repeated in every cell they cover (as a merged Word cell reads)."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}
    for r, row in enumerate(table.iter("tr")):
        out: list[str] = []
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        for cell in cells:
            while (r, len(out)) in pending:
                out.append(pending.pop((r, len(out))))
            text = re.sub(r"[ \t\r\f\v]+", " ", cell.text_content()).strip()
            span = max(1, int(cell.get("colspan", "1") or 1)) if str(cell.get("colspan", "1")).isdigit() else 1
            down = max(1, int(cell.get("rowspan", "1") or 1)) if str(cell.get("rowspan", "1")).isdigit() else 1
            for c in range(span):
                for extra in range(1, down):
                    pending[(r + extra, len(out))] = text
                out.append(text)
        while (r, len(out)) in pending:
            out.append(pending.pop((r, len(out))))
        grid.append(out)
    return grid


def html_lines(path: Path, data: bytes) -> tuple[list[str], list[list[list[str]]], list[list[list[str]]]]:
    """Text lines, data tables (rows of cell texts) and the same tables as full grids (spans repeated)."""
    import lxml.html
    from lxml import etree

    text = decode_html(path, data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise UserError(f"无法读取网页“{path}”：{exc}。请在浏览器中重新“另存为”网页（仅 HTML）后重试。") from None
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        element.drop_tree()
    for element in [e for e in root.iter() if isinstance(e.tag, str) and e.tag.lower() in _DROP]:
        if element.getparent() is not None:
            element.drop_tree()
    body = root.find("body") if root.find("body") is not None else root
    for element in [e for e in body.iter() if isinstance(e.tag, str) and e.tag in _BLOCK | {"td", "th"}]:
        if element.getparent() is not None and _link_dense(element):
            element.drop_tree()
    # A link outside any sentence (字号 大 中 小, 打印本页, a download link) is page furniture too.
    for link in list(body.iter("a")):
        block = next((a for a in link.iterancestors() if isinstance(a.tag, str) and a.tag in _BLOCK | {"td", "th", "body"}), None)
        if block is None or re.search(r"[。，；]", block.text_content()):
            continue
        table = next(block.iterancestors("table"), None) if block.tag in ("td", "th") else None
        if table is None or not _is_data_table(table):  # a cell of a data table keeps its links
            link.drop_tree()
    article = _article(body)
    # Everything after the article (related links, the site footer) goes; what is above it stays.
    node = article
    while node is not None and node is not body:
        for sibling in list(node.itersiblings()):
            sibling.drop_tree()
        node.tail = None
        node = node.getparent()

    # Above the article, the page's own heading (h1, else h2/h3) starts what is kept: the top bar,
    # logo and menus before it go even where they are not mostly links.
    inside = set(article.iter())
    heading = None
    for level in ("h1", "h2", "h3"):
        before = []
        for element in body.iter(level):
            if element in inside:
                break
            before.append(element)
        if before:
            heading = before[-1]
            break
    start_at = 0
    tables_before = []  # data tables above the heading, in document order
    if heading is not None:
        holding = set(heading.iterancestors())
        for element in body.iter():
            if element is heading:
                break
            if element.tag == "table" and element not in holding and _is_data_table(element):
                tables_before.append(element)

    lines: list[str] = [""]
    tables: list[list[list[str]]] = []
    grids: list[list[list[str]]] = []

    def newline() -> None:
        if lines[-1].strip():
            lines.append("")

    def walk(element) -> None:
        nonlocal start_at
        if element is heading:
            newline()
            start_at = len(lines) - 1
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if element in tables_before:
            pass  # read as label/value pairs below
        elif tag == "br":
            newline()
        elif tag == "table" and _is_data_table(element):
            rows = [[_text(c) for c in r if isinstance(c.tag, str) and c.tag in ("td", "th")] for r in element.iter("tr")]
            if all(len(r) <= 1 for r in rows):
                for row in rows:
                    newline()
                    lines[-1] += "".join(row)
            else:
                tables.append(rows)
                grids.append(_grid(element))
                newline()
                lines[-1] = "\f表格"
            newline()
        else:
            if tag in _BLOCK or tag in ("td", "th"):
                newline()
            if element.text:
                lines[-1] += element.text
            for child in element:
                walk(child)
            if tag in _BLOCK or tag in ("td", "th"):
                newline()
        if element.tail:
            lines[-1] += element.tail

    walk(body)
    del lines[:start_at]
    # A 信息公开 table above the page heading (索引号 / 文号 / 成文日期, label then value) keeps its pairs.
    if heading is not None:
        labelled = []
        for table in tables_before:
            for row in table.iter("tr"):
                cells = [_text(c) for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
                labelled += [f"{a}{b}" for a, b in zip(cells[::2], cells[1::2]) if a.endswith(("：", ":")) and b]
        lines[:0] = labelled
    # HTML whitespace is not text; a line left with only separators (the “|” between dropped links) goes.
    out = [line if line == "\f表格" else re.sub(r"\s+", " ", line).strip() for line in lines]
    return [line for line in out if re.search(r"[\w\u3400-\u9fff]", line)], tables, grids
