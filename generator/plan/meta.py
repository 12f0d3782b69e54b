"""Where the plan starts and ends, and what the document says about itself.

A plan arrives wrapped: a 印发通知 (with 文号, issuer and date), sometimes a web
page's header block, sometimes a table of contents; after it may come 附件 and
the 版记 (抄送, 印发). The body is the stretch from the plan's own title line to
the first of those trailers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pypinyin import lazy_pinyin

from .text import Line, cn_number, match_heading

_TITLE = re.compile(r"^(?!关于)[^《》]{2,40}?(?:实施方案|行动方案|工作方案|方案|实施意见|行动计划)(?:（[^（）]*）)?$")
_CN_DATE = re.compile(r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
_CN_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,8}[〔\[［【（(]\s*(\d{4})\s*[〕\]］】）)]\s*(\d{1,4})\s*号)")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_PRINTED = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*印发")
_MONTH = re.compile(r"^(\d{4})年(\d{1,2})月$")
_ISSUER = re.compile(r"^([\u4e00-\u9fff（）]{2,30}?(?:人民政府办公室|人民政府|委员会|办公室|领导小组|局|委))(?:文件)?$")
_TRAILER = re.compile(r"^(?:附件\s*\d*\s*[：:]?.{0,40}$|抄送[：:]|.{0,20}印发$|.*\d{4}年\d{1,2}月\d{1,2}日\s*印发$)")


@dataclass
class DocumentParts:
    title: str
    front: list[Line]
    body: list[Line]
    appendix: list[Line]
    trailer: list[Line]


def is_plan_title(text: str) -> bool:
    return bool(_TITLE.match(text)) and "碳" in text and not text.endswith(("通知", "函"))


def split_document(lines: list[Line]) -> DocumentParts:
    """Front matter / body / 附件 / 版记, by the title line, the first 一、 and the trailers."""
    first_l1 = next(
        (i for i, line in enumerate(lines) if (h := match_heading(line.text)) is not None and h.level == 1 and h.number == 1),
        None,
    )
    search_end = first_l1 if first_l1 is not None else len(lines)
    titles = [i for i in range(search_end) if is_plan_title(lines[i].text)]
    if titles:
        start = titles[-1]
        title = lines[start].text
        body_from = start + 1
    else:
        start = 0
        title = lines[0].text if lines else ""
        body_from = first_l1 if first_l1 is not None else 0
    body_end = len(lines)
    for i in range(max(body_from, search_end), len(lines)):
        if _TRAILER.match(lines[i].text):
            body_end = i
            break
    after = lines[body_end:]
    appendix_end = next((i for i, line in enumerate(after) if re.match(r"^抄送[：:]", line.text)), len(after))
    appendix = after[:appendix_end] if after and after[0].text.startswith("附件") else []
    trailer = after[len(appendix) :]
    return DocumentParts(
        title=re.sub(r"（[^（）]*稿）$", "", title),
        front=lines[:start],
        body=lines[body_from:body_end],
        appendix=appendix,
        trailer=trailer,
    )


@dataclass
class DocumentFacts:
    issuer: str | None
    doc_number: str | None
    issued: date | None
    schedule_start: date | None


def _safe_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def document_facts(parts: DocumentParts) -> DocumentFacts:
    front = [line.text for line in parts.front]
    doc_number = None
    for text in front:
        m = _DOC_NUMBER.search(text)
        if m:
            doc_number = re.sub(r"\s", "", m.group(1))
            doc_number = re.sub(r"[\[［【（(](\d{4})[\]］】）)]", r"〔\1〕", doc_number)
            break
    issued = None
    issued_index = None
    for i, text in enumerate(front):
        m = _DATE.match(text)
        groups = m.groups() if m else None
        if groups is None and (c := _CN_DATE.match(text)):  # 二〇二三年十一月二十日
            groups = (c.group(1).translate(_CN_YEAR_DIGITS), str(cn_number(c.group(2))), str(cn_number(c.group(3))))
        if groups and (d := _safe_date(*groups)):
            issued, issued_index = d, i
    if issued is None:
        for line in parts.trailer + parts.body[-5:]:
            m = _PRINTED.search(line.text)
            if m:
                issued = _safe_date(*m.groups())
    schedule_start = issued
    if schedule_start is None:
        for text in front:
            m = _MONTH.match(text)
            if m and 1 <= int(m.group(2)) <= 12:
                schedule_start = date(int(m.group(1)), int(m.group(2)), 1)
    issuer = None
    candidates = [(i, _ISSUER.match(t).group(1)) for i, t in enumerate(front) if _ISSUER.match(t)]
    candidates = [(i, c) for i, c in candidates if not c.startswith(("各", "关于")) and "：" not in c]
    if candidates:
        before_date = [c for c in candidates if issued_index is not None and c[0] < issued_index]
        issuer = (before_date[-1] if before_date else candidates[0])[1]
    return DocumentFacts(issuer, doc_number, issued, schedule_start)


def place_name(title: str, issuer: str | None) -> str | None:
    """The city or county the plan is for (张家界, 十堰), from the issuer or the title."""
    for text in (issuer or "", title):
        m = re.match(r"^([\u4e00-\u9fff]{2,8}?)(?:市|县|区|州|旗|盟)", text)
        if m and m.group(1) not in ("国家", "全国", "关于"):
            return m.group(1)
        m = re.search(r"（([\u4e00-\u9fff]{2,8}?)(?:市|县|区)?）", text)
        if m:
            return m.group(1)
    return None


def plan_id_for(title: str, issuer: str | None, fallback: str) -> str:
    """A short ASCII id: the place name in pinyin (zhangjiajie), else the file name."""
    place = place_name(title, issuer)
    if place:
        return "".join(lazy_pinyin(place)).lower()
    ascii_stem = re.sub(r"[^a-z0-9_-]+", "-", fallback.lower()).strip("-")
    return ascii_stem or "plan"
