import shutil
import sys
import types

from generator import cli
from tests.report.conftest import MINI
from tests.report.sample import sample_history, sample_returns


def _workspace(tmp_path):
    (tmp_path / "plans").mkdir()
    shutil.copy(MINI, tmp_path / "plans" / "mini.yaml")
    return tmp_path


def test_without_store_module_a_clear_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "generator.store", None)  # as in a tree without the store module
    code = cli.main(["--workspace", str(_workspace(tmp_path)), "report", "--period", "2026Q3"])
    assert code == 1
    err = capsys.readouterr().err
    assert "generator.store" in err and "Traceback" not in err


def test_with_a_store(tmp_path, monkeypatch, capsys):
    calls = []

    class FakeStore:
        def __init__(self, path):
            calls.append(path)

        def period_returns(self, plan_id, period):
            return sample_returns(period)

        def history(self, plan_id, period):
            return sample_history()

    module = types.ModuleType("generator.store")
    module.Store = FakeStore
    monkeypatch.setitem(sys.modules, "generator.store", module)
    ws = _workspace(tmp_path)
    (ws / "workbooks").mkdir()
    (ws / "workbooks" / "store.sqlite").write_bytes(b"")
    code = cli.main(["--workspace", str(ws), "report", "--period", "2026Q3", "--plan", "mini", "--notices"])
    assert code == 1  # two units did not report: the user must chase them
    out = capsys.readouterr().out
    assert "进展情况报告.docx" in out and "2个单位未报送" in out
    assert (ws / "reports" / "2026Q3" / "汇总表.xlsx").exists()
    assert len(list((ws / "reports" / "2026Q3" / "督办通知").glob("*.docx"))) == 3


def test_unknown_plan_and_bad_period(tmp_path, capsys):
    ws = _workspace(tmp_path)
    assert cli.main(["--workspace", str(ws), "report", "--period", "2026Q3", "--plan", "nope"]) == 2
    assert "找不到计划“nope”" in capsys.readouterr().err
    assert cli.main(["--workspace", str(ws), "report", "--period", "2026Q5"]) == 2
