"""The demo: three quarters with the typical mistakes, and the same files when run again."""

import hashlib
import random
import re
import sqlite3
from pathlib import Path

import pytest

from generator.cli import main
from generator.demo import MARKER, run_demo
from generator.store import Store



def digest(root: Path) -> dict[str, str]:
    files = {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith("store.sqlite")}
    db = sqlite3.connect(root / "workbooks" / "store.sqlite")
    files["store"] = hashlib.sha256("\n".join(db.iterdump()).encode()).hexdigest()
    db.close()
    return files


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "demo"
    result = run_demo(root, plan_ids=("zhangjiajie",))
    return root, result


@pytest.mark.slow
def test_quarters_and_mistakes(demo):
    root, result = demo
    assert set(result.outcomes) == {"2026Q1", "2026Q2", "2026Q3"}
    assert set(result.outcomes["2026Q1"]) == {"已接收"}
    assert {"已接收", "退回", "重复", "非填报表"} <= set(result.outcomes["2026Q3"])
    with Store(root / "workbooks" / "store.sqlite") as store:
        messages = [m for s in store.submissions("2026Q3") for m in s.messages]
        history = store.history("zhangjiajie", "2026Q3")
    assert any("填写的是“八十”" in m for m in messages)
    assert any("这是2026年第二季度的填报表" in m for m in messages)
    assert any("锁定" in m for m in messages)
    assert any("这是 Word 或 PowerPoint 文件，不是表格" in m for m in messages)  # the demo's 情况说明.docx
    assert [h.period for h in history] == ["2026Q1", "2026Q2"]
    assert len(result.reports) == 1 and (root / "reports" / "2026Q3" / "汇总表.xlsx").exists()


@pytest.mark.slow
def test_running_it_again_gives_the_same_files(demo, tmp_path):
    root, _ = demo
    first = digest(root)
    run_demo(root, plan_ids=("zhangjiajie",))  # over the same folder: it is a demo workspace
    assert digest(root) == first


