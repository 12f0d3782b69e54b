"""The indicator table (指标体系): from a .docx table, or from text that came out one cell per line.

PDF extraction of a table yields a stream of cell fragments (单位地区生产总 / 值能耗降低 /
% / 16.86 / 完成省下 / 达目标任 / 务 …). The stream is read row by row with a
small grammar — [领域] 指标名 单位 基期值 目标值… 指标性质 [责任部门] — where a
unit (even split into single characters), a value, the nature and a known
department name each tell where one cell ends and the next begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Baseline, Indicator, IndicatorTarget
from .targets import UNITS

_NATURES = ("约束性", "预期性")
_VALUE = re.compile(r"^(≥|≤|>|<|＞|＜)?\s*(\d+(?:\.\d+)?)$")
_YEAR_CELL = re.compile(r"(20\d{2})")
_QUAL_END = ("任务", "目标", "指标", "要求")
_DEPARTMENT = re.compile(r"^(?:市|县|区|州|省)[\u4e00-\u9fff]{1,14}?(?:局|委|办|部|中心|公司)$")


@dataclass
class TableRow:
    domain: str
    name: str
    unit: str | None
    values: list[str]
    nature: str | None
    responsible: str | None
    note: str | None = None


@dataclass
class Token:
    text: str
    page_start: bool = False  # first token on a line that began with a stray space (a page break)


@dataclass
class TableParse:
    years: list[int]
    rows: list[TableRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _is_value(text: str) -> bool:
    return text in ("/", "-", "—", "－", "无") or bool(_VALUE.match(text))


def find_table_start(lines: list[str]) -> int | None:
    """Index of the first line of an indicator table (its title, 指标体系 or 指标表)."""
    for i, line in enumerate(lines):
        if re.search(r"指标(体系|表|清单)", re.sub(r"\s", "", line)):
            return i
    return None


def tokenize(lines: list[str]) -> list[Token]:
    tokens = []
    for line in lines:
        parts = line.replace("％", "%").split()
        for j, part in enumerate(parts):
            tokens.append(Token(part, page_start=(j == 0 and line[:1] in (" ", "\u3000", "\f"))))
    return tokens


class _Stream:
    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.i = 0

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def done(self) -> bool:
        return self.i >= len(self.tokens)

    def push_front(self, text: str) -> None:
        self.tokens.insert(self.i, Token(text))


def _match_unit(stream: _Stream) -> tuple[str, int] | None:
    """A unit starting at the stream head, possibly split over up to four single-character tokens."""
    joined = ""
    for k in range(4):
        token = stream.peek(k)
        if token is None:
            break
        joined += token.text
        if joined in UNITS:
            return joined, k + 1
        if len(token.text) > 1 and k > 0:
            break
    return None


def _match_nature(stream: _Stream) -> tuple[str, int] | None:
    joined = ""
    for k in range(3):
        token = stream.peek(k)
        if token is None:
            return None
        joined += token.text
        if joined in _NATURES:
            return joined, k + 1
        if not any(n.startswith(joined) for n in _NATURES):
            return None
    return None


def _match_department(stream: _Stream, known: list[str]) -> tuple[str, int, str] | None:
    """(department, tokens used, leftover text glued after it) at the stream head."""
    joined = ""
    for k in range(5):
        token = stream.peek(k)
        if token is None:
            break
        joined += token.text
        for name in sorted(known, key=len, reverse=True):
            if joined.startswith(name):
                return name, k + 1, joined[len(name) :]
        if k > 0 and _DEPARTMENT.match(joined):
            return joined, k + 1, ""
        if not re.match(r"^(?:市|县|区|州|省)", joined):
            break
    return None


def _spaced_rows(lines: list[str]) -> TableParse | None:
    """A table printed several cells to a line, cells apart by runs of spaces (序号  指标  单位  2020年 …)."""
    rows = [re.split(r"\s{2,}|\t+", line.replace("％", "%").strip()) for line in lines if line.strip()]
    if not rows:
        return None
    header = rows[0]
    if len(header) < 5 or len(_YEAR_CELL.findall("".join(header))) < 2:
        return None
    width = len(header)
    name_col = next((c for c, h in enumerate(header) if "指标" in h and "性质" not in h and "属性" not in h), None)
    domain_col = next((c for c, h in enumerate(header) if "类别" in h or "领域" in h), None)
    cells: list[list[str]] = []
    for row in rows[1:]:
        if len(row) == 1 and cells and name_col is not None:
            cells[-1][name_col] += row[0]  # a wrapped name cell
            continue
        if len(row) == width - 1 and domain_col is not None:
            row = row[:domain_col] + [""] + row[domain_col:]  # the merged 类别 cell is printed only once
        cells.append(row + [""] * (width - len(row)))
    return parse_docx_table([header] + cells)


def parse_text_table(lines: list[str], known_units: list[str]) -> TableParse | None:
    """Rows of an indicator table from text: several cells per line, or (PDF extraction) one per line."""
    start = find_table_start(lines)
    if start is None:
        return None
    spaced = _spaced_rows(lines[start + 1 :])
    if spaced is not None and spaced.rows:
        return spaced
    stream = _Stream(tokenize(lines[start + 1 :]))
    # Header: everything up to the last header label (性质/属性/责任单位/部门).
    header_text, years = "", []
    while not stream.done():
        token = stream.peek()
        header_text += token.text
        stream.take()
        years += [int(y) for y in _YEAR_CELL.findall(token.text)]
        if re.search(r"(责任|牵头)(部门|单位)$|部门$", header_text):
            break
        if len(header_text) > 80:
            return None
    if len(years) < 2:
        return None
    parse = TableParse(years=years)
    domain, group_rows, responsible_in_group = "", 0, None
    while not stream.done():
        # Domain fragments: single characters before a row (领域 is a merged, vertical cell).
        fragment, page_start = "", False
        while (t := stream.peek()) is not None and len(t.text) == 1 and re.match(r"[\u4e00-\u9fff]", t.text):
            if _match_unit(stream):
                break
            page_start = page_start or t.page_start
            fragment += stream.take().text
        if fragment:
            if page_start and domain and group_rows < 2:
                domain += fragment  # the same merged cell, continued after a page break
                for row in parse.rows[len(parse.rows) - group_rows :]:
                    row.domain = domain
            else:
                domain, group_rows, responsible_in_group = fragment, 0, None
        # Name: text up to the unit.
        name_parts = []
        while not stream.done() and _match_unit(stream) is None and not _is_value(stream.peek().text):
            name_parts.append(stream.take().text)
            if len(name_parts) > 8:
                break
        unit_match = _match_unit(stream)
        unit = None
        if unit_match:
            unit = unit_match[0]
            for _ in range(unit_match[1]):
                stream.take()
        name = "".join(name_parts)
        if not name:
            break
        # Values: one per year column; a value may carry a note in （…）.
        values, note = [], None
        while len(values) < len(years) and not stream.done():
            if _match_nature(stream):
                break
            token = stream.take().text
            if _is_value(token) or token.startswith(("≥", "≤", ">", "<")):
                values.append(token)
            else:
                text = token
                while not text.endswith(_QUAL_END) and not stream.done() and not _is_value(stream.peek().text):
                    if _match_nature(stream) or stream.peek().text.startswith("（"):
                        break
                    text += stream.take().text
                values.append(text)
            if not stream.done() and stream.peek().text.startswith("（"):
                text = ""
                while not stream.done():
                    text += stream.take().text
                    if text.count("（") <= text.count("）"):
                        break
                note = text.strip("（）")
        nature = None
        nature_match = _match_nature(stream)
        if nature_match:
            nature = nature_match[0]
            for _ in range(nature_match[1]):
                stream.take()
        department = _match_department(stream, known_units)
        if department:
            responsible_in_group = department[0]
            for _ in range(department[1]):
                stream.take()
            if department[2]:
                stream.push_front(department[2])
            for row in parse.rows[len(parse.rows) - group_rows :]:
                if row.responsible is None:
                    row.responsible = responsible_in_group
        parse.rows.append(TableRow(domain, name, unit, values, nature, responsible_in_group, note))
        group_rows += 1
        if len(values) < len(years):
            parse.problems.append(f"指标表“{name}”一行只读到 {len(values)} 个数值（应为 {len(years)} 个），请核对")
    return parse


def parse_docx_table(rows: list[list[str]]) -> TableParse | None:
    """Rows of a real .docx table with a header row naming 指标, 单位, the years, 性质, 责任单位."""
    for h, header in enumerate(rows):
        joined = "".join(header)
        if "指标" in joined and len(_YEAR_CELL.findall(joined)) >= 2:
            break
    else:
        return None
    columns: dict[str, int] = {}
    year_columns: list[tuple[int, int]] = []
    for c, cell in enumerate(header):
        text = re.sub(r"\s", "", cell)
        if m := _YEAR_CELL.search(text):
            year_columns.append((int(m.group(1)), c))
        elif "领域" in text or "类别" in text:
            columns["domain"] = c
        elif "单位" in text and "责任" not in text and "牵头" not in text:
            columns["unit"] = c
        elif "性质" in text or "属性" in text:
            columns["nature"] = c
        elif "责任" in text or "牵头" in text or "部门" in text:
            columns["responsible"] = c
        elif "指标" in text and "name" not in columns:
            columns["name"] = c
    if "name" not in columns or len(year_columns) < 2:
        return None
    parse = TableParse(years=[y for y, _ in year_columns])
    domain, responsible = "", None

    def cell(row: list[str], key: str) -> str:
        c = columns.get(key)
        return re.sub(r"\s", "", row[c]) if c is not None and c < len(row) else ""

    for row in rows[h + 1 :]:
        name = cell(row, "name")
        if not name:
            continue
        domain = cell(row, "domain") or domain
        responsible = cell(row, "responsible") or responsible
        values = [re.sub(r"\s", "", row[c]) if c < len(row) else "" for _, c in year_columns]
        parse.rows.append(
            TableRow(domain, name, cell(row, "unit") or None, values, cell(row, "nature") or None, responsible)
        )
    return parse


def responsible_units(cell: str | None) -> list[str]:
    """The units named in a 责任单位 cell (one or several: 市发改委、市统计局)."""
    from .clauses import _units_in

    return _units_in(re.sub(r"[，,；;\s]+", "、", cell)) if cell else []


def _value(text: str) -> tuple[float | None, str | None]:
    m = _VALUE.match(text.replace("＞", ">").replace("＜", "<"))
    if not m:
        return None, None
    number = float(m.group(2))
    number = int(number) if number.is_integer() else number
    comparator = {"≥": ">=", ">": ">=", "≤": "<=", "<": "<="}.get(m.group(1) or "")
    return number, comparator


def indicator_direction(
    name: str, baseline: float | None, first_target: float | None, comparators: tuple[str | None, ...] = ()
) -> tuple[str, bool]:
    """(direction, certain?) — from a ≥/≤ in the targets, the indicator's name, else baseline → target."""
    if "<=" in comparators and ">=" not in comparators:
        return "down", True
    if ">=" in comparators and "<=" not in comparators:
        return "up", True
    if re.search(r"(降低|下降|降幅|减少|削减)(率|幅度)?$", name):
        return "up", True  # a reduction rate: more reduction is better
    if re.search(r"强度|排放量|消费量|消耗量|能耗$|煤耗|煤炭|燃煤|弃风|弃光", name):
        return "down", True
    if re.search(r"率|比重|比例|占比|数量|容量|蓄积量|新增|面积|规模|产值|个数", name):
        return "up", True
    if baseline is not None and first_target is not None:
        return ("up" if first_target >= baseline else "down"), False
    return "up", False


