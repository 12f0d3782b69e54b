"""Responsibility clauses: who leads, who shares, who implements a task.

Plans write them in many ways. Each way is a named kind kept as data below and tested with small
invented examples in tests/plan/test_clauses.py:

- brackets (OPENERS/CLOSERS, mixed pairs), colons, 〈…〉 inside a name;
- labels (LEAD_LABEL, CO_LABEL, RESP_LABEL, OTHER_LABEL such as 完成时限, never units): 牵头单位：A；配合单位：B,
  责任单位：A，配合单位：B (A leads), 牵头单位：A；责任单位：B (B shares), also on lines of their own;
- verbs after a list: _LEAD_VERB (A牵头, A、B分别牵头, A主责), _SHARE_VERB with DUTY (A、B按职责分工负责),
  _IMPLEMENT (各县市区人民政府具体落实), _STANDING (以下均需……落实);
- standing lead rules (LEAD_RULES: first / before_comma / each_group) wherever they are written: a segment,
  their own bracket, a sentence of the document, a footnote; in force from where they are stated on;
- shared parts written once (_share_parts: 县发展改革局、工信局; 市、区两级财政局; 青禾市、柳源市财政局);
- qualifiers and collectives (_TAIL, _GROUP_JOIN, _NOT_A_UNIT, is_group).

A clause is split into segments at top-level commas and semicolons; each segment is classified by its
marker words, and standing rules (下同, 以下均需……落实) are carried in :class:`ClauseState`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Words that end a unit name; used to tell a list of units from any other parenthesis.
UNIT_SUFFIX = (
    r"(?:局|委|办|政府|公司|集团|中心|部|院|厅|会|行|所|队|站|馆|社|室|组|处|科|署|台|校|社区|街道|镇|乡|区|"
    r"管委会|办事处|分局|支行|分行|单位|部门|企业|机构|协会|联合会|总工会|团委|妇联|科协|党校|军分区|海关|中心支行|电力|燃气|移动|联通|电信|铁塔)"
)
_UNIT_RE = re.compile(rf"^.{{1,40}}?{UNIT_SUFFIX}(?:（[^（）]*）|〈[^〈〉]*〉)?$")
# The words that label a list of units, one vocabulary for every pattern below.
# Kind: labels naming a list of units (牵头单位：A；配合单位：B), one vocabulary for every pattern below.
LEAD_LABEL = r"(?:(?:牵头|主责|主办|主要责任|牵头负责)(?:单位|部门))"
CO_LABEL = r"(?:(?:配合|参与|协同|协办|协助|协作|支持)(?:单位|部门)|(?:其他|其余|相关)责任(?:单位|部门))"
RESP_LABEL = r"(?:(?:责任|负责|实施|承办)(?:单位|部门)|责任主体)"
# Kind: a duty phrase (按职责分工, 根据各自职责, 按职能职责分工).
DUTY = r"(?:(?:按照?|根据|依据|依照|依)(?:各自)?(?:职能职责|职责职能|职责|职能)(?:分工)?|分工)"
_LABEL_WORDS = rf"(?:{LEAD_LABEL}|{RESP_LABEL}|{CO_LABEL})"
_MARKERS = re.compile(
    rf"牵头|{_LABEL_WORDS}|主体责任|责任主体|落实主体|按职责|按职能|分工负责|负责落实|具体落实|负责$|落实$|配合$|参与$"
)
# Qualifier words glued after a list: 等部门, 等市级部门, 等有关单位, 等.
_TAIL = re.compile(r"(?:等(?:[省市县区州]级|[省市县区州]直)?(?:其他|其它)?(?:相关|有关)?(?:成员单位|部门|单位|机构|企业)?|等)$")
_SEGMENT_SPLIT = "，；。,;"

# Kind: brackets a clause may be written in. Any opener closes with any closer, since plans mix
# them (ASCII ``(`` is already full-width after text.normalize_line; ``(…）`` and ``［…］`` occur).
OPENERS = "（［〔【[﹝〖"
CLOSERS = "）］〕】]﹞〗"
_TO_ROUND = str.maketrans({**{c: "（" for c in OPENERS}, **{c: "）" for c in CLOSERS}})

# Kind: standing lead rules, i.e. which listed unit leads. Each is (name, pattern, mode):
#   first        排第一位的为牵头单位 / 列首位的为牵头单位 / 排在第一为牵头单位 / 第一个单位为牵头单位
#   before_comma 逗号前为牵头单位 (every unit before the first comma leads)
#   each_group   两地列首位的为牵头单位 (the clause lists places' units separated by ；, each place's first leads)
_RANK = (r"(?:(?:排|列|位|居)(?:在|于|名|居|序)?(?:第一|首|最前)(?:位|个|名)?|(?:第一|首)(?:个|位|名)|首位|第一(?=单位|部门)"
         r"|排(?:名|序|列)?在(?:最)?前(?:面|列)?)")
_WHO = r"(?:的|者)?(?:单位|部门)?"
_LEADS = r"(?:为|是|作为|系)?(?:负责)?牵头(?:单位|部门)?"
_PLACES = r"(?:两地|两省市|两省|两市|两县|两区|三地|各地|各方|双方|两方)(?:均|各|分别)?(?:以)?"
LEAD_RULES = [
    ("each_group", re.compile(_PLACES + _RANK + _WHO + _LEADS)),
    ("before_comma", re.compile(r"(?:逗号|分号|顿号前第一个)(?:之)?前(?:的|面的)?(?:单位|部门)?" + _LEADS)),
    ("first", re.compile(_RANK + _WHO + _LEADS)),
]
# Kind: a rule's reach. With one of these words the rule also holds for every later clause.
_REACH = re.compile(r"下同|以下|后同|下文|后文|以后|本方案|各项任务")
# Kind: labels that end a unit list but name no unit (完成时限：2025年底前).
OTHER_LABEL = (r"(?:完成时限|完成时间|完成期限|办结时限|时间节点|时间安排|完成节点|时限要求|进度要求"
               r"|责任领导|牵头领导|分管领导|责任人|联系人)")
# Kind: words that are not units on their own (相关单位, bare 单位 or 开发区).
_NOT_A_UNIT = re.compile(r"^(?:其他|其它|各)?(?:相关|有关)?(?:单位|部门|企业|机构|开发区|园区|方面|等)$")


@dataclass
class ClauseState:
    """Rules a clause sets for the clauses after it (下同, 以下均需……落实，不再列出)."""

    first_is_lead: bool = False
    standing_implementers: list[str] = field(default_factory=list)
    lead_rule: str | None = None  # a mode of LEAD_RULES carried by 下同/以下 (first_is_lead means "first")


@dataclass
class Roles:
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    implementers: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)  # segments the parser could not classify
    due: list[int] = field(default_factory=list)  # years of a 完成时限 written in the clause


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
    """Split at separators that are not inside nested brackets (any of OPENERS/CLOSERS)."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
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
    content = _normalise_clause(content.strip())
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
    items = [i for seg in segments for i in _units_in(seg)]
    return bool(items) and all(looks_like_unit(i) for i in items)


