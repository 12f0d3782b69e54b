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

# What a plan document calls itself: the kind word its title ends with (longest first).
PLAN_KINDS = ("实施方案", "行动方案", "工作方案", "建设方案", "分工方案", "方案", "实施意见", "指导意见", "意见", "行动计划",
              "工作计划", "计划", "工作要点", "要点", "规划", "若干措施", "措施", "实施细则", "细则", "办法", "任务清单",
              "清单", "分工表", "台账")
# A task table's own title names the plan it divides up: 《X实施方案》重点任务分工表.
_TABLE_SUFFIX = re.compile(r"(?<=[案划见点施])》?(?:重点)?(?:工作)?(?:任务)?(?:分工|分解)?(?:表|清单|台账)$")
MAIN_KINDS = ("实施方案", "行动方案")
LIST_KINDS = ("措施", "细则", "办法", "清单", "分工表", "台账")  # lists of measures, not a plan  # the kinds a place's own carbon-peaking plan is issued as
_KIND = re.compile(rf"(?:{'|'.join(PLAN_KINDS)})$")
_TITLE = re.compile(rf"^(?!本|此|各|（)(?!.*印发)[^《》，。；：:、]{{2,44}}?(?:{'|'.join(PLAN_KINDS)})(?:（[^（）]*）)?$")
_LETTERHEAD = re.compile(r"(文件|通知|函|通报|决定|批复|请示|报告|公告|通告)$")
_NOTICE_OF = re.compile(r"关于印发(?:《([^《》]{4,60})》|(.{4,60}?))的(?:通知|函)")
_CN_DATE = re.compile(r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
_CN_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,8}[〔\[［【（(]\s*(\d{4})\s*[〕\]］】）)]\s*(\d{1,4})\s*号)")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_PRINTED = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*印发")
_MONTH = re.compile(r"^(\d{4})年(\d{1,2})月$")
_ISSUER = re.compile(r"^([\u4e00-\u9fff（）]{2,30}?(?:人民政府办公室|人民政府|行政公署办公室|行政公署|委员会|办公室|领导小组|局|委))(?:文件)?$")
_TRAILER = re.compile(r"^(?:附件\s*\d*\s*[：:]?.{0,40}$|抄送[：:]|.{0,20}印发$|.*\d{4}年\d{1,2}月\d{1,2}日\s*印发$)")


@dataclass
class DocumentParts:
    title: str
    front: list[Line]
    body: list[Line]
    appendix: list[Line]
    trailer: list[Line]


def is_plan_title(text: str) -> bool:
    """A line that is a plan's own title: ends with a plan kind (方案, 行动计划, 实施意见, 工作要点, 规划 …),
    optionally followed by （征求意见稿）; never a letterhead (…文件), a notice's title (关于印发…的通知),
    a 文号 or a sentence."""
    return bool(_TITLE.match(text)) and not _LETTERHEAD.search(text) and not _DOC_NUMBER.search(text)


def _title_candidates(lines: list[Line], end: int) -> list[tuple[int, int, str]]:
    """(first line, line after, title) of every title before ``end``; a title broken over two lines is joined."""
    found = []
    i = 0
    while i < end:
        text = lines[i].text
        if i + 1 < end and _title_head(text):
            second = lines[i + 1].text
            joined = text + second
            # A second line that is a whole title of a place on its own (张家界市…方案) is no continuation.
            whole = is_plan_title(second) and place_name(second, None) is not None
            if is_plan_title(joined) and len(second) <= 30 and not whole:
                found.append((i, i + 2, joined))
                i += 2
                continue
        if is_plan_title(text):
            found.append((i, i + 1, text))
        i += 1
    return found


def _best_title(candidates: list[tuple[int, int, str]]) -> tuple[int, int, str]:
    """Of several titles (a notice with attached documents), the plan's: a carbon one before others,
    a plan (方案, 计划, 意见, 要点, 规划) before a list of measures (措施, 清单, 办法), else the last."""
    return max(candidates, key=lambda c: ("碳" in c[2], not c[2].endswith(LIST_KINDS), c[0]))


def _attached_titles(lines: list[Line], after: int) -> list[tuple[int, int, str]]:
    """Titles standing right under a 附件N line after ``after`` (documents attached to a notice)."""
    found = []
    for i in range(after, len(lines) - 1):
        if re.fullmatch(r"附件\s*\d{0,2}", lines[i].text) and is_plan_title(lines[i + 1].text):
            found.append((i + 1, i + 2, lines[i + 1].text))
    return found


