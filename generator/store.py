"""The store: every submission of every period, in one SQLite file (``workbooks/store.sqlite``).

Each file the collector finds is one row of ``submissions`` with its outcome;
accepted ones also have their task and target rows. The latest accepted return
of a unit for a plan and period counts; earlier ones are marked superseded and
stay as history. Writes happen in short ``BEGIN IMMEDIATE`` transactions, so two
collectors running at once queue up instead of corrupting anything.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

from .errors import WorkFailed
from .fileio import disk_full, disk_full_error, place_new
from .period import Period
from .returns import Contact, PeriodReturns, TargetReport, TaskReport, UnitReturn

ACCEPTED, REJECTED, DUPLICATE, SUPERSEDED, NOT_A_FORM = "accepted", "rejected", "duplicate", "superseded", "not_a_form"
# The words users see for the outcomes (DESIGN: fixed).
OUTCOME_WORDS = {ACCEPTED: "已接收", REJECTED: "退回", DUPLICATE: "重复", SUPERSEDED: "已替代", NOT_A_FORM: "非填报表"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL,           -- the collection it was found in
    file_name TEXT NOT NULL,        -- path inside the inbox
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    received TEXT NOT NULL,         -- when the collector first saw it (ISO)
    modified TEXT NOT NULL,         -- the file's own modification time (ISO)
    outcome TEXT NOT NULL,
    plan_id TEXT,
    unit TEXT,
    form_period TEXT,
    messages TEXT NOT NULL DEFAULT '[]',   -- JSON: reasons for 退回 / 非填报表
    warnings TEXT NOT NULL DEFAULT '[]',   -- JSON: warnings on an accepted return
    superseded_by INTEGER REFERENCES submissions(id),
    duplicate_of INTEGER REFERENCES submissions(id),
    secret_fp TEXT,                 -- which signing secret it was judged with (a fingerprint, not the secret)
    reason TEXT,                    -- machine word for why it was refused: 'signature' is judged again
    UNIQUE (period, file_name, sha256)
);
CREATE INDEX IF NOT EXISTS submissions_unit ON submissions (plan_id, unit, form_period, outcome);
CREATE INDEX IF NOT EXISTS submissions_hash ON submissions (sha256);
CREATE TABLE IF NOT EXISTS task_rows (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    position INTEGER NOT NULL,
    task_id TEXT NOT NULL, unit TEXT NOT NULL, role TEXT NOT NULL,
    status TEXT, progress REAL, progress_text TEXT NOT NULL, problems TEXT NOT NULL, next_steps TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS target_rows (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    position INTEGER NOT NULL,
    target_id TEXT NOT NULL, unit TEXT NOT NULL,
    actual REAL, judgement TEXT, baseline REAL, source TEXT NOT NULL, note TEXT NOT NULL,
    baseline_year INTEGER
);
CREATE TABLE IF NOT EXISTS contacts (
    submission_id INTEGER PRIMARY KEY REFERENCES submissions(id),
    person TEXT NOT NULL, phone TEXT NOT NULL, leader TEXT NOT NULL, date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS judgements (  -- earlier verdicts of a submission judged again (history is kept)
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    judged TEXT NOT NULL,
    outcome TEXT NOT NULL, plan_id TEXT, unit TEXT, form_period TEXT,
    messages TEXT NOT NULL, warnings TEXT NOT NULL, secret_fp TEXT, reason TEXT
);
CREATE INDEX IF NOT EXISTS task_rows_submission ON task_rows (submission_id);
CREATE INDEX IF NOT EXISTS target_rows_submission ON target_rows (submission_id);
"""


def _migrate(db: sqlite3.Connection) -> None:
    """Bring a store written by an earlier version up to the current schema (columns only ever added)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(target_rows)")}
    if "baseline_year" not in columns:
        db.execute("ALTER TABLE target_rows ADD COLUMN baseline_year INTEGER")
    columns = {row[1] for row in db.execute("PRAGMA table_info(submissions)")}
    for name in ("secret_fp", "reason"):
        if name not in columns:
            db.execute(f"ALTER TABLE submissions ADD COLUMN {name} TEXT")


# Why a file was refused, in a word the collector can act on later (Submission.reason).
REASON_SIGNATURE = "signature"  # judged again once the right secret is back
SIGNATURE_MISMATCH = "表格标识与签名不符"  # the words of that refusal (also finds rows written before ``reason`` existed)


@dataclass
class Submission:
    """One file's outcome, as recorded."""

    period: str
    file_name: str
    sha256: str
    size: int
    received: str
    modified: str
    outcome: str
    plan_id: str | None = None
    unit: str | None = None
    form_period: str | None = None
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    id: int | None = None
    superseded_by: int | None = None
    duplicate_of: int | None = None
    secret_fp: str | None = None
    reason: str | None = None
    recorded: bool = True  # False: a transient outcome of this run (a FIFO, an unreadable file), not stored

    @property
    def outcome_word(self) -> str:
        return OUTCOME_WORDS[self.outcome]


