"""The inbox as it really arrives: FIFOs, links, undecodable names, unreadable folders. collect never hangs,
never reads outside the inbox, and gives every entry one outcome with a reason (listed in 报送情况.xlsx)."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from generator.cli import main
from generator.collect import collect
from generator.collect.inbox import uncollectable

from .conftest import good_answers, returned

REPO = Path(__file__).resolve().parents[2]


def log_rows(result):
    return log_rows_at(result.log_path)


def run_cli(ws, *args, timeout=180):
    """The real command in its own process, so a hang is a failed test rather than a stuck suite."""
    return subprocess.run([sys.executable, "make_reports.py", "-w", str(ws.root), *args], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, "MAKE_REPORTS_QUIET": "1"})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_and_device_links_never_hang_and_get_a_reason(ws):
    inbox = ws.inbox_dir("2026Q3")
    returned(ws, "发改委.xlsx", good_answers())
    os.mkfifo(inbox / "管道.xlsx")  # nobody ever writes to it: opening it for reading would block forever
    (inbox / "零.xlsx").symlink_to("/dev/zero")  # reading it would never end
    done = run_cli(ws, "collect", "--period", "2026Q3")
    assert done.returncode == 1, done.stderr  # done, and the FIFO needs someone to look at it
    assert "Traceback" not in done.stderr
    result = collect(ws, "2026Q3")
    rows = log_rows(result)
    assert rows["发改委.xlsx"][0] == "已接收"
    assert rows["管道.xlsx"][0] == "非填报表" and "命名管道" in rows["管道.xlsx"][1]
    assert rows["零.xlsx"][0] == "非填报表" and "收件箱以外" in rows["零.xlsx"][1] and "/dev/zero" in rows["零.xlsx"][1]


def test_links_are_followed_only_inside_the_inbox(ws, tmp_path):
    inbox = ws.inbox_dir("2026Q3")
    other = good_answers()
    other.tasks["T01"].progress = 46
    outside = returned(ws, "外面.xlsx", other)
    secret_place = tmp_path / "别处" / "外面.xlsx"
    secret_place.parent.mkdir()
    shutil.move(outside, secret_place)
    (inbox / "链接到外面.xlsx").symlink_to(secret_place)
    (inbox / "链接到文件夹").symlink_to(tmp_path / "别处", target_is_directory=True)
    (inbox / "断开的链接.xlsx").symlink_to(tmp_path / "不存在.xlsx")
    inside = returned(ws, "本单位/原件.xlsx", good_answers())
    (inbox / "快捷方式.xlsx").symlink_to(inside)
    result = collect(ws, "2026Q3")
    rows = log_rows(result)
    assert rows["链接到外面.xlsx"][0] == "非填报表" and "收件箱以外" in rows["链接到外面.xlsx"][1]
    assert "收件箱以外" in rows["链接到文件夹"][1]
    assert "不存在" in rows["断开的链接.xlsx"][1]
    assert rows["本单位/原件.xlsx"][0] == "已接收", rows
    assert rows["快捷方式.xlsx"][0] == "重复"  # a link to a file inside the inbox reads that file
    # Nothing from outside the inbox was copied into the archive.
    archived = {p.read_bytes() for p in ws.archive_dir().rglob("*") if p.is_file()}
    assert archived == {inside.read_bytes()} and secret_place.read_bytes() != inside.read_bytes()


def test_a_name_that_is_not_utf8(ws):
    inbox = ws.inbox_dir("2026Q3")
    source = returned(ws, "tmp.xlsx", good_answers())
    gbk_name = os.path.join(os.fsencode(inbox), "报送表.xlsx".encode("gbk"))  # unzipped from a Windows archive
    os.rename(source, gbk_name)
    (inbox / "普通.pdf").write_bytes(b"%PDF-1.4")
    bad_bytes = os.path.join(os.fsencode(inbox), b"\xff\xfe-scan.pdf")
    with open(bad_bytes, "wb") as fh:
        fh.write(b"%PDF-1.4 other")
    result = collect(ws, "2026Q3")
    rows = log_rows(result)
    label = "报送表.xlsx"  # read as GBK, with a note (提示) saying so
    assert rows[label][0] == "已接收"
    assert "不是 UTF-8" in rows[label][2] and "GBK" in rows[label][2]
    assert rows["\ufffd\ufffd-scan.pdf"][0] == "非填报表"
    assert main(["-w", str(ws.root), "collect", "--period", "2026Q3"]) == 1  # printing the names does not crash
    again = collect(ws, "2026Q3")
    assert again.new == []


def _as_nobody(function):
    """Run ``function`` in a child process with the rights of user nobody (root is never denied a read)."""
    import pwd

    nobody = pwd.getpwnam("nobody")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        code = 99
        try:
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            code = function()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_unreadable_folder_and_file_are_listed_and_the_exit_code_says_so(ws):
    inbox = ws.inbox_dir("2026Q3")
    returned(ws, "发改委.xlsx", good_answers())
    returned(ws, "锁住的文件夹/林业局.xlsx", good_answers())
    locked_file = inbox / "没有权限.xlsx"
    shutil.copy(inbox / "发改委.xlsx", locked_file)
    log = ws.report_dir("2026Q3") / "报送情况.xlsx"
    if os.geteuid() != 0:
        os.chmod(inbox / "锁住的文件夹", 0)
        os.chmod(locked_file, 0)
        try:
            code = main(["-w", str(ws.root), "collect", "--period", "2026Q3"])
            listed_again = len(uncollectable(inbox))  # what status shows, found without reading a file
        finally:
            os.chmod(inbox / "锁住的文件夹", 0o755)
            os.chmod(locked_file, 0o644)
        rows = log_rows_at(log)
    else:
        # As root nothing is denied, so the collect runs as user nobody on a copy it owns,
        # except for the folder and the file that stay root's own with mode 000.
        if not hasattr(os, "fork"):
            pytest.skip("needs fork to drop root's rights")
        base = Path(tempfile.mkdtemp(prefix="nobody-"))
        try:
            os.chmod(base, 0o755)
            root = base / "ws"
            shutil.copytree(ws.root, root, symlinks=True)
            for path in [root, *root.rglob("*")]:
                os.chown(path, 65534, 65534, follow_symlinks=False)
            copy_inbox = root / inbox.relative_to(ws.root)
            for path in (copy_inbox / "锁住的文件夹", copy_inbox / "没有权限.xlsx"):
                os.chown(path, 0, 0)
                os.chmod(path, 0)
            # What the run imports lazily must be loaded before the rights are dropped (/root may be closed to nobody).
            import encodings.gb18030  # noqa: F401
            import rich._emoji_codes  # noqa: F401 - loaded by the first console.print of text
            import rich.table  # noqa: F401
            import xlsxwriter  # noqa: F401

            import generator.shared.summary_workbook  # noqa: F401

            code = _as_nobody(lambda: main(["-w", str(root), "collect", "--period", "2026Q3"]))
            listed_again = _as_nobody(lambda: len(uncollectable(copy_inbox)))  # what status shows (the exit code is the count)
            rows = log_rows_at(root / log.relative_to(ws.root))
        finally:
            shutil.rmtree(base, ignore_errors=True)
    assert code == 1
    assert rows["发改委.xlsx"][0] == "已接收"
    assert rows["锁住的文件夹"][0] == "非填报表" and "无法打开这个文件夹" in rows["锁住的文件夹"][1] and "权限" in rows["锁住的文件夹"][1]
    assert rows["没有权限.xlsx"][0] == "非填报表" and "没有权限" in rows["没有权限.xlsx"][1]
    assert listed_again == 2


def log_rows_at(path):
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("报送情况").to_python()
    return {r[1]: (r[5], r[6], r[7]) for r in rows[1:]}


def _every_unit_returned(ws) -> None:
    """A complete, valid return from every unit that was sent a form (so status has nothing else to flag)."""
    import random

    from generator.collect import load_plans
    from generator.demo.answers import UnitProfile, answers_for
    from generator.demo.fill import fill_form
    from generator.forms import form_path
    from generator.forms.layout import form_rows
    from generator.period import Period

    period = Period.parse("2026Q3")
    plan = load_plans(ws)["mini"]
    for unit in plan.units:
        content = form_rows(plan, unit.name, period)
        if content.is_empty:
            continue
        answers = answers_for(plan, content, period, UnitProfile.draw(random.Random(unit.name)), random.Random(1))
        fill_form(form_path(ws, period, "mini", unit.name), ws.inbox_dir(period.code) / f"{unit.name}.xlsx", answers)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_status_lists_what_collect_could_not_read_and_says_it_needs_action(ws, tmp_path, capsys):
    """报送情况.xlsx has a row for a FIFO or a link leading outside, but the store has none: status lists the
    inbox again (reading no file) and names each such entry with its reason, after the plans' tables."""
    _every_unit_returned(ws)
    collect(ws, "2026Q3")
    assert main(["-w", str(ws.root), "status", "--period", "2026Q3"]) == 0  # every unit reported, nothing else
    assert "无法收集" not in capsys.readouterr().out
    inbox = ws.inbox_dir("2026Q3")
    os.mkfifo(inbox / "管道.xlsx")  # opening it for reading would block forever
    outside = tmp_path / "别处.xlsx"
    outside.write_bytes(b"not in the inbox")
    (inbox / "子文件夹").mkdir()
    (inbox / "子文件夹" / "链接.xlsx").symlink_to(outside)
    collect(ws, "2026Q3")  # as the office does: collect, then status
    assert main(["-w", str(ws.root), "status", "--period", "2026Q3"]) == 1
    out = capsys.readouterr().out
    assert out.index("已报送") < out.index("收件箱中无法收集的文件（2 个，需要处理）")
    rows = {line.split("\t")[0]: line.split("\t")[1] for line in out.splitlines() if "\t" in line}
    assert "命名管道" in rows["管道.xlsx"]
    assert "收件箱以外" in rows["子文件夹/链接.xlsx"] and str(outside) in rows["子文件夹/链接.xlsx"]
    # Taken out of the inbox: nothing left to act on.
    os.remove(inbox / "管道.xlsx")
    os.remove(inbox / "子文件夹" / "链接.xlsx")
    assert main(["-w", str(ws.root), "status", "--period", "2026Q3"]) == 0
    assert "无法收集" not in capsys.readouterr().out


def test_status_before_any_collect_still_lists_what_cannot_be_collected(ws, tmp_path, capsys):
    (ws.inbox_dir("2026Q3") / "链接.xlsx").symlink_to(tmp_path)
    assert main(["-w", str(ws.root), "status", "--period", "2026Q3"]) == 1
    out = capsys.readouterr().out
    assert "尚未收集" in out and "链接.xlsx" in out and "收件箱以外" in out
