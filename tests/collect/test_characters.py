"""Characters no one types: refused in every format with the cell named; honest symbols read exactly as typed.

A byte changed inside an .xls string (no checksum guards it) turns a character into any of U+0000–U+00FF,
or, in a CJK string, any code point. The control characters, private-use and unassigned code points
among them used to be dropped silently by ``clean_text``, so the value changed without a word
(``0744-8888888`` read as ``0744-888888``). A printable replacement (``8`` → ``¯``) stays
indistinguishable from typing; that limit is asserted here too, so it cannot change unnoticed.
"""

import pytest

from generator.collect.normalize import clean_text, odd_characters
from generator.demo.fill import TaskAnswer
from generator.store import ACCEPTED, REJECTED

from ..soffice import convert, needs_soffice
from . import mutations
from .conftest import good_answers, returned
from .test_judge import text_of, verdict_of

PHONE = "0744-8888888"
HONEST = "新增光伏装机12万千瓦，屋顶面积3.5万m²，误差±5%，温度25°C，张·李，E=mc²，Müller，½"


@pytest.mark.parametrize("text, expected", [
    ("0744-8\x0588888", "第 7 个字符 U+0005 是控制字符"),
    ("a\x00b", "第 2 个字符 U+0000 是控制字符"),
    ("a\x7fb", "第 2 个字符 U+007F 是控制字符"),
    ("a\x85b", "第 2 个字符 U+0085 是控制字符"),  # C1: a byte 0x80–0x9F of an .xls 8-bit string
    ("\ue0b0增光伏", "第 1 个字符 U+E0B0 是私用区字符"),
    ("a\u0378", "第 2 个字符 U+0378 在 Unicode 中没有定义"),
    ("a\ufffe", "第 2 个字符 U+FFFE 是 Unicode 非字符"),
    ("a\ufdd0", "第 2 个字符 U+FDD0 是 Unicode 非字符"),
    ("a\U0010ffff", "第 2 个字符 U+10FFFF 是 Unicode 非字符"),
    ("\x01\x02\x03\x04\x05", "第 3 个字符 U+0003 是控制字符，另有 2 个"),
])
def test_odd_characters_are_named_by_position_and_code_point(text, expected):
    assert expected in odd_characters(text)


@pytest.mark.parametrize("text", [
    HONEST, "第一行\n第二行\r\n第三行\t制表", "Word 的手动换行\x0b和分页\x0c", "网页复制的零宽空格\u200b和\ufeffBOM、软连字符\u00ad",
    "扩展H区的新字\U00031350", "Unicode 14 的新字\u9ffd\u9fff", "全角　空格", "🙂", "", "   ",
])
def test_honest_text_has_no_odd_characters(text):
    assert odd_characters(text) is None


@pytest.mark.parametrize("value", [None, 80, 0.6, True])
def test_non_text_values_have_no_odd_characters(value):
    assert odd_characters(value) is None


def test_clean_text_keeps_word_line_breaks_as_line_breaks():
    assert clean_text("甲\x0b乙\x0c丙\r\n丁\u200b") == "甲\n乙\n丙\n丁"


def _honest_answers():
    answers = good_answers()
    answers.tasks["T01"] = TaskAnswer("序时推进", 45, HONEST, "", "加快风电项目核准")
    return answers


def _phone_changed(data: bytes, byte: int) -> bytes:
    """The .xls with one byte of the phone number's 8-bit (compressed) string changed, as a bad disk or transfer does."""
    at = data.index(PHONE.encode("latin-1")) + 6  # the second “8” after the dash
    return data[:at] + bytes([byte]) + data[at + 1:]


def test_xlsx_control_character_as_excel_stores_it_is_refused(ws):
    """Excel writes a control character in a cell as ``_x0005_`` (ECMA-376 ST_Xstring); calamine decodes it."""
    data = returned(ws, "r.xlsx", good_answers()).read_bytes()
    changed = mutations.rezip(data, lambda name, body: body.replace(f"<t>{PHONE}</t>".encode(), b"<t>0744-8_x0005_88888</t>"))
    assert changed != data
    verdict = verdict_of(ws, changed)
    assert verdict.outcome == REJECTED
    assert "填报信息!B4：单元格中有无法作为文字读取的字符：第 7 个字符 U+0005 是控制字符" in text_of(verdict)


