"""Reviewing an imported plan in a workbook instead of YAML: ``plans/<id>_核对表.xlsx``.

:func:`write_review_workbook` (run by ``plan import``) lays the plan out for a
coordinator: one row per task (编号, 所属行动, 任务名称, the responsibility
clause as written, 牵头单位, 配合单位, 具体落实, its targets in words, 完成时限
and what the importer was unsure of), one sheet of units (name, spellings
merged into it, kind, suggested merges) and one of targets. Only the cells a
reviewer may change are unlocked (light yellow); each row has a 修改原因 cell.

:func:`review_corrections` reads the workbook back (as saved by Excel, WPS or
LibreOffice) and turns every changed cell into a correction of the existing
override mechanism (:mod:`.overrides`), with the row's reason. It compares with
the values the workbook was written with (kept in a very hidden sheet), so a
row nobody touched never becomes a correction. :func:`cli_review` appends the
corrections to ``plans/<id>.overrides.yaml``, re-imports the source, prints
what changed in the plan and writes a fresh 核对表.

Raises :class:`UserError` naming sheet and cell for a changed row without a
reason, a unit name not in the plan's directory, or a value of the wrong kind;
nothing is written then.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..cellwidth import row_height, wrapped_lines
from ..console import console
from ..errors import UserError
from ..fileio import atomic_path, read_yaml, write_text_atomic
from ..workspace import Workspace
from .check import validate_plan
from .importer import ReviewNote
from .model import Plan, Target, Task

REVIEW_SUFFIX = "_核对表.xlsx"
GUIDE_SHEET = "说明"
TASK_SHEET = "任务"
UNIT_SHEET = "单位"
TARGET_SHEET = "目标"
ORIGINAL_SHEET = "_原值"  # very hidden: the values each row was written with
HEADER_ROW = 0
LIST_SEPARATORS = r"[、,，;；\n]+"

KIND_WORDS = {"department": "部门", "enterprise": "企业", "implementer_group": "统称落实主体"}
COMPARATOR_WORDS = {">=": "不低于", "<=": "不高于", "approx": "左右", "=": "等于"}
DIRECTION_WORDS = {"up": "越大越好", "down": "越小越好"}
DROP_WORDS = ("", "删除")
SIMILAR_NAMES = 0.8  # difflib ratio above which two unit names are suggested as one


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    width: float
    editable: bool = False


TASK_COLS = (
    Col("id", "编号", 6), Col("area", "所属行动", 14), Col("title", "任务名称", 18), Col("clause", "责任分工原文", 34),
    Col("lead", "牵头单位", 18, True), Col("co", "配合单位", 26, True), Col("implementers", "具体落实", 14, True),
    Col("targets", "量化目标", 30), Col("deadline", "完成时限", 7, True), Col("notes", "导入时存疑", 30),
    Col("reason", "修改原因", 22, True),
)
UNIT_COLS = (
    Col("name", "单位名称", 24), Col("aliases", "合并进来的其他写法", 24), Col("kind", "类别", 12, True),
    Col("tasks", "牵头/配合任务数", 9), Col("suggest", "建议核对", 36), Col("into", "合并到", 22, True),
    Col("reason", "修改原因", 24, True),
)
TARGET_COLS = (
    Col("id", "目标编号", 8), Col("owner", "所属任务", 8), Col("quote", "原文", 40), Col("year", "目标年份", 7, True),
    Col("indicator", "指标", 22, True), Col("value", "目标值", 8, True), Col("unit", "单位", 8, True),
    Col("comparator", "比较方式", 8, True), Col("direction", "方向", 9, True), Col("baseline_year", "基期年份", 7, True),
    Col("baseline_value", "基期值", 8, True), Col("reporter", "报送单位", 18, True), Col("drop", "删除", 6, True),
    Col("reason", "修改原因", 22, True),
)
SHEET_COLS = {TASK_SHEET: TASK_COLS, UNIT_SHEET: UNIT_COLS, TARGET_SHEET: TARGET_COLS}

GUIDE_LINES = (
    "计划核对表：{title}",
    "本表由 plan import 根据方案原文生成，用来核对导入结果。只有浅黄色的单元格可以改，其余已锁定（未设密码）。",
    "“任务”表：每项任务一行。请对照“责任分工原文”核对牵头单位、配合单位、具体落实和完成时限；多个单位用顿号“、”分隔，"
    "写单位名录（“单位”表）中的名称或其简称。“导入时存疑”列出导入程序没有把握的地方。",
    "“单位”表：全文出现的每个单位。两个名称是同一单位的，在“合并到”中写要保留的名称；类别可选部门、企业或统称落实主体"
    "（如“各区县人民政府”，不单独发填报表）。“建议核对”列出名称相近或只出现一次的单位。",
    "“目标”表：每个量化目标一行，可改年份、指标、目标值、单位、比较方式、方向、基期和报送单位；不是目标的数字，在“删除”中选“删除”。",
    "每改动一行，都要在该行的“修改原因”中写明原因（如“经办公室与市发展改革委确认”）。",
    "改好后保存（保持 .xlsx 格式），在工作区运行：make-reports plan review {path}",
    "工具会把改动写入 plans/{plan_id}.overrides.yaml（每条附原因，以后重新导入时自动应用），重新导入方案，列出改变了什么，并重新生成本表。",
)


# --------------------------------------------------------------------------- what each row shows


def review_path(plan_path: Path) -> Path:
    """``plans/<id>_核对表.xlsx`` beside ``plans/<id>.yaml``."""
    return plan_path.with_name(plan_path.stem + REVIEW_SUFFIX)


def _names(values) -> str:
    return "、".join(values)


def _num(value) -> str:
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def target_words(t: Target) -> str:
    """A target in words: ``T01-1 2025年 新能源发电总装机容量新增 不低于35.8万千瓦``, ``G1 2025年 非化石能源消费比重 22%左右``."""
    if t.value is None:
        return f"{t.id} {t.year}年 {t.indicator}（无具体数值）"
    amount = f"{_num(t.value)}{t.unit or ''}"
    if t.comparator == "approx":
        return f"{t.id} {t.year}年 {t.indicator} {amount}左右"
    return f"{t.id} {t.year}年 {t.indicator} {COMPARATOR_WORDS.get(t.comparator or '=', '')}{amount}"


def _task_values(task: Task) -> dict[str, str]:
    return {
        "lead": _names(task.lead), "co": _names(task.co), "implementers": _names(task.implementers),
        "deadline": str(task.deadline),
    }


def _unit_values(kind: str) -> dict[str, str]:
    return {"kind": KIND_WORDS.get(kind, kind), "into": ""}


def _target_values(t: Target) -> dict[str, str]:
    return {
        "year": str(t.year), "indicator": t.indicator, "value": _num(t.value), "unit": t.unit or "",
        "comparator": COMPARATOR_WORDS.get(t.comparator, "") if t.comparator else "",
        "direction": DIRECTION_WORDS.get(t.direction, "") if t.direction else "",
        "baseline_year": str(t.baseline.year) if t.baseline else "",
        "baseline_value": _num(t.baseline.value) if t.baseline else "",
        "reporter": t.reporter or "", "drop": "",
    }


def _notes_for(notes: list[ReviewNote], task: Task) -> str:
    hits = [n.text for n in notes if re.search(rf"(?<![A-Za-z0-9]){re.escape(task.id)}(?![0-9])", n.text) or (task.title and task.title in n.text)]
    return "\n".join(dict.fromkeys(hits))


def _unit_suggestions(plan: Plan, notes: list[ReviewNote]) -> dict[str, str]:
    out: dict[str, list[str]] = {u.name: [] for u in plan.units}
    names = [u.name for u in plan.units]
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR_NAMES:
                out[a].append(f"与“{b}”名称相近，是否同一单位？")
                out[b].append(f"与“{a}”名称相近，是否同一单位？")
    for note in notes:
        if note.topic != "单位":
            continue
        for name in names:
            if f"“{name}”" in note.text:
                out[name].append(note.text)
    return {k: "\n".join(dict.fromkeys(v)) for k, v in out.items()}


def _all_targets(plan: Plan) -> list[tuple[str, Target]]:
    return [("主要目标", g) for g in plan.goals] + [(task.id, t) for task in plan.tasks for t in task.targets]


# --------------------------------------------------------------------------- writing


def write_review_workbook(path: Path, plan: Plan, notes: list[ReviewNote], plan_file: Path) -> Path:
    """Write the 核对表 of ``plan`` atomically to ``path``; ``notes`` are the importer's review notes."""
    roles: dict[str, int] = {u.name: 0 for u in plan.units}
    for task in plan.tasks:
        for name in dict.fromkeys(task.lead + task.co):
            roles[name] = roles.get(name, 0) + 1
    suggestions = _unit_suggestions(plan, notes)
    rows = {
        TASK_SHEET: [
            ({"id": t.id, "area": t.area or t.part, "title": t.title, "clause": t.clause,
              "targets": "\n".join(target_words(x) for x in t.targets), "notes": _notes_for(notes, t), "reason": ""},
             _task_values(t))
            for t in plan.tasks
        ],
        UNIT_SHEET: [
            ({"name": u.name, "aliases": _names(u.aliases), "tasks": str(roles.get(u.name, 0)),
              "suggest": suggestions.get(u.name, ""), "reason": ""}, _unit_values(u.kind))
            for u in plan.units
        ],
        TARGET_SHEET: [({"id": t.id, "owner": owner, "quote": t.quote, "reason": ""}, _target_values(t)) for owner, t in _all_targets(plan)],
    }
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
        base = {"font_name": "宋体", "font_size": 10, "text_wrap": True, "valign": "top", "border": 1}
        fmt = {
            "header": book.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "align": "center", "valign": "vcenter"}),
            "locked": book.add_format(base),
            "input": book.add_format({**base, "locked": False, "bg_color": "#FFF2CC", "num_format": "@"}),
            "guide": book.add_format({"font_name": "宋体", "font_size": 11, "text_wrap": True, "valign": "top"}),
            "title": book.add_format({"font_name": "宋体", "font_size": 14, "bold": True}),
        }
        guide = book.add_worksheet(GUIDE_SHEET)
        guide.set_column(0, 0, 110)
        rel = plan_file.parent.name + "/" + path.name
        for r, line in enumerate(GUIDE_LINES):
            guide.write_string(r, 0, line.format(title=plan.title, path=rel, plan_id=plan.id), fmt["title" if r == 0 else "guide"])
            guide.set_row(r, 22 if r == 0 else 32)
        originals = []
        for sheet_name, cols in SHEET_COLS.items():
            ws = book.add_worksheet(sheet_name)
            for c, col in enumerate(cols):
                ws.set_column(c, c, col.width)
                ws.write_string(HEADER_ROW, c, col.header, fmt["header"])
            for r, (shown, editable) in enumerate(rows[sheet_name], start=HEADER_ROW + 1):
                values = {**shown, **editable}
                for c, col in enumerate(cols):
                    ws.write_string(r, c, values.get(col.key, ""), fmt["input" if col.editable else "locked"])
                ws.set_row(r, row_height(max(wrapped_lines(values.get(col.key, ""), col.width) for col in cols)))
                originals.append((sheet_name, shown[cols[0].key], json.dumps(editable, ensure_ascii=False)))
            last = HEADER_ROW + len(rows[sheet_name])
            if last > HEADER_ROW:
                _validations(ws, sheet_name, cols, last)
            ws.freeze_panes(HEADER_ROW + 1, 1)
            ws.autofilter(HEADER_ROW, 0, max(last, HEADER_ROW), len(cols) - 1)
            ws.protect("", {"format_columns": True, "format_rows": True, "autofilter": True, "sort": False})
            ws.set_landscape()
            ws.set_paper(9)
            ws.fit_to_pages(1, 0)
            ws.repeat_rows(HEADER_ROW)
        hidden = book.add_worksheet(ORIGINAL_SHEET)
        hidden.write_string(0, 0, "plan_id")
        hidden.write_string(0, 1, plan.id)
        hidden.write_string(0, 2, plan_file.name)
        for r, (sheet_name, key, data) in enumerate(originals, start=1):
            hidden.write_string(r, 0, sheet_name)
            hidden.write_string(r, 1, key)
            hidden.write_string(r, 2, data)
        hidden.very_hidden()
        guide.activate()
        book.close()
    return path