def find_clauses(text: str) -> list[ClauseSpan]:
    """Every responsibility clause in ``text``, in order. Raises :class:`UnbalancedClause`."""
    spans: list[ClauseSpan] = []
    depth, start = 0, -1
    for index, char in enumerate(text):
        if char in OPENERS:
            if depth == 0:
                start = index
            depth += 1
        elif char in CLOSERS and depth > 0:
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
        # 牵头单位：A。配合单位：B。严控煤炭消费…: the clause ends where a sentence starts without a label.
        rest = re.search(rf"[。；](?!\s*(?:{_LABEL_WORDS}|{OTHER_LABEL}|牵头|配合)\s*[：:])(?=.)", content)
        if rest:
            content = content[: rest.start()]
        end = begin + len(content)
        if any(looks_like_unit(u) for seg in split_top_level(_normalise_clause(content), _SEGMENT_SPLIT)
               for u in _units_in(_strip_markers(seg))):
            spans.append(ClauseSpan(begin, end, content))
    return sorted(spans, key=lambda span: span.start)


_LEAD_LABEL = re.compile(rf"^(?:{LEAD_LABEL}|牵头)\s*[：:]\s*(.+)$")
_RESP_LABEL = re.compile(rf"^(?:{RESP_LABEL})\s*[：:]\s*(.+)$")
_CO_LABEL = re.compile(rf"^(?:{CO_LABEL}|配合)\s*[：:]\s*(.+)$")
_STANDING = re.compile(
    r"^以下(?:各项|所有|全部|各)?(?:任务|工作|措施)?(?:均|都|皆)?(?:需|由|要|应|须)?(.+?)(?:负责)?(?:具体|组织)?落实$"
)
_IMPLEMENT = re.compile(r"^(.+?)(?:(?:负责|具体|切实|认真)*(?:组织|抓好|做好|推动|推进)?落实|(?:为|是|作为)(?:责任|落实|实施)主体)$")
# Kind: a lead verb after the list (A牵头, A、B分别牵头, A牵头负责, A牵头抓总, A主责).
_LEAD_VERB = re.compile(
    r"^(.+?)(?:共同|分别|联合|负责)?(?:总牵头|牵头|为牵头单位|为牵头部门|主责|负总责)(?:负责|实施|推进|抓总|落实|组织实施|组织|推动)?$"
)
_SHARE_VERB = re.compile(
    rf"^(.+?)(?:{DUTY}(?:负责|配合|参与|协同|落实|推进|实施)?"
    r"|负责|(?:配合|参与|协同|协助|共同)(?:做好|推进|实施|落实|负责)?|协办|支持|为(?:配合|参与|责任|协同|协办)(?:单位|部门))$"
)
_FIRST_IS_LEAD = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in LEAD_RULES))
_OTHER = re.compile(rf"^{OTHER_LABEL}\s*[：:]\s*(.*)$")
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


