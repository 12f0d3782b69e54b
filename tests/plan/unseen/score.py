"""Per-document score of the importer on the probe plans, and every mismatch.

    PYTHONPATH=. python tests/plan/unseen/score.py [name …] [--quiet]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.plan.unseen.compare import DOCUMENTS, evaluate  # noqa: E402


def main(argv: list[str], documents=DOCUMENTS, evaluate=evaluate) -> int:
    """Print every mismatch (unless ``--quiet``) and one score line per document."""
    quiet = "--quiet" in argv
    names = [a for a in argv if not a.startswith("--")] or documents
    reports = []
    for name in names:
        with tempfile.TemporaryDirectory() as folder:
            reports.append(evaluate(name, Path(folder)))
    for report in reports:
        if not quiet:
            print(f"\n=== {report.name}: {len(report.mismatches)} mismatches")
            for m in report.mismatches:
                print(f"  - {m}")
    print()
    for report in reports:
        print(report.score.line(report.name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
