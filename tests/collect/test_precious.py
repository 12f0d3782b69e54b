"""What the office depends on is never silently replaced: the signing secret and the store.

A lost secret or store stops the command with exit 3 and 请从备份恢复; a run after the backup is
restored carries on as if nothing happened, and returns refused under a wrong secret are judged again.
"""

import os
import shutil
import sqlite3
import subprocess
import threading

import pytest

from generator.cli import main
from generator.collect import collect
from generator.errors import WorkFailed
from generator.forms import generate_forms
from generator.forms.machine import workspace_secret
from generator.period import Period
from generator.store import Store
from generator.workspace import Workspace

from .conftest import MINI, PERIOD, good_answers, returned


def test_collect_never_creates_a_secret_and_says_restore(ws, capsys):
    returned(ws, "发改委.xlsx", good_answers())
    backup = ws.secret_path.read_bytes()
    ws.secret_path.unlink()
    assert main(["-w", str(ws.root), "collect", "--period", "2026Q3"]) == 3
    err = capsys.readouterr().err
    assert "请从备份恢复" in err and ".form-secret" in err and "Traceback" not in err
    assert not ws.secret_path.exists()
    # templates does not make a new one either: forms were already issued from this workspace.
    assert main(["-w", str(ws.root), "templates", "--period", "2026Q4"]) == 3
    assert "请从备份恢复" in capsys.readouterr().err
    assert not ws.secret_path.exists()
    ws.secret_path.write_bytes(backup)  # the backup is back
    assert outcome_words(collect(ws, "2026Q3")) == {"发改委.xlsx": "已接收"}


def test_a_damaged_secret_is_exit_3(ws, capsys):
    ws.secret_path.write_text("not hex\n")
    assert main(["-w", str(ws.root), "collect", "--period", "2026Q3"]) == 3
    assert "请从备份恢复" in capsys.readouterr().err


def test_templates_makes_a_secret_only_in_a_new_workspace(tmp_path):
    ws = Workspace.at(tmp_path / "new")
    (ws.plans_dir).mkdir(parents=True)
    shutil.copy(MINI, ws.plans_dir / "mini.yaml")
    generate_forms(ws, PERIOD)
    assert ws.secret_path.exists() and oct(ws.secret_path.stat().st_mode & 0o777) == "0o600"
    first = ws.secret_path.read_bytes()
    generate_forms(ws, Period.parse("2026Q4"))
    assert ws.secret_path.read_bytes() == first
    with pytest.raises(WorkFailed, match="请从备份恢复"):
        ws.secret_path.unlink()
        workspace_secret(ws)


def outcome_words(result):
    return {s.file_name: s.outcome_word for s in result.submissions}


def test_returns_refused_under_a_wrong_secret_are_judged_again_once_it_is_restored(ws):
    returned(ws, "发改委.xlsx", good_answers())
    right = ws.secret_path.read_bytes()
    ws.secret_path.write_text(os.urandom(32).hex() + "\n")  # e.g. copied from another computer by mistake
    first = collect(ws, "2026Q3")
    assert outcome_words(first) == {"发改委.xlsx": "退回"}
    assert any("签名不符" in m for m in first.submissions[0].messages)
    again = collect(ws, "2026Q3")  # still the wrong secret: nothing changes
    assert again.new == [] and outcome_words(again) == {"发改委.xlsx": "退回"}
    ws.secret_path.write_bytes(right)
    restored = collect(ws, "2026Q3")
    assert outcome_words(restored) == {"发改委.xlsx": "已接收"}
    with Store(ws.store_path) as store:
        assert "市发展改革委" in store.period_returns("mini", "2026Q3").returns
        history = store.earlier_judgements(restored.submissions[0].id)
    assert [h["outcome"] for h in history] == ["rejected"]  # the earlier verdict is kept, not lost
    assert collect(ws, "2026Q3").new == []


