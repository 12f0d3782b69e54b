"""Walking the inbox the way files really arrive: any names, any subfolders, and things that are not files.

:func:`scan_inbox` lists every entry under the inbox, oldest first, and reads each
regular file's bytes once. It never blocks and never leaves the inbox:

* files are opened with ``O_NONBLOCK | O_NOFOLLOW`` and checked with ``fstat`` to be
  regular files, so a FIFO or a device put in the inbox (or swapped in while
  collecting) is reported, never read;
* a symbolic link is followed only when it leads to a regular file inside the
  inbox; a link to anything outside (``/dev/zero``, ``/etc/passwd``, another
  folder), to a folder or to nothing is its own outcome with a reason;
* a folder or file that cannot be read is its own outcome, with the reason;
* a name that is not valid UTF-8 (a zip unpacked on Windows, a GBK name) is read
  as GB18030 (else its odd bytes become U+FFFD), with a note, so the store, the log
  and the console can hold it.

Entries that yield no bytes carry ``problems`` (Chinese, naming the entry and
what to do) and ``sha256 = None``; the collector lists them as 非填报表 without
storing them.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..fileio import atomic_path
from .formats import MAX_FILE_BYTES
from .formats import display_name as readable_name

__all__ = ["InboxFile", "display_name", "list_inbox", "read_file", "scan_inbox", "uncollectable"]

# Office lock and temporary files that are never returns.
SKIP_PREFIXES = ("~$", ".~lock.", ".~", "._")
SKIP_SUFFIXES = (".tmp", ".crdownload", ".part")
SKIP_NAMES = ("Thumbs.db", ".DS_Store", "desktop.ini")
_CHUNK = 1 << 20
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

_KINDS = ((stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"),
          (stat.S_ISSOCK, "套接字"), (stat.S_ISDIR, "文件夹"))


@dataclass
class InboxFile:
    path: str  # where to read it (may hold surrogate escapes of undecodable bytes)
    label: str  # path inside the inbox as users see it (posix separators, a GBK name decoded)
    size: int = 0
    mtime: float = 0.0
    sha256: str | None = None
    data: bytes | None = None  # the bytes, when small enough to be a form
    problems: list[str] = field(default_factory=list)  # why nothing was read (an outcome of its own)
    notes: list[str] = field(default_factory=list)  # said alongside its outcome (an undecodable name)
    follow: bool = False  # a link checked to lead to a regular file inside the inbox

    @property
    def name(self) -> str:
        return self.label.rsplit("/", 1)[-1]

    @property
    def modified(self) -> str:
        return datetime.fromtimestamp(self.mtime).replace(microsecond=0).isoformat() if self.mtime else ""

    def copy_to(self, target: Path) -> None:
        """Copy a file too big to hold in memory (streamed, atomically); skipped when already there."""
        if target.exists():
            return
        fd = os.open(self.path, _OPEN_FLAGS)
        with os.fdopen(fd, "rb") as src, atomic_path(target) as tmp, open(tmp, "wb") as dst:
            for chunk in iter(lambda: src.read(_CHUNK), b""):
                dst.write(chunk)


def display_name(relative: str) -> tuple[str, str | None]:
    """(label, note) for a relative path read from disk; the note explains an undecodable name, else None.

    The label is :func:`.formats.display_name`'s (GB18030 first, else U+FFFD for odd bytes)."""
    label = readable_name(relative)
    if label == relative:
        return relative, None
    return label, (f"{label}：文件名不是 UTF-8 编码（常见于在 Windows 上压缩、在别处解压的文件），已尽量读出文件名"
                   "（按 GBK/GB18030，无法识别的字节显示为“\ufffd”）；文件照常收集，想看得清楚可把文件改名后再放入收件箱")


def _kind(mode: int) -> str | None:
    for test, word in _KINDS:
        if test(mode):
            return word
    return None


def scan_inbox(inbox: Path) -> list[InboxFile]:
    """Every entry under ``inbox`` (subfolders too, hidden ones and lock files skipped), oldest first,
    each regular file's bytes read once (files over :data:`MAX_FILE_BYTES` are only hashed)."""
    return [read_file(item) for item in list_inbox(inbox)]


def list_inbox(inbox: Path) -> list[InboxFile]:
    """Every entry under ``inbox``, oldest first, classified from its lstat; nothing is read yet
    (:func:`read_file` reads one)."""
    root = os.fspath(inbox)
    real_root = os.path.realpath(root)
    found: list[InboxFile] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.append(_problem(root, folder, f"无法打开这个文件夹（{_why(exc)}），其中的文件都没有收集。"
                                                "请检查该文件夹的权限后重新运行"))
            continue
        for entry in entries:
            name = entry.name
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                found.append(_problem(root, entry.path, f"无法读取（{_why(exc)}）。请检查权限后重新运行"))
                continue
            if stat.S_ISDIR(info.st_mode):
                if not name.startswith("."):
                    folders.append(entry.path)
                continue
            if name.startswith(SKIP_PREFIXES) or name.endswith(SKIP_SUFFIXES) or name in SKIP_NAMES:
                continue
            found.append(_entry(root, real_root, entry.path, info))
    # Of two identical files the earlier is the original; on a tie (file times are coarse) a file beats a link to it.
    found.sort(key=lambda f: (f.mtime, f.follow, f.label))
    return found


