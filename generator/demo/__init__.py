"""``demo``: a whole reporting year so far, in one command, on the five seed plans.

In a fresh workspace it imports the seed plans, and for 2026Q1–2026Q3 sends the
forms, has the units fill them (deterministically: varied progress, some late
tasks, some units that never report, and the typical mistakes an office meets —
a percent typed as 八十, last quarter's form sent again, a locked cell edited, a
Word file in the inbox, the same file twice), collects every quarter, and
writes the 2026Q3 reports. Running it twice gives the same files.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import docx
from rich.table import Table

from ..collect import collect
from ..console import console, progress
from ..errors import UserError
from ..fileio import stable_zip, write_bytes_atomic
from ..forms import generate_forms
from ..forms.layout import form_rows
from ..forms.previous import previous_from_store
from ..period import Period
from ..plan import import_plan
from ..plan.model import Plan
from ..workspace import TOOLKIT_ROOT, Workspace
from .answers import UnitProfile, answers_for
from .fill import FormAnswers, TaskAnswer, fill_form

SEEDS = ("zhangjiajie", "chenzhou", "shiyan", "linxiang", "jiangyong")
PERIODS = ("2026Q1", "2026Q2", "2026Q3")
MARKER = ".demo-workspace"
# The demo signs its forms with a fixed secret so that reruns give identical files.
# A real workspace gets a random secret on first use (see forms/machine.py).
DEMO_SECRET = hashlib.sha256(b"carbon-peaking-progress demo workspace").hexdigest()


@dataclass
class DemoResult:
    workspace: Workspace
    plans: list[Plan]
    reports: list[Path] = field(default_factory=list)
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)  # period → outcome word → files


def _fresh_workspace(root: Path) -> Workspace:
    root = root.resolve()
    if root.exists():
        if not (root / MARKER).exists() and any(root.iterdir()):
            raise UserError(
                f"文件夹“{root}”已存在且不是演示工作区（其中没有 {MARKER} 标记）。为免覆盖您的文件，请另选一个演示文件夹，如 --workspace demo2。"
            )
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / MARKER).write_text("由 make_reports.py demo 生成，可整个删除。\n", encoding="utf-8")
    ws = Workspace(root)
    write_bytes_atomic(ws.secret_path, DEMO_SECRET.encode("ascii"))
    os.chmod(ws.secret_path, 0o600)
    return ws


def _import_seeds(ws: Workspace, plan_ids: tuple[str, ...]) -> list[Plan]:
    sources = TOOLKIT_ROOT / "plans"
    plans = []
    for plan_id in plan_ids:
        overrides = sources / f"{plan_id}.overrides.yaml"
        if overrides.exists():
            write_bytes_atomic(ws.plans_dir / overrides.name, overrides.read_bytes())
        result, _ = import_plan(ws, sources / "sources" / f"{plan_id}.txt", plan_id)
        plans.append(result.plan)
    return plans


def _silent_units(plan: Plan, units: list[str]) -> set[str]:
    """Units that never report in the demo: about one in twelve, at least one per plan."""
    rng = random.Random(f"silent-{plan.id}")
    count = max(1, len(units) // 12)
    return set(rng.sample(units, count))


def _file_name(unit: str, period: Period, rng: random.Random) -> str:
    return rng.choice([
        f"{unit}关于报送{period.label}碳达峰工作进展情况的函.xlsx",
        f"{period.label}碳达峰进展（{unit}）.xlsx",
        f"{unit}-填报表-定稿.xlsx",
        f"回表_{unit}.xlsx",
        "填报表(1).xlsx",
    ])


def _unique(path: Path) -> Path:
    """Where a mail client would save an attachment whose name is taken: 填报表(1) (2).xlsx."""
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def _stamp(path: Path, when: datetime) -> None:
    ts = when.timestamp()
    os.utime(path, (ts, ts))


def _word_file(path: Path, unit: str, period: Period) -> None:
    document = docx.Document()
    document.add_paragraph(f"{unit}关于{period.label}碳达峰工作情况的说明")
    document.add_paragraph("本季度各项工作有序推进，详见附表。")
    document.core_properties.created = document.core_properties.modified = period.document_time
    buffer = io.BytesIO()
    document.save(buffer)
    write_bytes_atomic(path, stable_zip(buffer.getvalue()))


def _quarter(ws: Workspace, plans: list[Plan], period: Period, memory: dict) -> dict[str, int]:
    """Send the forms of ``period``, fill the returns into the inbox (with mistakes), collect."""
    result = generate_forms(ws, period, previous=previous_from_store(ws, period))
    inbox = ws.inbox_dir(period.code)
    due = datetime.combine(period.end, datetime.min.time()) + timedelta(days=8, hours=9)
    by_plan = {p.id: p for p in plans}
    forms = sorted(result.forms, key=lambda f: (f.plan_id, f.unit))
    mistakes = period.code == PERIODS[-1]
    units_of = {pid: [f.unit for f in forms if f.plan_id == pid] for pid in by_plan}
    silent = {pid: _silent_units(by_plan[pid], units) for pid, units in units_of.items()}
    with progress(f"{period.label}：各单位填报", len(forms)) as advance:
        for n, form in enumerate(forms):
            advance()
            plan = by_plan[form.plan_id]
            units = units_of[plan.id]
            if form.unit in silent[plan.id]:
                continue
            rng = random.Random(f"{period.code}-{plan.id}-{form.unit}")
            profile = UnitProfile.draw(random.Random(f"profile-{plan.id}-{form.unit}"))
            content = form_rows(plan, form.unit, period)
            key = (plan.id, form.unit)
            answers = answers_for(plan, content, period, profile, rng, memory.get(key))
            memory[key] = {k: v.progress for k, v in answers.tasks.items()}
            folder = inbox / f"{(due + timedelta(days=n % 5)).date()} 收件"
            sent = due + timedelta(days=n % 5, minutes=7 * n)
            path = fill_form(form.path, _unique(folder / _file_name(form.unit, period, rng)), answers, sent)
            _stamp(path, sent)
            if not mistakes:
                continue
            position = units.index(form.unit)
            first_task = content.tasks[0].row_id if content.tasks else None
            if position == 1 and first_task:
                # A percent typed as 八十: sent first, sent again corrected an hour later.
                wrong = FormAnswers(dict(answers.tasks), dict(answers.targets), dict(answers.contact))
                wrong.tasks[first_task] = TaskAnswer(**{**answers.tasks[first_task].__dict__, "progress": "八十"})
                bad = fill_form(form.path, folder / f"{form.unit}填报表（初稿）.xlsx", wrong, sent - timedelta(hours=1))
                _stamp(bad, sent - timedelta(hours=1))
            elif position == 2 and first_task:
                # Last quarter's form sent again by mistake, besides this quarter's.
                old = ws.blank_dir(period.previous().code, plan.id) / form.path.name.replace(period.code, period.previous().code)
                if old.exists():
                    stale = fill_form(old, folder / f"{form.unit}（上季度）.xlsx", answers, sent - timedelta(days=1))
                    _stamp(stale, sent - timedelta(days=1))
            elif position == 3 and first_task:
                # A task's name edited in a locked cell: the only return of this unit, so it goes back.
                edited = FormAnswers(answers.tasks, answers.targets, answers.contact,
                                     {("重点任务", first_task, "任务名称"): "（已调整）" + content.tasks[0].title})
                fill_form(form.path, path, edited, sent)
                _stamp(path, sent)
            elif position == 4:
                copy = inbox / "转发" / path.name
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, copy)
                _stamp(copy, sent + timedelta(hours=2))
            elif position == 5:
                _word_file(folder / f"{form.unit}情况说明.docx", form.unit, period)
                _stamp(folder / f"{form.unit}情况说明.docx", sent)
    collected = collect(ws, period.code, now=due + timedelta(days=6))
    counts: dict[str, int] = {}
    for s in collected.submissions:
        counts[s.outcome_word] = counts.get(s.outcome_word, 0) + 1
    return counts


def run_demo(root: Path, plan_ids: tuple[str, ...] = SEEDS, periods: tuple[str, ...] = PERIODS) -> DemoResult:
    ws = _fresh_workspace(Path(root))
    console.print(f"演示工作区：[bold]{ws.root}[/]")
    plans = _import_seeds(ws, plan_ids)
    console.print(f"已导入 {len(plans)} 个实施方案：{'、'.join(p.title for p in plans)}")
    result = DemoResult(ws, plans)
    memory: dict = {}
    for code in periods:
        period = Period.parse(code)
        result.outcomes[code] = _quarter(ws, plans, period, memory)
        console.print(f"{period.label}回表：" + "，".join(f"{w} {n}" for w, n in result.outcomes[code].items()))
    from ..report import cli_report

    cli_report(ws, periods[-1], [], notices=True)
    result.reports = sorted(ws.report_dir(periods[-1]).glob("*进展情况报告.docx"))
    return result


def _summary(result: DemoResult) -> Table:
    """The headline figures of every plan, read back from 汇总表.xlsx (the numbers the reports print)."""
    from python_calamine import CalamineWorkbook

    period = PERIODS[-1]
    book = CalamineWorkbook.from_path(str(result.workspace.report_dir(period) / "汇总表.xlsx"))
    rows = book.get_sheet_by_name("报告数据").to_python()
    figures = {row[0]: row[1:] for row in rows[1:]}
    shown = {"任务总数": "任务", "任务已完成": "完成", "任务正常": "正常", "任务轻微滞后": "轻微滞后",
             "任务明显滞后": "明显滞后", "任务未报送": "未报", "单位已报送": "单位已报", "单位总数": "应报",
             "目标已达标": "目标达标"}
    table = Table(title=f"{Period.parse(period).label}各方案进展（与 reports/{period}/汇总表.xlsx“报告数据”一致）")
    table.add_column("计划")
    for label in shown.values():
        table.add_column(label, justify="right")
    ids = {plan.title: plan.id for plan in result.plans}
    for i, title in enumerate(rows[0][1:]):
        table.add_row(ids.get(str(title), str(title)), *[f"{figures[key][i]:g}" if key in figures else "—" for key in shown])
    return table


def cli_demo(root: Path) -> int:
    result = run_demo(root)
    ws = result.workspace
    console.print(_summary(result))
    last = PERIODS[-1]
    console.print("\n[bold]文件在哪里[/]")
    console.print(f"  计划文件：      {ws.plans_dir}/*.yaml（源文档在 plans/sources/）")
    console.print(f"  下发的填报表：  {ws.workbooks_dir}/<报送期>/blank/<计划>/  （发放清单.xlsx 在 blank/ 下）")
    console.print(f"  收件箱：        {ws.workbooks_dir}/<报送期>/inbox/")
    console.print(f"  数据库与归档：  {ws.store_path}，{ws.archive_dir()}/")
    console.print(f"  报送情况：      {ws.report_dir(last)}/报送情况.xlsx")
    console.print(f"  汇总表：        {ws.report_dir(last)}/汇总表.xlsx")
    for path in result.reports:
        console.print(f"  报告：          {path}")
    console.print(f"  督办通知：      {ws.report_dir(last)}/督办通知/")
    return 0
