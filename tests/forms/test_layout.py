"""Which rows each unit gets: checked by hand against tests/fixtures/mini.yaml."""

from __future__ import annotations

import copy

import pytest

from generator.forms.layout import (
    NO_LEAD_NOTE,
    coordinating_unit,
    current_indicator_target,
    form_rows,
    goal_owner,
    skip_reason,
    target_text,
)
from generator.period import Period
from generator.plan.model import Baseline, IndicatorTarget, Target, Unit

# unit → ([(task, role)], [target rows]) for 2026Q3, read off mini.yaml by hand.
EXPECTED = {
    "市发展改革委": ([("T01", "牵头"), ("T02", "牵头"), ("T03", "配合"), ("T05", "牵头")], ["G1", "G2", "T01-1", "T02-1", "I01"]),
    "市工业和信息化局": ([("T01", "配合"), ("T02", "牵头")], []),  # T02 co-leads, but T02-1 goes to the first lead
    "市住房城乡建设局": ([("T03", "牵头")], ["T03-1", "T03-2"]),
    "市生态环境局": ([("T02", "配合"), ("T04", "配合")], ["G3", "I02"]),
    "市林业局": ([("T04", "配合")], ["T04-1"]),  # no-lead task: first listed unit answers for its target
    "国网示例供电公司": ([("T01", "配合")], []),
    "各区县人民政府": ([], []),
}


@pytest.mark.parametrize("unit", list(EXPECTED))
def test_rows_of_each_unit(plan, period, unit):
    content = form_rows(plan, unit, period)
    tasks, targets = EXPECTED[unit]
    assert [(t.row_id, t.role) for t in content.tasks] == tasks
    assert list(content.target_row_ids) == targets
    assert content.unit == unit and content.plan_id == "mini" and content.period == "2026Q3"


def test_every_task_target_has_exactly_one_reporter(plan, period):
    owners: dict[str, list[str]] = {}
    for unit in plan.units:
        for row in form_rows(plan, unit.name, period).targets:
            owners.setdefault(row.row_id, []).append(unit.name)
    all_ids = [g.id for g in plan.goals] + [t.id for task in plan.tasks for t in task.targets] + [i.id for i in plan.indicators]
    assert sorted(owners) == sorted(all_ids)
    assert all(len(v) == 1 for v in owners.values()), owners


def test_other_units_and_no_lead_note(plan, period):
    t01 = form_rows(plan, "市工业和信息化局", period).tasks[0]
    assert t01.row_id == "T01" and not t01.no_lead
    assert "牵头：市发展改革委" in t01.others_text and "配合：国网示例供电公司" in t01.others_text
    assert "市工业和信息化局" not in t01.others_text  # the unit itself is not among the "others"
    assert "具体落实：各区县人民政府" in t01.others_text
    t04 = form_rows(plan, "市生态环境局", period).tasks[1]
    assert t04.row_id == "T04" and t04.no_lead and t04.role == "配合"
    assert NO_LEAD_NOTE in t04.others_text and "其他责任单位：市林业局" in t04.others_text
    forest = form_rows(plan, "市林业局", period).targets[0]
    assert "未明确牵头单位" in forest.indicator


def test_named_reporter_overrides_the_first_lead(plan, period):
    plan.task("T02").targets[0].reporter = "市生态环境局"
    assert "T02-1" not in form_rows(plan, "市发展改革委", period).target_row_ids
    row = [r for r in form_rows(plan, "市生态环境局", period).targets if r.row_id == "T02-1"][0]
    assert "计划指定本单位报送" in row.indicator


def test_goal_owner_rule(plan):
    g1, g2, g3 = plan.goals
    assert goal_owner(plan, g1) == "市发展改革委"  # matches I01 非化石能源占一次能源消费比重 → its unit
    assert goal_owner(plan, g3) == "市生态环境局"  # matches I02 二氧化碳排放降低 → its unit
    assert goal_owner(plan, g2) == "市发展改革委"  # 能源消耗 matches no indicator → coordinating unit
    plan.indicators[1].responsible = ["市林业局"]
    assert goal_owner(plan, g3) == "市林业局"
    g2.reporter = "市工业和信息化局"
    assert goal_owner(plan, g2) == "市工业和信息化局"


