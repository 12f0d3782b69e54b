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


# ---------------------------------------------------------------- clause kinds (issue 9), invented examples


@pytest.mark.parametrize("text", [
    "推进节能。［市发改委牵头，市工信局配合］",
    "推进节能。〔市发改委牵头，市工信局配合〕",
    "推进节能。【市发改委牵头，市工信局配合】",
    "推进节能。（市发改委牵头，市工信局配合]",
])
def test_other_brackets_and_mixed_pairs(text):
    from generator.plan.text import normalize_line

    spans = find_clauses(normalize_line(text))
    assert len(spans) == 1
    assert roles(spans[0].content)[:2] == (["市发改委"], ["市工信局"])


def test_ascii_parentheses_mixed_with_full_width():
    from generator.plan.text import normalize_line

    spans = find_clauses(normalize_line("推进节能。(县发改局牵头，县财政局配合）"))
    assert roles(spans[0].content)[:2] == (["县发改局"], ["县财政局"])


@pytest.mark.parametrize("colon", ["：", ":", "∶"])
def test_every_colon(colon):
    assert roles(f"牵头单位{colon}区住建局；配合单位{colon}区城管局")[:2] == (["区住建局"], ["区城管局"])


def test_angle_brackets_inside_a_unit_name_do_not_split():
    assert roles("市〈中国〉自由贸易试验区管委会牵头，市商务局配合")[:2] == (["市〈中国〉自由贸易试验区管委会"], ["市商务局"])


@pytest.mark.parametrize("rule", [
    "排第一位的为牵头单位", "排在第一为牵头单位", "列首位的为牵头单位", "排名第一的单位牵头", "第一个单位为牵头单位",
    "首位为牵头单位",
])
def test_first_listed_leads_in_other_words(rule):
    assert roles(f"责任单位：县林业局、县水利局、县农业农村局；{rule}")[:2] == (["县林业局"], ["县水利局", "县农业农村局"])


def test_a_rule_in_its_own_bracket_inside_the_clause():
    assert roles("责任单位：县林业局、县水利局（列首位的为牵头单位）")[:2] == (["县林业局"], ["县水利局"])


def test_units_before_the_comma_lead():
    state = ClauseState()
    assert roles("区科技局、区工信局，区财政局、区税务局（逗号前为牵头单位，下同）", state)[:2] == (
        ["区科技局", "区工信局"], ["区财政局", "区税务局"])
    assert roles("区住建局，区城管局", state)[:2] == (["区住建局"], ["区城管局"])


def test_each_places_first_unit_leads():
    lead, co, _, _ = roles("甲市交通局、甲市公安局；乙市交通局、乙市生态环境局。两地列首位的为牵头单位")
    assert (lead, co) == (["甲市交通局", "乙市交通局"], ["甲市公安局", "乙市生态环境局"])
    lead, co, _, _ = roles("两省市列首位的为牵头单位：A省发展改革委、A省能源局；B市发展改革委、B市经济信息委")
    assert (lead, co) == (["A省发展改革委", "B市发展改革委"], ["A省能源局", "B市经济信息委"])


def test_a_rule_takes_effect_from_the_clause_that_states_it():
    state = ClauseState()
    assert roles("县发改局、县工信局（以下排在首位的为牵头单位）", state)[:2] == (["县发改局"], ["县工信局"])
    assert roles("县交通局、县公安局", state)[:2] == (["县交通局"], ["县公安局"])


def test_responsible_with_cooperating_units_leads():
    assert roles("责任单位：市发改委，配合单位：市财政局、市工信局")[:2] == (["市发改委"], ["市财政局", "市工信局"])
    assert roles("牵头单位：市发改委；责任单位：市财政局、市工信局")[:2] == (["市发改委"], ["市财政局", "市工信局"])
    # Two lines run together by paragraph joining, then a deadline that is never a unit.
    r = parse_clause("责任单位：县住建局配合单位：县自然资源局完成时限：2025年底前", ClauseState())
    assert (r.lead, r.co, r.unparsed, r.due) == (["县住建局"], ["县自然资源局"], [], [2025])


