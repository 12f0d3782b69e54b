"""The report stage over several plans in worker processes: same files as in one process, errors intact."""

from __future__ import annotations

import hashlib
import re

import pytest

from generator.errors import UserError
from generator.plan.planfile import load_plan
from generator.report import WORKERS_ENV, worker_count, write_reports
from generator.workspace import Workspace
from tests.report.conftest import MINI
from tests.report.sample import sample_history, sample_returns


def _plans(tmp_path, n=3):
    """The mini plan under ``n`` ids (plan files as an office would have them)."""
    text = MINI.read_text(encoding="utf-8")
    folder = tmp_path / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    plans = []
    for i in range(n):
        path = folder / f"mini{i}.yaml"
        path.write_text(re.sub(r"^id: .*$", f"id: mini{i}", text, count=1, flags=re.M)
                        .replace("示例市碳达峰实施方案", f"示例{i}市碳达峰实施方案"), encoding="utf-8")
        plans.append(load_plan(path))
    return plans


def _run(root, plans, monkeypatch, workers: int) -> dict[str, str]:
    monkeypatch.setenv(WORKERS_ENV, str(workers))
    returns = {p.id: sample_returns() for p in plans}
    history = {p.id: sample_history() for p in plans}
    paths = write_reports(Workspace.at(root), "2026Q3", plans, returns, history, notices=True)
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.mark.slow
def test_workers_write_the_same_files_as_one_process(tmp_path, monkeypatch):
    plans = _plans(tmp_path)
    one = _run(tmp_path / "one", plans, monkeypatch, 1)
    two = _run(tmp_path / "two", plans, monkeypatch, 2)
    assert one == two
    assert list(one) == list(two)  # same order: plan by plan, each report before its notices, 汇总表 last
    reports = [name for name in one if name.endswith("进展情况报告.docx")]
    assert [r.split("/")[-1][:3] for r in reports] == ["示例0", "示例1", "示例2"]
    assert list(one)[-1].endswith("汇总表.xlsx")


def test_a_user_error_in_a_worker_reaches_the_caller_whole(tmp_path, monkeypatch):
    plans = _plans(tmp_path, 2)
    broken = tmp_path / "templates" / "report" / "report.j2"
    broken.parent.mkdir(parents=True)
    broken.write_text("@title {{ plan.title }}\n{{ no_such_thing.x }}\n", encoding="utf-8")
    monkeypatch.setenv(WORKERS_ENV, "2")
    with pytest.raises(UserError, match=r"第 2 行用到了不存在的内容"):
        write_reports(Workspace.at(tmp_path), "2026Q3", plans, {p.id: sample_returns() for p in plans})


def test_worker_count(monkeypatch):
    monkeypatch.delenv(WORKERS_ENV, raising=False)
    assert worker_count(1) == 1
    assert 1 <= worker_count(500) <= 500
    monkeypatch.setenv(WORKERS_ENV, "3")
    assert worker_count(10) == 3 and worker_count(2) == 2
    monkeypatch.setenv(WORKERS_ENV, "viele")
    assert worker_count(10) >= 1
