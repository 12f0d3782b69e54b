"""Target grading at every boundary, with the arithmetic in the comments.

Path 2020→2022: baseline at 2020-12-31, target at 2022-12-31, 730 days apart; at 2021-12-31
365 days have passed, so exactly half the change is expected.
"""

from datetime import date

import pytest

from generator.assess import AssessmentSettings, assess_target, status as st
from generator.assess.targets import KIND_TASK, TargetSpec, current_indicator_target, expected_value
from generator.period import Period
from generator.plan.model import Indicator, IndicatorTarget
from tests.assess.helpers import returns

S = AssessmentSettings()
MID = Period.parse("2021")  # half-way on the 2020→2022 path


def spec(value=100.0, comparator=">=", direction="up", b=0.0, b_year=2020, year=2022, **kw) -> TargetSpec:
    return TargetSpec("T01-1", KIND_TASK, "装机容量", "万千瓦", year, value, comparator, direction, "到2022年达100",
                      b_year, b, ["甲局"], task_id="T01", **kw)


def run(sp, actual=None, period=MID, judgement=None, baseline=None, history=()):
    r = returns("p", period.code, {"甲局": ([], [(sp.id, actual, judgement, baseline)])})
    return assess_target(sp, r, period, S, history)


def test_expected_value_half_way():
    assert expected_value(0, 2020, 100, 2022, date(2021, 12, 31)) == 50.0
    assert expected_value(0, 2020, 100, 2022, date(2019, 6, 30)) == 0.0  # capped before the baseline
    assert expected_value(0, 2020, 100, 2022, date(2024, 6, 30)) == 100.0  # capped after the target


@pytest.mark.parametrize(
    "actual, status",
    [
        (50, st.NORMAL),  # exactly on the path: R = 50 / 50 = 1
        (47.5, st.NORMAL),  # R = 47.5 / 50 = 0.95 → 正常 (≥ 0.95)
        (47.49, st.SLIGHT),  # R = 0.9498 → 轻微滞后
        (30, st.SLIGHT),  # R = 0.6 → 轻微滞后 (≥ 0.6)
        (29.99, st.SERIOUS),  # R = 0.5998 → 明显滞后
        (0, st.SERIOUS),  # R = 0 → 明显滞后 (0 ≤ R)
        (-0.5, st.REVERSE),  # R = −0.01 → 逆向 (moving away)
        (100, st.MET),  # target already met → 已达标
        (120, st.MET),
    ],
)
def test_up_path(actual, status):
    a = run(spec(), actual)
    assert a.status == status
    if status not in (st.MET,):
        assert a.expected == 50.0 and abs(a.ratio - actual / 50) < 1e-12


@pytest.mark.parametrize(
    "actual, status",
    [
        (90, st.NORMAL),  # down 100 → 80: expected 90; moved = −(90 − 100) = 10, needed 10 → R 1
        (91, st.SLIGHT),  # moved 9 → R 0.9
        (100, st.SERIOUS),  # R 0
        (105, st.REVERSE),  # moved −5 → R −0.5
        (80, st.MET),  # ≤ 80 met
    ],
)
def test_down_path(actual, status):
    assert run(spec(80, "<=", "down", b=100), actual).status == status


def test_approx_tolerance():
    sp = spec(22, "approx", "up", b=12.7, year=2025)
    # 22 × (1 − 0.05) = 20.9 → met at 20.9, not at 20.89; above the target is met too
    assert run(sp, 20.9).status == st.MET
    assert run(sp, 20.89).status != st.MET
    assert run(sp, 25).status == st.MET
    down = spec(41, "approx", "down", b=None, b_year=None, year=2025)
    assert run(down, 43.05).status == st.MET  # 41 × 1.05 = 43.05
    assert run(down, 43.1).status == st.ONGOING  # no baseline → 进行中


def test_past_target_year():
    late = Period.parse("2023Q1")  # 2023-03-31 is after 2022-12-31
    assert run(spec(), 99, period=late).status == st.FAILED
    assert run(spec(), 100, period=late).status == st.MET
    assert run(spec(), 99, period=Period.parse("2022")).status == st.NORMAL  # end of the target year: R 0.99


