"""What a returned file really is, judged from its bytes, and whether it is safe to hand to a reader.

Units rename files (an .xlsx saved as ``x.xls``), save them with an open
password, or send damaged copies. :func:`open_package` looks at the content,
never the name: a zip package is an .xlsx/.xlsm (``[Content_Types].xml``) or an
.ods (the ``mimetype`` member says so); an OLE compound file is an Excel 97-2003
.xls, or an encrypted Office file (msoffcrypto-tool tells). Before any parser
sees a zip, every member is checked for bombs, unsupported compression or
encryption flags, duplicate names and entity declarations, and read once in
full, so that a CRC error or broken deflate data is found here and not
half-way through a reader. Each sheet's extent is measured from its XML (or with
xlrd for .xls) so that one far cell (XFD1048576) cannot make the reader allocate
gigabytes: see :func:`far_cells`.

Every refusal is :class:`NotReadable` with a Chinese reason; nothing else is raised
for a damaged file.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

try:  # zlib-ng inflates the same data about 1.7× faster than zlib (tests/bench/bench_inflate.py)
    from zlib_ng import zlib_ng as _deflate
except ImportError:  # pragma: no cover - a platform without its wheel
    _deflate = zlib

_INFLATE_ERRORS = (zlib.error, _deflate.error)

MAX_FILE_BYTES = 20 * 1024 * 1024  # a filled form is ~30 KB; anything this big is not one
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 200  # uncompressed ÷ compressed for one member above 1 MB
# A sheet is read only when its used area is small: a form is a few hundred rows by at most 13 columns
# (the _meta sheet a few thousand rows by 3). Beyond this the reader would allocate far too much.
MAX_ROWS = 60000
MAX_COLS = 256
MAX_CELLS = 1_000_000

XLSX, ODS, XLS = "xlsx", "ods", "xls"
FORMAT_WORDS = {XLSX: "Excel 工作簿（.xlsx）", ODS: "OpenDocument 表格（.ods）", XLS: "Excel 97-2003 工作簿（.xls）"}
_EXTENSIONS = {XLSX: (".xlsx", ".xlsm"), ODS: (".ods",), XLS: (".xls",)}
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".et", ".ett")  # .et: WPS 表格
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

ENCRYPTED_REASON = "文件设置了打开密码（已加密），无法读取。请在 Excel/WPS 中打开，取消“打开密码”（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存，再重新发送"


class NotReadable(Exception):
    """The file cannot be opened as a workbook; ``reason`` is the Chinese explanation."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Encrypted(NotReadable):
    """The file has an open password: the unit must remove it and send the file again (退回, not 非填报表)."""

    def __init__(self):
        super().__init__(ENCRYPTED_REASON)


@dataclass
class Package:
    """A returned file identified by content: its format, its zip members (read and CRC-checked), notes."""

    kind: str  # XLSX | ODS | XLS
    data: bytes
    members: dict[str, bytes] = field(default_factory=dict)  # zip packages only
    notes: list[str] = field(default_factory=list)  # e.g. the wrong extension (a warning, not an error)
    crcs: dict[str, int] = field(default_factory=dict, repr=False)  # each member's verified CRC-32

    def reader_bytes(self) -> bytes:
        """The bytes to hand to the reader: for a zip package, a new archive of exactly the members
        checked here, stored without compression (see :func:`stored_zip`); an .xls as it came."""
        if not self.members:
            return self.data
        return stored_zip(self.members, self.crcs)


_STORED_LOCAL = struct.Struct("<4s2B4HL2L2H")
_STORED_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_STORED_END = struct.Struct("<4s4H2LH")


