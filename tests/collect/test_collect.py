"""collect on returns made from real forms: outcomes, messages, the store and the two workbooks agree."""

import os
import shutil
import time
import zipfile

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from generator.cli import main
from generator.collect import collect
from generator.demo.fill import TaskAnswer
from generator.store import Store

from . import mutations
from .conftest import PERIOD, blank, good_answers, returned


def outcomes(result):
    return {s.file_name: s.outcome_word for s in result.submissions}


def messages(result, name):
    s = next(s for s in result.submissions if s.file_name == name)
    return s.messages + s.warnings


def sheet(path, name):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def test_a_good_return_is_accepted_and_everything_agrees(ws):
    path = returned(ws, "发改委.xlsx", good_answers())
    before = (path.read_bytes(), path.stat().st_mtime)
    result = collect(ws, "2026Q3")
    assert outcomes(result) == {"发改委.xlsx": "已接收"}
    assert (path.read_bytes(), path.stat().st_mtime) == before  # input untouched
    sha = result.submissions[0].sha256
    assert (ws.archive_dir() / sha[:2] / f"{sha}.xlsx").read_bytes() == before[0]
    with Store(ws.store_path) as store:
        got = store.period_returns("mini", "2026Q3").returns["市发展改革委"]
    assert [(t.task_id, t.status, t.progress) for t in got.tasks] == [
        ("T01", "序时推进", 45), ("T02", "进度滞后", 20), ("T03", "序时推进", 40), ("T05", "已完成", 100)]
    assert {t.target_id: t.actual for t in got.targets}["T01-1"] == 18.5
    log = sheet(result.log_path, "报送情况")
    assert log[0][:7] == ["序号", "文件", "计划", "单位", "报送期", "结果", "问题"]
    assert log[1][1:6] == ["发改委.xlsx", "mini", "市发展改革委", "2026Q3", "已接收"]
    units = {row[2]: row[5] for row in sheet(result.log_path, "单位报送")[1:]}
    assert units["市发展改革委"] == "已报送" and units["市林业局"] == "未报送"
    summary = sheet(result.summary_path, "重点任务")
    header = summary[0]
    rows = [dict(zip(header, r)) for r in summary[1:]]
    t02 = next(r for r in rows if r["任务编号"] == "T02" and r["单位"] == "市发展改革委")
    assert (t02["进展状态"], t02["完成进度"], t02["存在问题"]) == ("进度滞后", 20, "项目资金未到位")
    # Running it again changes nothing.
    again = collect(ws, "2026Q3")
    assert again.new == [] and outcomes(again) == outcomes(result)


def test_identified_by_content_not_by_name(ws):
    returned(ws, "市林业局.xlsx", good_answers())  # 发改委's form under a misleading name
    result = collect(ws, "2026Q3")
    assert result.submissions[0].unit == "市发展改革委"


def test_duplicate_and_superseded(ws):
    first = returned(ws, "v1.xlsx", good_answers())
    shutil.copy(first, ws.inbox_dir("2026Q3") / "v1-副本.xlsx")
    answers = good_answers()
    answers.tasks["T01"] = TaskAnswer("序时推进", 55, "新增光伏装机15万千瓦", "", "加快")
    second = returned(ws, "v2.xlsx", answers)
    past = time.time() - 3600
    os.utime(first, (past, past))
    os.utime(ws.inbox_dir("2026Q3") / "v1-副本.xlsx", (past + 10, past + 10))
    result = collect(ws, "2026Q3")
    assert outcomes(result) == {"v1.xlsx": "已替代", "v1-副本.xlsx": "重复", "v2.xlsx": "已接收"}
    with Store(ws.store_path) as store:
        assert store.period_returns("mini", "2026Q3").returns["市发展改革委"].tasks[0].progress == 55
    assert second.exists()


