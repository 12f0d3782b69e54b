"""Task grading at every boundary. Start 2025-01-01, deadline 2026, period 2025 → 序时进度 exactly 50."""

from datetime import date

import pytest

from generator.assess import AssessmentSettings, assess_task, status as st
from generator.period import Period
from generator.plan.model import Task
from tests.assess.helpers import returns

START = date(2025, 1, 1)
P = Period.parse("2025")
S = AssessmentSettings()


def task(lead=("甲局",), co=("乙局",), deadline=2026) -> Task:
    return Task("T01", ["二", "（一）", "1"], "重点任务", "能源行动", "任务一", "任务一。", list(lead), list(co), [], deadline)


def one(status, progress, unit="甲局", t=None, period=P):
    t = t or task()
    r = returns("p", period.code, {unit: ([("T01", "牵头", status, progress, "进展", "问题", "下步")], [])})
    return assess_task(t, r, period, S, START)


@pytest.mark.parametrize(
    "progress, expected",
    [
        (60, st.NORMAL),  # ahead: behind = 50 − 60 = −10
        (50, st.NORMAL),  # on schedule: behind 0
        (40.01, st.NORMAL),  # behind 9.99 < 10
        (40, st.SLIGHT),  # behind exactly 10 → 轻微滞后 (10–30 inclusive)
        (20, st.SLIGHT),  # behind exactly 30 → still 轻微滞后
        (19.99, st.SERIOUS),  # behind 30.01 > 30 → 明显滞后
        (0, st.SERIOUS),
    ],
)
def test_progress_against_schedule(progress, expected):
    a = one("序时推进", progress)
    assert a.scheduled == 50.0
    assert a.status == expected
    assert a.light == {st.NORMAL: "绿", st.SLIGHT: "黄", st.SERIOUS: "红"}[expected]


def test_not_started():
    assert one("未启动", None).status == st.SERIOUS  # should have started: 序时 50 > 0
    before = Period.parse("2024Q4")  # ends before the plan starts: 序时 0
    assert one("未启动", 0, period=before).status == st.NORMAL
    a = one("未启动", 45)  # says not started but reports 45 %: judged by the number, with a note
    assert a.status == st.NORMAL and any("未启动" in n for n in a.notes)


def test_completed():
    assert one("已完成", 100).status == st.DONE
    assert one("已完成", None).status == st.DONE and one("已完成", None).progress == 100
    a = one("已完成", 60)  # 60 < completed_progress 100 → by the number: behind −10 → 正常, noted
    assert a.status == st.NORMAL and any("已完成" in n and "60%" in n for n in a.notes)
    a = one("已完成", 15)  # behind 35 → 明显滞后
    assert a.status == st.SERIOUS


def test_status_without_number():
    assert one("序时推进", None).status == st.NORMAL
    assert one("进度滞后", None).status == st.SLIGHT


def test_lead_missing_is_not_reported_even_if_co_reported():
    a = one("序时推进", 80, unit="乙局")
    assert a.status == st.MISSING and a.light == "红" and a.missing == ["甲局"]
    assert a.rows and a.rows[0].unit == "乙局"  # the co unit's text is still there for the report


def test_unit_reported_but_left_this_task_out():
    r = returns("p", "2025", {"甲局": ([("T02", "牵头", "序时推进", 50)], [])})
    a = assess_task(task(), r, P, S, START)
    assert a.status == st.MISSING and "未填写本任务" in a.notes[0]


def test_text_only_row_is_not_an_answer():
    a = one(None, None)
    assert a.status == st.MISSING


def test_two_leads_take_lowest_progress_and_worst_status():
    t = task(lead=("甲局", "丙局"))
    r = returns("p", "2025", {
        "甲局": ([("T01", "牵头", "序时推进", 55)], []),
        "丙局": ([("T01", "牵头", "进度滞后", 25)], []),  # behind 25 → 轻微滞后
    })
    a = assess_task(t, r, P, S, START)
    assert a.progress == 25 and a.status == st.SLIGHT and a.reported_status == "进度滞后"
    r = returns("p", "2025", {"甲局": ([("T01", "牵头", "已完成", 100)], []), "丙局": ([("T01", "牵头", "已完成", 100)], [])})
    assert assess_task(t, r, P, S, START).status == st.DONE
    r = returns("p", "2025", {"甲局": ([("T01", "牵头", "已完成", 100)], []), "丙局": ([("T01", "牵头", "序时推进", 50)], [])})
    assert assess_task(t, r, P, S, START).status == st.NORMAL  # one lead done, one on schedule


def test_one_of_two_leads_missing_is_noted():
    t = task(lead=("甲局", "丙局"))
    r = returns("p", "2025", {"甲局": ([("T01", "牵头", "序时推进", 55)], [])})
    a = assess_task(t, r, P, S, START)
    assert a.status == st.NORMAL and a.missing == ["丙局"] and "丙局未报送" in a.notes[0]


def test_no_lead_listed_units_answer():
    t = task(lead=(), co=("乙局", "丁局"))
    assert assess_task(t, returns("p", "2025"), P, S, START).status == st.MISSING
    r = returns("p", "2025", {"丁局": ([("T01", "配合", "序时推进", 35)], [])})  # behind 15
    a = assess_task(t, r, P, S, START)
    assert a.owners == ["乙局", "丁局"] and a.status == st.SLIGHT and a.missing == ["乙局"]


def test_past_deadline_is_overdue_not_merely_late():
    a = one("序时推进", 85, t=task(deadline=2024))  # due end of 2024: 序时 100, behind 15, but the deadline passed
    assert a.scheduled == 100 and a.status == st.OVERDUE and a.light == "红" and a.overdue
    assert one("已完成", 100, t=task(deadline=2024)).status == st.DONE
    in_deadline_year = one("序时推进", 85, t=task(deadline=2025))  # period 2025 ends on the deadline: not overdue
    assert in_deadline_year.status == st.SLIGHT and not in_deadline_year.overdue  # 序时 100, behind 15


def test_no_lead_each_unit_is_assessed_on_its_own_row():
    t = task(lead=(), co=("乙局", "丁局", "戊局"))
    r = returns("p", "2025", {
        "乙局": ([("T01", "配合", "已完成", 100)], []),
        "丁局": ([("T01", "配合", "序时推进", 16)], []),  # behind 34 → 明显滞后
    })
    a = assess_task(t, r, P, S, START)
    parts = {p.unit: (p.status, p.progress) for p in a.parts}
    assert parts == {"乙局": (st.DONE, 100), "丁局": (st.SERIOUS, 16), "戊局": (st.MISSING, None)}
    assert a.status == st.SERIOUS and a.progress == 16
    assert [p.unit for p in a.late_parts] == ["丁局", "戊局"]  # 乙局's part is done: it is not chased
    assert "方案未明确牵头单位" in a.basis and "最慢" in a.basis


def test_basis_in_words():
    assert one("序时推进", 50).basis == "按牵头单位填报评估"
    assert "2个牵头单位" in assess_task(task(lead=("甲局", "丙局")), returns("p", "2025"), P, S, START).basis
