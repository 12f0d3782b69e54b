"""Reporting periods: ``2026Q3`` (quarter), ``2026H1`` (half year), ``2026`` (year)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .errors import UsageError

_CN_QUARTER = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
_CN_HALF = {1: "上半年", 2: "下半年"}
_PATTERN = re.compile(r"^(\d{4})(?:([QqHh])(\d))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A period the office dispatches; ``start``/``end`` are inclusive calendar days."""

    code: str
    year: int
    kind: str  # "Q", "H" or "Y"
    index: int  # quarter 1-4, half 1-2, 0 for a whole year

    @classmethod
    def parse(cls, text: str) -> "Period":
        match = _PATTERN.match((text or "").strip())
        if not match:
            raise UsageError(
                f"报送期“{text}”格式不对：应写成 2026Q3（季度）、2026H1（半年）或 2026（年度）。"
            )
        year = int(match.group(1))
        if not 2000 <= year <= 2100:
            raise UsageError(f"报送期“{text}”的年份不合理：应在 2000—2100 之间。")
        if match.group(2) is None:
            return cls(f"{year}", year, "Y", 0)
        kind = match.group(2).upper()
        index = int(match.group(3))
        limit = 4 if kind == "Q" else 2
        if not 1 <= index <= limit:
            what = "季度应为 Q1—Q4" if kind == "Q" else "半年应为 H1 或 H2"
            raise UsageError(f"报送期“{text}”不对：{what}。")
        return cls(f"{year}{kind}{index}", year, kind, index)

    @property
    def start(self) -> date:
        if self.kind == "Q":
            return date(self.year, 3 * self.index - 2, 1)
        if self.kind == "H":
            return date(self.year, 1 if self.index == 1 else 7, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        if self.kind == "Q":
            month = 3 * self.index
        elif self.kind == "H":
            month = 6 if self.index == 1 else 12
        else:
            month = 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def document_time(self) -> datetime:
        """The creation time stamped in files made for this period (the day after it ends), so reruns match."""
        return datetime.combine(self.end + timedelta(days=1), time(0, 0))

    @property
    def label(self) -> str:
        """Chinese name used on forms and in the report, e.g. 2026年第三季度."""
        if self.kind == "Q":
            return f"{self.year}年{_CN_QUARTER[self.index]}"
        if self.kind == "H":
            return f"{self.year}年{_CN_HALF[self.index]}"
        return f"{self.year}年度"

    def previous(self) -> "Period":
        """The period of the same kind just before this one."""
        if self.kind == "Q":
            return Period.parse(f"{self.year - 1}Q4" if self.index == 1 else f"{self.year}Q{self.index - 1}")
        if self.kind == "H":
            return Period.parse(f"{self.year - 1}H2" if self.index == 1 else f"{self.year}H1")
        return Period.parse(f"{self.year - 1}")

    def __str__(self) -> str:
        return self.code
