"""What people type into a form, turned into values: accept where the meaning is certain, refuse where not.

Each parser returns ``(value, warning)`` — ``warning`` names what was read
differently from how it was typed (``80%`` → 80) — or raises :class:`Unreadable`
with the Chinese wording of what was expected.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from ..returns import JUDGEMENTS, TASK_STATUSES


class Unreadable(ValueError):
    """A cell whose meaning is not certain; ``expected`` says what should be there."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


def clean_text(value) -> str:
    """Cell text: full-width spaces and stray whitespace trimmed, control characters dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u3000", " ").replace("\xa0", " ")
    if not text.isprintable():  # printable text has no control (category C) characters: most cells
        text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return text.strip()


def sheet_key(name: str) -> str:
    """A sheet name or header text as a person sees it: width-folded, no spaces or invisible characters, case-folded.

    Two names with the same key look the same on screen (``重点任务`` and ``重点任务\u200b``).
    """
    text = unicodedata.normalize("NFKC", str(name or ""))
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c)[0] not in "CZ").casefold()


_EXCEL_EPOCH = date(1899, 12, 30)
_LAST_SERIAL = 2958465  # 9999-12-31


def parse_date(value) -> tuple[str, str | None]:
    """填报日期 as ISO text: a date cell, a date serial number, or the words typed; never fails.

    A number that is no date (negative, beyond 9999-12-31) is not recorded and gets a warning.
    """
    if value is None or value == "":
        return "", None
    if isinstance(value, datetime):
        return value.date().isoformat(), None
    if isinstance(value, date):
        return value.isoformat(), None
    if isinstance(value, time):
        return "", "不是有效日期（只有时间），未记录；请按“2026-10-08”的格式填写"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if number == number and 1 <= number <= _LAST_SERIAL:
            return (_EXCEL_EPOCH + timedelta(days=int(number))).isoformat(), None
        shown = f"{number:.6g}"
        return "", f"“{shown}”不是有效日期，未记录；请按“2026-10-08”的格式填写"
    return clean_text(value)[:100], None


def _half_width(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", c) if "\uff01" <= c <= "\uff5e" else c for c in text)


_CN_NUMERALS = re.compile(r"[零〇一二两三四五六七八九十百千万亿半]")
_APPROX_WORDS = re.compile(r"^(约|大约|近|接近|将近)|(左右|上下|以上|多)$")


def parse_number(value, unit: str | None = None) -> tuple[float | None, str | None]:
    """A number cell: 35.8, ``35.8万千瓦`` (the row's own unit), ``1,234``, ``约80``, full-width digits."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        raise Unreadable("数字")
    if isinstance(value, (int, float)):
        return float(value), None
    text = _half_width(clean_text(value))
    notes = []
    if text != clean_text(value):
        notes.append("全角数字已按半角读取")
    compact = text.replace(" ", "")
    if unit and compact.endswith(unit) and len(compact) > len(unit):
        compact = compact[: -len(unit)]
        notes.append(f"去掉了单位“{unit}”")
    approx = _APPROX_WORDS.search(compact)
    if approx:
        compact = _APPROX_WORDS.sub("", compact)
        notes.append(f"按“{approx.group(0)}”前后的数字读取")
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", compact):
        compact = compact.replace(",", "")
        notes.append("去掉了千分位逗号")
    if re.fullmatch(r"[+-]?\d+(\.\d+)?", compact):
        return float(compact), "；".join(notes) or None
    if _CN_NUMERALS.search(compact):
        raise Unreadable("阿拉伯数字（如 80），不要用汉字写数")
    raise Unreadable("数字（不加单位和文字，说明写在“说明”栏）")


def parse_progress(value, percent_formatted: bool = False) -> tuple[float | None, str | None]:
    """完成进度 0–100: ``80``, ``80%``, 0.8 in a percent-formatted cell, ``约80``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    warning = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if percent_formatted:
            shown = float(f"{number * 100:.10g}")
            if 0 <= shown <= 100:
                return shown, f"单元格为百分比格式，“{shown:g}%”按 {shown:g} 读取"
            raise Unreadable("0—100 之间的数字")
        if 0 < number < 1:
            warning = f"填写的是 {number:g}（小于 1），已按 {number:g} 读取；如指 {number * 100:g}%，请填写 {number * 100:g}"
    else:
        text = clean_text(value).replace(" ", "")
        had_percent = text.endswith(("%", "％"))
        try:
            number, warning = parse_number(text.rstrip("%％"))
        except Unreadable:
            raise Unreadable("0—100 之间的数字") from None
        if had_percent:
            warning = "；".join(filter(None, [f"“{clean_text(value)}”按 {number:g} 读取", warning]))
    if not 0 <= number <= 100:
        raise Unreadable("0—100 之间的数字")
    return number, warning


# Spellings whose meaning is certain → the dropdown word. Anything else is refused.
_STATUS_SYNONYMS = {
    "完成": "已完成", "已经完成": "已完成", "全部完成": "已完成", "已办结": "已完成",
    "序时": "序时推进", "按序时推进": "序时推进", "按时推进": "序时推进", "正常推进": "序时推进", "正常": "序时推进",
    "滞后": "进度滞后", "进展滞后": "进度滞后", "推进滞后": "进度滞后",
    "未开始": "未启动", "尚未启动": "未启动", "尚未开始": "未启动", "没有启动": "未启动",
}


def parse_status(value) -> tuple[str | None, str | None]:
    """进展状态: one of the dropdown words; a typed spelling with a certain meaning is accepted with a warning."""
    text = clean_text(value)
    if not text:
        return None, None
    compact = re.sub(r"\s", "", text)
    if compact in TASK_STATUSES:
        return compact, None if compact == text else None
    if compact in _STATUS_SYNONYMS:
        word = _STATUS_SYNONYMS[compact]
        return word, f"“{text}”按“{word}”读取"
    raise Unreadable(f"从下拉列表中选择的{'、'.join(TASK_STATUSES)}之一")


def parse_judgement(value) -> tuple[str | None, str | None]:
    """达标/未达标 for a target without a number."""
    text = re.sub(r"\s", "", clean_text(value))
    if not text:
        return None, None
    if text in JUDGEMENTS:
        return text, None
    synonyms = {"已达标": "达标", "能达标": "达标", "预计达标": "达标", "不达标": "未达标", "未能达标": "未达标", "预计不达标": "未达标"}
    if text in synonyms:
        return synonyms[text], f"“{text}”按“{synonyms[text]}”读取"
    raise Unreadable("从下拉列表中选择“达标”或“未达标”")
