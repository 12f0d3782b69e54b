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
    """Cell text: full-width spaces and stray whitespace trimmed, control characters dropped (a vertical tab
    or form feed, Word's manual line and page breaks when pasted, becomes a line break).

    Input cells are checked with :func:`odd_characters` first, so from them only carriage returns and
    format characters (zero-width space, BOM, soft hyphen) are dropped here."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u3000", " ").replace("\xa0", " ")
    if not text.isprintable():  # printable text has no control (category C) characters: most cells
        text = "".join("\n" if c in "\x0b\x0c" else c for c in text if c in "\n\t\x0b\x0c" or unicodedata.category(c)[0] != "C")
    return text.strip()


# Control characters that honest text does carry: tab, line breaks (Alt+Enter, CR LF pasted from Windows,
# Word's manual line break U+000B and page break U+000C when pasted).
_TYPED_CONTROLS = frozenset("\t\n\r\x0b\x0c")
_MAX_ODD_SHOWN = 3


def odd_characters(value) -> str | None:
    """Why a cell's text holds characters no keyboard, input method or spreadsheet program produces, else None.

    Returns the Chinese description of the first few such characters (position and code point), e.g.
    ``第 7 个字符 U+0005 是控制字符``. Such characters are what a damaged file shows (one byte of an
    .xls string changed gives any of U+0000–U+00FF; a CJK character's high byte, any code point),
    and :func:`clean_text` would otherwise drop them silently, changing the value without a word.
    Refused, by kind (Unicode general category, from :mod:`unicodedata`):

    * Cc, control characters, except tab and line/page breaks (:data:`_TYPED_CONTROLS`): C0 U+0000–U+001F,
      DEL U+007F, C1 U+0080–U+009F;
    * Cs, an unpaired surrogate; noncharacters U+FDD0–U+FDEF and U+xxFFFE/U+xxFFFF;
    * Co, private use (自造字, EUDC): shown as a blank box on every other computer, so the office cannot
      read what was meant;
    * Cn in the Basic Multilingual Plane, unassigned code points, except in the CJK Unified Ideographs
      blocks (U+3400–U+4DBF, U+4E00–U+9FFF). Those and unassigned code points beyond the BMP are accepted:
      CJK characters added later (U+9FFD–U+9FFF in Unicode 14, Extension H in 15) may be newer than this
      Python's tables.

    Format characters (Cf: zero-width space, BOM, soft hyphen, direction marks) come with honest text
    pasted from web pages and Word; they are not refused (:func:`clean_text` drops them).
    Non-text values (numbers, dates) give None.
    """
    if not isinstance(value, str) or value.isprintable():  # printable: no category C/Z except space — most cells
        return None
    found = []
    for position, char in enumerate(value, 1):
        if char in _TYPED_CONTROLS:
            continue
        kind = _odd_kind(char)
        if kind:
            found.append(f"第 {position} 个字符 U+{ord(char):04X} {kind}")
    if not found:
        return None
    more = f"，另有 {len(found) - _MAX_ODD_SHOWN} 个" if len(found) > _MAX_ODD_SHOWN else ""
    return "，".join(found[:_MAX_ODD_SHOWN]) + more


def _odd_kind(char: str) -> str | None:
    code = ord(char)
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return "是 Unicode 非字符"
    category = unicodedata.category(char)
    if category == "Cc":
        return "是控制字符"
    if category == "Cs":
        return "是不成对的代理码位"
    if category == "Co":
        return "是私用区字符（自造字），在别的电脑上显示为空白方框"
    if category == "Cn" and code <= 0xFFFF and not (0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF):
        return "在 Unicode 中没有定义"
    return None


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
