"""A returned .xlsx/.ods package opened once from its bytes: each member inflated once, its CRC checked.

:class:`ReadOnceZip` is a :class:`zipfile.ZipFile` over bytes already in memory whose
``read`` and ``open`` inflate a member straight from those bytes with :mod:`zlib`
(no per-member file objects), check its length and CRC-32 against the central
directory, and keep the result, so the package checks, the identity and the cell
facts share one decompression of each part. Output is capped at the size the
central directory declares, so a lying directory cannot make a bomb. Anything
unusual (a member in another compression method, an encrypted member, a local
header that does not match) is left to :mod:`zipfile` itself, which raises
:class:`zipfile.BadZipFile` or :class:`NotImplementedError` as usual.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

__all__ = ["ReadOnceZip"]

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_LOCAL_SIGNATURE = b"PK\x03\x04"


class ReadOnceZip(zipfile.ZipFile):
    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self._bytes = data
        self._members: dict[str, bytes] = {}

    def read(self, name, pwd=None) -> bytes:  # noqa: D102 - same contract as ZipFile.read
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        body = self._members.get(info.filename)
        if body is None:
            body = self._inflate(info) if pwd is None else super().read(info, pwd)
            self._members[info.filename] = body
        return body

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):  # noqa: D102
        if mode != "r" or pwd is not None:
            return super().open(name, mode, pwd, force_zip64=force_zip64)
        return io.BytesIO(self.read(name))

    def _inflate(self, info: zipfile.ZipInfo) -> bytes:
        data = self._bytes
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return super().read(info)  # encrypted or another method: zipfile's own words
        try:
            header = _LOCAL_HEADER.unpack_from(data, info.header_offset)
        except struct.error:
            raise zipfile.BadZipFile(f"truncated local header of {info.filename!r}") from None
        if header[0] != _LOCAL_SIGNATURE:
            raise zipfile.BadZipFile(f"bad local header of {info.filename!r}")
        start = info.header_offset + _LOCAL_HEADER.size + header[10] + header[11]
        raw = data[start:start + info.compress_size]
        if len(raw) != info.compress_size:
            raise zipfile.BadZipFile(f"truncated member {info.filename!r}")
        if info.compress_type == zipfile.ZIP_STORED:
            body = raw
        else:
            try:
                inflater = zlib.decompressobj(-15)
                body = inflater.decompress(raw, info.file_size + 1)
            except zlib.error as exc:
                raise zipfile.BadZipFile(f"damaged deflate data in {info.filename!r}: {exc}") from None
        if len(body) != info.file_size:
            raise zipfile.BadZipFile(f"member {info.filename!r} is not the size its directory says")
        if zlib.crc32(body) != info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
        return body
