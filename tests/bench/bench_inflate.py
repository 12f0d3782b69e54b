"""Benchmark: inflating and CRC-checking every deflated member of real returns, zlib against zlib-ng.

Not a test. Run from the repository root, on a kept bench workspace (bench_collect.py --reuse DIR):

    PYTHONPATH=. python tests/bench/bench_inflate.py DIR [-n 300]

Collect inflates every member once to verify its CRC (formats._inflate); this measures that step
alone, best of three, in CPU milliseconds per file, for each library installed.
"""

from __future__ import annotations

import argparse
import io
import time
import zipfile
import zlib
from pathlib import Path


def members(path: Path) -> list[tuple[bytes, int, int]]:
    data = path.read_bytes()
    out = []
    for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
        if info.compress_type == zipfile.ZIP_DEFLATED:
            local = info.header_offset
            start = local + 30 + int.from_bytes(data[local + 26:local + 28], "little") + int.from_bytes(data[local + 28:local + 30], "little")
            out.append((data[start:start + info.compress_size], info.file_size, info.CRC))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("-n", type=int, default=300)
    args = parser.parse_args()
    files = sorted(args.workspace.rglob("inbox/**/*.xlsx"))[: args.n] or sorted(args.workspace.rglob("*.xlsx"))[: args.n]
    parts = [m for f in files for m in members(f)]
    libraries = [("zlib", zlib)]
    try:
        from zlib_ng import zlib_ng

        libraries.append(("zlib-ng", zlib_ng))
    except ImportError:
        print("zlib-ng is not installed")
    times = {}
    for name, lib in libraries:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            for raw, size, crc in parts:
                body = lib.decompressobj(-15).decompress(raw, size)
                assert lib.crc32(body) == crc
            best = min(best, time.process_time() - start)
        times[name] = best / len(files) * 1000
        print(f"{name}: {times[name]:.3f} ms per file ({len(parts)} members of {len(files)} files)")
    if len(times) == 2:
        print(f"zlib / zlib-ng = {times['zlib'] / times['zlib-ng']:.2f}")


if __name__ == "__main__":
    main()
