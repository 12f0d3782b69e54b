from generator.plan.text import clean_lines, match_heading, normalize_line, paragraphs, wrap_width


def test_normalize_spaces_digits_and_brackets():
    assert normalize_line("  到 2025 年，非化石能源比重达 22%左右 ") == "到2025年，非化石能源比重达22%左右"
    assert normalize_line("郴 州 市 人 民 政 府        ") == "郴州市人民政府"
    assert normalize_line("(三) 提升能源利用效率") == "（三）提升能源利用效率"
    assert normalize_line("装机１２０万千瓦") == "装机120万千瓦"
    assert normalize_line("150 万千瓦,年风力发电量约 30 亿") == "150万千瓦，年风力发电量约30亿"
    assert normalize_line("规模 1,000 吨") == "规模1,000吨"  # thousands separator kept


def test_headings():
    assert match_heading("（十一）开展试点示范").number == 11
    assert match_heading("二、重点任务").label == "二"
    assert match_heading("1.大力发展可再生能源。加快").level == 3
    assert match_heading("1. 严格落实能耗双控制度").rest == "严格落实能耗双控制度"
    assert match_heading("1.5的数据中心进行改造") is None  # a decimal, not a heading
    assert match_heading("专栏 12 建筑节能和装配式建筑标杆项目").label == "专栏12"
    assert match_heading("2030年，全市森林覆盖率") is None


def test_table_of_contents_and_page_numbers_are_dropped():
    raw = ["目录", "", "一、总体要求\t1", "二、主要目标\t1", "三、重点任务\t2", "（一）构建绿色低碳产业体系\t2", "",
           "正文开始。", "— 3 —", "第 4 页", "结束。"]
    assert [line.text for line in clean_lines(raw)] == ["正文开始。", "结束。"]


def test_superscript_broken_onto_its_own_line():
    assert [line.text for line in clean_lines(["建设2600m", "2", "厂房"])] == ["建设2600m²", "厂房"]


WRAPPED = [
    "1.大力发展可再生能源。加快推进慈利高峰、岩泊渡、零溪和桑植龙鹤等风",
    "",
    "电项目以及光伏发电项目开发建设。充分利用党政机关、事业单位等建筑屋顶",
    "",
    "建设分布式光伏发电。“十四五”期间，新能源发电总装机容量新增 35.8 万千",
    "瓦。（责任单位：市",
    " 发展改革委、市自然资源和规划局；排第一位的为牵头单位，下同）",
    "（二）节能减污降碳协同行动",
    "1.全面提升节能管理水平。推行用能预算管理，强化固定资产投资项目节能审查",
    "，综合评价项目用能和碳排放情况。（责任单位：市发展改革委）",
] * 3


def test_wrapped_lines_and_split_unit_names_are_joined():
    lines = clean_lines(WRAPPED)
    assert wrap_width(lines) is not None
    paras = paragraphs(lines)
    first = paras[0].text
    assert "风电项目" in first and "35.8万千瓦。" in first
    assert "（责任单位：市发展改革委、市自然资源和规划局；" in first  # 市 / 发展改革委 rejoined
    assert paras[1].text == "（二）节能减污降碳协同行动"


def test_whole_paragraph_lines_split_only_at_page_breaks():
    lines = clean_lines(["（一）加强组织领导", "", "强化市碳达峰碳中和工作领导小组职能，加强对试点工作的领导，有序推进官山等已纳入国家抽水蓄", "", "能中长期规划项目建设。（牵头单位：市发改委）", "（二）加大政策资金支持"])
    assert wrap_width(lines) is None
    paras = paragraphs(lines)
    assert [p.text[:6] for p in paras] == ["（一）加强组", "强化市碳达峰", "（二）加大政"]
    assert "抽水蓄能中长期规划" in paras[1].text


def test_circled_numbers_are_sub_items():
    from generator.plan.text import match_heading

    heading = match_heading("③推进生物质利用。")
    assert (heading.level, heading.number, heading.label) == (4, 3, "③")


def test_running_header_beside_page_numbers_is_dropped_but_not_the_signature():
    from generator.plan.text import clean_lines

    raw = ["某某县人民政府文件", "某某县人民政府", "关于印发方案的通知", "一、推进节能。实施改造，由县发", "— 1 —", "某某县人民政府",
           "改局负责。", "二、推进减排。", "— 2 —", "某某县人民政府", "三、加强领导。", "— 3 —", "某某县人民政府"]
    kept = [line.text for line in clean_lines(raw)]
    assert kept == ["某某县人民政府文件", "某某县人民政府", "关于印发方案的通知", "一、推进节能。实施改造，由县发", "改局负责。",
                    "二、推进减排。", "三、加强领导。"]


def test_half_bracket_numbers_are_sub_items():
    from generator.plan.text import match_heading

    heading = match_heading("2）推进生物质利用。")
    assert (heading.level, heading.number, heading.label) == (4, 2, "2）")
