"""Ways a real return gets damaged or tampered with, byte by byte, and what the judge must then do.

Each mutation takes the file's bytes and a ``random.Random`` (or Hypothesis-drawn integers through
one) and returns ``(new bytes, kind)``:

* ``corrupt`` — bytes changed inside the zip with its CRCs left as they were (a bad disk, a broken
  transfer): never accepted with values other than the original's;
* ``edit`` — content rewritten with valid CRCs anywhere (one character of any XML part, or two
  worksheets exchanged): never a traceback;
* ``tamper`` — a locked cell given another value: never accepted.

Whatever the kind, a file that is accepted must show the identity and every locked cell as sent;
:func:`locked_view` reads them with calamine alone, independently of the judge.
"""

from __future__ import annotations

import io
import random
import re
import zipfile

from python_calamine import CalamineWorkbook

def members(data: bytes) -> list[zipfile.ZipInfo]:
    return zipfile.ZipFile(io.BytesIO(data)).infolist()


def rezip(data: bytes, change=None, stored=()) -> bytes:
    """The package written again with valid CRCs; ``change(name, body) -> body``; members in ``stored`` not compressed."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if change:
                body = change(info.filename, body)
            dst.writestr(info.filename, body, zipfile.ZIP_STORED if info.filename in stored else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def without_member(data: bytes, name: str) -> bytes:
    """The package without member ``name``, every other member as it was (e.g. ``docProps/custom.xml``:
    the file as a program that drops custom document properties saves it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info))
    return out.getvalue()


def openpyxl_edit(data: bytes, change) -> bytes:
    """The workbook opened in openpyxl, ``change(wb)`` applied, saved again (as a user who unprotected it would)."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def flip_raw(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    """1–8 bytes of the file overwritten anywhere (headers, compressed data, directory)."""
    out = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        out[rnd.randrange(len(out))] = rnd.randrange(256)
    return bytes(out), "corrupt"


def flip_in_member(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    """Bytes of one member's compressed data changed, its CRC left as it was."""
    infos = [i for i in members(data) if i.compress_size > 0]
    info = rnd.choice(infos)
    local = info.header_offset
    name_len = int.from_bytes(data[local + 26 : local + 28], "little")
    extra_len = int.from_bytes(data[local + 28 : local + 30], "little")
    start = local + 30 + name_len + extra_len
    out = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        at = start + rnd.randrange(info.compress_size)
        out[at] = (out[at] + rnd.randint(1, 255)) % 256
    return bytes(out), "corrupt"