def test_wrong_quarter_and_not_forms(ws):
    returned(ws, "上季度.xlsx", good_answers(), period=PERIOD.previous())
    inbox = ws.inbox_dir("2026Q3")
    (inbox / "说明.docx").write_bytes(b"PK\x03\x04 not really a document")
    (inbox / "扫描件.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "~$发改委.xlsx").write_bytes(b"lock")  # an Excel lock file: skipped
    (inbox / "broken.xlsx").write_bytes(b"PK\x03\x04garbage")
    result = collect(ws, "2026Q3")
    assert outcomes(result) == {"上季度.xlsx": "退回", "说明.docx": "非填报表", "扫描件.pdf": "非填报表", "broken.xlsx": "非填报表"}
    assert any("2026年第二季度" in m and "2026年第三季度" in m for m in messages(result, "上季度.xlsx"))
    assert main(["-w", str(ws.root), "collect", "--period", "2026Q3"]) == 1


def test_locked_cell_edited_is_refused(ws):
    answers = good_answers()
    answers.locked[("重点任务", "T01", "任务名称")] = "改过的任务名称"
    returned(ws, "改表.xlsx", answers)
    result = collect(ws, "2026Q3")
    assert outcomes(result) == {"改表.xlsx": "退回"}
    assert any("重点任务!C3" in m and "锁定" in m and "改过的任务名称" in m for m in messages(result, "改表.xlsx"))


def _hidden_unit(path, unit):
    wb = openpyxl.load_workbook(path)
    for row in wb["_meta"].iter_rows():
        if row[0].value == "unit":
            row[1].value = unit
    wb.save(path)


def _without_properties(path):
    """The file as a program that drops custom document properties would save it."""
    path.write_bytes(mutations.without_member(path.read_bytes(), "docProps/custom.xml"))


def test_hidden_data_and_rows_tampered(ws):
    # A unit answering for another unit by editing the hidden sheet's copy of its name. The signed
    # properties still name the unit the form was sent to, and that is the unit it is recorded under;
    # the hidden copy is read only when the properties are gone (then the signature no longer fits).
    _hidden_unit(returned(ws, "冒名.xlsx", good_answers()), "市林业局")
    copy_only = returned(ws, "冒名无属性.xlsx", good_answers())
    _hidden_unit(copy_only, "市林业局")
    _without_properties(copy_only)
    # Rows deleted.
    path2 = returned(ws, "删行.xlsx", good_answers())
    wb = openpyxl.load_workbook(path2)
    wb["重点任务"].delete_rows(4)
    wb.save(path2)
    result = collect(ws, "2026Q3")
    assert outcomes(result) == {"冒名.xlsx": "已接收", "冒名无属性.xlsx": "退回", "删行.xlsx": "退回"}
    units = {s.file_name: s.unit for s in result.submissions}
    assert units["冒名.xlsx"] == "市发展改革委" and units["冒名无属性.xlsx"] is None  # never 市林业局
    assert any("签名" in m for m in messages(result, "冒名无属性.xlsx"))
    assert any("T02" in m and "删除" in m for m in messages(result, "删行.xlsx"))


@pytest.mark.parametrize(
    "answer,word,expected",
    [
        (TaskAnswer("序时推进", "80%", "已开工", "", ""), "已接收", "按 80 读取"),
        (TaskAnswer("序时推进", "８０", "已开工", "", ""), "已接收", "全角"),
        (TaskAnswer("序时推进", "约80", "已开工", "", ""), "已接收", "约"),
        (TaskAnswer("完成", 100, "已完成", "", ""), "已接收", "按“已完成”读取"),
        (TaskAnswer(" 序时推进 ", 45, "已开工 ", "", ""), "已接收", None),
        (TaskAnswer("已完成", 60, "已完成主体", "", ""), "已接收", "完成进度只有 60"),
        (TaskAnswer("序时推进", "过半", "已开工", "", ""), "退回", "重点任务!H3：完成进度应为0—100 之间的数字，填写的是“过半”"),
        (TaskAnswer("序时推进", "八十", "已开工", "", ""), "退回", "填写的是“八十”"),
        (TaskAnswer("序时推进", 120, "已开工", "", ""), "退回", "0—100"),
        (TaskAnswer("基本完成", 90, "已开工", "", ""), "退回", "进展状态应为"),
        (TaskAnswer("进度滞后", 10, "已开工", "", ""), "退回", "存在问题"),
        (TaskAnswer("序时推进", 45, "", "", ""), "退回", "本期工作进展"),
        (TaskAnswer("序时推进", "#DIV/0!", "已开工", "", ""), "退回", "错误值"),
    ],
)
def test_what_people_type(ws, answer, word, expected):
    answers = good_answers()
    answers.tasks["T01"] = answer
    returned(ws, "r.xlsx", answers)
    result = collect(ws, "2026Q3")
    assert outcomes(result) == {"r.xlsx": word}
    if expected:
        assert any(expected in m for m in messages(result, "r.xlsx")), messages(result, "r.xlsx")


def test_percent_formatted_cell(ws):
    path = returned(ws, "pct.xlsx", good_answers())
    wb = openpyxl.load_workbook(path)
    cell = wb["重点任务"]["H3"]
    cell.value, cell.number_format = 0.8, "0%"
    wb.save(path)
    result = collect(ws, "2026Q3")
    assert outcomes(result) == {"pct.xlsx": "已接收"}
    assert any("百分比格式" in m for m in messages(result, "pct.xlsx"))
    with Store(ws.store_path) as store:
        assert store.period_returns("mini", "2026Q3").returns["市发展改革委"].tasks[0].progress == 80


def test_numbers_with_units_and_separators(ws):
    answers = good_answers()
    answers.targets["T01-1"].actual = "18.5万千瓦"
    answers.targets["T02-1"].actual = "1,044"
    answers.targets["G1"].actual = "十九点八"
    returned(ws, "n.xlsx", answers)
    result = collect(ws, "2026Q3")
    msgs = messages(result, "n.xlsx")
    assert any("量化目标" in m and "十九点八" in m and "阿拉伯数字" in m for m in msgs)
    answers.targets["G1"].actual = 19.8
    (ws.inbox_dir("2026Q3") / "n.xlsx").unlink()
    returned(ws, "n2.xlsx", answers)
    result = collect(ws, "2026Q3")
    assert outcomes(result)["n2.xlsx"] == "已接收"
    msgs = messages(result, "n2.xlsx")
    assert any("去掉了单位“万千瓦”" in m for m in msgs) and any("千分位" in m for m in msgs)
    assert any("10 倍" in m for m in msgs)  # 1044 against a target of 41


def test_zip_bomb_and_entities_refused_before_parsing(ws):
    inbox = ws.inbox_dir("2026Q3")
    with zipfile.ZipFile(inbox / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"0" * (300 * 1024 * 1024))
    source = returned(ws, "entity.xlsx", good_answers())
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = parts["xl/workbook.xml"]
    body = body.split(b"?>", 1)[1] if body.startswith(b"<?xml") else body
    parts["xl/workbook.xml"] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + body
    with zipfile.ZipFile(source, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    result = collect(ws, "2026Q3")
    assert outcomes(result) == {"bomb.xlsx": "非填报表", "entity.xlsx": "非填报表"}
    assert any("压缩炸弹" in m for m in messages(result, "bomb.xlsx"))
    assert any("实体声明" in m for m in messages(result, "entity.xlsx"))


def test_blank_form_sent_back_is_refused(ws):
    shutil.copy(blank(ws, "市发展改革委"), ws.inbox_dir("2026Q3") / "空表.xlsx")
    result = collect(ws, "2026Q3")
    assert outcomes(result) == {"空表.xlsx": "退回"}


def test_status_command(ws, capsys):
    assert main(["-w", str(ws.root), "status", "--period", "2026Q3"]) == 1
    assert "尚未收集" in capsys.readouterr().out
    returned(ws, "a.xlsx", good_answers())
    collect(ws, "2026Q3")
    assert main(["-w", str(ws.root), "status", "--period", "2026Q3"]) == 1
    out = capsys.readouterr().out
    assert "市发展改革委" in out and "已报送" in out and "未报送" in out


def test_missing_inbox_is_a_clear_message(ws, capsys):
    assert main(["-w", str(ws.root), "collect", "--period", "2026Q3", "--inbox", str(ws.root / "nope")]) == 1
    assert "收件箱" in capsys.readouterr().err


@pytest.mark.parametrize("pooled", [False, True], ids=["inline", "each-with-a-process-pool"])
def test_two_collects_at_once(ws, pooled, monkeypatch):
    """Two collectors on the same inbox at the same time: no crash, one outcome per file, a sound store.

    Inline (MAKE_REPORTS_JOBS=1) and with each collector judging in its own process pool."""
    import multiprocessing

    monkeypatch.setenv("MAKE_REPORTS_JOBS", "2" if pooled else "1")
    count = 10 if pooled else 6
    for n in range(count):
        answers = good_answers()
        answers.tasks["T01"] = TaskAnswer("序时推进", 40 + n, f"第{n}版", "", "")
        path = returned(ws, f"v{n}.xlsx", answers)
        os.utime(path, (1_760_000_000 + n, 1_760_000_000 + n))
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=collect, args=(ws, "2026Q3")) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert [w.exitcode for w in workers] == [0, 0]
    with Store(ws.store_path) as store:
        rows = store.submissions("2026Q3")
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sorted(s.file_name for s in rows) == sorted(f"v{n}.xlsx" for n in range(count))
    assert [s.file_name for s in rows if s.outcome == "accepted"] == [f"v{count - 1}.xlsx"]
