"""Atomic writes: the user's umask on the finished file, and stale temporaries of killed runs cleaned."""

import os
import time

import pytest

import generator.fileio as fileio
from generator.errors import WorkFailed
from generator.fileio import write_bytes_atomic


@pytest.fixture
def umask():
    def use(mask):
        return os.umask(mask)

    saved = os.umask(0o022)
    os.umask(saved)
    yield use
    os.umask(saved)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_outputs_get_the_users_umask_not_0600(tmp_path, umask):
    umask(0o022)
    write_bytes_atomic(tmp_path / "a.xlsx", b"x")
    assert (tmp_path / "a.xlsx").stat().st_mode & 0o777 == 0o644
    umask(0o027)
    write_bytes_atomic(tmp_path / "b.xlsx", b"x")
    assert (tmp_path / "b.xlsx").stat().st_mode & 0o777 == 0o640


def test_stale_temporaries_are_cleaned_only_ours_and_only_old(tmp_path):
    old = time.time() - 2 * fileio.STALE_SECONDS
    stale = tmp_path / ".~tmp-abc123.xlsx"  # left by a run killed mid-write
    fresh = tmp_path / ".~tmp-def456.xlsx"  # another run writing right now
    theirs = tmp_path / "~$报告.docx"  # Word's own lock file
    for path in (stale, fresh, theirs):
        path.write_bytes(b"partial")
    for path in (stale, theirs):
        os.utime(path, (old, old))
    write_bytes_atomic(tmp_path / "out.xlsx", b"done")
    assert not stale.exists() and fresh.exists() and theirs.exists()
    assert (tmp_path / "out.xlsx").read_bytes() == b"done"


def test_a_write_that_fails_leaves_no_temporary_and_says_why(tmp_path, monkeypatch):
    import errno

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(WorkFailed, match="磁盘空间已满"):
        write_bytes_atomic(tmp_path / "out.xlsx", b"done")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_removed_after_a_write_is_made_again(tmp_path):
    """Folders written to are remembered (no mkdir per file); one removed meanwhile is simply made again."""
    import shutil

    target = tmp_path / "ab" / "one.bin"
    write_bytes_atomic(target, b"1")
    shutil.rmtree(tmp_path / "ab")
    write_bytes_atomic(tmp_path / "ab" / "two.bin", b"22")
    assert (tmp_path / "ab" / "two.bin").read_bytes() == b"22"
    assert [p.name for p in (tmp_path / "ab").iterdir()] == ["two.bin"]


def test_large_bytes_are_written_whole(tmp_path):
    data = os.urandom(3 * 1024 * 1024 + 7)
    write_bytes_atomic(tmp_path / "big.bin", data)
    assert (tmp_path / "big.bin").read_bytes() == data
