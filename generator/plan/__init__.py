"""Stage 1 — the plan: import a plan document into ``plans/<id>.yaml`` and check plan files.

Public entries: :func:`import_plan` (document → plan file + review notes),
:func:`check_plan_file` / :func:`validate_plan`, and the CLI commands
``plan import`` and ``plan check``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from ..console import console
from ..errors import UserError
from ..fileio import write_bytes_atomic, write_text_atomic
from ..workspace import BUILTIN_TEMPLATES, Workspace
from .check import CheckResult, check_plan_file, validate_plan
from .model import Plan
from .planfile import dump_plan, load_plan, plan_digest
from .units import AliasTable

if TYPE_CHECKING:
    from .importer import ImportResult, ReviewNote

# The importer (and pypinyin's dictionaries, 0.3 s) is loaded only when a document is imported: the
# other stages use this package only for its plan model and plan files.
_IMPORTER_NAMES = {"ImportResult", "ReviewNote"}


def __getattr__(name: str):
    if name in _IMPORTER_NAMES:
        from . import importer

        return getattr(importer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "CheckResult",
    "ImportResult",
    "Plan",
    "check_plan_file",
    "dump_plan",
    "import_plan",
    "load_plan",
    "plan_digest",
    "validate_plan",
]

ALIASES_FILE = "unit_aliases.yaml"


def alias_table(workspace: Workspace) -> AliasTable:
    """The built-in abbreviation table, extended by the workspace's own copy if it has one."""
    own = workspace.root / "templates" / ALIASES_FILE
    builtin = BUILTIN_TEMPLATES / ALIASES_FILE
    extra = [own] if own.exists() and own.resolve() != builtin.resolve() else []
    return AliasTable.load(builtin, *extra)


def import_plan(
    workspace: Workspace, source: Path, plan_id: str | None = None, out: Path | None = None
) -> tuple[ImportResult, Path]:
    """Import ``source`` and write the plan file (and a copy of the source beside it).

    ``source`` is a plan document in any form :func:`.source.read_source` reads (.pdf .docx .doc .wps
    .txt .html, or a task table .xlsx/.xls/.ods). Nothing is written unless the whole import succeeds.
    """
    from .importer import ReviewNote, document_id
    from .source import read_source
    from .tasktable import COLUMNS_FILE

    doc = read_source(source, task_columns=workspace.root / "templates" / COLUMNS_FILE)
    if plan_id is None and out is None:
        # The id names the overrides file, so it comes first; never one another plan's file already has.
        base = plan_id = document_id(doc)
        result, path, copy = _import_as(workspace, doc, source, plan_id, None)
        taken = 1
        while (other := _title_of(path)) is not None and other != result.plan.title:
            taken += 1
            plan_id = f"{base}-{taken}"
            result, path, copy = _import_as(workspace, doc, source, plan_id, None)
        if taken > 1:
            result.notes.append(ReviewNote("文档", f"计划编号“{base}”已是另一个方案（{_title_of(workspace.plans_dir / f'{base}.yaml')}）的，"
                                                   f"本方案编号为“{plan_id}”；需要其他编号时用 --id 指定"))
        return _write(result, path, copy)
    return _write(*_import_as(workspace, doc, source, plan_id or document_id(doc), out))


def _title_of(path: Path) -> str | None:
    """The title in an existing plan file, or None (no file, or not readable as one)."""
    if not path.exists():
        return None
    try:
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data.get("title") if isinstance(data, dict) else None


def _import_as(workspace: Workspace, doc, source: Path, plan_id: str, out: Path | None):
    """The plan imported under ``plan_id`` (nothing written): (result, plan file path, source copy to write or None)."""
    from .importer import import_document
    from .overrides import Overrides

    aliases = alias_table(workspace)
    out = Path(out) if out else workspace.plans_dir / f"{plan_id}.yaml"
    plans_dir = out.parent
    source_abs = Path(source).resolve()
    try:
        source_file = source_abs.relative_to(plans_dir.resolve()).as_posix()
        copy_to = None
    except ValueError:
        source_file = f"sources/{plan_id}{source_abs.suffix.lower()}"
        copy_to = plans_dir / source_file
    overrides = Overrides.load(out.with_name(f"{out.stem}.overrides.yaml"))
    result = import_document(doc, plan_id=plan_id, source_file=source_file, aliases=aliases, overrides=overrides)
    return result, out, (copy_to, doc.data) if copy_to is not None else None


