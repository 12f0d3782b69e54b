import shutil
from pathlib import Path

import pytest

from generator.demo.fill import FormAnswers, TargetAnswer, TaskAnswer, fill_form
from generator.forms import form_path, generate_forms
from generator.period import Period
from generator.workspace import Workspace

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"
PERIOD = Period.parse("2026Q3")


@pytest.fixture(scope="session")
def blank_workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("collect-ws")
    (root / "plans").mkdir()
    shutil.copy(MINI, root / "plans" / "mini.yaml")
    ws = Workspace.at(root)
    generate_forms(ws, PERIOD)
    generate_forms(ws, PERIOD.previous())
    return root


@pytest.fixture
def ws(blank_workspace, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(blank_workspace, root)
    workspace = Workspace.at(root)
    workspace.inbox_dir(PERIOD.code).mkdir(parents=True)
    return workspace


def blank(ws: Workspace, unit: str, period: Period = PERIOD) -> Path:
    return form_path(ws, period, "mini", unit)


def good_answers() -> FormAnswers:
    """A complete, correct return of 市发展改革委 (T01, T02, T03, T05; targets G1, G2, T01-1, T02-1, I01)."""
    return FormAnswers(
        tasks={
            "T01": TaskAnswer("序时推进", 45, "新增光伏装机12万千瓦", "", "加快风电项目核准"),
            "T02": TaskAnswer("进度滞后", 20, "煤炭消费替代方案已起草", "项目资金未到位", "争取专项资金"),
            "T03": TaskAnswer("序时推进", 40, "配合推进绿色建筑", "", "继续配合"),
            "T05": TaskAnswer("已完成", 100, "召开调度会3次", "", "常态化调度"),
        },
        targets={"G1": TargetAnswer(19.8, "能源统计"), "G2": TargetAnswer(8.1, "统计公报"),
                 "T01-1": TargetAnswer(18.5, "市统计局"), "T02-1": TargetAnswer(44.0, "能源统计"),
                 "I01": TargetAnswer(19.8, "能源统计")},
        contact={"person": "张三", "phone": "0744-8888888"},
    )


def returned(ws: Workspace, name: str, answers: FormAnswers, unit: str = "市发展改革委", period: Period = PERIOD) -> Path:
    return fill_form(blank(ws, unit, period), ws.inbox_dir(PERIOD.code) / name, answers)
