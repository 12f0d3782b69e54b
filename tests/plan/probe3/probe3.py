"""Third probe: plans written blind to the importer (by an engineer who never saw it), with hand answers.

Same comparison as tests/plan/unseen/compare.py; this adapter only says where the documents are.

    PYTHONPATH=. python tests/plan/probe3/probe3.py [name …] [--quiet]
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.plan.unseen.compare import answered_documents, evaluate_in  # noqa: E402

HERE = Path(__file__).parent
DOCUMENTS = answered_documents(HERE)
evaluate = partial(evaluate_in, HERE)  # evaluate(name, workspace) -> Report


if __name__ == "__main__":
    from tests.plan.unseen.score import main

    raise SystemExit(main(sys.argv[1:], DOCUMENTS, evaluate))
