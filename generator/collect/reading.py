"""Reading a returned workbook's sheets as grids of values, with the facts calamine cannot see.

The file's bytes are identified and checked first (:mod:`.formats`), then
values are read once with python-calamine from exactly the members checked
there, repacked uncompressed (:meth:`.formats.Package.reader_bytes`; calamine never
resolves external entities). What calamine cannot see is read from the package itself,
the same way for every format, so one entry gives one value whether the unit
saved .xlsx, .xls or .ods:

* percent formats (``80%`` typed is stored as 0.8): .xlsx ``styles.xml`` number
  formats, .ods ``office:value-type="percentage"`` in content.xml, .xls number
  formats through xlrd (``formatting_info=True``);
* error cells (``#DIV/0!`` reads as empty in calamine);
* formulas with no saved result (calamine reads them as empty);
* each sheet's extent, before calamine is asked to load it (one far cell such as
  XFD1048576 would make it allocate hundreds of gigabytes).

A panic of the Rust reader (``pyo3_runtime.PanicException`` derives from
BaseException, not Exception) becomes :class:`NotReadable` like any other damage.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from python_calamine import CalamineWorkbook

from .formats import (
    MAX_CELLS,
    MAX_COLS,
    MAX_ROWS,
    ODS,
    XLS,
    XLSX,
    NotReadable,
    Package,
    cell_name,
    column_letter,
    ref_to_rowcol,
)

__all__ = ["NotReadable", "FarCell", "Sheet", "SheetFacts", "Workbook", "cell_name", "column_letter", "reader_guard"]


class FarCell(NotReadable):
    """A sheet's used area is far larger than any form: it is never handed to the reader."""


def reader_guard(what: str):
    """Context manager: any failure of a reader (a Rust panic included) → :class:`NotReadable`."""
    return _Guard(what)


class _Guard:
    def __init__(self, what: str):
        self.what = what

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None or isinstance(exc, (KeyboardInterrupt, SystemExit, NotReadable)):
            return False
        raise NotReadable(f"{self.what}（{type(exc).__name__}）；请用 Excel 打开后另存为 .xlsx 再发送") from None


@dataclass
class SheetFacts:
    """What a sheet's XML says about its cells (0-based (row, col) keys)."""

    errors: set = field(default_factory=set)
    percents: set = field(default_factory=set)
    formulas: dict = field(default_factory=dict)  # formula cells with no saved result → formula text
    last: tuple[int, int] = (-1, -1)  # the used area's bottom-right (max row, max col)
    far: tuple[int, int] | None = None  # one cell outside the readable area, where there is one

    def see(self, row: int, col: int) -> None:
        if row > self.last[0] or col > self.last[1]:
            self.last = (max(row, self.last[0]), max(col, self.last[1]))
            if self.far is None and _too_far(*self.last):
                self.far = (row, col)


def _too_far(row: int, col: int) -> bool:
    return row >= MAX_ROWS or col >= MAX_COLS or (row + 1) * (col + 1) > MAX_CELLS


class Sheet:
    """One sheet's values and facts."""

    def __init__(self, name: str, rows: list[list], facts: SheetFacts | None = None):
        self.name = name
        self.rows = rows
        self.facts = facts or SheetFacts()

    def value(self, row: int, col: int):
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    @property
    def error_cells(self) -> set[tuple[int, int]]:
        """Cells showing #DIV/0! and the like (calamine reads them as empty)."""
        return self.facts.errors

    @property
    def percent_cells(self) -> set[tuple[int, int]]:
        """Cells whose number format shows a percent sign (the value is the fraction: 80% → 0.8)."""
        return self.facts.percents

    @property
    def formula_cells(self) -> dict[tuple[int, int], str]:
        """Cells holding a formula whose result was never saved (they read as empty)."""
        return self.facts.formulas


