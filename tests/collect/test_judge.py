"""Judging one file right: files built the way they really arrive, each case of issue 10 a test.

LibreOffice cases type entries through the Calc dispatcher (tests/lo_type.py, ``.uno:EnterString`` —
the command the UI runs when a person types into a cell), then save as .xls/.ods/.xlsx, with or
without an open password. Damaged and hostile packages are made byte by byte.
"""

import io
import json
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from generator.collect import collect, load_plans
from generator.collect.judgement import JudgeContext, judge
from generator.forms.machine import workspace_secret
from generator.plan.planfile import plan_digest
from generator.store import ACCEPTED, NOT_A_FORM, REJECTED, Store

from . import mutations
from .conftest import PERIOD, good_answers, returned

UNIT = "市发展改革委"
LO_TYPE = Path(__file__).resolve().parents[1] / "lo_type.py"
SYSTEM_PYTHON = shutil.which("python3", path="/usr/bin:/bin")


def context(ws) -> JudgeContext:
    plans = load_plans(ws)
    return JudgeContext(PERIOD, plans, workspace_secret(ws), {p: plan_digest(plan) for p, plan in plans.items()})


def verdict_of(ws, data: bytes, name: str = "r.xlsx"):
    return judge(data, name, context(ws))


def text_of(v) -> str:
    return "\n".join(v.messages + v.warnings)


def good_bytes(ws) -> bytes:
    return returned(ws, "good.xlsx", good_answers()).read_bytes()


edited = mutations.openpyxl_edit
rezip = mutations.rezip


# --------------------------------------------------------------------------- LibreOffice, typed


def _cells(form: Path) -> dict:
    """Where each answer goes on the blank form, found by header text and row id (not by fixed letters)."""
    book = CalamineWorkbook.from_path(str(form))
    out = {}
    for sheet in ("重点任务", "量化目标"):
        rows = book.get_sheet_by_name(sheet).to_python()
        header = {str(h): i for i, h in enumerate(rows[1])}
        ids = {str(r[0]): n for n, r in enumerate(rows) if n >= 2}
        out[sheet] = (header, ids)
    return out


def _ref(col: int, row: int) -> str:
    from generator.collect.formats import cell_name

    return cell_name(row, col)


