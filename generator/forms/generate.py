"""``templates``: one form per (plan, unit, period), plus 发放清单.xlsx.

Everything that can be refused is refused before the first file is written:
unknown plans or units, plans that fail the check, a broken instructions
template, an output folder that cannot be written, a form that is open in
Excel, WPS or LibreOffice. Each form is then written atomically.
"""

from __future__ import annotations

import functools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..console import progress
from ..errors import UsageError, UserError
from ..period import Period
from ..plan.model import Plan
from ..plan.check import validate_plan
from ..plan.planfile import load_plan, plan_digest
from ..workspace import Workspace
from .guide import load_form_text
from .layout import FormContent, form_rows, skip_reason
from .machine import TEMPLATE_VERSION, FormIdentity, seal_locked, sign, workspace_secret
from .manifest import MANIFEST_NAME, ManifestRow, write_manifest
from .previous import PreviousValues
from .workbook import FormJob, write_form

_EARLIER = "此前已生成，本次未重新生成"


@dataclass(frozen=True)
class WrittenForm:
    plan_id: str
    unit: str
    path: Path
    lead: int  # tasks the unit leads
    co: int  # tasks it co-owns
    targets: int  # goals, task targets and indicators it answers for
    identity: FormIdentity


@dataclass(frozen=True)
class SkippedUnit:
    plan_id: str
    unit: str
    reason: str


@dataclass
class FormsResult:
    """What a ``templates`` run wrote: the forms, the units that got none, and the 发放清单."""

    period: str
    forms: list[WrittenForm] = field(default_factory=list)
    skipped: list[SkippedUnit] = field(default_factory=list)
    manifest: Path | None = None


def form_path(workspace: Workspace, period: Period, plan_id: str, unit: str) -> Path:
    """``workbooks/<period>/blank/<plan>/<period>_<unit>_填报表.xlsx``."""
    return workspace.blank_dir(period.code, plan_id) / f"{period.code}_{_safe_name(unit)}_填报表.xlsx"


def _safe_name(unit: str) -> str:
    """A unit name usable as a file name part on Windows too (unit names rarely need it)."""
    return "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in unit).strip(" .") or "单位"


def _seal(identity: FormIdentity, secret: bytes, cells: list[tuple[str, str]]) -> str:
    return seal_locked(identity, cells, secret)


# --------------------------------------------------------------------------- plan check


def _validated_plan(path: Path) -> Plan:
    """Load a plan file and refuse it unless it passes ``plan check`` (its errors, not its warnings)."""
    plan = load_plan(path)
    problems, _ = validate_plan(plan)
    if plan.id != path.stem:
        problems.insert(0, f"id：计划编号“{plan.id}”应与文件名“{path.stem}”一致")
    if problems:
        raise UserError(f"计划文件“{path}”未通过检查（plan check），不生成填报表。请修改后重试：", problems)
    return plan


# --------------------------------------------------------------------------- selection


def _select_plans(workspace: Workspace, plan_ids: list[str] | None) -> list[Path]:
    files = {p.stem: p for p in workspace.plan_files()}
    if not files:
        raise UserError(f"工作区的计划文件夹“{workspace.plans_dir}”中没有计划文件（*.yaml）。请先用 plan import 导入实施方案。")
    if not plan_ids:
        return [files[k] for k in sorted(files)]
    unknown = [p for p in plan_ids if p not in files]
    if unknown:
        raise UsageError(f"找不到计划“{'、'.join(unknown)}”。可用的计划：{'、'.join(sorted(files))}。")
    return [files[k] for k in dict.fromkeys(plan_ids)]


def _resolve_units(plans: list[Plan], unit_names: list[str] | None) -> dict[str, set[str]] | None:
    """Requested names (canonical or alias) → canonical names per plan id; None means every unit."""
    if not unit_names:
        return None
    chosen: dict[str, set[str]] = {p.id: set() for p in plans}
    unknown = []
    for name in unit_names:
        hit = False
        for plan in plans:
            for unit in plan.units:
                if name.strip() == unit.name or name.strip() in unit.aliases:
                    chosen[plan.id].add(unit.name)
                    hit = True
        if not hit:
            unknown.append(name)
    if unknown:
        valid = list(dict.fromkeys(u.name for p in plans for u in p.units))
        raise UsageError(f"找不到单位“{'、'.join(unknown)}”。所选计划中的单位有：{'、'.join(valid)}。")
    return chosen


def _lock_files(path: Path) -> list[Path]:
    """Owner/lock files that Excel, WPS (``~$name``) and LibreOffice (``.~lock.name#``) keep beside an open file."""
    name = path.name
    candidates = [f"~${name}", f"~${name[1:]}", f"~${name[2:]}", f".~lock.{name}#"]
    return [path.with_name(c) for c in dict.fromkeys(candidates) if path.with_name(c).exists()]


def _preflight(targets: list[Path]) -> None:
    """Refuse before writing anything when a folder is not writable or a form is open elsewhere."""
    for folder in dict.fromkeys(t.parent for t in targets):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as exc:
            raise UserError(f"无法在文件夹“{folder}”中写入文件：{exc.strerror or exc}。请检查该文件夹是否存在且可写。") from exc
    locked = [(t, lock) for t in targets for lock in _lock_files(t)]
    if locked:
        raise UserError(
            "以下填报表文件可能正被 Excel、WPS 或 LibreOffice 打开，请关闭后重试（未生成任何文件）。"
            "如确认没有打开，可删除旁边的锁文件：",
            [f"{t}（锁文件：{lock.name}）" for t, lock in locked],
        )


