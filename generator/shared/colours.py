"""Cell fills by status and by light (RGB hex), shared by the Word report's tables and 汇总表.xlsx;
black text stays readable on all of them.

Kept apart from :mod:`generator.report.docstyle` so that writing 汇总表 (which collect does too) needs
no python-docx.
"""

STATUS_FILL = {
    "已完成": "C6E0B4", "已达标": "C6E0B4", "正常": "E2EFDA", "轻微滞后": "FFE699", "明显滞后": "F4B084",
    "逆向": "F4B084", "逾期未完成": "F4B084", "未报送": "D9D9D9", "进行中": "FFFFFF", "退回待重报": "D9D9D9",
}
LIGHT_FILL = {"绿": "70AD47", "黄": "FFC000", "红": "E0433A", "—": "FFFFFF"}
