"""Reading a plan document into plain lines, whatever form the office holds it in.

Formats: ``.txt`` (UTF-8 or GB18030/GBK), ``.docx``, ``.doc``/``.wps``/``.rtf`` (converted
through LibreOffice, :mod:`.convert`), ``.pdf`` with a text layer (:mod:`.pdf`), ``.html``
saved from a government website (:mod:`.webpage`), and task tables (重点任务分工表) in a
spreadsheet (``.xlsx``/``.xls``/``.ods``) or as the main content of a Word file
(:mod:`.tasktable`). A file is recognised by its content where its name is misleading
(a PDF or a Word file saved as ``.txt``).

Everything the importer sees goes through here, so every way a file can be
wrong (missing, empty, mis-encoded, encrypted, a scan, a .docx that is really
something else) becomes one Chinese message before any parsing starts.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from ..fileio import sha256_bytes
from .text import COLUMN_PATTERN, normalize_line

MAX_SOURCE_BYTES = 50 * 1024 * 1024


@dataclass
class SourceDocument:
    path: Path
    data: bytes
    encoding: str
    lines: list[str]
    # Tables of a .docx or web page, as rows of cell texts (indicator tables come from here).
    tables: list[list[list[str]]] = field(default_factory=list)
    # Task deadlines a task table states (完成时限): source line number of the task → year.
    deadlines: dict[int, int] = field(default_factory=dict)
    # What the text was read from: "text", "docx", "doc", "pdf", "html", "task table".
    form: str = "text"

    @property
    def sha256(self) -> str:
        return sha256_bytes(self.data)


def _decode_text(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise UserError(
                f"无法读取“{path}”：既不是 UTF-8 也不是 GB18030（GBK）编码的文本"
                f"（第 {utf8_error.start} 字节处无法解码）。请用记事本或 WPS 另存为 UTF-8 文本后重试。"
            ) from None


def _docx_lines(path: Path, data: bytes) -> tuple[list[str], list[list[list[str]]], list[list[list[str]]]]:
    """Text lines (a one-cell table's text in the flow, ``\\f表格`` where another table stands),
    every table as rows of distinct cell texts, and each table standing at a ``\\f表格`` line as a full
    grid (merged cells repeated), in order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise UserError(
            f"“{path}”的扩展名是 .docx，但它不是 Word 文档（不是有效的 docx 压缩包）。"
            "如果是旧版 .doc 或 WPS 格式，请在 Word/WPS 中另存为 .docx 后重试。"
        ) from None
    if "word/document.xml" not in names:
        raise UserError(f"“{path}”不是 Word 文档：压缩包中没有 word/document.xml。请确认文件类型。")
    import docx  # python-docx; imported here to keep start-up light
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken packages
        raise UserError(f"无法打开 Word 文档“{path}”：{exc}。请在 Word/WPS 中打开并另存后重试。") from None
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    grids: list[list[list[str]]] = []
    numbering = _ListNumbers(document)
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text
            label = numbering.label(paragraph)
            if label and text.strip():
                text = label + text.lstrip()
            lines.extend(text.split("\n"))
        elif tag == "tbl":
            table = Table(child, document)
            rows = []
            for row in table.rows:
                cells, last = [], None
                for cell in row.cells:  # merged cells repeat: keep each once per row
                    if cell._tc is last:
                        continue
                    last = cell._tc
                    cells.append(cell.text.strip())
                rows.append(cells)
            tables.append(rows)
            if all(len(r) == 1 for r in rows):
                # A framed box (专栏 in a one-cell table): its text belongs to the document flow.
                for row in rows:
                    lines.extend(row[0].split("\n"))
            elif rows and len(rows[0]) == 1 and COLUMN_PATTERN.match(normalize_line(rows[0][0])):
                # A 专栏 printed as a table under a merged title row: the box with its rows, cells set apart by |.
                lines.extend(rows[0][0].split("\n"))
                lines.extend(" | ".join(re.sub(r"\s*\n\s*", "", c) for c in row) for row in rows[1:])
            else:
                # Other tables stay out of the text (an indicator table is parsed from ``tables``).
                lines.append("\f表格")
                grids.append([[cell.text for cell in row.cells] for row in table.rows])
    return lines, tables, grids


TEXT_SUFFIXES = (".txt", ".text", "")
WORD_BINARY_SUFFIXES = (".doc", ".wps", ".rtf", ".wpt", ".dot")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".et")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
FORMATS = "PDF、Word（.docx/.doc）、WPS（.wps）、网页（.html）、文本（.txt）或任务分工表（.xlsx/.xls/.ods）"