@pytest.fixture(scope="module")
def lo_typed(blank_workspace, tmp_path_factory):
    """One return typed into LibreOffice and saved as .xls, .ods and .xlsx; that .xlsx also with an open password."""
    if shutil.which("soffice") is None or SYSTEM_PYTHON is None:
        pytest.skip("LibreOffice with its Python (uno) is not installed")
    out = tmp_path_factory.mktemp("lo-typed")
    form = Path(blank_workspace) / "workbooks" / PERIOD.code / "blank" / "mini" / f"{PERIOD.code}_{UNIT}_填报表.xlsx"
    cells = _cells(form)
    th, tid = cells["重点任务"]
    gh, gid = cells["量化目标"]
    a = good_answers()
    entries = []
    typed_progress = {"T01": "45", "T02": "20", "T03": "0.6", "T05": "100%"}  # 100% typed: LO stores 1 with a percent format
    for task, ans in a.tasks.items():
        r = tid[task]
        entries += [["重点任务", _ref(th["进展状态"], r), ans.status], ["重点任务", _ref(th["完成进度(%)"], r), typed_progress[task]],
                    ["重点任务", _ref(th["本期工作进展"], r), ans.progress_text]]
        if ans.problems:
            entries.append(["重点任务", _ref(th["存在问题"], r), ans.problems])
    # G1's unit is %; I01 is the same indicator as G1, asked once on G1's row (its cells are locked)
    typed_actual = {"G1": "72.5%", "G2": "8.1", "T01-1": "18.5", "T02-1": "44"}
    for target, ans in a.targets.items():
        if target not in typed_actual:
            continue
        r = gid[target]
        entries += [["量化目标", _ref(gh["本期实际值"], r), typed_actual[target]], ["量化目标", _ref(gh["数据来源"], r), ans.source]]
    entries += [["填报信息", "B3", "张三"], ["填报信息", "B4", "0744-8888888"], ["填报信息", "B6", "2026-10-08"]]
    # LibreOffice 7.4 headless dies on a second store of the same document here and on any store with a
    # password, so each format is typed in its own session, and the open password is set the way Excel
    # sets it (ECMA-376 agile encryption, written by msoffcrypto-tool) on LibreOffice's own .xlsx.
    outputs = [[str(out / "typed.xls"), "MS Excel 97", ""], [str(out / "typed.ods"), "calc8", ""],
               [str(out / "typed.xlsx"), "Calc MS Excel 2007 XML", ""]]
    for n, output in enumerate(outputs):
        done = subprocess.run([SYSTEM_PYTHON, str(LO_TYPE), str(form), str(out / f"profile{n}"), json.dumps(entries), json.dumps([output])],
                              timeout=300, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
    files = {Path(p).name: Path(p).read_bytes() for p, _, _ in outputs}
    import msoffcrypto

    encrypted = io.BytesIO()
    msoffcrypto.OfficeFile(io.BytesIO(files["typed.xlsx"])).encrypt("secret1", encrypted)
    files["locked.xlsx"] = files["locked.xls"] = encrypted.getvalue()  # also renamed, as people do
    return files


@pytest.mark.soffice
def test_libreoffice_keeps_a_typed_percent_as_a_fraction_with_a_percent_format(lo_typed):
    # This is the fact the reader relies on: LibreOffice's own input recognition of “72.5%”.
    content = zipfile.ZipFile(io.BytesIO(lo_typed["typed.ods"])).read("content.xml").decode()
    assert 'office:value-type="percentage" office:value="0.725"' in content
    assert 'office:value-type="percentage" office:value="1"' in content


@pytest.mark.soffice
@pytest.mark.parametrize("name", ["typed.xls", "typed.ods", "typed.xlsx"])
def test_one_entry_gives_one_value_in_every_format(ws, lo_typed, name):
    v = verdict_of(ws, lo_typed[name], name)
    assert v.outcome == ACCEPTED, text_of(v)
    progress = {t.task_id: t.progress for t in v.unit_return.tasks}
    assert progress == {"T01": 45, "T02": 20, "T03": 0.6, "T05": 100}
    actual = {t.target_id: t.actual for t in v.unit_return.targets}
    assert actual["G1"] == 72.5 and actual["T01-1"] == 18.5 and actual["G2"] == 8.1
    assert any("量化目标!H3" in w and "72.5" in w for w in v.warnings), v.warnings
    assert any("T03" not in w and "0.6" in w and "请填写 60" in w for w in v.warnings), v.warnings
    assert v.unit_return.contact.date == "2026-10-08"


@pytest.mark.soffice
@pytest.mark.parametrize("real,name", [("typed.xlsx", "x.xls"), ("typed.xls", "x.xlsx"), ("typed.ods", "x.xlsx"), ("typed.xlsx", "无扩展名")])
def test_a_renamed_file_is_read_as_what_it_is_with_a_note(ws, lo_typed, real, name):
    v = verdict_of(ws, lo_typed[real], name)
    assert v.outcome == ACCEPTED, text_of(v)
    assert any("扩展名" in w and "实际是" in w for w in v.warnings)
    assert {t.task_id: t.progress for t in v.unit_return.tasks}["T05"] == 100


@pytest.mark.soffice
@pytest.mark.parametrize("name", ["locked.xlsx", "locked.xls"])
def test_an_encrypted_return_says_remove_the_open_password(ws, lo_typed, name):
    v = verdict_of(ws, lo_typed[name], name)
    assert v.outcome == REJECTED  # 退回: the unit must act, unlike a file that is simply not a form
    assert "打开密码" in text_of(v) and "损坏" not in text_of(v)
    (ws.inbox_dir(PERIOD.code) / name).write_bytes(lo_typed[name])
    result = collect(ws, PERIOD.code)
    assert [(s.file_name, s.outcome_word) for s in result.submissions] == [(name, "退回")] and result.needs_action


# --------------------------------------------------------------------------- one file never stops the quarter


def minimal_xlsx(cells: dict[str, str], sheet_name: str = "Sheet1", dimension: str | None = None) -> bytes:
    """A hand-written .xlsx with the given cells (inline strings), as a hostile sender would make it."""
    rows = ""
    for ref, text in cells.items():
        row = "".join(ch for ch in ref if ch.isdigit())
        rows += f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        f'<sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{rows}</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize("far", ["XFD1048576", "AZ1048576"])
def test_one_far_cell_is_refused_without_reading_the_sheet(ws, far, monkeypatch):
    from generator.collect import reading

    data = minimal_xlsx({"A1": "x", far: "y"})
    assert len(data) < 5000
    loaded = []
    real = reading.CalamineWorkbook.from_filelike

    class Watched:
        def __init__(self, book):
            self.book = book

        def __getattr__(self, name):
            return getattr(self.book, name)

        def get_sheet_by_name(self, name):
            loaded.append(name)
            return self.book.get_sheet_by_name(name)

    monkeypatch.setattr(reading, "CalamineWorkbook", type("C", (), {"from_filelike": staticmethod(lambda f: Watched(real(f)))}))
    v = verdict_of(ws, data, "far.xlsx")
    assert v.outcome == NOT_A_FORM and far in text_of(v) and "Sheet1" in text_of(v)
    assert loaded == []  # the reader never loaded the sheet (it would ask for gigabytes)


def test_a_lying_dimension_is_refused_too(ws):
    v = verdict_of(ws, minimal_xlsx({"A1": "x"}, dimension="A1:XFD1048576"), "dim.xlsx")
    assert v.outcome == NOT_A_FORM and "XFD1048576" in text_of(v)


def test_a_far_cell_in_a_real_return_names_the_unit(ws):
    def far(name, body):
        if name == "xl/worksheets/sheet2.xml":
            body = body.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
        return body

    v = verdict_of(ws, rezip(good_bytes(ws), far))
    assert v.outcome == REJECTED and v.unit == UNIT
    assert "重点任务" in text_of(v) and "XFD1048576" in text_of(v)


def _stored_good(ws) -> tuple[bytes, int]:
    """The good return with 重点任务's XML stored uncompressed, and the offset of a digit of the typed text in it."""
    data = rezip(good_bytes(ws), stored=("xl/worksheets/sheet2.xml",))
    return data, data.index(b"35.8")  # in T01's 任务内容 (the writer stores CJK as character references)


def test_altered_bytes_with_the_old_crc_are_refused(ws):
    data, at = _stored_good(ws)
    assert verdict_of(ws, data).outcome == ACCEPTED
    tampered = data[:at] + b"9" + data[at + 1 :]  # “35.8” → “95.8”, CRC left as it was
    v = verdict_of(ws, tampered)
    assert v.outcome == NOT_A_FORM and "CRC" in text_of(v) and "sheet2.xml" in text_of(v)


def test_broken_deflate_data_is_refused(ws):
    data = good_bytes(ws)
    z = zipfile.ZipFile(io.BytesIO(data))
    info = z.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    broken = bytearray(data)
    for i in range(start + 10, start + 40):
        broken[i] ^= 0xFF
    v = verdict_of(ws, bytes(broken))
    assert v.outcome == NOT_A_FORM and "损坏" in text_of(v)


def test_a_local_header_naming_another_member_is_refused(ws):
    data = good_bytes(ws)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet2.xml")
    name_at = info.header_offset + 30
    assert data[name_at : name_at + len(info.filename)] == info.filename.encode()
    renamed = data[:name_at] + b"xl/worksheets/sheet9.xml" + data[name_at + len(info.filename) :]
    v = verdict_of(ws, renamed)
    assert v.outcome == NOT_A_FORM and "sheet2.xml" in text_of(v) and "损坏" in text_of(v)


def test_a_member_overlapping_the_next_one_is_refused(ws):
    """A member whose declared compressed size runs into the next member (an overlapping-entries zip bomb)."""
    data = good_bytes(ws)
    infos = sorted(zipfile.ZipFile(io.BytesIO(data)).infolist(), key=lambda i: i.header_offset)
    first = infos[0]
    entry = _central_entry(data, first.filename)
    grown = struct.pack("<L", first.compress_size + 64)
    overlapping = data[: entry + 20] + grown + data[entry + 24 :]
    v = verdict_of(ws, overlapping)
    assert v.outcome == NOT_A_FORM and first.filename in text_of(v) and "损坏" in text_of(v)


def _central_entry(data: bytes, name: str) -> int:
    """Offset of ``name``'s entry in the zip's central directory."""
    at = data.index(b"PK\x01\x02")
    while True:
        name_len, extra, comment = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46 : at + 46 + name_len] == name.encode():
            return at
        at += 46 + name_len + extra + comment


