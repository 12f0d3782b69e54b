"""Benchmark: how many A4 pages a form prints, measured with LibreOffice (PDF) and pdfinfo.

Not a test (pytest does not collect ``bench_*.py``). Run from the repository root:

    PYTHONPATH=. python tests/bench/bench_form_pages.py [--plans plans] [--period 2026Q3] [--top 3]

Writes every form of the seed plans into a temporary workspace, picks the units
with the most tasks, and for each prints the pages of the whole workbook and of
each sheet (a copy holding only that sheet, converted by LibreOffice headless in
a private profile, counted by ``pdfinfo``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from common import REPO, plan_texts, workspace_with

from generator.forms import generate_forms  # noqa: E402
from generator.forms.columns import GUIDE_SHEET, INFO_SHEET, TARGET_SHEET, TASK_SHEET  # noqa: E402


def pdf_pages(xlsx: Path, outdir: Path, profile: Path) -> int:
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx)], check=True, capture_output=True, timeout=600)
    info = subprocess.run(["pdfinfo", str(outdir / f"{xlsx.stem}.pdf")], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def only_sheet(form: Path, sheet: str, out: Path) -> Path:
    book = openpyxl.load_workbook(form)
    for name in book.sheetnames:
        if name != sheet:
            del book[name]
    book.active = 0
    book.save(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", default=str(REPO / "plans"))
    parser.add_argument("--period", default="2026Q3")
    parser.add_argument("--top", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        root = Path(tmp)
        sources = plan_texts(Path(args.plans))
        ws = workspace_with(root / "ws", sources, len(sources))
        forms = sorted(generate_forms(ws, args.period).forms, key=lambda f: -(f.lead + f.co))[: args.top]
        profile = root / "profile"
        for n, form in enumerate(forms):
            out = root / f"out{n}"
            out.mkdir()
            pages = {"全部": pdf_pages(form.path, out, profile)}
            for sheet in (GUIDE_SHEET, TASK_SHEET, TARGET_SHEET, INFO_SHEET):
                pages[sheet] = pdf_pages(only_sheet(form.path, sheet, out / f"{sheet}.xlsx"), out, profile)
            print(f"{form.plan_id} {form.unit}: {form.lead + form.co} tasks, {form.targets} targets — "
                  + ", ".join(f"{k} {v} pages" for k, v in pages.items()))


if __name__ == "__main__":
    main()
