"""The command line: ``python make_reports.py COMMAND …`` (also installed as ``make-reports``).

Each command is a thin layer over one stage's public entry; messages for users
and every ``--help`` are Chinese, and a user error never shows a traceback. Exit
status (:data:`EXIT_CODES_TEXT`, shown by ``--help``): 0 success, 1 the work ran
but found problems the user must act on, 2 bad usage, 3 the work could not be
done (damaged store, missing secret, full disk, or an internal error).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .console import console, err_console
from .errors import EXIT_FAILED, UserError, UsageError
from .workspace import TOOLKIT_ROOT, Workspace, init_workspace


EXIT_CODES_TEXT = """退出码：
  0  成功
  1  已完成，但有需要处理的问题（有退回的文件、有单位未报送、计划未通过检查、该报送期的填报表尚未发出等）
  2  命令用法有误（参数写错、报送期格式不对、找不到计划或单位）
  3  工作无法完成（数据库损坏、签名密钥丢失、磁盘已满或程序内部错误），提示中写明该恢复或腾出什么"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help with Chinese headings ("用法：" instead of "usage:")."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class _Parser(argparse.ArgumentParser):
    """argparse with help in Chinese that reports usage mistakes in Chinese and exits with status 2."""

    _WORDS = (
        (r"the following arguments are required: (.+)", r"缺少必需的参数 \1"),
        (r"unrecognized arguments: (.+)", r"无法识别的参数 \1"),
        (r"argument (\S+): invalid choice: '([^']*)'.*", r"“\2”不是可用的命令"),
        (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个值"),
        (r"ambiguous option: (\S+) could match (.+)", r"选项 \1 不明确，可能是 \2"),
        (r"argument (\S+): ignored explicit argument '([^']*)'", r"选项 \1 不需要值（写了“\2”）"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本说明后退出")

    def error(self, message: str) -> None:  # pragma: no cover - exercised through main()
        for pattern, words in self._WORDS:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, words, message)
                break
        words = self.prog.split()[1:]
        help_for = " ".join(words) + " " if words else ""
        raise UsageError(f"命令用法有误：{message}。运行 `make-reports {help_for}--help` 查看用法。")


def _example(*lines: str) -> str:
    return "例：\n" + "\n".join(f"  make-reports {line}" for line in lines)


_PERIOD_HELP = "报送期：2026Q3（季度）、2026H1（上半年）或 2026（年度）"
_PLAN_HELP = "只处理该计划：写计划编号、地名或方案标题中的字样，如 zhangjiajie、张家界、江永县（可重复）"


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="make-reports",
        description="碳达峰实施方案调度工具：导入方案、生成各单位填报表、收集回表、评估进展、生成进展情况报告。\n"
        "所有命令都在工作区（本单位的工作文件夹）中运行；先用 init 建立工作区。",
        epilog=_example("init 碳达峰调度", "plan import 方案全文.docx", "templates --period 2026Q3",
                        "collect --period 2026Q3", "report --period 2026Q3 --notices") + "\n\n" + EXIT_CODES_TEXT,
    )
    parser.add_argument("--workspace", "-w", default=None, metavar="文件夹",
                        help="工作区文件夹（含 plans/ templates/ workbooks/ reports/），默认为当前文件夹。例：-w D:\\碳达峰调度")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="命令", title="命令")

    init = sub.add_parser("init", help="建立本单位的工作区（只需一次）",
                          description="在指定文件夹（默认当前文件夹）中建立工作区：plans/ templates/ workbooks/ reports/，"
                          "并说明下一步。文件夹中已有工作区时拒绝执行，不改动任何文件。",
                          epilog=_example("init 碳达峰调度", "init ."))
    init.add_argument("folder", nargs="?", default=None, metavar="文件夹", help="要建立工作区的文件夹（不存在则新建），默认为当前文件夹")

    plan = sub.add_parser("plan", help="导入、核对或检查计划文件",
                          description="计划文件 plans/<编号>.yaml 是实施方案的结构化版本：任务、牵头和配合单位、量化目标、指标体系。",
                          epilog=_example("plan import 方案全文.docx", "plan review plans/zhangjiajie_核对表.xlsx", "plan check"))
    plan_sub = plan.add_subparsers(dest="plan_command", parser_class=_Parser, metavar="子命令", title="子命令")
    imp = plan_sub.add_parser("import", help="把实施方案文档导入为 plans/<编号>.yaml，并写出核对表",
                              description="读取实施方案全文（PDF、Word、WPS、网页、文本，或任务分工表），写出计划文件 plans/<编号>.yaml 和供人工核对的 "
                              "plans/<编号>_核对表.xlsx，列出需要重点核对的地方。源文档复制到 plans/sources/。",
                              epilog=_example("plan import 方案全文.docx", "plan import 江永县碳达峰实施方案.txt --id jiangyong"))
    imp.add_argument("source", metavar="方案文档", help="方案文档路径：PDF（有文字层）、Word（.docx/.doc）、WPS（.wps）、网页（.html）、"
                     "文本（.txt，UTF-8 或 GB18030），或任务分工表（.xlsx/.xls/.ods）。例：方案全文.pdf")
    imp.add_argument("--id", dest="plan_id", metavar="编号", help="计划的简短英文编号，用于文件名（默认按地名拼音生成）。例：--id zhangjiajie")
    imp.add_argument("--out", metavar="文件", help="输出的计划文件（默认 plans/<编号>.yaml）。例：--out plans/zjj.yaml")
    rev = plan_sub.add_parser("review", help="把核对表中的修改变成有据可查的校正，并重新导入",
                              description="读取在 Excel、WPS 或 LibreOffice 中改过的核对表，把改动（牵头单位、配合单位、单位合并、"
                              "目标等）写入 plans/<编号>.overrides.yaml（每条附修改原因），从源文档重新导入，并列出改变了什么。",
                              epilog=_example("plan review plans/zhangjiajie_核对表.xlsx"))
    rev.add_argument("workbook", metavar="核对表", help="plan import 写出的核对表，如 plans/zhangjiajie_核对表.xlsx")
    chk = plan_sub.add_parser("check", help="检查计划文件，并统计任务、单位、目标数",
                              description="检查计划文件是否完整、一致（单位名录、任务编号、目标的方向和比较方式等）。通过后才能生成填报表。",
                              epilog=_example("plan check", "plan check plans/zhangjiajie.yaml"))
    chk.add_argument("files", nargs="*", metavar="计划文件", help="要检查的计划文件（默认 plans/ 下全部）")

    tpl = sub.add_parser("templates", help="生成本期各单位的填报表",
                         description="为每个计划的每个责任单位生成一份本期填报表（workbooks/<报送期>/blank/<计划>/），"
                         "并写出发放清单。联系人、电话、截止日未在 templates/form_instructions.yaml 中设置时会提示。",
                         epilog=_example("templates --period 2026Q3", "templates --period 2026Q3 --plan 张家界 --unit 市发展改革委"))
    tpl.add_argument("--period", required=True, metavar="报送期", help=_PERIOD_HELP + "。例：--period 2026Q3")
    tpl.add_argument("--plan", action="append", dest="plans", default=[], metavar="计划", help=_PLAN_HELP)
    tpl.add_argument("--unit", action="append", dest="units", default=[], metavar="单位",
                     help="只生成该单位的填报表，写单位全称或简称（可重复）。例：--unit 市发改委")

    col = sub.add_parser("collect", help="收集本期收件箱中的回表",
                         description="逐个识别、校验收件箱中的文件（可含子文件夹，文件名随意），接收的入库，"
                         "列出本次新收文件的结果，并更新报送情况表和汇总表。重复运行不会改变已有结果。",
                         epilog=_example("collect --period 2026Q3", "collect --period 2026Q3 --inbox D:\\邮件附件\\三季度"))
    col.add_argument("--period", required=True, metavar="报送期", help=_PERIOD_HELP + "。例：--period 2026Q3")
    col.add_argument("--inbox", metavar="文件夹", help="收件箱文件夹（默认 workbooks/<报送期>/inbox）。例：--inbox 回表")

    st = sub.add_parser("status", help="查看本期各单位报送情况",
                        description="列出每个计划每个单位本期是否已报送、退回待重报或未报送。",
                        epilog=_example("status --period 2026Q3", "status --period 2026Q3 --plan 江永县"))
    st.add_argument("--period", required=True, metavar="报送期", help=_PERIOD_HELP + "。例：--period 2026Q3")
    st.add_argument("--plan", action="append", dest="plans", default=[], metavar="计划", help=_PLAN_HELP)

    rep = sub.add_parser("report", help="评估进展并生成 Word 进展情况报告",
                         description="对照目标和序时进度评估每项任务和目标，生成进展情况报告（.docx）和汇总表，"
                         "可同时生成督办通知。",
                         epilog=_example("report --period 2026Q3", "report --period 2026Q3 --plan 张家界 --notices"))
    rep.add_argument("--period", required=True, metavar="报送期", help=_PERIOD_HELP + "。例：--period 2026Q3")
    rep.add_argument("--plan", action="append", dest="plans", default=[], metavar="计划", help=_PLAN_HELP)
    rep.add_argument("--notices", action="store_true", help="同时为有滞后或未报送任务的单位生成督办通知。例：--notices")

    demo = sub.add_parser("demo", help="在演示工作区中跑完整的三个季度",
                          description="用五个真实方案模拟三个季度：生成填报表、模拟各单位填报、收集、出报告。不影响本单位的工作区。",
                          epilog=_example("demo", "demo --workspace 演示"))
    demo.add_argument("--workspace", dest="demo_workspace", default=None, metavar="文件夹", help="演示工作区（默认 ./demo）。例：--workspace 演示")
    return parser


