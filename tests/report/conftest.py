from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory):
    """The mini plan's 2026Q3 report with every status present (written once per session)."""
    from generator.plan.planfile import load_plan
    from generator.report import write_reports
    from generator.workspace import Workspace
    from tests.report.sample import sample_history, sample_returns

    ws = Workspace.at(tmp_path_factory.mktemp("ws"))
    plan = load_plan(MINI)
    paths = write_reports(ws, "2026Q3", [plan], {"mini": sample_returns()}, {"mini": sample_history()}, notices=True)
    return {"workspace": ws, "plan": plan, "paths": paths, "docx": paths[0], "xlsx": paths[-1]}
