"""The plan's unit directory: one canonical name per department, with the spellings seen.

A plan may write the same department three ways (市发改委 / 市发展改革委 /
市发展和改革委员会). Spellings merge only when the abbreviation table
(``templates/unit_aliases.yaml``, which an office extends) says they are the
same; pairs that merely look alike are reported for review, never merged by guess.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


from ..errors import UserError
from ..fileio import read_yaml
from .clauses import is_group
from .model import Unit

_LEVEL_PREFIX = re.compile(r"^(市|县|区|州|旗|省|盟)")
_COMMON_START = re.compile(r"^(?:市场|区域|城市)")  # 市场监管局 has no level


@dataclass
class AliasTable:
    groups: dict[str, int] = field(default_factory=dict)  # spelling → group number
    replacements: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def load(cls, *paths: Path) -> "AliasTable":
        table = cls()
        for path in paths:
            if not path or not Path(path).exists():
                continue
            data = read_yaml(Path(path), "部门名称对照表") or {}
            if not isinstance(data, dict):
                raise UserError(f"部门名称对照表“{path}”应包含 equivalents: 和 replacements: 两项。")
            for pair in data.get("replacements") or []:
                if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
                    raise UserError(f"部门名称对照表“{path}”的 replacements 每行应为 [原写法, 替换为]，发现：{pair}")
                table.replacements.append((pair[0], pair[1]))
            for row in data.get("equivalents") or []:
                if not (isinstance(row, list) and all(isinstance(x, str) for x in row)):
                    raise UserError(f"部门名称对照表“{path}”的 equivalents 每行应为名称列表，发现：{row}")
                existing = [table.groups[x] for x in row if x in table.groups]
                number = existing[0] if existing else len(set(table.groups.values()))
                for spelling in row:
                    table.groups[spelling] = number
        return table

    def key(self, name: str) -> str:
        """Names with the same key are the same unit."""
        text = name
        for old, new in self.replacements:
            text = text.replace(old, new)
        m = _LEVEL_PREFIX.match(text)
        prefix, core = (m.group(1), text[1:]) if m else ("", text)
        group = self.groups.get(core)
        if group is None:  # a place name before the department: 柳源市工信局 / 柳源市工业和信息化局
            for i in range(2, min(len(text) - 1, 9)):
                if text[i - 1] in "省市县区州盟旗" and text[i:] in self.groups:
                    prefix, core, group = text[:i], text[i:], self.groups[text[i:]]
                    break
        return f"{prefix}#{group}" if group is not None else f"{prefix}{core}"


def unit_kind(name: str) -> str:
    if is_group(name):
        return "implementer_group"
    if re.search(r"公司|集团|有限|股份", name) or name.startswith(("国网", "国家电网")):
        return "enterprise"
    return "department"


@dataclass
class Directory:
    units: list[Unit]
    canonical: dict[str, str]  # every spelling → canonical name
    warnings: list[str]

    def name(self, spelling: str) -> str:
        return self.canonical.get(spelling, spelling)


def build_directory(mentions: list[str], table: AliasTable, merges: dict[str, str] | None = None) -> Directory:
    """Group spellings (in document order) into units; ``merges`` are documented hand merges."""
    merges = merges or {}
    counts = Counter(mentions)
    first_seen: dict[str, int] = {}
    for index, name in enumerate(mentions):
        first_seen.setdefault(name, index)
    by_key: dict[str, list[str]] = {}
    keys = {s: table.key(merges[s]) if s in merges else table.key(s) for s in counts}
    for spelling in sorted(counts, key=lambda s: first_seen[s]):
        by_key.setdefault(_with_level(spelling, keys, table), []).append(spelling)
    warnings: list[str] = []
    groups = _defined_by_use(list(by_key.values()), first_seen, warnings)
    units: list[Unit] = []
    canonical: dict[str, str] = {}
    for spellings in groups:
        forced = [merges[s] for s in spellings if s in merges]
        first = min(spellings, key=lambda s: first_seen[s])
        if forced:
            name = forced[0]
        elif all(len(first) > len(s) for s in spellings if s != first):
            name = first  # 县发展和改革局 in full at first mention, 县发改局 after: the full name
        else:
            name = max(spellings, key=lambda s: (counts[s], -first_seen[s]))
        aliases = [s for s in spellings if s != name]
        for spelling in spellings:
            canonical[spelling] = name
        canonical[name] = name
        units.append(Unit(name=name, aliases=aliases, kind=unit_kind(name)))
    return Directory(units, canonical, warnings + _near_duplicates(units))


# The institution word a name ends with; an abbreviation keeps it (县发改局 / 县发展和改革局).
_FINAL_WORD = re.compile(r"(?:分局|支局|分公司|公司|委员会|委|局|厅|办公室|办|服务中心|中心|部|院|支行|分行|行|站|所|大队|支队)$")


def _is_subsequence(short: str, full: str) -> bool:
    chars = iter(full)
    return all(c in chars for c in short)


def abbreviates(short: str, full: str) -> bool:
    """Is ``short`` an abbreviation of ``full``, as a document defines one by use?

    Both end with the same institution word (局, 分局, 公司, 委 …); the short name's characters are
    the full name's, in order (县发改局 / 县发展和改革局, 禾阳供电公司 / 国网禾阳县供电公司) — for a
    branch (X局Y分局) the branch's place may move first (禾阳生态环境分局 / 安平市生态环境局禾阳分局).
    A name whose core is a run of the full name is another unit, not an abbreviation
    (县林业局 / 县自然资源和林业局)."""
    end_short, end_full = _FINAL_WORD.search(short), _FINAL_WORD.search(full)
    if not end_short or not end_full or end_short.group(0) != end_full.group(0) or len(short) >= len(full):
        return False
    core = short[: end_short.start()]
    core = core[1:] if _LEVEL_PREFIX.match(core) else core
    if len(core) < 2 or core + end_short.group(0) in full:
        return False
    if _is_subsequence(short, full):
        return True
    return end_full.group(0) == "分局" and not Counter(short) - Counter(full)


def _defined_by_use(groups: list[list[str]], first_seen: dict[str, int], warnings: list[str]) -> list[list[str]]:
    """Merge each later group whose names abbreviate the names of exactly one earlier group (a full
    name first written in full, then short: see :func:`abbreviates`); more than one candidate is
    left apart with a review warning."""
    groups = [list(g) for g in groups]
    merged: list[list[str]] = []
    for group in sorted(groups, key=lambda g: min(first_seen[s] for s in g)):
        first = min(group, key=lambda s: first_seen[s])
        if is_group(first):
            merged.append(group)
            continue
        candidates = [earlier for earlier in merged if not is_group(earlier[0])
                      and any(abbreviates(first, full) for full in earlier)]
        if len(candidates) == 1:
            candidates[0].extend(group)
            continue
        if len(candidates) > 1:
            names = "、".join(f"“{c[0]}”" for c in candidates)
            warnings.append(f"“{first}”可能是{names}中某一个的简称，未合并；如确为同一单位，请在覆盖文件中用 merge_unit 合并")
        merged.append(group)
    return merged


def _with_level(spelling: str, keys: dict[str, str], table: AliasTable) -> str:
    """The key of a spelling; a department written without its level (工信局 in a plan that writes
    县工信局 elsewhere) takes the key of the one level it appears with, so it never becomes a second unit."""
    key = keys[spelling]
    if (_LEVEL_PREFIX.match(spelling) and not _COMMON_START.match(spelling)) or is_group(spelling) \
            or not re.search(r"(?:局|委|厅|办|部)$", spelling):
        return key
    levels = {m.group(1) for s in keys if (m := _LEVEL_PREFIX.match(s)) and not _COMMON_START.match(s)}
    found = {table.key(level + spelling) for level in levels} & set(keys.values())
    return found.pop() if len(found) == 1 else key


def _near_duplicates(units: list[Unit]) -> list[str]:
    warnings = []
    names = [u.name for u in units if u.kind != "implementer_group"]
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            pa, pb = _LEVEL_PREFIX.match(a), _LEVEL_PREFIX.match(b)
            ca, cb = a[1:] if pa else a, b[1:] if pb else b
            ratio = difflib.SequenceMatcher(None, ca, cb).ratio()
            if (pa.group(1) if pa else "") != (pb.group(1) if pb else ""):
                # 区生态环境分局 / 市生态环境局桐溪分局: a city bureau's branch goes by either level.
                if "分局" in a and "分局" in b and ratio >= 0.75:
                    warnings.append(f"疑似同一单位的不同写法：“{a}”与“{b}”（未合并；如确为同一单位，请在覆盖文件中用 merge_unit 合并）")
                continue
            contained = len(min(ca, cb, key=len)) >= 3 and (ca in cb or cb in ca)
            if ratio >= 0.8 or contained:
                warnings.append(
                    f"疑似同一单位的不同写法：“{a}”与“{b}”（未合并；如确为同一单位，请在部门名称对照表或覆盖文件中补充）"
                )
    return warnings
