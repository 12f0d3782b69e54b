"""The record walk of an Excel 97-2003 (.xls) Workbook stream: damage that no spreadsheet program writes.

.xls has no checksum, and its readers skip what they do not know: xlrd passes over a record of an
unknown type without a word, so a cell whose record type lost a byte (``0x00FD`` LabelSst →
``0x6FFD``) simply vanishes and the unit's answer reads as empty. The stream is a chain of records,
each a 2-byte type and a 2-byte length ([MS-XLS] §2.1.4); walking it finds what a writer never
produces:

* a record type above 0x10FF — [MS-XLS] §2.3 defines none above 0x1068 (Fbi2, 4200), the margin is ours;
* a record longer than 8,224 bytes, the most BIFF8 allows (§2.1.4);
* a record running past the end of the stream;
* anything but zeros after a zero record header (Excel pads a short Workbook stream with zeros).

A byte changed inside a string or a number leaves the chain intact and stays undetectable: there is
nothing to compare it with (see README, “一份回表怎样判断”).
"""

from __future__ import annotations

import io
import struct

__all__ = ["MAX_RECORD_TYPE", "MAX_RECORD_BYTES", "stream_damage"]

MAX_RECORD_TYPE = 0x10FF
MAX_RECORD_BYTES = 8224


def stream_damage(data: bytes) -> str | None:
    """Why the Workbook (or BIFF5 Book) stream of the .xls ``data`` cannot be as a spreadsheet program wrote it
    (Chinese, with the byte offset in the stream), else None. Raises nothing: an OLE container xlrd cannot
    open is left to the reader, which reports it."""
    from xlrd.compdoc import CompDoc

    try:
        doc = CompDoc(data, logfile=io.StringIO())
        for name in ("Workbook", "Book"):
            mem, base, size = doc.locate_named_stream(name)
            if mem is not None:
                break
        else:
            return None
    except Exception:  # noqa: BLE001 - a broken container: the reader says so
        return None
    return walk_records(mem, base, base + size)


def walk_records(mem: bytes, start: int, end: int) -> str | None:
    """The record chain in ``mem[start:end]`` checked as :func:`stream_damage` describes; None when sound."""
    pos = start
    while pos < end:
        if pos + 4 > end:
            return f"第 {pos - start} 字节处的记录头不完整（文件被截断）"
        kind, length = struct.unpack_from("<HH", mem, pos)
        if kind == 0 and length == 0:
            if any(mem[pos:end]):
                return f"第 {pos - start} 字节之后的填充区中有数据"
            return None
        if kind > MAX_RECORD_TYPE:
            return f"第 {pos - start} 字节处的记录类型 0x{kind:04X} 不是 Excel 97-2003 格式中的记录"
        if length > MAX_RECORD_BYTES:
            return f"第 {pos - start} 字节处的记录长度 {length} 超过格式允许的 {MAX_RECORD_BYTES} 字节"
        pos += 4 + length
        if pos > end:
            return f"第 {pos - 4 - length - start} 字节处的记录超出了数据流的末尾（文件被截断或已损坏）"
    return None
