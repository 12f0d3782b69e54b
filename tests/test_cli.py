"""The command line a coordinator can read: Chinese help with examples, plan names, periods never
issued, collect's short account of what changed, and tables that never cut a name."""

from __future__ import annotations

import argparse
import io
import re
import shutil

import pytest
from rich.table import Table

from generator.cli import _build_parser, main, resolve_plans
from generator.console import _Console
from generator.errors import UsageError
from generator.workspace import TOOLKIT_ROOT, Workspace

CJK = re.compile(r"[\u4e00-\u9fff]")


def _parsers(parser: argparse.ArgumentParser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, path + (name,))


def test_every_command_and_option_has_chinese_help_with_an_example():
    seen = []
    for path, parser in _parsers(_build_parser()):
        text = parser.format_help()
        seen.append(" ".join(path))
        assert text.startswith("用法："), path
        assert "例：\n  make-reports" in text, path
        assert not re.search(r"usage:|show this help|positional arguments|options:", text), path
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                assert all(CJK.search(a.help or "") for a in action._choices_actions), path
            else:
                assert CJK.search(action.help or ""), (path, action.dest)
    assert {"init", "plan import", "plan review", "plan check", "templates", "collect", "status", "report", "demo"} <= set(seen)
    top = _build_parser().format_help()
    assert all(f"  {code}  " in top for code in "0123")  # every exit code explained


def test_help_exits_0_and_bad_usage_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["templates", "--help"])
    assert exit_.value.code == 0
    assert main(["templates"]) == 2
    assert "缺少必需的参数" in capsys.readouterr().err


@pytest.fixture
def ws(tmp_path):
    (tmp_path / "plans").mkdir()
    for plan_id in ("zhangjiajie", "jiangyong", "chenzhou"):
        shutil.copy(TOOLKIT_ROOT / "plans" / f"{plan_id}.yaml", tmp_path / "plans")
    return Workspace.at(tmp_path)


def test_plan_by_place_or_title(ws):
    assert resolve_plans(ws, ["张家界", "江永县", "chenzhou"]) == ["zhangjiajie", "jiangyong", "chenzhou"]
    assert resolve_plans(ws, ["张家界市碳达峰实施方案"]) == ["zhangjiajie"]
    with pytest.raises(UsageError, match="找不到计划“长沙”。可用的计划：chenzhou（郴州市碳达峰行动方案）"):
        resolve_plans(ws, ["长沙"])
    with pytest.raises(UsageError, match="对应多个计划"):
        resolve_plans(ws, ["碳达峰"])


def test_status_and_report_of_a_period_never_issued(ws, capsys):
    for command in ("status", "report"):
        assert main(["-w", str(ws.root), command, "--period", "2026Q4", "--plan", "张家界"]) == 1
        err = capsys.readouterr().err
        assert "2026年第四季度的填报表尚未发出" in err and "templates --period 2026Q4" in err
    assert not (ws.root / "reports").exists()


def test_status_skips_plans_not_issued(ws, capsys):
    assert main(["-w", str(ws.root), "templates", "--period", "2026Q3", "--plan", "江永县"]) == 0
    assert main(["-w", str(ws.root), "status", "--period", "2026Q3"]) == 1  # every unit of jiangyong still to report
    captured = capsys.readouterr()
    assert "chenzhou、zhangjiajie 2026年第三季度的填报表尚未发出，本次跳过" in captured.err
    assert "jiangyong" in captured.out or "江永" in captured.out


def test_collect_lists_only_what_this_run_changed(ws, capsys):
    assert main(["-w", str(ws.root), "templates", "--period", "2026Q3", "--plan", "jiangyong"]) == 0
    inbox = ws.inbox_dir("2026Q3")
    inbox.mkdir(parents=True)
    (inbox / "说明.txt").write_text("情况说明", encoding="utf-8")
    capsys.readouterr()
    assert main(["-w", str(ws.root), "collect", "--period", "2026Q3"]) == 1
    first = capsys.readouterr().out
    assert "本次新收 1 个文件" in first and "说明.txt" in first and "本次：非填报表 1 个" in first
    assert "个单位尚未报送或待重报" in first  # jiangyong has more units than are worth naming here
    (inbox / "另一份.txt").write_text("x", encoding="utf-8")
    main(["-w", str(ws.root), "collect", "--period", "2026Q3"])
    second = capsys.readouterr().out
    assert "另一份.txt" in second and "说明.txt" not in second
    main(["-w", str(ws.root), "collect", "--period", "2026Q3"])
    assert "本次没有新收到的文件" in capsys.readouterr().out


def _table():
    table = Table(title="计划概况")
    table.add_column("计划")
    table.add_column("任务")
    table.add_row("chenzhou-very-long-plan-identifier 郴州市碳达峰行动方案", "[green]35[/]")
    return table


@pytest.mark.parametrize("width", [20, 40, 80, 200])
def test_tables_never_cut_a_name(width):
    out = io.StringIO()
    _Console(file=out, width=width, force_terminal=True, color_system=None).print(_table())
    text = out.getvalue()
    joined = re.sub(r"[\s│┃|]", "", text)
    assert "chenzhou-very-long-plan-identifier" in joined and "郴州市碳达峰行动方案" in joined, text
    assert "…" not in text


def test_tables_are_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    _Console(file=out, width=20).print(_table())
    assert out.getvalue() == "计划概况\n计划\t任务\nchenzhou-very-long-plan-identifier 郴州市碳达峰行动方案\t35\n"