# Kind: a duty phrase glued to a name (市工信局按职责分工, 市财政局按照各自职能).
_DUTY_TAIL = re.compile(rf"{DUTY}(?:负责|配合|参与|落实)?$")


def _clean_unit(item: str) -> str:
    item = item.strip().strip("。；，、 ")
    item = re.sub(r"^(?:由|请|各有关单位中的)", "", item)
    item = _DUTY_TAIL.sub("", item)
    item = _TAIL.sub("", item)
    return item.strip()


# Kind: shared parts written once.
#   a level word alone before a name shares the name's rest: 市、区两级财政局 → 市财政局, 区财政局;
#   各县、市人民政府 → 各县人民政府, 各市人民政府;
#   a level prefix shared by the names after it: 县发展改革局、工信局、住建局 → 县工信局, 县住建局;
#   省发展改革委、教育厅、科技厅 → 省教育厅, 省科技厅; 市委组织部、宣传部 → 市委宣传部.
_LEVEL = "省市县区州盟旗"
_LEVEL_ONLY = re.compile(rf"^(各)?([{_LEVEL}乡镇]|[\u4e00-\u9fff]{{1,5}}[{_LEVEL}])(?:级)?$")
_LEVEL_HEAD = re.compile(rf"^(各)?([{_LEVEL}乡镇]|[\u4e00-\u9fff]{{1,5}}?[{_LEVEL}](?=[\u4e00-\u9fff]{{2}}))(?:[两三四五]级|各级)?(?=[\u4e00-\u9fff])")
# A place before a department: 市 / 县委 / 沧澜市 / 岚江省 / 地区 / 沧澜市明溪区 (never the 市 of 市场).
_PREFIX = re.compile(rf"^([\u4e00-\u9fff]{{0,8}}(?:地区|[{_LEVEL}])(?![场域级])(?:委|直)?)(?=[\u4e00-\u9fff]{{2}})")
_DEPARTMENT_END = re.compile(r"(?:局|委|厅|办|委员会|办公室|部|署|中心|台|站|院|馆|大队|支队|妇联|科协|工会|残联|侨联|文联|工商联)$")
_OWN_NAME = re.compile(rf"[{_LEVEL}]|^(?:国|中|各|团|共青团|人民|中国|国家|省|团)")
_COMMON_WORDS = re.compile(r"市场|城市|区域|社区|园区|景区|街区|县域|市域|州域")  # no level in them


_BRANCH_UNIT = re.compile(r"(?:局|委|厅|公司)[\u4e00-\u9fff]{1,12}(?:分局|支局|分公司|供电服务中心)$")