def test_no_baseline_trend():
    sp = spec(b=None, b_year=None)
    h1 = returns("p", "2021Q2", {"甲局": ([], [("T01-1", 10.0)])})
    a = run(sp, 12, period=Period.parse("2021Q3"), history=[h1])
    assert a.status == st.ONGOING and a.light == "—" and a.trend == [("2021Q2", 10.0), ("2021Q3", 12)]
    assert a.trend_word == "改善"
    assert run(sp, 9, period=Period.parse("2021Q3"), history=[h1]).trend_word == "退步"
    assert run(sp, 100, period=Period.parse("2021Q3")).status == st.MET


def test_baseline_entered_by_unit():
    sp = spec(b=None, b_year=2020)
    a = run(sp, 25, baseline=0.0)  # the unit says baseline 0: R = 25 / 50 = 0.5 → 明显滞后
    assert a.status == st.SERIOUS and a.baseline == 0.0 and any("基期值" in n for n in a.notes)


def test_baseline_and_year_entered_by_unit_are_measured_on_the_path():
    sp = spec(b=None, b_year=None, year=2022)
    r = returns("p", "2021", {"甲局": ([], [("T01-1", 25.0, None, 0.0, "", "", 2020)])})  # 基期值 0, 基期年份 2020
    a = assess_target(sp, r, MID, S)
    assert (a.baseline, a.baseline_year, a.expected) == (0.0, 2020, 50.0) and a.status == st.SERIOUS  # R = 0.5
    assert not any("无基期值" in n for n in a.notes) and any("2020年" in n and "甲局" in n for n in a.notes)
    # a 基期值 without its year takes the plan's base year (as the form states it)
    sp = spec(b=None, b_year=None, year=2022, plan_base_year=2020)
    a = run(sp, 25, baseline=0.0)
    assert a.baseline_year == 2020 and a.status == st.SERIOUS and any("方案基期2020年" in n for n in a.notes)
    a = run(spec(b=None, b_year=None), 25, baseline=0.0)  # no year anywhere: not measured, and it says why
    assert a.status == st.ONGOING and any("基期年份不明" in n for n in a.notes)


def test_plan_base_year_is_the_most_common():
    from generator.assess.targets import plan_base_year
    from generator.plan.planfile import load_plan
    from tests.report.conftest import MINI

    plan = load_plan(MINI)
    years = [t.baseline.year for _, t in plan.all_targets() if t.baseline] + [i.baseline.year for i in plan.indicators if i.baseline]
    assert plan_base_year(plan) == max(set(years), key=lambda y: (years.count(y), y))
    plan.goals, plan.indicators = [], []
    for t in plan.tasks:
        t.targets = []
    assert plan_base_year(plan) is None


def test_qualitative_uses_judgement():
    sp = spec(value=None, comparator=None, direction=None, b=None, b_year=None)
    assert run(sp, judgement="达标").status == st.MET
    assert run(sp, judgement="未达标").status == st.SERIOUS
    assert run(sp, judgement="未达标", period=Period.parse("2023")).status == st.FAILED
    assert run(sp, actual=3.2).status == st.ONGOING


def test_no_data():
    assert assess_target(spec(), returns("p", "2021"), MID, S).status == st.MISSING
    a = run(spec(), None)  # the unit reported, left the value blank
    assert a.status == st.MISSING and "未填写本期实际值" in a.notes[0]


def test_missing_direction_is_not_defaulted():
    a = run(spec(direction=None), 40)
    assert a.status == st.ONGOING and "增是减" in a.notes[0] and "direction" not in a.notes[0]


def test_needed_zero_in_baseline_year():
    a = run(spec(), 5, period=Period.parse("2020Q4"))  # expected = baseline: no ratio
    assert a.status == st.NORMAL and a.ratio is None
    assert run(spec(), -5, period=Period.parse("2020Q4")).status == st.REVERSE


def test_current_indicator_target():
    ind = Indicator("I01", "能源", "比重", "%", "预期性", "up", None,
                    [IndicatorTarget(2025, 22, "approx", "22"), IndicatorTarget(2030, 25, "approx", "25")], ["甲局"])
    assert current_indicator_target(ind, 2024).year == 2025
    assert current_indicator_target(ind, 2025).year == 2025
    assert current_indicator_target(ind, 2026).year == 2030
    assert current_indicator_target(ind, 2031).year == 2030
