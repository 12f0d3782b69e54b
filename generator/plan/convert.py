"""Old Word (.doc) and WPS (.wps) files → .docx through LibreOffice, when it is installed.

LibreOffice reads both binary formats (a WPS Writer .wps is a Word 97 binary under another
name); ``soffice --headless --convert-to docx`` writes the .docx this package already reads.
It runs in a private, throw-away profile so that it neither disturbs nor waits for a
LibreOffice the user has open, on a copy of the input (the input is never touched).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import UserError

TIMEOUT_SECONDS = 180


def soffice_path() -> str | None:
    """The LibreOffice program, or None. ``MAKE_REPORTS_SOFFICE`` names another one (or ``none``)."""
    chosen = os.environ.get("MAKE_REPORTS_SOFFICE")
    if chosen:
        return None if chosen.lower() == "none" else shutil.which(chosen) or (chosen if Path(chosen).exists() else None)
    return shutil.which("soffice") or shutil.which("libreoffice")


def save_as_docx_hint(path: Path) -> str:
    return (
        f"在 Word 或 WPS 中打开“{path.name}”，选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，"
        "再导入新保存的 .docx 文件。"
    )


def to_docx(path: Path, data: bytes) -> bytes:
    """The bytes of ``path`` (a .doc/.wps/.rtf) converted to .docx; raises :class:`UserError`."""
    soffice = soffice_path()
    if soffice is None:
        raise UserError(
            f"无法直接读取“{path}”（{path.suffix.lower()} 是旧版 Word/WPS 格式），本机也没有安装 LibreOffice 来转换它。"
            + save_as_docx_hint(path)
        )
    with tempfile.TemporaryDirectory(prefix="plan-import-") as tmp:
        folder = Path(tmp)
        source = folder / f"source{path.suffix.lower()}"
        source.write_bytes(data)
        out = folder / "out"
        profile = folder / "profile"
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", "docx", "--outdir", str(out), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise UserError(f"用 LibreOffice 转换“{path}”超过 {TIMEOUT_SECONDS} 秒仍未完成。" + save_as_docx_hint(path)) from None
        except OSError as exc:
            raise UserError(f"无法运行 LibreOffice（{soffice}）转换“{path}”：{exc}。" + save_as_docx_hint(path)) from None
        converted = out / "source.docx"
        if not converted.exists() or converted.stat().st_size == 0:
            raise UserError(f"LibreOffice 无法打开“{path}”：文件可能已损坏或不是 Word/WPS 文档。" + save_as_docx_hint(path))
        return converted.read_bytes()
