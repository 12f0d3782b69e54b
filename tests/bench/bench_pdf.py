"""Benchmark: which PDF library reads a government plan's text best — pypdfium2 or pdfminer.six.

Not a test (pytest does not collect ``bench_*.py``). Run from the repository root:

    PYTHONPATH=. python tests/bench/bench_pdf.py [--keep DIR]

The PDFs are made the way a government website's are: each seed plan written as a GB/T 9704
Word file with python-docx (16 pt body, first-line indent, running header with the issuer,
footer ``— N —``), plus one page with a table whose cells wrap, printed by LibreOffice
(``soffice --convert-to pdf``); and each seed ``.txt`` printed by LibreOffice as it is.

For each library the same furniture and line-joining stage (:mod:`generator.plan.pdf`) runs
on the lines the library reports, and the script prints per document:

- ``para``: share of the Word file's paragraphs that come out as exactly one output line
  (text order, broken lines and leaked furniture all count against it); for the table page,
  share of the table's cells found whole (whitespace aside) in the output;
- ``furn``: output lines that are page furniture (the running header or a page number);
- ``order``: share of found paragraphs in document order (for the table page: cells in row order);
- ``tasks``: share of the tasks imported from the .txt that the PDF gives with the same lead and co;
- ``s``: seconds to read the text (best of 3), and the raw-text speed of each library without our stage.

Needs pdfminer.six for the comparison (``pip install pdfminer.six``); the toolkit itself uses only
pypdfium2. Figures and the reasoning: ``docs/pdf-text.md``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from generator.plan import pdf as pdfstage  # noqa: E402
from generator.plan.text import normalize_line  # noqa: E402
from tests.plan.govdoc import gov_docx, import_file, seed_paragraphs, task_agreement, to_pdf  # noqa: E402

SEEDS = ["zhangjiajie", "chenzhou", "shiyan", "linxiang", "jiangyong"]
ISSUERS = {"zhangjiajie": "张家界市人民政府", "chenzhou": "郴州市人民政府", "shiyan": "十堰市人民政府",
           "linxiang": "临湘市人民政府", "jiangyong": "江永县人民政府"}
TABLE = [
    ["序号", "重点任务", "具体内容", "牵头单位", "完成时限"],
    ["1", "可再生能源", "加快推进风电、光伏发电项目建设，因地制宜发展生物质能和地热能，到2025年新增装机容量35万千瓦", "市发展改革委", "2025年底前"],
    ["2", "建筑节能", "推动新建建筑全面执行绿色建筑标准，大力发展装配式建筑，开展超低能耗建筑试点示范", "市住房城乡建设局", "2030年"],
]


def pdfminer_pages(path: Path, data: bytes) -> list[pdfstage.PdfPage]:
    """The same page model from pdfminer.six's layout analysis (default LAParams)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextLine

    pages = []
    for number, layout in enumerate(extract_pages(str(path), laparams=LAParams()), start=1):
        lines = []

        def walk(node):
            if isinstance(node, LTTextLine):
                text = node.get_text().strip()
                if text:
                    lines.append(pdfstage.PdfLine(number, node.x0, node.x1, node.y0, node.y1, node.height, text))
            elif hasattr(node, "__iter__"):
                for child in node:
                    walk(child)

        walk(layout)
        pages.append(pdfstage.PdfPage(number, layout.width, layout.height, lines))
    return pages


READERS = {"pypdfium2": pdfstage.read_pages, "pdfminer.six": pdfminer_pages}


def raw_text_seconds(path: Path) -> dict[str, float]:
    import pypdfium2 as pdfium
    from pdfminer.high_level import extract_text

    def pdfium_text():
        document = pdfium.PdfDocument(str(path))
        return "".join(p.get_textpage().get_text_range() for p in document)

    return {"pypdfium2": best_of(pdfium_text)[1], "pdfminer.six": best_of(lambda: extract_text(str(path)))[1]}


def best_of(fn, n=3):
    times, result = [], None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, min(times)


