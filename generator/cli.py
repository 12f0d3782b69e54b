"""The command line: ``python make_reports.py COMMAND …`` (also installed as ``make-reports``).

Each command is a thin layer over one stage's public entry; messages for users
are Chinese, and a user error never shows a traceback. Exit status: 0 success,
1 the work ran but found problems the user must act on, 2 bad usage, 3 the work
could not be done (damaged store, missing secret, full disk, or an internal error).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .console import err_console
from .errors import EXIT_FAILED, UserError, UsageError
from .workspace import Workspace


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage mistakes in Chinese and exits with status 2."""

    _WORDS = (
        (r"the following arguments are required: (.+)", r"缺少必需的参数 \1"),
        (r"unrecognized arguments: (.+)", r"无法识别的参数 \1"),
        (r"argument (\S+): invalid choice: '([^']*)'.*", r"“\2”不是可用的命令"),
        (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个值"),
    )

    def error(self, message: str) -> None:  # pragma: no cover - exercised through main()
        for pattern, words in self._WORDS:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, words, message)
                break
        command = self.prog.split()[-1]
        help_for = "" if command == "make_reports.py" else f"{command} "
        raise UsageError(f"命令用法有误：{message}。运行 `python make_reports.py {help_for}--help` 查看用法。")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="make_reports.py", description="碳达峰实施方案调度工具：导入计划、生成填报表、收集、评估、出报告。")
    parser.add_argument("--workspace", "-w", default=None, help="工作区文件夹（含 plans/ templates/ workbooks/ reports/），默认为当前文件夹")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    plan = sub.add_parser("plan", help="导入或检查计划文件")
    plan_sub = plan.add_subparsers(dest="plan_command", parser_class=_Parser, metavar="plan COMMAND")
    imp = plan_sub.add_parser("import", help="把实施方案文档（.pdf/.docx/.doc/.wps/.txt/.html，或任务分工表 .xlsx/.xls/.ods）导入为 plans/<id>.yaml")
    imp.add_argument("source", help="方案文档路径：PDF（有文字层）、Word（.docx/.doc）、WPS（.wps）、网页（.html）、文本（.txt，UTF-8 或 GB18030），或任务分工表（.xlsx/.xls/.ods）")
    imp.add_argument("--id", dest="plan_id", help="计划的简短英文编号，用于文件名（默认按地名拼音生成）")
    imp.add_argument("--out", help="输出文件（默认 plans/<id>.yaml）")
    chk = plan_sub.add_parser("check", help="检查计划文件，并统计任务、单位、目标数")
    chk.add_argument("files", nargs="*", help="计划文件（默认 plans/ 下全部）")

    tpl = sub.add_parser("templates", help="生成本期各单位的填报表")
    tpl.add_argument("--period", required=True, help="报送期，如 2026Q3、2026H1、2026")
    tpl.add_argument("--plan", action="append", dest="plans", default=[], help="只生成该计划（可重复）")
    tpl.add_argument("--unit", action="append", dest="units", default=[], help="只生成该单位（可重复）")

    col = sub.add_parser("collect", help="收集本期收件箱中的回表")
    col.add_argument("--period", required=True)
    col.add_argument("--inbox", help="收件箱文件夹（默认 workbooks/<period>/inbox）")

    st = sub.add_parser("status", help="查看本期各单位报送情况")
    st.add_argument("--period", required=True)
    st.add_argument("--plan", action="append", dest="plans", default=[])

    rep = sub.add_parser("report", help="评估进展并生成 Word 进展情况报告")
    rep.add_argument("--period", required=True)
    rep.add_argument("--plan", action="append", dest="plans", default=[])
    rep.add_argument("--notices", action="store_true", help="同时为有滞后任务的单位生成督办通知")

    demo = sub.add_parser("demo", help="在演示工作区中跑完整的三个季度")
    demo.add_argument("--workspace", dest="demo_workspace", default=None, help="演示工作区（默认 ./demo）")
    return parser


def _run(args: argparse.Namespace) -> int:
    workspace = Workspace.at(args.workspace)
    if args.command == "plan":
        from . import plan as plan_stage

        if args.plan_command == "import":
            return plan_stage.cli_import(workspace, Path(args.source), args.plan_id, Path(args.out) if args.out else None)
        if args.plan_command == "check":
            return plan_stage.cli_check(workspace, [Path(f) for f in args.files])
        raise UsageError("请指定 plan import 或 plan check。")
    if args.command == "templates":
        from . import forms

        return forms.cli_templates(workspace, args.period, args.plans, args.units)
    if args.command == "collect":
        from . import collect

        return collect.cli_collect(workspace, args.period, Path(args.inbox) if args.inbox else None)
    if args.command == "status":
        from . import collect

        return collect.cli_status(workspace, args.period, args.plans)
    if args.command == "report":
        from . import report

        return report.cli_report(workspace, args.period, args.plans, notices=args.notices)
    if args.command == "demo":
        from . import demo

        return demo.cli_demo(Path(args.demo_workspace or args.workspace or "demo"))
    raise UsageError("请指定命令：plan、templates、collect、status、report 或 demo。运行 --help 查看说明。")


def main(argv: list[str] | None = None) -> int:
    try:
        args = _build_parser().parse_args(argv)
        return _run(args)
    except UserError as exc:
        err_console.print(f"[bold red]错误：[/]{exc.message}")
        for detail in exc.details:
            err_console.print(f"  - {detail}")
        return exc.exit_code
    except KeyboardInterrupt:  # pragma: no cover
        err_console.print("已中断。")
        return 130
    except OSError as exc:  # a full disk, a folder without permission: the work could not be done
        where = f"“{exc.filename}”" if getattr(exc, "filename", None) else ""
        err_console.print(f"[bold red]错误：[/]无法读写{where}：{exc.strerror or exc}。请检查磁盘空间和文件夹权限后重新运行。")
        return EXIT_FAILED
    except Exception:  # an unexpected failure never exits 0 or 1 (DESIGN)
        import traceback

        err_console.print("[bold red]程序内部错误[/]，工作没有完成，已有的结果未受影响。请把下面的信息发给技术支持：")
        err_console.print(traceback.format_exc(), markup=False, highlight=False)
        return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