def _takes_prefix(item: str) -> bool:
    """A bare department name (工信局, 教育厅) with no place of its own, not a branch (…分局) of another level."""
    return (bool(_DEPARTMENT_END.search(item)) and not _OWN_NAME.search(_COMMON_WORDS.sub("", item))
            and not item.endswith(("分局", "支局")) and len(item) <= 10)


def _shares_with(pending: list[tuple[str, str]], level: str, rest: str) -> bool:
    """Whether places written alone (市、 / 青禾市、) share the rest of the name that follows.

    Level words alone share with any level word (市、区两级财政局; 各县、市人民政府); a named place shares only
    with a place of the same level and a department's or government's rest (青禾市、柳源市财政局)."""
    if all(len(p) == 1 for _, p in pending):
        return len(level) == 1
    return len(level) > 1 and all(len(p) > 1 and p[-1] == level[-1] for _, p in pending) and bool(
        re.search(r"人民政府$|管委会$", rest) or _DEPARTMENT_END.search(rest))


def _share_parts(items: list[str]) -> list[str]:
    out: list[str] = []
    pending_levels: list[tuple[str, str]] = []  # level words waiting for a name (市、区两级…)
    prefix = ""
    for item in items:
        only = _LEVEL_ONLY.match(item)
        if only:
            pending_levels.append((only.group(1) or "", only.group(2)))
            continue
        if pending_levels:
            head = _LEVEL_HEAD.match(item)
            if head and not _shares_with(pending_levels, head.group(2), item[head.end():]):
                head = None  # 临湘高新区、各镇人民政府: two names of their own
            if head:
                rest = item[head.end():]
                every = head.group(1) or pending_levels[0][0]
                out += [every + level + rest for _, level in pending_levels]
                item = every + head.group(2) + rest
            else:
                out += [g + level for g, level in pending_levels]
            pending_levels = []
        else:
            head = _LEVEL_HEAD.match(item)
            if head and re.match(r"^(?:各)?.(?:[两三四五]级|各级)", item):
                item = (head.group(1) or "") + head.group(2) + item[head.end():]  # 县两级财政局 alone
        m = None if _COMMON_WORDS.match(item) or not _DEPARTMENT_END.search(item) else _PREFIX.match(item)
        if m and _BRANCH_UNIT.search(item):
            pass  # 星城市生态环境局云合分局、规划建设局: a branch's place is its parent bureau's, shared with no one
        elif m:
            prefix = m.group(1)
        elif prefix and _takes_prefix(item):
            item = prefix + item
        out.append(item)
    out += [g + level for g, level in pending_levels]
    return out


# Kind: a group word joining a list to a collective: X等部门和各区人民政府, X等单位及各乡镇.
_GROUP_JOIN = re.compile(r"等(?:[省市县区州]级|[省市县区州]直)?(?:相关|有关)?(?:部门|单位|机构)?(?:和|及|与|以及|、)(?=[\u4e00-\u9fff])")


def _units_in(text: str) -> list[str]:
    """Unit names in a list such as ``A、B和C`` or ``X及各成员单位``."""
    items: list[str] = []
    text = _GROUP_JOIN.sub("、", text)
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
    return [i for i in _share_parts(items) if not _NOT_A_UNIT.match(i)]


# Kind: a collective (各县市区人民政府, 区直各部门, 州直各有关部门, 领导小组各成员单位), not one unit.
_GROUP = re.compile(
    r"^(?:[省市县区州]直|[省市县区州]级|全[省市县区州])?各|成员单位|(?:有关|相关)(?:部门|单位)$|各(?:部门|单位)$"
    r"|^(?:县市区|市县区|县市|市县|区县|县区|市州|县|区)(?:（[^（）]*）)(?:人民政府|政府)$"
    r"|^(?:县市区|市县区|县市|市县|区县|县区|市州)(?:人民政府|政府)$|^(?:乡镇|镇街|街镇|乡（镇）)"
)


# The plan's own level's other departments, as a collective (市直有关部门, 县直相关单位).
_DEPARTMENTS_AS_CO = re.compile(r"^[省市县区州旗]直(?:各)?(?:有关|相关)(?:部门|单位)$")


def is_group(name: str) -> bool:
    """A collective (各县市区人民政府, 领导小组各成员单位), not one unit that can fill a form."""
    return bool(_GROUP.search(name))


