"""A PDF's text layer → the lines of the plan, as the author typed them.

Offices download their plan as the PDF the government website publishes. Its text
layer holds every printed line separately, with the page furniture in between: a
running header (the issuer's name at the top of every page), a page number
(``— 3 —``, ``- 3 -``, ``第3页 共20页``). This stage

1. reads each page's text lines with their positions (pypdfium2, chosen by measuring
   against pdfminer.six: ``tests/bench/bench_pdf.py``, figures in ``docs/pdf-text.md``: same
   tasks from both, pypdfium2 12–30× faster and keeps a table's cells in row order);
2. drops page furniture by *where it stands and how it repeats*, not by what it says:
   a line at the top or bottom edge of a page, set apart from the body, that repeats
   (digits aside) at the same height on several pages, or a lone page-number shape
   (a few digits with at most a few other characters) at a page edge;
3. joins lines that were broken only because they reached the right margin (also across
   a page break), so the text-repair stage (:mod:`.text`) sees one line per paragraph.

Raises :class:`UserError` for a PDF that is damaged, encrypted (password to open), or
has no text layer (a scan).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from .text import TERMINAL, match_heading

SCAN_MESSAGE = "扫描件，没有文字层：请找可复制文字的版本或先做文字识别"


@dataclass
class PdfLine:
    """One printed line: its page, its box in PDF points (y grows upwards) and its text."""

    page: int
    x0: float
    x1: float
    bottom: float
    top: float
    size: float  # font size in points (height of a full-width character)
    text: str


@dataclass
class PdfPage:
    number: int  # 1-based
    width: float
    height: float
    lines: list[PdfLine]


# ----------------------------------------------------------------------------- reading


def _open(path: Path, data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UserError(
                f"PDF“{path}”已加密（打开需要密码），无法读取文字。"
                "请向发文单位索取未加密的版本，或用知道密码的软件打开后另存为不加密的 PDF 或 .docx 再导入。"
            ) from None
        raise UserError(f"无法打开 PDF“{path}”：文件已损坏或不是 PDF（{exc}）。请重新下载或另存后重试。") from None


def read_pages(path: Path, data: bytes) -> list[PdfPage]:
    """Each page's text lines in reading order, with positions.

    pdfium reports the text of a page in content order with a generated line break
    (``\\r\\n``) wherever the baseline changes; each such run is a printed line. Pieces of
    one run set far apart (table cells on one baseline, a contents entry and its page number)
    are separated by a tab. Boxes are pdfium's loose character boxes (the whole character
    cell, as the layout sees it).
    """
    import pypdfium2.raw as raw

    document = _open(path, data)
    pages: list[PdfPage] = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count) if count else ""
            lines: list[PdfLine] = []
            start = 0
            # get_text_range gives one character per index, generated line breaks included.
            for i in range(len(text) + 1):
                if i < len(text) and text[i] not in "\r\n":
                    continue
                chars = [k for k in range(start, i) if not text[k].isspace()]
                pieces: list[list[tuple[int, tuple, float]]] = []
                placed = []
                for k in chars:
                    box = textpage.get_charbox(k, loose=True)
                    size = raw.FPDFText_GetFontSize(textpage.raw, k) or (box[3] - box[1]) or 10.0
                    placed.append((k, box, size))
                # Left to right: a PDF writer may draw a line's quotes and dashes (another font) after the rest.
                placed.sort(key=lambda item: item[1][0])
                for k, box, size in placed:
                    if pieces and box[0] - pieces[-1][-1][1][2] > size:
                        pieces.append([])
                    elif not pieces:
                        pieces.append([])
                    pieces[-1].append((k, box, size))
                if pieces:
                    # Pieces far apart on one baseline (a table row, a contents entry and its page number)
                    # stay on one line, separated by a tab as a copy from a PDF viewer gives them.
                    text_out = "\t".join("".join(_with_spaces(text, p)) for p in pieces)
                    boxes = [b for p in pieces for _, b, _ in p]
                    lines.append(
                        PdfLine(
                            page=index + 1,
                            x0=boxes[0][0],
                            x1=boxes[-1][2],
                            bottom=min(b[1] for b in boxes),
                            top=max(b[3] for b in boxes),
                            size=statistics.median(s for p in pieces for _, _, s in p),
                            text=text_out,
                        )
                    )
                start = i + 1
            pages.append(PdfPage(index + 1, page.get_width(), page.get_height(), lines))
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages


def _with_spaces(text: str, piece: list) -> list[str]:
    """The characters of a piece in their left-to-right order, with a space where the PDF had one between them."""
    out = []
    for index, (k, _, _) in enumerate(piece):
        if index and k == piece[index - 1][0] + 2 and text[k - 1] == " ":
            out.append(" ")
        out.append(text[k])
    return out


def check_text_layer(path: Path, pages: list[PdfPage]) -> None:
    """A scan (no text beyond page furniture), pages without text, or an unreadable text layer → :class:`UserError`."""
    text = "".join(line.text for page in pages for line in page.lines)
    meaningful = [c for c in text if not c.isspace()]
    if len(meaningful) < 10 * max(1, len(pages)):
        raise UserError(f"PDF“{path}”是{SCAN_MESSAGE}。识别后另存为 .docx 或 .txt（UTF-8）再导入。")
    empty = [page.number for page in pages if sum(len(line.text.strip()) for line in page.lines) < 10]
    if len(empty) >= 2 and len(empty) >= len(pages) / 2:
        shown = "、".join(map(str, empty[:10])) + ("……" if len(empty) > 10 else "")
        raise UserError(
            f"PDF“{path}”共 {len(pages)} 页，其中第 {shown} 页是扫描图像，没有文字层，导入会漏掉这些页的任务。"
            "请找可复制文字的版本，或先做文字识别后另存为 .docx 再导入。"
        )
    garbled = sum(1 for c in meaningful if "\ue000" <= c <= "\uf8ff" or c == "\ufffd" or ord(c) < 32)
    cjk = sum(1 for c in meaningful if "\u3400" <= c <= "\u9fff")
    if garbled > 0.2 * len(meaningful) or cjk < 0.1 * len(meaningful):
        raise UserError(
            f"PDF“{path}”的文字层无法还原为汉字（字体没有文字编码，复制出来是乱码），只能当作{SCAN_MESSAGE}。"
            "识别后另存为 .docx 或 .txt（UTF-8）再导入。"
        )


# ----------------------------------------------------------------------------- furniture


def _key(text: str) -> str:
    """A line with its digits and spaces taken out: ``— 3 —`` and ``— 14 —`` are the same furniture."""
    return re.sub(r"\s+", "", re.sub(r"\d+", "#", text))


def _is_page_number_shape(text: str) -> bool:
    """A few digits with at most four other letters around them (— 3 —, - 3 -, 3/20, 第3页 共20页)."""
    squeezed = re.sub(r"\s+", "", text)
    if not re.search(r"\d", squeezed) or len(squeezed) > 14:
        return False
    letters = re.sub(r"[\d\W_]", "", squeezed)
    return len(letters) <= 4


def _edge_lines(page: PdfPage, pitch: float) -> set[int]:
    """Indices of lines standing apart at the top or the bottom of ``page`` (at most two each side)."""
    order = sorted(range(len(page.lines)), key=lambda i: -page.lines[i].top)
    edge: set[int] = set()
    for ordered in (order, order[::-1]):
        for rank in range(min(2, len(ordered))):
            edge.add(ordered[rank])
            if len(ordered) > rank + 1:
                a, b = page.lines[ordered[rank]], page.lines[ordered[rank + 1]]
                if abs(a.top - b.top) > 1.8 * pitch:
                    break  # the next one is body text
    return edge


def remove_furniture(pages: list[PdfPage]) -> list[PdfPage]:
    """The pages without running headers/footers and page numbers (see the module docstring)."""
    all_lines = [line for page in pages for line in page.lines]
    if not all_lines:
        return pages
    pitch = _line_pitch(pages)
    edges = {page.number: _edge_lines(page, pitch) for page in pages}
    # How many pages carry the same edge line at the same height (rounded to 6 pt).
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    for page in pages:
        for i in edges[page.number]:
            line = page.lines[i]
            for band in (round(line.top / 6), round(line.top / 6) + 1):
                seen[(_key(line.text), band)].add(page.number)
    need = max(2, round(0.3 * len(pages)))
    out: list[PdfPage] = []
    for page in pages:
        kept = []
        for i, line in enumerate(page.lines):
            if i in edges[page.number]:
                key, band = _key(line.text), round(line.top / 6)
                repeated = max(len(seen[(key, band)]), len(seen[(key, band + 1)])) >= need
                if repeated and len(pages) >= 2:
                    continue
                if _is_page_number_shape(line.text) and _apart(page, line, pitch):
                    continue
            kept.append(line)
        out.append(PdfPage(page.number, page.width, page.height, kept))
    return out


def _apart(page: PdfPage, line: PdfLine, pitch: float) -> bool:
    """``line`` is the top- or bottom-most line of its page and set apart from the rest."""
    others = [o for o in page.lines if o is not line]
    if not others:
        return True
    above = [o.top for o in others if o.top > line.top]
    below = [o.top for o in others if o.top < line.top]
    if not below:  # bottom-most
        return min(above) - line.top > 1.5 * pitch
    if not above:  # top-most
        return line.top - max(below) > 1.5 * pitch
    return False


def _line_pitch(pages: list[PdfPage]) -> float:
    """The usual distance between consecutive body lines (points)."""
    gaps = []
    for page in pages:
        tops = sorted({round(line.top, 1) for line in page.lines}, reverse=True)
        gaps += [round(a - b) for a, b in zip(tops, tops[1:]) if a - b > 2]
    if not gaps:
        sizes = [line.size for page in pages for line in page.lines]
        return 1.5 * (statistics.median(sizes) if sizes else 12)
    return float(Counter(gaps).most_common(1)[0][0])


# ----------------------------------------------------------------------------- joining


def _text_block(pages: list[PdfPage]) -> tuple[float, float | None]:
    """Left margin and the right edge lines wrap at: the most common line start and end (2 pt bins).

    The right edge counts only when the text block is about as wide as the page allows
    (margins roughly symmetric, as GB/T 9704 and every office template set them). A PDF
    printed from a text file with short lines has none: no line there was wrapped by the
    page, so none is joined.
    """
    lines = [line for page in pages for line in page.lines]
    left = Counter(round(line.x0 / 2) for line in lines).most_common(1)[0][0] * 2
    width = max(page.width for page in pages)
    size = statistics.median(line.size for line in lines)
    ends = Counter(round(line.x1 / 2) for line in lines if line.x1 - line.x0 > 0.5 * (width - 2 * left))
    if not ends:
        return left, None
    right = ends.most_common(1)[0][0] * 2
    if right < width - left - 4 * size:
        return left, None
    return left, right


def join_wrapped(pages: list[PdfPage]) -> list[str]:
    """Reading-order text lines, with lines that were only wrapped at the right margin joined.

    A line continues into the next when it reaches the right margin, the next line does not
    start indented, and the next line is not a heading after a closed sentence; across a page
    break the same rule joins the last line of one page and the first of the next. “Reaches
    the margin” allows 2.5 character widths (a line-breaking rule may push a character or two
    down: no line starts with ，or ”); in a document whose paragraphs start indented (as
    official documents do) it allows 5 for a line that does not close a sentence, since a
    Latin word or a quoted phrase moved down as a whole leaves more room, and the indent
    marks every new paragraph anyway.
    """
    lines = [line for page in pages for line in page.lines]
    if not lines:
        return []
    left, right = _text_block(pages)
    indented = _indent_style(lines, left, right)
    out: list[str] = []
    previous: PdfLine | None = None
    for line in lines:
        if previous is not None and _continues(previous, line, left, right, indented):
            out[-1] = _glue(out[-1], line.text)
        else:
            out.append(line.text)
        previous = line
    return out


def _indent_style(lines: list[PdfLine], left: float, right: float | None) -> bool:
    """Whether paragraphs start indented: most lines after a sentence-closing short line are indented."""
    if right is None:
        return False
    after_end = [
        b for a, b in zip(lines, lines[1:])
        if a.text.endswith("。") and a.x1 < right - 6 * a.size and "\t" not in b.text and b.x0 < left + 4 * b.size
    ]
    if len(after_end) < 3:
        return False
    return sum(1 for b in after_end if b.x0 > left + 0.8 * b.size) >= 0.7 * len(after_end)


def _continues(previous: PdfLine, line: PdfLine, left: float, right: float | None, indented: bool = False) -> bool:
    size = max(previous.size, 1.0)
    if right is None:
        return False  # no line here was wrapped by the page
    room = 5.0 if indented and not previous.text.endswith(tuple(TERMINAL)) else 2.5
    if previous.x1 < right - room * size:
        return False  # the line ended short of the margin: the paragraph ended
    if previous.x0 > left + 2.5 * size:
        return False  # not a full line (a table cell at the right, a centred line)
    if "\t" in previous.text or "\t" in line.text:
        return False  # a table row
    if line.x0 > left + 0.8 * line.size:
        return False  # the next line is indented: a new paragraph
    if previous.page == line.page and previous.bottom - line.top > 2.2 * size:
        return False  # a blank line's worth of space between them
    if previous.text.endswith(tuple(TERMINAL)) and match_heading(line.text) is not None:
        return False
    return True


def _glue(head: str, tail: str) -> str:
    if head and tail and head[-1].isascii() and head[-1].isalpha() and tail[0].isascii() and tail[0].isalpha():
        return f"{head} {tail}"  # a Latin word wrapped at a space
    return head + tail


def pdf_lines(path: Path, data: bytes) -> list[str]:
    """The plan's text lines from a PDF (see the module docstring); raises :class:`UserError`."""
    pages = remove_furniture(read_pages(path, data))
    check_text_layer(path, pages)  # after the furniture: a scan's page numbers are no text layer
    return join_wrapped(pages)
