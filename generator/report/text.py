"""Text hygiene for what units typed: control characters, pasted essays, formulas.

Everything a unit typed passes through :func:`clean` before it reaches the docx
(XML 1.0 forbids most C0 control characters; python-docx would raise) and through
:func:`condense` before it is quoted in the body of the report. A text that starts with
``=`` is just text here (Word has no formulas); the workbook writer uses ``write_string``.
"""

from __future__ import annotations

import re

from ..shared.xmltext import clean  # noqa: F401 - the report's texts pass through it as tx.clean

_SPACE = re.compile(r"[ \t\r\n\u00a0\u2028\u2029\u200b]+")
ELLIPSIS = "……"
# longest text kept anywhere (annex 1, workbook); beyond this a pasted document is cut with a note
MAX_FULL_TEXT = 3000


def oneline(text) -> str:
    """Clean, and fold every run of white space (line breaks included) into one space."""
    return _SPACE.sub(" ", clean(text)).strip()


def condense(text, limit: int = 150) -> str:
    """One line of at most ``limit`` characters, cut at a sentence end when one is near, then “……”."""
    t = oneline(text)
    if len(t) <= limit:
        return t
    head = t[:limit]
    cut = max(head.rfind(c) for c in "。；;！？")
    if cut >= limit * 0.6:
        return head[: cut + 1].rstrip("。；;") + ELLIPSIS
    return head.rstrip("，,、。；; ") + ELLIPSIS


def full(text, limit: int = MAX_FULL_TEXT) -> str:
    """Clean text for the annex table: line breaks kept, very long pastes cut with a note."""
    t = clean(text).strip()
    t = re.sub(r"\r\n?", "\n", t)
    t = re.sub(r"\n{3,}", "\n\n", t)
    if len(t) > limit:
        return t[:limit].rstrip() + f"{ELLIPSIS}（原文共{len(t)}字，以下从略，全文见汇总表）"
    return t


def strip_end(text: str) -> str:
    """Text without closing punctuation, so a template can add its own “。”."""
    return oneline(text).rstrip("。；;，, ")


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (up to 99)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + ("" if ones == 0 else CN_DIGITS[ones])


def fmt_num(x, digits: int = 2) -> str:
    """A number as an office would write it: 12.70 → 12.7, 35.0 → 35; None → —."""
    if x is None:
        return "—"
    s = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def safe_filename(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", oneline(name))[:120] or "未命名"