def _note_repository(workspace: Workspace) -> None:
    """Say so when a command runs on the repository folder, the demo's home, rather than an office's workspace."""
    if workspace.root == TOOLKIT_ROOT:
        err_console.print("[yellow]提示：[/]当前文件夹是工具的仓库（演示用工作区，plans/ 中是五个示例方案）。"
                          "本单位使用请先运行 `make-reports init 文件夹` 建立自己的工作区，再在其中运行命令。")


def _run(args: argparse.Namespace) -> int:
    if args.command == "init":
        return _cli_init(args.folder or args.workspace or ".")
    workspace = Workspace.at(args.workspace)
    if args.command != "demo":
        _note_repository(workspace)
    if args.command == "plan":
        from . import plan as plan_stage

        if args.plan_command == "import":
            return plan_stage.cli_import(workspace, Path(args.source), args.plan_id, Path(args.out) if args.out else None)
        if args.plan_command == "review":
            from .plan.review import cli_review

            return cli_review(workspace, Path(args.workbook))
        if args.plan_command == "check":
            return plan_stage.cli_check(workspace, [Path(f) for f in args.files])
        raise UsageError("请指定 plan import、plan review 或 plan check。运行 `make-reports plan --help` 查看说明。")
    if args.command == "templates":
        from . import forms

        return forms.cli_templates(workspace, args.period, resolve_plans(workspace, args.plans), args.units)
    if args.command == "collect":
        from . import collect

        return collect.cli_collect(workspace, args.period, Path(args.inbox) if args.inbox else None)
    if args.command == "status":
        from . import collect

        return collect.cli_status(workspace, args.period, _issued_only(workspace, args.period, resolve_plans(workspace, args.plans), "查看报送情况"))
    if args.command == "report":
        from . import report

        plans = _issued_only(workspace, args.period, resolve_plans(workspace, args.plans), "生成进展情况报告")
        return report.cli_report(workspace, args.period, plans, notices=args.notices)
    if args.command == "demo":
        from . import demo

        return demo.cli_demo(Path(args.demo_workspace or args.workspace or "demo"))
    raise UsageError("请指定命令：init、plan、templates、collect、status、report 或 demo。运行 `make-reports --help` 查看说明。")


