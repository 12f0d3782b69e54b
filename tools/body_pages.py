#!/usr/bin/env python3
"""Measure rendered reports: pages of the body (before 附件1), annex pages, blank or nearly empty pages.

Renders every report (.docx) in a folder through LibreOffice with templates/preview-fonts.conf
(as tools/preview.py does) and reads the PDF back with pdfinfo/pdftotext:

    python tools/body_pages.py /tmp/d/reports/2026Q3

prints one line per report: body pages, total pages, and any page with almost no text.
A page counts as nearly empty when it holds fewer than 40 characters besides its page number.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from preview import to_pdf  # noqa: E402

NEARLY_EMPTY = 40
_PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


def page_texts(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    parts = text.split("\f")
    return [parts[i] if i < len(parts) else "" for i in range(pages)]


def measure(pdf: Path) -> dict:
    texts = page_texts(pdf)
    flat = [re.sub(r"\s+", "", _PAGE_NUMBER.sub("", t)) for t in texts]
    annex = next((i for i, t in enumerate(flat) if t.startswith("附件1")), len(flat))
    sparse = [i + 1 for i, t in enumerate(flat) if len(t) < NEARLY_EMPTY]
    return {"pages": len(flat), "body": annex, "sparse": sparse}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder holding the reports (*进展情况报告.docx)")
    args = parser.parse_args()
    reports = sorted(args.folder.glob("*进展情况报告.docx"))
    if not reports:
        print(f"{args.folder} 中没有进展情况报告。")
        return 2
    worst = 0
    with tempfile.TemporaryDirectory(prefix="body-pages-") as out:
        for report in reports:
            m = measure(to_pdf(report.resolve(), Path(out)))
            worst = max(worst, m["body"])
            sparse = "、".join(map(str, m["sparse"])) or "无"
            print(f"{report.stem}: 正文 {m['body']} 页，共 {m['pages']} 页，几乎空白的页：{sparse}")
    print(f"正文最多 {worst} 页")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
