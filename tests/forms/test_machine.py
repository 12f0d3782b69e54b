"""Identity, signature and secret: sign → write → read back → verify, and tampering detected."""

from __future__ import annotations

import dataclasses
import os
import stat
import zipfile

import pytest

from generator.errors import UserError
from generator.forms import generate_forms
from generator.forms.machine import (
    FORM_KIND,
    LOCKED_REFS_FIELD,
    PROP_CHUNK,
    FormIdentity,
    decode_refs,
    encode_refs,
    locked_cells,
    property_items,
    read_identity,
    sign,
    stamp_fields,
    verify,
    workspace_secret,
)

IDENTITY = FormIdentity("mini", "ab" * 32, "市发展改革委", "2026Q3", "1", ("T01", "T02"), ("G1", "T01-1", "I01"))


def test_sign_and_verify():
    secret = b"k" * 32
    signature = sign(IDENTITY, secret)
    assert len(signature) == 64 and verify(IDENTITY, signature, secret)
    assert verify(IDENTITY, signature.upper(), secret)  # hex case does not matter
    assert not verify(IDENTITY, signature, b"x" * 32)
    assert not verify(IDENTITY, "", secret)


@pytest.mark.parametrize(
    "change",
    [
        {"unit": "市林业局"},
        {"task_row_ids": ("T01", "T03")},
        {"target_row_ids": ("G1", "T01-1")},
        {"period": "2026Q4"},
        {"plan_digest": "cd" * 32},
        {"plan_id": "other"},
        {"template_version": "2"},
    ],
)
def test_any_change_breaks_the_signature(change):
    secret = b"k" * 32
    assert not verify(dataclasses.replace(IDENTITY, **change), sign(IDENTITY, secret), secret)


def test_canonical_json_is_stable():
    assert IDENTITY.canonical() == dataclasses.replace(IDENTITY).canonical()
    assert b'"unit":"\xe5\xb8\x82' in IDENTITY.canonical()  # UTF-8, not \u escapes
    assert b" " not in IDENTITY.canonical()


def test_long_row_lists_are_chunked_for_excel():
    many = dataclasses.replace(IDENTITY, task_row_ids=tuple(f"T{i:03d}" for i in range(200)))
    items = property_items(many, "s" * 64)
    assert all(len(v) <= PROP_CHUNK for _, v in items)
    names = [n for n, _ in items]
    assert "cpf_task_row_ids_2" in names and "cpf_task_row_ids_5" in names
    assert dict(stamp_fields(many, "s"))["kind"] == FORM_KIND


def test_secret_made_once_private_and_stable(workspace):
    first = workspace_secret(workspace)
    path = workspace.secret_path
    assert path.exists() and len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert workspace_secret(workspace) == first
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".~tmp")]


def test_secret_damaged_is_a_user_error(workspace):
    workspace.secret_path.parent.mkdir(parents=True)
    workspace.secret_path.write_text("not hex", encoding="ascii")
    with pytest.raises(UserError, match="已损坏"):
        workspace_secret(workspace)


def test_secret_is_git_ignored():
    from .conftest import REPO

    ignore = (REPO / ".gitignore").read_text(encoding="utf-8")
    assert "/workbooks/*" in ignore  # covers workbooks/.form-secret


def test_round_trip_on_written_forms(workspace, period):
    result = generate_forms(workspace, period)
    secret = workspace_secret(workspace)
    for form in result.forms:
        stamp = read_identity(form.path)
        assert stamp is not None and stamp.sources == ("properties", "sheet") and stamp.conflicts == ()
        assert stamp.identity == form.identity
        assert verify(stamp.identity, stamp.signature, secret)
        assert stamp.identity.unit == form.unit
    # a form of another workspace (another secret) does not verify here
    assert not verify(stamp.identity, stamp.signature, b"other secret 0123456789")


