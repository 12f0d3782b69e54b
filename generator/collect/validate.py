"""Checking one identified return against the form that was sent, and reading its inputs.

Structure first (sheets, header, row ids, locked cells unchanged), then every
input cell. Every message names file, sheet, cell, what was found and what was
expected; errors send the return back (退回), warnings ride along with an
accepted one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..forms.columns import (
    CARRIED_PREFIX,
    FIRST_DATA_ROW,
    HEADER_ROW,
    INFO_FIELDS,
    INFO_FIRST_ROW,
    INFO_SHEET,
    TARGET_COLUMNS,
    TARGET_SHEET,
    TASK_COLUMNS,
    TASK_SHEET,
)
from ..forms.layout import FormContent, TargetRow, TaskRow
from ..forms.machine import locked_text
from ..returns import Contact, TargetReport, TaskReport
from .formats import ref_to_rowcol
from .normalize import Unreadable, clean_text, odd_characters, parse_date, parse_judgement, parse_number, parse_progress, parse_status, sheet_key
from .reading import Sheet, Workbook, cell_name

PERCENT_UNITS = ("%", "％")
MAX_LOCKED_MESSAGES = 20  # per sheet; beyond this the count is given (a moved column changes every row)

MAX_TEXT = 32000  # Excel's own limit for a cell


@dataclass
class ReadResult:
    tasks: list[TaskReport] = field(default_factory=list)
    targets: list[TargetReport] = field(default_factory=list)
    contact: Contact | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def filled(self) -> bool:
        """Anything entered at all (a blank form sent back is not a return)."""
        return any(t.status or t.progress is not None or t.progress_text for t in self.tasks) or any(
            t.actual is not None or t.judgement for t in self.targets
        )


class _Checker:
    def __init__(self, file_label: str, result: ReadResult):
        self.file = file_label
        self.result = result

    def error(self, sheet: str, row: int, col: int | None, what: str) -> None:
        where = f"{sheet}!{cell_name(row, col)}" if col is not None else f"{sheet}第{row + 1}行"
        self.result.errors.append(f"{self.file}：{where}：{what}")

    def warn(self, sheet: str, row: int, col: int | None, what: str) -> None:
        where = f"{sheet}!{cell_name(row, col)}" if col is not None else f"{sheet}第{row + 1}行"
        self.result.warnings.append(f"{self.file}：{where}：{what}")


def _columns(sheet: Sheet, specs, check: _Checker) -> dict[str, int] | None:
    """Column positions by header text (reference columns may or may not be there)."""
    header = [clean_text(v) for v in (sheet.rows[HEADER_ROW] if len(sheet.rows) > HEADER_ROW else [])]
    keys = [sheet_key(text) for text in header]
    found: dict[str, int] = {}
    before = len(check.result.errors)
    for spec in specs:
        key = sheet_key(spec.header)
        where = [i for i, k in enumerate(keys) if k == key]
        if len(where) > 1:
            cells = "、".join(cell_name(HEADER_ROW, i) for i in where)
            check.error(sheet.name, HEADER_ROW, where[1], f"表头“{spec.header}”出现了 {len(where)} 次（{cells}），无法确定应读哪一列；请删除多出的列，使用下发的原表填写")
        elif where:
            found[spec.key] = where[0]
        elif not spec.reference:
            check.error(sheet.name, HEADER_ROW, None, f"表头缺少“{spec.header}”列（表头被改动，应使用下发的原表填写）")
    return None if len(check.result.errors) > before else found


def _shown(value) -> str:
    text = clean_text(value)
    return text if len(text) <= 20 else text[:20] + "…"


def _number_text(value) -> str:
    """A locked cell's value as text, numbers without a trailing .0 (calamine reads 2020 as 2020.0)."""
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    return clean_text(value)