def test_an_emptied_or_deleted_store_is_refused_when_there_is_history(ws, capsys):
    returned(ws, "发改委.xlsx", good_answers())
    collect(ws, "2026Q3")
    saved = ws.store_path.read_bytes()
    for extra in ws.store_path.parent.glob("store.sqlite-*"):
        extra.unlink()
    ws.store_path.write_bytes(b"")  # truncated to 0 bytes
    assert main(["-w", str(ws.root), "collect", "--period", "2026Q3"]) == 3
    err = capsys.readouterr().err
    assert "请从备份恢复" in err and "0 字节" in err
    assert ws.store_path.stat().st_size == 0  # not replaced by a new store
    assert main(["-w", str(ws.root), "status", "--period", "2026Q3"]) == 3
    assert main(["-w", str(ws.root), "report", "--period", "2026Q3"]) == 3
    ws.store_path.unlink()
    assert main(["-w", str(ws.root), "collect", "--period", "2026Q3"]) == 3
    assert "请从备份恢复" in capsys.readouterr().err and not ws.store_path.exists()
    ws.store_path.write_bytes(saved)
    assert outcome_words(collect(ws, "2026Q3")) == {"发改委.xlsx": "已接收"}


def test_a_new_workspace_starts_its_store(ws):
    assert not ws.store_path.exists()
    returned(ws, "发改委.xlsx", good_answers())
    assert outcome_words(collect(ws, "2026Q3")) == {"发改委.xlsx": "已接收"}


def test_a_damaged_store_is_called_damaged_and_a_busy_one_is_not(ws, monkeypatch, capsys):
    import generator.store as store_module

    Store(ws.store_path, new_ok=True).close()
    holder = sqlite3.connect(ws.store_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the store
    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.5)
    returned(ws, "发改委.xlsx", good_answers())
    assert main(["-w", str(ws.root), "collect", "--period", "2026Q3"]) == 3
    err = capsys.readouterr().err
    assert "正被另一个程序使用" in err and "损坏" not in err and "备份" not in err
    # The lock is let go while the next run waits: it simply carries on.
    monkeypatch.setattr(store_module, "BUSY_SECONDS", 30)
    threading.Timer(0.5, holder.rollback).start()
    assert outcome_words(collect(ws, "2026Q3")) == {"发改委.xlsx": "已接收"}
    holder.close()
    for extra in ws.store_path.parent.glob("store.sqlite-*"):
        extra.unlink()
    ws.store_path.write_bytes(b"this is not a database at all" * 100)
    assert main(["-w", str(ws.root), "collect", "--period", "2026Q3"]) == 3
    err = capsys.readouterr().err
    assert "已损坏" in err and "请从备份恢复" in err


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="needs root to mount a small tmpfs as a full disk")
def test_a_full_disk_is_a_clear_message_and_exit_3(ws, tmp_path, capsys):
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("mount is not permitted here")
    try:
        root = disk / "ws"
        shutil.copytree(ws.root, root)
        small = Workspace.at(root)
        returned(small, "发改委.xlsx", good_answers())
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # fill every last byte
            while os.write(fd, b"\0" * 512):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        code = main(["-w", str(root), "collect", "--period", "2026Q3"])
        err = capsys.readouterr().err
        assert code == 3, err
        assert "磁盘空间已满" in err and "Traceback" not in err
        filler.unlink()  # space freed: the same command now works
        assert main(["-w", str(root), "collect", "--period", "2026Q3"]) == 1  # other units still missing
        assert not [p for p in root.rglob(".~tmp-*")]
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_crash_is_exit_3_never_1(ws, monkeypatch, capsys):
    """1 means "done, some files need action"; a run that broke off must not look like that."""
    import generator.collect as collect_module

    def broken(inbox):
        raise RuntimeError("a bug")

    monkeypatch.setattr(collect_module, "list_inbox", broken)
    assert main(["-w", str(ws.root), "collect", "--period", "2026Q3"]) == 3
    assert "程序内部错误" in capsys.readouterr().err