BUSY_SECONDS = 120.0  # how long to wait for another collect's write lock before giving up


def _sqlite_code(exc: BaseException) -> int:
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF


def is_busy(exc: BaseException) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED: another process holds the store; wait, never call it damaged."""
    text = str(exc).lower()
    return _sqlite_code(exc) in (5, 6) or "database is locked" in text or "database table is locked" in text or "busy" in text


def _is_full(exc: BaseException) -> bool:
    return _sqlite_code(exc) == 13 or "disk is full" in str(exc).lower() or disk_full(exc)


class StoreBusy(WorkFailed):
    """Another program kept the store locked for longer than :data:`BUSY_SECONDS`."""


def store_error(path: Path, exc: BaseException) -> WorkFailed:
    """The user's message for an SQLite failure: busy, full disk, or (only then) damaged."""
    if is_busy(exc):
        return StoreBusy(f"数据库“{path}”正被另一个程序使用（可能另一个 collect 或 report 正在运行），"
                         f"等待 {BUSY_SECONDS:.0f} 秒后仍未释放。数据库本身没有问题；请等那个程序结束后重新运行。")
    if _is_full(exc):
        return disk_full_error(path)
    if isinstance(exc, sqlite3.OperationalError) and ("unable to open" in str(exc) or "readonly" in str(exc)):
        return WorkFailed(f"无法打开或写入数据库“{path}”（{exc}）。请检查 workbooks 文件夹的权限后重新运行。")
    return WorkFailed(f"数据库“{path}”已损坏，无法读取（{exc}）。请从备份恢复 workbooks/store.sqlite 后重新运行；"
                      "恢复之前不要删除或改名归档文件夹 workbooks/archive。")


def _history_refusal(path: Path, evidence: list[str], empty: bool) -> WorkFailed:
    what = "是空文件（0 字节）" if empty else "不存在"
    hint = ""
    if all("已收到过回表" in e for e in evidence):  # only returns lying in an earlier inbox: maybe never collected
        hint = "如果以前确实从未运行过 collect，把那一期的 inbox 文件夹暂时移出 workbooks 后再运行即可。"
    return WorkFailed(
        f"数据库“{path}”{what}，但本工作区{'；'.join(evidence[:2])}：以前各期的收集结果都在数据库里，"
        f"不能当作新数据库从头开始。请从备份恢复 workbooks/store.sqlite 后重新运行。{hint}"
    )


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return None


