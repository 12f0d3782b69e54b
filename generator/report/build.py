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


# How many units' own sentences each action area quotes in the body (the rest stay in 附件1 and 汇总表).
HIGHLIGHTS_PER_AREA = 1
# Late tasks described one by one in 存在的主要问题; beyond this only the red ones are, the others are named.
LATE_ITEMS_IN_FULL = 3
_FIGURE = re.compile(r"\d")


def _first_sentence(text: str, limit: int) -> str:
    """A unit's text cut to its first sentence (when long enough to stand alone), at most ``limit`` characters."""
    t = tx.oneline(text)
    for stop in ("。", "；", ";"):
        i = t.find(stop)
        if i >= 8:
            t = t[:i]
            break
    return tx.strip_end(tx.condense(t, limit))


_FILE_PREFIX = re.compile(r"^[^：]*\.(?:xlsx|xlsm|xls|ods|et|csv|docx?|wps)：", re.IGNORECASE)


def _reason(message: str) -> str:
    """A collection message as a unit may read it: without the file's name and folder in the inbox."""
    return tx.condense(_FILE_PREFIX.sub("", tx.oneline(message)), 80)


def _date_text(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _part_item(p, limit: int) -> dict:
    r = p.row
    return {
        "unit": p.unit, "role": p.role, "status": p.status, "progress": p.progress, "light": p.light,
        "own_status": p.reported_status,
        "problems": _first_sentence(r.problems, limit) if r is not None and r.problems.strip() else "",
        "next_steps": _first_sentence(r.next_steps, limit) if r is not None and r.next_steps.strip() else "",
        "text": _first_sentence(r.progress_text, limit) if r is not None and r.progress_text.strip() else "",
    }


def _task_item(ta, limit: int) -> dict:
    """One task for the templates. Every text in it travels with the unit that wrote it."""
    parts = [_part_item(p, limit) for p in ta.parts]
    late = [_part_item(p, limit) for p in ta.late_parts]
    return {
        "id": ta.id, "title": tx.strip_end(ta.task.title), "owners": ta.owners, "status": ta.status,
        "scheduled": ta.scheduled, "progress": ta.progress, "light": ta.light, "basis": ta.basis,
        "parts": parts, "late_parts": late, "joint": len(ta.parts) > 1,
        "missing": ta.missing, "deadline": ta.task.deadline, "overdue": ta.overdue,
    }


def _highlights(ar, limit: int) -> list[dict]:
    """A few units' own sentences on what moved in an area: texts with figures first, done tasks first,
    at most one per unit, each with its unit's name."""
    candidates = []
    for ta in ar.tasks:
        for p in ta.parts:
            r = p.row
            if r is None or not r.progress_text.strip() or p.status not in (st.DONE, st.NORMAL):
                continue
            text = _first_sentence(r.progress_text, limit)
            if text:
                candidates.append((0 if _FIGURE.search(text) else 1, 0 if p.status == st.DONE else 1,
                                   -(p.progress or 0), len(candidates), p.unit, text, ta))
    chosen, units = [], set()
    for *_, unit, text, ta in sorted(candidates):
        if unit in units:
            continue
        units.add(unit)
        chosen.append({"unit": unit, "text": text, "task": tx.strip_end(ta.task.title)})
        if len(chosen) == HIGHLIGHTS_PER_AREA:
            break
    return chosen


def _target_text(sp) -> str:
    """The target as the plan words it, for this target only.

    A goal's quote is often a sentence naming several goals (“非化石能源消费比重达到22%左右，单位GDP
    二氧化碳排放降幅完成省下达目标”): the cell shows the clause that names this goal's indicator.
    """
    clauses = [c.strip() for c in re.split(r"[，,；;。]", tx.oneline(sp.text)) if c.strip()]
    name = tx.oneline(sp.name)
    own = next((c for c in clauses if name and name in c), None)
    if own is None:  # the indicator may be named in a shared clause (“…能耗和二氧化碳排放…”): match on its tail
        own = next((c for c in clauses if name and name[-4:] in c), None)
    if own is None:
        own = next((c for c in clauses if "下达" in c), None) if len(clauses) > 1 else (clauses[0] if clauses else "")
    if own is None:
        return "定性目标"
    m = re.search(r"完成[^，,；;。]*?下达[^，,；;。]*", own)
    if m:
        return m.group(0)
    i = own.find(name) if name else -1
    return tx.condense(own[i:] if i > 0 else own, 24)


def _target_item(t) -> dict:
    sp = t.spec
    unit = "" if not sp.unit else sp.unit
    return {
        "id": sp.id, "kind": sp.kind, "name": tx.strip_end(sp.name), "unit": unit, "status": t.status,
        "actual": t.actual, "expected": t.expected, "target": sp.value, "year": sp.year, "text": _target_text(sp),
        "baseline": t.baseline, "baseline_year": t.baseline_year,
        "reporter": t.reported_by or ("、".join(sp.responsible) if sp.responsible else ""),
        "responsible": sp.responsible, "judgement": t.judgement, "trend_word": t.trend_word,
        "ratio": t.ratio, "light": t.light, "no_baseline": t.status == st.ONGOING and t.baseline is None,
    }


def _trend_change(a: PlanAssessment) -> dict | None:
    """This period against the previous one in the trend (same plan), for one sentence."""
    if len(a.trend) < 2:
        return None
    prev, now = a.trend[-2], a.trend[-1]
    late = lambda s: s.task_counts[st.SLIGHT] + s.task_counts[st.SERIOUS] + s.task_counts.get(st.OVERDUE, 0)  # noqa: E731
    return {"label": prev.label, "done_before": prev.task_counts[st.DONE], "done_now": now.task_counts[st.DONE],
            "late_before": late(prev), "late_now": late(now),
            "units_before": prev.units_reported, "units_now": now.units_reported}


def context(a: PlanAssessment) -> dict:
    limit = a.settings.condense_chars
    place = place_of(a.plan)
    when = report_date(a)
    areas = []
    for i, ar in enumerate(a.areas, 1):
        late = [_task_item(t, limit) for t in ar.tasks if t.status in st.LATE]
        areas.append({"index": i, "name": tx.strip_end(ar.name), "path": ar.path, "total": len(ar.tasks),
                      "counts": ar.counts, "late": late, "late_count": len(late),
                      "missing": [_task_item(t, limit) for t in ar.tasks if t.status == st.MISSING],
                      "progress": ar.progress, "previous_progress": ar.previous_progress,
                      "newly_done": [tx.strip_end(t.task.title) for t in ar.newly_done],
                      "highlights": _highlights(ar, limit)})
    targets = [_target_item(t) for t in a.targets]
    by = lambda *ss: [t for t in targets if t["status"] in ss]  # noqa: E731
    late_tasks = [_task_item(t, limit) for t in a.late_tasks]
    if len(late_tasks) > LATE_ITEMS_IN_FULL:
        late_full = [t for t in late_tasks if t["light"] == "红"]
        late_named = [t for t in late_tasks if t["light"] != "红"]
    else:
        late_full, late_named = late_tasks, []
    chased = [u for u in a.plan.units_in_order() if any(u == p.unit for t in a.late_tasks for p in t.late_parts
                                                        if p.status != st.MISSING)]
    late_steps = [{"unit": p["unit"], "text": p["next_steps"], "task": t["title"]}
                  for t in late_tasks for p in t["late_parts"] if p["next_steps"]]
    no_baseline = [t for t in targets if t["no_baseline"]]
    return {
        "plan": {"id": a.plan.id, "title": tx.oneline(a.plan.title), "doc_number": tx.oneline(a.plan.doc_number or ""),
                 "issuer": tx.oneline(a.plan.issuer or "")},
        "period": {"code": a.period.code, "label": a.period.label, "year": a.period.year,
                   "end": _date_text(a.period.end)},
        "as_of": _date_text(a.as_of_date),
        "place": place,
        "office": f"{place}碳达峰碳中和工作领导小组办公室",
        "leading_group": f"{place}碳达峰碳中和工作领导小组",
        "date_text": f"{when.year}年{when.month}月",
        "f": a.figures(),
        "settings_text": a.settings.describe(),
        "start_text": f"{a.start.year}年{a.start.month}月{a.start.day}日（{a.start_reason}）",
        "no_returns": a.no_returns,
        "no_tasks": not a.tasks,
        "units_total": len(a.units),
        "units_reported": [u.unit for u in a.units_reported],
        "units_partial": [{"unit": u.unit, "missing": u.missing_task_ids} for u in a.units_partial],
        "units_missing": [u.unit for u in a.units_missing],
        "units_returned": [{"unit": u.unit, "date": _date_text(u.received) if u.received else ""} for u in a.units_returned],
        "units_not_reported": [u.unit for u in a.units_not_reported],
        "areas": areas,
        "targets": targets,
        "targets_met": by(st.MET), "targets_normal": by(st.NORMAL),
        "targets_late": by(st.SLIGHT, st.SERIOUS, st.REVERSE, st.OVERDUE),
        "targets_missing": by(st.MISSING), "targets_ongoing": by(st.ONGOING), "targets_no_baseline": no_baseline,
        "no_baseline_units": list(dict.fromkeys(u for t in no_baseline for u in (t["responsible"] or [t["reporter"]]) if u)),
        "has_targets": bool(a.targets), "has_indicators": bool(a.plan.indicators),
        "late_tasks": late_tasks, "late_full": late_full, "late_named": late_named,
        "missing_tasks": [_task_item(t, limit) for t in a.missing_tasks],
        "chased_units": chased, "late_steps": late_steps[:3], "late_steps_total": len(late_steps),
        "change": _trend_change(a),
        "chart_shown": len(charts.target_selection(a)), "chart_total": len(a.targets),
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


def _notice_document(a: PlanAssessment, template: str, ctx: dict, title: str, env, style_path: Path, layout) -> bytes:
    markup = wording.render(env, template, ctx)
    doc = _prepare(style_path, layout)
    fonts = ds.resolve_fonts(doc, layout)
    writer = DocWriter(doc, fonts, layout)
    render_markup(writer, markup, {}, {})
    ds.page_number_footers(doc, fonts, layout)
    ds.fixed_core_properties(doc, report_date(a), title, ctx["office"])
    return deterministic_bytes(doc)


def build_notice(a: PlanAssessment, unit: str, items: list, env: jinja2.Environment, style_path: Path,
                 layout: ds.Layout = ds.LAYOUT) -> bytes:
    """督办通知 to ``unit`` about its own late or unreported parts of ``items`` (its own figures only)."""
    ctx = context(a)
    limit = a.settings.condense_chars
    own = []
    for ta in items:
        part = ta.part(unit)
        if part is None:
            continue
        others = [p.unit for p in ta.parts if p.unit != unit]
        own.append({"id": ta.id, "title": tx.strip_end(ta.task.title), "scheduled": ta.scheduled,
                    "deadline": ta.task.deadline, "overdue": ta.overdue, "joint": bool(others),
                    "basis": ta.basis, **_part_item(part, limit)})
    ctx.update(unit=unit, items=own)
    return _notice_document(a, "notice.j2", ctx, f"督办通知（{unit}）", env, style_path, layout)


def build_reminder(a: PlanAssessment, unit: str, env: jinja2.Environment, style_path: Path,
                   layout: ds.Layout = ds.LAYOUT) -> bytes:
    """催报通知 to a unit without an accepted return (未报送, or 退回待重报 with the date and reasons)."""
    ctx = context(a)
    u = next(x for x in a.units if x.unit == unit)
    ctx.update(unit=unit, status=u.status, tasks=len(u.task_ids), targets=len(u.target_ids),
               received=_date_text(u.received) if u.received else "",
               reasons=[_reason(r) for r in u.reasons[:3]], more_reasons=max(0, len(u.reasons) - 3))
    return _notice_document(a, "reminder.j2", ctx, f"催报通知（{unit}）", env, style_path, layout)


def notice_items(a: PlanAssessment) -> dict[str, list]:
    """Unit → the tasks it is chased for: those where its *own* part is late, overdue or not filled in.

    A unit is never chased for another unit's part: in a jointly led or lead-less task, a unit
    whose own part is on schedule gets no notice for it. Units without an accepted return get a
    催报通知 instead (:func:`reminder_units`), so they are left out here.
    """
    waiting = {u.unit for u in a.units_not_reported}
    out: dict[str, list] = {}
    for ta in a.tasks:
        for p in ta.late_parts:
            if p.unit not in waiting:
                out.setdefault(p.unit, []).append(ta)
    order = {u: i for i, u in enumerate(a.plan.units_in_order())}
    return {u: v for u, v in sorted(out.items(), key=lambda kv: order.get(kv[0], 1e9))}


def reminder_units(a: PlanAssessment) -> list[str]:
    """Units that get a 催报通知: no accepted return this period (未报送 or 退回待重报), in plan order."""
    return [u.unit for u in a.units_not_reported]


def notices(a: PlanAssessment, env: jinja2.Environment, style_path: Path) -> list[tuple[str, bytes]]:
    """Every notice of a plan as (file name, bytes): 督办通知 then 催报通知, each in plan order."""
    out = []
    for unit, items in notice_items(a).items():
        out.append((tx.safe_filename(f"{a.plan.id}_{unit}_督办通知.docx"), build_notice(a, unit, items, env, style_path)))
    for unit in reminder_units(a):
        out.append((tx.safe_filename(f"{a.plan.id}_{unit}_催报通知.docx"), build_reminder(a, unit, env, style_path)))
    return out
