"""Real client check: LibreOffice opens the report, renders A4 pages with GB/T 9704 margins."""

import re
import shutil
import subprocess

import pytest

from ..soffice import convert, needs_soffice

PT_PER_MM = 72 / 25.4

pytestmark = needs_soffice


@pytest.fixture(scope="module")
def pdf(sample_report, tmp_path_factory):
    return convert([sample_report["docx"]], "pdf", tmp_path_factory.mktemp("pdf"), fonts=True)[0]


def _info(pdf, *args):
    return subprocess.run(["pdfinfo", *args, str(pdf)], check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_pages_are_a4_portrait_then_landscape(pdf):
    info = _info(pdf, "-f", "1", "-l", "99")
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert len(sizes) >= 5
    w, h = map(float, sizes[0])
    assert abs(w - 595.3) < 1 and abs(h - 841.9) < 1
    assert any(abs(float(w) - 841.9) < 1 and abs(float(h) - 595.3) < 1 for w, h in sizes)  # landscape annexes


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_text_rendered_and_margins(pdf):
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "2026年第三季度进展情况报告" in flat and "附件3" in flat and "—1—" in flat
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    words = [tuple(map(float, m)) for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', bbox)]
    body = [w for w in words if w[1] < 297 * PT_PER_MM - 35 * PT_PER_MM]  # above the bottom margin (page number below)
    left = min(w[0] for w in body) / PT_PER_MM
    right = max(w[2] for w in body) / PT_PER_MM
    top = min(w[1] for w in body) / PT_PER_MM
    assert 26 <= left <= 31, left  # left margin 28 mm (a chart image may sit further in)
    # right margin 26 mm: justified lines end at 184 mm; a closing “，”/“。” may hang one character
    # (16 pt ≈ 5.6 mm) into the margin, as Word and LibreOffice allow for Chinese text by default
    assert right <= 210 - 26 + 6, right
    ends = [w[2] / PT_PER_MM for w in body]
    assert sum(1 for e in ends if 183 <= e <= 184.6) >= 5
    assert 36 <= top <= 45, top  # top margin 37 mm plus the first line's leading
    numbers = [w for w in words if w[1] > 262 * PT_PER_MM]
    assert numbers and min(w[1] for w in numbers) / PT_PER_MM < 275  # “— 2 —” about 7 mm under the text block


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_no_figure_wraps_inside_a_cell(pdf):
    """A percentage or number never breaks inside its table cell (“41.2” over “%”): no “%” or number fragment
    of the rendered pages sits right under a word ending in a digit, in the same column."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = bbox.split("<page ")[1:]
    wraps = []
    for page in pages:
        words = [(float(x0), float(y0), float(y1), w, float(x1)) for x0, y0, x1, y1, w in
                 re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', page)]
        for x0, y0, y1, w, x1 in words:
            percent = re.fullmatch(r"\.?\d{0,2}%", w)
            if not (percent or re.fullmatch(r"\d{1,2}", w)):
                continue
            above = [a for a in words if a[0] - 3 <= (x0 + x1) / 2 <= a[4] + 3 and 0 < y0 - a[2] < (y1 - y0) * 0.8
                     and a[3][-1].isdigit() and (percent or re.fullmatch(r"\d+\.\d*", a[3]))]
            # in running text a number may end a line; a figure cut in its cell stands alone on its line
            joined = any(abs(b[1] - y0) < 2 and 0 <= x0 - b[4] < 5 for b in words)
            if above and not joined:
                wraps.append((above[0][3], w))
    assert not wraps, wraps