def _write(result: ImportResult, out: Path, copy: tuple[Path, bytes] | None) -> tuple[ImportResult, Path]:
    """The plan file and the copy of its source, each written atomically (only after the whole import)."""
    text = dump_plan(result.plan)
    if copy is not None:
        write_bytes_atomic(*copy)
    write_text_atomic(out, text)
    return result, out


def _print_notes(notes: list[ReviewNote]) -> None:
    if not notes:
        console.print("[green]没有需要特别核对的地方。[/]")
        return
    grouped: dict[str, list[str]] = defaultdict(list)
    for note in notes:
        grouped[note.topic].append(note.text)
    console.print(f"[bold]请重点核对（共 {len(notes)} 处）：[/]")
    for topic in ("责任分工", "单位", "量化目标", "结构", "文档"):
        for text in grouped.pop(topic, []):
            console.print(f"  [yellow]{topic}[/] {text}")
    for topic, texts in grouped.items():
        for text in texts:
            console.print(f"  [yellow]{topic}[/] {text}")


def _counts_table(results: list[tuple[str, Plan]]) -> Table:
    table = Table(title="计划概况", show_lines=False)
    for column in ("计划", "任务", "单位", "主要目标", "任务目标", "指标", "专栏"):
        table.add_column(column, justify="right" if column != "计划" else "left")
    for name, plan in results:
        table.add_row(
            f"{plan.id} {plan.title}",
            str(len(plan.tasks)),
            str(len(plan.units)),
            str(len(plan.goals)),
            str(sum(len(t.targets) for t in plan.tasks)),
            str(len(plan.indicators)),
            str(len(plan.columns)),
        )
    return table


def cli_import(workspace: Workspace, source: Path, plan_id: str | None, out: Path | None) -> int:
    result, path = import_plan(workspace, source, plan_id, out)
    from .review import write_after_import  # the 核对表 (issue 11): review in a workbook, not YAML

    review, edited = write_after_import(path, result.plan, result.notes)
    console.print(f"已导入：{source} → [bold]{path}[/]；核对表：[bold]{review}[/]")
    if edited:
        console.print(f"[yellow]提示：[/]核对表中有尚未运行 plan review 的改动（{'、'.join(edited[:5])}{'等' if len(edited) > 5 else ''}），"
                      f"未覆盖。请先运行 `make-reports plan review {review}`。")
    console.print(_counts_table([(path.name, result.plan)]))
    _print_notes(result.notes)
    errors, warnings = validate_plan(result.plan)
    for warning in warnings:
        console.print(f"  [yellow]提示[/] {warning}")
    if errors:
        for error in errors:
            console.print(f"  [red]错误[/] {error}")
        console.print("[red]计划文件已写出，但未通过检查；请用覆盖文件校正后重新导入。[/]")
        return 1
    return 0


def cli_check(workspace: Workspace, files: list[Path]) -> int:
    paths = files or workspace.plan_files()
    if not paths:
        raise UserError(f"没有可检查的计划文件：{workspace.plans_dir} 下没有 *.yaml。请先运行 plan import。")
    results = [check_plan_file(p) for p in paths]
    failed = 0
    for result in results:
        status = "[green]通过[/]" if result.ok else "[red]未通过[/]"
        console.print(f"{result.path}：{status}")
        for error in result.errors:
            console.print(f"  [red]错误[/] {error}")
        for warning in result.warnings:
            console.print(f"  [yellow]提示[/] {warning}")
        failed += not result.ok
    good = [(str(r.path), r.plan) for r in results if r.plan is not None and not str(r.path).endswith(".overrides.yaml")]
    if good:
        console.print(_counts_table(good))
    return 1 if failed else 0
