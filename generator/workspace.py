"""Where things live: a workspace folder holding ``plans/ templates/ workbooks/ reports/``.

The repository itself is a workspace; ``demo`` makes a fresh one. Templates are
looked up in the workspace first and fall back to the toolkit's own
``templates/`` folder, so an office edits wording only where it wants to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

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

    def period_dir(self, period: str) -> Path:
        return self.workbooks_dir / str(period)

    def blank_dir(self, period: str, plan_id: str) -> Path:
        return self.period_dir(period) / "blank" / plan_id

    def inbox_dir(self, period: str) -> Path:
        return self.period_dir(period) / "inbox"

    def archive_dir(self) -> Path:
        return self.workbooks_dir / "archive"

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