def _problem(root: str, path: str, what: str, info: os.stat_result | None = None) -> InboxFile:
    label, note = display_name(os.path.relpath(path, root).replace(os.sep, "/"))
    item = InboxFile(path, label, info.st_size if info and stat.S_ISREG(info.st_mode) else 0,
                     info.st_mtime if info else 0.0)
    item.problems.append(f"{label}：{what}")
    if note:
        item.problems.append(note)
    return item


def _why(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "没有权限"
    return exc.strerror or type(exc).__name__


def _entry(root: str, real_root: str, path: str, info: os.stat_result) -> InboxFile:
    """What an entry is, from its lstat (and, for a link, where it leads); nothing is opened yet."""
    if stat.S_ISLNK(info.st_mode):
        target = os.path.realpath(path)
        inside = os.path.commonpath([real_root, target]) == real_root if os.path.isabs(target) else False
        if not inside:
            return _problem(root, path, f"是指向收件箱以外（{os.fsencode(target).decode('utf-8', 'backslashreplace')}）的链接，"
                                        "出于安全考虑没有读取。如是回表，请把文件本身（而不是快捷方式或链接）放进收件箱", info)
        try:
            target_info = os.stat(target)
        except OSError:
            return _problem(root, path, "是一个链接，但它指向的文件已不存在。请把文件本身放进收件箱", info)
        if not stat.S_ISREG(target_info.st_mode):
            return _problem(root, path, f"是指向{_kind(target_info.st_mode) or '特殊文件'}的链接，没有读取。"
                                        "请把文件本身放进收件箱", info)
        # A link to a regular file inside the inbox: read what it points to, ordered by when the link was made.
        item = _file(root, path, max(info.st_mtime, target_info.st_mtime), target_info.st_size)
        item.follow = True
        return item
    if not stat.S_ISREG(info.st_mode):
        return _problem(root, path, f"不是普通文件（{_kind(info.st_mode) or '特殊文件'}），没有读取。"
                                    "请只把交回的表格文件放进收件箱", info)
    return _file(root, path, info.st_mtime, info.st_size)


def _file(root: str, path: str, mtime: float, size: int) -> InboxFile:
    label, note = display_name(os.path.relpath(path, root).replace(os.sep, "/"))
    item = InboxFile(path, label, size, mtime)
    if note:
        item.notes.append(note)
    return item


def _open(item: InboxFile) -> tuple[int, os.stat_result] | None:
    """A listed file opened for reading (non-blocking; links not followed unless checked) with its fstat, or None
    with a problem added when it cannot be opened or is no longer a regular file."""
    try:
        fd = os.open(item.path, _OPEN_FLAGS | (0 if item.follow else _NOFOLLOW))
    except OSError as exc:
        item.problems.append(f"{item.label}：无法读取（{_why(exc)}）。请检查该文件的权限，或关闭正在占用它的程序后重新运行")
        return None
    opened = os.fstat(fd)
    if not stat.S_ISREG(opened.st_mode):  # swapped for something else since it was listed
        os.close(fd)
        item.problems.append(f"{item.label}：不是普通文件（{_kind(opened.st_mode) or '特殊文件'}），没有读取")
        return None
    return fd, opened


def uncollectable(inbox: Path) -> list[InboxFile]:
    """The entries of ``inbox`` that collect cannot read (a FIFO, a device, a link leading outside the inbox,
    to a folder or to nothing, a folder or file without read permission), each with its ``problems``.

    Cheap: the inbox is listed again (:func:`list_inbox`) and each regular file is opened and closed
    without reading a byte; these are the entries collect lists in 报送情况.xlsx without storing them."""
    out = []
    for item in list_inbox(inbox):
        if not item.problems:
            opened = _open(item)
            if opened is not None:
                os.close(opened[0])
        if item.problems:
            out.append(item)
    return out


def read_file(item: InboxFile) -> InboxFile:
    """Read a listed file's bytes once (or only hash it when too big to be a form); a failure becomes a problem.

    Opened non-blocking and, unless it is a link already checked to stay inside the inbox, without
    following links; ``fstat`` must say regular file, so nothing swapped in meanwhile can hang the run."""
    if item.problems or item.sha256 is not None:
        return item
    found = _open(item)
    if found is None:
        return item
    fd, opened = found
    with os.fdopen(fd, "rb", buffering=0) as fh:
        try:
            if opened.st_size <= MAX_FILE_BYTES:
                data = fh.readall()
                item.data, item.size = data, len(data)
                item.sha256 = hashlib.sha256(data).hexdigest()
            else:
                digest, size = hashlib.sha256(), 0
                for chunk in iter(lambda: fh.read(_CHUNK), b""):
                    digest.update(chunk)
                    size += len(chunk)
                item.sha256, item.size = digest.hexdigest(), size
        except OSError as exc:
            item.data, item.sha256 = None, None
            item.problems.append(f"{item.label}：读取到一半出错（{_why(exc)}）。请把文件重新复制到收件箱后重新运行")
    return item
