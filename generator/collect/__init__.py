"""Stage 3 — collection: every file in the inbox ends in exactly one outcome, and nothing is lost.

:func:`collect` walks the inbox, identifies each file by the machine data inside
it (never by its name), verifies the signature and row ids against the form
that was sent, reads and checks the inputs, records the outcome in the store,
archives the bytes by content hash, and writes 报送情况.xlsx and 汇总表.xlsx.
Input files are only read. Running it again on the same inbox changes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..console import console, progress
from ..errors import UserError
from ..fileio import sha256_file, write_bytes_atomic
from ..forms.machine import workspace_secret
from ..period import Period
from ..plan.model import Plan
from ..plan.planfile import load_plan, plan_digest
from ..store import ACCEPTED, DUPLICATE, NOT_A_FORM, REJECTED, SUPERSEDED, Store, Submission
from ..workspace import Workspace
from .log import write_collection_log
from .formats import display_name
from .judgement import JudgeContext, Verdict, judge
from .status import reporting_status, status_table

__all__ = ["CollectionResult", "collect", "cli_collect", "cli_status"]

# Office lock and temporary files that are never returns.
_SKIP_PREFIXES = ("~$", ".~lock.", ".~", "._")
_SKIP_SUFFIXES = (".tmp", ".crdownload", ".part")
ARCHIVE_LIMIT = 100 * 1024 * 1024


@dataclass
class CollectionResult:
    period: Period
    inbox: Path
    submissions: list[Submission]  # every file of the period, this run and earlier ones
    new: list[Submission] = field(default_factory=list)  # recorded in this run
    log_path: Path | None = None
    summary_path: Path | None = None
    missing: dict[str, list[str]] = field(default_factory=dict)  # plan id → units without an accepted return

    @property
    def needs_action(self) -> bool:
        current = [s for s in self.submissions if s.outcome in (REJECTED, NOT_A_FORM)]
        return bool(current) or any(self.missing.values())


def inbox_files(inbox: Path) -> list[Path]:
    """Every candidate file under the inbox (subfolders too), in a stable order, skipping lock files."""
    found = []
    for root, dirs, files in os.walk(inbox):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(_SKIP_PREFIXES) or name.endswith(_SKIP_SUFFIXES) or name in ("Thumbs.db", ".DS_Store", "desktop.ini"):
                continue
            found.append(Path(root) / name)

    def order(path: Path):
        try:
            return (path.stat().st_mtime, path.as_posix())
        except OSError:
            return (0.0, path.as_posix())

    # Oldest first: of two identical files the earlier one is the original, the later the duplicate.
    return sorted(found, key=order)


def load_plans(workspace: Workspace) -> dict[str, Plan]:
    plans = {}
    for path in workspace.plan_files():
        plan = load_plan(path)
        plans[plan.id] = plan
    if not plans:
        raise UserError(f"工作区“{workspace.root}”中没有计划文件（plans/*.yaml），无法识别回表。请先导入计划。")
    return plans


class _Collector:
    def __init__(self, workspace: Workspace, period: Period, store: Store, plans: dict[str, Plan]):
        self.workspace = workspace
        self.period = period
        self.store = store
        self.plans = plans
        self.context = JudgeContext(
            period, plans, workspace_secret(workspace), {pid: plan_digest(plan) for pid, plan in plans.items()},
            previous={pid: _previous_actuals(store, pid, period) for pid in plans},
        )

    def judge(self, path: Path, label: str, size: int, sha: str, received: datetime) -> Verdict:
        """The file's verdict (:func:`.judgement.judge` on its bytes; an unreadable file is 非填报表)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            return Verdict(NOT_A_FORM, messages=[f"{label}：无法读取文件（{exc.strerror or exc}）"])
        return judge(data, label, self.context, sha, received)

    def archive(self, path: Path, sha: str) -> None:
        """Keep a copy of every file's bytes, named by its hash (never the original name)."""
        target = self.workspace.archive_dir() / sha[:2] / f"{sha}{path.suffix.lower()}"
        if not target.exists():
            write_bytes_atomic(target, path.read_bytes())


