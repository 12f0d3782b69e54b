"""Who has reported: per plan, every unit that was sent a form, and where its return stands."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from ..forms.layout import form_rows
from ..period import Period
from ..plan.model import Plan
from ..returns import PeriodReturns
from ..store import REJECTED, Submission
from .inbox import uncollectable

REPORTED, RETURNED, MISSING = "已报送", "退回待重报", "未报送"


@dataclass
class UnitState:
    word: str  # 已报送 | 退回待重报 | 未报送
    file_name: str = ""
    received: str = ""
    person: str = ""
    phone: str = ""
    tasks: int = 0  # rows on the unit's form
    targets: int = 0


def units_with_forms(plan: Plan, period: Period, contents: dict | None = None) -> list[tuple[str, int, int]]:
    """(unit, task rows, target rows) of every unit that gets a form, in plan order.

    ``contents``: ``{(plan id, unit): FormContent}`` already worked out (the collector's), else computed here."""
    out = []
    for unit in plan.units:
        content = contents.get((plan.id, unit.name)) if contents else None
        content = content if content is not None else form_rows(plan, unit.name, period)
        if not content.is_empty:
            out.append((unit.name, len(content.tasks), len(content.targets)))
    return out


def reporting_status(plan: Plan, period: Period, returns: PeriodReturns, submissions: list[Submission],
                     contents: dict | None = None) -> dict[str, UnitState]:
    states: dict[str, UnitState] = {}
    rejected_of: dict[str, list[Submission]] = {}  # unit → its refused returns, in order
    for s in submissions:
        if s.plan_id == plan.id and s.outcome == REJECTED:
            rejected_of.setdefault(s.unit, []).append(s)
    for unit, tasks, targets in units_with_forms(plan, period, contents):
        accepted = returns.returns.get(unit)
        if accepted is not None:
            contact = accepted.contact
            states[unit] = UnitState(REPORTED, accepted.file_name, accepted.received.isoformat(sep=" "),
                                     contact.person if contact else "", contact.phone if contact else "", tasks, targets)
            continue
        rejected = rejected_of.get(unit)
        if rejected:
            last = rejected[-1]
            states[unit] = UnitState(RETURNED, last.file_name, last.received.replace("T", " "), tasks=tasks, targets=targets)
        else:
            states[unit] = UnitState(MISSING, tasks=tasks, targets=targets)
    return states


def status_table(plan: Plan, period: Period, returns: PeriodReturns, submissions: list[Submission]) -> tuple[Table, list[str]]:
    states = reporting_status(plan, period, returns, submissions)
    done = sum(1 for s in states.values() if s.word == REPORTED)
    table = Table(title=f"{plan.title} · {period.label}报送情况（已报送 {done}/{len(states)}）")
    for column in ("单位", "状态", "文件", "收到时间", "填报人", "联系电话"):
        table.add_column(column, overflow="fold")
    colour = {REPORTED: "green", RETURNED: "red", MISSING: "yellow"}
    for unit, state in states.items():
        table.add_row(unit, f"[{colour[state.word]}]{state.word}[/]", state.file_name, state.received, state.person, state.phone)
    return table, [u for u, s in states.items() if s.word != REPORTED]


def uncollectable_table(inbox: Path) -> tuple[Table | None, int]:
    """The inbox's entries that collect cannot read, with the reason for each: (table, count); (None, 0) when
    there are none or the inbox does not exist.

    The store holds only files whose bytes were read, so these (a FIFO, a link leading outside the
    inbox, a folder or file without read permission) are found again by listing the inbox (no file
    is read). They are the 非填报表 rows collect writes to 报送情况.xlsx without storing them."""
    if not inbox.is_dir():
        return None, 0
    items = uncollectable(inbox)
    if not items:
        return None, 0
    table = Table(title=f"收件箱中无法收集的文件（{len(items)} 个，需要处理）", show_lines=True)
    for column in ("文件", "原因"):
        table.add_column(column, overflow="fold")
    for item in items:
        table.add_row(escape(item.label), escape("；".join(m.split("：", 1)[-1] for m in item.problems)))
    return table, len(items)
