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
    print()
    print(exactness(reports))
    return 0


def exactness(reports) -> str:
    """Task-level exactness (lead and co both right) per document, and the share over all tasks.

    A missing task counts as wrong; the worst document is named (the bar: ≥90 % overall, none < 60 %).
    """
    lines = ["task exactness (lead and co both right):"]
    right = total = 0
    worst = None
    for report in reports:
        score = report.score
        share = score.roles_ok / score.tasks if score.tasks else 1.0
        right, total = right + score.roles_ok, total + score.tasks
        worst = min(worst or (share, report.name), (share, report.name))
        lines.append(f"  {report.name:24} {score.roles_ok:3}/{score.tasks:<3} {share:6.1%}")
    overall = right / total if total else 1.0
    lowest = f"; lowest {worst[1]} {worst[0]:.1%}" if worst else ""
    lines.append(f"  {'OVERALL':24} {right:3}/{total:<3} {overall:6.1%}{lowest}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
