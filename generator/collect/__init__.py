"""Stage 3 — collection: every file in the inbox ends in exactly one outcome, and nothing is lost.

:func:`collect` walks the inbox, identifies each file by the machine data inside
it (never by its name), verifies the signature and row ids against the form
that was sent, reads and checks the inputs, records the outcome in the store,
archives the bytes by content hash, and writes 报送情况.xlsx and 汇总表.xlsx.
Input files are only read. Running it again on the same inbox changes nothing.

How a run goes (one place writes the store; the judging uses every core):

1. :func:`.inbox.list_inbox` walks the inbox without following links out of it; nothing is read yet.
   Anything that is not a regular file (a FIFO, a link leading outside, a folder or file that
   cannot be read) becomes its own outcome with a reason, listed in 报送情况.xlsx but not stored,
   since there is nothing to store.
2. Workers (a process pool, :func:`judge_all`; a few files at a time) read each file once with
   :func:`.inbox.read_file` (non-blocking, so a FIFO or a device never hangs it), skip files already
   recorded for the period and copies of recorded files, archive the bytes by content hash and
   judge them with :func:`.judgement.judge`, which never raises. A file that kills its worker, or
   keeps it busy past :data:`JOB_TIMEOUT`, is its own outcome.
3. The parent writes the answers to the store in inbox order, a batch per transaction, while later
   files are still being judged (:class:`_Recorder`). Returns refused for a signature mismatch
   under another secret are judged again (the right secret may be back from a backup); their
   earlier verdict stays in the store's history.
4. 报送情况.xlsx and 汇总表.xlsx are written at once, in two processes.
"""

from __future__ import annotations

import gc
import itertools
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Iterator

from ..console import console, progress
from ..errors import UserError, WorkFailed
from ..fileio import write_bytes_atomic
from ..parallel import in_this_process, process_context, worker_count
from ..forms.machine import secret_fingerprint, workspace_secret
from ..period import Period
from ..plan.model import Plan
from ..plan.cache import load_plans_with_digests
from ..store import (ACCEPTED, DUPLICATE, NOT_A_FORM, REASON_SIGNATURE, REJECTED, SIGNATURE_MISMATCH, SUPERSEDED,
                     Store, Submission)
from ..workspace import Workspace
from .inbox import InboxFile, list_inbox, read_file
from .log import write_collection_log
from .judgement import JudgeContext, Verdict, judge
from .status import reporting_status, status_table, uncollectable_table

__all__ = ["CollectionResult", "collect", "cli_collect", "cli_status", "judge_file"]

ARCHIVE_LIMIT = 100 * 1024 * 1024
SUMMARY_BESIDE_MIN = 80  # from this many files on, 汇总表 is written in a second process beside 报送情况
BATCH = 200  # submissions per store transaction (written while later files are judged)


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
    return {plan.id: plan for plan, _ in _plans_with_digests(workspace).values()}


def _plans_with_digests(workspace: Workspace) -> dict[str, tuple[Plan, str]]:
    """Every plan of the workspace with its digest, by plan id (parsed plans are cached between runs:
    :mod:`..plan.cache`). Raises :class:`UserError` when there is none, or one has an error."""
    loaded = load_plans_with_digests(workspace.plan_files(), workspace.plan_cache_path)
    plans = {plan.id: (plan, digest) for plan, digest in loaded}
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

JOB_TIMEOUT = 120.0  # seconds one file may take in a worker (a form takes milliseconds) before it is its own outcome
CHUNK = 8  # files sent to a worker at a time


@dataclass
class _Job:
    """One piece of work for a worker: a listed inbox file to read, archive and judge, or a recorded
    refusal to judge again (its bytes from the archive)."""

    key: int
    item: InboxFile | None = None
    again: Submission | None = None


