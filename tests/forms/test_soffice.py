"""Forms through real LibreOffice (headless convert stands in for "open and save"): what survives.

Skipped where ``soffice`` is not installed. Measured with LibreOffice 7.4: validations, unlocked
cells, sheet protection, print setup and the machine data survive xlsx→xlsx and xlsx→ods→xlsx;
the very hidden ``_meta`` becomes merely hidden and frozen panes are dropped by a headless convert;
.xls keeps ``_meta`` (custom properties there are not read back).
"""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from generator.forms import generate_forms, read_identity, verify, workspace_secret
from generator.forms.columns import INFO_SHEET, SHEETS, TARGET_SHEET, TASK_SHEET
from generator.period import Period
from generator.workspace import Workspace

from ..soffice import convert, needs_soffice
from .conftest import MINI

pytestmark = needs_soffice
UNITS = ("市发展改革委", "市生态环境局")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    root = tmp_path_factory.mktemp("lo")
    (root / "ws" / "plans").mkdir(parents=True)
    shutil.copy(MINI, root / "ws" / "plans" / "mini.yaml")
    workspace = Workspace.at(root / "ws")
    result = generate_forms(workspace, Period.parse("2026Q3"), unit_names=list(UNITS))
    originals = [f.path for f in result.forms]
    # ASCII copies: LibreOffice names outputs after the input
    src = root / "src"
    src.mkdir()
    copies = []
    for i, path in enumerate(originals):
        copies.append(src / f"form{i}.xlsx")
        shutil.copy(path, copies[-1])
    profile = root / "profile"
    out = {
        "orig": copies,
        "xlsx": convert(copies, "xlsx", root / "xlsx", profile),
        "ods": convert(copies, "ods", root / "ods", profile),
        "xls": convert(copies, "xls", root / "xls", profile),
    }
    out["ods.xlsx"] = convert(out["ods"], "xlsx", root / "odsxlsx", profile)
    return workspace, result, out


def _dv_summary(ws):
    return sorted((dv.type, dv.formula1, str(dv.sqref), dv.promptTitle) for dv in ws.data_validations.dataValidation)


def _dv_cells(ws):
    cells = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    cells[ws.cell(row, col).coordinate] = (dv.type or "any", (dv.formula1 or "").strip('"'), dv.promptTitle)
    return cells


def _unlocked(ws):
    return sorted(c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False)


@pytest.mark.parametrize("kind", ["xlsx", "ods", "xls"])
def test_identity_survives(converted, kind):
    workspace, result, out = converted
    secret = workspace_secret(workspace)
    for form, path in zip(result.forms, out[kind]):
        stamp = read_identity(path)
        assert stamp is not None, path
        assert stamp.identity == form.identity
        assert stamp.conflicts == ()
        assert verify(stamp.identity, stamp.signature, secret)
        assert "sheet" in stamp.sources
        if kind in ("xlsx", "ods"):
            assert "properties" in stamp.sources  # custom properties kept by LibreOffice


@pytest.mark.parametrize("kind", ["xlsx", "ods.xlsx"])
def test_validations_locks_and_protection_survive(converted, kind):
    _, _, out = converted
    for original, saved in zip(out["orig"], out[kind]):
        before, after = openpyxl.load_workbook(original), openpyxl.load_workbook(saved)
        assert after.sheetnames == list(SHEETS)
        assert after["_meta"].sheet_state in ("hidden", "veryHidden")  # very hidden becomes hidden
        for name in (TASK_SHEET, TARGET_SHEET, INFO_SHEET):
            b, a = before[name], after[name]
            assert _unlocked(a) == _unlocked(b), name
            assert a.protection.sheet, name
            got, want = _dv_cells(a), _dv_cells(b)
            for cell, (dv_type, formula, title) in want.items():
                assert cell in got, (name, cell)
                assert got[cell][0] == dv_type and got[cell][2] == title, (name, cell)
                if dv_type == "list":
                    assert got[cell][1] == formula, (name, cell)
            assert a.page_setup.orientation == "landscape" and int(a.page_setup.paperSize) == 9
        for name in (TASK_SHEET, TARGET_SHEET):
            assert after[name].print_title_rows.replace("$", "") == "1:2"


def test_text_and_cells_survive(converted):
    _, _, out = converted
    for original, saved in zip(out["orig"], out["xlsx"]):
        before, after = openpyxl.load_workbook(original), openpyxl.load_workbook(saved)
        for name in (TASK_SHEET, TARGET_SHEET, "填报说明"):
            values = lambda ws: [[c.value for c in row] for row in ws.iter_rows()]  # noqa: E731
            assert values(after[name]) == values(before[name]), name