def _data_rows(sheet: Sheet, id_col: int, expected: tuple[str, ...], check: _Checker) -> list[int] | None:
    """Sheet rows of the expected row ids, in order; any deleted, added or reordered row is an error."""
    seen = []
    for r in range(FIRST_DATA_ROW, len(sheet.rows)):
        row_id = clean_text(sheet.value(r, id_col))
        if not row_id and not any(clean_text(v) for v in sheet.rows[r]):
            continue
        seen.append((r, row_id))
    ids = [row_id for _, row_id in seen]
    if ids == list(expected):
        return [r for r, _ in seen]
    missing = [i for i in expected if i not in ids]
    extra = [(r, i) for r, i in seen if i not in expected]
    if missing:
        check.error(sheet.name, FIRST_DATA_ROW, id_col, f"缺少编号为 {'、'.join(missing)} 的行（行被删除）；应保留下发时的全部行")
    for r, row_id in extra:
        check.error(sheet.name, r, id_col, f"多出编号为“{row_id or '（空）'}”的行；不要增加或改动行，有补充请写在“说明”或“存在问题”栏")
    if not missing and not extra:
        check.error(sheet.name, FIRST_DATA_ROW, id_col, "行的顺序被改动；请按下发时的顺序填写，不要排序或移动行")
    return None


def _outside(sheet: Sheet, rows: list[int], check: _Checker) -> None:
    """Anything typed right of the form's last column would never be read: say so instead of losing it."""
    header = sheet.rows[HEADER_ROW] if len(sheet.rows) > HEADER_ROW else []
    width = max((i + 1 for i, v in enumerate(header) if clean_text(v)), default=0)
    for r in [HEADER_ROW, *rows]:
        row = sheet.rows[r] if r < len(sheet.rows) else []
        for c in range(width, len(row)):
            if clean_text(row[c]):
                check.error(sheet.name, r, c, f"表格范围以外有内容“{_shown(row[c])}”，不会被读取；请写在对应的栏目（如“存在问题”“说明”）中，删除此处后重新发送")


def _locked_changes(sheet: Sheet, r: int, cols: dict[str, int], expected: dict[str, str], check: _Checker) -> None:
    for key, want in expected.items():
        if key not in cols:
            continue
        got = _number_text(sheet.value(r, cols[key]))
        if got != want:
            check.error(sheet.name, r, cols[key], f"此单元格锁定，不应改动：应为“{_shown(want)}”，现为“{_shown(got)}”")


def _unsaved_formula(sheet: Sheet, r: int, col: int, check: _Checker) -> bool:
    """An input cell holding a formula whose result was never saved (it would read as empty)."""
    formula = sheet.formula_cells.get((r, col))
    if formula is None:
        return False
    shown = _shown(formula if formula.startswith("=") else "=" + formula)
    check.error(sheet.name, r, col, f"单元格中是公式“{shown}”，文件里没有保存它的计算结果；请直接输入数值或文字，不要使用公式")
    return True


def _odd_input(sheet: Sheet, r: int, col: int, check: _Checker) -> bool:
    """An input cell whose text holds characters no one types (:func:`.normalize.odd_characters`): refused,
    since dropping them would change the value without a word."""
    odd = odd_characters(sheet.value(r, col))
    if odd is None:
        return False
    check.error(sheet.name, r, col, f"单元格中有无法作为文字读取的字符：{odd}。可能是文件已损坏，或从别处粘贴时带入了特殊字符；"
                                    "请删除这一格的内容后重新输入，保存后再交")
    return True


def _unusable_input(sheet: Sheet, r: int, col: int, check: _Checker) -> bool:
    """An input cell that cannot be read as typed (a formula with no saved result, odd characters); reported."""
    return _unsaved_formula(sheet, r, col, check) or _odd_input(sheet, r, col, check)


def _text_input(sheet: Sheet, r: int, col: int, check: _Checker) -> str:
    if _unsaved_formula(sheet, r, col, check):
        return ""
    _odd_input(sheet, r, col, check)  # refused; the cell still counts as filled (no second message calls it empty)
    text = clean_text(sheet.value(r, col))
    if (r, col) in sheet.error_cells:
        check.error(sheet.name, r, col, "单元格显示错误值（如 #DIV/0!、#REF!），请改为文字")
    if len(text) > MAX_TEXT:
        check.warn(sheet.name, r, col, f"内容过长（{len(text)} 字），已截取前 {MAX_TEXT} 字")
        text = text[:MAX_TEXT]
    return text


