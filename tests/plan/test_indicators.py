import docx

from generator.plan.indicators import indicators_from, parse_docx_table, parse_text_table

# One cell fragment per line, as PDF extraction leaves a table.
TEXT_TABLE = """附件
示例市碳达峰指标体系
领
域
具体指标
单
位
2020 年 2025 年
2030
年
指标
性质
责任
部门
能
源
非化石能源占一
次能源消费比重
% 12.7 22 25
预期
性
市发展
改革委风电装机容
量新增
万
千
瓦
/ 35.8 50.8
预期
性
生
态
森林覆盖率 % 70.99 71 71.6
约束
性
市林业
局
 系
统
碳
汇
单位地区生产总
值能耗降低
% 16.86
完成省下
达目标任
务
完成省
下达目
标任务
约束
性
""".split("\n")


def test_text_table_rows():
    parse = parse_text_table(TEXT_TABLE, ["市发展改革委", "市林业局"])
    assert parse.years == [2020, 2025, 2030]
    rows = [(r.domain, r.name, r.unit, r.values, r.nature, r.responsible) for r in parse.rows]
    assert rows == [
        ("能源", "非化石能源占一次能源消费比重", "%", ["12.7", "22", "25"], "预期性", "市发展改革委"),
        ("能源", "风电装机容量新增", "万千瓦", ["/", "35.8", "50.8"], "预期性", "市发展改革委"),
        ("生态系统碳汇", "森林覆盖率", "%", ["70.99", "71", "71.6"], "约束性", "市林业局"),
        ("生态系统碳汇", "单位地区生产总值能耗降低", "%", ["16.86", "完成省下达目标任务", "完成省下达目标任务"], "约束性", "市林业局"),
    ]
    indicators, _ = indicators_from(parse, lambda name: name)
    first = indicators[0]
    assert (first.id, first.direction, first.baseline.value, [(t.year, t.value, t.comparator) for t in first.targets]) == (
        "I01", "up", 12.7, [(2025, 22, ">="), (2030, 25, ">=")])
    assert indicators[3].targets[0].value is None and indicators[3].targets[0].text == "完成省下达目标任务"


def test_docx_table(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=7)
    for row, cells in zip(table.rows, [
        ["领域", "指标名称", "单位", "2020年", "2025年", "2030年", "责任单位"],
        ["能源", "非化石能源消费比重", "%", "12.7", "22", "25", "市发改委"],
        ["", "煤炭消费比重", "%", "55", "≤45", "≤40", ""],
    ]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    rows = [[c.text for c in r.cells] for r in table.rows]
    parse = parse_docx_table(rows)
    assert [(r.domain, r.name, r.values, r.responsible) for r in parse.rows] == [
        ("能源", "非化石能源消费比重", ["12.7", "22", "25"], "市发改委"),
        ("能源", "煤炭消费比重", ["55", "≤45", "≤40"], "市发改委"),
    ]
    indicators, _ = indicators_from(parse, lambda n: n)
    assert indicators[1].direction == "down" and indicators[1].targets[0].comparator == "<="
