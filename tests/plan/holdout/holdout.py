"""Holdout probe: the comparison of tests/plan/unseen/compare.py, pointed at this folder.

``tests.plan.unseen.compare.evaluate`` looks for documents and answers beside itself; this adapter
reuses its import (``run_import``) and comparison (``compare``) unchanged and only says where the
holdout documents and answers are.

    PYTHONPATH=. python tests/plan/holdout/holdout.py [name …] [--quiet]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.plan.unseen.compare import Report, evaluate_in  # noqa: E402

HERE = Path(__file__).parent
DOCUMENTS = ["e_qinglan", "f_linfeng", "g_haoteng"]


def evaluate(name: str, workspace: Path) -> Report:
    return evaluate_in(HERE, name, workspace)


if __name__ == "__main__":
    from tests.plan.unseen.score import main

    raise SystemExit(main(sys.argv[1:], DOCUMENTS, evaluate))
