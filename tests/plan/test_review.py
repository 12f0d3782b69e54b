"""The 核对表: edits in the workbook become documented corrections; untouched rows never do."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.errors import UserError
from generator.plan.overrides import Overrides
from generator.plan.planfile import load_plan
from generator.plan.review import append_corrections, plan_changes, review_corrections, write_review_workbook

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"


@pytest.fixture
def plan():
    return load_plan(MINI)


@pytest.fixture
def book_path(tmp_path, plan):
    return write_review_workbook(tmp_path / "mini_核对表.xlsx", plan, [], tmp_path / "mini.yaml")


def edit(path: Path, sheet: str, row_id: str, **cells) -> None:
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == row_id)
    for name, value in cells.items():
        row[header.index(name)].value = value
    book.save(path)


def test_untouched_workbook_asks_for_nothing(book_path, plan):
    found = review_corrections(book_path, plan)
    assert found.corrections == [] and found.problems == []


def test_edits_become_corrections_with_their_reason(book_path, plan):
    edit(book_path, "任务", "T04", 牵头单位="市林业局", 配合单位="市生态环境局", 修改原因="经确认由市林业局牵头")
    edit(book_path, "目标", "T03-2", 方向="越小越好", 修改原因="原文为“下降”")
    edit(book_path, "目标", "T01-1", 删除="删除", 修改原因="项目规模，不是目标")
    edit(book_path, "单位", "国网示例供电公司", 类别="部门", 修改原因="测试")
    found = review_corrections(book_path, plan)
    assert found.problems == []
    assert found.corrections == [
        {"unit": "国网示例供电公司", "set": {"kind": "department"}, "reason": "测试"},
        {"task": "T04", "set": {"lead": ["市林业局"], "co": ["市生态环境局"]}, "reason": "经确认由市林业局牵头"},
        {"drop_target": "T01-1", "reason": "项目规模，不是目标"},
        {"target": "T03-2", "set": {"direction": "down"}, "reason": "原文为“下降”"},
    ]
    Overrides(MINI, found.corrections).apply(plan)  # the existing mechanism accepts every one
    assert plan.task("T04").lead == ["市林业局"]


def test_a_change_without_reason_or_with_an_unknown_unit_names_the_cell(book_path, plan):
    edit(book_path, "任务", "T01", 牵头单位="市发改局")
    edit(book_path, "任务", "T02", 配合单位="市生态环境局、市不存在局", 修改原因="x")
    found = review_corrections(book_path, plan)
    assert any(p.startswith("任务!K2：任务 T01 有改动，请写明修改原因") for p in found.problems), found.problems
    assert any("任务!F3：“市不存在局”不在单位名录" in p for p in found.problems), found.problems


def test_baseline_needs_its_year(book_path, plan):
    edit(book_path, "目标", "T03-1", 基期值="12", 基期年份=None, 修改原因="补基期")
    found = review_corrections(book_path, plan)
    assert any("须同时填写基期年份" in p for p in found.problems)


def test_a_unit_merge(book_path, plan):
    edit(book_path, "单位", "市林业局", 合并到="市生态环境局", 修改原因="测试合并")
    found = review_corrections(book_path, plan)
    assert found.corrections == [{"merge_unit": {"from": "市林业局", "into": "市生态环境局"}, "reason": "测试合并"}]


def test_not_a_review_workbook(tmp_path, plan):
    path = tmp_path / "x_核对表.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(UserError, match="不是 plan import 写出的核对表"):
        review_corrections(path, plan)


def test_append_keeps_what_is_there(tmp_path, plan):
    path = tmp_path / "mini.overrides.yaml"
    path.write_text("# 人工校正\ncorrections:\n- unit: 市林业局\n  set: {kind: department}\n  reason: 已有的一条\n", encoding="utf-8")
    append_corrections(path, plan, [{"task": "T04", "set": {"lead": ["市林业局"]}, "reason": "新的一条"}])
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 人工校正\n")
    assert [c["reason"] for c in yaml.safe_load(text)["corrections"]] == ["已有的一条", "新的一条"]
    fresh = tmp_path / "new.overrides.yaml"
    append_corrections(fresh, plan, [{"drop_target": "T01-1", "reason": "r"}])
    assert yaml.safe_load(fresh.read_text(encoding="utf-8"))["corrections"] == [{"drop_target": "T01-1", "reason": "r"}]


def test_plan_changes_in_words(plan):
    after = load_plan(MINI)
    after.task("T04").lead = ["市林业局"]
    assert plan_changes(plan, after) == ["任务 T04“" + plan.task("T04").title + "”牵头单位：（无） → 市林业局"]


def test_import_never_overwrites_unreviewed_edits(book_path, plan, tmp_path):
    from generator.plan.review import unreviewed_rows, write_after_import

    assert unreviewed_rows(book_path) == []
    edit(book_path, "任务", "T04", 牵头单位="市林业局", 修改原因="经确认")
    assert unreviewed_rows(book_path) == ["任务!T04"]
    before = book_path.read_bytes()
    path, edited = write_after_import(tmp_path / "mini.yaml", plan, [])
    assert (path, edited) == (book_path, ["任务!T04"]) and book_path.read_bytes() == before