def read_tasks(sheet: Sheet, rows_spec: list[TaskRow], content: FormContent, check: _Checker, locked: bool) -> list[TaskReport]:
    """重点任务: one report per task row (``locked``: check the locked columns against the plan, for unsealed forms)."""
    cols = _columns(sheet, TASK_COLUMNS, check)
    if cols is None:
        return []
    data_rows = _data_rows(sheet, cols["task_id"], content.task_row_ids, check)
    if data_rows is None:
        return []
    _outside(sheet, data_rows, check)
    reports = []
    for r, spec in zip(data_rows, rows_spec):
        if locked:
            _locked_changes(sheet, r, cols, {"title": spec.title, "role": spec.role}, check)
        name = TASK_SHEET
        status_raw = sheet.value(r, cols["status"])
        status = progress = None
        bad = False  # a cell already reported as unreadable: no second message about it
        if _unusable_input(sheet, r, cols["status"], check):
            bad = True
        else:
            try:
                status, note = parse_status(status_raw)
                if note:
                    check.warn(name, r, cols["status"], f"进展状态{note}")
            except Unreadable as exc:
                bad = True
                check.error(name, r, cols["status"], f"进展状态应为{exc.expected}，填写的是“{_shown(status_raw)}”")
        progress_raw = sheet.value(r, cols["progress"])
        if _unusable_input(sheet, r, cols["progress"], check):
            bad = True
        elif (r, cols["progress"]) in sheet.error_cells:
            bad = True
            check.error(name, r, cols["progress"], "完成进度显示错误值（如 #DIV/0!），应为 0—100 的数字")
        else:
            percent = (r, cols["progress"]) in sheet.percent_cells
            try:
                progress, note = parse_progress(progress_raw, percent_formatted=percent)
                if note:
                    check.warn(name, r, cols["progress"], f"完成进度：{note}")
            except Unreadable as exc:
                bad = True
                check.error(name, r, cols["progress"], f"完成进度应为{exc.expected}，填写的是“{_shown(progress_raw)}”")
        text = _text_input(sheet, r, cols["progress_text"], check)
        problems = _text_input(sheet, r, cols["problems"], check)
        steps = _text_input(sheet, r, cols["next_steps"], check)
        if status is None and progress is None and not bad and not (text or problems or steps):
            check.warn(name, r, None, f"任务 {spec.row_id} 未填写（视为本单位未报送该任务）")
        elif not bad:
            if status is None:
                check.error(name, r, cols["status"], "未选择进展状态；填写了进度或进展的行须从下拉列表中选择状态")
            if status in ("序时推进", "进度滞后") and progress is None:
                check.error(name, r, cols["progress"], f"状态为“{status}”时须填写完成进度（0—100 的数字）")
            if status == "已完成" and progress is not None and progress < 100:
                check.warn(name, r, cols["progress"], f"状态为“已完成”，但完成进度只有 {progress:g}，请核实")
            if status == "未启动" and progress:
                check.warn(name, r, cols["progress"], f"状态为“未启动”，但完成进度为 {progress:g}，请核实")
            if status in ("进度滞后", "未启动") and not problems:
                check.error(name, r, cols["problems"], f"状态为“{status}”时须在“存在问题”栏写明原因")
            if status and status != "未启动" and not text:
                check.error(name, r, cols["progress_text"], "须填写本期工作进展（状态为“未启动”的除外）")
        if status == "已完成" and progress is None:
            progress = 100.0
        if status == "未启动" and progress is None:
            progress = 0.0
        reports.append(TaskReport(spec.row_id, content.unit, spec.role, status, progress, text, problems, steps))
    return reports


