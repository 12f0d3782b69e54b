"""Quantitative targets in plan text: 到2025年，全市非化石能源消费比重达22%左右.

A sentence is read clause by clause (split at ，；), carrying the target year
(到2025年…；到2030年…) and the indicator (…不低于60%，到2030年不低于70%) from
clause to clause. Each number with a unit inside a year context becomes a
target; its indicator is the phrase before the verb, its comparator and
direction come from the verb and the qualifier after the unit (以上, 左右 …).
Relative (比2020年下降14.5%) and incremental (“十四五”期间新增35.8万千瓦) targets
are stored as the change, with a zero baseline at the reference year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

UNITS = sorted(
    """克标准煤/千瓦时 千克标准煤/万元 吨标准煤/万元 吨二氧化碳/万元 千克标准煤/吨 吨标准煤/吨 千瓦时/吨 克/千瓦时 千克/吨 立方米/吨 万吨标准煤 吨标准煤 万吨标煤 吨标煤 万吨二氧化碳 万千瓦时 亿千瓦时
    千瓦时 万千伏安 万千瓦 千瓦 兆瓦 吉瓦 亿吨 万吨 吨 亿立方米 万立方米 立方米 万平方米 平方米 万平方公里 平方公里 平方千米 万亩 亩 万公顷 公顷 公里 千米
    亿元 万元 元 万辆 辆 万人 万户 户 个百分点 百分点 万个 个 座 家 台套 台 套 处 条 项 所 栋 艘 蒸吨 千伏 小时 次 款 批 株 万株 公斤 千克
    % ‰ 倍 m² 人""".split(),
    key=len,
    reverse=True,
)
# Counting words: “20家规模以上企业” counts the noun after it (a target); a size like “220千伏变电站” only names it.
_COUNT_UNITS = ("个", "万个", "座", "家", "台套", "台", "套", "处", "条", "项", "所", "栋", "艘", "次", "款", "批", "株", "万株",
                "辆", "万辆", "户", "万户", "人", "万人")
_UNIT_ALTERNATIVES = "|".join(re.escape(u) for u in UNITS)
# A range may repeat the unit on its first number: 15%—20%, 2万—3万吨 reads as 15—20%.
_QUANTITY = re.compile(
    r"(\d+(?:\.\d+)?)(?:\s*(?:%|％))?(?:\s*[—–\-~～至到]\s*(\d+(?:\.\d+)?))?\s*(" + _UNIT_ALTERNATIVES + r")"
)
# A number with no unit counts only right after a comparing verb: 电能利用效率不高于1.3
_UNITLESS = re.compile(r"(?:不高于|不低于|不超过|不少于|低于|高于|小于|大于|降到|降至|控制在|提高到|提升至|达到)(\d+(?:\.\d+)?)(?![\d.％%年月日号])")
_QUALIFIER = re.compile(r"^(及以上|及以下|以上|以下|左右|上下|以内|之内|内)")
_YEAR = re.compile(r"(?<![比较于])(?:力争|争取|确保)?(?:到|至|截至|截止到?|在)?\s*(20\d{2})\s*年(?:底|末|前|内|以前|之前)?(?![\d月])")
_FIVE_YEAR = re.compile(r"“?(十四五|十五五|十六五)”?(?:期间|时期|末|中后期|规划期)?")
_FIVE_YEAR_END = {"十四五": 2025, "十五五": 2030, "十六五": 2035}
_RELATIVE = re.compile(r"(?:比|较|相比|与)(20\d{2})年(?:相比|比)?(?:末|底)?")
_SUBJECT = re.compile(r"^(?:力争|争取|确保|努力|基本)?在?(?:全市|全县|全区|全州|全省|我市|我县|我区|市域|县域|全域|全社会)?(?:范围内)?")
_ADVERB_TAIL = re.compile(r"(?:进一步|持续|逐步|稳步|大幅|明显|有效|力争|(?<![年人亩户日月])均|都|分别|约|近|超)+$")
_GENERIC = ("比重", "比例", "占比", "总量", "规模", "总规模", "水平", "比率")
_PREPOSITIONS = ("对", "在", "为", "向", "将", "把", "使", "让")

# Verbs between an indicator and its number, longest first: (verb, comparator, direction, kind)
# kind: "level" (the value itself), "change" (a reduction/increase, stored as the change), "increment" (新增)
_VERBS = [
    ("力争达到", ">=", "up", "level"), ("争取达到", ">=", "up", "level"),
    ("提高到", ">=", "up", "level"), ("提高至", ">=", "up", "level"), ("提升到", ">=", "up", "level"),
    ("提升至", ">=", "up", "level"), ("增加到", ">=", "up", "level"), ("增加至", ">=", "up", "level"),
    ("增长到", ">=", "up", "level"), ("增长至", ">=", "up", "level"), ("扩大到", ">=", "up", "level"),
    ("扩大至", ">=", "up", "level"), ("稳定在", ">=", "up", "level"), ("保持在", ">=", "up", "level"),
    ("维持在", ">=", "up", "level"), ("不低于", ">=", "up", "level"), ("不少于", ">=", "up", "level"),
    ("超过", ">=", "up", "level"), ("突破", ">=", "up", "level"), ("高于", ">=", "up", "level"),
    ("大于", ">=", "up", "level"), ("达到", ">=", "up", "level"), ("达", ">=", "up", "level"),
    ("实现", ">=", "up", "level"), ("为", ">=", "up", "level"),
    ("下降到", "<=", "down", "level"), ("下降至", "<=", "down", "level"), ("降低到", "<=", "down", "level"),
    ("降低至", "<=", "down", "level"), ("降到", "<=", "down", "level"), ("降至", "<=", "down", "level"),
    ("减少到", "<=", "down", "level"), ("减少至", "<=", "down", "level"), ("压减至", "<=", "down", "level"),
    ("压减到", "<=", "down", "level"), ("压降至", "<=", "down", "level"), ("控制在", "<=", "down", "level"),
    ("不高于", "<=", "down", "level"), ("不超过", "<=", "down", "level"), ("低于", "<=", "down", "level"),
    ("小于", "<=", "down", "level"), ("少于", "<=", "down", "level"),
    ("下降", ">=", "up", "change"), ("降低", ">=", "up", "change"), ("减少", ">=", "up", "change"),
    ("压减", ">=", "up", "change"), ("削减", ">=", "up", "change"), ("降幅", ">=", "up", "change"),
    ("提高", ">=", "up", "change"), ("提升", ">=", "up", "change"), ("增长", ">=", "up", "change"),
    ("增加", ">=", "up", "change"),
    ("累计新增", ">=", "up", "increment"), ("新增", ">=", "up", "increment"), ("新建", ">=", "up", "increment"),
    ("累计建成", ">=", "up", "increment"), ("累计完成", ">=", "up", "increment"), ("建成", ">=", "up", "increment"),
    ("创建", ">=", "up", "increment"), ("培育", ">=", "up", "increment"), ("打造", ">=", "up", "increment"),
    ("建设", ">=", "up", "increment"), ("完成", ">=", "up", "increment"), ("引进", ">=", "up", "increment"),
]
_VERBS.sort(key=lambda v: len(v[0]), reverse=True)
_ACTION_VERBS = ("新建", "建成", "创建", "建设", "新增", "培育", "打造", "完成", "引进", "实施", "推广", "改造", "淘汰", "开展")
_QUALITATIVE = re.compile(
    r"([^，。；：]*?)(?:要|须|必须)?(?:确保|力争)?(?:全面)?完成"
    r"(?:(?:国家|自治区|省|市|州|盟|县|区|旗|上级|[\u4e00-\u9fff]{2,4}(?:市|州|盟))(?:级)?[、和及]?)*"
    r"(?:下达|分解)(?:的)?([^，。；]{0,20}?)(?:目标任务|目标|任务|指标)"
)


@dataclass
class _Quantity:
    start: int
    end: int
    value: float
    high: float | None
    unit: str | None
    text: str


def _quantities(clause: str) -> list[_Quantity]:
    found = [
        _Quantity(m.start(), m.end(), _number(m.group(1)), _number(m.group(2)) if m.group(2) else None, m.group(3), m.group(0))
        for m in _QUANTITY.finditer(clause)
    ]
    for m in _UNITLESS.finditer(clause):
        if not any(q.start <= m.start(1) < q.end for q in found):
            found.append(_Quantity(m.start(1), m.end(1), _number(m.group(1)), None, None, m.group(1)))
    return sorted(found, key=lambda q: q.start)


@dataclass
class FoundTarget:
    year: int
    indicator: str
    value: float | None
    unit: str | None
    comparator: str | None
    direction: str | None
    quote: str
    baseline_year: int | None = None  # zero baseline at this year (relative and incremental targets)
    aspirational: bool = False
    high: float | None = None  # upper end of a range (1—2款)


@dataclass
class Extraction:
    targets: list[FoundTarget] = field(default_factory=list)
    unclassified: list[str] = field(default_factory=list)  # target-like numbers without a year
    years: list[int] = field(default_factory=list)  # every year the text says something is due


def _strip_book_titles(text: str) -> str:
    return re.sub(r"《[^《》]*》", lambda m: "《" + "＿" * (len(m.group(0)) - 2) + "》", text)


def _number(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _years_in(clause: str) -> list[tuple[int, int, int, bool]]:
    """(year, start, end, is_five_year_plan) of every due-year phrase in a clause."""
    found = []
    for m in _YEAR.finditer(clause):
        before = clause[max(0, m.start() - 2) : m.start()]
        if re.search(r"[比较于]$", before) or re.search(r"^\s*(20\d{2})\s*年(?:相比|比)", clause[m.start():]):
            continue
        if re.match(r"(?:以后|之后|后|起|以来)", clause[m.end():]):
            continue  # 2024年以后并网的项目: a starting point, not a year anything is due
        found.append((int(m.group(1)), m.start(), m.end(), False))
    for m in _FIVE_YEAR.finditer(clause):
        found.append((_FIVE_YEAR_END[m.group(1)], m.start(), m.end(), True))
    return sorted(found, key=lambda f: f[1])


def _clean_indicator(phrase: str) -> tuple[str, bool]:
    phrase = phrase.strip("，、；：。 ")
    aspirational = bool(re.search(r"力争|争取", phrase))
    phrase = re.sub(r"^(?:和|及|与|并|且|同时|其中|并且)", "", phrase)
    phrase = _SUBJECT.sub("", phrase)
    phrase = re.sub(r"^(?:力争|争取|确保|努力|使|将|实现)", "", phrase)
    phrase = _SUBJECT.sub("", phrase)
    phrase = _ADVERB_TAIL.sub("", phrase.strip("，、；：。“” "))
    return phrase, aspirational


def _split_verb(phrase: str) -> tuple[str, tuple[str, str, str, str] | None, int | None]:
    """(indicator, verb entry, relative base year) from the phrase before a number."""
    relative_year = None
    rel = None
    for m in _RELATIVE.finditer(phrase):
        rel = m
    for verb in _VERBS:
        if phrase.endswith(verb[0]):
            indicator = phrase[: -len(verb[0])]
            if rel and rel.end() <= len(indicator) + 1:
                relative_year = int(rel.group(1))
                indicator = indicator[: rel.start()] + indicator[rel.end() :]
            return indicator, verb, relative_year
    return phrase, None, None


def extract_targets(text: str, carry_year: bool = False) -> Extraction:
    """All quantitative targets of a task or goal text, in order.

    ``carry_year``: a year stated in one sentence also governs the next ones in the
    same paragraph (right for 主要目标, where every sentence is a target; a task's
    later sentences are usually measures, so there each sentence stands alone).
    """
    result = Extraction()
    text = _strip_book_titles(text)
    for paragraph in text.split("\n"):
        context: dict = {}
        for sentence in re.split(r"(?<=[。！？])", paragraph):
            if not sentence.strip():
                continue
            _sentence_targets(sentence, result, context if carry_year else {})
    return result


def _sentence_targets(sentence: str, result: Extraction, context: dict) -> None:
    year: int | None = context.get("year")
    years: list[int] = [year] if year else []
    five_year = context.get("five_year", False)
    pending: str | None = None  # an indicator named in a clause with no number (比重逐步提升，比重达到20%)
    last_indicator: str | None = None
    last_kind: str | None = None
    stretch = False  # 力争到2030年，… applies to the whole sentence
    clauses = [c for c in re.split(r"(?<=[，；：])", sentence) if c]
    year_clause = 0  # where the governing year was stated: quotes start there
    for clause_index, clause in enumerate(clauses):
        found_years = _years_in(clause)
        if found_years:
            years = [y for y, *_ in found_years]
            year, five_year = found_years[-1][0], found_years[-1][3]
            result.years.extend(years)
            stretch = bool(re.search(r"力争|争取", clause[: found_years[-1][2]]))
            context.update(year=year, five_year=five_year)
            year_clause = clause_index
        body_start = found_years[-1][2] if found_years else 0
        # Qualitative: 单位GDP能耗降幅、单位GDP二氧化碳排放降幅确保完成省下达目标
        q = _QUALITATIVE.search(clause)
        if q and year and not _QUANTITY.search(clause[q.start() : q.end()]):
            phrase = clause[max(body_start, q.start(1)) : q.end(1)] if q.start(1) >= body_start else q.group(1)
            phrase, asp = _clean_indicator(phrase)
            if not phrase:  # 确保完成市下达的“十四五”能耗强度降低目标任务: the indicator is inside
                phrase, asp2 = _clean_indicator(_FIVE_YEAR.sub("", q.group(2)))
                asp = asp or asp2
            for item in [i for i in re.split(r"、", phrase) if i] or [phrase]:
                if item:
                    result.targets.append(
                        FoundTarget(year, item, None, None, None, None, _quote(clauses[year_clause : clause_index + 1]), aspirational=asp)
                    )
            continue
        quantities = _quantities(clause)
        stray = [n for n in re.finditer(r"\d+(?:\.\d+)?", clause[body_start:]) if not re.match(r"\s*(?:年|月|日|号|届|次|版|期|\.)", clause[body_start + n.end():])]
        if not quantities and year and stray and re.search(r"达到|达|不低于|不高于|提高|下降|降低|控制|突破|超过|以上|以下|左右", clause):
            result.unclassified.append(f"“{_quote(clauses[year_clause : clause_index + 1])}”中的数字 {stray[0].group(0)}（单位未能识别，未作为量化目标）")
        if not quantities:
            named, _ = _clean_indicator(clause[body_start:])
            named, _, _ = _split_verb(named)
            named = _ADVERB_TAIL.sub("", named)
            if 2 < len(named) <= 30 and re.search(r"比重|比例|占比|率|量|强度|规模|容量|面积|产值|总量", named):
                pending = named
            continue
        position = body_start
        for index, m in enumerate(quantities):
            if m.start < body_start:
                position = max(position, m.end)
                continue
            value, high, unit = m.value, m.high, m.unit
            after = clause[m.end :]
            qualifier_match = _QUALIFIER.match(after)
            qualifier = qualifier_match.group(1) if qualifier_match else ""
            consumed = m.end + len(qualifier)
            tail = after[len(qualifier) :]
            before = clause[position : m.start]
            # A share written number-first: 90%左右的县级以上党政机关…, 100%实行…; other X以上的… are thresholds.
            if tail.startswith("的") and unit not in ("%", "‰"):
                position = consumed  # 3000平方米以上的公共建筑: a threshold, not a target
                continue
            if (unit not in _COUNT_UNITS + ("%", "‰") and not qualifier and re.match(r"[\u4e00-\u9fff]", tail)
                    and not _split_verb(_clean_indicator(clause[position : m.start])[0])[1]
                    and not re.match(r"(?:以上|以下|左右)", tail)):
                continue  # 220千伏变电站达到12座: a size that names the thing, not a value
            listed = "、" in before and index > 0
            if listed:
                before = before.rsplit("、", 1)[-1]
            approx_word = bool(re.search(r"约$", before.strip()))
            shared = bool(re.search(r"(?<![年人亩户日月])均[\u4e00-\u9fff]{0,3}$", before.strip()))  # A、B均达到50%
            phrase, aspirational = _clean_indicator(before.replace("分别", ""))
            indicator, verb, relative_year = _split_verb(phrase)
            indicator, asp2 = _clean_indicator(indicator)
            if pending and (not indicator or indicator in _GENERIC):
                indicator = pending
            pending = None
            if verb is None and unit not in ("%", "‰") and (len(indicator) <= 1 or indicator in _PREPOSITIONS) and tail:
                # 对20家规模以上企业实施节能诊断: the counted thing follows the number
                obj = re.split(r"[，；。、]", tail, maxsplit=1)[0]
                indicator = obj
            aspirational = aspirational or asp2 or stretch or bool(re.search(r"力争|争取", clause[: m.start]))
            number_first_object = ""
            if verb is None and unit in ("%", "‰") and tail and tail[0] not in "，；。、（":
                # 90%左右的县级以上党政机关建成节约型机关 / 公共机构新建建筑100%实行绿色建筑标准
                number_first_object = re.split(r"[，；。、]", tail.lstrip("的"), maxsplit=1)[0]
            if listed and last_indicator and not indicator.startswith(_ACTION_VERBS):
                leading = next((v for v in _ACTION_VERBS if last_indicator.startswith(v)), "")
                indicator = leading + indicator
            if not verb and number_first_object:
                # 公共机构新建建筑100%实行绿色建筑标准 / 建成区40%以上面积达到…要求
                indicator = (indicator + number_first_object).strip("，、 ")
            elif verb and verb[3] == "increment" and (not indicator or len(indicator) <= 2) and tail:
                obj = re.split(r"[，；。、]", tail, maxsplit=1)[0]
                indicator = verb[0] + indicator + obj
            elif verb and verb[3] == "increment" and indicator:
                indicator = verb[0] + indicator if verb[0] not in ("新增", "累计新增") else indicator + verb[0]
            if not indicator:
                if last_indicator is None:
                    position = consumed
                    continue
                indicator = last_indicator
                verb = verb or (None if last_kind is None else next(v for v in _VERBS if v[3] == last_kind))
            if year is None:
                if verb or qualifier:
                    result.unclassified.append(f"“{_quote(clauses[year_clause : clause_index + 1])}”中的 {m.text}{qualifier}（没有目标年份，未作为量化目标）")
                position = consumed
                last_indicator = indicator
                continue
            comparator, direction, kind = (verb[1], verb[2], verb[3]) if verb else (">=", "up", "level")
            if qualifier in ("以上", "及以上"):
                comparator = ">="
            elif qualifier in ("以下", "及以下", "以内", "之内", "内"):
                comparator, direction = "<=", ("down" if kind == "level" else direction)
            elif qualifier in ("左右", "上下") or approx_word:
                comparator = "approx"
            baseline_year = None
            if kind == "change" and not re.search(r"年均|年平均|每年|逐年|年度", indicator + (verb[0] if verb else "")):
                baseline_year = relative_year or _reference_year(year, five_year)
                indicator = indicator + (f"比{relative_year}年" if relative_year else "") + verb[0]
            elif kind == "change":
                indicator = indicator + verb[0]
            elif unit not in ("%", "‰") and (kind == "increment" or indicator.startswith(("新建", "新增", "累计"))):
                baseline_year = _reference_year(year, five_year)
            # 分别达到 21%和25%左右: pair with the years (到2025年和2030年) or the listed indicators;
            # the qualifier after the last value applies to all of them.
            target_year = year
            if "分别" in clause:
                same = [q for q in quantities if q.start >= body_start]
                slot = same.index(m) if m in same else 0
                last_q = same[-1]
                last_qual = _QUALIFIER.match(clause[last_q.end :])
                if not qualifier and last_qual and m is not last_q:
                    qualifier = last_qual.group(1)
                    comparator = {"以上": ">=", "及以上": ">=", "左右": "approx", "上下": "approx"}.get(qualifier, comparator)
                if len(years) > 1:
                    target_year = years[min(slot, len(years) - 1)]
                else:
                    items = [i for i in indicator.split("、") if i]
                    if len(items) == len(same) > 1:
                        item = items[slot]
                        indicator = f"{indicator}（{item if len(item) <= 12 else item[:12] + '…'}）"
            items = [i for i in indicator.split("、") if len(i) >= 4] if shared else []
            for name in items if len(items) > 1 else [indicator]:
                result.targets.append(
                    FoundTarget(
                        year=target_year,
                        indicator=name,
                        value=value,
                        unit=unit,
                        comparator=comparator,
                        direction=direction,
                        quote=_quote(clauses[year_clause : clause_index + 1]),
                        baseline_year=baseline_year,
                        aspirational=aspirational,
                        high=high,
                    )
                )
            last_indicator = indicator.rsplit("（", 1)[0] if "分别" in clause else indicator
            last_kind = kind
            position = consumed


def _reference_year(year: int, five_year: bool) -> int:
    """Where a change or increment without a stated base is counted from.

    “十四五”期间 counts from the end of 2020, “十五五”期间 from the end of 2025;
    otherwise plans of this generation count from 2020 (the base year of the
    national 碳达峰 targets).
    """
    if five_year:
        return year - 5
    return 2020


def _quote(clauses: list[str]) -> str:
    """The plan's own words for a target: from the clause that states its year to the clause with its value."""
    text = "".join(clauses).replace("＿", "").strip()
    return re.sub(r"《》", "", text).strip("，；：。 ")
