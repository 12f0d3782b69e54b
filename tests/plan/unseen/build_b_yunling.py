"""Builds b_yunling.txt: a county plan as text pulled out of a PDF, saved in GB18030.

The plan is written below as logical paragraphs; the builder then does to it what PDF
extraction does: body paragraphs wrapped at a fixed width (so unit names and numbers break
across lines), a blank line after every line, page numbers (— 3 —) and a stray leading space
on the first line of every page. Run it again after editing the text:

    PYTHONPATH=. python tests/plan/unseen/build_b_yunling.py
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

HERE = Path(__file__).parent

FRONT = """云岭县人民政府文件

云政发〔2023〕14 号

云岭县人民政府
关于印发《云岭县碳达峰实施方案》的通知

各乡镇人民政府，县直各单位，云岭经济开发区管委会：
#现将《云岭县碳达峰实施方案》印发给你们，请结合实际认真抓好落实。

云岭县人民政府
2023 年 9 月 8 日
（此件主动公开）

云岭县碳达峰实施方案

目  录
一、总体要求 …………………………………………… 1
（一）指导思想 ………………………………………… 1
（二）主要目标 ………………………………………… 2
二、重点任务 …………………………………………… 2
（一）能源绿色低碳转型行动 ………………………… 2
（二）节能降碳增效行动 ……………………………… 4
（三）工业领域碳达峰行动 …………………………… 5
（四）城乡建设碳达峰行动 …………………………… 6
（五）交通运输绿色低碳行动 ………………………… 7
（六）碳汇能力巩固提升行动 ………………………… 8
三、保障措施 …………………………………………… 8
"""

# '#' marks a body paragraph (wrapped); other lines are printed as they are (headings).
BODY = """云岭县碳达峰实施方案
#为深入贯彻落实党中央、国务院关于碳达峰碳中和的重大决策部署，根据省、市碳达峰实施方案有关要求，结合我县实际，制定本方案。
一、总体要求
（一）指导思想
#以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，坚持生态优先、绿色发展，统筹发展和减排、整体和局部、短期和中长期的关系，把碳达峰碳中和纳入全县经济社会发展全局，推动经济社会发展全面绿色转型，确保如期实现碳达峰目标。
（二）主要目标
#到2025年，全县非化石能源消费比重达到25％左右，单位地区生产总值能源消耗和二氧化碳排放完成市下达的目标任务，森林覆盖率稳定在68％以上。到2030年，非化石能源消费比重达到30％左右，单位地区生产总值二氧化碳排放比2005年下降65％以上，顺利实现2030年前碳达峰目标。
二、重点任务
（一）能源绿色低碳转型行动
#1.大力发展新能源。充分发挥我县山地风能和太阳能资源优势，按照“集中与分散并举、开发与保护并重”的原则，有序推进风电、集中式光伏项目建设，积极推进整县屋顶分布式光伏开发。到2025年，全县新能源装机规模突破60万千瓦，其中光伏发电装机达到35万千瓦。（责任单位：县发展和改革局、县自然资源局、县林业局、国网云岭县供电公司，排在首位的为牵头单位，下同）
#2.严格控制煤炭消费。严控煤炭消费总量，推进煤炭清洁高效利用，加快淘汰35蒸吨/小时以下燃煤锅炉，推动工业企业燃料清洁替代。到2025年，全县煤炭消费比重下降到40％以下。（县发改局、县工信局、市生态环境局云岭分局）
3.加快农村能源革命
#推进农村地区生物质能、太阳能等可再生能源开发利用，实施农村电网巩固提升工程，推广清洁炉具和户用光伏，有序推进农村清洁取暖。到2025年，农村地区清洁取暖率达到70％。（县农业农村局、县乡村振兴局、国网云岭县供电公司，各乡镇人民政府）
专栏1
清洁能源重点项目
#1.风电项目：云岭山风电场二期工程，装机容量10万千瓦。
#2.光伏项目：整县屋顶分布式光伏开发试点项目，装机容量15万千瓦。
#3.生物质能项目：云岭县农林生物质发电项目。
（二）节能降碳增效行动
#1.强化能耗强度降低约束性指标管理。严格落实节能目标责任评价考核制度，合理控制能源消费总量，推动能源要素向优质项目、企业、产业流动和集聚。到2025年，全县单位地区生产总值能耗比2020年下降14％。（县发展改革局、县统计局、县工业和信息化局）
#2.实施节能降碳重点工程。围绕电力、建材、化工等重点行业，实施一批节能降碳改造和能量系统优化项目，推进园区能源梯级利用。“十四五”期间，实施节能改造项目20个以上，形成节能能力2万吨标准煤。（县工信局、县发改局、县住房和城乡建设局）
3.推进重点用能设备节能增效
#以电机、风机、泵、压缩机、变压器、锅炉等设备为重点，全面提升能效标准，淘汰落后低效设备，加强重点用能设备节能审查和日常监管。到2025年，新增高效节能电机占比达到70％以上。（县市场监督管理局、县工信局）
（三）工业领域碳达峰行动
#1.推动重点行业节能降碳。聚焦建材、化工、有色金属等重点行业，开展能效对标和节能诊断，推动企业加快节能降碳技术改造。到2025年，规模以上工业单位增加值能耗较2020年下降16％。（县工信局、县发改局、市生态环境局云岭分局）
#2.推动园区绿色低碳发展。推进云岭经济开发区循环化改造，推动园区企业循环式生产、产业循环式组合，加强园区能源、水资源梯级利用。到2025年，创建省级绿色园区1个。（云岭经开区管委会、县工信局、县发改局）
（四）城乡建设碳达峰行动
#1.推进城乡建设绿色低碳转型。严格执行绿色建筑标准，大力发展装配式建筑，推广绿色建材应用。到2025年，城镇新建建筑中绿色建筑面积占比达到100％，装配式建筑占新建建筑面积比例达到30％以上。（县住建局、县自然资源局、县城管局）
#2.加快优化建筑用能结构。推进太阳能、地热能等可再生能源在建筑中的应用，推动公共建筑屋顶光伏应用，提高建筑终端电气化水平。到2025年，城镇建筑可再生能源替代率达到8％。（县住建局、县发改局、国网云岭县供电公司）
#3.推进农村建设和用能低碳转型。推进绿色农房建设，引导新建农房执行节能设计标准，推广节能环保灶具和适宜的可再生能源利用技术。（县住房和城乡建设局、县农业农村局，各乡镇人民政府）
（五）交通运输绿色低碳行动
#1.推动运输工具装备低碳转型。加快新能源和清洁能源车辆推广应用，推进公交、出租、物流配送等领域车辆电动化。到2030年，当年新增新能源、清洁能源动力的交通工具比例达到40％左右，营运交通工具单位换算周转量碳排放强度比2020年下降9.5％左右。（县交通运输局、县公安局交警大队、县机关事务服务中心）
#2.加快绿色交通基础设施建设。推进县城、乡镇和重点景区充电基础设施建设，加快构建覆盖城乡的充电网络。到2025年，全县建成公共充电桩300个以上，实现乡镇充电设施全覆盖。（县交通局、县住建局、国网云岭县供电公司）
（六）碳汇能力巩固提升行动
#深入推进国土绿化行动，加强森林资源保护，实施森林质量精准提升工程，加强湿地保护和退化生态系统修复。到2025年，全县森林覆盖率稳定在68％以上，森林蓄积量达到1050万立方米。（县林业局、县自然资源局、县农业农村局）
三、保障措施
#（一）强化统计监测。加强能源消费和碳排放统计监测能力建设，建立健全能源消费统计制度，定期开展碳达峰形势分析。（县统计局、县发改局、市生态环境局云岭分局）
#（二）加大资金支持。统筹各级财政资金支持碳达峰重点项目，引导金融机构加大对绿色低碳项目的信贷支持力度。（县财政局、县发改局、云岭经济开发区管委会）
#（三）营造良好氛围。充分利用各类媒体，广泛宣传碳达峰碳中和政策措施和典型经验，引导全社会践行绿色低碳生活方式。
（四）加强人才保障
#加大绿色低碳领域人才引进和培养力度，鼓励企业与高校、科研院所合作培养专业人才。（县委组织部、县人力资源和社会保障局）
"""

WIDTH = 60  # display width of a full line: 30 Chinese characters
PAGE_LINES = 24


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


CLOSING = "。，、；：）”！？％"  # never at the start of a printed line: they hang in the margin
OPENING = "（“"  # never at the end of a printed line: they move down


def wrap(paragraph: str) -> list[str]:
    lines, current = [], ""
    for char in paragraph:
        if width(current + char) > WIDTH and char not in CLOSING:
            carry = ""
            while current and current[-1] in OPENING:
                carry, current = current[-1] + carry, current[:-1]
            lines.append(current)
            current = carry
        current += char
    if current:
        lines.append(current)
    return lines


def printed_lines() -> list[str]:
    out = []
    for raw in BODY.strip("\n").split("\n"):
        if raw.startswith("#"):
            out += wrap(raw[1:])
        else:
            out.append(raw)
    return out


def build() -> str:
    front = []
    for raw in FRONT.strip("\n").split("\n"):
        front.append("  " + raw[1:] if raw.startswith("#") else raw)
    body = printed_lines()
    # A unit name broken across lines with a stray space, as page breaks leave them.
    text_lines, page = [], 1
    for index, line in enumerate(body):
        if index and index % PAGE_LINES == 0:
            text_lines.append(f"— {page} —")
            page += 1
            line = " " + line
        text_lines.append(line)
    text_lines.append(f"— {page} —")
    out = front + [""] + text_lines
    return "\n\n".join(out) + "\n"


if __name__ == "__main__":
    text = build()
    (HERE / "b_yunling.txt").write_bytes(text.encode("gb18030"))
    print(f"wrote {HERE / 'b_yunling.txt'}: {len(text.splitlines())} lines")
