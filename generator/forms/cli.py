"""``python make_reports.py templates --period P [--plan ID …] [--unit NAME …]``."""

from __future__ import annotations

from rich.table import Table

from ..console import console
from ..period import Period
from ..workspace import Workspace
from .generate import generate_forms
from .guide import TEMPLATE_NAME, load_form_text
from .previous import previous_from_store

_DETAIL_LIMIT = 60  # above this many forms, print one line per plan instead of one per form


def cli_templates(workspace: Workspace, period_code: str, plan_ids: list[str] | None, unit_names: list[str] | None) -> int:
    """Generate the forms and print a summary in Chinese; 0 done, 1 refused (user must act), 2 bad usage."""
    period = Period.parse(period_code)
    previous = previous_from_store(workspace, period)
    result = generate_forms(workspace, period, plan_ids or None, unit_names or None, previous=previous)

    root = workspace.root
    if len(result.forms) <= _DETAIL_LIMIT:
        table = Table(title=f"{period.label}填报表", title_justify="left")
        for name in ("计划", "单位", "牵头任务", "配合任务", "量化目标", "文件"):
            table.add_column(name, justify="right" if name.endswith(("任务", "目标")) else "left")
        for form in result.forms:
            table.add_row(form.plan_id, form.unit, str(form.lead), str(form.co), str(form.targets), form.path.name)
    else:
        table = Table(title=f"{period.label}填报表（按计划汇总）", title_justify="left")
        for name in ("计划", "填报表", "任务行", "目标行", "文件夹"):
            table.add_column(name)
        by_plan: dict[str, list] = {}
        for form in result.forms:
            by_plan.setdefault(form.plan_id, []).append(form)
        for plan_id, forms in by_plan.items():
            table.add_row(plan_id, str(len(forms)), str(sum(f.lead + f.co for f in forms)), str(sum(f.targets for f in forms)),
                          _rel(forms[0].path.parent, root))
    console.print(table)
    if result.skipped:
        skipped = Table(title="不发放填报表的单位", title_justify="left")
        for name in ("计划", "单位", "原因"):
            skipped.add_column(name)
        for s in result.skipped:
            skipped.add_row(s.plan_id, s.unit, s.reason)
        console.print(skipped)
    folder = result.manifest.parent if result.manifest else root
    console.print(f"共生成 {len(result.forms)} 份填报表，保存在 {_rel(folder, root)}/<计划>/ 下；发放清单：{_rel(result.manifest, root)}")
    _warn_unset(workspace)
    return 0


def _warn_unset(workspace: Workspace) -> None:
    """Say which of 联系人, 联系电话, 报送截止日 the office has not set (the forms then lack them)."""
    text = load_form_text(workspace)
    missing = text.unset()
    if not missing:
        return
    own = workspace.root / "templates" / TEMPLATE_NAME
    where = _rel(own, workspace.root)
    how = "" if own.exists() else f"（先把工具自带的 {text.path} 复制到 {where}）"
    console.print(f"[yellow]提示：[/]尚未设置{'、'.join(missing)}，填报表上没有这些内容。"
                  f"请在 {where} 中填写{how}后重新运行 templates。")


def _rel(path, root) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
