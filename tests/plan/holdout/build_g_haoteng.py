"""Build g_haoteng.docx: a banner (旗) government's plan as the Word file the office receives.

What it probes: tasks are Word numbered-list paragraphs (style “List Number”): Word shows
1. 2. 3. … but the numbers are not in the paragraph text, so a reader of the text sees a
paragraph that starts with the task title; 一、 and （一） are typed; 主要目标 has no numbers
(only “完成自治区、盟下达的目标任务”), the numbers are in the indicator table of the 附件, a
real table with a two-row header (目标值 over 2025年 / 2030年) and vertically merged 类别 cells,
one 责任单位 cell naming two units; 专栏1 is a title paragraph followed by a four-column
project table; clause forms 牵头单位：A；配合单位：B / 为责任主体，下同 / 共同牵头 / 由A牵头 /
参与 / plain 责任单位 list; an enterprise whose name has its own brackets
(内蒙古电力（集团）有限责任公司浩腾供电分公司).

    python tests/plan/holdout/build_g_haoteng.py     # rewrites g_haoteng.docx beside this file
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

HERE = Path(__file__).parent

FRONT = [
    ("center", "浩腾旗人民政府文件"),
    ("center", "浩政发〔2023〕21号"),
    ("center", "浩腾旗人民政府关于印发浩腾旗碳达峰实施方案的通知"),
    ("left", "各苏木镇人民政府，旗直各部门，各企事业单位："),
    ("left", "现将《浩腾旗碳达峰实施方案》印发给你们，请结合实际认真贯彻执行。"),
    ("right", "浩腾旗人民政府"),
    ("right", "2023年10月9日"),
    ("left", "（此件公开发布）"),
    ("center", "浩腾旗碳达峰实施方案"),
]

# "H" a typed heading, "P" a body paragraph, "N" a numbered-list paragraph (the task number is
# Word's, not in the text), "BOX" a 专栏 title followed by its project table.
BODY = [
    ("P", "为深入贯彻落实党中央、国务院关于碳达峰碳中和的重大战略决策，按照自治区、盟碳达峰工作部署，结合我旗实际，制定本方案。"),
    ("H", "一、总体要求"),
    ("H", "（一）指导思想"),
    ("P", "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入落实习近平总书记对内蒙古的重要指示精神，牢牢把握在国家重要能源和战略资源基地中的定位，坚持先立后破，统筹发展和减排，有计划分步骤实施碳达峰行动。"),
    ("H", "（二）主要目标"),
    ("P", "到2025年，全旗产业结构和能源结构调整优化取得明显进展，煤炭清洁高效利用水平持续提升，新能源装机规模大幅增长，单位地区生产总值能耗和二氧化碳排放降幅完成自治区、盟下达的目标任务，为实现碳达峰奠定坚实基础。"),
    ("P", "到2030年，全旗清洁低碳安全高效的能源体系初步建立，非化石能源消费比重持续提高，单位地区生产总值二氧化碳排放降幅完成上级下达的目标任务，确保2030年前实现碳达峰。主要指标详见附件。"),
    ("H", "二、重点任务"),
    ("H", "（一）能源绿色低碳转型行动"),
    ("N", "推进风光新能源基地建设。依托我旗丰富的风能和太阳能资源，高水平建设新能源基地，积极推进“风光火储一体化”项目。“十四五”期间，新增新能源装机200万千瓦以上；到2030年，新能源装机规模达到600万千瓦左右。（牵头单位：旗能源局；配合单位：旗发展和改革委员会、旗自然资源局、旗林业和草原局、内蒙古电力（集团）有限责任公司浩腾供电分公司；各苏木镇人民政府、浩腾工业园区管委会为责任主体，下同）"),
    ("N", "推动煤炭清洁高效利用。严格合理控制煤炭消费增长，推进煤电机组节能降碳改造、灵活性改造、供热改造“三改联动”。到2025年，全旗煤炭消费比重下降至75%以下，煤电机组平均供电煤耗降至300克标准煤/千瓦时以下。（旗发改委牵头，旗工信局、旗能源局、盟生态环境局浩腾旗分局配合）"),
    ("N", "加快建设新型电力系统。加强骨干电网和配电网建设，提升新能源消纳和存储能力，推动源网荷储一体化发展。到2025年，新型储能装机规模达到50万千瓦，到2030年力争达到120万千瓦。（内蒙古电力（集团）有限责任公司浩腾供电分公司、旗能源局、旗发改委按职责分工负责）"),
    ("BOX", "专栏1　新能源重点项目"),
    ("H", "（二）节能降碳增效行动"),
    ("N", "全面提升节能管理能力。严格落实固定资产投资项目节能审查制度，加强节能监察，推动重点用能单位能耗在线监测系统建设。（旗发改委牵头，旗统计局、旗市场监督管理局配合）"),
    ("N", "推进重点领域节能改造。实施工业企业、公共机构节能改造，推广高效电机、变压器等节能设备。到2025年，完成20家重点用能企业节能改造。（旗工信局牵头，旗发改委、浩腾工业园区管理委员会配合）"),
    ("N", "加强新型基础设施节能降碳。统筹布局数据中心，推动既有数据中心节能改造。到2025年，新建大型数据中心PUE值不超过1.2。（旗工信局、旗发改委共同牵头，旗能源局配合）"),
    ("H", "（三）工业领域碳达峰行动"),
    ("N", "推动煤化工产业高端化发展。以浩腾工业园区为载体，推进现代煤化工与新能源耦合发展，推广绿氢替代灰氢，提高煤炭作为原料的利用效率。（旗工信局牵头，旗发改委、盟生态环境局浩腾旗分局、浩腾工业园区管委会配合）"),
    ("N", "推动有色冶金行业碳达峰。严格执行电解铝产能置换，提高可再生能源使用比例。到2025年，电解铝使用可再生能源比例达到25%以上。（旗工业和信息化局牵头，旗发展和改革委员会、旗能源局配合）"),
    ("N", "坚决遏制高耗能高排放低水平项目盲目发展。严格项目准入，对“两高”项目实行清单管理、分类处置、动态监控。（旗发展改革委、旗工业和信息化局、盟生态环境局浩腾旗分局按职责分工负责）"),
    ("H", "（四）城乡建设和交通运输绿色低碳行动"),
    ("N", "推动城乡建设绿色低碳发展。推广绿色低碳建材和绿色建造方式，推进嘎查村绿色农房建设。到2025年，城镇新建建筑全面执行绿色建筑标准；到2030年，城镇新建建筑中星级绿色建筑占比达到30%。（旗住建局、旗自然资源局共同牵头，旗城市管理综合执法局、旗机关事务服务中心参与）"),
    ("N", "推进清洁取暖。因地制宜推进热电联产集中供暖和电能、生物质能等清洁取暖。到2025年，城镇清洁取暖率达到80%以上，农村牧区清洁取暖率达到50%。（由旗住房和城乡建设局牵头，旗能源局、旗农牧局、浩腾旗热力有限责任公司配合）"),
    ("N", "构建绿色低碳交通运输体系。推动城区公交、出租、环卫车辆新能源替代，推进重型货车“公转铁”。到2025年，城区公交车新能源和清洁能源车辆占比达到90%，建成充换电站10座。（旗交通运输局牵头，旗公安局交通管理大队、旗住建局、内蒙古电力（集团）有限责任公司浩腾供电分公司配合）"),
    ("H", "（五）生态碳汇巩固提升行动"),
    ("N", "提升林草生态系统碳汇能力。实施重要生态系统保护和修复重大工程，科学开展大规模国土绿化。“十四五”期间，完成营造林20万亩、草原生态修复30万亩。（责任单位：旗林草局、旗自然资源局、旗农牧局）"),
    ("N", "推进荒漠化综合治理。实施科尔沁沙地综合治理，推广“光伏+治沙”模式。到2030年，沙化土地治理面积累计达到50万亩。（旗林草局牵头，旗水利局、旗农牧局配合）"),
    ("H", "三、保障措施"),
    ("P", "（一）加强统计监测。完善能源消费统计制度，建立碳排放统计核算工作机制，加强重点企业能耗和碳排放监测。（旗统计局牵头，旗发改委、盟生态环境局浩腾旗分局配合）"),
    ("P", "（二）加大政策支持。统筹用好各级财政资金，落实节能节水、资源综合利用等税收优惠政策，积极争取绿色金融支持。（旗财政局、旗发改委、国家税务总局浩腾旗税务局按职责分工负责）"),
    ("P", "（三）强化人才支撑。加大碳达峰碳中和领域专业人才引进培养力度，组织开展领导干部专题培训。"),
    ("H", "四、组织实施"),
    ("P", "（一）加强组织领导。旗碳达峰碳中和工作领导小组统筹推进全旗碳达峰工作，领导小组办公室负责日常调度和督促检查。（旗碳达峰碳中和工作领导小组办公室负责）"),
    ("P", "（二）严格监督考核。将碳达峰碳中和目标任务完成情况纳入全旗实绩考核，对工作不力的单位和个人依规依纪严肃问责。（旗委组织部、旗发改委按职责分工负责）"),
]

BOX_TABLE = [
    ["序号", "项目名称", "建设内容", "建设期限"],
    ["1", "浩腾旗风光火储一体化项目", "新建风电100万千瓦、光伏50万千瓦，配套储能15万千瓦", "2023—2025年"],
    ["2", "浩腾工业园区绿色供电项目", "新建光伏30万千瓦", "2024—2026年"],
    ["3", "苏木镇分布式光伏项目", "建设屋顶分布式光伏5万千瓦", "2023—2025年"],
]

# Indicator table: header over two rows; 类别 merged down its group.
INDICATORS = [
    ("能源", "1", "非化石能源消费比重", "%", "12.6", "18", "25", "约束性", "旗发展和改革委员会"),
    ("能源", "2", "新能源装机容量", "万千瓦", "185", "385", "600", "预期性", "旗能源局"),
    ("能源", "3", "新型储能装机规模", "万千瓦", "—", "50", "120", "预期性", "旗能源局"),
    ("节能降碳", "4", "单位地区生产总值能耗降低", "%", "—", "完成自治区下达目标", "—", "约束性", "旗发展和改革委员会"),
    ("节能降碳", "5", "单位地区生产总值二氧化碳排放降低", "%", "—", "完成自治区下达目标", "完成自治区下达目标", "约束性", "盟生态环境局浩腾旗分局"),
    ("城乡建设", "6", "城镇新建建筑中绿色建筑占比", "%", "50", "100", "100", "预期性", "旗住房和城乡建设局"),
    ("生态", "7", "森林覆盖率", "%", "16.8", "17.5", "18.2", "约束性", "旗林业和草原局、旗自然资源局"),
    ("生态", "8", "草原综合植被盖度", "%", "43", "45", "46", "约束性", "旗林业和草原局"),
]

TRAILER = [
    "抄送：盟委办公室，盟行政公署办公室。",
    "浩腾旗人民政府办公室　　　　　　2023年10月10日印发",
]

ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def add_box_table(document) -> None:
    table = document.add_table(rows=len(BOX_TABLE), cols=4)
    table.style = "Table Grid"
    for r, row in enumerate(BOX_TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def add_indicator_table(document) -> None:
    table = document.add_table(rows=2 + len(INDICATORS), cols=9)
    table.style = "Table Grid"
    # Two header rows: 目标值 spans 2025年 and 2030年; the other header cells span both rows.
    top = ["类别", "序号", "指标名称", "单位", "2020年基期值", "目标值", None, "指标属性", "责任单位"]
    for c, text in enumerate(top):
        if c in (5, 6):
            continue
        merged = table.cell(0, c).merge(table.cell(1, c))
        merged.text = text
    goal = table.cell(0, 5).merge(table.cell(0, 6))
    goal.text = "目标值"
    table.cell(1, 5).text = "2025年"
    table.cell(1, 6).text = "2030年"
    for r, row in enumerate(INDICATORS, start=2):
        for c, text in enumerate(row):
            if c == 0:
                continue
            table.cell(r, c).text = text
    # 类别: one merged cell per group.
    start = 0
    while start < len(INDICATORS):
        end = start
        while end + 1 < len(INDICATORS) and INDICATORS[end + 1][0] == INDICATORS[start][0]:
            end += 1
        cell = table.cell(2 + start, 0).merge(table.cell(2 + end, 0)) if end > start else table.cell(2 + start, 0)
        cell.text = INDICATORS[start][0]
        start = end + 1


def build(path: Path) -> None:
    document = docx.Document()
    for align, text in FRONT:
        document.add_paragraph(text).alignment = ALIGN[align]
    for kind, text in BODY:
        if kind == "N":
            document.add_paragraph(text, style="List Number")
        elif kind == "H":
            document.add_paragraph().add_run(text).bold = True
        elif kind == "BOX":
            document.add_paragraph().add_run(text).bold = True
            add_box_table(document)
        else:
            document.add_paragraph(text)
    document.add_paragraph("附件：浩腾旗碳达峰主要指标表")
    document.add_paragraph("浩腾旗碳达峰主要指标表").alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_indicator_table(document)
    for text in TRAILER:
        document.add_paragraph(text)
    document.core_properties.author = "浩腾旗人民政府办公室"
    document.save(str(path))


if __name__ == "__main__":
    build(HERE / "g_haoteng.docx")
