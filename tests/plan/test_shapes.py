"""Document shapes (issue 9, item 3), each on a small invented document imported through the CLI."""

from pathlib import Path

import pytest
import yaml

from generator.cli import main

from .test_no_clause_lost import assert_no_clause_lost


def imported(tmp_path: Path, text: str) -> list[tuple]:
    (tmp_path / "plans").mkdir(exist_ok=True)
    source = tmp_path / "doc.txt"
    source.write_text(text, encoding="utf-8")
    assert main(["-w", str(tmp_path), "plan", "import", str(source), "--id", "x"]) == 0
    assert_no_clause_lost(source)
    plan = yaml.safe_load((tmp_path / "plans" / "x.yaml").read_text(encoding="utf-8"))
    return [(t["path"], t["title"], t["lead"], t["co"]) for t in plan["tasks"]], plan


def test_chapters_sections_and_articles(tmp_path):
    tasks, _ = imported(tmp_path, """某某县碳达峰实施方案
第一章 总体要求
第一条 到2025年，全县非化石能源消费比重达到20%。
第二章 重点任务
第一节 能源绿色低碳转型
第二条 大力发展光伏。推进屋顶分布式光伏建设。（县发改局牵头，县自然资源局配合）
第三条 推进煤炭减量。严控煤炭消费。（县发改局牵头，县工信局配合）
第二节 工业领域碳达峰
第四条 推动钢铁行业降碳。实施超低排放改造。（县工信局牵头）
（一）推动建材降碳。推广低碳水泥。（县住建局牵头）
（二）推动化工降碳。推进园区循环化改造。（县工信局、县应急局分别牵头）
第三章 保障措施
第五条 加强组织领导。（县发改局负责）
""")
    assert tasks == [
        (["第二章", "第一节", "第二条"], "大力发展光伏", ["县发改局"], ["县自然资源局"]),
        (["第二章", "第一节", "第三条"], "推进煤炭减量", ["县发改局"], ["县工信局"]),
        (["第二章", "第二节", "第四条"], "推动钢铁行业降碳", ["县工信局"], []),
        (["第二章", "第二节", "第四条", "（一）"], "推动建材降碳", ["县住建局"], []),
        (["第二章", "第二节", "第四条", "（二）"], "推动化工降碳", ["县工信局", "县应急局"], []),
        (["第三章", "第五条"], "加强组织领导", ["县发改局"], []),
    ]


def test_area_numbers_continue_across_parts_and_run_in_items(tmp_path):
    tasks, _ = imported(tmp_path, """某某市碳达峰行动方案
一、总体要求
到2025年，全市非化石能源消费比重达到20%。
二、能源转型
（一）发展光伏。推进屋顶分布式光伏建设。（市发改委牵头，市自然资源局配合）
（二）控制煤炭。严控煤炭消费。（市发改委牵头，市工信局配合）
三、工业降碳
（三）推动钢铁行业降碳。实施超低排放改造。（市工信局牵头，市生态环境局配合）
四、保障措施
加强统筹。（市发改委牵头，市统计局配合）
推动数字化转型，建设智慧能源平台。（市工信局牵头，市大数据局配合）
""")
    assert [t[:3] for t in tasks] == [
        (["二", "（一）"], "发展光伏", ["市发改委"]),
        (["二", "（二）"], "控制煤炭", ["市发改委"]),
        (["三", "（三）"], "推动钢铁行业降碳", ["市工信局"]),
        (["四", "第1段"], "加强统筹", ["市发改委"]),  # a short sentence before a clause merges nothing
        (["四", "第2段"], "推动数字化转型，建设智慧能源平台", ["市工信局"]),
    ]


def test_a_heading_and_its_sub_items_each_carry_a_clause(tmp_path):
    tasks, _ = imported(tmp_path, """某某区碳达峰实施方案
一、主要目标
到2025年，全区非化石能源消费比重达到20%。
二、重点任务
（一）能源转型
1.发展可再生能源。统筹推进风光电建设。（区发改局牵头，区自然资源局配合）
（1）推进屋顶光伏。建设整区屋顶光伏试点。（区住建局牵头，区发改局配合）
（2）推进生物质利用。建设生物质电厂。（区农业农村局牵头）
2.控制煤炭消费。严控煤炭消费总量。（区发改局牵头）
""")
    assert [t[1] for t in tasks] == ["发展可再生能源", "推进屋顶光伏", "推进生物质利用", "控制煤炭消费"]
    assert tasks[0][2:] == (["区发改局"], ["区自然资源局"])


