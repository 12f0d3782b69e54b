"""Report stage: the Word progress report per plan, 督办通知, and 汇总表.xlsx.

Public entries:

* :func:`write_reports` — assess every plan and write
  ``reports/<period>/<plan title><period>进展情况报告.docx`` (period code, as in DESIGN), ``汇总表.xlsx`` and, with
  ``notices=True``, ``reports/<period>/督办通知/<plan id>_<unit>_督办通知.docx``.
* :func:`cli_report` — ``make_reports.py report --period P [--plan ID …] [--notices]``: reads
  plans from the workspace and returns from the store.

Wording comes from ``templates/report/*.j2``, fonts and page look from
``templates/report_style.docx``, thresholds from ``templates/settings.yaml`` (workspace copy
first, then the toolkit's own).
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date, datetime
from pathlib import Path

from ..assess import AssessmentSettings, PlanAssessment, Returned, assess_plan, load_settings
from ..console import console, progress, track
from ..errors import UsageError, UserError
from ..parallel import JOBS_ENV, process_context, worker_count
from ..fileio import write_bytes_atomic
from ..period import Period
from ..plan.model import Plan
from ..returns import PeriodReturns
from ..workspace import Workspace
from . import text as tx, wording  # .build (python-docx, charts) is imported where documents are made
from ..shared.summary_workbook import write_summary_workbook

SUMMARY_NAME = "汇总表.xlsx"


def report_path(workspace: Workspace, period: Period, plan: Plan) -> Path:
    return workspace.report_dir(period.code) / tx.safe_filename(f"{plan.title}{period.code}进展情况报告.docx")


def write_reports(
    workspace: Workspace,
    period: Period | str,
    plans: list[Plan],
    returns_by_plan: dict[str, PeriodReturns],
    history_by_plan: dict[str, list[PeriodReturns]] | None = None,
    settings: AssessmentSettings | None = None,
    notices: bool = False,
    only: list[str] | None = None,
    returned_by_plan: dict[str, dict[str, Returned]] | None = None,
    as_of: date | None = None,
) -> list[Path]:
    """Assess every plan, write the reports of ``only`` (default: all) and the summary workbook of all.

    汇总表.xlsx always covers every plan given, so a report run for one plan never
    leaves a workbook that disagrees with the collection's. ``returned_by_plan``: per plan, the
    units whose return was sent back and not replaced (退回待重报); ``as_of``: the day the
    collection stands at (see :func:`collection_state`).
    """
    period = Period.parse(period) if isinstance(period, str) else period
    if settings is None:
        settings = load_settings(workspace.template("settings.yaml"))
    history_by_plan = history_by_plan or {}
    assessments: dict[str, PlanAssessment] = {}
    with _Documents(workspace, notices, sum(1 for p in plans if only is None or p.id in only)) as documents:
        for plan in plans:
            returns = returns_by_plan.get(plan.id) or PeriodReturns(plan.id, period.code, {})
            assessments[plan.id] = assess_plan(plan, period, returns, settings, history_by_plan.get(plan.id, []),
                                               (returned_by_plan or {}).get(plan.id), as_of)
            if only is None or plan.id in only:
                documents.submit(assessments[plan.id])  # workers start on it while the next plan is assessed
        summary = workspace.report_dir(period.code) / SUMMARY_NAME
        write_summary_workbook(summary, plans, returns_by_plan, assessments, period.code)
        written = [path for paths in documents.results() for path in paths]
    return written + [summary]


def collection_state(submissions, plans: list[Plan], period: Period, returns_by_plan: dict[str, PeriodReturns]):
    """From the collection's records of ``period``: per plan, units whose latest return was sent back and
    that have no accepted return (退回待重报, with when and why), and the day the collection stands at
    (the latest file received, whatever its outcome); None when nothing was received."""
    from ..store import REJECTED

    returned: dict[str, dict[str, Returned]] = {}
    latest = None
    for s in submissions:
        when = datetime.fromisoformat(s.received)
        latest = when.date() if latest is None or when.date() > latest else latest
        if s.outcome != REJECTED or not s.plan_id or not s.unit:
            continue
        if s.unit in (returns_by_plan.get(s.plan_id) or PeriodReturns(s.plan_id, period.code)).returns:
            continue
        known = returned.setdefault(s.plan_id, {}).get(s.unit)
        if known is None or when >= known.received:
            returned[s.plan_id][s.unit] = Returned(when, list(s.messages))
    return returned, latest


def _plan_documents(workspace: Workspace, env, style_path: Path, a: PlanAssessment, notices: bool) -> list[Path]:
    """One plan's report (and its 督办通知 with ``notices``), written; the paths in order."""
    from . import build

    period = a.period
    target = report_path(workspace, period, a.plan)
    write_bytes_atomic(target, build.build_report(a, env, style_path))
    written = [target]
    if notices:  # 督办通知 then 催报通知
        for name, data in build.notices(a, env, style_path):
            p = workspace.report_dir(period.code) / "督办通知" / name
            write_bytes_atomic(p, data)
            written.append(p)
    return written


# --------------------------------------------------------------------------- plans in parallel
#
# Each plan's documents depend only on its own assessment, so plans are spread over the
# machine's cores: a pool of worker processes, each loading matplotlib, the templates and the
# chart font once and then writing whole plans. The parent assesses every plan (cheap) and
# writes 汇总表 once from those same assessments. Output bytes do not depend on the number of
# workers. MAKE_REPORTS_JOBS=1 writes everything in this process.

WORKERS_ENV = JOBS_ENV  # the one setting for every stage's pool (generator/parallel.py)
_worker_state: dict = {}


