"""Plan document → :class:`Plan`: the import pipeline, and what it was unsure of.

read → repair lines → split front matter / body / 附件 → heading tree →
tasks (blocks that carry a responsibility clause) → roles → unit directory →
targets and goals → indicator table → documented hand corrections.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from ..errors import UserError
from .clauses import (
    ClauseState, Roles, UnbalancedClause, find_clauses, looks_like_unit, parse_clause, rule_outside_clauses,
)
from .indicators import indicators_from, parse_docx_table, parse_text_table, responsible_units
from .meta import DocumentParts, document_facts, plan_id_for, split_document
from .model import Baseline, Column, Indicator, Plan, Source, Target, Task
from .overrides import Overrides
from .source import SourceDocument
from .structure import Block, build_outline, title_of
from .targets import FoundTarget, extract_targets
from .text import clean_lines, paragraphs
from .units import AliasTable, build_directory

_NOTE = re.compile(r"^[（(]?(?:注|备注|说明)\d?[：:]")
_GOALS_TITLE = re.compile(r"(?:(?:主要|总体|发展|工作|试点|行动)?目标(?:任务)?|主要目标和指标|目标和指标)$")


@dataclass
class ReviewNote:
    """Something a reviewer should check, grouped by ``topic`` in the printed list."""

    topic: str  # 责任分工 | 单位 | 量化目标 | 结构 | 文档
    text: str


@dataclass
class _RawTask:
    path: list[str]
    part: str
    area: str
    title: str
    text: str
    clause: str
    roles: Roles
    line: int


@dataclass
class ImportResult:
    plan: Plan
    notes: list[ReviewNote] = field(default_factory=list)


def _clauses(text: str, line: int) -> list:
    try:
        return find_clauses(text)
    except UnbalancedClause as exc:
        raise UserError(
            f"第 {line} 行附近的责任分工括号不配对：“{exc.fragment}……”缺少右括号“）”。"
            "请在方案文档中补上括号后重新导入。"
        ) from None


def _has_clause(block: Block) -> bool:
    return bool(_clauses(block.all_text(), block.line))


class _TaskCollector:
    """Walks the heading tree in document order, turning clause-bearing blocks into tasks."""

    def __init__(self, notes: list[ReviewNote]):
        self.state = ClauseState()
        self.tasks: list[_RawTask] = []
        self.columns: list[tuple[Block, int]] = []  # (box, number of tasks before it)
        self.notes = notes
        self.prefix: list[str] = []  # 附件2 for the tasks of an attached document

    def attached(self, label: str, root: Block) -> None:
        """The tasks of a document attached after the body (附件2 the action plan), under its own parts."""
        self.state, self.prefix = ClauseState(), [label]
        self.walk(root, [])
        self.state, self.prefix = ClauseState(), []

    def walk(self, block: Block, ancestors: list[Block]) -> None:
        has_clause = {id(c): _has_clause(c) for c in block.children if not c.column}  # scanned once per level
        if not ancestors:
            rule_outside_clauses(block.own_text(), self.state)
        for child in block.children:
            if child.column:
                self.columns.append((child, len(self.tasks)))
                continue
            rule_outside_clauses(child.title + "\n" + child.own_text(), self.state)
            chain = ancestors + [child]
            parts = [c for c in child.children if not c.column]
            with_clause = [c for c in parts if _has_clause(c)]
            descendants_have = bool(with_clause)
            if len(parts) > 1 and with_clause == [parts[-1]] and parts[-1].level == 4 and child.level == 3:
                descendants_have = False  # （1）…（2）……（市X牵头）: one clause for the whole task
            shared = _section_clause(child, parts, with_clause)
            if shared is not None:
                self._shared_clause(child, chain, parts, shared)
                continue
            if not descendants_have and has_clause[id(child)]:
                self._make_tasks(child, chain)
                # 专栏 boxes printed inside a task's block come after that task.
                self.columns += [(b, len(self.tasks)) for b in child.walk() if b.column]
                continue
            if descendants_have and _clauses(child.own_text(), child.line):
                # A heading whose own text carries a clause, and sub-items with their own: each is a task.
                self._make_tasks(child, chain, child.own_text())
            siblings_have = any(has_clause[id(s)] for s in block.children if s is not child and not s.column and s.level == child.level)
            if child.level >= 2 and not descendants_have and siblings_have:
                self.notes.append(
                    ReviewNote("结构", f"第 {child.line} 行“{child.label} {child.title}”没有责任分工，未列为任务（同级条目有责任分工，请核对是否漏写或写法特殊）")
                )
            self.walk(child, chain)

    @staticmethod
    def _part(chain: list[Block]) -> str:
        return chain[0].title if chain else ""

    @staticmethod
    def _area(chain: list[Block]) -> str:
        """The title of the enclosing （一） level (the task's own title when it is at that level)."""
        for block in chain:
            if block.level == 2:
                return block.title
        return chain[1].title if len(chain) > 1 else chain[0].title

    def _shared_clause(self, section: Block, chain: list[Block], parts: list[Block], shared: "_SharedClause") -> None:
        """Every item of ``section`` is a task with the one clause that closes (or opens) the section."""
        self.notes.append(ReviewNote(
            "责任分工",
            f"“{section.label} {section.title}”{'标题（第 ' if shared.opens else '最后一项（第 '}{shared.line} 行）之后单独成段的责任分工"
            f"“{shared.clause}”：本部分各项均无自己的责任分工，已作为该部分全部 {len(parts)} 项任务的责任分工，请核对",
        ))
        for part in parts:
            text = part.all_text()
            if part is parts[-1] and not shared.opens:
                text = text[: text.rindex(shared.clause)].rstrip()
            self._make_tasks(part, chain + [part], text + "\n" + shared.clause)
            self.columns += [(b, len(self.tasks)) for b in part.walk() if b.column]

    def _make_tasks(self, block: Block, chain: list[Block], full: str | None = None) -> None:
        full = block.all_text() if full is None else full
        # A note (注：…不再一一列出) is a rule for every task, read before the walk; never one task's text.
        full = "\n".join(line for line in full.split("\n") if not _NOTE.match(line))
        spans = _clauses(full, block.line)
        segments, start = [], 0
        for span in spans:
            segments.append((full[start : span.start].strip(), span))
            start = span.end
        trailing = full[start:]
        if len(segments) == 1 and len(segments[0][0]) < 15 and (len(trailing.strip()) > 15 or not segments[0][0]):
            # The clause stands right under the title and the task's text follows it.
            text, span = segments[0]
            segments[0] = ((text + "\n" + trailing.strip()).strip(), span)
            trailing = ""
        if trailing.strip("。；; \n"):
            if trailing.startswith("\n") or "\n" in trailing.lstrip("。；; ")[:1]:
                if len(trailing.strip()) > 15:
                    self.notes.append(
                        ReviewNote("结构", f"第 {block.line} 行起的“{block.title}”：责任分工之后的文字未计入任务：“{trailing.strip()[:40]}……”")
                    )
            else:
                last_text, last_span = segments[-1]
                segments[-1] = (last_text + full[last_span.start : last_span.end] + trailing.rstrip(), last_span)
        path = [b.label for b in chain]
        # Several clauses are several tasks when each ends its own paragraph (run-in items with no
        # number, however short the sentence before a clause) or each has a sentence of its own.
        ends_paragraph = all(
            not full[span.end:].lstrip("。；;，, \t") or full[span.end:].lstrip("。；;，, \t").startswith("\n")
            for _, span in segments
        )
        separate = len(segments) > 1 and all(text for text, _ in segments) and (
            ends_paragraph or all(len(text) >= 20 for text, _ in segments))
        if separate:
            for index, (text, span) in enumerate(segments, start=1):
                roles = parse_clause(span.content, self.state)
                title, _, _ = title_of(text)
                self._add(path + [f"第{index}段"], chain, title, text, span.content, roles, block.line)
            return
        roles = Roles()
        clauses = []
        for _, span in segments:
            part = parse_clause(span.content, self.state)
            roles.lead += [u for u in part.lead if u not in roles.lead]
            roles.co += [u for u in part.co if u not in roles.co]
            roles.implementers += [u for u in part.implementers if u not in roles.implementers]
            roles.unparsed += part.unparsed
            roles.due += part.due
            clauses.append(span.content)
        roles.co = [u for u in roles.co if u not in roles.lead]
        text = "".join(t for t, _ in segments).strip()
        title = block.title
        run_in = re.match(r"^([^，。；：\n]{2,20})。(?=.)", text)
        parent = chain[-2] if len(chain) > 1 else None
        run_in_siblings = parent is not None and any(
            len(_clauses(c.own_text(), c.line)) > 1 for c in parent.children if c is not block and not c.column
        )
        if block.level <= 2 and block.standalone_title and run_in and run_in_siblings:
            # （四）碳汇能力巩固提升行动 / 巩固草原森林碳汇。…（X牵头）: a run-in item under an area heading
            # is titled by its own first sentence, as its run-in siblings elsewhere are.
            title = run_in.group(1)
        self._add(path, chain, title, text, "；".join(clauses), roles, block.line)

    def _add(self, path, chain, title, text, clause, roles, line) -> None:
        text = re.sub(r"\n{2,}", "\n", text).strip().rstrip("，；")
        self.tasks.append(_RawTask(self.prefix + path, self._part(chain), self._area(chain), title, text, clause, roles, line))
        for segment in roles.unparsed:
            self.notes.append(ReviewNote("责任分工", f"第 {line} 行“{title}”的责任分工中有无法识别的部分：“{segment}”"))


@dataclass
class _SharedClause:
    clause: str  # the paragraph, brackets included
    line: int
    opens: bool  # stands under the section heading rather than after its last item


def _whole_clause(paragraph: str) -> bool:
    """Is the paragraph nothing but one responsibility clause?"""
    try:
        spans = find_clauses(paragraph)
    except UnbalancedClause:
        return False
    return len(spans) == 1 and not paragraph[: spans[0].start].strip() and not paragraph[spans[0].end:].strip("。；; ")


def _section_clause(section: Block, parts: list[Block], with_clause: list[Block]) -> _SharedClause | None:
    """One clause for a whole section, decided by structure: the section's numbered items carry no
    clause of their own, and exactly one clause — a paragraph by itself — closes the section (after
    its last item) or opens it (right under its heading). Items of a section without any clause
    (总体要求, 保障措施) never match; nor does a last item whose clause ends its own sentence."""
    if section.level not in (1, 2) or len(parts) < 2 or any(p.level <= section.level for p in parts):
        return None
    if not with_clause and len(section.texts) == 1 and _whole_clause(section.texts[0]):
        return _SharedClause(section.texts[0].strip(), section.line, True)
    if with_clause != [parts[-1]] or _clauses(section.own_text(), section.line):
        return None
    tail = parts[-1]
    while [c for c in tail.children if not c.column]:
        tail = [c for c in tail.children if not c.column][-1]
    if len(tail.texts) < 2 or not _whole_clause(tail.texts[-1]):
        return None
    text = parts[-1].all_text()
    clause = tail.texts[-1].strip()
    if _clauses(text[: text.rindex(clause)], parts[-1].line):
        return None  # the last item has a clause of its own too
    return _SharedClause(clause, parts[-1].line, False)


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def _unplaced_clauses(whole: list, tasks: list[_RawTask]) -> list[ReviewNote]:
    """Never lose a clause silently: every responsibility clause found anywhere in the document
    (each paragraph of the cleaned text, front matter and 附件 included) is either part of a task's
    clause or listed here with its line, for the reviewer."""
    used = "\n".join(_flat(t.clause) for t in tasks)
    notes: list[ReviewNote] = []
    for paragraph in whole:
        try:
            spans = find_clauses(paragraph.text)
        except UnbalancedClause:
            continue  # reported where the clause is parsed
        for span in spans:
            if _flat(span.content) not in used:
                notes.append(ReviewNote(
                    "责任分工",
                    f"第 {paragraph.line} 行的责任分工“{span.content}”没有归入任何任务（所在文字：“{paragraph.text[:30]}……”），"
                    "请核对是否漏了一项任务",
                ))
    return notes


_ATTACHMENT = re.compile(r"^附件\s*(\d{1,2}|[一二三四五六七八九十])?\s*[：:]?\s*(.{0,40})$")


def _attachments(lines: list) -> list[tuple[str, list]]:
    """The documents after the body, each from its 附件N line: (label, lines after that line)."""
    found: list[tuple[str, list]] = []
    for line in lines:
        m = _ATTACHMENT.match(line.text)
        if m and not (found and found[-1][1] == [] and not m.group(1)):
            found.append((f"附件{m.group(1) or ''}", []))
            continue
        if found:
            found[-1][1].append(line)
    return [(label, body) for label, body in found if body]


def _find_goals_block(root: Block) -> Block | None:
    for block in root.walk():
        if 1 <= block.level <= 2 and not block.column and _GOALS_TITLE.search(block.title):
            return block
    return None


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _linked_baseline(found: FoundTarget, indicators: list[Indicator]) -> Baseline | None:
    """A baseline for a text target from the indicator table row that measures the same thing."""
    best, best_score = None, 0.0
    for indicator in indicators:
        if indicator.baseline is None or indicator.unit != found.unit:
            continue
        if not any(t.year == found.year for t in indicator.targets):
            continue
        score = _similar(found.indicator, indicator.name)
        if score > best_score:
            best, best_score = indicator, score
    if best is None or best_score < 0.7 or found.value is None:
        return None
    base = best.baseline.value
    consistent = base <= found.value if found.direction == "up" else base >= found.value
    return Baseline(best.baseline.year, base) if consistent else None


def _target(found: FoundTarget, target_id: str, indicators: list[Indicator]) -> Target:
    baseline = Baseline(found.baseline_year, 0) if found.baseline_year else _linked_baseline(found, indicators)
    value = found.value
    comparator = found.comparator
    if found.high is not None and value is not None:
        comparator = ">="  # a range (1—2款): at least the lower end
    return Target(
        id=target_id,
        year=found.year,
        indicator=found.indicator,
        value=value,
        unit=found.unit,
        comparator=comparator,
        direction=found.direction,
        quote=found.quote,
        baseline=baseline,
        aspirational=found.aspirational,
    )


def _collect_tasks(
    parts: DocumentParts, lines: list, root: Block, notes: list[ReviewNote]
) -> tuple[_TaskCollector, list[Block]]:
    """Every clause-bearing item of the plan and of the documents attached to it, in document order;
    then every clause found anywhere that no task took is a review note (nothing lost silently)."""
    collector = _TaskCollector(notes)
    attached_roots: list[Block] = []

    def attachments(lines_of_part: list) -> None:
        for label, lines_of in _attachments(lines_of_part):
            if _clauses("\n".join(line.text for line in lines_of), lines_of[0].number):
                attached_roots.append(build_outline(paragraphs(lines_of)).root)
                collector.attached(label, attached_roots[-1])

    # A footnote (注：排在第一位的为牵头单位), wherever it stands, holds for the whole document;
    # so does a rule in the notice before the plan.
    front = {line.number for line in parts.front}
    for line in lines:
        if _NOTE.match(line.text) or line.number in front:
            rule_outside_clauses(line.text, collector.state)
    # Documents in document order: an attached policy list before the plan's title (附件1 …
    # 附件2 <the plan>), the plan itself, then the documents attached after it.
    attachments(parts.front)
    collector.walk(root, [])
    attachments(parts.appendix)
    notes += _unplaced_clauses(paragraphs(lines), collector.tasks)
    return collector, attached_roots


def _read_goals(parts: DocumentParts, lines: list, root: Block, attached_roots: list[Block], indicators: list[Indicator],
                notes: list[ReviewNote]) -> tuple[list[Target], list[int]]:
    """主要目标: the plan's own part, else that of the plan attached to it (a 通知 or policy list with the plan
    as 附件), else the targets its opening text states (a 工作要点). Returns (goals, years they speak of)."""
    goals: list[Target] = []
    goals_block = next((b for r in [root, *attached_roots] if (b := _find_goals_block(r))), None)
    horizon_years: list[int] = []
    preamble = None
    if goals_block is None:
        placed = {line.number for part in (parts.front, parts.body, parts.appendix, parts.trailer) for line in part}
        first_body = parts.body[0].number if parts.body else 0
        between = [line for line in lines[1:] if line.number not in placed and line.number < first_body]
        opening = "\n".join([p.text for p in paragraphs(between)] + [root.own_text()])
        preamble = extract_targets(opening, carry_year=True)
    if goals_block is None and not (preamble and preamble.targets):
        notes.append(ReviewNote("文档", "没有找到“主要目标”部分，goals 为空"))
        return goals, horizon_years
    if goals_block is None:
        notes.append(ReviewNote("文档", "没有“主要目标”部分，主要目标取自正文开头（一、之前）的文字，请核对"))
    extraction = preamble if goals_block is None else extract_targets(goals_block.all_text(), carry_year=True)
    # Opening text speaks of other years in passing (2024年是实现“十四五”目标的关键一年): only its targets count.
    horizon_years = extraction.years if goals_block is not None else []
    for n, found in enumerate(extraction.targets, start=1):
        goals.append(_target(found, f"G{n}", indicators))
    for text in extraction.unclassified:
        notes.append(ReviewNote("量化目标", f"主要目标：{text}"))
    return goals, horizon_years


def document_id(doc: SourceDocument) -> str:
    """The id a plan gets unless one is given: its place name in pinyin (from the title and issuer)."""
    parts = split_document(clean_lines(doc.lines))
    return plan_id_for(parts.title, document_facts(parts).issuer, doc.path.stem)


def import_document(
    doc: SourceDocument,
    *,
    plan_id: str | None,
    source_file: str,
    aliases: AliasTable,
    overrides: Overrides | None = None,
) -> ImportResult:
    notes: list[ReviewNote] = []
    lines = clean_lines(doc.lines)
    if not lines:
        raise UserError(f"方案文档“{doc.path}”没有可读的文字。")
    parts = split_document(lines)
    facts = document_facts(parts)
    plan_id = plan_id or plan_id_for(parts.title, facts.issuer, doc.path.stem)
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,40}", plan_id):
        raise UserError(f"计划编号“{plan_id}”不可用：只能用小写英文字母、数字、- 和 _（如 zhangjiajie）。")
    outline = build_outline(paragraphs(parts.body))
    for skipped in outline.skipped:
        notes.append(ReviewNote("结构", skipped))

    collector, attached_roots = _collect_tasks(parts, lines, outline.root, notes)
    if not collector.tasks:
        raise UserError(
            f"在“{doc.path}”中没有找到任何带责任分工的任务。"
            "任务后应有括注的责任单位，如“（市发展改革委牵头，市工信局按职责分工负责）”。"
            "请确认这是一份实施方案全文。"
        )

    # Unit directory from every mention, in document order, then the indicator table's departments.
    mentions = [u for t in collector.tasks for u in t.roles.lead + t.roles.co + t.roles.implementers]
    raw_lines = [doc.lines[line.number - 1] for line in parts.appendix]
    table = None
    if doc.tables:
        table = next((p for rows in doc.tables if (p := parse_docx_table(rows))), None)
    if table is None and raw_lines:
        table = parse_text_table(raw_lines, sorted(set(mentions)))
    if table:
        mentions += [u for r in table.rows for u in responsible_units(r.responsible)]
    merges = overrides.unit_merges() if overrides else {}
    directory = build_directory(mentions, aliases, merges)
    notes += [ReviewNote("单位", w) for w in directory.warnings]
    counts = Counter(directory.name(m) for m in mentions)
    for unit in directory.units:
        if unit.kind == "implementer_group":
            continue
        if counts[unit.name] == 1:
            notes.append(ReviewNote("单位", f"“{unit.name}”在全文只出现一次，请核对名称是否写全、写对"))
        if not looks_like_unit(unit.name):
            notes.append(ReviewNote("单位", f"“{unit.name}”不像常见的单位名称（不以局、委、办、公司等结尾），请核对"))

    indicators: list[Indicator] = []
    if table:
        indicators, table_notes = indicators_from(table, directory.name)
        notes += [ReviewNote("量化目标", n) for n in table_notes]

    goals, horizon_years = _read_goals(parts, lines, outline.root, attached_roots, indicators, notes)
    start_year = (facts.schedule_start or facts.issued).year if (facts.schedule_start or facts.issued) else 2021
    horizon = max([y for y in horizon_years if y <= 2060] + [g.year for g in goals] + list(doc.deadlines.values()), default=2030)

    width = 3 if len(collector.tasks) > 99 else 2
    tasks: list[Task] = []
    for n, raw in enumerate(collector.tasks, start=1):
        task_id = f"T{n:0{width}d}"
        extraction = extract_targets(raw.text)
        targets = [_target(found, f"{task_id}-{k}", indicators) for k, found in enumerate(extraction.targets, start=1)]
        for text in extraction.unclassified:
            notes.append(ReviewNote("量化目标", f"{task_id} {raw.title}：{text}"))
        due = [y for y in extraction.years + raw.roles.due if start_year <= y <= 2060] + [t.year for t in targets]
        roles = raw.roles
        task = Task(
            id=task_id,
            path=raw.path,
            part=raw.part,
            area=raw.area,
            title=raw.title,
            text=raw.text,
            lead=[directory.name(u) for u in roles.lead],
            co=[directory.name(u) for u in roles.co],
            implementers=[directory.name(u) for u in roles.implementers],
            deadline=doc.deadlines.get(raw.line) or max(due, default=horizon),  # a task table's 完成时限 rules
            targets=targets,
            clause=f"（{raw.clause}）",
        )
        task.co = [u for u in dict.fromkeys(task.co) if u not in task.lead]
        task.implementers = [u for u in dict.fromkeys(task.implementers) if u not in task.lead + task.co]
        tasks.append(task)

    columns = []
    for block, tasks_before in collector.columns:
        columns.append(
            Column(
                number=block.number,
                title=block.title,
                after=tasks[tasks_before - 1].id if tasks_before else None,
                text="\n".join(block.texts),
            )
        )
    if facts.doc_number is None:
        notes.append(ReviewNote("文档", "没有找到发文字号（doc_number 为 null）"))
    if facts.issued is None:
        when = f"，序时进度从 {facts.schedule_start} 起算" if facts.schedule_start else "，请在覆盖文件中补充 schedule_start"
        notes.append(ReviewNote("文档", f"没有找到印发日期（issued 为 null）{when}"))

    plan = Plan(
        id=plan_id,
        title=parts.title,
        issuer=facts.issuer,
        doc_number=facts.doc_number,
        issued=facts.issued,
        horizon=horizon,
        source=Source(source_file, doc.sha256),
        units=directory.units,
        goals=goals,
        indicators=indicators,
        tasks=tasks,
        columns=columns,
        schedule_start=facts.schedule_start,
    )
    coordinator = plan.coordinating_unit()
    for task in tasks:
        if not (task.lead or task.co) and coordinator:
            task.reporter = coordinator
            notes.append(ReviewNote("责任分工", f"{task.id}“{task.title}”只写了{'、'.join(task.implementers) or '统称的责任主体'}，"
                                               f"改由协调单位“{coordinator}”汇总报送（如需改由其他单位，请在覆盖文件中设置 reporter）"))
    if overrides:
        overrides.apply(plan)
    return ImportResult(plan, notes)
