"""Atomic writes and file hashing.

Outputs are written to a temporary file in the target folder and renamed into
place, so a crash or a full disk never leaves half a workbook or plan file.
Finished files get the user's umask; temporaries a killed run left behind are
removed once they are old.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import itertools
import os
import stat
import time
import zipfile
from pathlib import Path
from typing import Iterator

from .errors import UserError, WorkFailed


TMP_PREFIX = ".~tmp-"  # our own temporaries; nothing else in a folder is ever cleaned
STALE_SECONDS = 6 * 3600  # a temporary this old was left by a run that was killed
_cleaned: set[str] = set()  # folders already swept in this process


def disk_full(exc: BaseException) -> bool:
    """True when ``exc`` (or what caused it) says the disk or the user's quota is full."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def disk_full_error(where: Path | str) -> WorkFailed:
    return WorkFailed(f"磁盘空间已满，无法写入“{where}”。已写好的文件和数据库未受影响；请腾出磁盘空间后重新运行同一命令。")


def _temporary(folder: Path, suffix: str) -> tuple[int, Path]:
    """Create a new temporary file in ``folder`` (mode 0o666 less the user's umask, applied by the
    system as for any file the user makes; mkstemp would make it 0600). Returns (fd, path).

    The name is this process's id and a counter (exclusive creation settles any clash), which costs
    no random bytes: collect writes one for every file it archives."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        path = folder / f"{TMP_PREFIX}{_pid[0]:x}-{next(_names):x}{suffix}"
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


_names = itertools.count()
_pid = [os.getpid()]  # this process's id, kept current across fork
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=lambda: _pid.__setitem__(0, os.getpid()))


def clean_stale_temporaries(folder: Path, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove our own ``.~tmp-*`` files in ``folder`` left by a killed run (only old ones; once per process).

    A temporary younger than ``older_than`` seconds may belong to a run still going, so it stays.
    """
    key = os.fspath(folder)
    if key in _cleaned:
        return []
    _cleaned.add(key)
    removed = []
    limit = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(TMP_PREFIX):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` on success.

    The finished file gets the user's umask (like any file the user makes), not mkstemp's 0600.
    Stale temporaries of killed runs in the same folder are removed first (see
    :func:`clean_stale_temporaries`). A full disk raises :class:`WorkFailed` (exit 3); so does any other
    failure to write (a target held open by another program, a folder without permission).
    """
    with _atomic(target, keep_open=False) as (_, tmp_path):
        yield tmp_path


@contextlib.contextmanager
def _atomic(target: Path, keep_open: bool) -> Iterator[tuple[int | None, Path]]:
    """:func:`atomic_path`, yielding ``(fd, path)``: with ``keep_open`` the temporary's open descriptor
    (the caller closes it), saving a second open of the same file; otherwise ``(None, path)``."""
    target = Path(target)
    try:
        if os.fspath(target.parent) not in _cleaned:  # a folder seen in this process exists (else: made below)
            target.parent.mkdir(parents=True, exist_ok=True)
            clean_stale_temporaries(target.parent)
        try:
            fd, tmp_path = _temporary(target.parent, target.suffix)
        except FileNotFoundError:  # the folder was removed since
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_path = _temporary(target.parent, target.suffix)
        if not keep_open:
            os.close(fd)
            fd = None
    except OSError as exc:
        if disk_full(exc):
            raise disk_full_error(target) from exc
        raise WorkFailed(f"无法在文件夹“{target.parent}”中写入文件：{exc.strerror or exc}。请检查该文件夹是否存在且可写。") from exc
    try:
        try:
            yield fd, tmp_path
        except BaseException as exc:
            if disk_full(exc):
                raise disk_full_error(target) from exc
            raise
        try:
            os.replace(tmp_path, target)
        except PermissionError as exc:
            raise WorkFailed(
                f"无法写入“{target}”：文件可能正被 Excel、WPS 或其他程序打开。请关闭该文件后重试。"
            ) from exc
        except OSError as exc:
            if disk_full(exc):
                raise disk_full_error(target) from exc
            raise WorkFailed(f"无法写入“{target}”：{exc.strerror or exc}。") from exc
    finally:
        if tmp_path.exists():
            with contextlib.suppress(OSError):
                tmp_path.unlink()


def place_new(tmp: str | Path, target: str | Path) -> None:
    """Put a finished file ``tmp`` in place as ``target`` only if nothing is there yet (a hard link, which
    fails when the name exists: if another run made it first, that one counts). ``tmp`` stays for the
    caller to remove."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        if not os.path.exists(target):
            os.replace(tmp, target)


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with _atomic(target, keep_open=True) as (fd, _):  # the file is opened once, written with plain write(2)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)


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