def _previous_actuals(store: Store, plan_id: str, period: Period) -> dict[str, dict[str, float]]:
    """Last period's accepted values, unit → target id → value (for the “moving away”/100× checks)."""
    returns = store.period_returns(plan_id, period.previous().code).returns
    return {unit: {t.target_id: t.actual for t in r.targets if t.actual is not None} for unit, r in returns.items()}


def _duplicate(period: str, label: str, sha: str, size: int, received: str, modified: str, earlier: Submission) -> Submission:
    return Submission(
        period, label, sha, size, received, modified, DUPLICATE, earlier.plan_id, earlier.unit, earlier.form_period,
        messages=[f"{label}：与已收到的“{earlier.file_name}”（{earlier.period}）内容完全相同，不重复计入"],
        duplicate_of=earlier.id,
    )


def collect(workspace: Workspace, period_code: str, inbox: Path | None = None, now: datetime | None = None) -> CollectionResult:
    """Collect the period's inbox. ``now`` stamps 收到时间 (the demo fixes it so reruns are identical)."""
    period = Period.parse(period_code)
    inbox = Path(inbox) if inbox else workspace.inbox_dir(period.code)
    if not inbox.is_dir():
        raise UserError(f"收件箱“{inbox}”不存在。请把各单位交回的填报表放入该文件夹（可含子文件夹）后重试。")
    plans = load_plans(workspace)
    files = inbox_files(inbox)
    new: list[Submission] = []
    with Store(workspace.store_path) as store:
        collector = _Collector(workspace, period, store, plans)
        with progress("收集回表", len(files)) as advance:
            for path in files:
                advance()
                label = display_name(path.relative_to(inbox).as_posix())  # undecodable bytes in a name: see formats.display_name
                try:
                    stat = path.stat()
                    sha = sha256_file(path)
                except OSError as exc:
                    console.print(f"[yellow]跳过[/] {label}：无法读取（{exc.strerror}）")
                    continue
                if store.find(period.code, label, sha):
                    continue  # seen before: nothing changes
                received = (now or datetime.now()).replace(microsecond=0).isoformat()
                modified = datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0).isoformat()
                earlier = store.first_with_hash(sha)
                verdict = None
                if earlier is not None:
                    submission = _duplicate(period.code, label, sha, stat.st_size, received, modified, earlier)
                else:
                    verdict = collector.judge(path, label, stat.st_size, sha, datetime.fromisoformat(received))
                    submission = Submission(
                        period.code, label, sha, stat.st_size, received, modified, verdict.outcome, verdict.plan_id,
                        verdict.unit, verdict.form_period, verdict.messages, verdict.warnings,
                    )
                if stat.st_size <= ARCHIVE_LIMIT:
                    collector.archive(path, sha)
                else:
                    submission.messages.append(f"{label}：文件过大（{stat.st_size // 1024 // 1024} MB），未在归档中另存副本")
                with store.transaction() as db:
                    # Checked again inside the write lock: another collect may have recorded it meanwhile.
                    if store.find(period.code, label, sha):
                        continue
                    earlier = store.first_with_hash(sha)
                    if earlier is not None and submission.outcome != DUPLICATE:
                        submission, verdict = _duplicate(period.code, label, sha, stat.st_size, received, modified, earlier), None
                    store.add(db, submission, verdict.unit_return if verdict else None)
                    if submission.outcome == ACCEPTED:
                        store.settle_latest(db, submission.plan_id, submission.unit, period.code)
                new.append(submission)
        submissions = store.submissions(period.code)
        returns = {pid: store.period_returns(pid, period.code) for pid in plans}
    states = {pid: reporting_status(plan, period, returns[pid], submissions) for pid, plan in plans.items()}
    missing = {pid: [u for u, state in units.items() if state.word != "已报送"] for pid, units in states.items()}
    report_dir = workspace.report_dir(period.code)
    result = CollectionResult(period, inbox, submissions, new, missing=missing)
    result.log_path = write_collection_log(report_dir / "报送情况.xlsx", period, plans, states, submissions)
    from ..report.summary_workbook import write_summary_workbook

    result.summary_path = write_summary_workbook(
        report_dir / "汇总表.xlsx", list(plans.values()), returns, None, period=period.code
    )
    return result


