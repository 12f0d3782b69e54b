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

from tests.plan.unseen.compare import Report, compare, expected_for, run_import, source_path  # noqa: E402

HERE = Path(__file__).parent
DOCUMENTS = ["e_qinglan", "f_linfeng", "g_haoteng"]


def evaluate(name: str, workspace: Path) -> Report:
    path = source_path(name, HERE)
    status, plan, output = run_import(path, workspace, name.replace("_", "-"))
    return compare(name, expected_for(name, HERE), status, plan, output, path)


if __name__ == "__main__":
    from tests.plan.unseen.score import main

    raise SystemExit(main(sys.argv[1:], DOCUMENTS, evaluate))