def test_lead_lists_in_several_comma_groups():
    assert roles("市发改委、市工信局，市财政局、市住建局牵头，市交通局配合")[:2] == (
        ["市发改委", "市工信局", "市财政局", "市住建局"], ["市交通局"])
    assert roles("县科工局、县商务局分别牵头，县财政局配合")[:2] == (["县科工局", "县商务局"], ["县财政局"])


def test_shared_parts_written_once():
    assert roles("县发展改革局、工信局、住建局按职责分工负责")[:2] == ([], ["县发展改革局", "县工信局", "县住建局"])
    assert roles("市、区两级财政局按职责分工负责")[:2] == ([], ["市财政局", "区财政局"])
    assert roles("各县、市人民政府负责落实")[2] == ["各县人民政府", "各市人民政府"]
    assert roles("省发展改革委、教育厅、科技厅按职责分工负责")[:2] == ([], ["省发展改革委", "省教育厅", "省科技厅"])
    assert roles("市委组织部、宣传部按职责分工负责")[:2] == ([], ["市委组织部", "市委宣传部"])
    assert roles("县发展改革局、教育局、融媒体中心按职责分工负责")[1] == ["县发展改革局", "县教育局", "县融媒体中心"]
    # A name of its own is never given another's prefix.
    assert roles("市发改委、国网某某供电公司、团市委按职责分工负责")[:2] == ([], ["市发改委", "国网某某供电公司", "团市委"])


def test_group_and_qualifier_words_are_not_units():
    assert roles("市发改委牵头，市工信局、市财政局等部门和各区人民政府按职责分工负责")[:3] == (
        ["市发改委"], ["市工信局", "市财政局"], ["各区人民政府"])
    assert roles("市发改委牵头，市工信局等市级部门按职责分工负责")[:2] == (["市发改委"], ["市工信局"])
    assert roles("县发改局牵头，相关单位配合")[:3] == (["县发改局"], [], [])
    assert roles("区商务局牵头，区工信局按职责分工、开发区配合")[:2] == (["区商务局"], ["区工信局"])


def test_each_place_rule_with_labels_or_one_shared_list():
    state = ClauseState()
    roles("甲市发改局、甲市工信局；乙市发改局、乙市工信局。两地列首位的为牵头单位，下同", state)
    # Labels say themselves who leads, whatever the standing rule.
    assert roles("牵头单位：甲市林业局、乙市林业局；责任单位：甲市自然资源局、乙市自然资源局", state)[:2] == (
        ["甲市林业局", "乙市林业局"], ["甲市自然资源局", "乙市自然资源局"])
    # One list naming both places written once: each place's first unit leads.
    assert roles("甲市、乙市财政局，相关单位", state)[:2] == (["甲市财政局", "乙市财政局"], [])
    # A city bureau's branch works in the place it names: one place, its first unit leads.
    assert roles("甲市工信局、丙市生态环境局甲市分局", state)[:2] == (["甲市工信局"], ["丙市生态环境局甲市分局"])


def test_collectives_are_implementers():
    assert roles("区委组织部、区发改局，区直各部门、各街道办事处（逗号前为牵头单位）")[:3] == (
        ["区委组织部", "区发改局"], [], ["区直各部门", "各街道办事处"])


