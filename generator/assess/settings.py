"""Assessment thresholds: the one settings file (``templates/settings.yaml``) as a typed object.

:func:`load_settings` is the only function of :mod:`generator.assess` that reads a file;
the report stage calls it and passes the result in. Every number has a default equal
to the shipped settings file, so a workspace whose file leaves a key out still works,
and the report prints :meth:`AssessmentSettings.describe` so readers know the rules used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


from ..errors import UserError
from ..fileio import read_yaml


@dataclass(frozen=True)
class AssessmentSettings:
    # 重点任务 (percentage points behind 序时进度)
    slight_behind: float = 10.0
    serious_behind: float = 30.0
    completed_progress: float = 100.0
    # 量化目标
    approx_tolerance: float = 0.05
    normal_ratio: float = 0.95
    slight_ratio: float = 0.6
    # report: how many characters of a unit's text the body sections quote before “……”
    condense_chars: int = 50
    source: str = "默认口径"

    def describe(self) -> str:
        """The assessment rules in words, one Chinese sentence (printed in the report; no file names)."""
        return (
            f"重点任务以各责任单位填报的完成进度与序时进度（按方案起算日至任务完成时限的时间进度计算）比较，"
            f"落后不足{_n(self.slight_behind)}个百分点为正常，"
            f"落后{_n(self.slight_behind)}—{_n(self.serious_behind)}个百分点为轻微滞后，"
            f"落后超过{_n(self.serious_behind)}个百分点或应启动未启动为明显滞后，已过完成时限仍未完成为逾期未完成；"
            f"任务有牵头单位的按牵头单位评估（多个牵头单位取进度最慢的），未明确牵头单位的各责任单位分别评估；"
            f"量化目标按基期值至目标值的直线路径测算序时目标值，实际推进幅度达到序时应推进幅度的"
            f"{_pct(self.normal_ratio)}及以上为正常，{_pct(self.slight_ratio)}—{_pct(self.normal_ratio)}为轻微滞后，"
            f"不足{_pct(self.slight_ratio)}为明显滞后，反向变化为逆向，已过目标年份仍未达到为逾期未完成；“左右”类目标与目标值相差不超过"
            f"{_pct(self.approx_tolerance)}视为达标"
        )


def _n(x: float) -> str:
    return f"{x:g}"


def _pct(x: float) -> str:
    return f"{x * 100:g}%"


_KEYS = {
    ("schedule", "slight_behind"): "slight_behind",
    ("schedule", "serious_behind"): "serious_behind",
    ("schedule", "completed_progress"): "completed_progress",
    ("target", "approx_tolerance"): "approx_tolerance",
    ("target", "normal_ratio"): "normal_ratio",
    ("target", "slight_ratio"): "slight_ratio",
    ("report", "condense_chars"): "condense_chars",
}


def settings_from_dict(data: object, source: str = "设置文件") -> AssessmentSettings:
    """Typed settings from the parsed YAML; every problem is listed in Chinese."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UserError(f"评估口径文件“{source}”应为 YAML 映射（schedule:、target: 等键）。")
    values: dict[str, float] = {}
    problems: list[str] = []
    for (section, key), attr in _KEYS.items():
        block = data.get(section)
        if block is None:
            continue
        if not isinstance(block, dict):
            problems.append(f"{section}：应为键值对（如 {key}: …）")
            continue
        if key not in block or block[key] is None:
            continue
        value = block[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"{section}.{key}：应为数字，实际是“{value}”")
            continue
        values[attr] = int(value) if attr == "condense_chars" else float(value)
    s = AssessmentSettings(**values, source=str(source))
    if not problems:
        if not 0 <= s.slight_behind <= s.serious_behind <= 100:
            problems.append("schedule：应满足 0 ≤ slight_behind ≤ serious_behind ≤ 100")
        if not 0 < s.completed_progress <= 100:
            problems.append("schedule.completed_progress：应在 0—100 之间")
        if not 0 <= s.approx_tolerance < 1:
            problems.append("target.approx_tolerance：应为 0—1 之间的小数（如 0.05 表示 5%）")
        if not 0 <= s.slight_ratio <= s.normal_ratio <= 1:
            problems.append("target：应满足 0 ≤ slight_ratio ≤ normal_ratio ≤ 1")
        if s.condense_chars < 20:
            problems.append("report.condense_chars：应不小于 20")
    if problems:
        raise UserError(f"评估口径文件“{source}”有误：", problems)
    return s


def load_settings(path: str | Path) -> AssessmentSettings:
    """Read ``templates/settings.yaml`` (or a workspace's copy); Chinese :class:`UserError` when broken."""
    return settings_from_dict(read_yaml(Path(path), "评估口径文件"), str(path))


__all__ = ["AssessmentSettings", "load_settings", "settings_from_dict"]