class Workbook:
    """A returned workbook: sheet names and visibility, each sheet read at most once."""

    def __init__(self, package: Package):
        self.package = package
        self.kind = package.kind
        self._sheets: dict[str, Sheet] = {}
        if package.kind == XLSX:
            self._facts = _XlsxFacts(package.members)
        elif package.kind == ODS:
            self._facts = _OdsFacts(package.members["content.xml"])
        else:
            self._facts = _XlsFacts(package.data)
        if package.kind in (ODS, XLS):
            # These readers load every sheet when the workbook is opened: refuse a far cell first.
            for name, facts in self._facts.all().items():
                if facts.far is not None:
                    raise FarCell(_far_reason(name, facts))
        if package.kind == XLS:
            # calamine trusts record sizes in .xls and aborts the whole process on a damaged one (it asked
            # for 1.7 TB in the fuzz); xlrd, pure Python, has already read every cell: use its values.
            self.book = None
            self.sheet_names = self._facts.names
            self.visible = self._facts.visible
            return
        with reader_guard("无法作为表格打开"):
            self.book = CalamineWorkbook.from_filelike(io.BytesIO(package.reader_bytes()))
            self.sheet_names = [str(n) for n in self.book.sheet_names]
            self.visible = {str(m.name): str(m.visible).rsplit(".", 1)[-1].lower() for m in self.book.sheets_metadata}

    def close(self) -> None:
        if self.book is None:
            return
        try:
            self.book.close()
        except BaseException as exc:  # noqa: BLE001 - closing must never fail a verdict
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise

    def far_reasons(self) -> list[str]:
        """Why sheets would not be read (one far cell each), for every sheet of the workbook."""
        out = []
        for index, name in enumerate(self.sheet_names):
            facts = self._facts.sheet(name, index)
            if facts.far is not None:
                out.append(_far_reason(name, facts))
        return out

    def sheet(self, name: str) -> Sheet | None:
        """The sheet ``name`` (the first of that name), or None; :class:`NotReadable` when it cannot be read."""
        if name not in self.sheet_names:
            return None
        if name not in self._sheets:
            facts = self._facts.sheet(name, self.sheet_names.index(name))
            if facts.far is not None:
                raise FarCell(_far_reason(name, facts))
            with reader_guard(f"工作表“{name}”无法读取"):
                if self.book is None:
                    rows = self._facts.rows(self.sheet_names.index(name))
                else:
                    rows = self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                self._sheets[name] = Sheet(name, [list(r) for r in rows], facts)
        return self._sheets[name]


def _far_reason(name: str, facts: SheetFacts) -> str:
    row, col = facts.far
    return (
        f"工作表“{name}”的 {cell_name(row, col)} 处有内容（或格式），远远超出填报表的范围，读取会耗尽内存，已拒绝；"
        f"请删除该处内容后另存（或使用下发的原表重新填写）再发送"
    )


# --------------------------------------------------------------------------- .xlsx

_CELL = re.compile(rb"<c\b([^>]*?)(/>|>(.*?)</c>)", re.S)
_ATTR = re.compile(rb'\b(r|s|t)="([^"]*)"')
_DIMENSION = re.compile(rb'<dimension\b[^>]*\bref="([^"]+)"')


class _XlsxFacts:
    def __init__(self, members: dict[str, bytes]):
        self.members = members
        self._targets: list[str] | None = None
        self._percent: set[int] | None = None

    def _sheet_parts(self) -> list[str]:
        """Worksheet part names in workbook order (the order calamine lists the sheets in)."""
        if self._targets is None:
            workbook = self.members.get("xl/workbook.xml", b"")
            rels = self.members.get("xl/_rels/workbook.xml.rels", b"")
            self._targets = []
            for rid in re.findall(rb'<sheet\b[^>]*\br:id="([^"]+)"', workbook):
                target = re.search(rb'<Relationship\b(?=[^>]*Id="' + re.escape(rid) + rb'")[^>]*Target="([^"]+)"', rels)
                member = target.group(1).decode("utf-8", "replace") if target else ""
                member = member.lstrip("/") if member.startswith("/") else "xl/" + member
                self._targets.append(member)
        return self._targets

    def percent_styles(self) -> set[int]:
        if self._percent is None:
            self._percent = _percent_styles(self.members.get("xl/styles.xml", b""))
        return self._percent

    def all(self) -> dict[str, SheetFacts]:
        return {}

    def sheet(self, name: str, index: int) -> SheetFacts:
        parts = self._sheet_parts()
        xml = self.members.get(parts[index], b"") if index < len(parts) else b""
        return _xlsx_sheet_facts(xml, self.percent_styles)


