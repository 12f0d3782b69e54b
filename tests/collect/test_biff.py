""".xls record chain: a record no program writes makes the file 非填报表 (damaged) instead of a silently lost cell."""

import struct

import pytest
import xlrd

from generator.collect import judgement
from generator.collect.biff import MAX_RECORD_BYTES, stream_damage, walk_records
from generator.store import ACCEPTED, NOT_A_FORM

from .test_characters import _with_soffice, lo_saved  # noqa: F401 - the fixture: a LibreOffice-saved return
from .test_judge import text_of, verdict_of


def record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


BOF = record(0x0809, b"\x00\x06\x05\x00" + b"\x00" * 12)
EOF_ = record(0x000A)


@pytest.mark.parametrize("chain, found", [
    (BOF + EOF_, None),
    (BOF + record(0x1068, b"\x00" * 8) + EOF_, None),  # Fbi2, the highest type [MS-XLS] defines
    (BOF + EOF_ + b"\x00" * 100, None),  # Excel pads a short stream with zeros
    (BOF + record(0x6FFD, b"\x00" * 10) + EOF_, "记录类型 0x6FFD"),
    (BOF + EOF_ + b"\x00" * 10 + b"\x01" + b"\x00" * 5, "填充区中有数据"),
    (BOF + struct.pack("<HH", 0x00FC, MAX_RECORD_BYTES + 1) + b"\x00" * (MAX_RECORD_BYTES + 1), "超过格式允许"),
    (BOF + struct.pack("<HH", 0x00FD, 10) + b"\x00" * 4, "超出了数据流的末尾"),
    (BOF + b"\xfd\x00", "记录头不完整"),
])
def test_walk_records(chain, found):
    damage = walk_records(chain, 0, len(chain))
    assert damage is None if found is None else found in damage


def test_not_an_ole_container_is_left_to_the_reader():
    assert stream_damage(b"not an OLE file") is None


def _next_steps_record(data: bytes) -> int:
    """Offset in the file of the LabelSst record (0x00FD) of T05's 下步计划 cell (“常态化调度”)."""
    book = xlrd.open_workbook(file_contents=data)
    sheet = book.sheet_by_name("重点任务")
    (r, c), = [(r, c) for r in range(sheet.nrows) for c in range(sheet.row_len(r)) if sheet.cell_value(r, c) == "常态化调度"]
    at = data.index(struct.pack("<HHHH", 0x00FD, 10, r, c))
    assert data.find(struct.pack("<HHHH", 0x00FD, 10, r, c), at + 1) == -1
    return at


@_with_soffice
def test_libreoffice_xls_with_a_cell_record_type_changed_is_damaged_not_a_lost_answer(ws, lo_saved, monkeypatch):  # noqa: F811
    """The fuzz's case (seed 7): one byte turns a LabelSst record into type 0x6FFD. Without the walk, xlrd skips it
    and T05's 下步计划 reads as empty — an accepted return with the unit's words gone."""
    data = lo_saved["xls"]
    assert stream_damage(data) is None
    at = _next_steps_record(data)
    changed = data[:at + 1] + b"\x6f" + data[at + 2:]
    verdict = verdict_of(ws, changed, "r.xls")
    assert verdict.outcome == NOT_A_FORM
    assert "文件已损坏" in text_of(verdict) and "记录类型 0x6FFD" in text_of(verdict)
    monkeypatch.setattr(judgement, "stream_damage", lambda data: None)
    unchecked = verdict_of(ws, changed, "r.xls")
    assert unchecked.outcome == ACCEPTED and unchecked.unit_return.tasks[-1].next_steps == ""


@_with_soffice
def test_libreoffice_xls_is_sound(ws, lo_saved):  # noqa: F811
    verdict = verdict_of(ws, lo_saved["xls"], "r.xls")
    assert verdict.outcome == ACCEPTED, verdict.messages
    assert verdict.unit_return.tasks[-1].next_steps == "常态化调度"
