#!/usr/bin/env python3
"""Convert a report .docx to PDF with LibreOffice and render pages to PNG (Linux preview).

Uses templates/preview-fonts.conf so the official font names map to free look-alike fonts.

    python tools/preview_report.py REPORT.docx [--pages 1 3] [--dpi 80] [--out DIR]
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


def to_pdf(docx: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice")
    if not soffice:
        raise SystemExit("需要 LibreOffice（soffice）才能预览。")
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(docx)], check=True, env=env, capture_output=True, timeout=300)
    return out_dir / (docx.stem + ".pdf")


def to_png(pdf: Path, first: int, last: int, dpi: int, prefix: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "*.png"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docx", type=Path)
    parser.add_argument("--pages", type=int, nargs=2, default=(1, 1))
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--out", type=Path, default=Path("."))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pdf = to_pdf(args.docx.resolve(), args.out.resolve())
    for png in to_png(pdf, args.pages[0], args.pages[1], args.dpi, args.out.resolve() / "page"):
        print(png)