@pytest.mark.parametrize("what", ["method", "encrypted"])
def test_unsupported_or_encrypted_zip_flags_are_refused(ws, what):
    data = bytearray(good_bytes(ws))
    local = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet2.xml").header_offset
    cd = _central_entry(bytes(data), "xl/worksheets/sheet2.xml")
    if what == "method":  # compression method 99 (AES) in both headers
        struct.pack_into("<H", data, local + 8, 99)
        struct.pack_into("<H", data, cd + 10, 99)
    else:  # the “encrypted” general-purpose flag
        struct.pack_into("<H", data, local + 6, struct.unpack_from("<H", data, local + 6)[0] | 1)
        struct.pack_into("<H", data, cd + 8, struct.unpack_from("<H", data, cd + 8)[0] | 1)
    v = verdict_of(ws, bytes(data))
    assert v.outcome == NOT_A_FORM and "sheet2.xml" in text_of(v)


def test_a_panic_in_the_reader_is_this_files_outcome(ws, monkeypatch):
    class PanicException(BaseException):  # what pyo3 raises when Rust code panics
        pass

    def panic(*args, **kwargs):
        raise PanicException("called `Option::unwrap()` on a `None` value")

    import generator.collect.judgement as judge_module

    monkeypatch.setattr(judge_module, "read_return", panic)
    v = verdict_of(ws, good_bytes(ws))
    assert v.outcome == REJECTED and v.unit == UNIT and "PanicException" in text_of(v)


