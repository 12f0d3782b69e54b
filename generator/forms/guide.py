"""The forms' wording: ``templates/form_instructions.yaml`` (editable by the office).

It holds the settings (deadline after period end, office and contact), the
meaning of each 进展状态 and 达标/未达标, the input hints of every input column,
and the Jinja2 text of the 填报说明 sheet. Anything missing or broken is a
:class:`UserError` naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import jinja2

from ..errors import UserError
from ..fileio import read_yaml
from ..period import Period
from ..plan.model import Plan
from ..returns import JUDGEMENTS, TASK_STATUSES
from ..workspace import Workspace
from .layout import FormContent

TEMPLATE_NAME = "form_instructions.yaml"
HINT_KEYS = (
    "status", "progress", "progress_text", "problems", "next_steps",
    "actual_number", "actual_judgement", "baseline", "baseline_year", "source", "note",
    "person", "phone", "leader", "date",
)
TITLE_LIMIT = 32  # Excel's limits for a data-validation input title and message (UTF-16 units)
MESSAGE_LIMIT = 255

STYLE_TITLE = "title"
STYLE_HEADING = "heading"
STYLE_ITEM = "item"
STYLE_TEXT = "text"


@dataclass(frozen=True)
class Hint:
    title: str
    text: str


@dataclass(frozen=True)
class FormText:
    """The parsed template file; render per form with :meth:`guide_lines`."""

    path: Path
    deadline_days: int
    deadline_set: bool  # settings.deadline_days_after_period_end is written in the file (not the default)
    office_template: jinja2.Template
    contact_person: str
    contact_phone: str
    contact_email: str
    statuses: dict[str, str]
    judgements: dict[str, str]
    hints: dict[str, Hint]
    guide_template: jinja2.Template

    def deadline(self, period: Period) -> date:
        return period.end + timedelta(days=self.deadline_days)

    def unset(self) -> list[str]:
        """What the office has not set yet and every form would lack: 联系人, 联系电话, 报送截止日."""
        missing = []
        if not self.contact_person.strip():
            missing.append("联系人（settings.contact_person）")
        if not self.contact_phone.strip():
            missing.append("联系电话（settings.contact_phone）")
        if not self.deadline_set:
            missing.append(f"报送截止日（settings.deadline_days_after_period_end，现按报送期结束后 {self.deadline_days} 天计算）")
        return missing

    def office(self, plan: Plan) -> str:
        return self._render(self.office_template, "settings.office", plan=plan).strip()

    def guide_lines(
        self, plan: Plan, period: Period, content: FormContent, previous_period: str | None, carried_count: int = 0
    ) -> list[tuple[str, str]]:
        """The 填报说明 sheet as ``(style, text)`` lines."""
        deadline = self.deadline(period)
        text = self._render(
            self.guide_template,
            "guide",
            plan=plan,
            unit=content.unit,
            period=period,
            deadline=chinese_date(deadline),
            period_end=chinese_date(period.end),
            office=self.office(plan),
            contact_person=self.contact_person,
            contact_phone=self.contact_phone,
            contact_email=self.contact_email,
            lead_count=content.lead_count,
            co_count=content.co_count,
            target_count=len(content.targets),
            no_lead_tasks=[t.row_id for t in content.tasks if t.no_lead],
            qualitative_count=sum(1 for t in content.targets if t.qualitative),
            baseline_count=sum(1 for t in content.targets if t.needs_baseline),
            base_year=next((t.baseline_year for t in content.targets if t.baseline_year_input and t.baseline_year), None),
            shared_count=sum(1 for t in content.targets if t.same_as),
            previous_period=previous_period or "",
            carried_count=carried_count,
            statuses=self.statuses,
            judgements=self.judgements,
        )
        lines = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith("## "):
                lines.append((STYLE_HEADING, line[3:].strip()))
            elif line.startswith("# "):
                lines.append((STYLE_TITLE, line[2:].strip()))
            elif line.startswith("- "):
                lines.append((STYLE_ITEM, "· " + line[2:].strip()))
            else:
                lines.append((STYLE_TEXT, line))
        return lines

    def _render(self, template: jinja2.Template, key: str, **context) -> str:
        try:
            return template.render(**context)
        except jinja2.TemplateError as exc:
            raise UserError(f"填报表说明模板“{self.path}”中 {key} 无法生成：{exc}。请检查其中的 {{{{ … }}}} 写法和变量名。") from exc


def chinese_date(day: date) -> str:
    """2026年9月30日: how a date is written on the form."""
    return f"{day.year}年{day.month}月{day.day}日"


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def load_form_text(workspace: Workspace) -> FormText:
    """Read and check the template file (the workspace's own copy, else the toolkit's)."""
    path = workspace.template(TEMPLATE_NAME)
    data = read_yaml(path, "填报表说明模板")

    problems: list[str] = []

    def section(key: str) -> dict:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, dict):
            problems.append(f"缺少“{key}”一节（应为键值对）")
            return {}
        return value

    settings = section("settings")
    statuses = {str(k): str(v) for k, v in section("status_definitions").items()}
    judgements = {str(k): str(v) for k, v in section("judgement_definitions").items()}
    for needed, have, key in ((TASK_STATUSES, statuses, "status_definitions"), (JUDGEMENTS, judgements, "judgement_definitions")):
        missing = [s for s in needed if s not in have]
        extra = [s for s in have if s not in needed]
        if missing:
            problems.append(f"{key} 缺少：{'、'.join(missing)}")
        if extra:
            problems.append(f"{key} 中的“{'、'.join(extra)}”不是表中的选项（应为 {'、'.join(needed)}）")
    statuses = {s: statuses[s] for s in TASK_STATUSES if s in statuses}
    judgements = {s: judgements[s] for s in JUDGEMENTS if s in judgements}

    hints: dict[str, Hint] = {}
    raw_hints = section("hints")
    for key in HINT_KEYS:
        raw = raw_hints.get(key)
        if not isinstance(raw, dict) or not raw.get("title") or not raw.get("text"):
            problems.append(f"hints.{key} 缺少 title 或 text")
            continue
        hint = Hint(str(raw["title"]).strip(), str(raw["text"]).strip())
        if _utf16_len(hint.title) > TITLE_LIMIT:
            problems.append(f"hints.{key}.title 超过 {TITLE_LIMIT} 个字（Excel 的上限），现有 {_utf16_len(hint.title)} 个")
        if _utf16_len(hint.text) > MESSAGE_LIMIT:
            problems.append(f"hints.{key}.text 超过 {MESSAGE_LIMIT} 个字（Excel 的上限），现有 {_utf16_len(hint.text)} 个")
        hints[key] = hint

    deadline_set = settings.get("deadline_days_after_period_end") is not None
    days = settings.get("deadline_days_after_period_end")
    days = 10 if days is None else days
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 120:
        problems.append(f"settings.deadline_days_after_period_end 应为 0—120 之间的整数，实际是“{days}”")
        days = 10

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
    templates: dict[str, jinja2.Template] = {}
    for key, source in (("settings.office", settings.get("office", "领导小组办公室")), ("guide", data.get("guide") if isinstance(data, dict) else None)):
        if not isinstance(source, str) or not source.strip():
            problems.append(f"{key} 应为文字")
            continue
        try:
            templates[key] = env.from_string(source)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(f"{key} 第 {exc.lineno} 行的模板写法有误：{exc.message}")

    if problems:
        raise UserError(f"填报表说明模板“{path}”有误，请修改后重试：", problems)
    return FormText(
        path=path,
        deadline_days=days,
        deadline_set=deadline_set,
        office_template=templates["settings.office"],
        contact_person=str(settings.get("contact_person") or ""),
        contact_phone=str(settings.get("contact_phone") or ""),
        contact_email=str(settings.get("contact_email") or ""),
        statuses=statuses,
        judgements=judgements,
        hints=hints,
        guide_template=templates["guide"],
    )
