#!/usr/bin/env python3
"""Render a report (.docx) or a form (.xlsx) to PNG pages via LibreOffice and pdftoppm (Linux preview).

Uses templates/preview-fonts.conf so the official font names map to free look-alike fonts.
The pictures in the README were made with it from the demo workspace:

    python tools/preview.py demo/reports/2026Q3/张家界市碳达峰实施方案2026Q3进展情况报告.docx --out /tmp/p
    python tools/preview.py demo/workbooks/2026Q3/inbox/…/市林业局….xlsx --pages 2 2 --out /tmp/f
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS_CONF = ROOT / "templates" / "preview-fonts.conf"


def to_pdf(document: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice")
    if not soffice:
        raise SystemExit("需要 LibreOffice（soffice）才能预览。")
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(document)], check=True, env=env, capture_output=True, timeout=300)
    return out_dir / (document.stem + ".pdf")


def to_png(pdf: Path, first: int, last: int, dpi: int, prefix: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "*.png"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", type=Path, help="a .docx report or an .xlsx form")
    parser.add_argument("--pages", type=int, nargs=2, default=(1, 1))
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--out", type=Path, default=Path("."))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pdf = to_pdf(args.document.resolve(), args.out.resolve())
    for png in to_png(pdf, args.pages[0], args.pages[1], args.dpi, args.out.resolve() / "page"):
        print(png)
