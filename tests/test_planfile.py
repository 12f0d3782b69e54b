from pathlib import Path

import pytest
import yaml

from generator.errors import UserError
from generator.plan.planfile import dump_plan, load_plan, plan_from_dict

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


def test_round_trip_is_byte_exact():
    plan = load_plan(MINI)
    assert dump_plan(plan) == MINI.read_text(encoding="utf-8")


def test_roles_and_reporters():
    plan = load_plan(MINI)
    t04 = plan.task("T04")
    assert t04.lead == [] and t04.role_of("市林业局") == "配合"
    assert t04.target_reporter(t04.targets[0]) == "市林业局"  # no lead: first listed unit answers
    assert "各区县人民政府" not in plan.reporting_units()


def test_bad_shapes_are_listed_in_chinese():
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["tasks"][0]["deadline"] = "2030年"
    del data["tasks"][1]["lead"]
    plan, problems = plan_from_dict(data, "x.yaml")
    assert plan is None
    assert any("tasks[0].deadline" in p and "整数" in p for p in problems)
    assert any("tasks[1].lead" in p and "缺少" in p for p in problems)


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(UserError, match="找不到"):
        load_plan(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(UserError, match="YAML 格式有误"):
        load_plan(bad)
