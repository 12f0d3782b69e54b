"""Reading a plan document (.txt in UTF-8 or GB18030, or .docx) into plain lines.

Everything the importer sees goes through here, so every way a file can be
wrong (missing, empty, mis-encoded, a .docx that is really something else)
becomes one Chinese message before any parsing starts.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from ..fileio import sha256_bytes

MAX_SOURCE_BYTES = 50 * 1024 * 1024


@dataclass
class SourceDocument:
    path: Path
    data: bytes
    encoding: str
    lines: list[str]
    # Tables of a .docx, as rows of cell texts (indicator tables come from here).
    tables: list[list[list[str]]] = field(default_factory=list)

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


def _docx_lines(path: Path, data: bytes) -> tuple[list[str], list[list[list[str]]]]:
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
            else:
                # Other tables stay out of the text (an indicator table is parsed from ``tables``).
                lines.append("\f表格")
    return lines, tables


def read_source(path: Path) -> SourceDocument:
    """Read ``path``; raises :class:`UserError` with a Chinese message for anything unusable."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到方案文档“{path}”。请检查路径是否正确。")
    if path.is_dir():
        raise UserError(f"“{path}”是文件夹，请指定方案文档文件（.txt 或 .docx）。")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"方案文档“{path}”是空文件。")
    if size > MAX_SOURCE_BYTES:
        raise UserError(f"方案文档“{path}”过大（{size // 1024 // 1024} MB），不像是一份实施方案。")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    tables: list[list[list[str]]] = []
    if suffix == ".docx":
        lines, tables = _docx_lines(path, data)
        encoding = "docx"
    elif suffix in (".txt", ".text", ""):
        if data[:4] == b"PK\x03\x04":
            raise UserError(f"“{path}”看起来是 Word/Excel 文件而不是文本，请把扩展名改为 .docx 或另存为 .txt。")
        text, encoding = _decode_text(path, data)
        if "\x00" in text:
            raise UserError(f"“{path}”含有二进制内容，不是文本文件。")
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    elif suffix == ".doc":
        raise UserError(f"暂不支持旧版 Word 文档“{path}”（.doc）。请在 Word/WPS 中另存为 .docx 后重试。")
    elif suffix == ".pdf":
        raise UserError(f"暂不支持直接导入 PDF“{path}”。请先复制文字另存为 .txt（UTF-8），或另存为 .docx。")
    else:
        raise UserError(f"不支持的文件类型“{path.suffix}”：请提供 .txt（UTF-8 或 GB18030）或 .docx 方案文档。")
    if not any(line.strip() for line in lines) and not tables:
        raise UserError(f"方案文档“{path}”没有任何文字内容。")
    return SourceDocument(path=path, data=data, encoding=encoding, lines=lines, tables=tables)


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
