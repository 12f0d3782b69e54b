"""Second holdout (probes2): eight plans written blind to the importer by a second writer, with hand answers.

Each document is imported with the real CLI and compared field by field with its answer by
tests/plan/unseen/compare.py (through ``holdout2.py``); every mismatch of a document is listed in one
failure. ``PYTHONPATH=. python tests/plan/holdout2/holdout2.py`` prints the per-document scores.
"""

import pytest

from .holdout2 import DOCUMENTS, evaluate

# What is not fixed yet, and why — every task's lead and co units must still be right.
NOT_YET: dict[str, tuple[str, str]] = {}  # document → (mismatch text, reason); nothing left


@pytest.mark.parametrize("name", DOCUMENTS)
def test_holdout2_plan(name, tmp_path):
    report = evaluate(name, tmp_path)
    prefix, reason = NOT_YET.get(name, (None, ""))
    known = [m for m in report.mismatches if prefix and prefix in m]
    own = [m for m in report.mismatches if m not in known]
    if own:
        listing = "\n".join(f"  - {m}" for m in own)
        pytest.fail(f"{name}: {len(own)} mismatches\n{report.score.line(name)}\n{listing}", pytrace=False)
    if known:
        pytest.xfail(f"{len(known)} × {prefix}: {reason}")