def test_a_policy_list_then_the_action_plan_after_its_attachment_line(tmp_path):
    tasks, _ = imported(tmp_path, """某某市支持绿色低碳发展若干政策措施
一、支持光伏建设
对屋顶光伏项目给予补贴。（责任单位：市发改委、市财政局）
二、支持节能改造
对节能改造项目给予奖励。（责任单位：市工信局、市财政局）
附件：1.某某市重点项目清单
2.某某市碳达峰行动方案
附件1
某某市重点项目清单
序号 项目名称 建设内容
1 光伏电站 10万千瓦
附件2
某某市碳达峰行动方案
一、重点任务
（一）推进能源转型。严控煤炭消费。（市发改委牵头，市工信局配合）
（二）推进工业降碳。实施节能改造。（市工信局牵头，市生态环境局配合）
""")
    assert [(t[0], t[2], t[3]) for t in tasks] == [
        (["一"], [], ["市发改委", "市财政局"]),
        (["二"], [], ["市工信局", "市财政局"]),
        (["附件2", "一", "（一）"], ["市发改委"], ["市工信局"]),
        (["附件2", "一", "（二）"], ["市工信局"], ["市生态环境局"]),
    ]


def test_labelled_lines_under_a_task_with_a_deadline_line(tmp_path):
    tasks, plan = imported(tmp_path, """某某县碳达峰实施方案
一、主要目标
到2030年，全县非化石能源消费比重达到25%。
二、重点任务
1.推进既有建筑节能改造。实施公共建筑节能改造。
责任单位：县住建局
配合单位：县机关事务服务中心、县财政局
完成时限：2025年底前
2.推广新能源汽车。推动公交车电动化。
牵头单位：县交通运输局；责任单位：县公安局、县商务局
""")
    assert [t[1:] for t in tasks] == [
        ("推进既有建筑节能改造", ["县住建局"], ["县机关事务服务中心", "县财政局"]),
        ("推广新能源汽车", ["县交通运输局"], ["县公安局", "县商务局"]),
    ]
    assert plan["tasks"][0]["deadline"] == 2025  # the 完成时限 line


def test_page_furniture_inside_a_clause(tmp_path):
    tasks, plan = imported(tmp_path, """某某县碳达峰实施方案
一、主要目标
到2030年，全县非化石能源消费比重达到25%。
二、重点任务
1.推进工业节能。实施重点企业节能改造，推广高效电机。（县工信局，县发
— 1 —
某某县人民政府
展改革局、县市场监管局。逗号前为牵头单位）
2.推进建筑节能。实施公共建筑节能改造。（县住建局牵头）
— 2 —
某某县人民政府
3.推进交通节能。推广新能源公交车。（县交通运输局牵头）
— 3 —
某某县人民政府
""")
    assert [t[2:] for t in tasks] == [(["县工信局"], ["县发展改革局", "县市场监管局"]), (["县住建局"], []), (["县交通运输局"], [])]
    assert "某某县人民政府" not in [u["name"] for u in plan["units"]]


def test_a_work_plan_states_its_year_targets_before_its_first_part(tmp_path):
    _, plan = imported(tmp_path, """某某市2024年碳达峰碳中和工作要点
2024年是实现“十四五”规划目标任务的关键一年。2024年，全市单位地区生产总值能耗下降3%左右，非化石能源消费比重提高到19.5%。
一、推动能源绿色低碳转型
1.加快新能源项目建设。推进光伏项目开工建设。（市发展改革委牵头，市能源局配合）
2.推进煤电节能改造。完成电厂机组节能改造。（市发展改革委牵头）
""")
    assert [(g["year"], g["value"], g["comparator"]) for g in plan["goals"]] == [(2024, 3, "approx"), (2024, 19.5, ">=")]
    assert plan["horizon"] == 2024 and [t["deadline"] for t in plan["tasks"]] == [2024, 2024]


def test_goals_and_run_in_titles_of_an_attached_plan(tmp_path):
    tasks, plan = imported(tmp_path, """某某地区行政公署文件
关于印发某某地区碳达峰行动计划的通知
各县、市人民政府：
现将有关文件印发给你们。
附件：1.某某地区支持政策
2.某某地区碳达峰行动计划
附件1
某某地区支持政策
一、支持光伏。对光伏项目给予补助。（地区财政局牵头，地区发展改革委配合）
附件2
某某地区碳达峰行动计划
一、主要目标
到2025年，全地区非化石能源消费比重达到30%。
二、重点任务
（一）能源转型
发展光伏。建设光伏电站。（地区发展改革委牵头）
控制煤炭。严控煤炭消费。（地区发展改革委、工信局按职责分工负责）
（二）碳汇行动
巩固森林碳汇。实施森林质量提升工程。（地区林业局牵头）
""")
    assert [(t[1], t[2], t[3]) for t in tasks] == [
        ("支持光伏", ["地区财政局"], ["地区发展改革委"]),
        ("发展光伏", ["地区发展改革委"], []),
        ("控制煤炭", [], ["地区发展改革委", "地区工信局"]),
        ("巩固森林碳汇", ["地区林业局"], []),  # titled like its run-in siblings, not by its heading
    ]
    assert [(g["year"], g["value"]) for g in plan["goals"]] == [(2025, 30)]