def _title_head(text: str) -> bool:
    """A short line that can be the first half of a title broken in two (not a letterhead, 文号, date or signature)."""
    return (
        len(text) <= 30
        and not re.search(r"[，。；：:（）]|\d{4}\s*年|年[〇○零一二三四五六七八九十\d]{1,3}月", text)
        and not _LETTERHEAD.search(text)
        and not _ISSUER.match(text)
        and not is_plan_title(text)
    )


def _fallback_title(lines: list[Line], end: int) -> str:
    """A title when no line is one: the plan a 关于印发《…》的通知 names, else the first line that is
    not a letterhead, a 文号, a date or a web page's index line."""
    for line in lines[:end]:
        m = _NOTICE_OF.search(line.text)
        if m:
            return m.group(1) or m.group(2)
    for line in lines[:end]:
        text = line.text
        if (
            len(text) >= 4
            and not _LETTERHEAD.search(text)
            and not _DOC_NUMBER.search(text)
            and re.search(r"[\u4e00-\u9fff]{4}", text)
            and not re.search(r"\d{4}\s*[年/-]", text)
            and not text.endswith(("：", ":"))
        ):
            return text
    return lines[0].text if lines else ""


def split_document(lines: list[Line]) -> DocumentParts:
    """Front matter / body / 附件 / 版记, by the title line, the first 一、 and the trailers."""
    first_l1 = next(
        (i for i, line in enumerate(lines) if (h := match_heading(line.text)) is not None and h.level == 1 and h.number == 1),
        None,
    )
    search_end = first_l1 if first_l1 is not None else len(lines)
    titles = _title_candidates(lines, search_end)
    if titles:
        # The body starts after the last title before the first 一、 (a carbon one where there is one).
        start, body_from = ([t for t in titles if "碳" in t[2]] or titles)[-1][:2]
        # A notice with several attached documents: the plan's title may stand after the first of them.
        title = _best_title(titles + _attached_titles(lines, search_end))[2]
    else:
        title = _fallback_title(lines, search_end)
        body_from = first_l1 if first_l1 is not None else 0
        start = body_from  # what stands before the body is front matter (issuer, 文号, date)
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
    if doc_number is None:  # a 文号 on its own line right under the title (实施意见 issued without a notice)
        for line in parts.body[:3]:
            m = _DOC_NUMBER.fullmatch(line.text.strip())
            if m:
                doc_number = re.sub(r"[\[［【（(](\d{4})[\]］】）)]", r"〔\1〕", re.sub(r"\s", "", m.group(1)))
                break
    issued = None
    issued_index = None
    for i, text in enumerate(front):
        if d := _date_line(text):
            issued, issued_index = d, i
    if issued is None:
        for line in parts.trailer + parts.body[-5:]:
            m = _PRINTED.search(line.text)
            if m:
                issued = _safe_date(*m.groups())
    signed_by = None
    if issued is None:  # signed at the end: the issuer's name, then the date
        tail = parts.body[-3:] + parts.trailer[:3]
        for above, line in zip(tail, tail[1:]):
            if (d := _date_line(line.text)) and _ISSUER.match(above.text):
                issued, signed_by = d, _ISSUER.match(above.text).group(1)
                break
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
        issuer = _joint_issuers((before_date[-1] if before_date else candidates[0])[1])
    elif (m := re.match(r"^(.{2,30}?)关于", parts.title)) and _ISSUER.match(m.group(1)):
        issuer = _joint_issuers(m.group(1))  # 某区人民政府关于……的实施意见
    elif signed_by:
        issuer = _joint_issuers(signed_by)
    return DocumentFacts(issuer, doc_number, issued, schedule_start)


def _date_line(text: str) -> date | None:
    """A line that is only a date: 2023年10月8日 or 二〇二三年十一月二十日."""
    m = _DATE.match(text)
    groups = m.groups() if m else None
    if groups is None and (c := _CN_DATE.match(text)):
        groups = (c.group(1).translate(_CN_YEAR_DIGITS), str(cn_number(c.group(2))), str(cn_number(c.group(3))))
    return _safe_date(*groups) if groups else None


_ISSUER_END = re.compile(r"人民政府办公室|人民政府|行政公署办公室|行政公署|委员会|办公室|领导小组|局|委")
_PLACE_START = re.compile(r"^[\u4e00-\u9fff]{2,6}?(?:地区|省|市|县|区|州|盟|旗)")


