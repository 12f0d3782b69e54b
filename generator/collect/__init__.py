"""Stage 3 — collection: every file in the inbox ends in exactly one outcome, and nothing is lost.

:func:`collect` walks the inbox, identifies each file by the machine data inside
it (never by its name), verifies the signature and row ids against the form
that was sent, reads and checks the inputs, records the outcome in the store,
archives the bytes by content hash, and writes 报送情况.xlsx and 汇总表.xlsx.
Input files are only read. Running it again on the same inbox changes nothing.

How a run goes (one place writes the store; the judging uses every core):

1. :func:`.inbox.list_inbox` walks the inbox without following links out of it and
   :func:`.inbox.read_file` reads each regular file's bytes once (non-blocking, so a FIFO or a device never
   hangs it); anything else (a FIFO, a link leading outside, a folder or file that
   cannot be read) is its own outcome with a reason, listed in 报送情况.xlsx but not
   stored, since there is nothing to store.
2. Files already recorded for the period are skipped; copies of a recorded file are
   duplicates without being judged again.
3. The rest are judged in a process pool, fed while the parent reads the next files:
   :func:`judge_file` runs :func:`.judgement.judge` on the bytes with the run's
   :class:`.judgement.JudgeContext` and returns a picklable verdict, never raising;
   a file that kills its worker process is its own outcome.
4. The parent writes every verdict in a few transactions. Returns refused for a
   signature mismatch under another secret are judged again (the right secret may
   be back from a backup); their earlier verdict stays in the store's history.
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from ..console import console, progress
from ..errors import UserError, WorkFailed
from ..fileio import write_bytes_atomic
from ..parallel import worker_count
from ..forms.machine import secret_fingerprint, workspace_secret
from ..period import Period
from ..plan.model import Plan
from ..plan.planfile import load_plan, plan_digest
from ..store import (ACCEPTED, DUPLICATE, NOT_A_FORM, REASON_SIGNATURE, REJECTED, SIGNATURE_MISMATCH, SUPERSEDED,
                     Store, Submission)
from ..workspace import Workspace
from .inbox import InboxFile, list_inbox, read_file
from .log import write_collection_log
from .judgement import JudgeContext, Verdict, judge
from .status import reporting_status, status_table, uncollectable_table

__all__ = ["CollectionResult", "collect", "cli_collect", "cli_status", "judge_file"]

ARCHIVE_LIMIT = 100 * 1024 * 1024
POOL_MIN_FILES = 8  # fewer files than this are judged in this process (a pool costs more than it saves)
BATCH = 500  # submissions per store transaction


@dataclass
class CollectionResult:
    period: Period
    inbox: Path
    submissions: list[Submission]  # every file of the period, this run and earlier ones, then this run's unstored outcomes
    new: list[Submission] = field(default_factory=list)  # recorded (or judged again) in this run
    log_path: Path | None = None
    summary_path: Path | None = None
    missing: dict[str, list[str]] = field(default_factory=dict)  # plan id → units without an accepted return

    @property
    def needs_action(self) -> bool:
        current = [s for s in self.submissions if s.outcome in (REJECTED, NOT_A_FORM)]
        return bool(current) or any(self.missing.values())


def load_plans(workspace: Workspace) -> dict[str, Plan]:
    plans = {}
    for path in workspace.plan_files():
        plan = load_plan(path)
        plans[plan.id] = plan
    if not plans:
        raise UserError(f"工作区“{workspace.root}”中没有计划文件（plans/*.yaml），无法识别回表。请先导入计划。")
    return plans


def judge_file(ctx: JudgeContext, data: bytes, label: str, sha: str, received: datetime) -> Verdict:
    """:func:`.judgement.judge` on one file's bytes, wrapped once more: it never raises by design, and
    whatever might still escape it (a panic in the Rust reader is a BaseException) is this file's own
    outcome here too."""
    try:
        return judge(data, label, ctx, sha, received)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - one file's failure is its own outcome
        return Verdict(NOT_A_FORM, messages=[
            f"{label}：读取时出错（{type(exc).__name__}），文件可能已损坏或不是正常保存的表格。"
            "请让报送单位用下发的原表重新填写、保存后再交；其余文件不受影响"])


def all_form_contents(ctx: JudgeContext) -> dict:
    """Every unit's form rows ``{(plan id, unit): FormContent}``, worked out once here before the workers
    start (they inherit them in the context)."""
    return {(plan.id, unit.name): ctx.form_content(plan, unit.name) for plan in ctx.plans.values() for unit in plan.units}


# --------------------------------------------------------------------------- judging many files

_WORKER: JudgeContext | None = None


def _worker_init(ctx: JudgeContext) -> None:
    global _WORKER
    _WORKER = ctx


@dataclass
class _Job:
    """One file to judge: its bytes and where its archive copy goes."""

    key: int
    data: bytes
    label: str
    sha: str
    archive: Path | None


def _archive(target: Path | None, data: bytes) -> None:
    """Keep a copy of the file's bytes named by its hash (never the original name); written once."""
    if target is not None and not target.exists():
        write_bytes_atomic(target, data)