def test_labels_inline_after_the_title_and_labels_run_together_in_brackets(tmp_path):
    tasks, plan = imported(tmp_path, """某某市碳达峰实施方案
一、主要目标
到2025年，全市非化石能源消费比重达到20%。
二、重点任务
1.推进煤炭消费替代。牵头单位：市发改委。配合单位：市工信局、市生态环境局。严控煤炭消费总量，推进燃煤锅炉替代。
2.发展光伏。（牵头单位：市发改委 配合单位：市住建局）推进屋顶光伏建设。
""")
    assert [t[1:] for t in tasks] == [
        ("推进煤炭消费替代", ["市发改委"], ["市工信局", "市生态环境局"]),
        ("发展光伏", ["市发改委"], ["市住建局"]),
    ]
    assert "严控煤炭消费总量" in plan["tasks"][0]["text"]  # the text after the labels stays the task's


def test_a_clause_closing_a_title_line(tmp_path):
    tasks, plan = imported(tmp_path, """某某市碳达峰实施方案
一、主要目标
到2025年，全市非化石能源消费比重达到20%。
二、保障措施
（一）加强统筹协调（市发改委牵头）
建立工作机制，定期调度。
（二）强化资金保障【市财政局负责】
统筹用好各类资金。
（三）加强统计监测（牵头单位：市统计局；配合单位：市发改委、市工信局、市住建局、市交通运输局、市生态环境局）
建立统计监测体系。
""")
    assert [t[1:] for t in tasks] == [
        ("加强统筹协调", ["市发改委"], []),
        ("强化资金保障", ["市财政局"], []),
        ("加强统计监测", ["市统计局"], ["市发改委", "市工信局", "市住建局", "市交通运输局", "市生态环境局"]),
    ]
    assert "建立工作机制" in plan["tasks"][0]["text"]


@pytest.mark.parametrize("where", ["notice", "before", "footnote"])
def test_a_lead_rule_written_as_a_sentence_of_the_document(tmp_path, where):
    rule = "各项任务中，排在第一位的单位为牵头单位。"
    notice = f"""某某市人民政府关于印发某某市碳达峰实施方案的通知
各县市区人民政府，市直各单位：
现将方案印发给你们，请认真贯彻执行。{rule}
某某市人民政府
2024年3月1日
""" if where == "notice" else ""
    tasks, _ = imported(tmp_path, f"""{notice}某某市碳达峰实施方案
一、主要目标
到2025年，全市非化石能源消费比重达到20%。
二、重点任务
{rule if where == "before" else ""}
（一）发展光伏。推进屋顶光伏建设。（市发改委、市住建局）
（二）控制煤炭。严控煤炭消费。（市发改委、市工信局）
三、保障措施
（一）加强组织领导。建立工作机制。（市发改委）
{"注：" + rule if where == "footnote" else ""}
""")
    assert [t[2:] for t in tasks] == [(["市发改委"], ["市住建局"]), (["市发改委"], ["市工信局"]), (["市发改委"], [])]


def test_one_clause_closing_or_opening_a_section_is_each_items_clause(tmp_path):
    # Kind: a section's numbered items carry no clause; one clause, a paragraph by itself, closes the
    # section (after its last item) or opens it (under its heading): every item is a task with it.
    tasks, plan = imported(tmp_path, """某某园区碳达峰实施方案
一、总体要求
（一）指导思想
1.坚持系统观念。统筹发展和减排。
2.坚持节约优先。把节约能源资源放在首位。
二、重点任务
（一）能源结构优化行动
1.发展光伏发电。推进屋顶分布式光伏建设。
2.控制煤炭消费。严控新增耗煤项目。
（牵头单位：经济发展局；责任单位：规划建设局、星城市生态环境局云合分局）
（二）节能降碳增效行动
（牵头单位：规划建设局；责任单位：经济发展局）
1.提升节能管理水平。推行用能预算管理。
2.实施节能降碳工程。推进重点用能设备能效提升。
（三）工业领域碳达峰行动
1.推进传统产业改造。实施节能降碳技术改造。
2.推进建材行业降碳。推广低碳胶凝材料。（经济发展局牵头，规划建设局配合）
三、保障措施
（一）加强组织领导
1.健全工作机制。定期调度。
2.强化考核评价。开展评估。
""")
    assert [(t[1], t[2], t[3]) for t in tasks] == [
        ("发展光伏发电", ["经济发展局"], ["规划建设局", "星城市生态环境局云合分局"]),
        ("控制煤炭消费", ["经济发展局"], ["规划建设局", "星城市生态环境局云合分局"]),
        ("提升节能管理水平", ["规划建设局"], ["经济发展局"]),
        ("实施节能降碳工程", ["规划建设局"], ["经济发展局"]),
        # the relative that does not fire: the last item's clause ends its own sentence — that item's alone
        ("推进建材行业降碳", ["经济发展局"], ["规划建设局"]),
    ]
    assert "牵头单位" not in plan["tasks"][1]["text"]  # the clause is the task's clause, not its text
