from pathlib import Path

import pytest

from generator.assess import assess_plan, load_settings, settings_from_dict, status as st
from generator.errors import UserError
from generator.period import Period
from generator.plan.planfile import load_plan
from tests.assess.helpers import returns
from tests.report.conftest import MINI

SETTINGS = Path(__file__).resolve().parents[2] / "templates" / "settings.yaml"


def test_shipped_settings_file_matches_defaults():
    s = load_settings(SETTINGS)
    assert (s.slight_behind, s.serious_behind, s.completed_progress) == (10, 30, 100)
    assert (s.approx_tolerance, s.normal_ratio, s.slight_ratio) == (0.05, 0.95, 0.6)
    assert "10" in s.describe() and "95%" in s.describe()


def test_settings_errors_are_chinese(tmp_path):
    with pytest.raises(UserError, match="找不到评估口径文件"):
        load_settings(tmp_path / "none.yaml")
    bad = tmp_path / "s.yaml"
    bad.write_text("schedule: [\n", encoding="utf-8")
    with pytest.raises(UserError, match="YAML 格式有误"):
        load_settings(bad)
    with pytest.raises(UserError) as e:
        settings_from_dict({"schedule": {"slight_behind": "十"}, "target": {"slight_ratio": 2}})
    assert "schedule.slight_behind" in e.value.details[0]
    with pytest.raises(UserError):
        settings_from_dict({"schedule": {"slight_behind": 40, "serious_behind": 30}})


def test_plan_with_no_returns():
    plan = load_plan(MINI)
    a = assess_plan(plan, Period.parse("2026Q3"), returns("mini", "2026Q3"))
    assert a.no_returns and a.task_counts[st.MISSING] == len(plan.tasks)
    assert len(a.units_not_reported) == len(plan.reporting_units())
    assert a.figures()["任务未报送"] == 5


def test_trend_over_history():
    plan = load_plan(MINI)
    h = [returns("mini", "2026Q1"), returns("mini", "2026Q2", {"市发展改革委": ([("T05", "牵头", "序时推进", 50)], [])})]
    a = assess_plan(plan, Period.parse("2026Q3"), returns("mini", "2026Q3"), history=h)
    assert [s.period for s in a.trend] == ["2026Q1", "2026Q2", "2026Q3"]
    assert a.trend[1].units_reported == 1 and a.trend[0].units_reported == 0


def test_unit_status_partial():
    plan = load_plan(MINI)
    r = returns("mini", "2026Q3", {"市发展改革委": ([("T01", "牵头", "序时推进", 90)], [])})
    a = assess_plan(plan, Period.parse("2026Q3"), r)
    u = {x.unit: x for x in a.units}["市发展改革委"]
    assert u.status == "部分填报" and "T02" in u.missing_task_ids