def _sniff(data: bytes) -> str | None:
    """The format the bytes are, whatever the name says: pdf, zip (docx/xlsx), ole (doc/xls/wps), html."""
    head = data[:1024].removeprefix(b"\xef\xbb\xbf").lstrip()
    if data[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    if data[:5] == b"{\\rtf":
        return "rtf"
    if re.match(rb"(?i)(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", head, re.S):
        return "html"
    return None


def _encrypted(data: bytes) -> bool:
    """An Office file with an open password (an encrypted .docx/.xlsx is an OLE file; .doc/.xls flag it inside)."""
    import msoffcrypto

    try:
        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # noqa: BLE001 - msoffcrypto raises assorted types for files it does not know
        return "EncryptedPackage".encode("utf-16-le") in data


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        return "ods"
    return None


def read_source(path: Path, *, task_columns: Path | None = None) -> SourceDocument:
    """Read ``path``; raises :class:`UserError` with a Chinese message for anything unusable.

    ``task_columns`` is a workspace's own ``task_table_columns.yaml`` (extends the built-in one).
    """
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到方案文档“{path}”。请检查路径是否正确。")
    if path.is_dir():
        raise UserError(f"“{path}”是文件夹，请指定方案文档文件（{FORMATS}）。")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"方案文档“{path}”是空文件。")
    if size > MAX_SOURCE_BYTES:
        raise UserError(f"方案文档“{path}”过大（{size // 1024 // 1024} MB），不像是一份实施方案。")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    sniffed = _sniff(data)
    if sniffed == "zip":
        sniffed = _zip_kind(data) or ("docx" if suffix == ".docx" else None)
    elif sniffed == "ole" and _encrypted(data):
        raise UserError(
            f"“{path}”已加密（打开需要密码），无法读取。请在 Word/WPS/Excel 中输入密码打开，"
            "在“文件 → 信息 → 保护文档”中取消密码后另存，再导入。"
        )
    elif sniffed == "ole" and suffix in SPREADSHEET_SUFFIXES:
        sniffed = "xls"
    elif sniffed in ("ole", "rtf"):
        sniffed = "doc"
    if sniffed is None and suffix == ".docx":
        sniffed = "docx"  # _docx_lines explains what is wrong with it
    if sniffed is None and suffix in SPREADSHEET_SUFFIXES:
        raise UserError(f"“{path}”的扩展名是 {suffix}，但它不是 Excel/WPS 表格文件。请确认文件类型。")
    if sniffed is None and suffix in (".pdf",):
        raise UserError(f"“{path}”的扩展名是 .pdf，但它不是 PDF 文件（可能下载不完整）。请重新下载后重试。")
    if sniffed is None and suffix in HTML_SUFFIXES:
        sniffed = "html"
    vocabulary = None

    def columns():
        nonlocal vocabulary
        if vocabulary is None:
            from .tasktable import default_vocabulary

            vocabulary = default_vocabulary(task_columns)
        return vocabulary

    tables: list[list[list[str]]] = []
    deadlines: dict[int, int] = {}
    if sniffed == "pdf":
        from .pdf import pdf_lines

        lines, form = pdf_lines(path, data), "pdf"
    elif sniffed in ("docx", "doc"):
        form = sniffed
        if sniffed == "doc":
            from .convert import to_docx

            data_docx = to_docx(path, data)
        else:
            data_docx = data
        lines, tables, grids = _docx_lines(path, data_docx)
        table_route = _docx_task_table(path, lines, grids, columns())
        if table_route is not None:
            lines, deadlines = table_route
            form = "task table"
    elif sniffed in ("xlsx", "xls", "ods"):
        from .tasktable import plan_title, spreadsheet_table, table_lines

        table = spreadsheet_table(path, data, columns())
        title = plan_title(table.above, path.stem)
        # The title goes last, so that an issuer or date row above the table is front matter.
        intro = [line for line in table.above if normalize_line(line) != title]
        lines, deadlines = table_lines(table, intro, title)
        form = "task table"
    elif sniffed == "html":
        from .webpage import html_lines

        lines, tables, grids = html_lines(path, data)
        form = "html"
        table_route = _docx_task_table(path, lines, grids, columns())
        if table_route is not None:
            lines, deadlines = table_route
            form = "task table"
    elif sniffed is None and suffix in TEXT_SUFFIXES + (".md", ".csv"):
        text, encoding = _decode_text(path, data)
        if "\x00" in text:
            raise UserError(f"“{path}”含有二进制内容，不是文本文件。")
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        form = "text"
    else:
        raise UserError(f"不支持的文件类型“{path.suffix or path.name}”：请提供{FORMATS}。")
    if form != "text":
        encoding = form
    if not any(line.strip() for line in lines) and not tables:
        raise UserError(f"方案文档“{path}”没有任何文字内容。")
    return SourceDocument(path=path, data=data, encoding=encoding, lines=lines, tables=tables, deadlines=deadlines, form=form)