def _validations(ws, sheet_name: str, cols: tuple[Col, ...], last: int) -> None:
    lists = {
        (UNIT_SHEET, "kind"): list(KIND_WORDS.values()),
        (TARGET_SHEET, "comparator"): list(COMPARATOR_WORDS.values()),
        (TARGET_SHEET, "direction"): list(DIRECTION_WORDS.values()),
        (TARGET_SHEET, "drop"): ["删除"],
    }
    for c, col in enumerate(cols):
        choices = lists.get((sheet_name, col.key))
        if choices:
            ws.data_validation(HEADER_ROW + 1, c, last, c, {"validate": "list", "source": choices,
                                                          "error_message": f"请从下拉列表中选择：{'、'.join(choices)}。"})
        elif col.key == "reason":
            ws.data_validation(HEADER_ROW + 1, c, last, c, {"validate": "any", "input_title": "修改原因",
                                                          "input_message": "改动了本行时，请写明原因，如“经办公室与牵头单位确认”。"})


# --------------------------------------------------------------------------- reading back


@dataclass
class ReviewResult:
    """What ``plan review`` found in the workbook: the corrections, and the plan they belong to."""

    plan_id: str
    plan_file: str
    corrections: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _split(text: str) -> list[str]:
    return [p.strip() for p in re.split(LIST_SEPARATORS, text or "") if p.strip()]