_MARKED_LEAD = re.compile(r"^(.+?)（(?:牵头|牵头单位|牵头部门)）$")


def _normalise_clause(content: str) -> str:
    """One spelling of a clause: 【牵头单位】A 配合单位：B → 牵头单位：A；配合单位：B, every bracket as （）,
    every colon as ：, and a ； before each label that runs on from the text before it."""
    content = re.sub(rf"【({_LABEL_WORDS}|{OTHER_LABEL})】\s*", r"\1：", content)
    content = content.translate(_TO_ROUND).replace("∶", "：").replace("︰", "：").replace("﹕", "：")
    content = re.sub(rf"(?<=[{_CJK_NAME}])\s*[:]\s*", "：", content)
    content = re.sub(rf"\s+(?=(?:{_LABEL_WORDS}|{OTHER_LABEL})[：:])", "；", content)
    return re.sub(
        rf"([；，。：\s为是系]?)((?:{_LABEL_WORDS}|{OTHER_LABEL}))(?=[：:])",
        lambda m: m.group(0) if m.group(1) or m.start() == 0 else "；" + m.group(2), content,
    )


_CJK_NAME = r"\u4e00-\u9fff）"


@dataclass
class _Rule:
    mode: str | None  # a LEAD_RULES mode, or None
    carries: bool  # holds for later clauses too (下同, 以下…)


def _take_rules(content: str) -> tuple[str, _Rule]:
    """Remove standing lead rules from a clause, wherever they stand: a segment of their own
    (…；排第一位的为牵头单位，下同), their own bracket inside the clause (A、B（排在第一为牵头单位）),
    or a sentence after the list (…。两地列首位的为牵头单位)."""
    mode, carries = None, False

    def found(text: str) -> str | None:
        for name, pattern in LEAD_RULES:
            if pattern.search(text):
                return name
        return None

    def bracket(m: re.Match) -> str:
        nonlocal mode, carries
        kind = found(m.group(1))
        if kind is None:
            return m.group(0)
        mode, carries = mode or kind, carries or bool(_REACH.search(m.group(1)))
        return ""

    content = re.sub(r"（([^（）]*)）", bracket, content)
    kept: list[str] = []
    pieces = re.split(r"([，；。,;])", content)
    segments = [(pieces[i], pieces[i + 1] if i + 1 < len(pieces) else "") for i in range(0, len(pieces), 2)]
    just_ruled = False
    for text, sep in segments:
        kind = found(text)
        stated = _FIRST_IS_LEAD.search(text) if kind else None
        if stated and stated.start() <= 4 and text[stated.end():stated.end() + 1] in ("：", ":"):
            # 两省市列首位的为牵头单位：A、B；C、D — the rule introduces the list
            mode, carries = mode or kind, carries or bool(_REACH.search(text[: stated.end()]))
            kept.append(text[stated.end() + 1:] + sep)
            continue
        if kind and len(text) - len(stated.group(0)) <= 12:
            mode, carries = mode or kind, carries or bool(_REACH.search(text))
            just_ruled = True
            continue
        if just_ruled and _CARRY.match(text.strip()):
            carries = True
            continue
        just_ruled = False
        kept.append(text + sep)
    return "".join(kept).strip("，；。,; "), _Rule(mode, carries)


# Kind: a standing implementer rule stated once, outside any clause: 以下各项任务，各县（市、区）人民政府负责
# 落实，不再一一列出 / 注：各市（州）人民政府负责本地区各项任务的组织落实，表中不再一一列出 /
# 各镇人民政府、街道办事处负责本辖区内相关任务的组织落实，以下不再一一列出.
_STANDING_MARK = re.compile(r"不再(?:一一)?(?:列出|列明|列举|重复)|以下各项|下同")
_STANDING_WHO = re.compile(r"^(?:(?:注|备注|说明)\d?[：:])?(?:以下各项任务|以下任务|各项任务)?[，,]?(.+?)负责(?:本[^，。]{0,8}?)?[^，。]{0,12}?落实")