def _work(job: _Job, received: datetime) -> Verdict:
    """A worker's task: archive the bytes, then judge them (the worker's context is set by :func:`_worker_init`)."""
    _archive(job.archive, job.data)
    return judge_file(_WORKER, job.data, job.label, job.sha, received)


def _crashed(job: _Job, why: str) -> Verdict:
    return Verdict(NOT_A_FORM, messages=[
        f"{job.label}：检查这个文件时读取程序异常退出（{why}），文件可能已损坏。"
        "请让报送单位用下发的原表重新保存后再交；其余文件照常收集"])


class _Ticker:
    """Advances the progress bar once it is showing (the jobs generator ticks for files it does not send)."""

    def __init__(self):
        self.advance = None

    def __call__(self) -> None:
        if self.advance is not None:
            self.advance()


def judge_all(ctx: JudgeContext, jobs: Iterable[_Job], received: datetime, advance: _Ticker, expected: int) -> dict[int, Verdict]:
    """Judge every job, in a process pool when there are enough; {job key: verdict}.

    Workers only read and archive; nothing is written to the store here. At most a few jobs are in
    flight at a time, so when a worker dies (a segfault or abort in a reader: BrokenProcessPool)
    only those few are suspects; each is then judged alone in a fresh process, the one that dies
    again gets its own outcome, and the rest carry on in a new pool.
    """
    verdicts: dict[int, Verdict] = {}
    workers = worker_count(expected)
    if workers == 1 or expected < POOL_MIN_FILES:
        _worker_init(ctx)
        with progress("收集回表", expected) as advance.advance:
            for job in jobs:
                verdicts[job.key] = _work(job, received)
                job.data = b""
                advance()
        return verdicts
    first = _pool(workers, ctx)
    first.submit(int).result()  # the workers are forked now, before the progress bar starts its thread
    with progress("收集回表", expected) as advance.advance:
        _judge_in_pools(ctx, iter(jobs), received, advance, workers, first, verdicts)
    return verdicts


