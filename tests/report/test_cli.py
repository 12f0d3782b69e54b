import shutil

from generator import cli
from generator.store import ACCEPTED, Store, Submission
from tests.report.conftest import MINI
from tests.report.sample import sample_history, sample_returns


def _workspace(tmp_path):
    (tmp_path / "plans").mkdir()
    shutil.copy(MINI, tmp_path / "plans" / "mini.yaml")
    return tmp_path


def test_before_any_collection_a_clear_message(tmp_path, capsys):
    code = cli.main(["--workspace", str(_workspace(tmp_path)), "report", "--period", "2026Q3"])
    assert code == 1
    err = capsys.readouterr().err
    # No form of the period was ever issued (issue 11): the message says so instead of writing a report.
    assert "填报表尚未发出" in err and "templates --period 2026Q3" in err and "Traceback" not in err


def _store_with(ws, period_returns):
    """A real store holding the sample returns as accepted submissions."""
    with Store(ws / "workbooks" / "store.sqlite") as store:
        for returns in period_returns:
            for unit, unit_return in returns.returns.items():
                submission = Submission(returns.period, f"{unit}.xlsx", f"{returns.period}-{unit}", 1,
                                        "2026-10-05T09:00:00", "2026-10-05T09:00:00", ACCEPTED, returns.plan_id,
                                        unit, returns.period)
                with store.transaction() as db:
                    store.add(db, submission, unit_return)


def test_with_a_store(tmp_path, capsys):
    ws = _workspace(tmp_path)
    _store_with(ws, [*sample_history(), sample_returns("2026Q3")])
    code = cli.main(["--workspace", str(ws), "report", "--period", "2026Q3", "--plan", "mini", "--notices"])
    assert code == 1  # two units did not report: the user must chase them
    out = capsys.readouterr().out
    assert "进展情况报告.docx" in out and "2个单位本期未报送" in out
    assert (ws / "reports" / "2026Q3" / "汇总表.xlsx").exists()
    notices = sorted(p.name for p in (ws / "reports" / "2026Q3" / "督办通知").glob("*.docx"))
    assert len([n for n in notices if n.endswith("督办通知.docx")]) == 4 and len([n for n in notices if "催报" in n]) == 2
    assert "已生成督办通知 4 份、催报通知 2 份" in out


def test_unknown_plan_and_bad_period(tmp_path, capsys):
    ws = _workspace(tmp_path)
    assert cli.main(["--workspace", str(ws), "report", "--period", "2026Q3", "--plan", "nope"]) == 2
    assert "找不到计划“nope”" in capsys.readouterr().err
    assert cli.main(["--workspace", str(ws), "report", "--period", "2026Q5"]) == 2