def test_xlsx_private_use_character_in_a_text_input_is_refused_and_honest_symbols_are_kept(ws):
    answers = _honest_answers()
    answers.tasks["T02"] = TaskAnswer("进度滞后", 20, "煤炭消费替代方案已起草", "项目资金\ue000未到位", "争取专项资金")
    verdict = verdict_of(ws, returned(ws, "r.xlsx", answers).read_bytes())
    assert verdict.outcome == REJECTED
    messages = text_of(verdict)
    assert "U+E000 是私用区字符" in messages and "重点任务!" in messages
    assert len(verdict.messages) == 1, verdict.messages  # the honest symbols of T01 are not refused
    honest = verdict_of(ws, returned(ws, "h.xlsx", _honest_answers()).read_bytes())
    assert honest.outcome == ACCEPTED, honest.messages
    assert honest.unit_return.tasks[0].progress_text == HONEST


def _with_soffice(test):
    for mark in reversed(needs_soffice):
        test = mark(test)
    return test


@pytest.fixture(scope="module")
def lo_saved(blank_workspace, tmp_path_factory):
    """A return with honest symbols saved by real LibreOffice as .xls and .ods (as a unit re-saving it would)."""
    from generator.demo.fill import fill_form
    from generator.forms import form_path
    from generator.workspace import Workspace

    from .conftest import PERIOD

    out = tmp_path_factory.mktemp("lo-saved")
    filled = fill_form(form_path(Workspace.at(blank_workspace), PERIOD, "mini", "市发展改革委"), out / "in" / "r.xlsx", _honest_answers())
    return {fmt: convert([filled], fmt, out / fmt, profile=out / "profile")[0].read_bytes() for fmt in ("xls", "ods")}


@_with_soffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_libreoffice_saved_honest_symbols_read_exactly(ws, lo_saved, fmt):
    verdict = verdict_of(ws, lo_saved[fmt], f"r.{fmt}")
    assert verdict.outcome == ACCEPTED, verdict.messages
    assert verdict.unit_return.tasks[0].progress_text == HONEST
    assert verdict.unit_return.contact.phone == PHONE


@_with_soffice
@pytest.mark.parametrize("byte, code", [(0x05, "U+0005"), (0x1F, "U+001F"), (0x7F, "U+007F"), (0x85, "U+0085")])
def test_libreoffice_xls_with_a_byte_turned_into_a_control_character_is_refused(ws, lo_saved, byte, code):
    verdict = verdict_of(ws, _phone_changed(lo_saved["xls"], byte), "r.xls")
    assert verdict.outcome == REJECTED
    assert f"填报信息!B4：单元格中有无法作为文字读取的字符：第 7 个字符 {code} 是控制字符" in text_of(verdict)


@_with_soffice
def test_libreoffice_xls_private_use_code_point_from_a_cjk_high_byte_is_refused(ws, lo_saved):
    data = lo_saved["xls"]
    at = data.index(HONEST[:14].encode("utf-16-le"))  # 新 is U+65B0; its high byte 0x65 → 0xE0 gives U+E0B0
    changed = data[:at + 1] + b"\xe0" + data[at + 2:]
    verdict = verdict_of(ws, changed, "r.xls")
    assert verdict.outcome == REJECTED
    assert "第 1 个字符 U+E0B0 是私用区字符" in text_of(verdict) and "重点任务!" in text_of(verdict)


@_with_soffice
def test_libreoffice_xls_printable_replacement_is_the_known_limit(ws, lo_saved):
    """``8`` → ``¯`` (0xAF) is a character a person can type: .xls has no checksum, so nothing tells it from typing."""
    verdict = verdict_of(ws, _phone_changed(lo_saved["xls"], 0xAF), "r.xls")
    assert verdict.outcome == ACCEPTED, verdict.messages
    assert verdict.unit_return.contact.phone == "0744-8\u00af88888"
