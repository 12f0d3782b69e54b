"""Holdout probe: three plans written after the importer, in wordings it was not tuned on.

See README.md in this folder. Each document is imported with the real CLI and compared field by
field with its hand-written answer by tests/plan/unseen/compare.py (through ``holdout.py``); every
mismatch of a document is listed in one failure.
"""

import pytest

from .holdout import DOCUMENTS, evaluate




@pytest.mark.parametrize("name", DOCUMENTS)
def test_holdout_plan(name, tmp_path):
    report = evaluate(name, tmp_path)
    if report.mismatches:
        listing = "\n".join(f"  - {m}" for m in report.mismatches)
        pytest.fail(f"{name}: {len(report.mismatches)} mismatches\n{report.score.line(name)}\n{listing}", pytrace=False)