def _load_once(workspace: Workspace) -> tuple:
    """What every plan's documents need, loaded once per process: templates, style path, chart library."""
    from . import build, charts  # loaded here, before any worker forks, so workers inherit them

    charts.warm_up()
    return wording.environment(workspace.root / "templates"), workspace.template(build.STYLE_FILE)


def _init_worker(workspace: Workspace) -> None:
    _worker_state["workspace"] = workspace
    _worker_state["env"], _worker_state["style"] = _load_once(workspace)


def _worker_job(a: PlanAssessment, notices: bool) -> list[Path]:
    return _plan_documents(_worker_state["workspace"], _worker_state["env"], _worker_state["style"], a, notices)


class _Documents:
    """Writes assessed plans' documents: in worker processes when there are several plans, else here.

    ``submit`` each assessment as soon as it is made; ``results`` gives every plan's paths in
    submission order (with a progress bar). With workers, the parent meanwhile assesses the
    next plans and writes 汇总表, so the two cores are never idle waiting for it.
    """

    def __init__(self, workspace: Workspace, notices: bool, jobs: int):
        self.workspace, self.notices = workspace, notices
        self.workers = worker_count(jobs)
        self.pool: ProcessPoolExecutor | None = None
        self.pending: list = []  # futures (workers) or assessments (here)

    def __enter__(self) -> "_Documents":
        self.env, self.style_path = _load_once(self.workspace)  # forked workers inherit what is loaded here
        if self.workers > 1:
            from . import build

            build.open_style_document(self.style_path)  # a missing or broken style file: one message, before any worker
            self.pool = ProcessPoolExecutor(self.workers, mp_context=process_context(), initializer=_init_worker,
                                            initargs=(self.workspace,))
        return self

    def submit(self, a: PlanAssessment) -> None:
        # with fork, the first submit starts every worker: before any progress bar runs a thread
        self.pending.append(a if self.pool is None else self.pool.submit(_worker_job, a, self.notices))

    def results(self) -> list[list[Path]]:
        description = "生成进展情况报告"
        if self.pool is None:
            return [_plan_documents(self.workspace, self.env, self.style_path, a, self.notices)
                    for a in track(self.pending, description, len(self.pending))]
        order = {future: i for i, future in enumerate(self.pending)}
        done: dict[int, list[Path]] = {}
        with progress(description, len(order)) as advance:
            for future in as_completed(order):
                done[order[future]] = future.result()
                advance()
        return [done[i] for i in range(len(order))]

    def __exit__(self, kind, error, trace) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=kind is not None)


def _select_plans(workspace: Workspace, plan_ids: list[str]) -> list[Plan]:
    from ..plan.cache import load_plans_with_digests

    files = workspace.plan_files()
    if not files:
        raise UserError(f"工作区“{workspace.root}”的 plans/ 文件夹中没有计划文件。请先运行 plan import。")
    plans = [plan for plan, _ in load_plans_with_digests(files, workspace.plan_cache_path)]  # parsed once, kept between runs
    if not plan_ids:
        return plans
    by_id = {p.id: p for p in plans}
    unknown = [i for i in plan_ids if i not in by_id]
    if unknown:
        raise UsageError(f"找不到计划“{'、'.join(unknown)}”。现有计划：{'、'.join(by_id)}。")
    return [by_id[i] for i in dict.fromkeys(plan_ids)]


def cli_report(workspace: Workspace, period_code: str, plan_ids: list[str], notices: bool = False) -> int:
    """``report --period P [--plan ID …] [--notices]``; exit 1 when units have not reported."""
    period = Period.parse(period_code)
    plans = _select_plans(workspace, [])
    selected = [p.id for p in _select_plans(workspace, plan_ids)]
    settings = load_settings(workspace.template("settings.yaml"))
    from ..collect.status import MISSING, RETURNED, reporting_status
    from ..store import Store

    store_path = workspace.store_path
    store = Store.for_workspace(workspace, create=False)  # a lost store with history: exit 3, 请从备份恢复
    if store is None:
        raise UserError(f"还没有收集到任何回表（找不到“{store_path}”）。请先运行 collect --period {period.code}。")
    with store:
        returns = {p.id: store.period_returns(p.id, period.code) for p in plans}
        history = {p.id: store.history(p.id, period.code) for p in plans}
        submissions = store.submissions(period.code)
    returned, as_of = collection_state(submissions, plans, period, returns)
    paths = write_reports(workspace, period, plans, returns, history, settings, notices=notices, only=selected,
                          returned_by_plan=returned, as_of=as_of)
    missing = sum(
        1
        for plan in plans
        if plan.id in selected
        for state in reporting_status(plan, period, returns[plan.id], submissions).values()
        if state.word in (MISSING, RETURNED)
    )
    notice_dir = workspace.report_dir(period.code) / "督办通知"
    notice_paths = [p for p in paths if p.parent == notice_dir]
    for path in paths:
        if path not in notice_paths:
            console.print(f"已生成：{path}")
    if notice_paths:
        chase = sum(1 for p in notice_paths if p.name.endswith("督办通知.docx"))
        console.print(f"已生成督办通知 {chase} 份、催报通知 {len(notice_paths) - chase} 份：{notice_dir}")
    if missing:
        console.print(f"[yellow]注意：[/]{missing}个单位本期未报送或被退回待重报，报告中已列明。")
        return 1
    return 0


__all__ = ["WORKERS_ENV", "cli_report", "collection_state", "report_path", "worker_count", "write_reports",
           "write_summary_workbook"]