def _cli_init(folder: str) -> int:
    workspace = init_workspace(folder)
    console.print(f"已建立工作区：[bold]{workspace.root}[/]")
    console.print("  plans/      计划文件和方案源文档\n  templates/  本单位改动的模板（见其中的说明.txt）\n"
                  "  workbooks/  填报表、收件箱和数据库\n  reports/    进展情况报告和汇总表")
    here = Path(folder).resolve() == Path.cwd().resolve()
    go = "" if here else f"cd {folder}\n  "
    console.print(f"下一步：把实施方案全文（.docx 或 .txt）放进这个文件夹，然后运行\n  {go}make-reports plan import 方案全文.docx")
    return 0


# --------------------------------------------------------------------------- plan names


def _plan_titles(workspace: Workspace) -> dict[str, tuple[str, str]]:
    """Plan id → (title, issuer), read from the top of each plan file (no full load)."""
    out = {}
    for path in workspace.plan_files():
        head = {}
        with path.open(encoding="utf-8") as f:
            for line in f:
                match = re.match(r"(title|issuer):\s*(.*)$", line)
                if match:
                    head[match.group(1)] = match.group(2).strip().strip("'\"")
                if line.startswith("units:") or len(head) == 2:
                    break
        out[path.stem] = (head.get("title", ""), head.get("issuer", ""))
    return out