def _judge_in_pools(ctx: JudgeContext, queue: Iterator[_Job], received: datetime, advance: _Ticker, workers: int,
                    pool: ProcessPoolExecutor, verdicts: dict[int, Verdict]) -> None:
    """Feed the pool a few jobs at a time (the parent reads the next files meanwhile); after a worker dies,
    judge the jobs that were in flight one by one in fresh processes, then go on in a new pool."""
    window = 4 * workers
    more = True
    while more:
        suspects: list[_Job] = []
        with pool:
            running: dict[Future, _Job] = {}
            while True:
                while more and len(running) < window:
                    job = next(queue, None)
                    if job is None:
                        more = False
                        break
                    running[pool.submit(_work, job, received)] = job
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    job = running.pop(future)
                    try:
                        verdicts[job.key] = future.result()
                        job.data = b""
                        advance()
                    except BrokenProcessPool:
                        suspects.append(job)
                    except WorkFailed:  # a full disk while archiving: the run stops, with its message
                        raise
                    except Exception as exc:  # noqa: BLE001 - e.g. a verdict that failed to pickle
                        verdicts[job.key] = _crashed(job, type(exc).__name__)
                        advance()
                if suspects:
                    suspects += list(running.values())
                    break
        for job in suspects:  # each alone: the one that kills its process is the culprit
            if job.key in verdicts:
                continue
            with _pool(1, ctx) as alone:
                try:
                    verdicts[job.key] = alone.submit(_work, job, received).result()
                except BrokenProcessPool:
                    _archive(job.archive, job.data)
                    verdicts[job.key] = _crashed(job, "进程崩溃")
                except WorkFailed:
                    raise
                except Exception as exc:  # noqa: BLE001
                    verdicts[job.key] = _crashed(job, type(exc).__name__)
            job.data = b""
            advance()
        if more:
            pool = _pool(workers, ctx)


def _pool(workers: int, ctx: JudgeContext) -> ProcessPoolExecutor:
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init, initargs=(ctx,))


# --------------------------------------------------------------------------- the run


def _unstored(period: str, item: InboxFile, received: str) -> Submission:
    """An outcome of this run only (nothing to store: no bytes were read)."""
    return Submission(period, item.label, "", item.size, received, item.modified, NOT_A_FORM,
                      messages=list(item.problems), recorded=False)


def _archive_path(workspace: Workspace, sha: str, name: str) -> Path:
    return workspace.archive_dir() / sha[:2] / f"{sha}{PurePosixPath(name).suffix.lower()}"


def refusal_reason(verdict: Verdict) -> str | None:
    """REASON_SIGNATURE when the file was refused because its signature did not match (such returns are
    judged again once the right secret is back), else None."""
    if verdict.outcome == REJECTED and any(SIGNATURE_MISMATCH in m for m in verdict.messages):
        return REASON_SIGNATURE
    return None


def _submission(period: str, item: InboxFile, received: str, verdict: Verdict, secret_fp: str) -> Submission:
    return Submission(
        period, item.label, item.sha256, item.size, received, item.modified, verdict.outcome, verdict.plan_id,
        verdict.unit, verdict.form_period, verdict.messages, verdict.warnings + item.notes,
        secret_fp=secret_fp, reason=refusal_reason(verdict),
    )


def _duplicate(period: str, item: InboxFile, received: str, earlier: Submission) -> Submission:
    return Submission(
        period, item.label, item.sha256, item.size, received, item.modified, DUPLICATE, earlier.plan_id, earlier.unit,
        earlier.form_period, messages=[f"{item.label}：与已收到的“{earlier.file_name}”（{earlier.period}）内容完全相同，不重复计入"],
        warnings=list(item.notes), duplicate_of=earlier.id,
    )


def _earlier_bytes(workspace: Workspace, inbox: Path, s: Submission) -> bytes | None:
    """The bytes of a recorded submission, from its archive copy or the inbox (checked against its hash)."""
    from ..fileio import sha256_bytes

    for path in (_archive_path(workspace, s.sha256, s.file_name), inbox / s.file_name):
        try:
            data = path.read_bytes()
        except (OSError, ValueError):
            continue
        if sha256_bytes(data) == s.sha256:
            return data
    return None


