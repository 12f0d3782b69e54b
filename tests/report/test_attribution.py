"""Attribution: in a quarter where every unit writes text and figures of its own, the report prints every
text under its own unit's name (never under another's), and every figure in a notice is the recipient's own.

Two seed plans: 张家界 (every task has lead units) and 江永 (almost no task names a lead: each listed unit
answers for its own part). Each unit answers exactly the rows of its own form (forms.layout), with a
recognisable token in every text (“第0712号”: unit 7, row 12) and progress values no other unit uses
(unit k reports 2k+1 + j/10 %). Every fourth unit reports every task 已完成 at 100 %; two units are silent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.forms.layout import form_rows
from generator.period import Period
from generator.plan.planfile import load_plan
from generator.report import write_reports
from generator.report.text import fmt_num
from generator.workspace import Workspace
from tests.assess.helpers import returns
from tests.report.docx_util import open_doc

PLANS = Path(__file__).resolve().parents[2] / "plans"
PERIOD = Period.parse("2026Q3")
TOKEN = re.compile(r"第(\d{2})(\d{2})号")


def _quarter(plan):
    units = plan.reporting_units()
    silent = {units[1], units[-2]}
    rows, own = {}, {}
    for k, unit in enumerate(units):
        if unit in silent:
            continue
        content = form_rows(plan, unit, PERIOD)
        done = k % 4 == 0
        tasks = []
        for j, row in enumerate(content.tasks):
            progress = 100.0 if done else round(2 * k + 1 + j / 10, 1)
            own[(unit, row.row_id)] = progress
            tag = f"{k:02d}{j:02d}"
            tasks.append((row.row_id, row.role, "已完成" if done else "序时推进", progress,
                          f"完成第{tag}号专项工作，累计投资{k}亿元。其余按计划推进。",
                          f"第{tag}号工作资金缺口较大。", f"加快第{tag}号工作。"))
        targets = [(t.row_id, None, "达标") if t.qualitative else (t.row_id, 10.0 + k, None, 1.0 + k if t.needs_baseline else None)
                   for t in content.targets]
        rows[unit] = (tasks, targets)
    return units, silent, own, returns(plan.id, PERIOD.code, rows)


@pytest.fixture(scope="module", params=["zhangjiajie", "jiangyong"])
def quarter(request, tmp_path_factory):
    plan = load_plan(PLANS / f"{request.param}.yaml")
    units, silent, own, rets = _quarter(plan)
    ws = Workspace.at(tmp_path_factory.mktemp(request.param))
    paths = write_reports(ws, PERIOD, [plan], {plan.id: rets}, notices=True)
    return {"plan": plan, "units": units, "silent": silent, "own": own, "paths": paths}


def _unit_at(text: str, pos: int, names: list[str]) -> str | None:
    """The unit whose name ends closest before ``pos`` in ``text`` (longest name wins at a tie)."""
    best = None
    for name in names:
        end = text.rfind(name, 0, pos)
        if end >= 0:
            key = (end + len(name), len(name))
            if best is None or key > best[0]:
                best = (key, name)
    return best[1] if best else None


def _cell_unit(cells: list[str], names: list[str]) -> list[str]:
    """Units named in a row's own unit cell: “单位\\n（牵头）” (annex 1) or “单位（配合）” (annex 2)."""
    return [n for n in names for c in cells if re.match(rf"^{re.escape(n)}\s*（", c)]


def test_every_text_stands_under_its_own_unit(quarter):
    units, plan = quarter["units"], quarter["plan"]
    doc = open_doc(quarter["paths"][0])
    names = sorted(set(units) | {u.name for u in plan.units}, key=len)
    seen = set()
    for p in doc.paragraphs:  # the body: every quoted text is preceded by its unit's name
        for m in TOKEN.finditer(p.text):
            k = int(m.group(1))
            assert _unit_at(p.text, m.start(), names) == units[k], p.text
            seen.add(m.group(0))
    body_quotes = len(seen)
    for table in doc.tables:  # the annexes: every row with a unit's text names that unit (and only it) in its unit cell
        for row in table.rows:
            cells = [c.text for c in row.cells]
            found = {int(m.group(1)) for c in cells for m in TOKEN.finditer(c)}
            if not found:
                continue
            assert len(found) == 1, cells
            k = found.pop()
            assert set(_cell_unit(cells, names)) == {units[k]}, cells
            seen.update(m.group(0) for c in cells for m in TOKEN.finditer(c))
    expected = {f"第{k:02d}{j:02d}号" for k, u in enumerate(units) if u not in quarter["silent"]
                for j in range(len(form_rows(plan, u, PERIOD).tasks))}
    assert expected <= seen  # every unit's every text is somewhere in the report (annex 1 holds them all)
    assert body_quotes >= 3  # and the body does quote units


def test_every_figure_in_a_notice_is_the_recipients_own(quarter):
    units, own, silent = quarter["units"], quarter["own"], quarter["silent"]
    notices = [p for p in quarter["paths"] if p.name.endswith("督办通知.docx")]
    reminders = [p for p in quarter["paths"] if p.name.endswith("催报通知.docx")]
    assert notices and {p.name.split("_")[1] for p in reminders} == silent
    done_units = {u for k, u in enumerate(units) if k % 4 == 0 and u not in silent}
    for path in notices:
        unit = path.name.split("_")[1]
        assert unit not in done_units  # a unit that finished everything is never chased for another's part
        mine = {fmt_num(v, 1) for (u, _), v in own.items() if u == unit}
        others = {fmt_num(v, 1) for (u, _), v in own.items() if u != unit} - mine
        text = "\n".join(p.text for p in open_doc(path).paragraphs)
        for m in re.finditer(r"(\d+)\.(\d+)\s*号|第(\d{2})\d{2}号", text):  # quoted problems are its own
            if m.group(3):
                assert units[int(m.group(3))] == unit, text
        items = re.findall(r"\d+\.(T\d+[-\d]*) [^。]*。你单位填报完成进度([\d.]+)%", text)
        assert items, text
        for task_id, value in items:
            assert fmt_num(own[(unit, task_id)], 1) == value, (unit, task_id, value)
        scheduled = set(re.findall(r"序时进度([\d.]+)%", text))
        for value in re.findall(r"([\d.]+)%", text):
            assert value in mine or value in scheduled, (unit, value)
            assert value not in others or value in scheduled, (unit, value)


def test_figure_caption_says_which_targets_it_shows(quarter):
    from generator.report.charts import CHART_ROWS

    plan = quarter["plan"]
    total = len(plan.goals) + len(plan.indicators) + sum(len(t.targets) for t in plan.tasks)
    captions = [p.text for p in open_doc(quarter["paths"][0]).paragraphs if p.text.startswith("图1")]
    assert len(captions) == 1
    m = re.search(r"（(?:滞后程度最大的(\d+)项，)?共(\d+)项）", captions[0])
    assert m and int(m.group(2)) == total, captions
    if total > CHART_ROWS:  # a selection says so: at least the limit (more when more are red), never all silently
        assert m.group(1) and CHART_ROWS <= int(m.group(1)) < total