@pytest.mark.parametrize("clause, lead, co", [
    # labels in other words
    ("主要责任单位：市发改委；协同单位：市工信局", ["市发改委"], ["市工信局"]),
    ("牵头：市发改委；配合：市工信局", ["市发改委"], ["市工信局"]),
    ("牵头单位：市发改委；其他责任单位：市工信局、市财政局", ["市发改委"], ["市工信局", "市财政局"]),
    ("牵头部门：市发改委；责任部门：市工信局", ["市发改委"], ["市工信局"]),
    ("牵头单位:市发改委 配合单位:市工信局、市财政局", ["市发改委"], ["市工信局", "市财政局"]),
    ("责任领导：某某；责任单位：市发改委", ["市发改委"], []),  # the lone unit named leads
    # lead verbs in other words
    ("市发改委主责，市工信局配合", ["市发改委"], ["市工信局"]),
    ("市发改委牵头抓总，市工信局配合", ["市发改委"], ["市工信局"]),
    ("市发改委牵头组织实施，市工信局参与", ["市发改委"], ["市工信局"]),
    ("市发改委、市工信局联合牵头，市财政局配合", ["市发改委", "市工信局"], ["市财政局"]),
    ("由市发改委牵头，市工信局协助", ["市发改委"], ["市工信局"]),
    # duty phrases in other words
    ("市发改委、市工信局按职能职责分工负责", [], ["市发改委", "市工信局"]),
    ("市发改委牵头，市工信局等单位按职责分工落实", ["市发改委"], ["市工信局"]),
    ("市工信局牵头，市发改委、市生态环境局根据各自职责配合", ["市工信局"], ["市发改委", "市生态环境局"]),
    # a marked lead inside the list, in any bracket
    ("责任单位：市发改委〔牵头〕、市工信局", ["市发改委"], ["市工信局"]),
    # rules in other words
    ("市发改委、市工信局，排序第一的为牵头单位", ["市发改委"], ["市工信局"]),
    ("责任单位：市发改委、市工信局，第一单位为牵头单位", ["市发改委"], ["市工信局"]),
    ("责任单位：市发改委、市工信局（排名首位的单位为牵头单位）", ["市发改委"], ["市工信局"]),
])
def test_relatives_of_each_kind(clause, lead, co):
    assert roles(clause)[:2] == (lead, co)
    assert roles(clause)[3] == []


def test_a_place_name_written_once_for_several_departments():
    assert roles("沧澜市经济信息委、发展改革委、市场监管局")[1] == ["沧澜市经济信息委", "沧澜市发展改革委", "沧澜市市场监管局"]
    assert roles("地区自然资源局牵头，地区发展改革委、能源局配合")[:2] == (["地区自然资源局"], ["地区发展改革委", "地区能源局"])
    assert roles("沙市区发改局、工信局按职责分工负责")[1] == ["沙市区发改局", "沙市区工信局"]
    assert roles("县市场监管局、工信局按职责分工负责")[1] == ["县市场监管局", "县工信局"]
    state = ClauseState()
    lead, co, _, _ = roles("甲市发展改革委、能源局；乙省发展改革委、自然资源厅。两省市列首位的为牵头单位", state)
    assert (lead, co) == (["甲市发展改革委", "乙省发展改革委"], ["甲市能源局", "乙省自然资源厅"])


def test_units_named_as_responsible_lead():
    assert roles("地委组织部、地区发展改革委负责")[:2] == (["地委组织部", "地区发展改革委"], [])
    assert roles("县统计局负责，县发改局配合")[:2] == (["县统计局"], ["县发改局"])
    assert roles("县统计局、县发改局按职责分工负责")[:2] == ([], ["县统计局", "县发改局"])


def test_a_qualifier_alone_in_a_segment_is_no_unit_and_no_problem():
    assert roles("县发改局，相关单位") == ([], ["县发改局"], [], [])
    assert roles("县发改局牵头，其他有关单位配合") == (["县发改局"], [], [], [])


@pytest.mark.parametrize("text, units", [
    ("临湘高新区、各镇人民政府", ["临湘高新区", "各镇人民政府"]),
    ("临湘高新区、市发改局", ["临湘高新区", "市发改局"]),
    ("某某高新区、某市生态环境局某某分局", ["某某高新区", "某市生态环境局某某分局"]),
    ("永定区、武陵源区人民政府", ["永定区人民政府", "武陵源区人民政府"]),
    ("省、市、县三级财政部门", ["省财政部门", "市财政部门", "县财政部门"]),
])
def test_a_place_alone_shares_a_name_only_with_its_own_kind(text, units):
    from generator.plan.clauses import _units_in

    assert _units_in(text) == units


@pytest.mark.parametrize("clause, lead, co", [
    ("﹝市发改委牵头，市工信局配合﹞", ["市发改委"], ["市工信局"]),
    ("牵头单位﹕市发改委；配合单位﹕市工信局", ["市发改委"], ["市工信局"]),
    ("市发改委负责牵头，市工信局协同推进", ["市发改委"], ["市工信局"]),
    ("市发改委总牵头，市工信局、市财政局配合做好", ["市发改委"], ["市工信局", "市财政局"]),
    ("责任单位：市发改委、市工信局；排在前面的为牵头单位", ["市发改委"], ["市工信局"]),
])
def test_more_relatives(clause, lead, co):
    from generator.plan.text import normalize_line

    spans = find_clauses("推进节能。" + normalize_line(clause)) if clause[0] in "﹝" else None
    content = spans[0].content if spans else clause
    assert roles(content)[:2] == (lead, co) and roles(content)[3] == []