def _create(path: Path) -> None:
    """Make a new store whole in a temporary file and link it into place, so that no other process ever
    sees a half-made (0-byte) store, which would look like a lost one. If another run made it first, that one counts."""
    from .fileio import TMP_PREFIX

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{TMP_PREFIX}{os.getpid()}-{path.name}")
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            leftover.unlink(missing_ok=True)
        db = sqlite3.connect(tmp, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")  # kept in the file's header
            Store._ensure_schema(db)
        finally:
            db.close()
        try:
            place_new(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except sqlite3.DatabaseError as exc:
        raise store_error(path, exc) from exc
    except OSError as exc:
        raise disk_full_error(path) if disk_full(exc) else WorkFailed(
            f"无法建立数据库“{path}”：{exc.strerror or exc}。请检查 workbooks 文件夹的权限后重新运行。") from exc


class Store:
    """The SQLite store. Opening waits for other writers (busy timeout around every step, the WAL
    switch included) and never calls a busy store damaged; a 0-byte file is refused (it is a lost
    store, not a new one; :meth:`for_workspace` decides when a new one may start)."""

    def __init__(self, path: Path, *, new_ok: bool = False):
        self.path = Path(path)
        try:
            empty = self.path.stat().st_size == 0
        except OSError:
            empty = False
        if empty and not new_ok:
            raise WorkFailed(f"数据库“{self.path}”是空文件（0 字节），以前的收集结果已不在其中。"
                             "请从备份恢复 workbooks/store.sqlite 后重新运行；如果确实从未收集过回表，删除这个空文件即可。")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise disk_full_error(self.path) if disk_full(exc) else WorkFailed(
                f"无法建立文件夹“{self.path.parent}”：{exc.strerror or exc}。请检查权限后重新运行。") from exc
        self.db = self._open()

    @classmethod
    def for_workspace(cls, workspace, *, create: bool, current_period: str | None = None) -> "Store | None":
        """The workspace's store. A missing or empty one is started only when ``create`` and the workspace
        has no collection history (:meth:`Workspace.collection_evidence`); with history it is refused
        with 请从备份恢复 (:class:`WorkFailed`). Without ``create``, a missing store and no history give None."""
        path = workspace.store_path
        size = _size(path)
        if size in (None, 0):
            evidence = workspace.collection_evidence(current_period)
            if evidence and not _size(path):  # (looked at again: another collect may have just made it)
                raise _history_refusal(path, evidence, empty=size == 0)
            if not create and size is None:
                return None
            if size is None and not evidence:
                _create(path)
        return cls(path, new_ok=True)

    def _open(self) -> sqlite3.Connection:
        """Connect, switch to WAL and make the schema, retrying while another process holds a lock."""
        deadline = time.monotonic() + BUSY_SECONDS
        pause = 0.02
        while True:
            db = None
            try:
                db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
                db.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")  # before anything that locks
                if str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                    db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA foreign_keys=ON")
                self._ensure_schema(db)
                return db
            except sqlite3.DatabaseError as exc:
                if db is not None:
                    db.close()
                if is_busy(exc) and time.monotonic() < deadline:
                    time.sleep(pause)
                    pause = min(pause * 2, 0.5)
                    continue
                raise store_error(self.path, exc) from exc

    @staticmethod
    def _ensure_schema(db: sqlite3.Connection) -> None:
        """Create missing tables and add missing columns in one write transaction (once per store)."""
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if {"submissions", "task_rows", "target_rows", "contacts", "judgements"} <= tables and \
                {"secret_fp", "reason"} <= {r[1] for r in db.execute("PRAGMA table_info(submissions)")} and \
                "baseline_year" in {r[1] for r in db.execute("PRAGMA table_info(target_rows)")}:
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            _migrate(db)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; other writers wait (busy timeout) instead of interleaving.

        SQLite failures become :class:`WorkFailed` with the right words (busy, disk full, damaged)."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from exc
        try:
            yield self.db
        except BaseException as exc:
            with suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise store_error(self.path, exc) from exc
            raise
        else:
            try:
                self.db.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                with suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
                raise store_error(self.path, exc) from exc

    # ------------------------------------------------------------------ reading submissions

    @staticmethod
    def _submission(row: sqlite3.Row | tuple) -> Submission:
        (sid, period, file_name, sha, size, received, modified, outcome, plan_id, unit, form_period,
         messages, warnings, superseded_by, duplicate_of, secret_fp, reason) = row
        return Submission(period, file_name, sha, size, received, modified, outcome, plan_id, unit, form_period,
                          json.loads(messages), json.loads(warnings), sid, superseded_by, duplicate_of, secret_fp, reason)

    _COLUMNS = ("id, period, file_name, sha256, size, received, modified, outcome, plan_id, unit, form_period, "
                "messages, warnings, superseded_by, duplicate_of, secret_fp, reason")

    def find(self, period: str, file_name: str, sha256: str) -> Submission | None:
        row = self.db.execute(
            f"SELECT {self._COLUMNS} FROM submissions WHERE period=? AND file_name=? AND sha256=?",
            (period, file_name, sha256),
        ).fetchone()
        return self._submission(row) if row else None

    def first_with_hash(self, sha256: str) -> Submission | None:
        row = self.db.execute(
            f"SELECT {self._COLUMNS} FROM submissions WHERE sha256=? AND duplicate_of IS NULL ORDER BY id LIMIT 1",
            (sha256,),
        ).fetchone()
        return self._submission(row) if row else None

    def submissions(self, period: str) -> list[Submission]:
        rows = self.db.execute(
            f"SELECT {self._COLUMNS} FROM submissions WHERE period=? ORDER BY file_name, id", (period,)
        ).fetchall()
        return [self._submission(r) for r in rows]

    def known(self, period: str) -> set[tuple[str, str]]:
        """(file name, sha256) of every file already recorded for ``period``: one query for a whole inbox."""
        return set(self.db.execute("SELECT file_name, sha256 FROM submissions WHERE period=?", (period,)).fetchall())

    def originals(self) -> dict[str, Submission]:
        """The first recorded submission of every content hash (what a later copy is a duplicate of)."""
        rows = self.db.execute(
            f"SELECT {self._COLUMNS} FROM submissions WHERE duplicate_of IS NULL ORDER BY id DESC").fetchall()
        return {row[3]: self._submission(row) for row in rows}

    def signature_refusals(self, period: str, secret_fp: str) -> list[Submission]:
        """Returns of ``period`` refused for a signature mismatch under another secret than ``secret_fp``:
        they are judged again (the right secret may be back from a backup)."""
        rows = self.db.execute(
            f"SELECT {self._COLUMNS} FROM submissions WHERE period=? AND outcome=? AND duplicate_of IS NULL AND "
            "((reason=? AND (secret_fp IS NULL OR secret_fp<>?)) OR (reason IS NULL AND messages LIKE ?)) ORDER BY id",
            (period, REJECTED, REASON_SIGNATURE, secret_fp, f"%{SIGNATURE_MISMATCH}%"),
        ).fetchall()
        return [self._submission(r) for r in rows]

    def accepted(self, plan_id: str, unit: str, form_period: str) -> list[Submission]:
        """Accepted (current or superseded) returns of a unit, oldest first."""
        rows = self.db.execute(
            f"SELECT {self._COLUMNS} FROM submissions WHERE plan_id=? AND unit=? AND form_period=? "
            "AND outcome IN (?, ?) ORDER BY modified, received, id",
            (plan_id, unit, form_period, ACCEPTED, SUPERSEDED),
        ).fetchall()
        return [self._submission(r) for r in rows]

    # ------------------------------------------------------------------ writing

    def add(self, db: sqlite3.Connection, submission: Submission, unit_return: UnitReturn | None = None) -> int:
        cursor = db.execute(
            "INSERT INTO submissions (period, file_name, sha256, size, received, modified, outcome, plan_id, unit, "
            "form_period, messages, warnings, duplicate_of, secret_fp, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (submission.period, submission.file_name, submission.sha256, submission.size, submission.received,
             submission.modified, submission.outcome, submission.plan_id, submission.unit, submission.form_period,
             json.dumps(submission.messages, ensure_ascii=False), json.dumps(submission.warnings, ensure_ascii=False),
             submission.duplicate_of, submission.secret_fp, submission.reason),
        )
        sid = cursor.lastrowid
        submission.id = sid
        self._add_rows(db, sid, unit_return)
        return sid

    def rejudge(self, db: sqlite3.Connection, old: Submission, new: Submission, unit_return: UnitReturn | None,
                judged: str) -> None:
        """Record a new verdict on an already recorded submission; the old verdict moves to ``judgements``."""
        db.execute(
            "INSERT INTO judgements VALUES (?,?,?,?,?,?,?,?,?,?)",
            (old.id, judged, old.outcome, old.plan_id, old.unit, old.form_period,
             json.dumps(old.messages, ensure_ascii=False), json.dumps(old.warnings, ensure_ascii=False),
             old.secret_fp, old.reason),
        )
        db.execute(
            "UPDATE submissions SET outcome=?, plan_id=?, unit=?, form_period=?, messages=?, warnings=?, secret_fp=?, "
            "reason=?, superseded_by=NULL WHERE id=?",
            (new.outcome, new.plan_id, new.unit, new.form_period, json.dumps(new.messages, ensure_ascii=False),
             json.dumps(new.warnings, ensure_ascii=False), new.secret_fp, new.reason, old.id),
        )
        for table in ("task_rows", "target_rows", "contacts"):
            db.execute(f"DELETE FROM {table} WHERE submission_id=?", (old.id,))
        new.id = old.id
        self._add_rows(db, old.id, unit_return)

    def earlier_judgements(self, submission_id: int) -> list[dict]:
        """Earlier verdicts of a submission that was judged again, oldest first."""
        rows = self.db.execute(
            "SELECT judged, outcome, messages, secret_fp FROM judgements WHERE submission_id=? ORDER BY rowid",
            (submission_id,)).fetchall()
        return [{"judged": j, "outcome": o, "messages": json.loads(m), "secret_fp": fp} for j, o, m, fp in rows]

    @staticmethod
    def _add_rows(db: sqlite3.Connection, sid: int, unit_return: UnitReturn | None) -> None:
        if unit_return is not None:
            db.executemany(
                "INSERT INTO task_rows VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(sid, i, r.task_id, r.unit, r.role, r.status, r.progress, r.progress_text, r.problems, r.next_steps)
                 for i, r in enumerate(unit_return.tasks)],
            )
            db.executemany(
                "INSERT INTO target_rows (submission_id, position, target_id, unit, actual, judgement, baseline, "
                "source, note, baseline_year) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(sid, i, r.target_id, r.unit, r.actual, r.judgement, r.baseline, r.source, r.note, r.baseline_year)
                 for i, r in enumerate(unit_return.targets)],
            )
            if unit_return.contact is not None:
                c = unit_return.contact
                db.execute("INSERT INTO contacts VALUES (?,?,?,?,?)", (sid, c.person, c.phone, c.leader, c.date))

    def settle_latest(self, db: sqlite3.Connection, plan_id: str, unit: str, form_period: str) -> None:
        """Of a unit's accepted returns for a period, the latest counts; the others become 已替代."""
        rows = db.execute(
            "SELECT id FROM submissions WHERE plan_id=? AND unit=? AND form_period=? AND outcome IN (?, ?) "
            "ORDER BY modified, received, id",
            (plan_id, unit, form_period, ACCEPTED, SUPERSEDED),
        ).fetchall()
        if not rows:
            return
        latest = rows[-1][0]
        db.execute("UPDATE submissions SET outcome=?, superseded_by=NULL WHERE id=?", (ACCEPTED, latest))
        # The others, in one statement, touching only rows not already superseded by the latest.
        db.execute(
            "UPDATE submissions SET outcome=?, superseded_by=? WHERE plan_id=? AND unit=? AND form_period=? "
            "AND outcome IN (?, ?) AND id<>? AND NOT (outcome=? AND superseded_by IS ?)",
            (SUPERSEDED, latest, plan_id, unit, form_period, ACCEPTED, SUPERSEDED, latest, SUPERSEDED, latest),
        )

    # ------------------------------------------------------------------ returns for assessment

    def _unit_return(self, submission: Submission) -> UnitReturn:
        tasks = [
            TaskReport(task_id, unit, role, status, progress, text or "", problems or "", steps or "")
            for task_id, unit, role, status, progress, text, problems, steps in self.db.execute(
                "SELECT task_id, unit, role, status, progress, progress_text, problems, next_steps FROM task_rows "
                "WHERE submission_id=? ORDER BY position", (submission.id,))
        ]
        targets = [
            TargetReport(target_id, unit, actual, judgement, baseline, source or "", note or "", baseline_year)
            for target_id, unit, actual, judgement, baseline, source, note, baseline_year in self.db.execute(
                "SELECT target_id, unit, actual, judgement, baseline, source, note, baseline_year FROM target_rows "
                "WHERE submission_id=? ORDER BY position", (submission.id,))
        ]
        contact_row = self.db.execute(
            "SELECT person, phone, leader, date FROM contacts WHERE submission_id=?", (submission.id,)
        ).fetchone()
        return UnitReturn(
            plan_id=submission.plan_id or "",
            unit=submission.unit or "",
            period=submission.form_period or submission.period,
            file_name=submission.file_name,
            sha256=submission.sha256,
            received=datetime.fromisoformat(submission.received),
            tasks=tasks,
            targets=targets,
            contact=Contact(submission.unit or "", *contact_row) if contact_row else None,
            warnings=submission.warnings,
        )

    def period_returns(self, plan_id: str, period: str) -> PeriodReturns:
        """The accepted (latest) return of every unit of ``plan_id`` for ``period``."""
        rows = self.db.execute(
            f"SELECT {self._COLUMNS} FROM submissions WHERE plan_id=? AND form_period=? AND outcome=? ORDER BY unit",
            (plan_id, str(period), ACCEPTED),
        ).fetchall()
        result = PeriodReturns(plan_id, str(period))
        for row in rows:
            submission = self._submission(row)
            result.returns[submission.unit or ""] = self._unit_return(submission)
        return result

    def periods(self, plan_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT form_period FROM submissions WHERE plan_id=? AND outcome=?", (plan_id, ACCEPTED)
        ).fetchall()
        return sorted((r[0] for r in rows if r[0]), key=lambda code: (Period.parse(code).end, code))

    def history(self, plan_id: str, period: str) -> list[PeriodReturns]:
        """Accepted returns of the periods that ended before ``period`` ended, oldest first."""
        end = Period.parse(str(period)).end
        return [
            self.period_returns(plan_id, code)
            for code in self.periods(plan_id)
            if Period.parse(code).end < end
        ]