def _print_log(result: CollectionResult) -> None:
    """What this run changed: one row per file newly recorded (files seen before are not listed again)."""
    from rich.table import Table

    if not result.new:
        console.print("本次没有新收到的文件（收件箱中的文件此前都已收集过，结果不变）。")
        return
    table = Table(title=f"{result.period.label}本次新收 {len(result.new)} 个文件", show_lines=True)
    for column in ("文件", "计划", "单位", "结果", "问题"):
        table.add_column(column, overflow="fold")
    colours = {ACCEPTED: "green", REJECTED: "red", NOT_A_FORM: "red", DUPLICATE: "yellow", SUPERSEDED: "yellow"}
    current = {(s.file_name, s.sha256): s for s in result.submissions}  # a new return may since be 已替代
    for new in result.new:
        s = current.get((new.file_name, new.sha256), new)
        problems = s.messages or s.warnings
        shown = "\n".join(m.split("：", 1)[-1] for m in problems[:4]) + (f"\n……共 {len(problems)} 条" if len(problems) > 4 else "")
        table.add_row(s.file_name, s.plan_id or "—", s.unit or "—", f"[{colours[s.outcome]}]{s.outcome_word}[/]", shown)
    console.print(table)


_MISSING_LISTED = 10  # up to this many units without a return are named; above it, only counted


def cli_collect(workspace: Workspace, period_code: str, inbox: Path | None) -> int:
    result = collect(workspace, period_code, inbox)
    _print_log(result)
    current = {(s.file_name, s.sha256): s for s in result.submissions}
    counts: dict[str, int] = {}
    for new in result.new:
        word = current.get((new.file_name, new.sha256), new).outcome_word
        counts[word] = counts.get(word, 0) + 1
    if counts:
        console.print("本次：" + "，".join(f"{word} {n} 个" for word, n in counts.items()) + "。")
    missing = {pid: units for pid, units in result.missing.items() if units}
    waiting = sum(len(units) for units in missing.values())
    if not waiting:
        console.print(f"{result.period.label}：所有单位都已报送。")
    elif waiting <= _MISSING_LISTED:
        for plan_id, units in missing.items():
            console.print(f"[yellow]{plan_id}[/] 尚未报送或待重报：{'、'.join(units)}")
    else:
        console.print(f"{result.period.label}：{len(missing)} 个计划共 {waiting} 个单位尚未报送或待重报，"
                      f"运行 `make-reports status --period {result.period.code}` 查看。")
    console.print(f"报送情况：{result.log_path}\n汇总表：{result.summary_path}")
    return 1 if result.needs_action else 0


def cli_status(workspace: Workspace, period_code: str, plan_ids: list[str]) -> int:
    period = Period.parse(period_code)
    plans = load_plans(workspace)
    unknown = [p for p in plan_ids if p not in plans]
    if unknown:
        from ..errors import UsageError

        raise UsageError(f"找不到计划“{'、'.join(unknown)}”。可用的计划：{'、'.join(sorted(plans))}。")
    selected = {pid: plans[pid] for pid in (plan_ids or sorted(plans))}
    if not workspace.store_path.exists():
        console.print(f"{period.label}尚未收集任何回表（还没有运行 collect）。")
        return 1
    with Store(workspace.store_path) as store:
        submissions = store.submissions(period.code)
        missing_any = False
        for pid, plan in selected.items():
            returns = store.period_returns(pid, period.code)
            table, missing = status_table(plan, period, returns, submissions)
            console.print(table)
            missing_any = missing_any or bool(missing)
    return 1 if missing_any else 0