def test_zero_width_space_and_a_huge_date_give_an_outcome(ws):
    def change(wb):
        wb["重点任务"]["H3"] = "4\u200b5"
        wb["填报信息"]["B6"] = 1e300

    v = verdict_of(ws, edited(good_bytes(ws), change))
    assert v.outcome == ACCEPTED, text_of(v)
    assert v.unit_return.tasks[0].progress == 45
    assert "填报信息!B6" in text_of(v) and "不是有效日期" in text_of(v)


# --------------------------------------------------------------------------- honest returns read right


def test_a_formula_with_no_saved_result_is_refused_with_a_message(ws):
    v = verdict_of(ws, edited(good_bytes(ws), lambda wb: wb["重点任务"].__setitem__("H3", "=40+5")))
    assert v.outcome == REJECTED
    assert any("重点任务!H3" in m and "公式" in m and "直接输入" in m for m in v.messages), v.messages


def test_every_sheet_is_checked_and_every_problem_listed(ws):
    def change(wb):
        wb["重点任务"]["H3"] = "过半"
        wb["量化目标"]["H3"] = "十九点八"
        wb["量化目标"]["H4"] = "八"

    v = verdict_of(ws, edited(good_bytes(ws), change))
    assert v.outcome == REJECTED
    where = [m.split("：")[1] for m in v.messages]
    assert "重点任务!H3" in where and "量化目标!H3" in where and "量化目标!H4" in where


def test_a_percent_in_a_percent_row_is_read_as_typed_and_a_hundredfold_value_flagged(ws):
    def change(wb):
        cell = wb["量化目标"]["H3"]  # G1, unit %
        cell.value, cell.number_format = 0.725, "0.0%"
        wb["量化目标"]["H6"] = 0.44  # T02-1, unit %, target 40-ish: a fraction typed for 44%

    v = verdict_of(ws, edited(good_bytes(ws), change))
    assert v.outcome == ACCEPTED, text_of(v)
    actual = {t.target_id: t.actual for t in v.unit_return.targets}
    assert actual["G1"] == 72.5 and actual["T02-1"] == 0.44
    assert any("量化目标!H6" in w and "约百分之一" in w for w in v.warnings), v.warnings


@pytest.mark.parametrize("cell,what", [
    ("重点任务!B3", "所属行动"), ("重点任务!D3", "任务内容"), ("重点任务!F3", "其他责任单位"), ("重点任务!A1", "标题"),
    ("量化目标!B3", "指标"), ("量化目标!D3", "基期年份"), ("量化目标!F3", "目标年份"), ("量化目标!G3", "目标值"),
    ("填报信息!B2", "填报单位"), ("量化目标!J2", "表头"),
])
def test_every_locked_cell_is_checked_against_the_form_as_sent(ws, cell, what):
    sheet, ref = cell.split("!")
    v = verdict_of(ws, edited(good_bytes(ws), lambda wb: wb[sheet].__setitem__(ref, "改过的内容")))
    assert v.outcome == REJECTED
    assert any(cell in m and "锁定" in m for m in v.messages), v.messages