@pytest.mark.slow
def test_refuses_a_folder_that_is_not_a_demo(tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    assert main(["demo", "--workspace", str(tmp_path)]) == 1
    assert "不是演示工作区" in capsys.readouterr().err
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me" and not (tmp_path / MARKER).exists()


# --------------------------------------------------------------------------- the simulated returns themselves
# Fast: the answers for every unit of every seed plan over three quarters, without writing files.

SEED_PLANS = Path(__file__).resolve().parents[1] / "plans"


def _quarters(plan_id: str):
    """{period: {unit: (FormContent, FormAnswers)}} for every unit with a form, 2026Q1–Q3, as the demo draws them."""
    from generator.demo.answers import UnitProfile, answers_for
    from generator.forms.layout import form_rows
    from generator.period import Period
    from generator.plan.planfile import load_plan

    plan = load_plan(SEED_PLANS / f"{plan_id}.yaml")
    units = [u.name for u in plan.units if u.kind != "implementer_group"]
    memory, out = {}, {}
    for code in ("2026Q1", "2026Q2", "2026Q3"):
        period = Period.parse(code)
        out[code] = {}
        for unit in units:
            content = form_rows(plan, unit, period)
            if content.is_empty:
                continue
            profile = UnitProfile.draw(random.Random(f"profile-{plan.id}-{unit}"))
            answers = answers_for(plan, content, period, profile, random.Random(f"{code}-{plan.id}-{unit}"), memory.get(unit))
            memory[unit] = {k: v.progress for k, v in answers.tasks.items()}
            out[code][unit] = (content, answers)
    return plan, out


@pytest.fixture(scope="module", params=["zhangjiajie", "chenzhou", "shiyan", "linxiang", "jiangyong"])
def quarters(request):
    return _quarters(request.param)


def _direction(plan, row_id: str) -> str:
    for indicator in plan.indicators:
        if indicator.id == row_id:
            return indicator.direction
    return next(t.direction for _, t in plan.all_targets() if t.id == row_id)


def test_one_value_per_indicator_on_a_form_and_across_units(quarters):
    plan, out = quarters
    for code, forms in out.items():
        seen: dict[tuple, float] = {}
        for unit, (content, answers) in forms.items():
            for row in content.targets:
                answer = answers.targets.get(row.row_id)
                if row.qualitative or answer is None:
                    continue
                change = row.baseline_value == 0
                key = (row.indicator.split("\n")[0], row.unit, change)
                assert seen.setdefault(key, answer.actual) == answer.actual, (code, unit, row.row_id, key)
                linked = re.search(r"与指标(I\d+)“", row.indicator)
                if linked and linked.group(1) in answers.targets:  # a goal and its indicator-table row, on one form
                    assert answers.targets[linked.group(1)].actual == answer.actual, (code, unit, row.row_id)


def test_entered_baselines_lie_on_the_right_side_of_the_target(quarters):
    plan, out = quarters
    stated = {t.baseline.value for _, t in plan.all_targets() if t.baseline} | {i.baseline.value for i in plan.indicators if i.baseline}
    entered = 0
    for forms in out.values():
        for content, answers in forms.values():
            for row in content.targets:
                answer = answers.targets.get(row.row_id)
                if answer is None or answer.baseline is None:
                    continue
                assert row.needs_baseline, row.row_id  # only where the form asks for it
                assert answer.baseline_year is not None and 2000 <= answer.baseline_year <= 2025
                entered += 1
                if answer.baseline == 0 or answer.baseline in stated:
                    continue  # a change since the base year (新增…), or the plan's own figure from another row
                if _direction(plan, row.row_id) == "up":
                    assert answer.baseline < row.target_value, (row.row_id, answer.baseline, row.target_value)
                else:
                    assert answer.baseline > row.target_value, (row.row_id, answer.baseline, row.target_value)
    assert entered or not any(r.needs_baseline for forms in out.values() for c, _ in forms.values() for r in c.targets)


def test_progress_never_goes_back_and_a_late_task_says_why(quarters):
    plan, out = quarters
    codes = list(out)
    stalls = 0
    for before, after in zip(codes, codes[1:]):
        for unit, (_, answers) in out[after].items():
            previous = out[before].get(unit)
            for task_id, answer in answers.tasks.items():
                then = previous[1].tasks[task_id].progress
                assert answer.progress >= then, (unit, task_id, then, answer.progress)
                stalls += 0 < then < 100 and answer.progress - then <= 3
                if answer.status in ("进度滞后", "未启动"):
                    assert answer.problems and answer.problems != "无", (unit, task_id)
    assert stalls  # quarters are not all smooth


def test_work_texts_are_specific_varied_and_never_echo_the_task(quarters):
    plan, out = quarters
    titles = {t.id: t.title for t in plan.tasks}
    texts = []
    for forms in out.values():
        for unit, (_, answers) in forms.items():
            for task_id, answer in answers.tasks.items():
                for text in (answer.progress_text, answer.problems, answer.next_steps):
                    assert "围绕“" not in text and titles[task_id] not in text
                if answer.status == "未启动":
                    continue
                assert re.search(r"\d", answer.progress_text), answer.progress_text  # figures, not slogans
                texts.append(answer.progress_text)
    assert len(set(texts)) >= 0.95 * len(texts)


def test_base_year_is_written_only_where_the_form_asks_for_it(tmp_path):
    """fill_form leaves a locked 基期年份 alone (a return that edits it is rejected) and fills an input one."""
    import openpyxl
    from openpyxl.styles import Protection

    from generator.demo.fill import FormAnswers, TargetAnswer, fill_form
    from generator.forms.columns import FIRST_DATA_ROW, HEADER_ROW, INFO_SHEET, TARGET_SHEET, TASK_SHEET

    book = openpyxl.Workbook()
    book.active.title = TASK_SHEET
    targets = book.create_sheet(TARGET_SHEET)
    book.create_sheet(INFO_SHEET)
    for col, header in enumerate(["目标编号", "基期年份", "基期值", "本期实际值"], 1):
        targets.cell(HEADER_ROW + 1, col, header)
    for n, row_id in enumerate(["T01-1", "T01-2"]):
        targets.cell(FIRST_DATA_ROW + 1 + n, 1, row_id)
    for col in (2, 3, 4):  # T01-1: the plan gives no baseline, so 基期年份 and 基期值 are inputs, as is 本期实际值
        targets.cell(FIRST_DATA_ROW + 1, col).protection = Protection(locked=False)
    targets.cell(FIRST_DATA_ROW + 2, 4).protection = Protection(locked=False)  # T01-2: only 本期实际值
    blank = tmp_path / "blank.xlsx"
    book.save(blank)
    answers = FormAnswers(targets={"T01-1": TargetAnswer(30.5, baseline=21.0, baseline_year=2020),
                                   "T01-2": TargetAnswer(12, baseline_year=2020)})
    filled = openpyxl.load_workbook(fill_form(blank, tmp_path / "filled.xlsx", answers))[TARGET_SHEET]
    first, second = FIRST_DATA_ROW + 1, FIRST_DATA_ROW + 2
    assert [filled.cell(first, c).value for c in (2, 3, 4)] == [2020, 21, 30.5]
    assert [filled.cell(second, c).value for c in (2, 3, 4)] == [None, None, 12]
