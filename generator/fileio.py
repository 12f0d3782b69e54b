"""Atomic writes and file hashing.

Outputs are written to a temporary file in the target folder and renamed into
place, so a crash or a full disk never leaves half a workbook or plan file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Iterator

from .errors import UserError


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` on success."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~tmp-", suffix=target.suffix, dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise UserError(f"无法在文件夹“{target.parent}”中写入文件：{exc.strerror or exc}。请检查该文件夹是否存在且可写。") from exc
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, target)
        except PermissionError as exc:
            raise UserError(
                f"无法写入“{target}”：文件可能正被 Excel、WPS 或其他程序打开。请关闭该文件后重试。"
            ) from exc
        except OSError as exc:
            raise UserError(f"无法写入“{target}”：{exc.strerror or exc}。") from exc
    finally:
        if tmp_path.exists():
            with contextlib.suppress(OSError):
                tmp_path.unlink()


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stable_zip(data: bytes) -> bytes:
    """The same OOXML package with fixed member timestamps, so the same content gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def read_yaml(path: Path, what: str, loader=None):
    """Parse a YAML file the user edits; a broken one is a :class:`UserError` naming the file, line and column.

    ``what`` names the file for the user (计划文件, 评估口径文件 …).
    """
    import yaml

    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到{what}“{path}”。")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{what}“{path}”不是 UTF-8 编码的文本：第 {exc.start} 字节处无法解码。") from exc
    try:
        return yaml.load(text, Loader=loader or getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "某处"
        raise UserError(f"{what}“{path}”的 YAML 格式有误（{where}）：{getattr(exc, 'problem', None) or exc}。") from exc