@dataclass
class _Done:
    """A worker's answer for one job. ``item`` is the file as read (hash, size, notes or problems; no
    bytes). ``verdict`` is None when there was nothing to judge: the file could not be read, it is
    already recorded for the period (``seen``), or it is a copy of a recorded file."""

    key: int
    item: InboxFile | None
    verdict: Verdict | None = None
    seen: bool = False


@dataclass
class _WorkerState:
    """What every worker knows (set once per process; with fork it is inherited, not copied)."""

    ctx: JudgeContext
    workspace: Workspace
    inbox: Path
    known: set  # (file name, sha256) recorded for the period
    originals: set  # sha256 of every recorded original


_WORKER: _WorkerState | None = None


def _worker_init(state: _WorkerState) -> None:
    global _WORKER
    _WORKER = state


def _archive(target: Path | None, data: bytes) -> None:
    """Keep a copy of the file's bytes named by its hash (never the original name); written once."""
    if target is not None and not target.exists():
        write_bytes_atomic(target, data)


def _too_big(workspace: Workspace, item: InboxFile) -> Verdict:
    """A file too big to be a form: recorded without being read as one (its copy kept while not huge)."""
    if item.size <= ARCHIVE_LIMIT:
        item.copy_to(_archive_path(workspace, item.sha256, item.name))
    else:
        item.notes.append(f"{item.label}：文件过大（{item.size // 1024 // 1024} MB），未在归档中另存副本")
    return Verdict(NOT_A_FORM, messages=[f"{item.label}：文件过大（{item.size / 1024 / 1024:.1f} MB），不是填报表"])


def _work(job: _Job, received: datetime) -> _Done:
    """A worker's task (its state is set by :func:`_worker_init`): read the file once, skip it when it
    is already recorded, archive its bytes, judge them."""
    state = _WORKER
    if job.again is not None:
        old = job.again
        data = _earlier_bytes(state.workspace, state.inbox, old)
        verdict = judge_file(state.ctx, data, old.file_name, old.sha256, received) if data is not None else None
        return _Done(job.key, None, verdict)
    item = read_file(job.item)
    data, item.data = item.data, None
    if item.sha256 is None:
        return _Done(job.key, item)
    if (item.label, item.sha256) in state.known:
        return _Done(job.key, item, seen=True)
    if item.sha256 in state.originals:
        return _Done(job.key, item)
    if data is None:
        return _Done(job.key, item, _too_big(state.workspace, item))
    _archive(_archive_path(state.workspace, item.sha256, item.name), data)
    return _Done(job.key, item, judge_file(state.ctx, data, item.label, item.sha256, received))


def _work_chunk(jobs: list[_Job], received: datetime) -> list[_Done]:
    """:func:`_work` on a few jobs in a row (one round trip to the parent for all of them)."""
    return [_work(job, received) for job in jobs]


def _lost(job: _Job, why: str) -> _Done:
    """The answer for a job whose worker died or hung: the file's own outcome (its bytes still archived)."""
    if job.again is not None:
        return _Done(job.key, None, None)  # judged again later; its recorded verdict stays
    state = _WORKER
    item = read_file(job.item)  # the parent's copy was never read: the worker that read it is gone
    data, item.data = item.data, None
    if item.sha256 is None:
        return _Done(job.key, item)
    if data is not None:
        _archive(_archive_path(state.workspace, item.sha256, item.name), data)
    return _Done(job.key, item, Verdict(NOT_A_FORM, messages=[
        f"{item.label}：检查这个文件时读取程序{why}，文件可能已损坏。"
        "请让报送单位用下发的原表重新保存后再交；其余文件照常收集"]))