def read_targets(
    sheet: Sheet, rows_spec: list[TargetRow], content: FormContent, check: _Checker, locked: bool,
    previous: dict[str, float] | None = None,
) -> list[TargetReport]:
    cols = _columns(sheet, TARGET_COLUMNS, check)
    if cols is None:
        return []
    data_rows = _data_rows(sheet, cols["target_id"], content.target_row_ids, check)
    if data_rows is None:
        return []
    _outside(sheet, data_rows, check)
    reports = []
    name = TARGET_SHEET
    for r, spec in zip(data_rows, rows_spec):
        if spec.same_as:  # issue 11: the same indicator as an earlier row, answered there (filled in below)
            reports.append(TargetReport(spec.row_id, content.unit, None))
            continue
        if locked:
            expected = {"target": spec.target_text, "unit": spec.unit or "—"}
            if not spec.needs_baseline and spec.baseline_value is not None:
                expected["baseline"] = _number_text(float(spec.baseline_value))
            _locked_changes(sheet, r, cols, expected, check)
        actual = judgement = baseline = None
        raw = sheet.value(r, cols["actual"])
        if _unusable_input(sheet, r, cols["actual"], check):
            raw = "="
        elif (r, cols["actual"]) in sheet.error_cells:
            check.error(name, r, cols["actual"], "本期实际值显示错误值（如 #DIV/0!），应为数字")
        elif spec.qualitative:
            try:
                judgement, note = parse_judgement(raw)
                if note:
                    check.warn(name, r, cols["actual"], f"本期实际值{note}")
            except Unreadable as exc:
                check.error(name, r, cols["actual"], f"本期实际值应{exc.expected}，填写的是“{_shown(raw)}”")
        else:
            actual = _target_number(sheet, r, cols["actual"], spec, "本期实际值", check)
        if spec.needs_baseline and not _unusable_input(sheet, r, cols["baseline"], check):
            baseline = _target_number(sheet, r, cols["baseline"], spec, "基期值", check)
        baseline_year = _baseline_year(sheet, r, cols["baseline_year"], spec, baseline, check) if baseline is not None else None
        source = _text_input(sheet, r, cols["source"], check)
        note_text = _text_input(sheet, r, cols["note"], check)
        if actual is None and judgement is None and clean_text(raw) == "":
            check.warn(name, r, None, f"目标 {spec.row_id} 未填写本期实际值（视为未报送该目标）")
        elif actual is not None:
            _suspicious(spec, actual, baseline, (previous or {}).get(spec.row_id), name, r, cols["actual"], check)
            if not source:
                check.warn(name, r, cols["source"], "建议注明数据来源")
        reports.append(TargetReport(spec.row_id, content.unit, actual, judgement, baseline, source, note_text, baseline_year))
    return _shared_answers(rows_spec, reports)


def _baseline_year(sheet: Sheet, r: int, col: int, spec: TargetRow, baseline: float, check: _Checker) -> int | None:
    """基期年份 of a unit-entered 基期值 (issue 12): typed on the form where the plan has none, else the plan's."""
    if not spec.baseline_year_input:
        return spec.baseline_year
    raw = sheet.value(r, col)
    text = clean_text(raw).removesuffix("年")  # “2020年” is as clear as 2020
    try:
        year = int(float(text)) if text else None
    except ValueError:
        year = None
    latest = spec.target_year or 2100
    if year is None or not 1990 <= year <= latest or (text and float(text) != year):
        what = f"填写的是“{_shown(raw)}”" if text else "没有填写"
        check.error(TARGET_SHEET, r, col, f"填写了基期值 {baseline:g}，基期年份应为 1990—{latest} 之间的年份（如 2020），{what}")
        return None
    return year


def _shared_answers(rows_spec: list[TargetRow], reports: list[TargetReport]) -> list[TargetReport]:
    """Issue 11: a row answered by an earlier row of the same indicator (``same_as``) gets that row's answer;
    a baseline the row lacks comes from the answering row (its entered one, else the plan's)."""
    by_id = {spec.row_id: (spec, report) for spec, report in zip(rows_spec, reports)}
    for spec, report in zip(rows_spec, reports):
        if not spec.same_as or spec.same_as not in by_id:
            continue
        first_spec, first = by_id[spec.same_as]
        report.actual, report.judgement, report.source, report.note = first.actual, first.judgement, first.source, first.note
        if spec.baseline_value is None:
            if first.baseline is not None:
                report.baseline, report.baseline_year = first.baseline, first.baseline_year
            elif first_spec.baseline_value is not None:
                report.baseline, report.baseline_year = first_spec.baseline_value, first_spec.baseline_year
    return reports


def _target_number(sheet: Sheet, r: int, col: int, spec: TargetRow, what: str, check: _Checker) -> float | None:
    """A number cell of 量化目标 in the row's own unit; a percent typed (72.5% → 0.725) counts as 72.5 when the unit is %."""
    raw = sheet.value(r, col)
    if (r, col) in sheet.percent_cells and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        shown = f"{raw * 100:.10g}%"
        if (spec.unit or "") in PERCENT_UNITS:
            value = float(f"{raw * 100:.10g}")
            check.warn(sheet.name, r, col, f"{what}：单元格为百分比格式，“{shown}”按 {value:g}（单位 %）读取")
            return value
        check.error(sheet.name, r, col, f"{what}填写成了百分数“{shown}”，但本行单位是“{spec.unit or '无'}”；请按单位填写数字，不要加 %")
        return None
    try:
        value, note = parse_number(raw, spec.unit)
    except Unreadable as exc:
        check.error(sheet.name, r, col, f"{what}应为{exc.expected}，填写的是“{_shown(raw)}”")
        return None
    if note:
        check.warn(sheet.name, r, col, f"{what}：{note}")
    return value


