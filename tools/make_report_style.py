#!/usr/bin/env python3
"""Build templates/report_style.docx: the report's reference document (styles, page, language).

The numbers come from generator/report/docstyle.py (GB/T 9704-2012). An office may open the
result in Word or WPS and change the style fonts (正文, 标题 1–3, 标题, 表格文字 …) or add a
letterhead at the top of the body; the report keeps whatever body the reference document has
and appends after it, and takes each role's font from these styles.

    python tools/make_report_style.py [--out templates/report_style.docx]
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from generator.report import build, docstyle  # noqa: E402


def make(out: Path) -> None:
    doc = docx.Document()
    docstyle.apply_styles(doc)
    docstyle.fixed_core_properties(doc, datetime(2026, 1, 1), "进展情况报告样式", "碳达峰实施方案调度工具")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build.deterministic_bytes(doc))
    print(out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "templates" / "report_style.docx")
    make(parser.parse_args().out)
