"""The templates command: selection, 发放清单, bad input, and forms checked against the plan files."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.cli import main
from generator.errors import UsageError, UserError
from generator.forms import form_path, generate_forms, read_identity
from generator.forms.columns import FIRST_DATA_ROW, TARGET_SHEET, TASK_SHEET
from generator.period import Period
from generator.plan.planfile import load_plan, plan_digest
from generator.workspace import Workspace

from .conftest import MINI, REPO


def _files(workspace: Workspace) -> list[Path]:
    return sorted(p for p in workspace.workbooks_dir.rglob("*") if p.is_file() and p.name != ".form-secret")


def test_command_writes_every_form_and_the_list(workspace, capsys):
    assert main(["-w", str(workspace.root), "templates", "--period", "2026Q3"]) == 0
    out = capsys.readouterr().out
    blank = workspace.root / "workbooks" / "2026Q3" / "blank"
    names = sorted(p.name for p in (blank / "mini").iterdir())
    assert names == sorted(f"2026Q3_{u}_填报表.xlsx" for u in ["市发展改革委", "市工业和信息化局", "市住房城乡建设局", "市生态环境局", "市林业局", "国网示例供电公司"])
    assert "共生成 6 份填报表" in out and "各区县人民政府" in out  # the unit without a form is listed
    ws = openpyxl.load_workbook(blank / "发放清单.xlsx")["发放清单"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    header = [c.value for c in ws[2]]
    assert header[:8] == ["序号", "计划", "计划名称", "单位", "填报表文件", "牵头任务", "配合任务", "量化目标"]
    assert "联系人" in header
    by_unit = {r[3]: r for r in rows}
    assert len(by_unit) == 7
    assert by_unit["市发展改革委"][4] == "mini/2026Q3_市发展改革委_填报表.xlsx"
    assert by_unit["市发展改革委"][5:8] == [3, 1, 5]
    assert by_unit["各区县人民政府"][4] == "（不发放）" and "统称" in by_unit["各区县人民政府"][10]


def test_unit_by_alias_and_partial_run_keeps_the_list_whole(workspace, period):
    generate_forms(workspace, period)
    result = generate_forms(workspace, period, unit_names=["市发改委"])  # an alias
    assert [f.unit for f in result.forms] == ["市发展改革委"]
    ws = openpyxl.load_workbook(result.manifest)["发放清单"]
    rows = {r[3]: r for r in ([c.value for c in row] for row in ws.iter_rows(min_row=3))}
    assert len(rows) == 7 and rows["市林业局"][4].endswith("市林业局_填报表.xlsx")
    assert "此前已生成" in rows["市林业局"][10]


def test_unit_with_nothing_to_answer_is_listed_not_sent(workspace, period):
    path = workspace.plans_dir / "mini.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["units"].append({"name": "市统计局", "aliases": [], "kind": "department"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = generate_forms(workspace, period, unit_names=["市统计局"])
    assert result.forms == []
    assert [(s.unit, "没有" in s.reason) for s in result.skipped] == [("市统计局", True)]
    assert not form_path(workspace, period, "mini", "市统计局").exists()


@pytest.mark.parametrize(
    "args,code,words",
    [
        (["--period", "2026Q3", "--plan", "nope"], 2, ["找不到计划", "mini"]),
        (["--period", "2026Q3", "--unit", "市教育局"], 2, ["找不到单位", "市发展改革委", "市林业局"]),
        (["--period", "2026Q5"], 2, ["2026Q5", "Q1—Q4"]),
        (["--period", "26Q3"], 2, ["格式"]),
    ],
)
def test_bad_usage(workspace, capsys, args, code, words):
    assert main(["-w", str(workspace.root), "templates", *args]) == code
    err = capsys.readouterr().err
    for word in words:
        assert word in err
    assert "Traceback" not in err
    assert _files(workspace) == []


def test_plan_failing_the_check_is_refused(workspace, capsys):
    path = workspace.plans_dir / "mini.yaml"
    text = path.read_text(encoding="utf-8").replace("co: [市林业局, 市生态环境局]", "co: [市林业局, 市环保局]")
    path.write_text(text, encoding="utf-8")
    assert main(["-w", str(workspace.root), "templates", "--period", "2026Q3"]) == 1
    err = capsys.readouterr().err
    assert "未通过检查" in err and "任务 T04" in err and "“市环保局”不在 units 单位名录中" in err
    assert _files(workspace) == []


def test_broken_plan_file_is_refused(workspace, capsys):
    (workspace.plans_dir / "mini.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert main(["-w", str(workspace.root), "templates", "--period", "2026Q3"]) == 1
    assert "YAML 格式有误" in capsys.readouterr().err


def test_duplicate_row_ids_are_refused(workspace, period):
    path = workspace.plans_dir / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: T03-2", "id: T03-1"), encoding="utf-8")
    with pytest.raises(UserError) as info:
        generate_forms(workspace, period)
    assert any("T03-1" in d and "重复" in d for d in info.value.details)


def test_no_plans(tmp_path, period):
    with pytest.raises(UserError, match="没有计划文件"):
        generate_forms(Workspace.at(tmp_path), period)


def test_output_folder_not_writable(workspace, capsys):
    (workspace.root / "workbooks" / "2026Q3").mkdir(parents=True)
    (workspace.root / "workbooks" / "2026Q3" / "blank").write_text("a file where the folder should be")
    assert main(["-w", str(workspace.root), "templates", "--period", "2026Q3"]) == 1
    err = capsys.readouterr().err
    assert "无法在文件夹" in err and "可写" in err
    assert [p.name for p in _files(workspace)] == ["blank"]


@pytest.mark.parametrize("lock", ["~$2026Q3_市林业局_填报表.xlsx", ".~lock.2026Q3_市林业局_填报表.xlsx#"])
def test_form_open_in_another_program(workspace, period, lock):
    generate_forms(workspace, period)
    target = form_path(workspace, period, "mini", "市林业局")
    before = {p: p.read_bytes() for p in _files(workspace)}
    (target.parent / lock).write_text("owner")
    with pytest.raises(UserError) as info:
        generate_forms(workspace, period, previous=None, unit_names=None)
    assert "可能正被 Excel、WPS 或 LibreOffice 打开" in info.value.message
    assert "市林业局" in info.value.details[0]
    after = {p: p.read_bytes() for p in _files(workspace) if p.name != lock}
    assert after == before  # nothing rewritten, nothing half-written
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".~tmp")]


def test_replace_refused_by_the_system(workspace, period, monkeypatch):
    """On Windows an open file cannot be replaced: atomic_path turns that into the Chinese message."""
    import os

    real = os.replace

    def refuse(src, dst):
        if "市林业局" in str(dst):
            raise PermissionError(13, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(UserError, match="文件可能正被 Excel、WPS 或其他程序打开"):
        generate_forms(workspace, period)
    folder = form_path(workspace, period, "mini", "市林业局").parent
    assert not [p for p in folder.iterdir() if p.name.startswith(".~tmp") or "市林业局" in p.name]


def test_instruction_template_missing_or_broken(workspace, period):
    own = workspace.root / "templates" / "form_instructions.yaml"
    own.parent.mkdir()
    own.write_text("settings: [\n", encoding="utf-8")
    with pytest.raises(UserError, match="YAML 格式有误"):
        generate_forms(workspace, period)
    builtin = yaml.safe_load((REPO / "templates" / "form_instructions.yaml").read_text(encoding="utf-8"))
    builtin["guide"] = "{% if %}"
    builtin["hints"]["status"]["title"] = "很长的标题" * 10
    del builtin["status_definitions"]["未启动"]
    own.write_text(yaml.safe_dump(builtin, allow_unicode=True), encoding="utf-8")
    with pytest.raises(UserError) as info:
        generate_forms(workspace, period)
    details = "\n".join(info.value.details)
    assert "guide" in details and "hints.status.title" in details and "未启动" in details
    assert _files(workspace) == []


def test_workspace_template_overrides_wording(workspace, period):
    own = workspace.root / "templates" / "form_instructions.yaml"
    own.parent.mkdir()
    data = yaml.safe_load((REPO / "templates" / "form_instructions.yaml").read_text(encoding="utf-8"))
    data["settings"]["deadline_days_after_period_end"] = 5
    data["settings"]["contact_person"] = "王五"
    own.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = generate_forms(workspace, period, unit_names=["市林业局"])
    text = "\n".join(str(c.value) for c in openpyxl.load_workbook(result.forms[0].path)["填报说明"]["A"] if c.value)
    assert "2026年10月5日" in text and "王五" in text


# --------------------------------------------------------------------------- forms against the plan files


def _plan_files() -> list[Path]:
    return [MINI, *Workspace(REPO).plan_files()]


def _expected(plan, unit: str, period: Period):
    """An independent reading of the plan: (tasks with roles, target ids) this unit must get."""
    tasks = []
    for task in plan.tasks:
        if unit in task.lead or (not task.lead and not task.co and task.reporter == unit):
            tasks.append((task.id, "牵头"))  # a task naming only collectives is reported by its reporter
        elif unit in task.co:
            tasks.append((task.id, "配合"))
    groups = {u.name for u in plan.units if u.kind == "implementer_group"}
    targets = set()
    for task in plan.tasks:
        for target in task.targets:
            listed = task.lead + task.co
            reporter = target.reporter or (listed[0] if listed else None)
            if reporter in groups:  # groups get no form: the first other listed unit answers
                reporter = next((u for u in listed if u not in groups), reporter)
            if reporter == unit:
                targets.add(target.id)
    targets |= {i.id for i in plan.indicators if unit in i.responsible}
    return tasks, targets


@pytest.mark.parametrize("plan_file", _plan_files(), ids=lambda p: p.stem)
def test_forms_match_the_plan(tmp_path, plan_file):
    period = Period.parse("2026Q3")
    (tmp_path / "plans").mkdir()
    shutil.copy(plan_file, tmp_path / "plans" / plan_file.name)
    workspace = Workspace.at(tmp_path)
    plan = load_plan(plan_file)
    result = generate_forms(workspace, period)
    written = {f.unit: f for f in result.forms}
    goal_ids = {g.id for g in plan.goals}
    goals_seen = []
    for unit in plan.units:
        tasks, targets = _expected(plan, unit.name, period)
        if unit.kind == "implementer_group" or (not tasks and not targets and unit.name not in written):
            assert unit.name not in written
            continue
        form = written[unit.name]
        wb = openpyxl.load_workbook(form.path)
        ws = wb[TASK_SHEET]
        got_tasks = [(ws.cell(r, 1).value, ws.cell(r, 5).value) for r in range(FIRST_DATA_ROW + 1, ws.max_row + 1) if ws.cell(r, 5).value]
        assert got_tasks == tasks, unit.name
        ws = wb[TARGET_SHEET]
        got_targets = [ws.cell(r, 1).value for r in range(FIRST_DATA_ROW + 1, ws.max_row + 1) if ws.cell(r, 3).value]
        assert targets <= set(got_targets), unit.name
        goals_seen += [t for t in got_targets if t in goal_ids]
        assert set(got_targets) - targets <= goal_ids  # anything else is a goal given by the owner rule
        stamp = read_identity(form.path)
        assert stamp.identity.unit == unit.name and stamp.identity.plan_digest == plan_digest(plan)
        assert list(stamp.identity.task_row_ids) == [t for t, _ in tasks]
        assert list(stamp.identity.target_row_ids) == got_targets
    assert sorted(goals_seen) == sorted(goal_ids)  # every goal goes to exactly one unit


def test_generate_rejects_unknown_period_type(workspace):
    with pytest.raises(UsageError):
        generate_forms(workspace, "2026Q9")