def _hundredfold(actual: float, reference: float) -> bool:
    """About 100× (or 1/100 of) ``reference``: a percent typed as a fraction, or the other way round."""
    if not actual or not reference:
        return False
    ratio = abs(actual / reference)
    return 40 <= ratio <= 250 or 1 / 250 <= ratio <= 1 / 40


def _suspicious(spec: TargetRow, actual: float, baseline: float | None, previous: float | None, sheet: str, r: int, col: int, check: _Checker) -> None:
    """Flag values worth a second look (accepted, with a warning)."""
    target = spec.target_value
    direction_up = spec.comparator != "<="
    for label, reference in (("上期值", previous), ("目标值", target)):
        if reference is not None and _hundredfold(actual, reference):
            size = "约 100 倍" if abs(actual) > abs(reference) else "约百分之一"
            check.warn(sheet, r, col, f"本期实际值 {actual:g} 是{label} {reference:g} 的{size}，可能把百分数写成了小数（或把小数写成了百分数），请核实单位和数值")
            break
    else:
        if target not in (None, 0) and abs(actual) >= 10 * abs(target):
            check.warn(sheet, r, col, f"本期实际值 {actual:g} 是目标值 {target:g} 的 10 倍以上，请核实单位和数值")
    reference = previous if previous is not None else (baseline if baseline is not None else spec.baseline_value)
    if reference is not None and target is not None and actual != reference:
        moving_up = actual > reference
        towards = target >= reference if direction_up else target <= reference
        if towards and moving_up != (target > reference):
            label = "上期" if previous is not None else "基期"
            check.warn(sheet, r, col, f"本期实际值 {actual:g} 较{label} {reference:g} 远离目标 {target:g}，请核实")
    if previous is not None and spec.baseline_value == 0 and actual < previous:
        check.warn(sheet, r, col, f"累计值 {actual:g} 低于上期 {previous:g}，累计数一般不应下降，请核实")


def read_contact(sheet: Sheet | None, unit: str, check: _Checker) -> Contact:
    values = {}
    for offset, (key, label) in enumerate(INFO_FIELDS):
        r = INFO_FIRST_ROW + offset
        if sheet is not None:
            _odd_input(sheet, r, 1, check)  # refused; the cell still counts as filled (no “未填写” besides)
        if sheet is None or _unsaved_formula(sheet, r, 1, check):
            values[key] = ""
        elif key == "date":
            values[key], note = parse_date(sheet.value(r, 1))
            if note:
                check.warn(INFO_SHEET, r, 1, f"填报日期{note}")
        else:
            values[key] = clean_text(sheet.value(r, 1))[:200]
    if sheet is not None:
        for offset, (key, label) in enumerate(INFO_FIELDS):
            if key in ("person", "phone") and not values[key]:
                check.warn(INFO_SHEET, INFO_FIRST_ROW + offset, 1, f"未填写{label}")
    return Contact(unit, values["person"], values["phone"], values["leader"], values["date"])


def _answered(result: ReadResult, content: FormContent) -> bool:
    """Issue 11: tasks carried forward as 已完成 are pre-filled by the toolkit, so they alone do not make a
    return filled, unless they are all the form asks for (then sending it back unchanged is the answer)."""
    own = [t for t in result.tasks if not t.progress_text.startswith(CARRIED_PREFIX)]
    if len(own) == len(result.tasks):
        return result.filled
    if not own and not content.targets:
        return True
    return ReadResult(tasks=own, targets=result.targets).filled


