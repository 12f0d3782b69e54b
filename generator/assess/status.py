"""The status words and traffic lights of the assessment (fixed; the report and workbook print them)."""

from __future__ import annotations

DONE = "已完成"
MET = "已达标"
NORMAL = "正常"
SLIGHT = "轻微滞后"
SERIOUS = "明显滞后"
REVERSE = "逆向"
OVERDUE = "逾期未完成"  # deadline (task) or target year passed, not done / not met
FAILED = OVERDUE  # the older name of the same status
ONGOING = "进行中"
MISSING = "未报送"
RETURNED = "退回待重报"  # a unit's return was sent back and no accepted one has come in since

GREEN, YELLOW, RED, NO_LIGHT = "绿", "黄", "红", "—"

TASK_STATUSES = (DONE, NORMAL, SLIGHT, SERIOUS, OVERDUE, MISSING)
TARGET_STATUSES = (MET, NORMAL, SLIGHT, SERIOUS, REVERSE, OVERDUE, ONGOING, MISSING)
LATE = (SLIGHT, SERIOUS, OVERDUE)  # a task that is behind schedule or past its deadline
LIGHTS = (GREEN, YELLOW, RED, NO_LIGHT)

_LIGHT = {
    DONE: GREEN, MET: GREEN, NORMAL: GREEN,
    SLIGHT: YELLOW,
    SERIOUS: RED, REVERSE: RED, OVERDUE: RED, MISSING: RED,
    ONGOING: NO_LIGHT,  # no path to measure against (no baseline): neither on nor off track
}

# Worst first: used to combine several units' rows into one task status.
_SEVERITY = {MISSING: 6, OVERDUE: 5, REVERSE: 5, SERIOUS: 4, SLIGHT: 3, ONGOING: 2, NORMAL: 1, MET: 0, DONE: 0}


def light(status: str) -> str:
    """绿 (已完成/已达标/正常), 黄 (轻微滞后), 红 (明显滞后/逆向/逾期未完成/未报送), — (进行中)."""
    return _LIGHT[status]


def worst(statuses) -> str:
    return max(statuses, key=lambda s: _SEVERITY[s])


def severity(status: str) -> int:
    """How bad a status is (higher is worse): orders lists of late items, worst first."""
    return _SEVERITY[status]