def _joint_issuers(issuer: str) -> str:
    """Two offices issuing together and printed on one line (青禾市人民政府　柳源市人民政府) → joined with 、."""
    for m in _ISSUER_END.finditer(issuer):
        rest = issuer[m.end() :]
        if rest and _PLACE_START.match(rest) and _ISSUER.match(rest) and _PLACE_START.match(issuer):
            return issuer[: m.end()] + "、" + _joint_issuers(rest)
    return issuer


def place_name(title: str, issuer: str | None) -> str | None:
    """The province, city or county the plan is for (张家界, 十堰, 湖南), from the issuer or the title."""
    for text in (issuer or "", re.sub(r"（[^（）]*稿）$", "", title)):
        m = re.match(r"^([\u4e00-\u9fff]{2,8}?)(?:地区|市|县|区|州|旗|盟|省|自治区)", text)
        if m and m.group(1) not in ("国家", "全国", "关于"):
            return m.group(1)
        m = re.search(r"（([\u4e00-\u9fff]{2,8}?)(?:市|县|区)?）", text)
        if m:
            return m.group(1)
    return None


def _ascii(chinese: str) -> str:
    """Pinyin for a short word (工业 → gongye), initials for a longer one (城乡建设 → cxjs); digits kept."""
    words = re.findall(r"\d+|[\u4e00-\u9fff]+", chinese)
    out = []
    for word in words:
        if word.isdigit():
            out.append(word)
        elif len(word) <= 2:
            out.append("".join(lazy_pinyin(word)))
        else:
            out.append("".join(p[0] for p in lazy_pinyin(word) if p))
    return "".join(out).lower()


def plan_topic(title: str, place: str | None) -> str:
    """What sets this plan apart from the place's own carbon-peaking plan, as a short ASCII word ('' for that plan).

    The words between the place and 碳达峰/碳中和 (工业领域 → gongye), the kind of document when it is
    not a 实施方案/行动方案 (工作要点 → gzyd) together with what stands between 碳… and the kind, and any
    year (2024). A title without 碳 gives its own words (节能降碳行动计划 → jnjtxdjh)."""
    core = re.sub(r"（[^（）]*稿）$", "", title)
    kind_match = _KIND.search(core)
    kind = kind_match.group(0) if kind_match else ""
    core = core[: kind_match.start()] if kind_match else core
    if place:
        core = re.sub(rf"（{place}[市县区州盟旗]?）", "", core)
        at = core.find(place)
        if at >= 0:
            core = core[at + len(place) :]
            core = re.sub(r"^(?:市|县|区|州|盟|旗|省|自治州|自治县)", "", core)
            core = re.sub(r"^(?:人民政府|政府)", "", core)
    anchor = re.search(r"碳达峰|碳中和|双碳", core)
    if anchor:
        before = core[: anchor.start()]
        after = re.sub(r"^(?:碳中和|碳达峰|和|与|、)+", "", core[anchor.end() :])
        words = before + ("" if kind in MAIN_KINDS else after)
    else:
        words = core
    words = re.sub(r"(?:领域|行业|方面)$", "", re.sub(r"(?:领域|行业)(?=[\u4e00-\u9fff])", "", words))
    words = re.sub(r"国家|全国|(?<=\d)年(?:度)?", "", words)
    topic = words + ("" if kind in MAIN_KINDS or not kind else kind)
    if anchor is None and kind in MAIN_KINDS and not words:
        topic = kind
    return _ascii(topic)


def plan_id_for(title: str, issuer: str | None, fallback: str) -> str:
    """A short ASCII id: the place name in pinyin (zhangjiajie), with a short topic when the plan is not the
    place's own carbon-peaking plan (zhangjiajie-gongye, zhangjiajie-2024gzyd), so that two plans of one place
    do not collide; else the file name."""
    title = _TABLE_SUFFIX.sub("", title).lstrip("《")  # a task table's id is its plan's
    place = place_name(title, issuer)
    if place:
        base = "".join(lazy_pinyin(place)).lower()
        topic = plan_topic(title, place)
        return f"{base}-{topic[:12]}" if topic else base
    ascii_stem = re.sub(r"[^a-z0-9_-]+", "-", fallback.lower()).strip("-")
    if ascii_stem:
        return ascii_stem[:41]
    return (_ascii(title)[:30] or "plan")