def _docx_task_table(path, lines, grids, vocabulary) -> tuple[list[str], dict[int, int]] | None:
    """A Word file (or web page) whose 分工 is a table: its text up to the table part, then the table as tasks.

    ``grids[k]`` is the table standing at the k-th ``\\f表格`` line of ``lines``.

    Taken when a table is a task table and the paragraphs hold fewer responsibility clauses
    than half its rows (the table, not the text, says who does what).
    """
    from .clauses import UnbalancedClause, find_clauses
    from .tasktable import find_task_table, plan_title, table_lines
    from .text import match_heading

    found, found_index = None, -1
    for index, grid in enumerate(grids):
        table = find_task_table(grid, f"第 {index + 1} 个表格", vocabulary)
        if table is not None and (found is None or len(table.rows) > len(found.rows)):
            found, found_index = table, index
    if found is None:
        return None
    flow = [line for line in lines if line != "\f表格"]
    try:
        clauses = len(find_clauses("\n".join(normalize_line(line) for line in flow)))
    except UnbalancedClause:
        clauses = 0
    if clauses >= len(found.rows) / 2:
        return None
    markers = [i for i, line in enumerate(lines) if line == "\f表格"]
    at = markers[found_index] if found_index < len(markers) else len(lines)
    before_table = [normalize_line(l) for l in lines[max(0, at - 3) : at] if normalize_line(l) and l != "\f表格"]
    # The text before any 附件 line keeps the document's own title, 文号 and goals.
    intro: list[str] = []
    part = 0
    for line in lines[:at]:
        text = normalize_line(line)
        if line == "\f表格" or (re.match(r"^(附件|附表)\s*\d*\s*[：:]?", text) and intro):
            break
        heading = match_heading(text)
        if heading is not None and heading.level == 1:
            part = max(part, heading.number)
        intro.append(line)
    title = plan_title(found.above + before_table[::-1], "")
    if not title:
        title = next((normalize_line(l) for l in intro if normalize_line(l)), path.stem)
    table_text, deadlines = table_lines(found, intro, title, part + 1)
    # A note under the table (注：各市（州）人民政府负责本地区各项任务的组织落实，表中不再一一列出) holds for every row.
    notes = [normalize_line(l) for l in lines[at + 1 :] if re.match(r"^[（(]?(?:注|备注|说明)\d?[：:]", normalize_line(l))]
    return table_text + notes, deadlines


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


class _ListNumbers:
    """The numbers Word draws in front of automatically numbered paragraphs (not in their text).

    Plans typed in Word often number tasks with a list style; the importer needs
    those numbers as text (``1.``, ``（一）``), counted the way Word counts them.
    """

    def __init__(self, document):
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        self.styles = document.styles
        try:
            numbering = document.part.numbering_part.element
        except (NotImplementedError, AttributeError, KeyError):
            return
        abstract = {}
        for node in numbering.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[ilvl] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "%1.",
                    int(start.get(f"{_W}val")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in numbering.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                for ilvl, spec in abstract.get(ref.get(f"{_W}val"), {}).items():
                    self.formats[(num.get(f"{_W}numId"), ilvl)] = spec

    def _num_pr(self, paragraph):
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
            ilvl = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else 0
            return str(ppr.numPr.numId.val), ilvl
        style = paragraph.style
        while style is not None:
            spp = style.element.pPr
            if spp is not None and spp.numPr is not None and spp.numPr.numId is not None:
                ilvl = spp.numPr.ilvl.val if spp.numPr.ilvl is not None else 0
                return str(spp.numPr.numId.val), ilvl
            style = style.base_style
        return None

    def label(self, paragraph) -> str:
        found = self._num_pr(paragraph)
        if found is None or found not in self.formats:
            return ""
        num_id, ilvl = found
        fmt, text, start = self.formats[found]
        count = self.counters.get(found, start - 1) + 1
        self.counters[found] = count
        for (other, level) in list(self.counters):
            if other == num_id and level > ilvl:
                del self.counters[(other, level)]  # a deeper level restarts under a new parent
        if fmt == "bullet" or fmt == "none":
            return ""
        shown = _chinese(count) if fmt.startswith(("chinese", "ideograph", "japaneseCounting")) else str(count)
        return text.replace(f"%{ilvl + 1}", shown).replace("(", "（").replace(")", "）")
