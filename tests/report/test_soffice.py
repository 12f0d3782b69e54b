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


FIGURE = re.compile(r"[≥≤]?-?\d+(\.\d+)?%?(左右)?(（\d{4}年）)?")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_no_figure_wraps_inside_a_cell(pdf):
    """A figure never breaks inside its table cell (“41.2” over “%”, “202” over “5”): LibreOffice lays each
    cell out as its own text block, and no block whose whole text is one figure spans two lines."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    wraps, figures = [], 0
    for block in re.findall(r"<block [^>]*>(.*?)</block>", layout, re.S):
        lines = ["".join(re.findall(r">([^<]+)</word>", line)) for line in re.findall(r"<line [^>]*>(.*?)</line>", block, re.S)]
        if FIGURE.fullmatch("".join(lines)):
            figures += 1
            if len(lines) > 1:
                wraps.append(lines)
    assert figures > 50 and not wraps, wraps
