"""Never lose a clause silently (issue 9, item 5).

Every responsibility clause found anywhere in a document (each paragraph of its cleaned text) is
either part of a task's clause or listed in the review notes with its line — checked on every
document in the test suite: the seeds, every probe, and the small documents of the other tests.
"""

import re
from pathlib import Path

import pytest

from generator.errors import UserError
from generator.plan.clauses import UnbalancedClause, find_clauses
from generator.plan.importer import _RawTask, _unplaced_clauses, import_document
from generator.plan.clauses import Roles
from generator.plan.source import read_source
from generator.plan.text import clean_lines, paragraphs
from generator.plan.units import AliasTable
from generator.workspace import BUILTIN_TEMPLATES

from .sample import SAMPLE

ROOT = Path(__file__).resolve().parents[2]
TABLE = AliasTable.load(BUILTIN_TEMPLATES / "unit_aliases.yaml")
DOCUMENTS = sorted(
    [*(ROOT / "plans" / "sources").glob("*.txt"),
     *(path for suffix in ("txt", "docx", "pdf", "html", "xlsx") for path in (ROOT / "tests" / "plan").glob(f"*/*.{suffix}"))],
    key=lambda p: str(p),
)


def flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def assert_no_clause_lost(path: Path) -> None:
    doc = read_source(path)
    try:
        result = import_document(doc, plan_id="x", source_file=path.name, aliases=TABLE)
        placed = "\n".join(flat(t.clause) for t in result.plan.tasks)
        noted = "\n".join(flat(n.text) for n in result.notes)
    except UserError:  # refused with a message (e.g. a task table read elsewhere): then no clause may be in its text
        placed = noted = ""
    lost = []
    for paragraph in paragraphs(clean_lines(doc.lines)):
        try:
            spans = find_clauses(paragraph.text)
        except UnbalancedClause:
            continue
        lost += [f"第{paragraph.line}行：{s.content}" for s in spans if flat(s.content) not in placed and flat(s.content) not in noted]
    assert not lost, lost


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_clause_is_a_task_or_a_review_note(path):
    assert_no_clause_lost(path)


def test_the_sample_document(tmp_path):
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    assert_no_clause_lost(path)


def test_a_clause_outside_every_task_is_listed_with_its_line():
    whole = paragraphs(clean_lines(["1.发展光伏。推进屋顶光伏。（市发改委牵头）", "专栏1 工程", "建设农光互补项目。（市农业农村局负责）"]))
    task = _RawTask(["1"], "", "", "发展光伏", "", "市发改委牵头", Roles(lead=["市发改委"]), 1)
    notes = _unplaced_clauses(whole, [task])
    assert [n.topic for n in notes] == ["责任分工"]
    assert "第 3 行" in notes[0].text and "市农业农村局负责" in notes[0].text
