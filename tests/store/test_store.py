import threading
from datetime import datetime

from generator.returns import Contact, TargetReport, TaskReport, UnitReturn
from generator.store import ACCEPTED, REJECTED, SUPERSEDED, Store, Submission


def submission(name, sha, modified, outcome=ACCEPTED, unit="市发展改革委", period="2026Q3"):
    return Submission(period, name, sha, 10, "2026-10-05T09:00:00", modified, outcome, "mini", unit, period)


def unit_return(progress, unit="市发展改革委", period="2026Q3"):
    return UnitReturn(
        "mini", unit, period, "x.xlsx", "h", datetime(2026, 10, 5),
        tasks=[TaskReport("T01", unit, "牵头", "序时推进", progress, "已开工", "", "继续推进")],
        targets=[TargetReport("T01-1", unit, 12.5, source="统计局")],
        contact=Contact(unit, "张三", "0744-1234567", "李四", "2026-10-05"),
    )


def test_latest_accepted_return_counts_and_earlier_ones_are_superseded(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        with store.transaction() as db:
            store.add(db, submission("a.xlsx", "h1", "2026-10-01T10:00:00"), unit_return(40))
            store.add(db, submission("b.xlsx", "h2", "2026-10-03T10:00:00"), unit_return(55))
            store.add(db, submission("c.xlsx", "h3", "2026-10-04T10:00:00", REJECTED))
            store.settle_latest(db, "mini", "市发展改革委", "2026Q3")
        outcomes = {s.file_name: s.outcome for s in store.submissions("2026Q3")}
        assert outcomes == {"a.xlsx": SUPERSEDED, "b.xlsx": ACCEPTED, "c.xlsx": REJECTED}
        returns = store.period_returns("mini", "2026Q3")
        assert list(returns.returns) == ["市发展改革委"]
        got = returns.returns["市发展改革委"]
        assert got.tasks[0].progress == 55 and got.targets[0].actual == 12.5 and got.contact.person == "张三"


def test_history_is_earlier_periods_oldest_first(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        for period, progress in (("2026Q2", 30), ("2026Q1", 10), ("2026Q3", 50)):
            with store.transaction() as db:
                store.add(db, submission(f"{period}.xlsx", period, "2026-01-01T00:00:00", period=period), unit_return(progress, period=period))
        assert [h.period for h in store.history("mini", "2026Q3")] == ["2026Q1", "2026Q2"]


def test_failed_transaction_leaves_nothing(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        try:
            with store.transaction() as db:
                store.add(db, submission("a.xlsx", "h1", "2026-10-01T10:00:00"), unit_return(40))
                raise RuntimeError("crash mid-file")
        except RuntimeError:
            pass
        assert store.submissions("2026Q3") == []


def test_two_writers_at_once(tmp_path):
    path = tmp_path / "s.sqlite"
    Store(path).close()

    def writer(prefix):
        with Store(path) as store:
            for i in range(25):
                with store.transaction() as db:
                    store.add(db, submission(f"{prefix}{i}.xlsx", f"{prefix}{i}", "2026-10-01T10:00:00", unit=prefix), unit_return(i, unit=prefix))

    threads = [threading.Thread(target=writer, args=(p,)) for p in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Store(path) as store:
        assert len(store.submissions("2026Q3")) == 50
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_busy_store_is_waited_for_even_while_switching_to_wal(tmp_path):
    """The WAL switch needs the lock too: a second opener waits for it instead of failing or calling it damaged."""
    import sqlite3

    path = tmp_path / "s.sqlite"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # a fresh, non-WAL store held by another process
    threading.Timer(0.7, holder.rollback).start()
    with Store(path, new_ok=True) as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.submissions("2026Q3") == []
    holder.close()


def test_an_empty_file_is_never_taken_for_a_new_store(tmp_path):
    import pytest

    from generator.errors import WorkFailed

    path = tmp_path / "s.sqlite"
    path.write_bytes(b"")
    with pytest.raises(WorkFailed, match="请从备份恢复"):
        Store(path)
    assert path.stat().st_size == 0


def test_a_store_from_the_previous_version_is_brought_up_to_date(tmp_path):
    """Columns are only ever added: an older store keeps every row and gains the new columns."""
    import sqlite3

    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE submissions (id INTEGER PRIMARY KEY, period TEXT NOT NULL, file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL, size INTEGER NOT NULL, received TEXT NOT NULL, modified TEXT NOT NULL,
            outcome TEXT NOT NULL, plan_id TEXT, unit TEXT, form_period TEXT, messages TEXT NOT NULL DEFAULT '[]',
            warnings TEXT NOT NULL DEFAULT '[]', superseded_by INTEGER, duplicate_of INTEGER,
            UNIQUE (period, file_name, sha256));
        INSERT INTO submissions (period, file_name, sha256, size, received, modified, outcome, plan_id, unit,
            form_period, messages) VALUES ('2026Q3', 'a.xlsx', 'h1', 1, '2026-10-05T09:00:00', '2026-10-05T09:00:00',
            'rejected', 'mini', '市发展改革委', '2026Q3', '["a.xlsx：表格标识与签名不符（…）"]');
    """)
    old.commit()
    old.close()
    with Store(path) as store:
        [row] = store.submissions("2026Q3")
        assert row.file_name == "a.xlsx" and row.reason is None
        # Refused for a signature before ``reason`` existed: still found to be judged again.
        assert [s.file_name for s in store.signature_refusals("2026Q3", "fp")] == ["a.xlsx"]
