"""A task table (重点任务分工表) as the plan: a Word table or a spreadsheet (.xlsx/.xls/.ods/.et).

Many offices keep the 分工 as a table with columns such as 序号 / 重点任务 / 具体内容 / 牵头单位 /
配合单位 / 完成时限. This module

1. finds the header row by the *kinds* of its column names (``templates/task_table_columns.yaml``:
   data a coordinator can extend), allowing a two-row header (责任单位 over 牵头/配合);
2. carries merged cells down and across (a 领域/行动 column merged over its rows becomes the
   task's area; a row that spans the table, such as ``一、能源绿色低碳转型行动``, starts an area);
3. writes the table as the plan's own text form — ``（一）area`` / ``1.任务。内容（牵头单位：A，配合单位：B）``
   — so the same importer stages (clauses, unit directory with ``unit_aliases.yaml``, targets,
   checks, review notes) build the plan; the 完成时限 of each row is kept as that task's deadline.

Raises :class:`UserError` for a spreadsheet that holds no task table.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import UserError
from ..workspace import BUILTIN_TEMPLATES
from .text import TERMINAL, match_heading, normalize_line

COLUMNS_FILE = "task_table_columns.yaml"
KINDS = ("number", "area", "task", "content", "target", "lead", "co", "responsible", "deadline")
_FIRST_LEADS = re.compile(r"(排|列|居)?[在于]?(第一|首)位?.{0,4}(为|是)?牵头")
_YEAR = re.compile(r"(20\d{2})\s*年?")


@dataclass
class Vocabulary:
    """Column-name spellings by kind; :meth:`kind` names a header cell's kind (longest spelling wins)."""

    terms: dict[str, list[str]]

    @classmethod
    def load(cls, *files: Path) -> "Vocabulary":
        terms: dict[str, list[str]] = {kind: [] for kind in KINDS}
        for file in files:
            if file is None or not Path(file).exists():
                continue
            data = yaml.safe_load(Path(file).read_text(encoding="utf-8")) or {}
            for kind, names in data.items():
                if kind in terms:
                    terms[kind] += [str(n) for n in names or [] if str(n) not in terms[kind]]
        return cls(terms)

    def kind(self, header: str) -> str | None:
        text = re.sub(r"\s", "", re.sub(r"[（(【\[][^）)】\]]*[）)】\]]", "", header))
        if not text or len(text) > 20:
            return None
        best, best_len = None, 0
        for kind in KINDS:
            for term in self.terms[kind]:
                if term in text and len(term) > best_len:
                    best, best_len = kind, len(term)
        return best


def default_vocabulary(extra: Path | None = None) -> Vocabulary:
    builtin = BUILTIN_TEMPLATES / COLUMNS_FILE
    files = [builtin]
    if extra is not None and Path(extra).exists() and Path(extra).resolve() != builtin.resolve():
        files.append(Path(extra))
    return Vocabulary.load(*files)


@dataclass
class TaskRow:
    row: int  # 1-based row in the sheet or table
    area: str
    number: str
    title: str
    content: str
    lead: str
    co: str
    responsible: str
    deadline: str


