"""The demo: three quarters with the typical mistakes, and the same files when run again."""

import hashlib
import sqlite3
from pathlib import Path

import pytest

from generator.cli import main
from generator.demo import MARKER, run_demo
from generator.store import Store

pytestmark = pytest.mark.slow


def digest(root: Path) -> dict[str, str]:
    files = {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith("store.sqlite")}
    db = sqlite3.connect(root / "workbooks" / "store.sqlite")
    files["store"] = hashlib.sha256("\n".join(db.iterdump()).encode()).hexdigest()
    db.close()
    return files


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "demo"
    result = run_demo(root, plan_ids=("zhangjiajie",))
    return root, result


def test_quarters_and_mistakes(demo):
    root, result = demo
    assert set(result.outcomes) == {"2026Q1", "2026Q2", "2026Q3"}
    assert set(result.outcomes["2026Q1"]) == {"已接收"}
    assert {"已接收", "退回", "重复", "非填报表"} <= set(result.outcomes["2026Q3"])
    with Store(root / "workbooks" / "store.sqlite") as store:
        messages = [m for s in store.submissions("2026Q3") for m in s.messages]
        history = store.history("zhangjiajie", "2026Q3")
    assert any("填写的是“八十”" in m for m in messages)
    assert any("这是2026年第二季度的填报表" in m for m in messages)
    assert any("锁定" in m for m in messages)
    assert any("不是 Excel 表格文件" in m for m in messages)
    assert [h.period for h in history] == ["2026Q1", "2026Q2"]
    assert len(result.reports) == 1 and (root / "reports" / "2026Q3" / "汇总表.xlsx").exists()


def test_running_it_again_gives_the_same_files(demo, tmp_path):
    root, _ = demo
    first = digest(root)
    run_demo(root, plan_ids=("zhangjiajie",))  # over the same folder: it is a demo workspace
    assert digest(root) == first


def test_refuses_a_folder_that_is_not_a_demo(tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    assert main(["demo", "--workspace", str(tmp_path)]) == 1
    assert "不是演示工作区" in capsys.readouterr().err
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me" and not (tmp_path / MARKER).exists()