def indicators_from(parse: TableParse, canonical) -> tuple[list[Indicator], list[str]]:
    """Typed indicators (ids I01…) and review notes; ``canonical`` maps a spelling to the unit name."""
    indicators, notes = [], list(parse.problems)
    baseline_year, target_years = parse.years[0], parse.years[1:]
    for n, row in enumerate(parse.rows, start=1):
        base_value, _ = _value(row.values[0]) if row.values else (None, None)
        targets = []
        for year, text in zip(target_years, row.values[1:]):
            value, comparator = _value(text)
            targets.append(IndicatorTarget(year, value, comparator, text))
        first = next((t.value for t in targets if t.value is not None), None)
        direction, certain = indicator_direction(row.name, base_value, first, tuple(t.comparator for t in targets))
        for t in targets:
            if t.value is not None and t.comparator is None:
                t.comparator = ">=" if direction == "up" else "<="
        if not certain:
            notes.append(f"指标“{row.name}”的方向（越大越好/越小越好）按数值推断为 {direction}，请核对")
        indicators.append(
            Indicator(
                id=f"I{n:02d}",
                domain=row.domain,
                name=row.name,
                unit=row.unit,
                nature=row.nature,
                direction=direction,
                baseline=Baseline(baseline_year, base_value) if base_value is not None else None,
                targets=targets,
                responsible=[canonical(u) for u in responsible_units(row.responsible)],
                note=row.note,
            )
        )
    return indicators, notes