def truncate(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    return data[: rnd.randrange(1, len(data))], "corrupt"


def _xml_text_edit(body: bytes, rnd: random.Random) -> bytes:
    """Change one character inside a text node or attribute value of an XML part (keeps it well-formed)."""
    spots = [m.start() for m in re.finditer(rb">[^<\s]", body)] + [m.start() + 2 for m in re.finditer(rb'="[^"]', body)]
    if not spots:
        return body + b" "
    at = rnd.choice(spots) + 1
    if body[at : at + 1] in (b"&", b'"', b"<", b">"):
        return body
    replacement = rnd.choice([b"9", b"x", b"0", b"-", "改".encode()])
    return body[:at] + replacement + body[at + 1 :]


def edit_member(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    """One character of one XML member changed, the package rewritten with valid CRCs."""
    names = [i.filename for i in members(data) if i.filename.endswith((".xml", ".rels"))]
    target = rnd.choice(names)
    return rezip(data, lambda name, body: _xml_text_edit(body, rnd) if name == target else body), "edit"


def swap_members(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    """Two worksheets' contents exchanged (valid CRCs): the sheets no longer say what was sent."""
    sheets = sorted(i.filename for i in members(data) if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", i.filename))
    a, b = rnd.sample(sheets, 2)
    src = zipfile.ZipFile(io.BytesIO(data))
    bodies = {a: src.read(b), b: src.read(a)}
    if bodies[a] == bodies[b]:
        return data, "edit"
    return rezip(data, lambda name, body: bodies.get(name, body)), "edit"


BYTE_MUTATIONS = (flip_raw, flip_in_member, truncate, edit_member, swap_members)


def meta_part(data: bytes) -> str:
    """The worksheet part holding the ``_meta`` sheet of an .xlsx."""
    z = zipfile.ZipFile(io.BytesIO(data))
    workbook = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet\b[^>]*name="_meta"[^>]*r:id="([^"]+)"', workbook).group(1)
    target = re.search(r'<Relationship\b(?=[^>]*Id="' + re.escape(rid) + r'")[^>]*Target="([^"]+)"', rels).group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def locked_refs(data: bytes) -> list[str]:
    """The locked cells listed in an original form's ``_meta`` rows."""
    from generator.forms.machine import LOCKED_ROW

    meta = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("_meta").to_python()
    return [str(r[1]) for r in meta if r and r[0] == LOCKED_ROW]


def tamper_locked(data: bytes, rnd: random.Random, refs: list[str]) -> tuple[bytes, str]:
    """One locked cell given another value through openpyxl (as a user who removed the protection would)."""
    ref = rnd.choice(refs)
    sheet, _, cell = ref.rpartition("!")

    def change(wb):
        old = wb[sheet][cell].value
        wb[sheet][cell].value = rnd.choice(["改", f"{old}x", 2031, "", None]) if old not in ("", None) else "改"
        if wb[sheet][cell].value == old:
            wb[sheet][cell].value = "改"

    return openpyxl_edit(data, change), "tamper"


def identity_view(data: bytes):
    """The identity the file carries (properties and ``_meta``, as machine.py reads them), without the judge."""
    from generator.forms.machine import meta_fields, properties_from, stamp_from

    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        names = set(z.namelist())
        props = properties_from(z.read("docProps/custom.xml") if "docProps/custom.xml" in names else None,
                                z.read("meta.xml") if "meta.xml" in names else None)
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        props = {}
    try:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("_meta").to_python()
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        rows = []
    stamp = stamp_from(props, meta_fields(rows))
    return (stamp.identity, stamp.signature) if stamp else None


def locked_view(data: bytes, refs: list[str]) -> dict[str, str] | None:
    """The cells ``refs`` (the original's locked cells) as the file shows them, read with calamine alone.

    None when calamine cannot read the file. Comparing an accepted file's view with the original's
    checks, independently of the judge, that it shows what was sent.
    """
    from generator.forms.machine import locked_text

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        out = {}
        grids = {}
        for ref in refs:
            sheet, _, cell = ref.rpartition("!")
            if sheet not in grids:
                grids[sheet] = book.get_sheet_by_name(sheet).to_python()
            m = re.fullmatch(r"([A-Z]+)(\d+)", cell)
            col = 0
            for ch in m.group(1):
                col = col * 26 + ord(ch) - 64
            row = int(m.group(2)) - 1
            grid = grids[sheet]
            value = grid[row][col - 1] if row < len(grid) and col - 1 < len(grid[row]) else None
            out[ref] = locked_text(value)
        return out
    except BaseException as exc:  # noqa: BLE001 - a damaged file: nothing to compare
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return None


def values_of(unit_return) -> tuple:
    """What an accepted return says, for comparing with the original."""
    return (
        tuple((t.task_id, t.status, t.progress, t.progress_text, t.problems, t.next_steps) for t in unit_return.tasks),
        tuple((t.target_id, t.actual, t.judgement, t.baseline, t.source, t.note) for t in unit_return.targets),
        (unit_return.contact.person, unit_return.contact.phone, unit_return.contact.date) if unit_return.contact else None,
    )


_TASK_FIELDS = ("status", "progress", "progress_text", "problems", "next_steps")
_TARGET_FIELDS = ("actual", "judgement", "baseline", "source", "note")
_CONTACT_FIELDS = ("person", "phone", "date")


def value_changes(before: tuple, after: tuple) -> list[tuple[str, object, object]]:
    """``(where, before, after)`` for each value that differs between two :func:`values_of` results.

    ``where`` names the row and field (``T01.progress_text``, ``G1.actual``, ``contact.phone``)."""
    out = []
    for rows_before, rows_after, fields in ((before[0], after[0], _TASK_FIELDS), (before[1], after[1], _TARGET_FIELDS)):
        for row_before, row_after in zip(rows_before, rows_after):
            for name, old, new in zip(fields, row_before[1:], row_after[1:]):
                if old != new:
                    out.append((f"{row_before[0]}.{name}", old, new))
        if len(rows_before) != len(rows_after):
            out.append(("rows", len(rows_before), len(rows_after)))
    for name, old, new in zip(_CONTACT_FIELDS, before[2] or ("",) * 3, after[2] or ("",) * 3):
        if old != new:
            out.append((f"contact.{name}", old, new))
    return out


def change_kind(old, new) -> str:
    """What kind of change turned ``old`` into ``new``, in words (for the fuzz's report)."""
    import unicodedata

    if isinstance(old, str) and isinstance(new, str) and len(old) == len(new):
        differ = [(a, b) for a, b in zip(old, new) if a != b]
        if len(differ) == 1:
            a, b = differ[0]
            printable = "printable" if b.isprintable() else f"non-printable ({unicodedata.category(b)})"
            return f"one character of a text cell replaced by another {printable} one (U+{ord(a):04X} → U+{ord(b):04X} {unicodedata.name(b, '?')})"
        return f"{len(differ)} characters of a text cell replaced"
    if isinstance(old, str) and isinstance(new, str):
        return f"a text cell's length changed ({len(old)} → {len(new)} characters)"
    if isinstance(old, float) and isinstance(new, float):
        return "a number changed"
    return f"{type(old).__name__} → {type(new).__name__}"