def score(expected: list[str], got: list[str], furniture: list[str]) -> tuple[float, int, float]:
    norm = [normalize_line(line) for line in got]
    wanted = [normalize_line(e) for e in expected]
    position = {}
    for index, line in enumerate(norm):
        position.setdefault(line, index)
    found = [e for e in wanted if e in position]
    counts = {e: wanted.count(e) for e in set(wanted)}
    unique = [position[e] for e in found if counts[e] == 1 and norm.count(e) == 1]
    in_order = sum(1 for a, b in zip(unique, unique[1:]) if a < b)
    leaks = sum(max(0, norm.count(f) - wanted.count(f)) for f in furniture)
    leaks += sum(1 for line in norm if re.fullmatch(r"[-—–]\s*\d+\s*[-—–]", line))
    return len(found) / len(expected), leaks, (in_order / max(1, len(unique) - 1))


def cell_score(cells: list[str], got: list[str]) -> tuple[float, float]:
    """Table cells found whole in the output, and the share of consecutive found cells in row order."""
    flat = re.sub(r"\s", "", "".join(got))
    positions = [flat.find(re.sub(r"\s", "", c)) for c in cells]
    found = [p for p in positions if p >= 0]
    in_order = sum(1 for a, b in zip(found, found[1:]) if a < b)
    return len(found) / len(cells), in_order / max(1, len(found) - 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", help="write the PDFs here instead of a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        docs, expected = [], {}
        for seed in SEEDS:
            paras = seed_paragraphs(REPO / "plans" / "sources" / f"{seed}.txt")
            docs.append(gov_docx(folder / f"{seed}-gov.docx", paras, header=ISSUERS[seed]))
            expected[f"{seed}-gov"] = paras
        table_paras = ["表格页", "下表列出重点任务。", "以上为示例。"]
        docs.append(gov_docx(folder / "table-gov.docx", table_paras, header="某市人民政府", tables={2: TABLE}))
        expected["table-gov"] = table_paras
        txts = []
        for seed in SEEDS:
            copy = folder / f"{seed}-txt.txt"
            copy.write_bytes((REPO / "plans" / "sources" / f"{seed}.txt").read_bytes())
            txts.append(copy)
        start = time.perf_counter()
        pdfs = to_pdf(docs, folder) + to_pdf(txts, folder)
        print(f"LibreOffice printed {len(pdfs)} PDFs in {time.perf_counter() - start:.1f} s")

        totals = {name: {"para": [], "leaks": 0, "order": [], "same": 0, "tasks": 0, "s": 0.0, "raw": 0.0} for name in READERS}
        reference = {seed: import_file(REPO / "plans" / "sources" / f"{seed}.txt", seed) for seed in SEEDS}
        for pdf in pdfs:
            data = pdf.read_bytes()
            raw = raw_text_seconds(pdf)
            row = [f"{pdf.stem:18}"]
            for name, reader in READERS.items():
                pages, seconds = best_of(lambda: reader(pdf, data))
                lines = pdfstage.join_wrapped(pdfstage.remove_furniture(pages))
                t = totals[name]
                t["s"] += seconds
                t["raw"] += raw[name]
                cell = f"{name}: "
                if pdf.stem in expected:
                    furniture = [ISSUERS.get(pdf.stem.split("-")[0], "某市人民政府")]
                    para, leaks, order = score(expected[pdf.stem], lines, furniture)
                    if pdf.stem == "table-gov":
                        para, order = cell_score([c for row in TABLE for c in row], lines)
                    t["para"].append(para)
                    t["leaks"] += leaks
                    t["order"].append(order)
                    cell += f"para {para:6.1%} furn {leaks:2d} order {order:6.1%} "
                seed = pdf.stem.split("-")[0]
                if seed in reference:
                    text_file = folder / f"{pdf.stem}-{name}.txt"
                    text_file.write_text("\n".join(lines), encoding="utf-8")
                    same, total, _ = task_agreement(reference[seed], import_file(text_file, seed))
                    t["same"] += same
                    t["tasks"] += total
                    cell += f"tasks {same:2d}/{total:2d} "
                cell += f"{seconds:5.2f} s"
                row.append(cell)
            print("  ".join(row))
        print()
        for name, t in totals.items():
            print(
                f"{name:13} paragraphs whole {statistics.mean(t['para']):6.1%}  furniture leaked {t['leaks']:3d}  "
                f"order {statistics.mean(t['order']):6.1%}  tasks same lead/co {t['same']}/{t['tasks']} "
                f"({t['same'] / t['tasks']:.1%})  read {t['s']:.2f} s (raw text alone {t['raw']:.2f} s)"
            )


if __name__ == "__main__":
    main()
