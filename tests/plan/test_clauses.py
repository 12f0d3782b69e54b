import pytest

from generator.plan.clauses import ClauseState, UnbalancedClause, find_clauses, parse_clause


def roles(content, state=None):
    r = parse_clause(content, state or ClauseState())
    return r.lead, r.co, r.implementers, r.unparsed


def test_first_listed_is_lead_and_the_rule_carries_with_xiatong():
    state = ClauseState()
    assert roles("责任单位：市发展改革委、市水利局、国网某某供电公司；排第一位的为牵头单位，下同", state)[:2] == (
        ["市发展改革委"], ["市水利局", "国网某某供电公司"])
    assert roles("责任单位：市林业局、市自然资源和规划局", state)[:2] == (["市林业局"], ["市自然资源和规划局"])
    # Without 下同 the rule does not carry.
    other = ClauseState()
    roles("责任单位：市发展改革委、市水利局；排第一位的为牵头单位", other)
    assert roles("责任单位：市林业局、市自然资源和规划局", other)[:2] == ([], ["市林业局", "市自然资源和规划局"])


def test_lead_verb_and_shared_duty_with_tails_dropped():
    assert roles("市发改委、市工信局牵头，市生态环境局、市城管和综合执法局等部门按职责分工负责") == (
        ["市发改委", "市工信局"], ["市生态环境局", "市城管和综合执法局"], [], [])


def test_labelled_lead_and_responsible_units():
    lead, co, impl, _ = roles("牵头单位：市发改委，责任单位：市自然资源和城乡建设局、市城管执法委等，各县市区人民政府")
    assert (lead, co, impl) == (["市发改委"], ["市自然资源和城乡建设局", "市城管执法委"], ["各县市区人民政府"])


def test_plain_list_has_no_lead():
    assert roles("县发改局、县科工局、市生态环境局江永分局按职责分工负责")[:2] == ([], ["县发改局", "县科工局", "市生态环境局江永分局"])
    assert roles("县科工局、县教育局等按职能分工负责")[:2] == ([], ["县科工局", "县教育局"])
    assert roles("县发改局、县科工局按职责分工")[:2] == ([], ["县发改局", "县科工局"])


def test_single_unit_responsible_alone_leads():
    assert roles("领导小组办公室负责")[:2] == (["领导小组办公室"], [])
    assert roles("市发改委会同市财政局负责")[:2] == (["市发改委"], ["市财政局"])


def test_nested_parentheses_and_standing_implementers():
    state = ClauseState()
    first = roles(
        "市发改局、市科工局牵头，各镇人民政府（街道办事处）、临湘高新区负责落实。"
        "以下均需各镇人民政府（街道办事处）、临湘高新区负责落实，不再重复列出", state)
    assert first == (["市发改局", "市科工局"], [], ["各镇人民政府（街道办事处）", "临湘高新区"], [])
    later = roles("市林业局牵头，市自然资源局按职责分工负责", state)
    assert later[2] == ["各镇人民政府（街道办事处）", "临湘高新区"]


def test_implementers_written_as_ju_ti_luo_shi():
    lead, co, impl, _ = roles(
        "市发改委牵头，市应急管理局等部门按职责分工负责，各县市区人民政府、郴州高新区管委会具体落实，"
        "以下均需各县市区人民政府、郴州高新区管委会落实，不再列出")
    assert (lead, co, impl) == (["市发改委"], ["市应急管理局"], ["各县市区人民政府", "郴州高新区管委会"])


def test_office_and_its_member_units():
    state = ClauseState(first_is_lead=True)
    lead, co, impl, _ = roles("责任单位：市碳达峰碳中和工作领导小组办公室及各成员单位、各区县人民政府", state)
    assert lead == ["市碳达峰碳中和工作领导小组办公室"]
    assert impl == ["市碳达峰碳中和工作领导小组各成员单位", "各区县人民政府"]


def test_unrecognised_segment_is_reported():
    assert roles("市发改委牵头，视情况而定")[3] == ["视情况而定"]


def test_find_clauses_skips_ordinary_parentheses():
    text = "全面推动公共领域（公务用车、城市公交、出租等）使用新能源。森林覆盖率稳定在71%以上（老统计口径）。（市交通运输局牵头）"
    spans = find_clauses(text)
    assert [s.content for s in spans] == ["市交通运输局牵头"]


def test_bare_unit_list_counts_only_at_the_end():
    assert [s.content for s in find_clauses("推进建设。（市发改委、市工信局）")] == ["市发改委、市工信局"]
    assert find_clauses("联合市发改委（市工信局、市财政局）开展调查，形成报告。") == []


def test_unbalanced_clause_is_an_error():
    with pytest.raises(UnbalancedClause):
        find_clauses("推进建设。（市发改委牵头，市工信局按职责分工负责")


@pytest.mark.parametrize(
    "clause,lead,co",
    [
        ("责任单位：市发改委（牵头）、市工信局、市财政局", ["市发改委"], ["市工信局", "市财政局"]),
        ("责任单位：市发改委牵头，市工信局、市财政局参与", ["市发改委"], ["市工信局", "市财政局"]),
        ("市发改委负责，市工信局、市财政局配合", ["市发改委"], ["市工信局", "市财政局"]),
        ("牵头部门：市发改委；责任部门：市工信局", ["市发改委"], ["市工信局"]),
        ("【牵头单位】市发改委【配合单位】市工信局", ["市发改委"], ["市工信局"]),
    ],
)
def test_other_wordings_of_the_same_roles(clause, lead, co):
    assert roles(clause)[:2] == (lead, co)


def test_clause_on_its_own_line_without_brackets():
    text = "推进建设。到2025年达到目标。\n牵头单位：市发展改革委配合单位：市工业和信息化局、市住房城乡建设局"
    spans = find_clauses(text)
    assert len(spans) == 1
    assert roles(spans[0].content)[:2] == (["市发展改革委"], ["市工业和信息化局", "市住房城乡建设局"])
    assert find_clauses("各责任单位：要按时报送。") == []
