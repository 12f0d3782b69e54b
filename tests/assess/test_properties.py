"""Properties over many inputs: more progress never makes a status worse."""

from datetime import date

from hypothesis import given, settings, strategies as st_

from generator.assess import AssessmentSettings, status as st
from generator.assess.targets import KIND_TASK, TargetSpec, assess_target
from generator.assess.tasks import judge_row
from generator.period import Period
from generator.returns import TaskReport
from tests.assess.helpers import returns

S = AssessmentSettings()
ORDER = {st.DONE: 0, st.MET: 0, st.NORMAL: 1, st.SLIGHT: 2, st.SERIOUS: 3, st.REVERSE: 4, st.FAILED: 4}


@given(st_.floats(0, 100), st_.floats(0, 100), st_.floats(0, 100))
def test_task_status_monotone_in_progress(scheduled, p1, p2):
    lo, hi = sorted((p1, p2))
    s_lo, _ = judge_row(TaskReport("T", "甲", "牵头", "序时推进", lo), scheduled, S)
    s_hi, _ = judge_row(TaskReport("T", "甲", "牵头", "序时推进", hi), scheduled, S)
    assert ORDER[s_hi] <= ORDER[s_lo]


@settings(max_examples=60)
@given(st_.floats(-50, 150), st_.floats(-50, 150), st_.sampled_from(["up", "down"]),
       st_.sampled_from(["2021Q2", "2021", "2022Q3"]))
def test_target_status_monotone_towards_target(a1, a2, direction, period):
    value, base = (100.0, 0.0) if direction == "up" else (0.0, 100.0)
    spec = TargetSpec("X", KIND_TASK, "x", None, 2022, value, ">=" if direction == "up" else "<=", direction, "", 2020, base, ["甲"])
    p = Period.parse(period)
    worse, better = sorted((a1, a2), reverse=(direction == "down"))  # better is nearer the target side

    def status(actual):
        return assess_target(spec, returns("p", period, {"甲": ([], [("X", actual)])}), p, S).status

    assert ORDER[status(better)] <= ORDER[status(worse)]
    assert date(2022, 12, 31)  # path ends at the end of the target year