@dataclass
class TaskTable:
    """A recognised task table: where it is, the lines above its header, and its task rows."""

    where: str  # 工作表“分工表” / 第 2 个表格
    above: list[str]
    header: list[str]
    columns: dict[str, int]
    rows: list[TaskRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # lines below the table (说明, 注)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).strip()


def _header(rows: list[list[str]], vocabulary: Vocabulary) -> tuple[int, dict[str, int], int] | None:
    """(header row index, kind → column, first data row index) of the first row that looks like a header."""
    for index, row in enumerate(rows[:15]):
        kinds: dict[str, int] = {}
        for column, text in enumerate(row):
            kind = vocabulary.kind(text)
            if kind and kind not in kinds:
                kinds[kind] = column
        if not ({"task", "content"} & kinds.keys() and {"lead", "co", "responsible"} & kinds.keys()):
            continue
        first_data = index + 1
        # A second header row under a merged one (责任单位 over 牵头单位 | 配合单位).
        if first_data < len(rows):
            below = {column: vocabulary.kind(text) for column, text in enumerate(rows[first_data]) if text}
            if below and all(below.values()) and {"lead", "co"} & set(below.values()):
                for column, kind in below.items():
                    if kind in ("lead", "co") or kind not in kinds:
                        kinds = {k: c for k, c in kinds.items() if not (c == column and k == "responsible")}
                        kinds.setdefault(kind, column)
                first_data += 1
        return index, kinds, first_data
    return None


def find_task_table(grid: list[list[str]], where: str, vocabulary: Vocabulary) -> TaskTable | None:
    """The task table in ``grid`` (merged cells already filled in), or None."""
    rows = [[re.sub(r"\s*\n\s*", "\n", c).strip() for c in row] for row in grid]
    found = _header(rows, vocabulary)
    if found is None:
        return None
    header, columns, first = found
    # Lines above the header: a cell may hold two (the issuing office and the date, spaced apart).
    above = [part for row in rows[:header] for c in dict.fromkeys(c for c in row if c) for part in re.split(r"\s{2,}|\u3000+", c)]
    table = TaskTable(where, [a for a in above if a], rows[header], columns)

    def get(row: list[str], kind: str) -> str:
        column = columns.get(kind)
        return row[column] if column is not None and column < len(row) else ""

    area = ""
    for index in range(first, len(rows)):
        row = rows[index]
        values = [c for c in row if c]
        if not values:
            continue
        distinct = list(dict.fromkeys(values))
        only_units = len(values) == 1 and any(get(row, k) for k in ("lead", "co", "responsible"))
        if len(distinct) == 1 and not only_units:  # a row spanning the table (merged, or one cell typed)
            text = distinct[0]
            if re.match(r"^(注|说明|备注)[：:]", text):
                table.notes.append(text)
                continue
            heading = match_heading(normalize_line(text))
            area = heading.rest if heading else text  # a row spanning the table names the area
            continue
        if "area" in columns and get(row, "area"):
            heading = match_heading(normalize_line(get(row, "area")))
            area = heading.rest if heading and heading.rest else get(row, "area")
        title, content = get(row, "task"), get(row, "content")
        if get(row, "target"):
            content = (content.rstrip("。；;") + "。" if content else "") + get(row, "target")
        if not (title or content):
            continue
        table.rows.append(
            TaskRow(index + 1, area, get(row, "number"), title, content,
                    get(row, "lead"), get(row, "co"), get(row, "responsible"), get(row, "deadline"))
        )
    return table if table.rows else None


def deadline_year(text: str) -> int | None:
    """The latest year named in a 完成时限 cell (``2025年底前`` → 2025, ``2023—2025年`` → 2025), else None."""
    years = [int(y) for y in _YEAR.findall(text)]
    return max(years) if years else None


def _units(text: str) -> str:
    """A units cell as one list: line breaks and spaces between names become 、; a cell of only
    dashes or slashes (—, /, 无) names nobody."""
    if not re.search(r"[\u4e00-\u9fff]{2}", text):
        return ""
    text = re.sub(r"\s*\n\s*", "、", text.strip())
    text = re.sub(r"(?<=[\u4e00-\u9fff）])\s+(?=[\u4e00-\u9fff（])", "、", text)
    return text.strip("、，,；; ")


def _clause(row: TaskRow, columns: dict[str, int], first_leads: bool) -> str:
    lead, co, responsible = _units(row.lead), _units(row.co), _units(row.responsible)
    if "lead" in columns:
        co = "、".join(x for x in (co, responsible) if x)
    elif "co" in columns:
        lead = lead or responsible
    elif responsible:
        if re.search(r"牵头|负责|配合|协助|参与|落实", responsible):
            return responsible  # the cell is a clause in its own words
        if first_leads:
            first, _, rest = re.sub(r"[，,；;]", "、", responsible).partition("、")
            lead, co = first, rest
        else:
            return f"责任单位：{responsible}"
    parts = []
    if lead:
        parts.append(f"牵头单位：{lead}")
    if co:
        parts.append(f"配合单位：{co}")
    return "，".join(parts)


def _flat(text: str) -> str:
    return re.sub(r"\s*\n\s*", "", text).strip()


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n <= 10:
        return "十" if n == 10 else digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def plan_title(above: list[str], fallback: str) -> str:
    """The title as the table states it: the first line above it that is not a bare 附件/附表 label
    (a leading ``附件1：`` goes), else ``fallback``."""
    for line in above:
        text = normalize_line(line)
        if 4 <= len(text) <= 60 and not re.match(r"^(附件|附表|表)\s*\d*[：:]?$", text):
            return re.sub(r"^(附件|附表)\s*\d*\s*[：:]?\s*", "", text)
    return fallback


def _body_items(intro: list[str], rows: list[TaskRow]) -> dict[int, tuple[int, str]]:
    """A plan whose body lists the tasks (1.大力发展光伏发电。……到2025年……) without clauses and whose
    分工表 gives each 序号 its units: {id(row): (intro line index, the body item's text after its title)}
    for each row whose 序号 and title match exactly one body item."""
    items: dict[int, list[tuple[int, str]]] = {}
    for index, line in enumerate(intro):
        heading = match_heading(normalize_line(line))
        if heading is not None and heading.level == 3:
            items.setdefault(heading.number, []).append((index, heading.rest))
    found: dict[int, tuple[int, str]] = {}
    for row in rows:
        title = _flat(row.title)
        if not row.number.strip().isdigit() or not title:
            continue
        same = [(i, rest) for i, rest in items.get(int(row.number.strip()), []) if _flat(rest).startswith(title)]
        if len(same) == 1:
            index, rest = same[0]
            found[id(row)] = (index, _flat(rest)[len(title):].lstrip("。：:，"))
    return found


def table_lines(table: TaskTable, intro: list[str], title: str, part: int = 1) -> tuple[list[str], dict[int, int]]:
    """The table written in the plan's text form, after ``intro``; and {line number: deadline year}."""
    first_leads = any(_FIRST_LEADS.search(t) for t in table.above + table.header + table.notes)
    bodies = _body_items(intro, table.rows)
    taken = {index for index, _ in bodies.values()}
    lines = [line for index, line in enumerate(intro) if index not in taken]
    if not any(normalize_line(line) == normalize_line(title) for line in lines):
        lines.append(title)
    lines.append(f"{_cn(part)}、重点任务")
    deadlines: dict[int, int] = {}
    areas: list[str] = []
    number = 0
    for row in table.rows:
        if row.area and (not areas or areas[-1] != row.area):
            areas.append(row.area)
            lines.append(f"（{_cn(len(areas))}）{_flat(row.area)}")
            number = 0
        number += 1
        title_text, content = _flat(row.title), _flat(row.content)
        if id(row) in bodies and not content:
            content = bodies[id(row)][1]  # the body's own item of that number: its text, targets and all
        heading = match_heading(normalize_line(title_text)) if title_text else None
        if heading and heading.level >= 3:
            title_text = heading.rest
        if title_text and content:
            text = title_text + ("" if title_text.endswith(tuple(TERMINAL + "，、")) else "。") + content
        else:
            text = title_text or content
        clause = _clause(row, table.columns, first_leads)
        text = text.rstrip()
        if clause:
            text += f"（{clause}）"
        lines.append(f"{number}.{text}")
        year = deadline_year(row.deadline)
        if year:
            deadlines[len(lines)] = year
    return lines, deadlines


# ----------------------------------------------------------------------------- spreadsheets


def _filled(rows: list[list], merged) -> list[list[str]]:
    grid = [[_cell(v) for v in row] for row in rows]
    width = max((len(r) for r in grid), default=0)
    grid = [r + [""] * (width - len(r)) for r in grid]
    for (r0, c0), (r1, c1) in merged or []:
        if r0 >= len(grid) or c0 >= width:
            continue
        value = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                grid[r][c] = value
    return grid


def _xls_sheets(path: Path, data: bytes) -> list[tuple[str, list[list], list]]:
    """An Excel 97–2003 workbook's sheets as (name, rows, merged ranges) through xlrd, which reads a
    damaged .xls to an error where calamine may abort the process."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception as exc:  # noqa: BLE001 - xlrd raises assorted types for damaged files
        raise UserError(f"无法打开表格文件“{path}”：{exc}。请在 Excel/WPS 中打开并另存为 .xlsx 后重试。") from None
    sheets = []
    for sheet in book.sheets():
        rows = []
        for r in range(sheet.nrows):
            row = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                    except (ValueError, OverflowError):
                        row.append(cell.value)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    row.append(None)
                else:
                    row.append(cell.value)
            rows.append(row)
        merged = [((rlo, clo), (rhi - 1, chi - 1)) for rlo, rhi, clo, chi in sheet.merged_cells]
        sheets.append((sheet.name, rows, merged))
    return sheets


def _calamine_sheets(path: Path, data: bytes) -> list[tuple[str, list[list], list]]:
    """An .xlsx or .ods workbook's sheets as (name, rows, merged ranges) through calamine."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types for damaged files
        raise UserError(f"无法打开表格文件“{path}”：{exc}。请在 Excel/WPS 中打开并另存为 .xlsx 后重试。") from None
    sheets = []
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        sheets.append((name, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges))
    return sheets


def spreadsheet_table(path: Path, data: bytes, vocabulary: Vocabulary) -> TaskTable:
    """The first sheet of a workbook (.xlsx/.ods through calamine, .xls through xlrd) that holds a task
    table; raises :class:`UserError`. (An encrypted workbook was refused by :mod:`.source` already.)"""
    is_xls = data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    sheets = _xls_sheets(path, data) if is_xls else _calamine_sheets(path, data)
    for name, rows, merged in sheets:
        table = find_task_table(_filled(rows, merged), f"工作表“{name}”", vocabulary)
        if table is not None:
            return table
    names = "、".join(f"“{name}”" for name, _, _ in sheets)
    raise UserError(
        f"“{path}”不是任务分工表：在工作表{names}的前 15 行中都没有找到表头行"
        "（应有“重点任务”或“具体内容”列，以及“牵头单位”“配合单位”或“责任单位”列）。"
        "如果这是方案全文，请导入 Word 或 PDF 版；如果表头用了其他列名，请在 templates/task_table_columns.yaml 中增补。"
    )