def test_coordinating_unit_falls_back_to_first_unit(plan):
    assert coordinating_unit(plan) == "市发展改革委"
    other = copy.deepcopy(plan)
    other.units = [Unit("县工信局"), Unit("县发改局")]
    assert coordinating_unit(other) == "县发改局"
    other.units = [Unit("县工信局"), Unit("县财政局")]
    assert coordinating_unit(other) == "县工信局"


def test_goal_without_matching_indicator_goes_to_the_office(plan):
    plan.indicators = []
    for goal in plan.goals:
        assert goal_owner(plan, goal) == "市发展改革委"


@pytest.mark.parametrize("code,year,text", [("2024Q4", 2025, "22左右"), ("2025Q3", 2025, "22左右"), ("2026Q1", 2030, "25左右"), ("2031", 2030, "25左右")])
def test_indicator_current_target(plan, code, year, text):
    row = [r for r in form_rows(plan, "市发展改革委", Period.parse(code)).targets if r.row_id == "I01"][0]
    assert (row.target_year, row.target_text, row.baseline_year, row.baseline_value) == (year, text, 2020, 12.7)


def test_current_target_ignores_order_in_file():
    targets = [IndicatorTarget(2030, 25, "approx", "25"), IndicatorTarget(2025, 22, "approx", "22")]
    from generator.plan.model import Indicator

    ind = Indicator("I9", "", "x", "%", None, "up", None, targets, [])
    assert current_indicator_target(ind, 2024).year == 2025
    assert current_indicator_target(ind, 2026).year == 2030
    assert current_indicator_target(ind, 2040).year == 2030
    assert current_indicator_target(Indicator("I8", "", "y", None, None, "up", None, [], []), 2026) is None


def test_qualitative_rows(plan, period):
    rows = {r.row_id: r for r in form_rows(plan, "市生态环境局", period).targets}
    assert rows["G3"].qualitative and rows["G3"].target_value is None
    assert "完成省下达目标任务" in rows["G3"].target_text
    assert rows["I02"].qualitative and rows["I02"].target_text == "完成省下达目标任务"
    assert not rows["I02"].needs_baseline  # no number to measure: no baseline asked for


def test_baseline_known_or_asked_for(plan, period):
    rows = {r.row_id: r for r in form_rows(plan, "市发展改革委", period).targets}
    assert rows["T02-1"].needs_baseline and rows["T02-1"].baseline_value is None
    assert not rows["T01-1"].needs_baseline and rows["T01-1"].baseline_value == 0
    assert rows["T01-1"].target_text == "≥35.8" and rows["T02-1"].target_text == "41左右"


def test_target_text_forms():
    assert target_text(70, ">=") == "≥70"
    assert target_text(41, "<=") == "≤41"
    assert target_text(22, "approx") == "22左右"
    assert target_text(0.125, "=") == "0.125"
    assert target_text(3, None) == "3"
    assert target_text(25, ">=", aspirational=True) == "力争≥25"
    assert target_text(None, None, "完成省下达目标任务") == "完成省下达目标任务"


def test_skip_reasons(plan, period):
    assert "统称" in skip_reason(plan, "各区县人民政府", form_rows(plan, "各区县人民政府", period))
    plan.units.append(Unit("市统计局"))
    assert "没有" in skip_reason(plan, "市统计局", form_rows(plan, "市统计局", period))
    assert skip_reason(plan, "市林业局", form_rows(plan, "市林业局", period)) is None


def test_goal_baseline_from_plan(plan, period):
    plan.goals.append(Target("G4", 2030, "某新指标", 5, "%", ">=", "up", "q", Baseline(2020, None)))
    row = [r for r in form_rows(plan, "市发展改革委", period).targets if r.row_id == "G4"][0]
    assert row.needs_baseline and row.baseline_year == 2020


def test_target_never_goes_to_an_implementer_group(plan, period):
    t04 = plan.task("T04")
    t04.co = ["各区县人民政府", *t04.co]  # a plain list that starts with the implementer group
    assert t04.target_reporter(t04.targets[0]) == "各区县人民政府"
    assert "T04-1" in form_rows(plan, "市林业局", period).target_row_ids
    assert form_rows(plan, "各区县人民政府", period).target_row_ids == ()
