"""Returns saved by real LibreOffice (.xlsx, .ods, .xls) are identified, read and accepted with the same values."""

import shutil

import pytest

from generator.collect import collect
from generator.store import Store

from ..soffice import convert, needs_soffice
from .conftest import good_answers, returned

pytestmark = needs_soffice


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_libreoffice_saved_returns(ws, tmp_path, fmt):
    source = returned(ws, "filled.xlsx", good_answers())
    staged = tmp_path / "staged"
    staged.mkdir()
    shutil.move(source, staged / "return.xlsx")
    saved = convert([staged / "return.xlsx"], fmt, tmp_path / "saved")[0]
    shutil.copy(saved, ws.inbox_dir("2026Q3") / f"发改委回表.{fmt}")
    result = collect(ws, "2026Q3")
    outcome = result.submissions[0]
    assert (outcome.outcome_word, outcome.unit) == ("已接收", "市发展改革委"), outcome.messages
    with Store(ws.store_path) as store:
        got = store.period_returns("mini", "2026Q3").returns["市发展改革委"]
    assert [(t.task_id, t.status, t.progress, t.problems) for t in got.tasks] == [
        ("T01", "序时推进", 45, ""), ("T02", "进度滞后", 20, "项目资金未到位"), ("T03", "序时推进", 40, ""), ("T05", "已完成", 100, "")]
    assert {t.target_id: t.actual for t in got.targets} == {"G1": 19.8, "G2": 8.1, "T01-1": 18.5, "T02-1": 44.0, "I01": 19.8}
    assert got.contact.person == "张三"


@pytest.mark.parametrize("fmt, reads_hidden_copy", [("xlsx", False), ("ods", False), ("xls", True)])
def test_libreoffice_keeps_the_properties_that_spare_reading_the_hidden_sheet(ws, tmp_path, monkeypatch, fmt, reads_hidden_copy):
    """LibreOffice keeps custom properties in .xlsx and .ods (meta.xml), so the sealed cells are checked
    without the _meta sheet; an .xls has no properties we read, and the hidden copy is read instead."""
    from generator.collect import reading

    source = returned(ws, "filled.xlsx", good_answers())
    saved = convert([source], fmt, tmp_path / "saved")[0]
    source.unlink()
    shutil.copy(saved, ws.inbox_dir("2026Q3") / f"回表.{fmt}")
    read = []
    real = reading.Workbook.sheet
    monkeypatch.setattr(reading.Workbook, "sheet", lambda self, name: (read.append(name), real(self, name))[1])
    monkeypatch.setenv("MAKE_REPORTS_JOBS", "1")
    result = collect(ws, "2026Q3")
    assert result.submissions[0].outcome_word == "已接收", result.submissions[0].messages
    assert ("_meta" in read) == reads_hidden_copy