@pytest.mark.parametrize("name", ["各乡镇人民政府", "县直各相关单位", "市直有关部门", "乡镇人民政府", "县市区人民政府",
                                  "区县（市）人民政府", "领导小组各成员单位"])
def test_collectives(name):
    from generator.plan.clauses import is_group

    assert is_group(name)


@pytest.mark.parametrize("name", ["县发改局", "县市监局", "县市场监管局", "县乡村振兴局", "区住建局"])
def test_not_collectives(name):
    from generator.plan.clauses import is_group

    assert not is_group(name)


def test_a_lone_unit_in_a_plain_list_leads():
    assert roles("责任单位：新区财政金融局")[:2] == (["新区财政金融局"], [])
    assert roles("县统计局")[:2] == (["县统计局"], [])
    assert roles("责任单位：县统计局、各乡镇人民政府")[:3] == (["县统计局"], [], ["各乡镇人民政府"])
    # Relatives that keep it co: labelled co, shared duty, others unnamed.
    assert roles("配合单位：县统计局")[:2] == ([], ["县统计局"])
    assert roles("县统计局按职责分工负责")[:2] == ([], ["县统计局"])
    assert roles("县统计局等相关单位")[:2] == ([], ["县统计局"])
    # Several units with no marker and no rule: still no lead.
    assert roles("责任单位：县统计局、县发改局")[:2] == ([], ["县统计局", "县发改局"])


def test_a_branch_units_place_is_not_shared_with_bare_names_after_it():
    assert roles("牵头单位：经济发展局；责任单位：星城市生态环境局云合分局、规划建设局、财政局")[:2] == (
        ["经济发展局"], ["星城市生态环境局云合分局", "规划建设局", "财政局"])
    # the relative that does share: a place before a department
    assert roles("牵头单位：省发展改革委；配合单位：省教育厅、科技厅")[:2] == (["省发展改革委"], ["省教育厅", "省科技厅"])


def test_the_plans_own_departments_as_a_collective_inside_a_co_list_are_co():
    assert roles("市发展改革委牵头，市商务局、市直有关部门等按职责分工负责")[:3] == (
        ["市发展改革委"], ["市商务局", "市直有关部门"], [])
    # beside a lower level's governments they are implementers
    assert roles("市发展改革委牵头，市直有关部门、各县（市、区）人民政府按职责分工负责")[:3] == (
        ["市发展改革委"], [], ["市直有关部门", "各县（市、区）人民政府"])


@pytest.mark.parametrize("sentence, names", [
    ("以下各项任务，各县（市、区）人民政府负责落实，不再一一列出。", ["各县（市、区）人民政府"]),
    ("各镇人民政府、街道办事处负责本辖区内相关任务的组织落实，以下不再一一列出。", ["各镇人民政府", "各街道办事处"]),
    ("注：各市（州）人民政府负责本地区各项任务的组织落实，表中不再一一列出。", ["各市（州）人民政府"]),
])
def test_a_standing_implementer_rule_stated_once_holds_for_every_clause_after_it(sentence, names):
    from generator.plan.clauses import rule_outside_clauses

    state = ClauseState()
    rule_outside_clauses(sentence, state)
    assert roles("市发改委牵头，市工信局配合", state)[:3] == (["市发改委"], ["市工信局"], names)


def test_relatives_of_a_standing_rule_that_set_nothing():
    from generator.plan.clauses import rule_outside_clauses

    for sentence in ("各县（市、区）人民政府负责落实本辖区任务。",  # no 以下/不再列出: not a standing rule
                     "市发改委负责统筹落实，以下不再一一列出。"):  # a department, not a collective
        state = ClauseState()
        rule_outside_clauses(sentence, state)
        assert state.standing_implementers == []
