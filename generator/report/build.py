"""Build one plan's progress report (and 督办通知) as .docx bytes from a PlanAssessment."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path

import docx
import jinja2

from ..assess import PlanAssessment, status as st
from ..errors import UserError
from ..fileio import stable_zip
from . import charts, docstyle as ds, text as tx, wording
from .render import DocWriter, render_markup
from .tables import builders

STYLE_FILE = "report_style.docx"


def place_of(plan) -> str:
    issuer = tx.oneline(plan.issuer or "")
    found = re.findall(r"([^\s、，,]+?)人民政府", issuer)  # “中共某县委 某县人民政府” → 某县
    if found:
        return found[-1]
    m = re.match(r"^(.*?)(碳达峰|$)", tx.oneline(plan.title))
    return m.group(1) if m and m.group(1) else ""


def report_date(a: PlanAssessment) -> datetime:
    """Fixed per period (determinism): the first day after the period ends, 09:00."""
    d = a.period.end + timedelta(days=1)
    return datetime(d.year, d.month, d.day, 9, 0, 0)


def _task_item(ta, limit: int) -> dict:
    texts = ta.texts("progress_text")
    own = [t for u, t in texts if u in ta.owners] or [t for _, t in texts]
    return {
        "id": ta.id, "title": tx.strip_end(ta.task.title), "owners": ta.owners, "status": ta.status,
        "scheduled": ta.scheduled, "progress": ta.progress, "light": ta.light,
        "text": tx.strip_end(tx.condense("；".join(tx.strip_end(t) for t in own), limit)) if own else "",
        "problems": [(u, tx.strip_end(tx.condense(t, limit))) for u, t in ta.texts("problems")],
        "next_steps": [(u, tx.strip_end(tx.condense(t, limit))) for u, t in ta.texts("next_steps")],
        "missing": ta.missing, "notes": ta.notes, "deadline": ta.task.deadline,
    }


def _target_item(t) -> dict:
    sp = t.spec
    unit = "" if not sp.unit else sp.unit
    return {
        "id": sp.id, "kind": sp.kind, "name": tx.strip_end(sp.name), "unit": unit, "status": t.status,
        "actual": t.actual, "expected": t.expected, "target": sp.value, "year": sp.year, "text": tx.strip_end(sp.text),
        "baseline": t.baseline, "reporter": t.reported_by or ("、".join(sp.responsible) if sp.responsible else ""),
        "responsible": sp.responsible, "judgement": t.judgement, "trend_word": t.trend_word,
        "ratio": t.ratio, "notes": t.notes,
    }


def context(a: PlanAssessment) -> dict:
    limit = a.settings.condense_chars
    place = place_of(a.plan)
    when = report_date(a)
    areas = []
    for i, ar in enumerate(a.areas, 1):
        areas.append({"index": i, "name": tx.strip_end(ar.name), "path": ar.path, "total": len(ar.tasks),
                      "counts": ar.counts, "tasks": [_task_item(t, limit) for t in ar.tasks],
                      "late": sum(ar.counts[s] for s in st.LATE)})
    targets = [_target_item(t) for t in a.targets]
    by = lambda *ss: [t for t in targets if t["status"] in ss]  # noqa: E731
    return {
        "plan": {"id": a.plan.id, "title": tx.oneline(a.plan.title), "doc_number": tx.oneline(a.plan.doc_number or ""),
                 "issuer": tx.oneline(a.plan.issuer or "")},
        "period": {"code": a.period.code, "label": a.period.label, "year": a.period.year,
                   "end": f"{a.period.end.year}年{a.period.end.month}月{a.period.end.day}日"},
        "place": place,
        "office": f"{place}碳达峰碳中和工作领导小组办公室",
        "leading_group": f"{place}碳达峰碳中和工作领导小组",
        "date_text": f"{when.year}年{when.month}月",
        "f": a.figures(),
        "settings_text": a.settings.describe(),
        "settings_source": Path(a.settings.source).name if a.settings.source != "默认口径" else "默认口径",
        "start_text": f"{a.start.year}年{a.start.month}月{a.start.day}日（{a.start_reason}）",
        "no_returns": a.no_returns,
        "units_total": len(a.units),
        "units_reported": [u.unit for u in a.units_reported],
        "units_complete": [u.unit for u in a.units if u.status == "已报送"],
        "units_partial": [{"unit": u.unit, "missing": u.missing_task_ids} for u in a.units_partial],
        "units_missing": [u.unit for u in a.units_not_reported],
        "areas": areas,
        "targets": targets,
        "targets_met": by(st.MET), "targets_normal": by(st.NORMAL),
        "targets_late": by(st.SLIGHT, st.SERIOUS, st.REVERSE, st.FAILED),
        "targets_missing": by(st.MISSING), "targets_ongoing": by(st.ONGOING),
        "has_targets": bool(a.targets), "has_indicators": bool(a.plan.indicators),
        "late_tasks": [_task_item(t, limit) for t in a.late_tasks],
        "missing_tasks": [_task_item(t, limit) for t in a.missing_tasks],
        "done_tasks": [_task_item(t, limit) for t in a.tasks if t.status == st.DONE],
        "trend": a.trend if len(a.trend) > 1 else [],
        "statuses": st.TASK_STATUSES,
    }


def open_style_document(style_path: Path):
    if not style_path.exists():
        raise UserError(f"找不到报告样式文件“{style_path}”。请运行 python tools/make_report_style.py 重新生成，或从工具的 templates/ 复制一份。")
    try:
        doc = docx.Document(str(style_path))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise UserError(f"报告样式文件“{style_path}”无法打开（{type(exc).__name__}）：应为 Word .docx 文件。") from exc
    return doc


def _prepare(style_path: Path, layout: ds.Layout):
    doc = open_style_document(style_path)
    ds.set_language(doc, layout.language)
    for section in doc.sections:
        ds.portrait(section, layout)
    return doc


def deterministic_bytes(doc) -> bytes:
    """Save with fixed member timestamps so the same inputs give the same file."""
    raw = io.BytesIO()
    doc.save(raw)
    return stable_zip(raw.getvalue())


def build_report(a: PlanAssessment, env: jinja2.Environment, style_path: Path, layout: ds.Layout = ds.LAYOUT) -> bytes:
    ctx = context(a)
    markup = wording.render(env, "report.j2", ctx)
    doc = _prepare(style_path, layout)
    fonts = ds.resolve_fonts(doc, layout)
    writer = DocWriter(doc, fonts, layout)
    chart_builders = {
        "targets": lambda: charts.targets_chart(a),
        "areas": lambda: charts.areas_chart(a),
        "reporting": lambda: charts.reporting_chart(a),
    }
    render_markup(writer, markup, builders(a), chart_builders)
    ds.page_number_footers(doc, fonts, layout)
    title = f"{ctx['plan']['title']}{a.period.label}进展情况报告"
    ds.fixed_core_properties(doc, report_date(a), title, ctx["office"])
    return deterministic_bytes(doc)


def build_notice(a: PlanAssessment, unit: str, items: list, env: jinja2.Environment, style_path: Path,
                 layout: ds.Layout = ds.LAYOUT) -> bytes:
    ctx = context(a)
    ctx.update(unit=unit, items=[_task_item(t, a.settings.condense_chars) for t in items],
               next_period=a.period.label)
    markup = wording.render(env, "notice.j2", ctx)
    doc = _prepare(style_path, layout)
    fonts = ds.resolve_fonts(doc, layout)
    writer = DocWriter(doc, fonts, layout)
    render_markup(writer, markup, {}, {})
    ds.page_number_footers(doc, fonts, layout)
    ds.fixed_core_properties(doc, report_date(a), f"督办通知（{unit}）", ctx["office"])
    return deterministic_bytes(doc)


def notice_items(a: PlanAssessment) -> dict[str, list]:
    """Unit → the tasks it is chased for: late tasks it owns, and tasks it owns but did not report."""
    out: dict[str, list] = {}
    for ta in a.late_tasks:
        for unit in ta.answered or ta.owners:
            out.setdefault(unit, []).append(ta)
    for ta in a.missing_tasks:
        for unit in ta.missing:
            out.setdefault(unit, []).append(ta)
    order = {u: i for i, u in enumerate(a.plan.units_in_order())}
    return {u: sorted(v, key=lambda t: a.tasks.index(t)) for u, v in sorted(out.items(), key=lambda kv: order.get(kv[0], 1e9))}
