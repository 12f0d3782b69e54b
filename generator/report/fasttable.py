"""Table body rows without python-docx's per-cell overhead: copies of formatted prototype cells.

python-docx builds a cell's XML one ``get_or_add_*`` at a time, and each of those scans the
parent's children in schema order; for a 1,000-row annex that is most of a report's time.
Here the caller formats **one prototype cell per (role, alignment, fill)** the ordinary python-docx
way (so fonts and paragraph properties are defined in one place, :func:`tables._cell_text`), and
every cell is an lxml deep copy of its prototype with only its width and text changed. The
result is the XML python-docx would have written, element for element
(``tests/report/test_fasttable.py`` compares the two), built in C.

Used by :func:`generator.report.tables.make_table`; python-docx still owns the document, the
table element (properties, borders, grid) and everything outside the table.
"""

from __future__ import annotations

import copy
from typing import Callable, Sequence

from docx.oxml.ns import qn

_P, _R, _T, _TCPR, _TCW, _W = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:tcPr"), qn("w:tcW"), qn("w:w")
_TR, _TRPR, _CANT_SPLIT, _TBL_HEADER = qn("w:tr"), qn("w:trPr"), qn("w:cantSplit"), qn("w:tblHeader")
_VMERGE, _VAL, _SPACE = qn("w:vMerge"), qn("w:val"), "{http://www.w3.org/XML/1998/namespace}space"
# a run's text python-docx does not write as one w:t (tab → w:tab, CR → w:br)
_SPECIAL = ("\t", "\r")


class _Prototype:
    """One formatted cell, split into the parts a copy is made of: shell (tcPr), empty and full paragraph."""

    __slots__ = ("shell", "empty_p", "full_p", "run_at", "t_at", "width_at")

    def __init__(self, tc):
        paragraphs = tc.findall(_P)
        full_p = next((p for p in paragraphs if p.find(_R) is not None), None)
        if full_p is None or full_p.find(_R).find(_T) is None:
            raise ValueError("a prototype cell needs one paragraph with one run of text")
        run = full_p.find(_R)
        self.run_at = list(full_p).index(run)
        self.t_at = list(run).index(run.find(_T))
        self.full_p = copy.deepcopy(full_p)
        for extra in self.full_p.findall(_R)[1:]:
            self.full_p.remove(extra)
        self.empty_p = copy.deepcopy(full_p)
        for r in self.empty_p.findall(_R):
            self.empty_p.remove(r)
        self.shell = copy.deepcopy(tc)
        for child in list(self.shell):
            if child.tag != _TCPR:
                self.shell.remove(child)
        tcpr = self.shell.find(_TCPR)
        if tcpr is None or tcpr.find(_TCW) is None:
            raise ValueError("a prototype cell needs a width (w:tcW)")
        self.width_at = list(tcpr).index(tcpr.find(_TCW))

    def paragraph(self, line: str):
        if not line:
            return self.empty_p.__deepcopy__(None)
        p = self.full_p.__deepcopy__(None)
        run = p[self.run_at]
        if any(c in line for c in _SPECIAL):
            run.text = line  # python-docx's own run text setter: tabs and breaks as elements
            return p
        t = run[self.t_at]
        t.text = line
        if len(line.strip()) < len(line):
            t.set(_SPACE, "preserve")
        elif _SPACE in t.attrib:
            del t.attrib[_SPACE]
        return p

    def cell(self, lines: Sequence[str], width_twips: str):
        tc = self.shell.__deepcopy__(None)  # lxml's own deep copy, without the copy module's bookkeeping
        tc[0][self.width_at].set(_W, width_twips)
        for line in lines:
            tc.append(self.paragraph(line))
        return tc


class PrototypeCells:
    """Prototype cells on demand: ``make(role, align, fill)`` formats a fresh detached cell the slow way.

    One instance serves every table of a document (the prototypes do not depend on the table).
    """

    def __init__(self, make: Callable[[str, object, str | None], object]):
        self._make = make
        self._cache: dict[tuple[str, object, str | None], _Prototype] = {}

    def __call__(self, role: str, align, fill: str | None) -> _Prototype:
        key = (role, align, fill)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = _Prototype(self._make(role, align, fill))
        return found


def _has_run(p) -> bool:
    return p.find(_R) is not None


