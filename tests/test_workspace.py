"""An office's own workspace, end to end, as issue 11's "Done when" describes it.

In a new empty folder: ``init .``, ``plan import`` of a .docx plan (made from a seed with
python-docx, the way Word stores one paragraph per line), one task's lead unit changed in the
核对表 and the workbook saved by real LibreOffice, ``plan review``, ``templates --period 2026Q3``:
the form of the unit named in the review carries that task as 牵头, and ``plan check`` passes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
from generator.cli import main
from generator.plan.planfile import load_plan
from generator.workspace import TOOLKIT_ROOT

from .soffice import convert, needs_soffice

SOURCE = TOOLKIT_ROOT / "plans" / "sources" / "zhangjiajie.txt"


def plan_docx(path: Path) -> Path:
    """The 张家界 plan as a .docx: one paragraph per line of the text, as python-docx (and Word) store it."""
    document = docx.Document()
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(path)
    return path


def test_init_refuses_an_existing_workspace(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "."]) == 0
    out = capsys.readouterr().out
    assert "make-reports plan import" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore", "plans", "reports", "templates", "workbooks"]
    assert [p.name for p in (tmp_path / "templates").iterdir()] == ["说明.txt"]
    (tmp_path / "plans" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    assert main(["init", "."]) == 1
    assert "已有的工作区" in capsys.readouterr().err
    assert (tmp_path / "plans" / "x.yaml").read_text(encoding="utf-8") == "id: x\n"
    assert main(["init", str(TOOLKIT_ROOT)]) == 1


def test_init_refuses_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    assert main(["init", str(tmp_path / "f")]) == 2


def test_done_when(tmp_path, monkeypatch, capsys):
    office = tmp_path / "碳达峰调度"
    office.mkdir()
    monkeypatch.chdir(office)
    assert main(["init", "."]) == 0
    source = plan_docx(tmp_path / "张家界市碳达峰实施方案.docx")
    assert main(["plan", "import", str(source)]) == 0
    review = office / "plans" / "zhangjiajie_核对表.xlsx"
    before = load_plan(office / "plans" / "zhangjiajie.yaml")
    task = before.task("T02")
    assert "市水利局" not in task.lead + task.co

    book = openpyxl.load_workbook(review)
    sheet = book["任务"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "T02")
    row[header.index("牵头单位")].value = "市水利局"
    row[header.index("修改原因")].value = "经领导小组办公室与市水利局确认，由市水利局牵头。"
    staged = tmp_path / "staged"
    staged.mkdir()
    book.save(staged / review.name)
    saved = convert([staged / review.name], "xlsx", tmp_path / "saved")[0]  # LibreOffice opens and saves it
    shutil.copy(saved, review)

    capsys.readouterr()
    assert main(["plan", "review", "plans/zhangjiajie_核对表.xlsx"]) == 0
    out = capsys.readouterr().out
    assert "任务 T02" in out and "牵头单位：市发展改革委 → 市水利局" in out
    overrides = (office / "plans" / "zhangjiajie.overrides.yaml").read_text(encoding="utf-8")
    assert "task: T02" in overrides and "经领导小组办公室与市水利局确认" in overrides
    assert load_plan(office / "plans" / "zhangjiajie.yaml").task("T02").lead == ["市水利局"]

    assert main(["templates", "--period", "2026Q3"]) in (0, 1)
    form = office / "workbooks" / "2026Q3" / "blank" / "zhangjiajie" / "2026Q3_市水利局_填报表.xlsx"
    tasks = openpyxl.load_workbook(form)["重点任务"]
    header = [c.value for c in tasks[2]]
    rows = {r[0].value: r for r in tasks.iter_rows(min_row=3)}
    assert rows["T02"][header.index("本单位职责")].value == "牵头"
    assert main(["plan", "check"]) == 0
    # A second review of the regenerated 核对表 with no edits changes nothing.
    assert main(["plan", "review", "plans/zhangjiajie_核对表.xlsx"]) == 0
    assert "没有改动" in capsys.readouterr().out


for _mark in needs_soffice:
    test_done_when = _mark(test_done_when)


def test_readme_walkthrough_uses_only_commands_typed_in_an_office_folder():
    readme = (TOOLKIT_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## 本单位的工作区")
    walkthrough = readme[start:readme.index("## 各单位看到什么")]
    commands = [line.strip() for block in walkthrough.split("```")[1::2] for line in block.splitlines() if line.strip()]
    assert commands and all(c.startswith(("make-reports ", "cd ")) for c in commands), commands
