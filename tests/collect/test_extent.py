"""A sheet's extent from its XML (reading._xlsx_sheet_facts): the fast scan and the exact pass agree.

Small invented sheets: the fast scan (any reference in column AA+ or row 10000+) must never let a far
cell through, whichever way the XML spells it, and must name the same far cell as the exact pass.
"""

import pytest

from generator.collect.formats import MAX_CELLS, MAX_COLS, MAX_ROWS
from generator.collect.reading import _xlsx_sheet_facts, cell_name


def facts(cells: str, dimension: str | None = None):
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    xml = f"<worksheet>{dim}<sheetData>{cells}</sheetData></worksheet>".encode()
    return _xlsx_sheet_facts(xml, lambda: set())


def far_name(f):
    return cell_name(*f.far) if f.far else None


def test_a_form_sized_sheet_is_not_far():
    cells = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="M{r}"><v>2</v></c></row>' for r in range(1, 400))
    f = facts(cells, "A1:M399")
    assert f.far is None and f.last == (398, 12)


@pytest.mark.parametrize("cell, spelled", [
    ("XFD1048576", '<c r="XFD1048576"><v>1</v></c>'),
    ("AZ1048576", '<c r="AZ1048576"><v>1</v></c>'),
    ("IW1", "<c r='IW1'><v>1</v></c>"),                 # single quotes are XML too
    ("A60001", '<c s="1"\n r = "A60001"><v>1</v></c>'),  # spaces and a new line around =
    ("ALL1000", '<c r="all1000"><v>1</v></c>'),         # lower case letters
])
def test_a_far_cell_is_found_however_the_reference_is_spelled(cell, spelled):
    f = facts('<row r="1"><c r="A1"><v>1</v></c></row><row r="2">' + spelled + "</row>")
    assert far_name(f) == cell


def test_a_far_row_without_cell_references_is_far():
    f = facts('<row r="1"><c r="A1"><v>1</v></c></row><row r="70000"><c><v>1</v></c></row>')
    assert f.far is not None and f.far[0] >= MAX_ROWS


def test_rows_and_columns_that_multiply_past_the_cell_limit_are_far():
    # 40 columns × 30000 rows: each within its own limit, together over MAX_CELLS.
    assert 40 < MAX_COLS and 30000 < MAX_ROWS and 40 * 30000 > MAX_CELLS
    f = facts('<row r="1"><c r="AN1"><v>1</v></c></row><row r="30000"><c r="A30000"><v>1</v></c></row>')
    assert f.far is not None


def test_wide_or_deep_but_within_limits_is_read():
    # Column AA and row 12000: the exact pass runs and finds the sheet readable.
    f = facts('<row r="1"><c r="AA1"><v>1</v></c></row><row r="12000"><c r="B12000"><v>1</v></c></row>')
    assert f.far is None and f.last == (11999, 26)


def test_a_lying_dimension_counts():
    assert far_name(facts('<row r="1"><c r="A1"><v>1</v></c></row>', "A1:XFD1048576")) == "XFD1048576"


def test_cells_without_references_count_as_placed_by_counting():
    # 2000 cells without r in one row, below 600 row elements: 600 × 2000 cells is over MAX_CELLS.
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>' + "<row/>" * 598
    wide = "<row>" + "<c><v>1</v></c>" * 2000 + "</row>"
    assert 600 * 2000 > MAX_CELLS
    assert facts(rows + wide).far is not None
    assert facts('<row r="1"><c><v>1</v></c><c><v>2</v></c></row>').far is None


def test_attributes_in_another_order_give_the_same_extent():
    same = facts('<row r="3"><c s="1" t="n" r="M3"><v>1</v></c></row>')
    assert same.far is None and same.last == (2, 12)


def test_a_nine_digit_row_is_a_far_cell_named_as_such():
    # Beyond any sheet program's last row, but a reference all the same: refused as far, with its name.
    assert far_name(facts('<row r="1"><c r="A1"><v>1</v></c><c r="B123456789"><v>1</v></c></row>')) == "B123456789"