def _is_empty(tc) -> bool:
    """python-docx's rule (CT_Tc._is_empty): exactly one block and it is a paragraph without runs."""
    blocks = [c for c in tc if c.tag != _TCPR]
    return len(blocks) == 1 and blocks[0].tag == _P and not _has_run(blocks[0])


def _merge_down(column: list) -> None:
    """Vertical merge of the cells ``column`` (top to bottom) as python-docx's ``_Cell.merge`` leaves it.

    The top cell gets ``vMerge restart``, the others ``vMerge`` (continue); a lower cell that
    is not empty moves its paragraphs into the top cell (after the top cell's trailing empty
    paragraph is dropped) and keeps a bare ``w:p``.
    """
    top = column[0]
    for k, tc in enumerate(column):
        if k and not _is_empty(tc):
            blocks = [c for c in tc if c.tag != _TCPR]
            last_block = [c for c in top if c.tag != _TCPR][-1]
            if last_block.tag == _P and not _has_run(last_block):
                top.remove(last_block)
            for block in blocks:
                top.append(block)
            tc.append(tc.makeelement(_P, {}))
        tcpr = tc.find(_TCPR)
        if tcpr is None:
            tcpr = tc.makeelement(_TCPR, {})
            tc.insert(0, tcpr)
        vmerge = tcpr.makeelement(_VMERGE, {_VAL: "restart"} if k == 0 else {})
        # schema order in tcPr: cnfStyle, tcW, gridSpan, hMerge, vMerge, …
        at = 0
        for i, child in enumerate(tcpr):
            if child.tag in (qn("w:cnfStyle"), qn("w:tcW"), qn("w:gridSpan"), qn("w:hMerge")):
                at = i + 1
        tcpr.insert(at, vmerge)


def append_header(tbl, header: Sequence[str], cells: PrototypeCells, align, fill: str | None,
                  widths_twips: Sequence[int], role: str = "table_header") -> None:
    """Append the header row: repeated at the top of every page (``w:tblHeader``), never split."""
    tr = tbl.makeelement(_TR, {})
    trpr = tr.makeelement(_TRPR, {})
    trpr.append(trpr.makeelement(_CANT_SPLIT, {_VAL: "true"}))
    trpr.append(trpr.makeelement(_TBL_HEADER, {_VAL: "true"}))
    tr.append(trpr)
    for text, width in zip(header, widths_twips):
        tr.append(cells(role, align, fill).cell(text.split("\n") if text else [""], str(width)))
    tbl.append(tr)


def append_rows(tbl, rows: Sequence[Sequence[str]], cells: PrototypeCells, aligns: Sequence, widths_twips: Sequence[int], *,
                fills: Sequence[Sequence[str | None]] | None = None,
                keep_whole: Sequence[bool] | None = None,
                merges: Sequence[tuple[int, int]] = (), merge_columns: Sequence[int] = (), role: str = "table") -> None:
    """Append ``rows`` (lists of cell texts; ``\\n`` starts a new paragraph) to the ``w:tbl`` element ``tbl``.

    Column ``j`` is aligned ``aligns[j]`` (passed to the prototype maker) and ``widths_twips[j]`` wide;
    ``fills[i][j]`` is cell (i, j)'s shading colour or None; ``keep_whole[i]`` marks rows that
    must not break across pages (``w:cantSplit``); ``merges`` are (first, last) body-row
    ranges merged vertically in every column of ``merge_columns``. Texts are expected clean
    (no characters XML 1.0 cannot hold: :func:`generator.shared.xmltext.clean`).
    """
    plain_tr = tbl.makeelement(_TR, {})
    whole_tr = tbl.makeelement(_TR, {})
    trpr = whole_tr.makeelement(_TRPR, {})
    trpr.append(trpr.makeelement(_CANT_SPLIT, {_VAL: "true"}))
    whole_tr.append(trpr)
    widths = [str(w) for w in widths_twips]
    grid: list[list] = []
    for i, values in enumerate(rows):
        tr = (whole_tr if keep_whole is None or keep_whole[i] else plain_tr).__deepcopy__(None)
        row_fills = fills[i] if fills else None
        made = []
        for j, text in enumerate(values):
            tc = cells(role, aligns[j], row_fills[j] if row_fills else None).cell(text.split("\n") if text else [""], widths[j])
            tr.append(tc)
            made.append(tc)
        grid.append(made)
        tbl.append(tr)
    for first, last in merges:
        if last > first:
            for c in merge_columns:
                _merge_down([grid[k][c] for k in range(first, last + 1)])
