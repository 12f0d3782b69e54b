"""Real LibreOffice for tests: convert files headless, in a private profile; skip where it is not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FONTS_CONF = Path(__file__).resolve().parents[1] / "templates" / "preview-fonts.conf"

needs_soffice = [
    pytest.mark.soffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]


def convert(files: list[Path], fmt: str, outdir: Path, profile: Path | None = None, fonts: bool = False) -> list[Path]:
    """``soffice --convert-to fmt`` for ``files`` into ``outdir``; returns the written files in order.

    Stands in for “a user opened the file in LibreOffice and saved it as …”. Output names follow the
    input names, so give inputs distinct stems.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    profile = profile or Path(tempfile.mkdtemp(prefix="lo-profile-"))
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF)) if fonts else None
    cmd = [shutil.which("soffice"), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=600, env=env)
    suffix = fmt.split(":")[0]
    out = [outdir / f"{f.stem}.{suffix}" for f in files]
    missing = [p for p in out if not p.exists()]
    assert not missing, f"LibreOffice did not write {missing}"
    return out
