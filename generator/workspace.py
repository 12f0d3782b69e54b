"""Where things live: a workspace folder holding ``plans/ templates/ workbooks/ reports/``.

An office makes its own with :func:`init_workspace` (``make-reports init DIR``);
the repository itself is the demo's home (its ``plans/`` hold the five seed
plans); ``demo`` makes a fresh one. Templates are looked up in the workspace
first and fall back to the toolkit's own ``templates/`` folder, so an office
edits wording only where it wants to.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError, UserError
from .fileio import write_text_atomic

TOOLKIT_ROOT = Path(__file__).resolve().parent.parent
BUILTIN_TEMPLATES = TOOLKIT_ROOT / "templates"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def at(cls, folder: str | Path | None) -> "Workspace":
        root = Path(folder or ".").resolve()
        if root.exists() and not root.is_dir():
            raise UsageError(f"工作区“{root}”不是文件夹。")
        return cls(root)

    @property
    def plans_dir(self) -> Path:
        return self.root / "plans"

    @property
    def workbooks_dir(self) -> Path:
        return self.root / "workbooks"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def store_path(self) -> Path:
        return self.workbooks_dir / "store.sqlite"

    @property
    def secret_path(self) -> Path:
        """Per-workspace signing secret for forms (git-ignored, never printed)."""
        return self.workbooks_dir / ".form-secret"

    def issued_evidence(self) -> list[str]:
        """Signs that forms were ever issued from this workspace (so its secret must never be replaced):
        blank forms, returns archived, a store with anything in it. Chinese phrases naming where; [] for a new one.
        """
        found = []
        blank = _first_file(self.workbooks_dir, ("*", "blank", "*", "*.xlsx"))
        if blank:
            found.append(f"已生成过填报表（{blank.relative_to(self.root).as_posix()}）")
        try:
            if self.store_path.stat().st_size > 0:
                found.append(f"已有数据库（{self.store_path.relative_to(self.root).as_posix()}）")
        except OSError:
            pass
        found += self.collection_evidence()
        return found

    def collection_evidence(self, current_period: str | None = None) -> list[str]:
        """Signs that returns were collected here before (so a missing or empty store is a loss, not a start):
        files in the archive, a collection log in reports/, returns in the inbox of a period other than
        ``current_period``. Chinese phrases naming where; [] when there are none.
        """
        found = []
        archived = _first_file(self.archive_dir(), ("*", "*"))
        if archived:
            found.append(f"归档中已有回表（{archived.relative_to(self.root).as_posix()}）")
        log = _first_file(self.reports_dir, ("*", "报送情况.xlsx"))
        if log:
            found.append(f"已有收集记录（{log.relative_to(self.root).as_posix()}）")
        for inbox in sorted(self.workbooks_dir.glob("*/inbox")) if self.workbooks_dir.is_dir() else []:
            if inbox.parent.name != current_period and _first_file(inbox, ("**", "*")):
                found.append(f"{inbox.parent.name} 已收到过回表（{inbox.relative_to(self.root).as_posix()}）")
                break
        return found

    def period_dir(self, period: str) -> Path:
        return self.workbooks_dir / str(period)

    def blank_dir(self, period: str, plan_id: str) -> Path:
        return self.period_dir(period) / "blank" / plan_id

    def inbox_dir(self, period: str) -> Path:
        return self.period_dir(period) / "inbox"

    def archive_dir(self) -> Path:
        return self.workbooks_dir / "archive"

    @property
    def plan_cache_path(self) -> Path:
        """Parsed plan files kept between runs (:mod:`.plan.cache`); a derivative: deleting it is harmless."""
        return self.workbooks_dir / ".plan-cache.pickle"

    def report_dir(self, period: str) -> Path:
        return self.reports_dir / str(period)

    def template(self, name: str) -> Path:
        """A template file: the workspace's own copy if it has one, else the built-in one."""
        own = self.root / "templates" / name
        return own if own.exists() else BUILTIN_TEMPLATES / name

    def plan_files(self) -> list[Path]:
        if not self.plans_dir.is_dir():
            return []
        return sorted(p for p in self.plans_dir.glob("*.yaml") if not p.name.endswith(".overrides.yaml"))


# What ``init`` writes into the new workspace's templates/ folder: a note, not copies of the templates.
TEMPLATES_NOTE = """本文件夹放本单位要改动的模板；没有放进来的，自动使用工具自带的版本。
需要改哪一个，就从工具的 templates/ 文件夹复制那一个到这里再改（文件名不变）：

  form_instructions.yaml  填报表的填报说明、单元格提示、报送截止日、联系人和联系电话（生成填报表前请先设置联系人）
  settings.yaml           评估口径：序时进度的容差、“左右”的误差等
  unit_aliases.yaml       部门简称对照表（只写本地新增的简称即可，与自带的合并使用）
  report/report.j2        进展情况报告的措辞（Jinja2）
  report/notice.j2        督办通知的措辞（Jinja2）
  report_style.docx       报告的字体和版式参照文档

改好后重新运行相应命令即可生效。
"""
WORKSPACE_FOLDERS = ("plans", "plans/sources", "templates", "workbooks", "reports")
GITIGNORE = "# 生成的表格和报告、签名密钥不入版本库；plans/ 入库\n/workbooks/*\n/reports/*\n"


def is_workspace(folder: Path) -> bool:
    """A folder that already holds a workspace: plans/, workbooks/ or reports/ with anything in them."""
    return any((folder / name).is_dir() and any((folder / name).iterdir()) for name in ("plans", "workbooks", "reports"))


def init_workspace(folder: str | Path) -> Workspace:
    """Create an office's own workspace in ``folder`` (made if missing): ``plans/ plans/sources/ templates/
    workbooks/ reports/``, a note in ``templates/`` on what can be overridden there, and a ``.gitignore``.

    Raises :class:`UserError` when ``folder`` already holds a workspace (never writes over one) and
    :class:`UsageError` when it is a file.
    """
    root = Path(folder).resolve()
    if root.exists() and not root.is_dir():
        raise UsageError(f"“{root}”是文件，不是文件夹；请指定一个新的或空的文件夹。")
    if root == TOOLKIT_ROOT or is_workspace(root):
        what = "工具的仓库文件夹（演示用的工作区）" if root == TOOLKIT_ROOT else "已有的工作区"
        raise UserError(f"“{root}”是{what}，不能在其中重新建立工作区，其中的文件未做任何改动。"
                        "请指定一个新的文件夹，如 make-reports init 碳达峰调度。")
    for name in WORKSPACE_FOLDERS:
        (root / name).mkdir(parents=True, exist_ok=True)
    note = root / "templates" / "说明.txt"
    if not note.exists():
        write_text_atomic(note, TEMPLATES_NOTE)
    ignore = root / ".gitignore"
    if not ignore.exists():
        write_text_atomic(ignore, GITIGNORE)
    return Workspace(root)


def _first_file(folder: Path, pattern: tuple[str, ...]) -> Path | None:
    """The first regular, non-temporary file under ``folder`` matching the glob parts, without listing them all."""
    if not folder.is_dir():
        return None
    for path in folder.glob(os.path.join(*pattern)):
        if not path.name.startswith((".~", "~$")) and path.is_file():
            return path
    return None
