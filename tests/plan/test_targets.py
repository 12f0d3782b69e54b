import pytest

from generator.plan.targets import extract_targets


def one(text, **kw):
    found = extract_targets(text, **kw).targets
    assert len(found) == 1, found
    return found[0]


def summary(text, **kw):
    return [(t.year, t.indicator, t.value, t.unit, t.comparator, t.direction, t.baseline_year)
            for t in extract_targets(text, **kw).targets]


def test_level_with_approx():
    t = one("到2025年，全市非化石能源消费比重达22%左右，为实现碳达峰目标奠定坚实基础。")
    assert (t.year, t.indicator, t.value, t.unit, t.comparator, t.direction) == (2025, "非化石能源消费比重", 22, "%", "approx", "up")
    assert t.quote == "到2025年，全市非化石能源消费比重达22%左右"


def test_year_carried_within_a_sentence_and_several_targets():
    assert summary("到2025年，全市新型储能装机容量达4.68万千瓦以上；到2030年，力争全市抽水蓄能电站装机容量达120万千瓦，新型储能装机容量达6.43万千瓦以上。") == [
        (2025, "新型储能装机容量", 4.68, "万千瓦", ">=", "up", None),
        (2030, "抽水蓄能电站装机容量", 120, "万千瓦", ">=", "up", None),
        (2030, "新型储能装机容量", 6.43, "万千瓦", ">=", "up", None),
    ]
    assert extract_targets("到2030年，力争全市抽水蓄能电站装机容量达120万千瓦。").targets[0].aspirational


def test_indicator_carried_to_the_next_clause():
    assert summary("到2025年，全市绿色低碳出行比例不低于60%，到2030年不低于70%。") == [
        (2025, "绿色低碳出行比例", 60, "%", ">=", "up", None),
        (2030, "绿色低碳出行比例", 70, "%", ">=", "up", None),
    ]


def test_relative_target_is_the_change_with_a_zero_baseline():
    t = one("到2025年，单位地区生产总值能源消耗比2020年降低14.5%。")
    assert (t.indicator, t.value, t.comparator, t.direction, t.baseline_year) == ("单位地区生产总值能源消耗比2020年降低", 14.5, ">=", "up", 2020)


def test_increments_count_from_the_start_of_the_five_year_plan():
    assert summary("“十四五”期间，新能源发电总装机容量新增35.8万千瓦；“十五五”期间，新能源发电总装机容量新增50.8万千瓦。") == [
        (2025, "新能源发电总装机容量新增", 35.8, "万千瓦", ">=", "up", 2020),
        (2030, "新能源发电总装机容量新增", 50.8, "万千瓦", ">=", "up", 2025),
    ]


@pytest.mark.parametrize(
    "text,comparator,direction",
    [
        ("到2025年，煤炭消费比重下降至41%左右。", "approx", "down"),
        ("到2025年，原煤折标煤消费比重控制在20%以下。", "<=", "down"),
        ("到2025年，大宗固废综合利用率不低于75%。", ">=", "up"),
        ("到2025年，力争风电、光伏项目总装机容量突破850万千瓦。", ">=", "up"),
        ("到2030年，弃风弃光率小于5%。", "<=", "down"),
        ("到2025年，森林覆盖率稳定在71%以上。", ">=", "up"),
        ("到2025年，力争煤电机组供电煤耗降到300克标准煤/千瓦时以下。", "<=", "down"),
    ],
)
def test_qualifiers_set_comparator_and_direction(text, comparator, direction):
    t = one(text)
    assert (t.comparator, t.direction) == (comparator, direction)


def test_fenbie_pairs_years_and_shared_qualifier():
    assert summary("到2025年和2030年，非化石能源消费占比分别达到21%和25%左右。") == [
        (2025, "非化石能源消费占比", 21, "%", "approx", "up", None),
        (2030, "非化石能源消费占比", 25, "%", "approx", "up", None),
    ]


