"""Judging in a process pool: one file's failure, even one that kills its worker process, is that file's
own outcome and never stops the others; the store is written in one place with the same results as inline."""

import os

import pytest

import generator.collect as collect_module
from generator.collect import collect
from generator.demo.fill import TaskAnswer

from .conftest import good_answers, returned


class FakePanic(BaseException):
    """Stands in for pyo3_runtime.PanicException (a Rust panic in calamine), which derives from BaseException."""


@pytest.fixture
def pooled(monkeypatch):
    monkeypatch.setenv("MAKE_REPORTS_JOBS", "2")


def fill_inbox(ws, n=6):
    for i in range(n):
        answers = good_answers()
        answers.tasks["T01"] = TaskAnswer("序时推进", 40 + i, f"第{i}版", "", "")
        path = returned(ws, f"v{i}.xlsx", answers)
        os.utime(path, (1_760_000_000 + i, 1_760_000_000 + i))


def words(result):
    return {s.file_name: s.outcome_word for s in result.submissions}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the judge is replaced in the parent and inherited by fork")
def test_a_worker_that_dies_costs_only_its_own_file(ws, pooled, monkeypatch):
    fill_inbox(ws)
    real = collect_module.judge

    def judge(data, label, ctx, sha, received):
        if label == "v2.xlsx":
            import faulthandler

            faulthandler.disable()  # no dump on the test output
            os.abort()  # what a segfault in a native reader looks like to the pool
        if label == "v4.xlsx":
            raise FakePanic("called `Option::unwrap()` on a `None` value")
        return real(data, label, ctx, sha, received)

    monkeypatch.setattr(collect_module, "judge", judge)
    result = collect(ws, "2026Q3")
    got = words(result)
    assert got["v2.xlsx"] == "非填报表" and got["v4.xlsx"] == "非填报表"
    assert got["v5.xlsx"] == "已接收" and [got[f"v{i}.xlsx"] for i in (0, 1, 3)] == ["已替代"] * 3
    crashed = next(s for s in result.submissions if s.file_name == "v2.xlsx")
    assert any("异常退出" in m for m in crashed.messages)
    panicked = next(s for s in result.submissions if s.file_name == "v4.xlsx")
    assert any("FakePanic" in m for m in panicked.messages)
    # Every file's bytes are kept, the culprits' too. (A worker killed with the pool may leave a
    # temporary behind; later runs remove it once it is old.)
    assert len([p for p in ws.archive_dir().rglob("*.xlsx") if not p.name.startswith(".~tmp-")]) == 6


def test_pool_and_inline_agree(ws, pooled, tmp_path):
    import shutil

    fill_inbox(ws, 9)
    inline_ws = type(ws).at(tmp_path / "inline")
    shutil.copytree(ws.root, inline_ws.root)
    pooled_result = collect(ws, "2026Q3")
    os.environ["MAKE_REPORTS_JOBS"] = "1"
    inline_result = collect(inline_ws, "2026Q3")

    def facts(result):
        return [(s.file_name, s.outcome, s.unit, s.messages, s.warnings) for s in result.submissions]

    assert facts(pooled_result) == facts(inline_result)



@pytest.mark.skipif(not hasattr(os, "fork"), reason="the judge is replaced in the parent and inherited by fork")
def test_a_file_whose_reader_never_returns_is_its_own_outcome(ws, pooled, monkeypatch):
    """A reader stuck in a loop (no crash, no answer) costs only its own file: after JOB_TIMEOUT the pool
    is stopped, the files in flight are judged again one by one, and the one that hangs again is stopped."""
    fill_inbox(ws)
    real = collect_module.judge

    def judge(data, label, ctx, sha, received):
        if label == "v3.xlsx":
            import time

            time.sleep(3600)
        return real(data, label, ctx, sha, received)

    monkeypatch.setattr(collect_module, "judge", judge)
    monkeypatch.setattr(collect_module, "JOB_TIMEOUT", 3.0)
    result = collect(ws, "2026Q3")
    got = words(result)
    assert got["v3.xlsx"] == "非填报表"
    stuck = next(s for s in result.submissions if s.file_name == "v3.xlsx")
    assert any("仍未完成" in m for m in stuck.messages), stuck.messages
    assert got["v5.xlsx"] == "已接收" and [got[f"v{i}.xlsx"] for i in (0, 1, 2, 4)] == ["已替代"] * 4
    assert len([p for p in ws.archive_dir().rglob("*.xlsx") if not p.name.startswith(".~tmp-")]) == 6


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the judge is replaced in the parent and inherited by fork")
def test_a_crash_in_a_tiny_inbox_costs_only_its_own_file(ws, monkeypatch):
    """Two files, default settings: the one that kills its reader is its own outcome, the other is
    accepted (before, fewer than 8 files were judged in collect's own process, so the crash ended the run)."""
    monkeypatch.delenv("MAKE_REPORTS_JOBS", raising=False)
    fill_inbox(ws, 2)
    real = collect_module.judge

    def judge(data, label, ctx, sha, received):
        if label == "v1.xlsx":
            import faulthandler

            faulthandler.disable()
            os.abort()
        return real(data, label, ctx, sha, received)

    monkeypatch.setattr(collect_module, "judge", judge)
    result = collect(ws, "2026Q3")
    assert words(result) == {"v0.xlsx": "已接收", "v1.xlsx": "非填报表"}
    crashed = next(s for s in result.submissions if s.file_name == "v1.xlsx")
    assert any("异常退出" in m for m in crashed.messages)


def test_spawned_workers_give_the_same_outcomes(ws, pooled, tmp_path, monkeypatch):
    """Where fork is not used (macOS, Windows: :func:`generator.parallel.process_context`), workers get
    their state pickled through the pool's initializer; the outcomes are the same."""
    import shutil

    import generator.parallel as parallel

    fill_inbox(ws, 9)
    spawned_ws = type(ws).at(tmp_path / "spawned")
    shutil.copytree(ws.root, spawned_ws.root)
    forked = collect(ws, "2026Q3")
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    assert parallel.process_context().get_start_method() == "spawn"
    spawned = collect(spawned_ws, "2026Q3")

    def facts(result):
        return [(s.file_name, s.outcome, s.unit, s.messages, s.warnings) for s in result.submissions]

    assert facts(spawned) == facts(forked)