def _standing_sentence(sentence: str) -> list[str]:
    """The collectives a standing implementer rule names (never a department: they are listed per task)."""
    if not _STANDING_MARK.search(sentence):
        return []
    for part in re.split(r"[，,；;]", sentence.strip()):
        m = _STANDING_WHO.match(part.strip())
        if not m:
            continue
        names = _units_in(m.group(1))
        # 各镇人民政府、街道办事处: the 各 of the first collective is the others' too.
        every = names[0].startswith("各") if names else False
        names = [n if n.startswith("各") or not every else "各" + n for n in names]
        if names and all(is_group(n) for n in names):
            return names
    return []


def rule_outside_clauses(text: str, state: ClauseState) -> None:
    """A standing lead rule written as a sentence of the document, not inside a clause (注：各项任务中排在第一位的
    为牵头单位): it holds for every clause after it."""
    try:
        spans = find_clauses(text)
    except UnbalancedClause:
        return
    for span in reversed(spans):
        text = text[: span.start] + text[span.end:]
    for sentence in re.split(r"[。\n]", text):
        names = _standing_sentence(sentence)
        if names:
            state.standing_implementers = names
        for name, pattern in LEAD_RULES:
            if pattern.search(sentence):
                state.lead_rule, state.first_is_lead = name, name == "first"
                break


def parse_clause(content: str, state: ClauseState) -> Roles:
    """Classify the units of one clause; updates ``state`` with standing rules it declares.

    Shapes: see the module docstring; standing lead rules are LEAD_RULES, applied from the clause
    that states them on (and to later clauses when the rule says 下同/以下).
    """
    content = _normalise_clause(content)
    content, rule = _take_rules(content)
    if rule.mode and rule.carries:
        state.lead_rule = rule.mode
        state.first_is_lead = rule.mode == "first"
    mode = rule.mode or state.lead_rule or ("first" if state.first_is_lead else None)
    if mode == "each_group" and _explicit_lead(content):
        mode = None  # 牵头单位：A、B；责任单位：C、D says itself who leads
    if mode == "each_group" and "；" in content:
        # 甲市A、甲市B；乙市C、乙市D: each place's first listed unit leads.
        roles = Roles()
        for group in split_top_level(content, "；"):
            part = _parse(group, state, "first")
            roles.lead += part.lead
            roles.co += part.co
            roles.implementers += part.implementers
            roles.unparsed += part.unparsed
            roles.due += part.due
        return _finish(roles, state)
    # One list naming several places (青禾市、柳源市财政局): each place's first unit leads.
    return _finish(_parse(content, state, "each_place" if mode == "each_group" else mode), state)


def _explicit_lead(content: str) -> bool:
    segments = split_top_level(content, _SEGMENT_SPLIT)
    return any(_LEAD_LABEL.match(s) or _LEAD_VERB.match(s) or _CO_LABEL.match(s) or "（牵头" in s for s in segments)


_PLACE = re.compile(r"^(?:国网|国家电网)?([\u4e00-\u9fff]{0,6}?[省市县区州盟旗])")


_BRANCH = re.compile(r"局([\u4e00-\u9fff]{1,4}?)[省市县区州]?分局$")  # 市生态环境局青禾分局 works in 青禾


def _place(name: str) -> str:
    branch = _BRANCH.search(name)
    if branch:
        return branch.group(1).rstrip(_LEVEL)
    m = _PLACE.match(name)
    return m.group(1).rstrip(_LEVEL) or m.group(1) if m else name


def _finish(roles: Roles, state: ClauseState) -> Roles:
    for name in state.standing_implementers:
        if name not in roles.implementers:
            roles.implementers.append(name)
    roles.lead = list(dict.fromkeys(roles.lead))
    roles.co = [n for n in dict.fromkeys(roles.co) if n not in roles.lead]
    roles.implementers = [n for n in dict.fromkeys(roles.implementers) if n not in roles.lead and n not in roles.co]
    return roles


