"""A whole quarter of one real plan through real LibreOffice: forms → filled and saved by LibreOffice →
collected → assessed → Word report → PDF; the report's figures equal 汇总表.xlsx and the store."""

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.assess import assess_plan, load_settings
from generator.collect import collect
from generator.demo.answers import UnitProfile, answers_for
from generator.demo.fill import fill_form
from generator.forms import generate_forms
from generator.forms.layout import form_rows
from generator.period import Period
from generator.plan.planfile import load_plan
from generator.report import cli_report
from generator.shared.summary_workbook import figures_from_workbook
from generator.store import Store
from generator.workspace import Workspace

from .soffice import convert, needs_soffice

ROOT = Path(__file__).resolve().parents[1]
PERIOD = Period.parse("2026Q3")

pytestmark = [*needs_soffice, pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")]


@pytest.fixture(scope="module")
def quarter(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    ws = Workspace.at(root)
    ws.plans_dir.mkdir()
    shutil.copy(ROOT / "plans" / "zhangjiajie.yaml", ws.plans_dir)
    plan = load_plan(ws.plans_dir / "zhangjiajie.yaml")
    forms = generate_forms(ws, PERIOD).forms
    filled = root / "filled"
    filled.mkdir()
    sources = []
    for n, form in enumerate(forms):
        rng = random.Random(n)
        answers = answers_for(plan, form_rows(plan, form.unit, PERIOD), PERIOD, UnitProfile.draw(rng), rng)
        sources.append(fill_form(form.path, filled / f"r{n:02d}.xlsx", answers))
    # Every return is re-saved by LibreOffice: most as .xlsx, one as .ods and one as .xls.
    inbox = ws.inbox_dir(PERIOD.code)
    saved = convert(sources[2:], "xlsx", root / "lo-xlsx") + convert(sources[:1], "ods", root / "lo-ods") \
        + convert(sources[1:2], "xls", root / "lo-xls")
    for path in saved:
        target = inbox / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    result = collect(ws, PERIOD.code)
    assert cli_report(ws, PERIOD.code, []) in (0, 1)
    docx = next(ws.report_dir(PERIOD.code).glob("*进展情况报告.docx"))
    pdf = convert([docx], "pdf", root / "pdf", fonts=True)[0]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return ws, plan, forms, result, text, info


def test_every_libreoffice_saved_return_is_accepted(quarter):
    ws, plan, forms, result, *_ = quarter
    assert {s.outcome_word for s in result.submissions} == {"已接收"}
    assert len(result.submissions) == len(forms)
    assert {s.unit for s in result.submissions} == {f.unit for f in forms}


def test_report_figures_equal_the_workbook_and_the_store(quarter):
    ws, plan, forms, result, text, _ = quarter
    flat = re.sub(r"\s+", "", text)
    sheet = figures_from_workbook(ws.report_dir(PERIOD.code) / "汇总表.xlsx")[plan.title]
    with Store(ws.store_path) as store:
        returns = store.period_returns(plan.id, PERIOD.code)
        history = store.history(plan.id, PERIOD.code)
    a = assess_plan(plan, PERIOD, returns, load_settings(ROOT / "templates" / "settings.yaml"), history)
    assert a.figures() == sheet  # the workbook holds the assessment's own numbers
    assert sheet["单位已报送"] == len(returns.returns) == len(forms)
    assert f"方案共明确重点任务{sheet['任务总数']}项" in flat
    assert f"应报送单位{sheet['单位总数']}个" in flat and f"已报送{sheet['单位已报送']}个" in flat
    for key, word in (("任务已完成", "已完成"), ("任务正常", "按序时推进"), ("任务轻微滞后", "轻微滞后"),
                      ("任务明显滞后", "明显滞后"), ("任务逾期未完成", "逾期未完成")):
        if sheet[key]:
            assert f"{word}{sheet[key]}项" in flat, key


def test_every_late_task_is_named_with_its_owner(quarter):
    ws, plan, forms, result, text, _ = quarter
    flat = re.sub(r"\s+", "", text)
    with Store(ws.store_path) as store:
        a = assess_plan(plan, PERIOD, store.period_returns(plan.id, PERIOD.code), load_settings(ROOT / "templates" / "settings.yaml"))
    late = [t for t in a.tasks if t.status in ("轻微滞后", "明显滞后")]
    assert late, "the filled answers are meant to include late tasks"
    for task in late:
        assert task.task.title in flat
        assert any(owner in flat for owner in task.task.lead or task.task.co)


def test_report_rendered_on_a4(quarter):
    ws, plan, forms, result, text, info = quarter
    assert plan.title in re.sub(r"\s+", "", text)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(width), round(height)) == (595, 842)  # A4 portrait in points (first page)
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 3
