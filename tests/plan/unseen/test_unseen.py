"""Generality probe: the importer on plans written in other wordings of the seed patterns.

Four synthetic plans (see README.md in this folder) plus one variant are imported with the real
CLI and compared with hand-written answers field by field; every mismatch of a document is
listed in one failure. ``python tests/plan/unseen/score.py`` prints the per-document score.
"""

import pytest

from .compare import DOCUMENTS, evaluate




@pytest.mark.parametrize("name", DOCUMENTS)
def test_unseen_plan(name, tmp_path):
    report = evaluate(name, tmp_path)
    if report.mismatches:
        listing = "\n".join(f"  - {m}" for m in report.mismatches)
        pytest.fail(f"{name}: {len(report.mismatches)} mismatches\n{report.score.line(name)}\n{listing}", pytrace=False)