def _parse(content: str, state: ClauseState, mode: str | None) -> Roles:
    roles = Roles()
    segments = split_top_level(content, _SEGMENT_SPLIT)
    has_lead_label = any(_LEAD_LABEL.match(s) or _LEAD_VERB.match(s) or "（牵头" in s for s in segments)
    # 责任单位：X，配合单位：Y — with a co label and no lead label, the responsible units lead.
    responsible_lead = not has_lead_label and any(_CO_LABEL.match(s) for s in segments)
    last_role: list[str | None] = [None]
    pending: list[list[str]] = []  # bare lists waiting to learn their role (A、B，C、D牵头 → all lead)

    def add(role: str, names: list[str]) -> None:
        target = {"lead": roles.lead, "co": roles.co, "impl": roles.implementers}[role]
        named = [n for n in names if not is_group(n)]
        for name in names:
            marked = _MARKED_LEAD.match(name)
            if marked:  # 责任单位：市发改委（牵头）、市工信局
                roles.lead.append(marked.group(1))
            elif role == "co" and named and _DEPARTMENTS_AS_CO.search(name) and len(named) == len(names) - 1:
                # 市A、市B、市直有关部门等按职责分工负责: the other departments of the list's own kind
                # share the co work; beside 各街道办事处 or under 负责落实 they are implementers.
                target.append(name)
            elif is_group(name) and role != "impl":
                roles.implementers.append(name)
            else:
                target.append(name)

    def listed(names: list[str]) -> None:
        """A list with no marker of its own: under a standing lead rule, its first (or every unit
        before the first comma) leads."""
        if not has_lead_label and mode and not roles.lead:
            units = [n for n in names if not is_group(n)]
            if units:
                if mode == "before_comma":
                    leads = units
                elif mode == "each_place":
                    leads = list({_place(n): n for n in reversed(units)}.values())[::-1]
                else:
                    leads = units[:1]
                add("lead", leads)
                names = [n for n in names if n not in leads]
        add("co", names)

    def flush() -> None:
        for names in pending:
            listed(names)
        pending.clear()

    last_implementers: list[list[str]] = [[]]

    def classify(segment: str, labelled: bool = False) -> bool:
        if _IGNORE.match(segment):
            return True
        other = _OTHER.match(segment)
        if other:  # 完成时限：2025年底前 — a deadline, never a unit
            roles.due += [int(y) for y in re.findall(r"(20\d{2})\s*年", other.group(1))]
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
                    elif responsible_lead:
                        add("lead", names)
                    else:
                        listed(names)
                last_role[0] = role or ("lead" if responsible_lead else "co")
                return True
        m = _LEAD_VERB.match(segment)
        if m:
            together = re.match(r"^(.+?)会同(.+)$", m.group(1))
            if together:
                add("lead", _units_in(together.group(1)))
                add("co", _units_in(together.group(2)))
            else:
                for names in pending:  # A、B，C、D牵头: the earlier groups lead too
                    add("lead", names)
                pending.clear()
                add("lead", _units_in(m.group(1)))
            last_role[0] = "lead"
            return True
        flush()
        m = _IMPLEMENT.match(segment)
        if m and not re.search(rf"{DUTY}|负责$", segment):
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
            # X负责 / X、Y负责 (no 按职责分工): the units named are the ones responsible — they lead.
            sole = (
                names
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
        if _NOT_A_UNIT.match(_clean_unit(segment)):
            return True  # 相关单位 / 等单位 alone: a qualifier, no unit
        names = _units_in(segment)
        if names and all(looks_like_unit(re.sub(r"（牵头(?:单位|部门)?）$", "", n)) for n in names):
            if last_role[0] is None:
                pending.append(names)
            else:
                # After “A牵头，” a further bare list shares the work (A牵头，B、C，各乡镇…按职责分工负责).
                add("co" if last_role[0] == "lead" else last_role[0], names)
            return True
        return False

    for segment in segments:
        was_pending = len(pending)
        ok = classify(segment)
        if not ok:
            roles.unparsed.append(segment)
        elif len(pending) == was_pending and pending and last_role[0] is not None:
            flush()
    flush()
    # Kind: one unit alone in a plain responsibility list (责任单位：X / （X）), no marker and no
    # standing rule: the one unit named is the one responsible — it leads. A list the document
    # marks as shared work (X按职责分工负责) or labels as co-operating (配合单位：X) keeps it co.
    units = [n for n in roles.co if not is_group(n)]
    if (not roles.lead and len(units) == 1 and not has_lead_label and mode is None
            and not any(_CO_LABEL.match(s) or re.search(rf"{DUTY}|配合|参与|协助|等|相关|有关", s.replace(units[0], ""))
                        for s in segments)):  # 县发改局，相关单位: others share it, unnamed
        roles.lead, roles.co = units, [n for n in roles.co if n not in units]
    return roles
