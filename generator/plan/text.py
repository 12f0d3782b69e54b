"""Repairing text that came out of PDFs and web pages, and recognising heading lines.

Plans reach offices as text pulled from PDFs: sentences broken across lines,
blank lines and stray leading spaces at page breaks, unit names split across
lines, a table of contents, web-page header noise. This module turns raw lines
into logical paragraphs; it knows nothing about tasks or units.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])\s+|\s+(?=[{_CJK}{_CJK_PUNCT}])")
_MULTISPACE = re.compile(r"\s{2,}")
_TOC_ENTRY = re.compile(r"^\s*\S.{0,60}?(?:\t+|\s{2,}|[.…·．]{3,}|\s)\s*\d{1,3}\s*$")
# Kind: page furniture. A page number line (— 3 —, - 3 -, ·3·, 第3页 共20页, 3/20); a running header or
# footer: a short line repeated on several pages, dropped where it stands beside a page number or
# breaks a sentence (市生态环 / 石漾县人民政府 / 境局) — never the signature or letterhead it repeats.
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|[·•]\s*\d{1,3}\s*[·•]|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
_RUNNING_MAX = 30
_ISSUER_LINE = re.compile(r"(?:人民政府|办公室|委员会|办公厅|文件)$")
TERMINAL = "。！？；：…”）］〕】"

# Heading kinds, each (level, pattern, label). Levels: 1 part, 2 area, 3 task, 4 sub-item.
# 第X章/第X节/第X条 documents read as parts, areas and tasks (条 numbers run through the chapters).
_CN = "[一二三四五六七八九十百零〇]{1,4}"
HEADING_KINDS = [
    (1, re.compile(rf"^第({_CN})章\s*(.*)$"), "第{}章"),
    (2, re.compile(rf"^第({_CN})节\s*(.*)$"), "第{}节"),
    (3, re.compile(rf"^第({_CN}|\d{{1,3}})条\s*(.*)$"), "第{}条"),
    (1, re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.*)$"), "{}"),
    (2, re.compile(r"^（([一二三四五六七八九十]{1,3})）\s*(.*)$"), "（{}）"),
    (3, re.compile(r"^(\d{1,2})\s*[.．、](?![\d.．])\s*(.*)$"), "{}"),
    (4, re.compile(r"^（(\d{1,2})）\s*(.*)$"), "（{}）"),
    (4, re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(.*)$"), "{}"),
    (4, re.compile(r"^(\d{1,2})）\s*(.*)$"), "{}）"),
]
HEADING_PATTERNS = {level: pattern for level, pattern, label in HEADING_KINDS[3:]}
COLUMN_PATTERN = re.compile(r"^专栏\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*[：:、.．]?\s*(.*)$")


def cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23, 一百零五 → 105, ③ → 3."""
    if len(text) == 1 and "①" <= text <= "⑳":
        return ord(text) - ord("①") + 1
    if text.isdigit() and text.isascii():
        return int(text)
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        return CN_DIGITS.get(hundreds, 1) * 100 + (cn_number(rest.lstrip("零〇")) if rest else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return CN_DIGITS.get(text, 0)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def normalize_line(raw: str) -> str:
    """One line in canonical form: full-width brackets, no spaces next to Chinese, half-width digits."""
    line = raw.replace("\u3000", " ").replace("\xa0", " ").replace("\t", " ").replace("\ufeff", "")
    # Full-width digits and Latin letters → half-width (NFKC on those only, keeps Chinese punctuation).
    line = "".join(
        unicodedata.normalize("NFKC", c) if ("\uff10" <= c <= "\uff19" or "\uff21" <= c <= "\uff5a") else c for c in line
    )
    line = line.replace("(", "（").replace(")", "）").replace("％", "%").replace("‰", "‰")
    line = re.sub(rf"(?<=[{_CJK}）])\s*:\s*", "：", line)
    line = re.sub(rf"(?<=[{_CJK}）\d%])\s*,\s*(?=[{_CJK}（])", "，", line)
    line = re.sub(rf"(?<=[{_CJK}）])\s*,\s*", "，", line)
    line = re.sub(rf"(?<=[{_CJK}）])\s*;\s*", "；", line)
    line = _SPACE_NEAR_CJK.sub("", line.strip())
    return _MULTISPACE.sub(" ", line)


@dataclass
class Heading:
    level: int  # 1 一、 · 2 （一） · 3 1. · 4 （1） · 0 专栏
    number: int
    label: str  # as it reads in a path: 二, （一）, 1, （1）, 专栏1
    rest: str  # the text after the number


def match_heading(line: str) -> Heading | None:
    column = COLUMN_PATTERN.match(line)
    if column:
        number = cn_number(column.group(1))
        return Heading(0, number, f"专栏{number}", column.group(2).strip())
    for level, pattern, label in HEADING_KINDS:
        m = pattern.match(line)
        if m:
            return Heading(level, cn_number(m.group(1)), label.format(m.group(1)), m.group(2).strip())
    return None


def is_standalone_title(line: str) -> bool:
    """A heading line that is a title on its own (no sentence in it), e.g. ``1.推动化工产业绿色升级``."""
    heading = match_heading(line)
    if heading is None:
        return False
    rest = heading.rest
    return bool(rest) and "。" not in rest and len(rest) <= 40 and not rest.endswith(("，", "、"))


@dataclass
class Line:
    text: str
    number: int  # 1-based line number in the source


def drop_table_of_contents(raw: list[str]) -> tuple[list[int], list[int]]:
    """Indices of raw lines that form a table of contents (目录 and its entries), and of kept lines."""
    is_entry = [bool(_TOC_ENTRY.match(r)) and bool(re.search(rf"[{_CJK}]", r)) for r in raw]
    dropped: set[int] = set()
    i = 0
    while i < len(raw):
        if not is_entry[i]:
            i += 1
            continue
        run, j = [], i
        while j < len(raw) and (is_entry[j] or not raw[j].strip()):
            if is_entry[j]:
                run.append(j)
            j += 1
        if len(run) >= 3:
            dropped.update(run)
            k = i - 1
            while k >= 0 and not raw[k].strip():
                k -= 1
            if k >= 0 and re.sub(r"\s", "", raw[k]) in ("目录", "目次"):
                dropped.add(k)
        i = j
    kept = [n for n in range(len(raw)) if n not in dropped]
    return sorted(dropped), kept


def running_headers(raw: list[str]) -> set[int]:
    """Indices of running header/footer lines (see _PAGE_NUMBER's comment)."""
    text = [r.strip().replace("\u3000", "") for r in raw]
    counts = Counter(t for t in text if t)
    page = [bool(_PAGE_NUMBER.match(r)) for r in raw]

    def neighbour(index: int, step: int) -> int | None:
        j = index + step
        while 0 <= j < len(raw) and not text[j]:
            j += 1 if step > 0 else -1
        return j if 0 <= j < len(raw) else None

    beside: Counter = Counter()
    for index, line in enumerate(text):
        if line and not page[index] and any(
                j is not None and page[j] for j in (neighbour(index, -1), neighbour(index, 1))):
            beside[line] += 1
    # Furniture: seen beside page numbers on two pages, or an issuer's name repeated on three.
    known = {t for t in counts if beside[t] >= 2 or (counts[t] >= 3 and _ISSUER_LINE.search(t))}
    found: set[int] = set()
    for index, line in enumerate(text):
        if line not in known:
            continue
        if not line or counts[line] < 3 or len(line) > _RUNNING_MAX or page[index] or line[-1] in TERMINAL:
            continue
        if match_heading(line) or re.search(r"[：:，。；]", line):
            continue
        before, after = neighbour(index, -1), neighbour(index, 1)
        beside_page = any(j is not None and page[j] for j in (before, after))
        mid_sentence = (
            before is not None and after is not None and text[before][-1] not in TERMINAL
            and not match_heading(text[after]) and counts[text[before]] == 1 and len(text[before]) >= 15
        )
        if beside_page or mid_sentence:
            found.add(index)
    return found


def clean_lines(raw: list[str]) -> list[Line]:
    """Normalised non-empty lines with page numbers and tables of contents removed."""
    _, kept = drop_table_of_contents(raw)
    furniture = running_headers(raw)
    lines: list[Line] = []
    for index in kept:
        if _PAGE_NUMBER.match(raw[index]) or index in furniture:
            continue
        text = normalize_line(raw[index])
        if not text:
            continue
        # A superscript broken onto its own line by PDF extraction: 2600m / 2 → 2600m²
        if text in ("2", "3") and lines and lines[-1].text.endswith("m"):
            lines[-1].text += "²" if text == "2" else "³"
            continue
        lines.append(Line(text, index + 1))
    return lines


def wrap_width(lines: list[Line]) -> int | None:
    """The width PDF extraction wrapped lines at, or None when lines are whole paragraphs."""
    widths = [display_width(line.text) for line in lines]
    wide = [w for w in widths if w >= 40]
    if not wide:
        return None
    mode, _ = Counter(wide).most_common(1)[0]
    near = sum(1 for w in widths if abs(w - mode) <= 2)
    return mode if near >= 5 and near >= 0.25 * len(widths) else None


@dataclass
class Paragraph:
    text: str
    line: int  # source line number where it starts
    heading: Heading | None = None


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Join wrapped and page-broken lines into logical paragraphs.

    A line starts a new paragraph when it is a heading, or when the line before
    it closes a sentence and is not a full-width wrapped line, or when the line
    before it is a title on its own.
    """
    width = wrap_width(lines)

    def full(text: str) -> bool:
        return width is not None and display_width(text) >= width - 3

    out: list[Paragraph] = []
    last_line = ""
    for line in lines:
        text = line.text
        new = (
            not out
            or match_heading(text) is not None
            or (last_line.endswith(tuple(TERMINAL)) and not full(last_line))
            or (is_standalone_title(last_line) and not full(last_line))
        )
        if new:
            out.append(Paragraph(text, line.number))
        else:
            out[-1].text += text
        last_line = text
    for paragraph in out:
        paragraph.heading = match_heading(paragraph.text)
    return out
