from datetime import date

from generator.assess import plan_start, scheduled_progress
from generator.plan.planfile import load_plan
from tests.report.conftest import MINI


def test_half_way():
    # start 2025-01-01, due end of 2026: 730 days; at end of 2025: 365 days → 50 %
    assert scheduled_progress(date(2025, 1, 1), 2026, date(2025, 12, 31)) == 50.0


def test_worked_example_with_leap_year():
    # 2024 has 366 days; 2024+2025 = 731 days → 366 / 731 = 50.068…
    assert abs(scheduled_progress(date(2024, 1, 1), 2025, date(2024, 12, 31)) - 100 * 366 / 731) < 1e-12


def test_caps():
    assert scheduled_progress(date(2025, 1, 1), 2026, date(2024, 12, 31)) == 0.0  # before the start
    assert scheduled_progress(date(2025, 1, 1), 2026, date(2026, 12, 31)) == 100.0  # end of deadline year
    assert scheduled_progress(date(2025, 1, 1), 2026, date(2028, 3, 31)) == 100.0  # past it
    assert scheduled_progress(date(2027, 1, 1), 2026, date(2027, 3, 31)) == 100.0  # deadline before start
    # first day counts as one elapsed day: 1 / 730
    assert abs(scheduled_progress(date(2025, 1, 1), 2026, date(2025, 1, 1)) - 100 / 730) < 1e-12


def test_plan_start_rule():
    plan = load_plan(MINI)
    assert plan_start(plan, date(2026, 7, 1))[0] == date(2023, 10, 8)  # schedule_start
    plan.schedule_start = None
    plan.issued = date(2023, 11, 1)
    assert plan_start(plan, date(2026, 7, 1))[0] == date(2023, 11, 1)  # issued
    plan.issued = None
    assert plan_start(plan, date(2026, 7, 1))[0] == date(2021, 1, 1)  # latest baseline 2020 → 2021-01-01
    for _, t in plan.all_targets():
        t.baseline = None
    for i in plan.indicators:
        i.baseline = None
    assert plan_start(plan, date(2026, 7, 1))[0] == date(2026, 1, 1)  # the period's year