def stored_zip(members: dict[str, bytes], crcs: dict[str, int]) -> bytes:
    """A zip of ``members`` (name → bytes, in that order), each stored uncompressed with its CRC-32.

    Why: every member was already inflated once and its CRC verified (:func:`_zip_members`), so the
    reader gets those very bytes — it cannot see a different member than the checks saw (a second
    central directory, an overlapping entry) — and it need not inflate them a second time, which
    saves about a quarter of its reading time. Layout: APPNOTE.TXT 4.3 (local header, data, central
    directory, end record), UTF-8 names (flag bit 11); no member comes near the 4 GB zip64 limit
    (:data:`MAX_UNPACKED_BYTES`).
    """
    parts: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, body in members.items():
        encoded = name.encode("utf-8")
        crc = crcs[name] if name in crcs else zlib.crc32(body)
        size = len(body)
        header = _STORED_LOCAL.pack(b"PK\x03\x04", 20, 0, 0x800, 0, 0, 0x21, crc, size, size, len(encoded), 0)
        central.append(_STORED_CENTRAL.pack(b"PK\x01\x02", 20, 0, 20, 0, 0x800, 0, 0, 0x21, crc, size, size,
                                            len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
        parts += (header, encoded, body)
        offset += len(header) + len(encoded) + size
    directory = b"".join(central)
    end = _STORED_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(parts) + directory + end


def display_name(label: str) -> str:
    """A file name fit to show and store, whatever bytes it was made of.

    Names read from disk as ``str`` carry undecodable bytes as lone surrogates (Python's
    ``surrogateescape``), which SQLite, openpyxl and the console refuse. Such bytes are most often
    GBK/GB18030 (a Chinese name unpacked from a zip made on Windows): decode them so; anything still
    undecodable becomes “�”.
    """
    try:
        label.encode("utf-8")
        return label
    except UnicodeEncodeError:
        raw = label.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """0-based (row, col) → ``G7``."""
    return f"{column_letter(col)}{row + 1}"


_REF = re.compile(r"([A-Z]{1,4})(\d{1,9})")  # as many digits as the extent scan reads


@functools.lru_cache(maxsize=65536)
def ref_to_rowcol(ref: str) -> tuple[int, int] | None:
    """``G7`` → (6, 6); None for anything else."""
    m = _REF.fullmatch(ref)
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


# --------------------------------------------------------------------------- identification


def _is_encrypted_ole(data: bytes) -> bool:
    """An OLE file with an open password: encrypted .xlsx (EncryptionInfo stream) or .xls (FILEPASS)."""
    import msoffcrypto

    try:
        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # noqa: BLE001 - msoffcrypto raises assorted types on damaged containers
        try:
            import olefile

            ole = olefile.OleFileIO(io.BytesIO(data))
            try:
                return ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage")
            finally:
                ole.close()
        except Exception:  # noqa: BLE001 - not a readable OLE file at all
            return False


def _ole_kind(data: bytes) -> str:
    if _is_encrypted_ole(data):
        raise Encrypted()
    try:
        import olefile

        ole = olefile.OleFileIO(io.BytesIO(data))
        try:
            streams = {"/".join(s) for s in ole.listdir()}
        finally:
            ole.close()
    except Exception:  # noqa: BLE001 - olefile raises assorted types on damage
        raise NotReadable("文件已损坏，无法作为 Excel 97-2003 表格打开") from None
    if "Workbook" in streams or "Book" in streams:
        return XLS
    if any(s.startswith(("WordDocument", "PowerPoint")) for s in streams):
        raise NotReadable("这是 Word 或 PowerPoint 文件，不是表格")
    raise NotReadable("文件是 Office 复合文档，但不含工作簿（不是表格）")


def _zip_members(data: bytes) -> tuple[dict[str, bytes], dict[str, int]]:
    """Every member, read in full (CRC verified), after checks for bombs, odd flags and duplicates;
    ``(name → bytes, name → CRC-32)``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise NotReadable("文件已损坏，无法作为表格打开（不是完整的压缩包）") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise NotReadable(f"压缩包内文件过多（{len(infos)} 个），不是填报表")
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise NotReadable(f"压缩包内有重名的部件“{dup}”（文件被改动过），无法确定应读哪一个，已拒绝")
        total = 0
        for info in infos:
            total += info.file_size
            if total > MAX_UNPACKED_BYTES or (
                info.file_size > 1024 * 1024 and info.file_size / max(info.compress_size, 1) > MAX_RATIO
            ):
                raise NotReadable("压缩包解压后异常巨大（疑似“压缩炸弹”），已拒绝打开")
            if info.flag_bits & 0x1:
                raise NotReadable(f"压缩包中的“{info.filename}”被加密，无法读取；请取消加密后另存再发送")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise NotReadable(f"压缩包中的“{info.filename}”使用了不支持的压缩方式，文件可能已损坏；请用 Excel 打开后另存为 .xlsx 再发送")
        members, crcs = {}, {}
        ends = _member_ends(infos, archive.start_dir)
        for info in infos:
            if info.is_dir():
                continue
            try:
                body = _inflate(data, info, ends[id(info)])
            except (zipfile.BadZipFile, *_INFLATE_ERRORS, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
                what = "校验和（CRC）不符，内容被改动或已损坏" if "CRC" in str(exc) else "数据已损坏"
                raise NotReadable(f"文件已损坏：压缩包中的“{info.filename}”{what}；请重新保存后发送") from None
            if len(body) != info.file_size:
                raise NotReadable(f"文件已损坏：压缩包中的“{info.filename}”长度不符")
            if info.filename.endswith((".xml", ".rels", ".vml", ".rdf")) and (b"<!DOCTYPE" in body[:4096] or b"<!ENTITY" in body):
                raise NotReadable(f"文件内的 {info.filename} 含有实体声明（DOCTYPE/ENTITY），出于安全考虑已拒绝打开")
            members[info.filename] = body
            crcs[info.filename] = info.CRC
        return members, crcs


_LOCAL_HEADER = struct.Struct(zipfile.structFileHeader)


def _member_ends(infos: list[zipfile.ZipInfo], start_dir: int) -> dict[int, int]:
    """Where each member's data must end at the latest (the next local header, or the central
    directory): a member overlapping another is a zip bomb (as newer Pythons' zipfile refuses)."""
    ends = {}
    end = start_dir
    for info in sorted(infos, key=lambda i: i.header_offset, reverse=True):
        ends[id(info)] = end
        end = info.header_offset
    return ends


def _inflate(data: bytes, info: zipfile.ZipInfo, end: int) -> bytes:
    """One member's bytes, read straight from ``data`` with the checks :meth:`zipfile.ZipFile.read` makes.

    The local header must carry the signature and the central directory's name; the member is
    inflated in one call, bounded by its declared size, and its CRC-32 must match. Errors are
    :mod:`zipfile`'s own (``BadZipFile`` with "CRC" in the message for a wrong checksum, ``EOFError``
    for a short member), so the caller words them as before. Doing this without zipfile's
    stream objects is several times cheaper per member.
    """
    start = info.header_offset
    head = data[start : start + _LOCAL_HEADER.size]
    if len(head) != _LOCAL_HEADER.size:
        raise zipfile.BadZipFile("Truncated file header")
    fields = _LOCAL_HEADER.unpack(head)
    if fields[zipfile._FH_SIGNATURE] != zipfile.stringFileHeader:
        raise zipfile.BadZipFile("Bad magic number for file header")
    flags = fields[zipfile._FH_GENERAL_PURPOSE_FLAG_BITS]
    if flags & 0x20:
        raise NotImplementedError("compressed patched data (flag bit 5)")
    if flags & 0x40:
        raise NotImplementedError("strong encryption (flag bit 6)")
    start += _LOCAL_HEADER.size
    name_length, extra_length = fields[zipfile._FH_FILENAME_LENGTH], fields[zipfile._FH_EXTRA_FIELD_LENGTH]
    name = data[start : start + name_length].decode("utf-8" if flags & 0x800 else "cp437")
    if name != info.orig_filename:
        raise zipfile.BadZipFile(f"File name in directory {info.orig_filename!r} and header {name!r} differ.")
    start += name_length + extra_length
    if start + info.compress_size > end:
        raise zipfile.BadZipFile(f"Overlapped entries: {info.orig_filename!r} (possible zip bomb)")
    raw = data[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        raise EOFError("member data truncated")
    if info.compress_type == zipfile.ZIP_STORED:
        body = raw[: info.file_size]
    else:
        inflater = _deflate.decompressobj(-15)
        body = inflater.decompress(raw, info.file_size)
        if not inflater.eof and (inflater.decompress(inflater.unconsumed_tail, 1) or not inflater.eof):
            # The data goes on past the declared size, or never ends as deflate data must: damaged,
            # even when the declared bytes came out whole (other readers refuse such a member).
            raise _deflate.error("deflate data does not end where the member does")
    if len(body) < info.file_size:
        raise EOFError("member data shorter than declared")
    if _deflate.crc32(body) != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
    return body


def _zip_kind(members: dict[str, bytes]) -> str:
    mime = members.get("mimetype", b"").strip()
    if mime.startswith(b"application/vnd.oasis.opendocument"):
        if mime != ODS_MIME:
            raise NotReadable("这是 OpenDocument 文字或演示文稿，不是表格")
        if b"encryption-data" in members.get("META-INF/manifest.xml", b""):
            raise Encrypted()
        if "content.xml" not in members:
            raise NotReadable("文件已损坏：OpenDocument 表格中缺少 content.xml")
        return ODS
    if "xl/workbook.xml" in members or "xl/workbook.bin" in members:
        if "xl/workbook.bin" in members:
            raise NotReadable("这是 Excel 二进制工作簿（.xlsb），请另存为 .xlsx 后再发送")
        _check_shared_strings(members)
        return XLSX
    if "word/document.xml" in members or "ppt/presentation.xml" in members:
        raise NotReadable("这是 Word 或 PowerPoint 文件，不是表格")
    if "[Content_Types].xml" in members:
        raise NotReadable("文件已损坏：Office 压缩包中缺少工作簿（xl/workbook.xml）")
    raise NotReadable("这是普通压缩包，不是表格文件")


def _check_shared_strings(members: dict[str, bytes]) -> None:
    """The reader sizes its string table by ``uniqueCount`` and aborts the process on a huge one: it must not over-claim."""
    for name, body in members.items():
        if not name.lower().endswith("sharedstrings.xml"):
            continue
        head = re.search(rb"<(?:\w+:)?sst\b[^>]*>", body[:4096])
        claimed = re.search(rb'\buniqueCount="\s*(\d+)', head.group(0)) if head else None
        if claimed and int(claimed.group(1)) > body.count(b"<si") + body.count(b":si") + 16:
            raise NotReadable(f"文件已损坏：“{name}”声明的字符串个数与内容不符，无法安全读取；请用 Excel 打开后另存再发送")


def open_package(data: bytes, name: str) -> Package:
    """Identify ``data`` (the whole file, read once) by its content and check it is safe to read.

    Returns a :class:`Package`; a renamed file is read as what it is, with a note
    naming both the extension and the real format. Raises :class:`NotReadable`
    for anything that is not a spreadsheet, is encrypted, damaged or hostile.
    """
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name.rsplit("/", 1)[-1] else ""
    if len(data) > MAX_FILE_BYTES:
        raise NotReadable(f"文件过大（{len(data) / 1024 / 1024:.1f} MB），不是填报表")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        members, crcs = _zip_members(data)
        kind = _zip_kind(members)
    elif data.startswith(OLE_MAGIC):
        members, crcs, kind = {}, {}, _ole_kind(data)
    else:
        if suffix in SPREADSHEET_SUFFIXES:
            raise NotReadable("扩展名是表格文件，但内容不是（文件可能已损坏或被改了扩展名）")
        raise NotReadable(f"不是 Excel 表格文件（扩展名 {suffix or '无'}）")
    package = Package(kind, data, members, crcs=crcs)
    if suffix not in _EXTENSIONS[kind]:
        package.notes.append(
            f"文件扩展名是“{suffix or '无'}”，实际是{FORMAT_WORDS[kind]}，已按实际格式读取；下次请保存为 .xlsx 并保留正确的扩展名"
        )
    return package