def test_locked_checks_still_work_after_the_plan_file_is_edited(ws):
    data = good_bytes(ws)
    plan_file = ws.plans_dir / "mini.yaml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace("大力发展可再生能源", "大力发展新能源", 1), encoding="utf-8")
    assert verdict_of(ws, data).outcome == ACCEPTED
    v = verdict_of(ws, edited(data, lambda wb: wb["重点任务"].__setitem__("C3", "改过的任务名称")))
    assert v.outcome == REJECTED and any("重点任务!C3" in m and "大力发展可再生能源" in m for m in v.messages)


def test_a_hidden_look_alike_sheet_is_refused(ws):
    def change(wb):
        copy = wb.copy_worksheet(wb["重点任务"])
        copy.title = "重点任务\u200b"
        copy["H3"] = 99
        copy.sheet_state = "hidden"
        wb.move_sheet(copy, -(len(wb.sheetnames) - 1))

    v = verdict_of(ws, edited(good_bytes(ws), change))
    assert v.outcome == REJECTED and any("2 张名为“重点任务”" in m and "隐藏" in m for m in v.messages), v.messages


def test_an_exact_duplicate_sheet_name_is_refused(ws):
    def rename(name, body):
        if name == "xl/workbook.xml":
            body = body.replace("name=\"填报说明\"".encode(), "name=\"重点任务\"".encode())
        return body

    v = verdict_of(ws, rezip(good_bytes(ws), rename))
    assert v.outcome == REJECTED and any("名为“重点任务”" in m for m in v.messages), v.messages


def test_a_duplicate_header_is_refused(ws):
    v = verdict_of(ws, edited(good_bytes(ws), lambda wb: wb["量化目标"].__setitem__("J2", "本期实际值")))
    assert v.outcome == REJECTED and any("出现了 2 次" in m and "H2、J2" in m for m in v.messages), v.messages


def test_collect_end_to_end_keeps_every_outcome(ws):
    inbox = ws.inbox_dir(PERIOD.code)
    returned(ws, "good.xlsx", good_answers())
    (inbox / "far.xlsx").write_bytes(minimal_xlsx({"A1": "x", "XFD1048576": "y"}))
    (inbox / "cut.xlsx").write_bytes(good_bytes(ws)[:3000])
    result = collect(ws, PERIOD.code)
    words = {s.file_name: s.outcome for s in result.submissions}
    assert words == {"good.xlsx": ACCEPTED, "far.xlsx": NOT_A_FORM, "cut.xlsx": NOT_A_FORM}
    with Store(ws.store_path) as store:
        assert UNIT in store.period_returns("mini", PERIOD.code).returns


def test_a_file_name_with_non_utf8_bytes_is_named_readably(ws):
    raw = "发改委回表.xlsx".encode("gbk")  # a Chinese name unpacked from a zip made on Windows
    label = raw.decode("utf-8", "surrogateescape")
    v = judge(good_bytes(ws), label, context(ws))
    assert v.outcome == ACCEPTED and v.unit_return.file_name == "发改委回表.xlsx"
    bad = (b"\xff\xfe" + b".xlsx").decode("utf-8", "surrogateescape")
    v = judge(b"not a workbook", bad, context(ws))
    assert v.outcome == NOT_A_FORM and v.messages[0].startswith("\ufffd")
    v.messages[0].encode("utf-8")  # storable and printable


def test_a_string_table_that_over_claims_its_size_is_refused_before_the_reader_sees_it(ws):
    # python-calamine sizes its table by uniqueCount and aborts the whole process on a huge one.
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    book.add_worksheet("s").write_string(0, 0, "abc")
    book.close()
    data = rezip(out.getvalue(), lambda name, body: body.replace(b'uniqueCount="1"', b'uniqueCount="99999999999"') if name == "xl/sharedStrings.xml" else body)
    v = verdict_of(ws, data, "sst.xlsx")
    assert v.outcome == NOT_A_FORM and "sharedStrings.xml" in text_of(v)


def test_collect_survives_a_file_name_that_is_not_utf8(ws):
    import os

    returned(ws, "good.xlsx", good_answers())
    inbox = os.fsencode(ws.inbox_dir(PERIOD.code))
    with open(os.path.join(inbox, "回表".encode("gbk") + b".xlsx"), "wb") as fh:
        fh.write(b"not a workbook")
    result = collect(ws, PERIOD.code)
    assert sorted((s.file_name, s.outcome) for s in result.submissions) == [("good.xlsx", ACCEPTED), ("回表.xlsx", NOT_A_FORM)]


