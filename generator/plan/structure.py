"""The heading tree of a plan: 一、 → （一） → 1. → （1）, with 专栏 boxes beside it.

Numbers are trusted only when they continue a sequence: a wrapped line that
happens to start with ``3.`` is text unless a third item is due there. Inside a
专栏, an item numbered like the next task is taken as that task when its block
carries a responsibility clause, and as a box item otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clauses import UnbalancedClause, find_clauses
from .text import Heading, Paragraph, is_standalone_title


@dataclass
class Block:
    level: int  # 0 root, 1 一、, 2 （一）, 3 1., 4 （1）
    label: str
    number: int
    title: str
    line: int
    texts: list[str] = field(default_factory=list)  # own paragraphs, heading number removed
    children: list["Block"] = field(default_factory=list)
    column: bool = False  # a 专栏 box
    standalone_title: bool = False  # the title stood on its own line

    def own_text(self) -> str:
        return "\n".join(self.texts)

    def all_text(self) -> str:
        parts = [self.own_text()] + [c.all_text() for c in self.children if not c.column]
        return "\n".join(p for p in parts if p)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def title_of(rest: str) -> tuple[str, str, bool]:
    """Split a heading's text into (title, remaining text, standalone?)."""
    if is_standalone_title("1." + rest):
        return rest.rstrip("。：:"), "", True
    m = re.match(r"^([^，。；：:]{2,40})[：:]", rest)
    if m:  # 推进煤炭消费减量替代：严格控制……
        return m.group(1), rest, False
    m = re.match(r"^(.{2,60}?[。！？])", rest)
    if m:
        title = m.group(1).rstrip("。！？")
        if len(title) <= 40:
            return title, rest, False
    first = re.split(r"[，；。：]", rest, maxsplit=1)[0]
    title = first if len(first) <= 40 else first[:40] + "…"
    return title, rest, False


def _title_and_clause(rest: str) -> tuple[str, str, bool]:
    """title_of, except that a clause closing a title line (（一）加强统筹协调（市发改委牵头）) is the block's
    text, not part of its title."""
    try:
        spans = find_clauses(rest)
    except UnbalancedClause:
        spans = []
    if spans and not rest[spans[-1].end:].strip("。；; "):
        before = rest[: spans[0].start].rstrip("。：:，, ")
        if before and "。" not in before and is_standalone_title("1." + before):
            return before, rest[spans[0].start:], True
    return title_of(rest)


def _block_has_clause(paragraphs: list[Paragraph], start: int) -> bool:
    """Does the block starting at ``paragraphs[start]`` (until the next heading of level ≤ 3) carry a clause?"""
    texts = [paragraphs[start].text]
    for p in paragraphs[start + 1 :]:
        if p.heading is not None and p.heading.level in (0, 1, 2, 3):
            break
        texts.append(p.text)
    try:
        return bool(find_clauses("\n".join(texts)))
    except UnbalancedClause:
        return True


@dataclass
class Outline:
    root: Block
    skipped: list[str]  # heading-like lines taken as text (for the review list)


def _rank_kinds(paragraphs: list[Paragraph]) -> None:
    """In a 第X条 document, （一） items under an article are its sub-items (level 4)."""
    if any(p.heading and p.heading.label.startswith("第") and p.heading.label.endswith("条") for p in paragraphs):
        for p in paragraphs:
            if p.heading and p.heading.level == 2 and p.heading.label.startswith("（"):
                p.heading.level = 4


def build_outline(paragraphs: list[Paragraph]) -> Outline:
    _rank_kinds(paragraphs)
    root = Block(0, "", 0, "", 0)
    stack: list[Block] = [root]  # open blocks, deepest last
    last = {1: 0, 2: 0, 3: 0, 4: 0}
    last_task_number_global = 0
    last_area_number_global = 0  # （N） may continue across parts: （五） first under 三、
    column: Block | None = None
    column_item = 0
    skipped: list[str] = []

    def current(level_below: int) -> Block:
        """The deepest open block whose level is < ``level_below``."""
        while stack[-1].level >= level_below and stack[-1] is not root:
            stack.pop()
        return stack[-1]

    def open_block(heading: Heading, paragraph: Paragraph) -> None:
        nonlocal column
        column = None
        parent = current(heading.level)
        title, text, standalone = _title_and_clause(heading.rest)
        block = Block(heading.level, heading.label, heading.number, title, paragraph.line, standalone_title=standalone)
        if text:
            block.texts.append(text)
        parent.children.append(block)
        stack.append(block)

    def add_text(text: str) -> None:
        target = column if column is not None else stack[-1]
        target.texts.append(text)

    for index, paragraph in enumerate(paragraphs):
        heading = paragraph.heading
        if heading is None:
            add_text(paragraph.text)
            continue
        level, n = heading.level, heading.number
        if level == 0:
            parent = current(3) if stack[-1].level >= 3 else stack[-1]
            title = heading.rest.rstrip("。：:")
            column = Block(0, heading.label, n, title, paragraph.line, column=True)
            parent.children.append(column)
            column_item = 0
            continue
        if level == 1:
            if n == last[1] + 1:
                last.update({1: n, 2: 0, 3: 0, 4: 0})
                open_block(heading, paragraph)
                continue
        elif level == 2:
            if n == last[2] + 1 or (last[2] == 0 and n == last_area_number_global + 1):
                last.update({2: n, 3: 0, 4: 0})
                last_area_number_global = n
                open_block(heading, paragraph)
                continue
        elif level == 3:
            task_next = n == last[3] + 1 or n == last_task_number_global + 1
            if column is not None:
                item_next = n == column_item + 1
                if task_next and (not item_next or _block_has_clause(paragraphs, index)):
                    pass  # the column ends; a task follows
                elif item_next or n == 1:
                    column_item = n
                    column.texts.append(paragraph.text)
                    continue
            if task_next:
                last.update({3: n, 4: 0})
                last_task_number_global = n
                open_block(heading, paragraph)
                continue
        elif level == 4:
            if column is not None:
                column.texts.append(paragraph.text)
                continue
            if n == last[4] + 1:
                last[4] = n
                open_block(heading, paragraph)
                continue
        # A heading-like line out of sequence: it is text.
        skipped.append(f"第{paragraph.line}行：“{paragraph.text[:30]}”像标题但编号不连续，已作正文处理")
        add_text(paragraph.text)
    return Outline(root, skipped)