@pytest.mark.parametrize("refs, text", [
    (["重点任务!A5", "重点任务!B5", "重点任务!C5"], "重点任务!A5:C5"),
    (["重点任务!A5", "重点任务!C5", "重点任务!A6"], "重点任务!A5,C5,A6"),        # a gap, a new row
    (["重点任务!Z9", "重点任务!AA9", "量化目标!B4", "重点任务!A1"], "重点任务!Z9:AA9,量化目标!B4,重点任务!A1"),
    (["填报信息!B3"], "填报信息!B3"),
])
def test_sealed_cell_references_are_written_short_and_read_back_exactly(refs, text):
    assert encode_refs(refs) == text
    assert decode_refs(text) == refs


@pytest.mark.parametrize("text", ["", "A5", "重点任务!A0", "重点任务!C5:A5", "重点任务!A5:C6", "重点任务!a5", "重点任务!A05"])
def test_anything_else_is_not_a_reference_list(text):
    assert decode_refs(text) is None


def test_written_forms_say_where_every_sealed_cell_is(workspace, period):
    """The property ``cpf_locked_refs`` lists the very cells of the _meta sheet's sealed copy, in order."""
    from python_calamine import CalamineWorkbook

    from generator.forms.machine import _properties

    for form in generate_forms(workspace, period).forms:
        rows = CalamineWorkbook.from_path(str(form.path)).get_sheet_by_name("_meta").to_python()
        refs = [ref for ref, _ in locked_cells(rows)]
        assert refs and decode_refs(_properties(form.path)[LOCKED_REFS_FIELD]) == refs


def _rewrite_member(path, member, edit):
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    parts[member] = edit(parts[member])
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_tampered_unit_or_row_ids_fail_verification(workspace, period, tmp_path):
    result = generate_forms(workspace, period, unit_names=["市林业局"])
    secret = workspace_secret(workspace)
    path = result.forms[0].path
    # a unit edits the custom property to claim to be another unit
    _rewrite_member(path, "docProps/custom.xml", lambda b: b.replace("市林业局".encode(), "市住房城乡建设局".encode()))
    stamp = read_identity(path)
    assert stamp.identity.unit == "市住房城乡建设局"
    assert "unit" in stamp.conflicts  # the hidden sheet still says 市林业局
    assert not verify(stamp.identity, stamp.signature, secret)
    # changing a row id everywhere still fails: the signature covers the row ids
    _rewrite_member(path, "xl/sharedStrings.xml", lambda b: b.replace(b"T04-1", b"T04-9"))
    _rewrite_member(path, "docProps/custom.xml", lambda b: b.replace(b"T04-1", b"T04-9"))
    stamp = read_identity(path)
    assert stamp.identity.target_row_ids == ("T04-9",)
    assert not verify(stamp.identity, stamp.signature, secret)


def test_not_a_form(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    assert read_identity(junk) is None
    assert read_identity(tmp_path / "missing.xlsx") is None
    text = tmp_path / "a.txt"
    text.write_text("hello", encoding="utf-8")
    assert read_identity(text) is None
    import xlsxwriter

    other = tmp_path / "other.xlsx"
    book = xlsxwriter.Workbook(str(other))
    book.add_worksheet("_meta").write_string(0, 0, "kind")
    book.set_custom_property("cpf_kind", "something else")
    book.close()
    assert read_identity(other) is None


def test_hostile_xml_is_refused_quietly(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<Properties><property name="cpf_kind"><vt:lpwstr xmlns:vt="v">&b;</vt:lpwstr></property></Properties>'
    )
    with zipfile.ZipFile(bomb, "w") as zf:
        zf.writestr("docProps/custom.xml", xml)
    assert read_identity(bomb) is None


def test_secret_never_printed(workspace, capsys):
    from generator.forms import cli_templates

    assert cli_templates(workspace, "2026Q3", [], []) == 0
    secret = workspace_secret(workspace)
    out = capsys.readouterr()
    assert secret.hex() not in out.out + out.err
    assert os.fspath(workspace.secret_path) not in out.out
