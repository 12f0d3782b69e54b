"""The store: every submission of every period, in one SQLite file (``workbooks/store.sqlite``).

Each file the collector finds is one row of ``submissions`` with its outcome;
accepted ones also have their task and target rows. The latest accepted return
of a unit for a plan and period counts; earlier ones are marked superseded and
stay as history. Writes happen in short ``BEGIN IMMEDIATE`` transactions, so two
collectors running at once queue up instead of corrupting anything.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

from .errors import UserError
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
CREATE INDEX IF NOT EXISTS task_rows_submission ON task_rows (submission_id);
CREATE INDEX IF NOT EXISTS target_rows_submission ON target_rows (submission_id);
"""


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

    @property
    def outcome_word(self) -> str:
        return OUTCOME_WORDS[self.outcome]


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(_SCHEMA)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise UserError(f"无法打开数据库“{self.path}”：{exc}。如文件已损坏，请从备份恢复或改名后重新收集。") from exc

    def _migrate(self) -> None:
        """Bring a store written by an earlier version up to the current schema (columns only ever added)."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(target_rows)")}
        if "baseline_year" not in columns:
            self.db.execute("ALTER TABLE target_rows ADD COLUMN baseline_year INTEGER")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; other writers wait (``timeout``) instead of interleaving."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # ------------------------------------------------------------------ reading submissions

    @staticmethod
    def _submission(row: sqlite3.Row | tuple) -> Submission:
        (sid, period, file_name, sha, size, received, modified, outcome, plan_id, unit, form_period,
         messages, warnings, superseded_by, duplicate_of) = row
        return Submission(period, file_name, sha, size, received, modified, outcome, plan_id, unit, form_period,
                          json.loads(messages), json.loads(warnings), sid, superseded_by, duplicate_of)

    _COLUMNS = ("id, period, file_name, sha256, size, received, modified, outcome, plan_id, unit, form_period, "
                "messages, warnings, superseded_by, duplicate_of")

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
            "form_period, messages, warnings, duplicate_of) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (submission.period, submission.file_name, submission.sha256, submission.size, submission.received,
             submission.modified, submission.outcome, submission.plan_id, submission.unit, submission.form_period,
             json.dumps(submission.messages, ensure_ascii=False), json.dumps(submission.warnings, ensure_ascii=False),
             submission.duplicate_of),
        )
        sid = cursor.lastrowid
        submission.id = sid
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
        return sid

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
        for (sid,) in rows[:-1]:
            db.execute("UPDATE submissions SET outcome=?, superseded_by=? WHERE id=?", (SUPERSEDED, latest, sid))

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