# --------------------------------------------------------------------------- the run


def generate_forms(
    workspace: Workspace,
    period: Period | str,
    plan_ids: list[str] | None = None,
    unit_names: list[str] | None = None,
    previous: PreviousValues | None = None,
) -> FormsResult:
    """Write the forms of ``period`` for the chosen plans (default: all) and units (default: all).

    ``previous``: last period's accepted answers; when given, every form shows
    them as read-only reference columns. Raises :class:`UserError` (or
    :class:`UsageError` for unknown plans, units or a malformed period) before
    any file is written.
    """
    period = period if isinstance(period, Period) else Period.parse(period)
    text = load_form_text(workspace)
    paths = _select_plans(workspace, plan_ids)
    plans, problems = [], []
    for path in paths:
        try:
            plans.append(_validated_plan(path))
        except UserError as exc:
            problems.extend([exc.message, *(f"  {d}" for d in exc.details)])
    if problems:
        raise UserError("有计划文件未通过检查，本次未生成任何填报表：", problems)
    wanted = _resolve_units(plans, unit_names)

    result = FormsResult(period.code)
    jobs: list[tuple[Path, Plan, FormContent]] = []
    manifest_rows: list[ManifestRow] = []
    for plan in plans:
        for unit in plan.units:
            content = form_rows(plan, unit.name, period)
            reason = skip_reason(plan, unit.name, content)
            target = form_path(workspace, period, plan.id, unit.name)
            selected = wanted is None or unit.name in wanted[plan.id]
            if reason:
                if selected:
                    result.skipped.append(SkippedUnit(plan.id, unit.name, reason))
                manifest_rows.append(ManifestRow(plan.id, plan.title, unit.name, "", 0, 0, 0, reason))
                continue
            if selected:
                jobs.append((target, plan, content))
                manifest_rows.append(_manifest_row(workspace, period, plan, content, ""))
            elif target.exists():
                manifest_rows.append(_manifest_row(workspace, period, plan, content, _EARLIER))
            else:
                manifest_rows.append(ManifestRow(plan.id, plan.title, unit.name, "", content.lead_count, content.co_count,
                                                 len(content.targets), "本次未选择该单位，尚未生成"))
    manifest = workspace.period_dir(period.code) / "blank" / MANIFEST_NAME
    _preflight([t for t, _, _ in jobs] + [manifest])

    secret = workspace_secret(workspace)
    digests = {plan.id: plan_digest(plan) for plan in plans}
    with progress("生成填报表", len(jobs)) as advance:
        for target, plan, content in jobs:
            identity = FormIdentity(
                plan_id=plan.id,
                plan_digest=digests[plan.id],
                unit=content.unit,
                period=period.code,
                template_version=TEMPLATE_VERSION,
                task_row_ids=content.task_row_ids,
                target_row_ids=content.target_row_ids,
            )
            seal = functools.partial(_seal, identity, secret)
            write_form(target, FormJob(plan, period, content, identity, sign(identity, secret), text, previous, seal))
            result.forms.append(
                WrittenForm(plan.id, content.unit, target, content.lead_count, content.co_count, len(content.targets), identity)
            )
            advance()
    write_manifest(manifest, period, manifest_rows + _other_plans_rows(workspace, period, {p.id for p in plans}))
    result.manifest = manifest
    return result


def _other_plans_rows(workspace: Workspace, period: Period, done: set[str]) -> list[ManifestRow]:
    """Keep 发放清单 whole when only some plans were generated: list forms already made for the others."""
    blank = workspace.period_dir(period.code) / "blank"
    rows: list[ManifestRow] = []
    for path in workspace.plan_files():
        if path.stem in done or not (blank / path.stem).is_dir():
            continue
        try:
            plan = load_plan(path)
        except UserError:
            continue
        for unit in plan.units:
            if form_path(workspace, period, plan.id, unit.name).exists():
                rows.append(_manifest_row(workspace, period, plan, form_rows(plan, unit.name, period), _EARLIER))
    return rows


def _manifest_row(workspace: Workspace, period: Period, plan: Plan, content: FormContent, remark: str) -> ManifestRow:
    """The 发放清单 row of a unit that has a form (written now or earlier)."""
    blank = workspace.period_dir(period.code) / "blank"
    file = form_path(workspace, period, plan.id, content.unit).relative_to(blank).as_posix()
    return ManifestRow(plan.id, plan.title, content.unit, file, content.lead_count, content.co_count, len(content.targets), remark)


def issued_plans(workspace: Workspace, period: Period) -> set[str]:
    """Plan ids whose forms of ``period`` were issued: blank forms written for it, or returns of it received.

    ``status`` and ``report`` use this to refuse a period that was never dispatched instead of
    listing every unit as 未报送.
    """
    blank = workspace.period_dir(period.code) / "blank"
    issued = {d.name for d in blank.iterdir() if d.is_dir() and any(d.glob("*.xlsx"))} if blank.is_dir() else set()
    if workspace.store_path.exists():
        from ..store import Store

        with Store(workspace.store_path) as store:
            issued.update(s.plan_id for s in store.submissions(period.code) if s.plan_id)
    return issued
