"""Opening a returned file safely and reading its sheets as grids of values.

Files come from outside: they are size-checked, zip packages are checked for
bombs and XML entity declarations before any parser sees them, and values are
read once with python-calamine (which never resolves external entities). Two
things calamine cannot see are read from the .xlsx package directly, only on
the sheets that need them: error cells (``#DIV/0!`` reads as empty) and
whether a cell is percent-formatted (80% typed in Excel is stored as 0.8).
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

MAX_FILE_BYTES = 20 * 1024 * 1024  # a filled form is ~30 KB; anything this big is not one
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed ÷ compressed for one member
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods")


class NotReadable(Exception):
    """The file cannot be opened as a workbook; ``reason`` is the Chinese explanation."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """0-based (row, col) → ``G7``."""
    return f"{column_letter(col)}{row + 1}"


def check_package(path: Path, data_head: bytes, size: int, data: bytes | None = None,
                  archive: zipfile.ZipFile | None = None) -> None:
    """Refuse oversized files, zip bombs and XML with entity declarations, before parsing.

    ``data``: the file's bytes when already read (then ``path`` only gives the extension);
    ``archive``: its zip when already open."""
    if size > MAX_FILE_BYTES:
        raise NotReadable(f"文件过大（{size / 1024 / 1024:.1f} MB），不是填报表")
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise NotReadable(f"不是 Excel 表格文件（扩展名 {path.suffix or '无'}）")
    if suffix in ZIP_SUFFIXES:
        if not data_head.startswith(b"PK"):
            raise NotReadable("扩展名是表格文件，但内容不是（文件可能已损坏或被改了扩展名）")
        try:
            with contextlib.nullcontext(archive) if archive is not None else \
                    zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as archive:
                total = 0
                for info in archive.infolist():
                    total += info.file_size
                    if total > MAX_UNPACKED_BYTES or (info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024):
                        raise NotReadable("压缩包解压后异常巨大（疑似“压缩炸弹”），已拒绝打开")
                    if info.filename.endswith((".xml", ".rels", ".vml")):
                        with archive.open(info) as member:
                            head = member.read(4096)
                        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                            raise NotReadable(f"文件内的 {info.filename} 含有实体声明（DOCTYPE/ENTITY），出于安全考虑已拒绝打开")
        except zipfile.BadZipFile:
            raise NotReadable("文件已损坏，无法作为表格打开（不是完整的压缩包）") from None
    elif suffix == ".xls" and not data_head.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotReadable("扩展名是 .xls，但内容不是 Excel 97-2003 表格")


class Sheet:
    """One sheet's values; error and percent-format facts are looked up only when asked for."""

    def __init__(self, name: str, rows: list[list], facts=None):
        self.name = name
        self.rows = rows
        self._facts = facts  # callable → (error cells, percent cells), for .xlsx only
        self._known: tuple[set, set | None] | None = None

    def value(self, row: int, col: int):
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    def _lookup(self) -> tuple[set, set | None]:
        if self._known is None:
            self._known = self._facts() if self._facts else (set(), None)
        return self._known

    @property
    def error_cells(self) -> set[tuple[int, int]]:
        """Cells showing #DIV/0! and the like (calamine reads them as empty)."""
        return self._lookup()[0]

    @property
    def percent_cells(self) -> set[tuple[int, int]] | None:
        """Percent-formatted cells; None where the format cannot tell (.ods, .xls)."""
        return self._lookup()[1]


class Workbook:
    """A returned workbook's sheets, read lazily, each once."""

    def __init__(self, path: Path, data: bytes | None = None, archive: zipfile.ZipFile | None = None):
        self.path = path
        try:
            self.book = CalamineWorkbook.from_filelike(io.BytesIO(data)) if data is not None else CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine raises its own error types for every kind of damage
            raise NotReadable(f"无法作为表格打开（{type(exc).__name__}）") from None
        self.sheet_names = list(self.book.sheet_names)
        self._sheets: dict[str, Sheet] = {}
        self._package: _XlsxPackage | None = _XlsxPackage(path, data, archive) if path.suffix.lower() in (".xlsx", ".xlsm") else None

    def close(self) -> None:
        self.book.close()

    def sheet(self, name: str) -> Sheet | None:
        if name not in self.sheet_names:
            return None
        if name not in self._sheets:
            try:
                rows = self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:
                raise NotReadable(f"工作表“{name}”无法读取（{type(exc).__name__}）") from None
            index = self.sheet_names.index(name)
            facts = (lambda: self._package.cell_facts(index)) if self._package else None
            self._sheets[name] = Sheet(name, [list(r) for r in rows], facts)
        return self._sheets[name]