def test_jun_shares_one_value_between_indicators():
    names = [t.indicator for t in extract_targets("到2025年，新建装配式住房面积占新建住房面积比例、新开工全装修成品住房面积占比均达到50%以上。").targets]
    assert names == ["新建装配式住房面积占新建住房面积比例", "新开工全装修成品住房面积占比"]


def test_number_first_share():
    t = one("到2025年，全市90%左右的县级以上党政机关建成节约型机关。")
    assert (t.indicator, t.value, t.comparator) == ("县级以上党政机关建成节约型机关", 90, "approx")


def test_listed_counts_keep_their_verb():
    assert [t.indicator for t in extract_targets("“十四五”期间，新建充（换）电站99座、充电桩6800个以上。").targets] == ["新建充（换）电站", "新建充电桩"]


def test_unitless_value_after_a_comparing_verb():
    t = one("逐步对电能利用效率超过1.5的数据中心进行改造，到2025年，大型中心电能利用效率不高于1.3。")
    assert (t.indicator, t.value, t.unit, t.comparator, t.direction) == ("大型中心电能利用效率", 1.3, None, "<=", "down")


def test_numbers_that_are_not_targets():
    result = extract_targets("全面淘汰建成区内20蒸吨及以下燃煤锅炉。建筑面积3000平方米以上的公共建筑采用装配式建筑。")
    assert result.targets == []
    assert len(result.unclassified) == 1 and "20蒸吨" in result.unclassified[0]


def test_qualitative_target_keeps_no_value():
    found = extract_targets("到2025年，单位GDP能源消耗强度降幅、单位GDP二氧化碳排放降幅确保完成省下达目标。").targets
    assert [(t.indicator, t.value, t.comparator, t.direction) for t in found] == [
        ("单位GDP能源消耗强度降幅", None, None, None), ("单位GDP二氧化碳排放降幅", None, None, None)]


def test_goal_sections_carry_the_year_across_sentences():
    text = "到2030年，产业结构优化取得重大进展。新能源发电装机总规模力争达80万千瓦以上，森林覆盖率持续保持在57%以上。"
    assert [t.year for t in extract_targets(text, carry_year=True).targets] == [2030, 2030]
    assert extract_targets(text).targets == []


def test_indicator_named_in_a_clause_without_a_number():
    t = one("到2025年，非化石能源消费比例逐步提升，比重达到20%左右。")
    assert t.indicator == "非化石能源消费比例"


def test_average_annual_growth_is_a_rate_not_a_change():
    t = one("到2025年，集装箱铁水联运量年均增长15%以上。")
    assert (t.indicator, t.baseline_year) == ("集装箱铁水联运量年均增长", None)


def test_book_titles_are_not_read_for_years():
    assert extract_targets("积极争取纳入《国家抽水蓄能中长期发展规划（2021-2035年）》。").targets == []


@pytest.mark.parametrize("text, indicator, value, unit", [
    ("到2025年，林地保有量9.4万公顷。", "林地保有量", 9.4, "万公顷"),
    ("到2025年，林地保有量稳定在18.6万公顷以上。", "林地保有量", 18.6, "万公顷"),
    ("到2030年，湿地面积12万亩，森林蓄积量1.2亿立方米。", "湿地面积", 12, "万亩"),
    ("到2025年，国土绿化面积0.8万平方公里。", "国土绿化面积", 0.8, "万平方公里"),
])
def test_stock_quantities_with_no_verb(text, indicator, value, unit):
    """A stock written as 指标+数量 (no verb) is a target at least that large."""
    found = extract_targets(text).targets[0]
    assert (found.indicator, found.value, found.unit, found.comparator, found.direction) == (indicator, value, unit, ">=", "up")


def test_a_year_something_starts_from_is_not_due():
    assert extract_targets("对2024年以后并网的项目给予补助。").years == []
    assert extract_targets("自2024年起，新建项目全面执行标准。").years == []
