from generator.plan.meta import document_facts, plan_id_for, split_document
from generator.plan.structure import build_outline
from generator.plan.text import clean_lines, paragraphs

from .sample import SAMPLE


def outline_of(text):
    parts = split_document(clean_lines(text.split("\n")))
    return parts, build_outline(paragraphs(parts.body))


def test_front_matter_and_web_header_are_not_body():
    parts, _ = outline_of(SAMPLE)
    assert parts.title == "示例市碳达峰实施方案"
    assert parts.body[0].text.startswith("为深入贯彻")
    facts = document_facts(parts)
    assert facts.doc_number == "示政发〔2024〕8号"
    assert str(facts.issued) == "2024-07-08"  # the signature date, not the web page's publish time
    assert facts.issuer == "示例市人民政府"
    assert plan_id_for(parts.title, facts.issuer, "x") == "shili"


def test_column_items_numbered_like_tasks_stay_in_the_column():
    _, outline = outline_of(SAMPLE)
    tasks = outline.root.children[1]  # 二、重点任务
    energy = tasks.children[0]
    labels = [(c.label, c.column) for c in energy.children]
    assert labels == [("1", False), ("专栏1", True), ("2", False), ("3", False)]
    column = energy.children[1]
    assert column.title == "新能源发电推广工程" and len(column.texts) == 2


def test_month_only_date_and_printed_date():
    parts = split_document(clean_lines(["某县碳达峰实施方案", "(公开征求意见稿)", "某县发展和改革局", "2023年10月", "某县碳达峰实施方案", "一、主要目标", "略。"]))
    facts = document_facts(parts)
    assert facts.issued is None and str(facts.schedule_start) == "2023-10-01"
    parts = split_document(clean_lines(["某市碳达峰行动方案", "一、主要目标", "略。", "抄送：市委各部门。", "某市人民政府办公室   2023年7月16日印发"]))
    assert str(document_facts(parts).issued) == "2023-07-16"