def collect(workspace: Workspace, period_code: str, inbox: Path | None = None, now: datetime | None = None) -> CollectionResult:
    """Collect the period's inbox. ``now`` stamps 收到时间 (the demo fixes it so reruns are identical).

    Raises :class:`UserError` for a missing inbox or no plans, :class:`WorkFailed` (exit 3) for a
    missing secret, a lost store, a full disk or a store another program keeps locked.
    """
    period = Period.parse(period_code)
    inbox = Path(inbox) if inbox else workspace.inbox_dir(period.code)
    if not inbox.is_dir():
        raise UserError(f"收件箱“{inbox}”不存在。请把各单位交回的填报表放入该文件夹（可含子文件夹）后重试。")
    plans = load_plans(workspace)
    secret = workspace_secret(workspace, create=False)
    secret_fp = secret_fingerprint(secret)
    received_at = (now or datetime.now()).replace(microsecond=0)
    received = received_at.isoformat()
    listed = list_inbox(inbox)  # every entry, oldest first; each file's bytes are read once, below

    # A short read of the store (closed again before any worker process is forked).
    store = Store.for_workspace(workspace, create=True, current_period=period.code)
    with store:
        known = store.known(period.code)
        originals = store.originals()
        previous = {}
        for pid in plans:
            earlier = store.period_returns(pid, period.previous().code)
            previous[pid] = {unit: {t.target_id: t.actual for t in r.targets if t.actual is not None}
                             for unit, r in earlier.returns.items()}
        refusals = store.signature_refusals(period.code, secret_fp)
    ctx = JudgeContext(period, plans, secret, {pid: plan_digest(plan) for pid, plan in plans.items()}, previous)
    contents = all_form_contents(ctx)

    unstored: list[Submission] = []
    pending: list[tuple[InboxFile, Verdict | Submission | None]] = []  # inbox order; None: judged (or a copy)
    job_of: dict[str, int] = {}  # sha256 → key of the job judging it
    again: list[tuple[Submission, _Job]] = []

    def jobs() -> Iterator[_Job]:
        """Read each file once and decide: skip, duplicate, or judge (yielded to the pool as it is read)."""
        key = 0
        for item in listed:
            read_file(item)
            if item.sha256 is None:
                unstored.append(_unstored(period.code, item, received))
                advance()
                continue
            data, item.data = item.data, None
            if (item.label, item.sha256) in known:
                advance()
                continue  # seen before: nothing changes
            earlier = originals.get(item.sha256)
            if earlier is not None or item.sha256 in job_of:
                # A copy of a recorded file, or of one earlier in this run (a duplicate once that one is stored).
                pending.append((item, _duplicate(period.code, item, received, earlier) if earlier else None))
                advance()
                continue
            if data is None:  # too big to be a form: recorded without being read as one
                if item.size <= ARCHIVE_LIMIT:
                    item.copy_to(_archive_path(workspace, item.sha256, item.name))
                else:
                    item.notes.append(f"{item.label}：文件过大（{item.size // 1024 // 1024} MB），未在归档中另存副本")
                pending.append((item, Verdict(NOT_A_FORM, messages=[f"{item.label}：文件过大（{item.size / 1024 / 1024:.1f} MB），不是填报表"])))
                job_of[item.sha256] = -1
                advance()
                continue
            pending.append((item, None))
            job_of[item.sha256] = key
            yield _Job(key, data, item.label, item.sha256, _archive_path(workspace, item.sha256, item.name))
            key += 1
        for s in refusals:  # judged again: the right secret may be back
            data = _earlier_bytes(workspace, inbox, s)
            if data is not None:
                job = _Job(key, data, s.file_name, s.sha256, None)
                again.append((s, job))
                yield job
                key += 1

    advance = _Ticker()
    verdicts = judge_all(ctx, jobs(), received_at, advance, expected=len(listed) + len(refusals))

    new: list[Submission] = []
    with Store.for_workspace(workspace, create=True, current_period=period.code) as store:
        for start in range(0, max(len(pending), 1), BATCH):
            batch = pending[start:start + BATCH]
            if not batch:
                break
            with store.transaction() as db:
                known = store.known(period.code)  # again inside the lock: another collect may have recorded some
                touched = set()
                for item, outcome in batch:
                    if (item.label, item.sha256) in known:
                        continue
                    earlier = store.first_with_hash(item.sha256)  # earlier in the store, this run or another's
                    unit_return = None
                    if earlier is not None:
                        submission = _duplicate(period.code, item, received, earlier)
                    else:
                        verdict = outcome if isinstance(outcome, Verdict) else verdicts[job_of[item.sha256]]
                        submission = _submission(period.code, item, received, verdict, secret_fp)
                        unit_return = verdict.unit_return
                    store.add(db, submission, unit_return)
                    known.add((item.label, item.sha256))
                    if submission.outcome == ACCEPTED:
                        touched.add((submission.plan_id, submission.unit))
                    new.append(submission)
                for plan_id, unit in touched:
                    store.settle_latest(db, plan_id, unit, period.code)
        if again:
            with store.transaction() as db:
                for old, job in again:
                    verdict = verdicts[job.key]
                    if refusal_reason(verdict) == REASON_SIGNATURE:  # still not the right secret: only note which one was tried
                        db.execute("UPDATE submissions SET secret_fp=? WHERE id=?", (secret_fp, old.id))
                        continue
                    current = Submission(old.period, old.file_name, old.sha256, old.size, old.received, old.modified,
                                         verdict.outcome, verdict.plan_id, verdict.unit, verdict.form_period,
                                         verdict.messages, verdict.warnings, secret_fp=secret_fp,
                                         reason=refusal_reason(verdict))
                    store.rejudge(db, old, current, verdict.unit_return, received)
                    if current.outcome == ACCEPTED:
                        store.settle_latest(db, current.plan_id, current.unit, period.code)
                    new.append(current)
        submissions = store.submissions(period.code) + unstored
        returns = {pid: store.period_returns(pid, period.code) for pid in plans}
    states = {pid: reporting_status(plan, period, returns[pid], submissions, contents) for pid, plan in plans.items()}
    missing = {pid: [u for u, state in units.items() if state.word != "已报送"] for pid, units in states.items()}
    report_dir = workspace.report_dir(period.code)
    result = CollectionResult(period, inbox, submissions, new, missing=missing)
    from ..report.summary_workbook import write_summary_workbook

    summary_args = (report_dir / "汇总表.xlsx", list(plans.values()), returns, None)
    with _beside(len(submissions) >= POOL_MIN_FILES * 10, write_summary_workbook, *summary_args, period=period.code) as summary:
        result.log_path = write_collection_log(report_dir / "报送情况.xlsx", period, plans, states, submissions)
    result.summary_path = summary.result()
    return result


