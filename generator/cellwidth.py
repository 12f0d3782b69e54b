"""How much room text takes in a spreadsheet cell: shared by the writers of the forms and the 核对表.

Excel measures column widths in characters of the default font; a CJK character
takes about two of them. Row heights are not adjusted by Excel for wrapped text
when a file opens, so the writers set them from :func:`wrapped_lines`.
"""

from __future__ import annotations

import math
import unicodedata

LINE_HEIGHT = 13.5  # points per wrapped line of a 10-point 宋体 cell
MAX_ROW_HEIGHT = 409  # Excel's limit


def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units: 2 for a wide (CJK) character, 1 otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    usable = max(width - 1.5, 2.0)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in str(text).split("\n"))


def row_height(lines: int) -> float:
    """Row height in points for ``lines`` wrapped lines (capped at Excel's limit)."""
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4)