def resolve_plans(workspace: Workspace, names: list[str]) -> list[str]:
    """``--plan`` values → plan ids: an id as is, else the one plan whose title or issuer contains the name
    (张家界 → zhangjiajie, 江永县 → jiangyong). Raises :class:`UsageError` naming the plans when a name
    matches none or several."""
    if not names:
        return []
    titles = _plan_titles(workspace)
    listed = "、".join(f"{pid}（{title}）" for pid, (title, _) in sorted(titles.items())) or "（plans/ 中没有计划文件）"
    ids = []
    for name in names:
        key = re.sub(r"\s+", "", name)
        if key in titles:
            ids.append(key)
            continue
        hits = [pid for pid, (title, issuer) in sorted(titles.items()) if key and (key in title or key in issuer or title == key)]
        if len(hits) == 1:
            ids.append(hits[0])
        elif hits:
            raise UsageError(f"“{name}”对应多个计划：{'、'.join(hits)}。请写计划编号或更完整的标题。")
        else:
            raise UsageError(f"找不到计划“{name}”。可用的计划：{listed}。")
    return list(dict.fromkeys(ids))


def _issued_only(workspace: Workspace, period_code: str, plan_ids: list[str], what: str) -> list[str]:
    """The chosen plans (default: all) whose forms of the period were issued; a clear stop when none were.

    A period never issued has no 报送情况 and no report: every unit would read as 未报送.
    """
    from .forms import issued_plans
    from .period import Period

    period = Period.parse(period_code)
    issued = issued_plans(workspace, period)
    chosen = plan_ids or [p.stem for p in workspace.plan_files()]
    kept = [p for p in chosen if p in issued]
    if not kept:
        which = "所选计划" if plan_ids else "本工作区"
        raise UserError(f"{which}{period.label}的填报表尚未发出（没有生成过 {period.code} 的填报表，也没有收到该期的回表），"
                        f"因此无从{what}。请先运行 `make-reports templates --period {period.code}`。")
    skipped = [p for p in chosen if p not in issued]
    if skipped:
        err_console.print(f"[yellow]提示：[/]{'、'.join(skipped)} {period.label}的填报表尚未发出，本次跳过。")
    return kept


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