def _read_rows(book, sheet_name: str, cols: tuple[Col, ...], path: Path, problems: list[str]) -> list[tuple[int, dict[str, str]]]:
    if sheet_name not in book.sheetnames:
        problems.append(f"{path.name}：缺少工作表“{sheet_name}”（工作表被删除或改名），请用 plan import 重新生成核对表")
        return []
    ws = book[sheet_name]
    rows = list(ws.iter_rows(values_only=True))
    header = [_text(v) for v in (rows[HEADER_ROW] if rows else [])]
    where = {}
    for col in cols:
        if col.header not in header:
            problems.append(f"{path.name}：{sheet_name}表的表头缺少“{col.header}”列（表头被改动），请用原表修改")
            return []
        where[col.key] = header.index(col.header)
    out = []
    for r, row in enumerate(rows[HEADER_ROW + 1:], start=HEADER_ROW + 1):
        values = {k: _text(row[i]) if i < len(row) else "" for k, i in where.items()}
        if any(values.values()):
            out.append((r, values))
    return out


def _cell(sheet: str, r: int, cols: tuple[Col, ...], key: str) -> str:
    return f"{sheet}!{xl_rowcol_to_cell(r, [c.key for c in cols].index(key))}"


def review_corrections(path: Path, plan: Plan) -> ReviewResult:
    """The corrections a reviewed 核对表 asks for (empty when nothing was changed)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is a user error here
        raise UserError(f"无法打开核对表“{path}”：{exc}。请确认是 plan import 写出的 .xlsx 文件，并已关闭。") from exc
    if ORIGINAL_SHEET not in book.sheetnames:
        raise UserError(f"“{path}”不是 plan import 写出的核对表（缺少隐藏的原值表）。请用 plan import 重新生成。")
    hidden = list(book[ORIGINAL_SHEET].iter_rows(values_only=True))
    plan_id, plan_file = _text(hidden[0][1]), _text(hidden[0][2])
    if plan_id != plan.id:
        raise UserError(f"核对表“{path}”属于计划“{plan_id}”，不是“{plan.id}”。")
    original = {(_text(r[0]), _text(r[1])): json.loads(r[2]) for r in hidden[1:] if r and r[0]}
    result = ReviewResult(plan_id, plan_file)
    problems = result.problems

    # Units first: merges decide which names the task sheet may use.
    names = {u.name: u.name for u in plan.units}
    for unit in plan.units:
        for alias in unit.aliases:
            names.setdefault(alias, unit.name)
    kind_of = {v: k for k, v in KIND_WORDS.items()}
    unit_rows = _read_rows(book, UNIT_SHEET, UNIT_COLS, path, problems)
    merged: dict[str, str] = {}
    for r, values in unit_rows:
        name, was = values["name"], original.get((UNIT_SHEET, values["name"]))
        if was is None:
            problems.append(f"{_cell(UNIT_SHEET, r, UNIT_COLS, 'name')}：单位名称“{name}”不是导入时写出的（单位名称不能改；要改名请在“合并到”中写新名称）")
            continue
        changes = {k: values[k] for k in ("kind", "into") if values[k] != was.get(k, "")}
        if not changes:
            continue
        reason = values["reason"]
        if not reason:
            problems.append(f"{_cell(UNIT_SHEET, r, UNIT_COLS, 'reason')}：单位“{name}”有改动，请写明修改原因")
            continue
        if "kind" in changes:
            if changes["kind"] not in kind_of:
                problems.append(f"{_cell(UNIT_SHEET, r, UNIT_COLS, 'kind')}：类别应为{'、'.join(KIND_WORDS.values())}，填写的是“{changes['kind']}”")
            else:
                result.corrections.append({"unit": name, "set": {"kind": kind_of[changes["kind"]]}, "reason": reason})
        if changes.get("into"):
            into = names.get(changes["into"], changes["into"])
            if into == name:
                problems.append(f"{_cell(UNIT_SHEET, r, UNIT_COLS, 'into')}：“合并到”写的是本单位自己")
                continue
            merged[name] = into
            result.corrections.append({"merge_unit": {"from": name, "into": into}, "reason": reason})
    for old, new in merged.items():
        names[old] = new
        for alias, canonical in list(names.items()):
            if canonical == old:
                names[alias] = new
    known = set(names.values()) | set(merged.values())

    for r, values in _read_rows(book, TASK_SHEET, TASK_COLS, path, problems):
        task_id, was = values["id"], original.get((TASK_SHEET, values["id"]))
        if was is None:
            problems.append(f"{_cell(TASK_SHEET, r, TASK_COLS, 'id')}：任务编号“{task_id}”不是导入时写出的（不要增加行或改编号）")
            continue
        changes = {k: values[k] for k in ("lead", "co", "implementers", "deadline") if values[k] != was.get(k, "")}
        if not changes:
            continue
        if not values["reason"]:
            problems.append(f"{_cell(TASK_SHEET, r, TASK_COLS, 'reason')}：任务 {task_id} 有改动，请写明修改原因")
            continue
        updates: dict = {}
        for key, text in changes.items():
            if key == "deadline":
                if not re.fullmatch(r"20\d\d", text):
                    problems.append(f"{_cell(TASK_SHEET, r, TASK_COLS, key)}：完成时限应为年份，如 2030，填写的是“{text}”")
                else:
                    updates[key] = int(text)
                continue
            resolved = []
            for name in _split(text):
                if name not in names and name not in known:
                    problems.append(f"{_cell(TASK_SHEET, r, TASK_COLS, key)}：“{name}”不在单位名录（“单位”表）中；请写名录中的名称或其简称")
                resolved.append(names.get(name, name))
            updates[key] = list(dict.fromkeys(resolved))
        result.corrections.append({"task": task_id, "set": updates, "reason": values["reason"]})

    comparator_of = {v: k for k, v in COMPARATOR_WORDS.items()}
    direction_of = {v: k for k, v in DIRECTION_WORDS.items()}
    for r, values in _read_rows(book, TARGET_SHEET, TARGET_COLS, path, problems):
        target_id, was = values["id"], original.get((TARGET_SHEET, values["id"]))
        if was is None:
            problems.append(f"{_cell(TARGET_SHEET, r, TARGET_COLS, 'id')}：目标编号“{target_id}”不是导入时写出的（不要增加行或改编号）")
            continue
        keys = ("year", "indicator", "value", "unit", "comparator", "direction", "baseline_year", "baseline_value", "reporter", "drop")
        changes = {k: values[k] for k in keys if values[k] != was.get(k, "")}
        if not changes:
            continue
        reason = values["reason"]
        if not reason:
            problems.append(f"{_cell(TARGET_SHEET, r, TARGET_COLS, 'reason')}：目标 {target_id} 有改动，请写明修改原因")
            continue
        if changes.get("drop") == "删除":
            result.corrections.append({"drop_target": target_id, "reason": reason})
            continue
        updates = {}
        for key, text in changes.items():
            cell = _cell(TARGET_SHEET, r, TARGET_COLS, key)
            if key == "year":
                if re.fullmatch(r"20\d\d", text):
                    updates["year"] = int(text)
                else:
                    problems.append(f"{cell}：目标年份应为年份，如 2025，填写的是“{text}”")
            elif key == "value":
                number = _number(text)
                if text and number is None:
                    problems.append(f"{cell}：目标值应为数字（不加单位），没有具体数值的请留空，填写的是“{text}”")
                else:
                    updates["value"] = number
            elif key in ("indicator", "unit"):
                updates[key] = text or None if key == "unit" else text
            elif key == "comparator":
                if text and text not in comparator_of:
                    problems.append(f"{cell}：比较方式应为{'、'.join(COMPARATOR_WORDS.values())}，填写的是“{text}”")
                else:
                    updates["comparator"] = comparator_of.get(text)
            elif key == "direction":
                if text and text not in direction_of:
                    problems.append(f"{cell}：方向应为{'、'.join(DIRECTION_WORDS.values())}，填写的是“{text}”")
                else:
                    updates["direction"] = direction_of.get(text)
            elif key == "reporter":
                if text and text not in names and text not in known:
                    problems.append(f"{cell}：“{text}”不在单位名录（“单位”表）中")
                updates["reporter"] = names.get(text, text) or None
            elif key == "drop" and text:
                problems.append(f"{cell}：“删除”一栏只能选“删除”或留空，填写的是“{text}”")
        if "baseline_year" in changes or "baseline_value" in changes:
            year, value = values["baseline_year"], values["baseline_value"]
            if not year and not value:
                updates["baseline"] = None
            elif not re.fullmatch(r"(19|20)\d\d", year):
                problems.append(f"{_cell(TARGET_SHEET, r, TARGET_COLS, 'baseline_year')}：填写基期值时须同时填写基期年份（如 2020），填写的是“{year}”")
            elif value and _number(value) is None:
                problems.append(f"{_cell(TARGET_SHEET, r, TARGET_COLS, 'baseline_value')}：基期值应为数字，填写的是“{value}”")
            else:
                updates["baseline"] = {"year": int(year), "value": _number(value)}
        if updates:
            result.corrections.append({"target": target_id, "set": updates, "reason": reason})
    return result


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "").replace("，", ""))
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def unreviewed_rows(path: Path) -> list[str]:
    """Rows of an existing 核对表 edited since it was written (not yet turned into corrections by
    ``plan review``), as ``sheet!row-id``; [] when there is no such file or it cannot be read."""
    import openpyxl

    if not path.is_file():
        return []
    try:
        book = openpyxl.load_workbook(path, data_only=True)
        hidden = list(book[ORIGINAL_SHEET].iter_rows(values_only=True))
    except Exception:  # noqa: BLE001 - an unreadable old 核对表 holds nothing to keep
        return []
    original = {(_text(r[0]), _text(r[1])): json.loads(r[2]) for r in hidden[1:] if r and r[0]}
    edited = []
    for sheet_name, cols in SHEET_COLS.items():
        for _, values in _read_rows(book, sheet_name, cols, path, []):
            was = original.get((sheet_name, values[cols[0].key]), {})
            if any(values[k] != v for k, v in was.items()) or values.get("reason"):
                edited.append(f"{sheet_name}!{values[cols[0].key]}")
    return edited


def write_after_import(plan_file: Path, plan: Plan, notes: list[ReviewNote]) -> tuple[Path, list[str]]:
    """The 核对表 written by ``plan import``: ``(path, [])``, or ``(path, edited rows)`` without writing when the
    existing one holds edits not yet reviewed (they are never overwritten)."""
    path = review_path(plan_file)
    edited = unreviewed_rows(path)
    if not edited:
        write_review_workbook(path, plan, notes, plan_file)
    return path, edited


# --------------------------------------------------------------------------- overrides file


OVERRIDES_HEADER = "# {title}：导入后的人工校正。\n# 每次运行 `plan import` 都会自动应用本文件；不要直接改 {plan_id}.yaml。\ncorrections:\n"


def append_corrections(path: Path, plan: Plan, corrections: list[dict]) -> None:
    """Append ``corrections`` to the overrides file (made if missing), keeping what is already there."""
    import yaml

    block = yaml.safe_dump(corrections, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    if path.exists():
        text = path.read_text(encoding="utf-8")
        data = read_yaml(path, "覆盖文件") or {}
        existing = data.get("corrections") if isinstance(data, dict) else None
        match = re.search(r"^corrections:[ \t]*\n(?:[ \t]*#.*\n)*([ \t]*)- ", text, re.M)
        indent = match.group(1) if match else "  "
        if existing:
            text = text.rstrip("\n") + "\n" + _indented(block, indent)
        else:
            text = re.sub(r"^corrections:.*$", "corrections:", text, count=1, flags=re.M) if re.search(r"^corrections:", text, re.M) else text.rstrip("\n") + "\ncorrections:"
            text = text.rstrip("\n") + "\n" + _indented(block, "  ")
    else:
        text = OVERRIDES_HEADER.format(title=plan.title, plan_id=plan.id) + _indented(block, "  ")
    check = yaml.safe_load(text)
    if not isinstance(check, dict) or not isinstance(check.get("corrections"), list):  # pragma: no cover - defensive
        raise UserError(f"无法把校正追加到“{path}”：该文件的格式无法识别，请检查后重试。")
    write_text_atomic(path, text)


def _indented(block: str, indent: str) -> str:
    return "".join(indent + line if line.strip() else line for line in block.splitlines(keepends=True))


# --------------------------------------------------------------------------- what changed


def plan_changes(old: Plan, new: Plan) -> list[str]:
    """What differs between two versions of a plan, one Chinese line per change."""
    lines = []
    words = {"lead": "牵头单位", "co": "配合单位", "implementers": "具体落实", "deadline": "完成时限"}
    new_tasks = {t.id: t for t in new.tasks}
    for task in old.tasks:
        after = new_tasks.get(task.id)
        if after is None:
            lines.append(f"任务 {task.id}“{task.title}”不再存在")
            continue
        for key, label in words.items():
            a, b = getattr(task, key), getattr(after, key)
            if a != b:
                show = (lambda v: _names(v) or "（无）") if isinstance(a, list) else str
                lines.append(f"任务 {task.id}“{task.title}”{label}：{show(a)} → {show(b)}")
    old_targets, new_targets = dict((t.id, t) for _, t in _all_targets(old)), dict((t.id, t) for _, t in _all_targets(new))
    for target_id, target in old_targets.items():
        after = new_targets.get(target_id)
        if after is None:
            lines.append(f"目标 {target_id} 已删除：{target_words(target)}")
        elif (_target_values(target), target_words(target)) != (_target_values(after), target_words(after)):
            lines.append(f"目标 {target_id}：{target_words(target)} → {target_words(after)}")
    old_units, new_units = {u.name: u for u in old.units}, {u.name: u for u in new.units}
    for name, unit in old_units.items():
        if name not in new_units:
            into = next((u.name for u in new.units if name in u.aliases), None)
            lines.append(f"单位“{name}”" + (f"已合并到“{into}”" if into else "不再出现在单位名录中"))
        elif new_units[name].kind != unit.kind:
            lines.append(f"单位“{name}”类别：{KIND_WORDS.get(unit.kind, unit.kind)} → {KIND_WORDS.get(new_units[name].kind, new_units[name].kind)}")
    lines += [f"单位名录新增“{name}”" for name in new_units if name not in old_units]
    return lines


# --------------------------------------------------------------------------- the command


def cli_review(workspace: Workspace, workbook: Path) -> int:
    """``plan review plans/<id>_核对表.xlsx``: 0 when the re-imported plan passes ``plan check``, 1 otherwise."""
    from . import import_plan
    from .planfile import load_plan

    workbook = Path(workbook)
    if not workbook.is_file():
        raise UserError(f"找不到核对表“{workbook}”。核对表由 plan import 写在 plans/ 下，名为 <编号>{REVIEW_SUFFIX}。")
    if not workbook.name.endswith(REVIEW_SUFFIX):
        raise UserError(f"“{workbook.name}”不是核对表（核对表的文件名以“{REVIEW_SUFFIX}”结尾）。")
    plan_path = workbook.with_name(workbook.name[: -len(REVIEW_SUFFIX)] + ".yaml")
    if not plan_path.is_file():
        raise UserError(f"找不到与核对表对应的计划文件“{plan_path}”。请把核对表放回 plans/ 文件夹后重试。")
    old = load_plan(plan_path)
    found = review_corrections(workbook, old)
    if found.problems:
        raise UserError(f"核对表“{workbook.name}”中有需要修改的地方，本次没有做任何改动：", found.problems)
    if not found.corrections:
        console.print(f"核对表“{workbook.name}”中没有改动，计划文件保持不变。")
        return 0
    source = plan_path.parent / old.source.file
    if not source.is_file():
        raise UserError(f"找不到方案源文档“{source}”（计划文件中 source.file 所指），无法重新导入。请把源文档放回该位置。")
    overrides = plan_path.with_name(f"{plan_path.stem}.overrides.yaml")
    before = overrides.read_bytes() if overrides.exists() else None
    append_corrections(overrides, old, found.corrections)
    try:
        result, _ = import_plan(workspace, source, old.id, plan_path)
    except UserError:
        if before is None:
            overrides.unlink(missing_ok=True)
        else:
            overrides.write_bytes(before)
        raise
    console.print(f"已把 {len(found.corrections)} 条校正写入 {overrides.name}（每条附修改原因），并从 {source.name} 重新导入。")
    changes = plan_changes(old, result.plan)
    console.print("[bold]计划文件的变化：[/]" if changes else "计划文件没有变化（校正与原有内容相同）。")
    for line in changes:
        console.print(f"  {line}")
    try:
        write_review_workbook(workbook, result.plan, result.notes, plan_path)
        console.print(f"核对表已按新的计划文件重新生成：{workbook}")
    except (UserError, OSError):
        console.print(f"[yellow]提示：[/]核对表“{workbook}”可能正被打开，未能重新生成；关闭后运行 plan import 可重新生成。")
    issued = sorted(d.parent.parent.name for d in workspace.workbooks_dir.glob(f"*/blank/{old.id}") if d.is_dir())
    if changes and issued:
        console.print(f"[yellow]注意：[/]本计划已发过 {'、'.join(issued)} 的填报表。任务或目标有增减的单位，旧表交回时会被退回："
                      f"请对未结束的报送期重新运行 templates，把新表发给这些单位。")
    errors, _ = validate_plan(result.plan)
    if errors:
        for error in errors:
            console.print(f"  [red]错误[/] {error}")
        console.print("[red]计划文件未通过检查，请在核对表中继续修改后再运行 plan review。[/]")
        return 1
    console.print("计划文件通过检查（plan check）。")
    return 0