_CELL_REF = re.compile(rb"""<c\b[^>]*?\sr\s*=\s*["']\s*([A-Za-z]{1,4})(\d{1,9})""")
_ROW_REF = re.compile(rb"""<row\b[^>]*?\sr\s*=\s*["']\s*(\d{1,9})""")
_FORMULA = re.compile(rb"<f[\s>/]")  # a cell formula (not <formula> of conditional formats and validations)


# A cell or row element spelled otherwise than every writer does (``<c r="A1"``: r first, double
# quotes), a reference not starting as one should, a column AA or beyond, a row 10000 or beyond.
# Without one, every cell is in A1:Z9999 (under MAX_CELLS), and the exact pass is not needed.
_NOT_SMALL = re.compile(
    rb"""<c(?:(?! r=")[\s>/]| r="(?:[A-Za-z]{2}|[A-Za-z]{0,4}0*[1-9]\d{4}|(?![A-Za-z])))"""
    rb"""|<row(?:(?! r=")[\s>/]| r="(?:0*[1-9]\d{4}|(?!\d)))"""
)
_CELL_START = re.compile(rb"<c[\s>/]")
_ROW_START = re.compile(rb"<row[\s>/]")


def _xlsx_sheet_facts(xml: bytes, percent_styles) -> SheetFacts:
    """Facts of one worksheet's XML: a fast pass for the extent, a cell-by-cell pass only when needed."""
    facts = SheetFacts()
    _xlsx_extent(xml, facts)
    styles = percent_styles()
    if not (styles or b't="e"' in xml or _FORMULA.search(xml)):
        return facts
    for m in _CELL.finditer(xml):
        attrs = dict(_ATTR.findall(m.group(1)))
        ref = attrs.get(b"r")
        where = ref_to_rowcol(ref.decode("ascii", "replace")) if ref else None
        if where is None:
            continue
        if attrs.get(b"t") == b"e":
            facts.errors.add(where)
        body = m.group(3) or b""
        if _FORMULA.search(body) and not re.search(rb"<v>[^<]", body):
            formula = re.search(rb"<f\b[^>]*>([^<]*)</f>", body)
            facts.formulas[where] = formula.group(1).decode("utf-8", "replace") if formula else ""
        style = attrs.get(b"s")
        if style and style.isdigit() and int(style) in styles:
            facts.percents.add(where)
    return facts


def _xlsx_extent(xml: bytes, facts: SheetFacts) -> None:
    """The sheet's used area and its first far cell, into ``facts``.

    A form's sheets are a few hundred rows by a dozen columns, so one scan (:data:`_NOT_SMALL`)
    settles nearly every sheet: when every cell and row is spelled as writers spell them and none is
    in column AA+ or row 10000+, no cell can be far (:data:`.formats.MAX_CELLS`). Any other sheet
    gets the exact pass over every reference, which also names the far cell; cells without a
    reference count as if all were in one row below every row element.
    """
    dim = _DIMENSION.search(xml)
    if dim:
        for ref in dim.group(1).decode("ascii", "replace").split(":"):
            where = ref_to_rowcol(ref.replace("$", ""))
            if where:
                facts.see(*where)
    if _NOT_SMALL.search(xml) is None:
        return
    refs = _CELL_REF.findall(xml)
    if refs:
        # The first reference in the widest column, then the first in the deepest row (the same cells
        # a max() over every reference finds), worked out over the distinct letters and digits only.
        refs = [(letters.upper(), digits) for letters, digits in refs]
        letters = {ref[0] for ref in refs}
        widest = max(letters, key=lambda text: (len(text), text))
        row_letters, row_digits = next(ref for ref in refs if ref[0] == widest)
        facts.see(*ref_to_rowcol((row_letters + row_digits).decode()))
        digits = {ref[1] for ref in refs}
        depth = max(map(int, digits))
        deepest_digits = {text for text in digits if int(text) == depth}
        deepest = next(ref for ref in refs if ref[1] in deepest_digits)
        facts.see(*ref_to_rowcol((deepest[0] + deepest[1]).decode()))
    rows = _ROW_REF.findall(xml)
    if rows:
        facts.see(max(map(int, set(rows))) - 1, 0)
    unplaced = len(_CELL_START.findall(xml)) - len(refs)
    if unplaced > 0:
        # Cells without a reference are placed by counting (calamine does so): at worst all in one row,
        # after every row element.
        facts.see(len(_ROW_START.findall(xml)) - 1, unplaced - 1)


