#!/usr/bin/env python3
"""Build the chart font shipped in generator/report/fonts/ (run once; the result is committed).

Source: Noto Sans CJK SC Regular from Debian's fonts-noto-cjk
(/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc), SIL Open Font License 1.1,
copyright 2014-2021 Adobe, with Reserved Font Name 'Source'; "Noto" is a Google trademark.
The subset is a Modified Version under the OFL, so it gets a family name of its own
("Tanfeng Chart Sans SC") that uses neither reserved name nor trademark; the copyright
notice (name ID 0) and licence fields are kept, OFL.txt ships beside the font.

Glyph set: every GB2312 hanzi (6763), ASCII, Latin-1 punctuation, CJK symbols and
punctuation, full-width forms, a few arrows and circled numbers used in charts.

    python tools/subset_font.py [--source PATH.ttc] [--out generator/report/fonts/TanfengChartSansSC-Regular.otf]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

FAMILY = "Tanfeng Chart Sans SC"
PS_NAME = "TanfengChartSansSC-Regular"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "generator" / "report" / "fonts" / f"{PS_NAME}.otf"


def gb2312_hanzi() -> list[str]:
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def codepoints() -> set[int]:
    cps: set[int] = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    cps |= set(range(0x2010, 0x2070))  # general punctuation (—, “”, ‰ …)
    cps |= set(range(0x2190, 0x2200))  # arrows
    cps |= set(range(0x2460, 0x24A0))  # circled numbers
    cps |= set(range(0x25A0, 0x2600))  # geometric shapes (●, ▲)
    cps |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
    cps |= set(range(0xFF00, 0xFFF0))  # full-width forms
    cps |= {0x00B7, 0x2103, 0x2116, 0x2160, 0x2161, 0x2162, 0x2163}
    cps |= {ord(c) for c in gb2312_hanzi()}
    # GB2312 non-hanzi rows (symbols, digits, Greek, Cyrillic, kana, box drawing)
    for hi in range(0xA1, 0xAA):
        for lo in range(0xA1, 0xFF):
            try:
                cps.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return cps


def build(source: Path, out: Path) -> None:
    collection = TTCollection(str(source))
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    options = subset.Options()
    options.layout_features = []  # matplotlib shapes no OpenType features; keep the file small
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints()))
    subsetter.subset(font)
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (16, 17, 18, 21, 22):  # typographic names would still say Noto
            name.removeNames(nameID=record.nameID)
    full = f"{FAMILY} Regular"
    for nid, value in {
        1: FAMILY,
        2: "Regular",
        3: f"2.004;{PS_NAME};subset of Noto Sans CJK SC",
        4: full,
        6: PS_NAME,
        7: "",  # the trademark line belongs to the unmodified font
        10: "Subset of Noto Sans CJK SC (GB2312 hanzi, ASCII, CJK punctuation) for the "
        "carbon-peaking progress toolkit's charts. Modified Version under SIL OFL 1.1.",
    }.items():
        for record in [r for r in name.names if r.nameID == nid]:
            name.removeNames(nameID=nid, platformID=record.platformID)
        if value:
            name.setName(value, nid, 3, 1, 0x409)
            name.setName(value, nid, 1, 0, 0)
    cff = font["CFF "].cff
    cff.fontNames = [PS_NAME]
    top = cff.topDictIndex[0]
    for attr, value in (("FullName", full), ("FamilyName", FAMILY)):
        if hasattr(top, attr):
            setattr(top, attr, value)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    print(f"{out}: {out.stat().st_size / 1e6:.2f} MB, {len(font.getGlyphOrder())} glyphs")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    build(args.source, args.out)
