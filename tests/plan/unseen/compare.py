"""Import a probe document with the real CLI and compare the plan file with the hand-written answer.

Used by ``test_unseen.py`` (one test per document, all mismatches listed at once) and by
``score.py`` (a per-document score table). Nothing here knows how the importer works: it reads
only ``plans/<id>.yaml`` and the source document.

Unit names in the expected answers may be written in any spelling: a name is resolved through
the imported unit directory (name + aliases), so "区发改局" matches a unit named "区发展和改革局"
only when the importer merged the two spellings. Tasks are paired with the expected ones in
document order by title (exact first, then by the expected title appearing in the task's title
or text), so one missing task does not shift every later comparison.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).parent

DOCUMENTS = ["a_tongxi", "b_yunling", "c_yuanchuan", "c_yuanchuan_paren", "d_liyang"]


def source_path(name: str, folder: Path = HERE) -> Path:
    """A probe document in ``folder`` (this one, or another probe's)."""
    for suffix in (".txt", ".docx", ".pdf", ".html", ".xlsx"):
        path = folder / f"{name}{suffix}"
        if path.exists():
            return path
    raise FileNotFoundError(name)


def answered_documents(folder: Path) -> list[str]:
    """The probe documents in ``folder`` that have a hand answer (``NAME.expected.yaml``), sorted."""
    return sorted(p.name[: -len(".expected.yaml")] for p in folder.glob("*.expected.yaml"))


def expected_for(name: str, folder: Path = HERE) -> dict:
    base = "c_yuanchuan" if name == "c_yuanchuan_paren" else name
    return yaml.safe_load((folder / f"{base}.expected.yaml").read_text(encoding="utf-8"))


def parenthesised_variant(text: str) -> str:
    """c_yuanchuan with each stand-alone responsibility line (or pair of lines) put in （…）.

    Separates "own-line clauses are not recognised" from everything else the document probes.
    """
    out: list[str] = []
    clause = re.compile(r"^(牵头单位|牵头部门|责任单位|配合单位)：")
    for line in text.split("\n"):
        if clause.match(line):
            content = re.sub(r"[\u3000 ]{2,}", "；", line.strip())
            if out and out[-1].startswith("（牵头单位：") and line.startswith("配合单位："):
                out[-1] = out[-1][:-1] + "；" + content + "）"
            else:
                out.append("（" + content + "）")
        else:
            out.append(line)
    return "\n".join(out)


def document_for(name: str, folder: Path) -> Path:
    """The file to import: the probe itself, or a variant written into ``folder``."""
    if name == "c_yuanchuan_paren":
        path = folder / "c_yuanchuan_paren.txt"
        path.write_text(parenthesised_variant(source_path("c_yuanchuan").read_text(encoding="utf-8")), encoding="utf-8")
        return path
    return source_path(name)


def run_import(path: Path, workspace: Path, plan_id: str) -> tuple[int, dict | None, str]:
    """(exit status, plan file as a dict or None, what the CLI printed)."""
    from generator.cli import main

    (workspace / "plans").mkdir(parents=True, exist_ok=True)
    # A reviewer's documented corrections for what the importer flags but must not guess.
    overrides = HERE / f"{plan_id}.overrides.yaml"
    if overrides.exists():
        (workspace / "plans" / overrides.name).write_bytes(overrides.read_bytes())
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(["-w", str(workspace), "plan", "import", str(path), "--id", plan_id])
        except SystemExit as exc:  # pragma: no cover - the CLI returns, but be safe
            status = int(exc.code or 0)
    plan_file = workspace / "plans" / f"{plan_id}.yaml"
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8")) if plan_file.exists() else None
    return status, plan, out.getvalue() + err.getvalue()


# --------------------------------------------------------------------------- comparison


@dataclass
class Score:
    tasks: int = 0  # expected tasks
    found: int = 0  # paired with a produced task whose title is right
    found_other_title: int = 0  # paired, but the title differs
    extra: int = 0  # produced tasks with no expected counterpart
    lead_ok: int = 0
    co_ok: int = 0
    roles_ok: int = 0  # lead and co both right
    impl_ok: int = 0
    deadline_ok: int = 0
    targets: int = 0
    targets_ok: int = 0
    targets_extra: int = 0
    goals: int = 0
    goals_ok: int = 0
    goals_extra: int = 0
    meta: int = 0
    meta_ok: int = 0
    groups: int = 0
    groups_ok: int = 0

    def line(self, name: str) -> str:
        return (
            f"{name:18} tasks {self.found}/{self.tasks} (+{self.found_other_title} wrong title, {self.extra} extra) · "
            f"lead+co {self.roles_ok}/{self.tasks} (lead {self.lead_ok}, co {self.co_ok}) · impl {self.impl_ok}/{self.tasks} · "
            f"deadline {self.deadline_ok}/{self.tasks} · targets {self.targets_ok}/{self.targets} (+{self.targets_extra} extra) · "
            f"goals {self.goals_ok}/{self.goals} (+{self.goals_extra} extra) · meta {self.meta_ok}/{self.meta} · "
            f"merges {self.groups_ok}/{self.groups}"
        )


@dataclass
class Report:
    name: str
    status: int
    output: str
    mismatches: list[str] = field(default_factory=list)
    score: Score = field(default_factory=Score)


def _norm_title(text: str) -> str:
    return re.sub(r"[\s。：:，；]", "", text or "")


def _num(value):
    if value is None:
        return None
    return round(float(value), 4)


def _unit_text(unit):
    return None if unit is None else str(unit).replace("％", "%")


def _target_key(t: dict) -> tuple:
    return (t.get("year"), _num(t.get("value")), _unit_text(t.get("unit")), t.get("comparator"), t.get("direction"))


def _fmt_target(t: dict) -> str:
    year, value, unit, comparator, direction = _target_key(t)
    about = t.get("indicator") or t.get("about") or ""
    return f"{year} {about} {comparator} {value}{unit or ''} ({direction})"


class _Units:
    """Resolves a spelling to the imported unit it belongs to."""

    def __init__(self, plan: dict):
        self.index: dict[str, int] = {}
        self.names: list[str] = []
        for n, unit in enumerate(plan.get("units") or []):
            self.names.append(unit["name"])
            for spelling in [unit["name"], *(unit.get("aliases") or [])]:
                self.index.setdefault(spelling, n)

    def key(self, name: str):
        return self.index.get(name, name)

    def same(self, expected: list[str], produced: list[str]) -> bool:
        return sorted(map(str, map(self.key, expected))) == sorted(map(str, map(self.key, produced))) and len(
            set(map(self.key, expected))
        ) == len(expected)


class _Lines:
    """Finds the source line of a phrase (for readable mismatch reports)."""

    def __init__(self, path: Path):
        from generator.plan.source import read_source

        self.lines = read_source(path).lines
        self.flat = [re.sub(r"\s", "", line) for line in self.lines]

    def of(self, phrase: str) -> str:
        phrase = re.sub(r"\s", "", phrase or "")[:12]
        if not phrase:
            return "?"
        for n, line in enumerate(self.flat, start=1):
            if phrase in line and "……" not in line:  # not a table-of-contents entry
                return str(n)
        return "?"


def _compare_targets(where: str, expected: list[dict], produced: list[dict], mismatches: list[str]) -> tuple[int, int]:
    """(matched, extra); records one line per missing or extra target."""
    remaining = list(produced)
    matched = 0
    missing = []
    for target in expected:
        key = _target_key(target)
        hit = next((p for p in remaining if _target_key(p) == key), None)
        if hit is not None:
            remaining.remove(hit)
            matched += 1
        else:
            missing.append(target)
    for target in missing:
        # The produced target that is probably meant: same year and value, or same year and about-word.
        near = next(
            (p for p in remaining if p.get("year") == target.get("year") and _num(p.get("value")) == _num(target.get("value"))),
            None,
        ) or next((p for p in remaining if target.get("about") and target["about"] in (p.get("indicator") or "")), None)
        if near is not None:
            remaining.remove(near)
            mismatches.append(f"{where}: target expected {_fmt_target(target)}, got {_fmt_target(near)}  [quote: {near.get('quote', '')}]")
        else:
            mismatches.append(f"{where}: target missing {_fmt_target(target)}")
    for target in remaining:
        mismatches.append(f"{where}: unexpected target {_fmt_target(target)}  [quote: {target.get('quote', '')}]")
    return matched, len(remaining)


def _pair_tasks(expected: list[dict], produced: list[dict]) -> list[tuple[int, int | None, bool]]:
    """(expected index, produced index or None, title exact?) in document order."""
    pairs = []
    used: set[int] = set()
    cursor = 0
    for e_index, task in enumerate(expected):
        want = _norm_title(task["title"])
        found = None
        for p_index in list(range(cursor, len(produced))) + list(range(0, cursor)):
            if p_index not in used and _norm_title(produced[p_index].get("title")) == want:
                found = (p_index, True)
                break
        if found is None:
            for p_index in range(cursor, len(produced)):
                if p_index in used:
                    continue
                title = _norm_title(produced[p_index].get("title"))
                text = _norm_title(produced[p_index].get("text"))[:80]
                if want and (want in title or (title and title in want and len(title) >= 4) or want in text):
                    found = (p_index, False)
                    break
        if found is None:
            pairs.append((e_index, None, False))
            continue
        used.add(found[0])
        cursor = found[0] + 1
        pairs.append((e_index, found[0], found[1]))
    return pairs


def compare(name: str, expected: dict, status: int, plan: dict | None, output: str, source: Path) -> Report:
    report = Report(name, status, output)
    score, mm = report.score, report.mismatches
    lines = _Lines(source)
    score.tasks = len(expected["tasks"])
    score.targets = sum(len(t.get("targets") or []) for t in expected["tasks"])
    score.goals = len(expected.get("goals") or [])
    score.groups = len(expected.get("unit_groups") or [])
    if plan is None:
        mm.append(f"import failed (exit {status}): {output.strip()[:300]}")
        score.meta = 6
        return report

    # Document facts.
    checks = [
        ("title", expected.get("title"), plan.get("title")),
        ("issuer", expected.get("issuer"), plan.get("issuer")),
        ("doc_number", expected.get("doc_number"), plan.get("doc_number")),
        ("issued", str(expected.get("issued")), str(plan.get("issued"))),
        ("horizon", expected.get("horizon"), plan.get("horizon")),
        ("columns", expected.get("columns"), [c.get("title") for c in plan.get("columns") or []]),
    ]
    score.meta = len(checks)
    for key, want, got in checks:
        if want == got:
            score.meta_ok += 1
        else:
            mm.append(f"{key}: expected {want!r}, got {got!r}")

    units = _Units(plan)
    # Spellings of one department must be one unit.
    for group in expected.get("unit_groups") or []:
        keys = {units.key(s) for s in group}
        present = [s for s in group if s in units.index]
        if len(keys) == 1 and len(present) == len(group):
            score.groups_ok += 1
        else:
            absent = [s for s in group if s not in units.index]
            split = sorted({units.names[units.index[s]] for s in present})
            mm.append(
                f"units: {group} should be one unit; got {len(split)} unit(s) {split}"
                + (f", spellings not in the directory at all: {absent}" if absent else "")
            )

    # Goals.
    matched, extra = _compare_targets("goals (主要目标)", expected.get("goals") or [], plan.get("goals") or [], mm)
    score.goals_ok, score.goals_extra = matched, extra

    # Indicators (only where the answer lists them).
    if "indicators" in expected:
        got = {i["name"]: i for i in plan.get("indicators") or []}
        for want in expected["indicators"]:
            ind = got.get(want["name"])
            if ind is None:
                mm.append(f"indicator missing: {want['name']}")
                continue
            base = (ind.get("baseline") or {}).get("value")
            targets = {t["year"]: t.get("value") for t in ind.get("targets") or []}
            problems = []
            if _unit_text(ind.get("unit")) != _unit_text(want.get("unit")):
                problems.append(f"unit {ind.get('unit')!r}≠{want.get('unit')!r}")
            if _num(base) != _num(want.get("baseline")):
                problems.append(f"baseline {base!r}≠{want.get('baseline')!r}")
            for year, value in (want.get("targets") or {}).items():
                if _num(targets.get(int(year))) != _num(value):
                    problems.append(f"{year} {targets.get(int(year))!r}≠{value!r}")
            if not units.same(want.get("responsible") or [], ind.get("responsible") or []):
                problems.append(f"responsible {ind.get('responsible')}≠{want.get('responsible')}")
            if problems:
                mm.append(f"indicator {want['name']}: " + "; ".join(problems))
        if len(got) != len(expected["indicators"]):
            mm.append(f"indicators: expected {len(expected['indicators'])} rows, got {len(got)}")

    # Tasks.
    produced = plan.get("tasks") or []
    pairs = _pair_tasks(expected["tasks"], produced)
    used = {p for _, p, _ in pairs if p is not None}
    for e_index, p_index, exact in pairs:
        want = expected["tasks"][e_index]
        where = f"task {e_index + 1} “{want['title']}” (line {lines.of(want['title'])})"
        if p_index is None:
            mm.append(f"{where}: MISSING — no imported task")
            continue
        got = produced[p_index]
        where += f" ≈ {got['id']}"
        if exact:
            score.found += 1
        else:
            score.found_other_title += 1
            mm.append(f"{where}: title expected “{want['title']}”, got “{got.get('title')}” (path {got.get('path')})")
        lead_ok = units.same(want.get("lead") or [], got.get("lead") or [])
        co_ok = units.same(want.get("co") or [], got.get("co") or [])
        impl_ok = units.same(want.get("implementers") or [], got.get("implementers") or [])
        score.lead_ok += lead_ok
        score.co_ok += co_ok
        score.roles_ok += lead_ok and co_ok
        score.impl_ok += impl_ok
        for role, ok in (("lead", lead_ok), ("co", co_ok), ("implementers", impl_ok)):
            if not ok:
                mm.append(f"{where}: {role} expected {want.get(role) or []}, got {got.get(role) or []}  [clause {got.get('clause', '')}]")
        if want.get("deadline") == got.get("deadline"):
            score.deadline_ok += 1
        else:
            mm.append(f"{where}: deadline expected {want.get('deadline')}, got {got.get('deadline')}")
        matched, extra = _compare_targets(where, want.get("targets") or [], got.get("targets") or [], mm)
        score.targets_ok += matched
        score.targets_extra += extra
    for p_index, got in enumerate(produced):
        if p_index not in used:
            score.extra += 1
            mm.append(
                f"EXTRA task {got['id']} “{got.get('title')}” path {got.get('path')} (line {lines.of(got.get('title'))}) "
                f"lead {got.get('lead')} co {got.get('co')}"
            )
    return report


def evaluate_in(folder: Path, name: str, workspace: Path) -> Report:
    """Import the probe ``name`` kept in another probe ``folder`` and compare it with its answer there."""
    path = source_path(name, folder)
    status, plan, output = run_import(path, workspace, name.replace("_", "-"))
    return compare(name, expected_for(name, folder), status, plan, output, path)


def evaluate(name: str, workspace: Path) -> Report:
    path = document_for(name, workspace)
    status, plan, output = run_import(path, workspace, name.replace("_", "-"))
    return compare(name, expected_for(name), status, plan, output, path)