def _percent_styles(styles: bytes) -> set[int]:
    """Indexes into cellXfs whose number format shows a percent sign (outside quotes)."""
    if b"%" not in styles and b"&#" not in styles and not re.search(rb'numFmtId\s*=\s*["\'](?:9|10)["\']', styles):
        return set()  # no percent format at all (the usual case): nothing to look up
    custom = {int(i): code for i, code in re.findall(rb'<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"', styles)}
    xfs = re.search(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", styles, re.S)
    if not xfs:
        return set()
    found = set()
    for index, m in enumerate(re.finditer(rb"<xf\b([^>]*?)(?:/>|>)", xfs.group(1))):
        fmt = re.search(rb'numFmtId="(\d+)"', m.group(1))
        fmt_id = int(fmt.group(1)) if fmt else 0
        if fmt_id in (9, 10) or is_percent_format(custom.get(fmt_id, b"").decode("utf-8", "replace").replace("&quot;", '"')):
            found.add(index)
    return found


def is_percent_format(code: str) -> bool:
    """True when a number format code shows the value as a percentage (``0%``, ``0.0%``; not ``"%"`` in quotes)."""
    code = re.sub(r'"[^"]*"|\\.', "", code)
    return "%" in code


# --------------------------------------------------------------------------- .ods

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
ODS_MAX_ROWS, ODS_MAX_COLS = 1048576, 16384  # LibreOffice's own sheet size: no honest file repeats beyond it


class _OdsFacts:
    """One pass over content.xml: extents, percentage cells, error cells and unsaved formulas of every table."""

    def __init__(self, content: bytes):
        self.tables: dict[str, SheetFacts] = {}
        self.order: list[str] = []
        try:
            self._scan(content)
        except ET.ParseError:
            raise NotReadable("文件已损坏：OpenDocument 表格的 content.xml 不是完整的 XML") from None

    def _scan(self, content: bytes) -> None:
        facts = None
        row = col = 0
        row_reps = 1
        depth_in_cell = 0
        for event, el in ET.iterparse(io.BytesIO(content), events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == _T + "table":
                    name = el.get(_T + "name", "")
                    facts = SheetFacts()
                    if name not in self.tables:
                        self.tables[name] = facts
                    self.order.append(name)
                    row = 0
                elif tag == _T + "table-row" and facts is not None:
                    col = 0
                    row_reps = _count(el.get(_T + "number-rows-repeated"))
                    if row_reps > ODS_MAX_ROWS:
                        raise NotReadable(f"文件已损坏：工作表“{self.order[-1]}”中的行重复次数（{row_reps}）超过表格的上限，无法安全读取")
                elif tag in (_T + "table-cell", _T + "covered-table-cell"):
                    depth_in_cell += 1
                continue
            if tag in (_T + "table-cell", _T + "covered-table-cell") and facts is not None:
                depth_in_cell -= 1
                reps = _count(el.get(_T + "number-columns-repeated"))
                if reps > ODS_MAX_COLS:
                    raise NotReadable(f"文件已损坏：工作表“{self.order[-1]}”中的列重复次数（{reps}）超过表格的上限，无法安全读取")
                kind = el.get(_O + "value-type")
                has_text = any((t.text or "").strip() or len(t) for t in el)
                if depth_in_cell == 0:
                    if kind or has_text or el.get(_T + "formula"):
                        facts.see(row + row_reps - 1, col + reps - 1)
                        if row_reps * reps <= 64:  # facts cell by cell only for a handful of copies
                            for r in range(row, row + row_reps):
                                for c in range(col, col + reps):
                                    if kind == "percentage":
                                        facts.percents.add((r, c))
                                    if el.get(_CALCEXT + "value-type") == "error":
                                        facts.errors.add((r, c))
                                    formula = el.get(_T + "formula")
                                    if formula and not kind:
                                        facts.formulas[(r, c)] = formula.split(":", 1)[-1]
                    col += reps
                    el.clear()
            elif tag == _T + "table-row" and facts is not None:
                row += row_reps
                el.clear()
            elif tag == _T + "table":
                facts = None

    def all(self) -> dict[str, SheetFacts]:
        return self.tables

    def sheet(self, name: str, index: int) -> SheetFacts:
        if index < len(self.order) and self.order[index] == name:
            return self.tables.get(name, SheetFacts())
        return self.tables.get(name, SheetFacts())


def _count(text: str | None) -> int:
    try:
        return max(1, int(text)) if text else 1
    except ValueError:
        return 1


# --------------------------------------------------------------------------- .xls


class _XlsFacts:
    """An Excel 97-2003 file read with xlrd: values, number formats, error cells and extents."""

    def __init__(self, data: bytes):
        import xlrd

        with reader_guard("文件已损坏，无法作为 Excel 97-2003 表格打开"):
            self.book = xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True, logfile=io.StringIO())
            self.names = [s.name for s in self.book.sheets()]
            self.visible = {s.name: "visible" if s.visibility == 0 else "hidden" for s in self.book.sheets()}
        self.tables: dict[str, SheetFacts] = {}
        with reader_guard("文件已损坏，无法作为 Excel 97-2003 表格打开"):
            percent_xf = set()
            for i, xf in enumerate(self.book.xf_list):
                fmt = self.book.format_map.get(xf.format_key)
                if fmt is not None and is_percent_format(fmt.format_str):
                    percent_xf.add(i)
            for sheet in self.book.sheets():
                facts = SheetFacts()
                for r in range(sheet.nrows):
                    length = sheet.row_len(r)
                    if not length:
                        continue
                    facts.see(r, length - 1)
                    if facts.far is not None:
                        break
                    for c in range(length):
                        if sheet.cell_type(r, c) == xlrd.XL_CELL_ERROR:
                            facts.errors.add((r, c))
                        if sheet.cell_xf_index(r, c) in percent_xf:
                            facts.percents.add((r, c))
                self.tables.setdefault(sheet.name, facts)

    def all(self) -> dict[str, SheetFacts]:
        return self.tables

    def sheet(self, name: str, index: int) -> SheetFacts:
        return self.tables.get(name, SheetFacts())

    def rows(self, index: int) -> list[list]:
        """The sheet's values as calamine gives them: '' for empty, str, float, bool, datetime for dates."""
        import xlrd
        from xlrd.formatting import FDT

        sheet = self.book.sheet_by_index(index)
        out = []
        for r in range(sheet.nrows):
            row = []
            for c in range(sheet.row_len(r)):
                kind, value = sheet.cell_type(r, c), sheet.cell_value(r, c)
                if kind == xlrd.XL_CELL_TEXT:
                    row.append(value)
                elif kind == xlrd.XL_CELL_NUMBER:
                    fmt = self.book.format_map.get(self.book.xf_list[sheet.cell_xf_index(r, c)].format_key)
                    if fmt is not None and fmt.type == FDT:
                        try:
                            value = xlrd.xldate.xldate_as_datetime(value, self.book.datemode)
                        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                            pass
                    row.append(value)
                elif kind == xlrd.XL_CELL_DATE:
                    try:
                        row.append(xlrd.xldate.xldate_as_datetime(value, self.book.datemode))
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        row.append(value)
                elif kind == xlrd.XL_CELL_BOOLEAN:
                    row.append(bool(value))
                else:  # empty, blank, error (errors are in the facts)
                    row.append("")
            out.append(row)
        return out