def test_text_typed_right_of_the_form_is_not_silently_lost(ws):
    v = verdict_of(ws, edited(good_bytes(ws), lambda wb: wb["重点任务"].__setitem__("O3", "补充说明：已完成选址")))
    assert v.outcome == REJECTED and any("重点任务!O3" in m and "表格范围以外" in m for m in v.messages), v.messages


def test_a_value_about_a_hundred_times_off_last_period_is_flagged(ws):
    ctx = context(ws)
    ctx.previous = {"mini": {UNIT: {"G1": 19.5}}}
    v = judge(edited(good_bytes(ws), lambda wb: wb["量化目标"].__setitem__("H3", 0.198)), "r.xlsx", ctx)  # G1: 19.8% typed as 0.198
    assert v.outcome == ACCEPTED
    assert any("量化目标!H3" in w and "上期值 19.5" in w and "约百分之一" in w for w in v.warnings), v.warnings


# --------------------------------------------------------------------------- the hidden copy, read only when needed


def _sheets_read(monkeypatch):
    from generator.collect import reading

    read = []
    real = reading.Workbook.sheet

    def sheet(self, name):
        read.append(name)
        return real(self, name)

    monkeypatch.setattr(reading.Workbook, "sheet", sheet)
    return read


def test_an_untouched_return_is_settled_without_reading_the_hidden_sheet(ws, monkeypatch):
    """The signed properties say whose form it is and where the sealed cells are; the cells match the
    seal, so the _meta sheet (half of all the reading) is never read."""
    read = _sheets_read(monkeypatch)
    v = verdict_of(ws, good_bytes(ws))
    assert v.outcome == ACCEPTED and v.unit == UNIT
    assert "_meta" not in read and "重点任务" in read


def test_a_changed_locked_cell_is_named_from_the_hidden_copy(ws, monkeypatch):
    answers = good_answers()
    answers.locked[("重点任务", "T01", "任务名称")] = "改过的任务名称"
    data = returned(ws, "改表.xlsx", answers).read_bytes()
    read = _sheets_read(monkeypatch)
    v = verdict_of(ws, data)
    assert v.outcome == REJECTED and "_meta" in read
    assert "重点任务!C3" in text_of(v) and "改过的任务名称" in text_of(v)


def test_a_forged_list_of_sealed_cells_only_sends_the_check_to_the_hidden_copy(ws):
    """Dropping a cell from the property list cannot hide a change: the seal covers the list itself."""
    answers = good_answers()
    answers.locked[("重点任务", "T01", "任务名称")] = "改过的任务名称"
    data = returned(ws, "改表.xlsx", answers).read_bytes()

    def drop_c3(name, body):
        if name != "docProps/custom.xml":
            return body
        import xml.etree.ElementTree as ET

        from generator.forms.machine import decode_refs, encode_refs

        root = ET.fromstring(body)
        parts = [p for p in root if (p.get("name") or "").startswith("cpf_locked_refs")]
        refs = decode_refs("".join("".join(p.itertext()) for p in parts))
        assert "重点任务!C3" in refs
        for n, prop in enumerate(parts):
            prop[0].text = encode_refs([r for r in refs if r != "重点任务!C3"]) if n == 0 else ""
        return ET.tostring(root, encoding="UTF-8", xml_declaration=True)

    v = verdict_of(ws, rezip(data, drop_c3))
    assert v.outcome == REJECTED and "重点任务!C3" in text_of(v)


def test_deflate_data_that_does_not_end_with_the_member_is_damage(ws):
    """The last compressed byte of xl/workbook.xml changed, CRC kept: the declared bytes still come out
    whole, but the deflate stream no longer ends there (other readers refuse such a member), so the
    file is damaged, not read."""
    data = bytearray(good_bytes(ws))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/workbook.xml")
    local = info.header_offset
    start = local + 30 + int.from_bytes(data[local + 26:local + 28], "little") + int.from_bytes(data[local + 28:local + 30], "little")
    data[start + info.compress_size - 1] ^= 0xFF
    v = verdict_of(ws, bytes(data))
    assert v.outcome == NOT_A_FORM and "xl/workbook.xml" in text_of(v) and "损坏" in text_of(v)