@contextmanager
def _beside(parallel: bool, function, *args, **kwargs):
    """Run ``function`` in another process while the body runs (both workbooks are written at once on
    two cores); inline when not ``parallel``. Yields a future; its exception is raised by ``result()``."""
    if not parallel or worker_count(2) < 2:
        yield _Done(function(*args, **kwargs))
        return
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(method)) as pool:
        yield pool.submit(function, *args, **kwargs)


@dataclass
class _Done:
    value: object

    def result(self):
        return self.value


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
    store = Store.for_workspace(workspace, create=False)
    if store is None:
        console.print(f"{period.label}尚未收集任何回表（还没有运行 collect）。")
        _print_uncollectable(workspace, period)
        return 1
    with store:
        submissions = store.submissions(period.code)
        missing_any = False
        for pid, plan in selected.items():
            returns = store.period_returns(pid, period.code)
            table, missing = status_table(plan, period, returns, submissions)
            console.print(table)
            missing_any = missing_any or bool(missing)
    blocked = _print_uncollectable(workspace, period)
    return 1 if missing_any or blocked else 0


def _print_uncollectable(workspace: Workspace, period: Period) -> int:
    """The inbox's entries collect cannot read (never in the store, so listed again); how many."""
    table, count = uncollectable_table(workspace.inbox_dir(period.code))
    if table is not None:
        console.print(table)
    return count