def _structure(book: Workbook, file_label: str, result: ReadResult) -> bool:
    """Sheets as the user sees them: each data sheet present once, visible, and no look-alike duplicates."""
    by_key: dict[str, list[str]] = {}
    for name in book.sheet_names:
        by_key.setdefault(sheet_key(name), []).append(name)
    for name in (TASK_SHEET, TARGET_SHEET, INFO_SHEET):
        same = by_key.get(sheet_key(name), [])
        if not same:
            result.errors.append(f"{file_label}：缺少工作表“{name}”（工作表被删除或改名）")
        elif len(same) > 1:
            hidden = [n for n in same if book.visible.get(n, "visible") != "visible"]
            extra = f"，其中 {len(hidden)} 张是隐藏的" if hidden else ""
            result.errors.append(
                f"{file_label}：有 {len(same)} 张名为“{name}”（或看起来相同）的工作表{extra}，无法确定应读哪一张；请删除多出的工作表，使用下发的原表填写"
            )
        elif same[0] != name:
            result.errors.append(f"{file_label}：工作表“{same[0]}”的名称被改动，应为“{name}”")
        elif book.visible.get(name, "visible") != "visible":
            result.errors.append(f"{file_label}：工作表“{name}”被隐藏了；请取消隐藏，使用下发的原表填写")
    return not result.errors


def locked_texts_now(book: Workbook, refs: list[str]) -> Iterator[tuple[str, tuple[int, int], str] | None]:
    """For each sealed cell reference ``sheet!A1``, in order: ``(sheet name, (row, col), text)`` with the
    cell's text as :func:`.forms.machine.locked_text` gives it now, or None when that sheet is not in the
    file exactly once or the reference is not a cell. Each sheet is looked up once; a sheet that cannot
    be read raises :class:`NotReadable` (a far cell), as any sheet read does."""
    sheets: dict[str, Sheet | None] = {}
    for ref in refs:
        name, _, cell = ref.rpartition("!")
        if name not in sheets:
            sheets[name] = book.sheet(name) if book.sheet_names.count(name) == 1 else None
        sheet, where = sheets[name], ref_to_rowcol(cell)
        yield None if sheet is None or where is None else (name, where, locked_text(sheet.value(*where)))


def _locked_cells(book: Workbook, expected: list[tuple[str, str]], check: _Checker) -> None:
    """Every locked cell as sent (the form's seal), compared with what the file shows now (each data
    sheet is there exactly once: :func:`_structure` ran first)."""
    changed: dict[str, list[tuple[int, int, str, str]]] = {}
    for (_, want), shown in zip(expected, locked_texts_now(book, [ref for ref, _ in expected])):
        if shown is None:
            continue  # a missing sheet is reported by _structure
        sheet_name, where, got = shown
        if got != want:
            changed.setdefault(sheet_name, []).append((*where, want, got))
    for sheet_name, cells in changed.items():
        for r, c, want, got in cells[:MAX_LOCKED_MESSAGES]:
            check.error(sheet_name, r, c, f"此单元格锁定，不应改动：应为“{_shown(want) or '（空）'}”，现为“{_shown(got) or '（空）'}”")
        if len(cells) > MAX_LOCKED_MESSAGES:
            check.error(sheet_name, cells[MAX_LOCKED_MESSAGES][0], None, f"另有 {len(cells) - MAX_LOCKED_MESSAGES} 个锁定单元格被改动（共 {len(cells)} 个；可能插入或删除了行列）；请使用下发的原表填写")


def read_return(
    book: Workbook, content: FormContent, file_label: str, locked: bool = True, previous: dict[str, float] | None = None,
    expected_locked: list[tuple[str, str]] | None = None,
) -> ReadResult:
    """Read and check every input of an identified return, on every sheet, listing every problem.

    ``expected_locked``: the form's sealed locked cells ``(sheet!cell, text)``; each is compared
    with the file. Without a seal (forms made before it), ``locked`` turns on the older check of the
    locked columns against the current plan. Raises :class:`NotReadable` when a sheet cannot be read.
    """
    result = ReadResult()
    check = _Checker(file_label, result)
    if not _structure(book, file_label, result):
        return result
    if expected_locked is not None:
        _locked_cells(book, expected_locked, check)
        locked = False
    if content.tasks:
        result.tasks = read_tasks(book.sheet(TASK_SHEET), list(content.tasks), content, check, locked)
    if content.targets:
        result.targets = read_targets(book.sheet(TARGET_SHEET), list(content.targets), content, check, locked, previous)
    result.contact = read_contact(book.sheet(INFO_SHEET), content.unit, check)
    if not result.errors and not _answered(result, content):
        result.errors.append(f"{file_label}：表中没有填写任何进展或数值（可能发回了空白表）")
    return result