_CELL = re.compile(rb"<c\b([^>]*)>")
_ATTR = re.compile(rb'\b(r|s|t)="([^"]*)"')
_REF = re.compile(r"([A-Z]+)(\d+)")


def _ref_to_rowcol(ref: str) -> tuple[int, int] | None:
    m = _REF.fullmatch(ref)
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


class _XlsxPackage:
    """The parts of an .xlsx needed for cell facts, each read once per workbook and only if asked."""

    def __init__(self, path: Path, data: bytes | None = None, archive: zipfile.ZipFile | None = None):
        self.path = path
        self.data = data
        self.archive = archive
        self._parts: dict[str, bytes] | None = None
        self._members: list[str] = []
        self._percent: set[bytes] | None = None

    def _open(self):
        if self.archive is not None:
            return contextlib.nullcontext(self.archive)
        return zipfile.ZipFile(io.BytesIO(self.data) if self.data is not None else self.path)

    def _load(self) -> dict[str, bytes]:
        """styles.xml and the member name of each worksheet, in workbook order (sheets are read when asked)."""
        if self._parts is None:
            self._parts = {}
            try:
                with self._open() as archive:
                    names = set(archive.namelist())
                    workbook = archive.read("xl/workbook.xml")
                    rels = archive.read("xl/_rels/workbook.xml.rels")
                    styles = archive.read("xl/styles.xml") if "xl/styles.xml" in names else b""
                    for rid in re.findall(rb'<sheet\b[^>]*r:id="([^"]+)"', workbook):
                        target = re.search(rb'<Relationship\b(?=[^>]*Id="' + re.escape(rid) + rb'")[^>]*Target="([^"]+)"', rels)
                        member = target.group(1).decode().lstrip("/") if target else ""
                        member = member if member.startswith("xl/") else "xl/" + member
                        self._members.append(member if member in names else "")
                self._parts = {"styles": styles}
            except (KeyError, zipfile.BadZipFile, OSError, UnicodeDecodeError):
                self._parts = {}
        return self._parts

    def _sheet_xml(self, index: int) -> bytes | None:
        parts = self._load()
        if not parts or index >= len(self._members):
            return None
        if not self._members[index]:
            return b""
        try:
            with self._open() as archive:
                return archive.read(self._members[index])
        except (KeyError, zipfile.BadZipFile, OSError):
            return None

    def cell_facts(self, sheet_index: int) -> tuple[set, set | None]:
        """(error cells, percent-formatted cells) of one worksheet, by scanning its XML.

        Only the cells that matter are looked at: a regex (run in C) finds the ``<c>`` tags with
        ``t="e"`` or with a percent style, and only those are decoded."""
        sheet_xml = self._sheet_xml(sheet_index)
        if sheet_xml is None:
            return set(), None
        if self._percent is None:
            self._percent = {str(i).encode() for i in _percent_styles(self._parts.get("styles", b""))}
        errors: set = set()
        percents: set = set()
        if b't="e"' in sheet_xml:
            errors = _cells_with(sheet_xml, _ERROR_TAG)
        if self._percent:
            styles = b"|".join(sorted(self._percent))
            percents = _cells_with(sheet_xml, re.compile(rb'<c\b[^>]*?\bs="(?:' + styles + rb')"[^>]*>'))
        return errors, percents


_ERROR_TAG = re.compile(rb'<c\b[^>]*?\bt="e"[^>]*>')


def _cells_with(sheet_xml: bytes, tag: re.Pattern) -> set[tuple[int, int]]:
    found = set()
    for m in tag.finditer(sheet_xml):
        ref = dict(_ATTR.findall(m.group(0)[2:])).get(b"r")
        where = _ref_to_rowcol(ref.decode()) if ref else None
        if where is not None:
            found.add(where)
    return found


@functools.lru_cache(maxsize=16)  # the forms of one run share a few styles.xml
def _percent_styles(styles: bytes) -> frozenset[int]:
    """Indexes into cellXfs whose number format shows a percent sign."""
    custom = {int(i): code for i, code in re.findall(rb'<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"', styles)}
    xfs = re.search(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", styles, re.S)
    if not xfs:
        return frozenset()
    found = set()
    for index, m in enumerate(re.finditer(rb"<xf\b([^>]*?)(?:/>|>)", xfs.group(1))):
        fmt = re.search(rb'numFmtId="(\d+)"', m.group(1))
        fmt_id = int(fmt.group(1)) if fmt else 0
        if fmt_id in (9, 10) or b"%" in custom.get(fmt_id, b""):
            found.add(index)
    return frozenset(found)
