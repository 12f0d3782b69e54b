"""Responsibility clauses: who leads, who shares, who implements a task.

Plans write them in many ways; the seeds alone use
``（责任单位：A、B；排第一位的为牵头单位，下同）``, ``（A、B牵头，C、D等部门按职责分工负责，
各县市区人民政府……具体落实，以下均需……落实，不再列出）``, ``（牵头单位：A，责任单位：B、C等）``,
``（A、B按职责分工负责）`` and ``（X负责）``. A clause is split into segments at
top-level commas and semicolons; each segment is classified by its marker
words, and standing rules (下同, 以下均需……落实) are carried in :class:`ClauseState`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Words that end a unit name; used to tell a list of units from any other parenthesis.
UNIT_SUFFIX = (
    r"(?:局|委|办|政府|公司|集团|中心|部|院|厅|会|行|所|队|站|馆|社|室|组|处|科|署|台|校|社区|街道|镇|乡|区|"
    r"管委会|办事处|分局|支行|分行|单位|部门|企业|机构|协会|联合会|总工会|团委|妇联|科协|党校|军分区|海关|中心支行|电力|燃气|移动|联通|电信|铁塔)"
)
_UNIT_RE = re.compile(rf"^.{{1,40}}?{UNIT_SUFFIX}(?:（[^（）]*）)?$")
# The words that label a list of units, one vocabulary for every pattern below.
LEAD_LABEL = r"(?:牵头|主责|主办)(?:单位|部门)"
CO_LABEL = r"(?:配合|参与|协同|协办|协助|协作)(?:单位|部门)"
RESP_LABEL = r"(?:责任|负责|实施)(?:单位|部门)"
_LABEL_WORDS = rf"(?:{LEAD_LABEL}|{RESP_LABEL}|{CO_LABEL})"
_MARKERS = re.compile(
    rf"牵头|{_LABEL_WORDS}|主体责任|责任主体|落实主体|按职责|按职能|分工负责|负责落实|具体落实|负责$|落实$|配合$|参与$"
)
_TAIL = re.compile(r"(?:等(?:相关|有关)?(?:部门|单位|机构|企业)?|等)$")
_SEGMENT_SPLIT = "，；。,;"


@dataclass
class ClauseState:
    """Rules a clause sets for the clauses after it (下同, 以下均需……落实，不再列出)."""

    first_is_lead: bool = False
    standing_implementers: list[str] = field(default_factory=list)


@dataclass
class Roles:
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    implementers: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)  # segments the parser could not classify


@dataclass
class ClauseSpan:
    start: int  # index of the opening （ in the text
    end: int  # index just past the closing ）
    content: str


_LABEL_LINE = re.compile(
    rf"(?:^|(?<=[\n。！？]))[ \t]*(【?(?:{LEAD_LABEL}|{RESP_LABEL})】?[：:][^\n（）]*?(?:（[^\n（）]*）[^\n（）]*?)*)[。；]?[ \t]*(?=\n|$)"
)


class UnbalancedClause(ValueError):
    """A responsibility clause opens with （ and never closes."""

    def __init__(self, fragment: str):
        super().__init__(fragment)
        self.fragment = fragment


def split_top_level(text: str, separators: str) -> list[str]:
    """Split at separators that are not inside nested （）."""
    parts, depth, current = [], 0, []
    for char in text:
        if char == "（":
            depth += 1
        elif char == "）":
            depth = max(0, depth - 1)
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def looks_like_unit(name: str) -> bool:
    name = _TAIL.sub("", name.strip())
    if not name or re.search(r"^以下|均需|为牵头|牵头单位|下同|列出|[：:]", name):
        return False
    return bool(_UNIT_RE.match(name)) and not re.search(r"\d{4}年|[。！？]", name)


def is_clause(content: str, at_end: bool) -> bool:
    """Whether the text inside a pair of （） is a responsibility clause."""
    content = content.strip()
    if not content or len(content) > 400:
        return False
    if re.match(r"^\d", content):
        return False
    segments = split_top_level(content, _SEGMENT_SPLIT)
    if _MARKERS.search(content):
        # A marker word plus at least one unit name somewhere in the clause.
        for seg in segments:
            for item in _units_in(_strip_markers(seg)):
                if looks_like_unit(item):
                    return True
        return False
    # No marker: a bare list of units, accepted only where a clause stands (end of a paragraph).
    if not at_end:
        return False
    items = [i for seg in segments for i in split_top_level(seg, "、")]
    return bool(items) and all(looks_like_unit(i) for i in items)


def find_clauses(text: str) -> list[ClauseSpan]:
    """Every responsibility clause in ``text``, in order. Raises :class:`UnbalancedClause`."""
    spans: list[ClauseSpan] = []
    depth, start = 0, -1
    for index, char in enumerate(text):
        if char == "（":
            if depth == 0:
                start = index
            depth += 1
        elif char == "）" and depth > 0:
            depth -= 1
            if depth == 0:
                content = text[start + 1 : index]
                tail = text[index + 1 :].lstrip("。；;，, \n")
                at_end = not tail or tail.startswith("\n") or text[index + 1 : index + 2] in ("\n", "")
                at_end = at_end or not text[index + 1 :].strip("。；; \n")
                if is_clause(content, at_end):
                    spans.append(ClauseSpan(start, index + 1, content))
    if depth > 0 and start >= 0:
        fragment = text[start : start + 80]
        if _MARKERS.search(fragment):
            raise UnbalancedClause(fragment)
    # A clause written as its own line without brackets: 牵头单位：A　配合单位：B、C
    for m in _LABEL_LINE.finditer(text):
        begin = m.start(1)
        if any(span.start <= begin < span.end for span in spans):
            continue
        content = m.group(1).strip()
        if any(looks_like_unit(u) for seg in split_top_level(_normalise_clause(content), _SEGMENT_SPLIT)
               for u in _units_in(_strip_markers(seg))):
            spans.append(ClauseSpan(begin, m.end(1), content))
    return sorted(spans, key=lambda span: span.start)


_LEAD_LABEL = re.compile(rf"^(?:{LEAD_LABEL}|牵头)\s*[：:]\s*(.+)$")
_RESP_LABEL = re.compile(rf"^(?:{RESP_LABEL})\s*[：:]\s*(.+)$")
_CO_LABEL = re.compile(rf"^(?:{CO_LABEL}|配合)\s*[：:]\s*(.+)$")
_STANDING = re.compile(
    r"^以下(?:各项|所有|全部|各)?(?:任务|工作|措施)?(?:均|都|皆)?(?:需|由|要|应|须)?(.+?)(?:负责)?(?:具体|组织)?落实$"
)
_IMPLEMENT = re.compile(r"^(.+?)(?:(?:负责|具体|切实|认真)*(?:组织|抓好|做好|推动|推进)?落实|(?:为|是|作为)(?:责任|落实|实施)主体)$")
_LEAD_VERB = re.compile(r"^(.+?)(?:共同|分别|联合)?(?:牵头|为牵头单位|为牵头部门)(?:负责|实施|推进)?$")
_SHARE_VERB = re.compile(
    r"^(.+?)(?:(?:按(?:照)?(?:各自)?(?:职责|职能)(?:分工)?|分工|依职责|根据职责)(?:负责|配合|参与|协同|落实)?"
    r"|负责|配合|参与|协同|配合落实|参与落实|为(?:配合|参与|责任|协同|协办)(?:单位|部门))$"
)
_FIRST_IS_LEAD = re.compile(
    r"(?:排|列|位)(?:在|于|名|居)?(?:第一|首)(?:位|个|名)?的?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)"
    r"|(?:第一|首)(?:个|位)(?:单位|部门)?(?:为|是)牵头(?:单位|部门)"
)
# A standing rule: what the segment before it says holds for every later clause too.
_CARRY = re.compile(
    r"^(?:下同|以下同|(?:以下|下文|后文)(?:各项任务)?(?:均|皆|都)?同|以下(?:均)?不再(?:单独|重复|一一)?列出|不再(?:单独|重复|一一)?列出)$"
)
_IGNORE = re.compile(r"^(?:各地区各部门按职责分工负责)$")


def _strip_markers(segment: str) -> str:
    for pattern in (_LEAD_LABEL, _RESP_LABEL, _CO_LABEL):
        m = pattern.match(segment)
        if m:
            return m.group(1)
    for pattern in (_STANDING, _LEAD_VERB, _IMPLEMENT, _SHARE_VERB):
        m = pattern.match(segment)
        if m:
            return m.group(1)
    return segment


def _clean_unit(item: str) -> str:
    item = item.strip().strip("。；，、 ")
    item = re.sub(r"^(?:由|请|各有关单位中的)", "", item)
    item = _TAIL.sub("", item)
    return item.strip()


def _units_in(text: str) -> list[str]:
    """Unit names in a list such as ``A、B和C`` or ``X及各成员单位``."""
    items: list[str] = []
    for part in split_top_level(text, "、"):
        # 和/及/与 join two units only where both sides are whole unit names (not 市自然资源和规划局).
        pieces = re.split(r"(?<=[局委办府司团心部院会行])(?:和|及|与|以及|会同)(?=[市县区省州各国中人])", part)
        for piece in pieces:
            piece = _clean_unit(piece)
            m = re.match(rf"^(.+?{UNIT_SUFFIX})及(各.+)$", piece)
            if m:  # 市碳达峰碳中和工作领导小组办公室及各成员单位
                office, group = m.group(1), m.group(2)
                items.append(office)
                if office.endswith("办公室") and group in ("各成员单位", "各有关成员单位"):
                    group = office[: -len("办公室")] + group
                items.append(group)
                continue
            if piece:
                items.append(piece)
    return items


def is_group(name: str) -> bool:
    """A collective (各县市区人民政府, 领导小组各成员单位), not one unit that can fill a form."""
    return name.startswith("各") or "成员单位" in name or name.endswith(("有关部门", "相关部门", "有关单位", "相关单位"))


_MARKED_LEAD = re.compile(r"^(.+?)（(?:牵头|牵头单位|牵头部门)）$")


def _normalise_clause(content: str) -> str:
    """【牵头单位】A 配合单位：B → 牵头单位：A；配合单位：B (labels run together once spaces are gone)."""
    content = re.sub(rf"【({_LABEL_WORDS})】\s*", r"\1：", content)
    return re.sub(rf"(?<=[^；，。：\s])(?={_LABEL_WORDS}[：:])", "；", content)


def parse_clause(content: str, state: ClauseState) -> Roles:
    """Classify the units of one clause; updates ``state`` with standing rules it declares."""
    content = _normalise_clause(content)
    roles = Roles()
    segments = split_top_level(content, _SEGMENT_SPLIT)
    first_is_lead = state.first_is_lead or bool(_FIRST_IS_LEAD.search(content))
    if _FIRST_IS_LEAD.search(content) and re.search(r"下同|以下同", content):
        state.first_is_lead = True
    has_lead_label = any(
        (_LEAD_LABEL.match(s) or _LEAD_VERB.match(s) or "（牵头" in s) and not _FIRST_IS_LEAD.search(s) for s in segments
    )
    last_role: list[str | None] = [None]

    def add(role: str, names: list[str]) -> None:
        target = {"lead": roles.lead, "co": roles.co, "impl": roles.implementers}[role]
        for name in names:
            marked = _MARKED_LEAD.match(name)
            if marked:  # 责任单位：市发改委（牵头）、市工信局
                roles.lead.append(marked.group(1))
            elif is_group(name) and role != "impl":
                roles.implementers.append(name)
            else:
                target.append(name)

    def listed(names: list[str]) -> None:
        """A list with no marker of its own: first is lead only under 排第一位的为牵头单位."""
        if not has_lead_label and first_is_lead and not roles.lead:
            firsts = [n for n in names if not is_group(n)]
            if firsts:
                add("lead", [firsts[0]])
                names = [n for n in names if n != firsts[0]]
        add("co", names)

    last_implementers: list[list[str]] = [[]]

    def classify(segment: str, labelled: bool = False) -> bool:
        if _FIRST_IS_LEAD.search(segment) or _IGNORE.match(segment):
            return True
        if _CARRY.match(segment):
            # …具体落实，下同 / …负责落实，以下不再列出: those implementers stand for later tasks.
            if last_role[0] == "impl" and last_implementers[0]:
                state.standing_implementers = list(last_implementers[0])
            return True
        m = _STANDING.match(segment)
        if m:
            names = _units_in(m.group(1))
            state.standing_implementers = names
            add("impl", names)
            last_role[0] = "impl"
            return True
        for pattern, role in ((_LEAD_LABEL, "lead"), (_CO_LABEL, "co"), (_RESP_LABEL, None)):
            m = pattern.match(segment)
            if m:
                # 牵头单位：A / 配合单位：B / 责任单位：A、B — unless the list says more itself (责任单位：A牵头，…).
                if not classify(m.group(1), labelled=True):
                    names = _units_in(m.group(1))
                    if role:
                        add(role, names)
                    else:
                        listed(names)
                last_role[0] = role or "co"
                return True
        m = _LEAD_VERB.match(segment)
        if m:
            together = re.match(r"^(.+?)会同(.+)$", m.group(1))
            if together:
                add("lead", _units_in(together.group(1)))
                add("co", _units_in(together.group(2)))
            else:
                add("lead", _units_in(m.group(1)))
            last_role[0] = "lead"
            return True
        m = _IMPLEMENT.match(segment)
        if m and not re.search(r"分工负责|负责$", segment):
            names = _units_in(m.group(1))
            add("impl", names)
            last_implementers[0] = names
            last_role[0] = "impl"
            return True
        m = _SHARE_VERB.match(segment)
        if m:
            inner = m.group(1)
            together = re.match(r"^(.+?)会同(.+)$", inner)
            if together:
                add("lead", _units_in(together.group(1)))
                add("co", _units_in(together.group(2)))
                last_role[0] = "co"
                return True
            names = _units_in(inner)
            sole = (
                len(names) == 1
                and not has_lead_label
                and not roles.lead
                and re.search(r"(?<!分工)(?<!职责)(?<!职能)负责$", segment)
                and not re.search(r"按|分工", segment)
            )
            if sole:
                add("lead", names)
            else:
                listed(names)
            last_role[0] = "co"
            return True
        if labelled:
            return False
        names = _units_in(segment)
        if names and all(looks_like_unit(re.sub(r"（牵头(?:单位|部门)?）$", "", n)) for n in names):
            if last_role[0] is None:
                listed(names)
                last_role[0] = "co"
            else:
                # After “A牵头，” a further bare list shares the work (A牵头，B、C，各乡镇…按职责分工负责).
                add("co" if last_role[0] == "lead" else last_role[0], names)
            return True
        return False

    for segment in segments:
        if not classify(segment):
            roles.unparsed.append(segment)

    for name in state.standing_implementers:
        if name not in roles.implementers:
            roles.implementers.append(name)
    roles.lead = list(dict.fromkeys(roles.lead))
    roles.co = [n for n in dict.fromkeys(roles.co) if n not in roles.lead]
    roles.implementers = [n for n in dict.fromkeys(roles.implementers) if n not in roles.lead and n not in roles.co]
    return roles