def judge_all(state: _WorkerState, jobs: list[_Job], received: datetime, on_done, paused) -> None:
    """Do every job in a process pool (in this process only when ``MAKE_REPORTS_JOBS=1``), calling
    ``on_done(answer)`` in the parent for each as it comes (the parent stores answers meanwhile).

    Workers read, archive and judge, :data:`CHUNK` files per task; nothing is written to the store
    there. At most two chunks per worker are in flight, so when a worker dies (a segfault or abort in
    a reader: BrokenProcessPool) or a chunk runs past :data:`JOB_TIMEOUT` (a reader that never
    returns), only those few files are suspects: each is then done alone in a fresh process, the one
    that dies or hangs again gets its own outcome, and the rest carry on in a new pool. ``paused`` is
    a context manager the parent holds while it forks new processes (the store must not be open
    across a fork).
    """
    _worker_init(state)
    if not jobs:
        return
    if in_this_process():
        with progress("收集回表", len(jobs)) as advance:
            for job in jobs:
                on_done(_work(job, received))
                advance()
        return
    # Even one file is judged in a worker process: a reader that crashes or never returns then costs
    # that file alone, never the run (about 40 ms more for an inbox of two files).
    workers = worker_count(-(-len(jobs) // CHUNK))
    with paused():
        first = _pool(workers, state)  # the workers are forked now, before the progress bar starts its thread
    with progress("收集回表", len(jobs)) as advance:
        _judge_in_pools(state, iter(jobs), received, on_done, advance, workers, first, paused)


def _judge_in_pools(state: _WorkerState, queue: Iterator[_Job], received: datetime, on_done, advance,
                    workers: int, pool: ProcessPoolExecutor, paused) -> None:
    """Feed the pool a few jobs at a time; after a worker dies or hangs, do the jobs that were in
    flight one by one in fresh processes, then go on in a new pool."""
    import time

    window = 2 * workers  # chunks in flight: each worker has the next chunk at hand while it works
    more = True
    while more:
        suspects: list[_Job] = []
        with pool:
            running: dict[Future, tuple[list[_Job], float]] = {}
            while True:
                while more and len(running) < window:
                    chunk = list(itertools.islice(queue, CHUNK))
                    if len(chunk) < CHUNK:
                        more = False
                    if not chunk:
                        break
                    running[pool.submit(_work_chunk, chunk, received)] = (chunk, time.monotonic())
                if not running:
                    break
                oldest = min(started for _, started in running.values())
                done, _ = wait(running, timeout=max(0.0, oldest + JOB_TIMEOUT - time.monotonic()), return_when=FIRST_COMPLETED)
                if not done:  # one chunk has run too long: stop this pool, every job in flight is a suspect
                    _terminate(pool)
                    suspects = [job for chunk, _ in running.values() for job in chunk]
                    break
                for future in done:
                    chunk, _ = running.pop(future)
                    try:
                        answers = future.result()
                    except WorkFailed:  # a full disk while archiving: the run stops, with its message
                        raise
                    except Exception:  # noqa: BLE001 - a worker died (BrokenProcessPool), an answer failed to pickle
                        suspects += chunk
                        continue
                    for answer in answers:
                        on_done(answer)
                        advance()
                if suspects:
                    suspects += [job for chunk, _ in running.values() for job in chunk]
                    break
        for job in sorted(suspects, key=lambda j: j.key):  # each alone: the one that kills its process or hangs is the culprit
            with paused():
                alone = _pool(1, state)
                future = alone.submit(_work, job, received)
            try:
                answer = future.result(timeout=JOB_TIMEOUT)
            except BrokenProcessPool:
                answer = _lost(job, "异常退出（进程崩溃）")
            except TimeoutError:
                _terminate(alone)
                answer = _lost(job, f"超过 {JOB_TIMEOUT:.0f} 秒仍未完成（已停止）")
            except WorkFailed:
                raise
            except Exception as exc:  # noqa: BLE001
                answer = _lost(job, f"出错（{type(exc).__name__}）")
            finally:
                alone.shutdown(wait=True, cancel_futures=True)
            on_done(answer)
            advance()
        if more:
            with paused():
                pool = _pool(workers, state)


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's worker processes now (one of them is stuck in a reader that never returns)."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _pool(workers: int, state: _WorkerState) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that know ``state``, started (forked) before it is returned.

    What the parent holds is frozen for the garbage collector while they fork (:func:`gc.freeze`), so
    the workers never walk those objects, nor copy the memory pages that hold them."""
    pool = ProcessPoolExecutor(workers, mp_context=process_context(), initializer=_worker_init, initargs=(state,))
    gc.freeze()
    try:
        pool.submit(int).result()  # with fork, the first task starts every worker
    finally:
        gc.unfreeze()
    return pool


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


class _Recorder:
    """Writes the answers to the store in the parent, in inbox order, a batch per transaction, while
    the workers go on judging (so the store is nearly complete when the last file is judged).

    Inbox order matters: of two copies the earlier is the original, and later returns supersede
    earlier ones. Each transaction reads again which files are recorded (another collect may have
    recorded some meanwhile) and settles the latest return of every unit it touched, so the store is
    consistent after every commit, even if the run is killed. The store is closed while processes
    are forked (:meth:`paused`)."""

    def __init__(self, workspace: Workspace, period: Period, items: list[InboxFile], received: str, secret_fp: str):
        self.workspace, self.period, self.items = workspace, period, items
        self.received, self.secret_fp = received, secret_fp
        self.answers: dict[int, _Done] = {}
        self.next = 0  # the first inbox entry not yet written
        self.ready = 0  # the first inbox entry not yet answered
        self.new: list[Submission] = []
        self.unstored: list[Submission] = []
        self.again: dict[int, Submission] = {}  # job key → recorded refusal judged again
        self.store: Store | None = None

    @contextmanager
    def paused(self):
        was_open = self.store is not None
        if was_open:
            self.store.close()
            self.store = None
        try:
            yield
        finally:
            if was_open:
                self._open()

    def _open(self) -> None:
        self.store = Store.for_workspace(self.workspace, create=True, current_period=self.period.code)

    def __call__(self, answer: _Done) -> None:
        self.answers[answer.key] = answer
        while self.ready < len(self.items) and self.ready in self.answers:
            self.ready += 1
        if self.ready - self.next >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write every answer that has all earlier inbox entries answered too."""
        batch = []
        while self.next < len(self.items) and self.next in self.answers:
            batch.append(self.answers.pop(self.next))
            self.next += 1
        if not batch:
            return
        if self.store is None:
            self._open()
        store, period = self.store, self.period.code
        with store.transaction() as db:
            known = store.known(period)  # again inside the lock: another collect may have recorded some
            touched = set()
            for answer in batch:
                item = answer.item
                if item.sha256 is None:
                    self.unstored.append(_unstored(period, item, self.received))
                    continue
                if answer.seen or (item.label, item.sha256) in known:
                    continue
                earlier = store.first_with_hash(item.sha256)  # earlier in the store, this run or another's
                unit_return = None
                if earlier is not None:
                    submission = _duplicate(period, item, self.received, earlier)
                else:
                    submission = _submission(period, item, self.received, answer.verdict, self.secret_fp)
                    unit_return = answer.verdict.unit_return
                store.add(db, submission, unit_return)
                known.add((item.label, item.sha256))
                if submission.outcome == ACCEPTED:
                    touched.add((submission.plan_id, submission.unit))
                self.new.append(submission)
            for plan_id, unit in sorted(touched):
                store.settle_latest(db, plan_id, unit, period)

    def finish(self) -> Store:
        """Write what is left, then the refusals judged again; returns the open store."""
        self.flush()
        if self.store is None:
            self._open()
        store = self.store
        again = [(old, self.answers.pop(key)) for key, old in sorted(self.again.items()) if key in self.answers]
        again = [(old, answer.verdict) for old, answer in again if answer.verdict is not None]
        if again:
            with store.transaction() as db:
                for old, verdict in again:
                    if refusal_reason(verdict) == REASON_SIGNATURE:  # still not the right secret: only note which one was tried
                        db.execute("UPDATE submissions SET secret_fp=? WHERE id=?", (self.secret_fp, old.id))
                        continue
                    current = Submission(old.period, old.file_name, old.sha256, old.size, old.received, old.modified,
                                         verdict.outcome, verdict.plan_id, verdict.unit, verdict.form_period,
                                         verdict.messages, verdict.warnings, secret_fp=self.secret_fp,
                                         reason=refusal_reason(verdict))
                    store.rejudge(db, old, current, verdict.unit_return, self.received)
                    if current.outcome == ACCEPTED:
                        store.settle_latest(db, current.plan_id, current.unit, self.period.code)
                    self.new.append(current)
        return store


def collect(workspace: Workspace, period_code: str, inbox: Path | None = None, now: datetime | None = None) -> CollectionResult:
    """Collect the period's inbox. ``now`` stamps 收到时间 (the demo fixes it so reruns are identical).

    Raises :class:`UserError` for a missing inbox or no plans, :class:`WorkFailed` (exit 3) for a
    missing secret, a lost store, a full disk or a store another program keeps locked.
    """
    period = Period.parse(period_code)
    inbox = Path(inbox) if inbox else workspace.inbox_dir(period.code)
    if not inbox.is_dir():
        raise UserError(f"收件箱“{inbox}”不存在。请把各单位交回的填报表放入该文件夹（可含子文件夹）后重试。")
    loaded = _plans_with_digests(workspace)
    plans = {pid: plan for pid, (plan, _) in loaded.items()}
    secret = workspace_secret(workspace, create=False)
    secret_fp = secret_fingerprint(secret)
    received_at = (now or datetime.now()).replace(microsecond=0)
    received = received_at.isoformat()
    listed = list_inbox(inbox)  # every entry, oldest first; each file's bytes are read once, by a worker

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
    ctx = JudgeContext(period, plans, secret, {pid: digest for pid, (_, digest) in loaded.items()}, previous)
    contents = all_form_contents(ctx)

    recorder = _Recorder(workspace, period, listed, received, secret_fp)
    jobs = [_Job(key, item=item) for key, item in enumerate(listed)]
    for old in refusals:  # judged again: the right secret may be back
        recorder.again[len(jobs)] = old
        jobs.append(_Job(len(jobs), again=old))
    state = _WorkerState(ctx, workspace, inbox, known, set(originals))
    try:
        judge_all(state, jobs, received_at, recorder, recorder.paused)
        with recorder.finish() as store:
            submissions = store.submissions(period.code) + recorder.unstored
            returns = {pid: store.period_returns(pid, period.code) for pid in plans}
    finally:
        if recorder.store is not None:
            recorder.store.close()
    new = recorder.new
    states = {pid: reporting_status(plan, period, returns[pid], submissions, contents) for pid, plan in plans.items()}
    missing = {pid: [u for u, state in units.items() if state.word != "已报送"] for pid, units in states.items()}
    report_dir = workspace.report_dir(period.code)
    result = CollectionResult(period, inbox, submissions, new, missing=missing)
    from ..shared.summary_workbook import write_summary_workbook

    summary_args = (report_dir / "汇总表.xlsx", list(plans.values()), returns, None)
    with _beside(len(submissions) >= SUMMARY_BESIDE_MIN, write_summary_workbook, *summary_args, period=period.code) as summary:
        result.log_path = write_collection_log(report_dir / "报送情况.xlsx", period, plans, states, submissions)
    result.summary_path = summary.result()
    return result


@contextmanager
def _beside(parallel: bool, function, *args, **kwargs):
    """Run ``function`` in another process while the body runs (both workbooks are written at once on
    two cores); inline when not ``parallel``. Yields a future; its exception is raised by ``result()``."""
    if not parallel or worker_count(2) < 2:
        yield _Ready(function(*args, **kwargs))
        return
    with ProcessPoolExecutor(1, mp_context=process_context()) as pool:
        yield pool.submit(function, *args, **kwargs)


@dataclass
class _Ready:
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
