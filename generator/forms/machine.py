"""Machine data on a form: who it is for, what rows it has, and a signature over that.

Every form carries a :class:`FormIdentity` (plan id and digest, unit, period,
template version, the task and target row ids) and an HMAC-SHA256 signature of
its canonical JSON made with the workspace's secret (``workbooks/.form-secret``,
created by ``templates`` only while no form was ever issued, git-ignored, never printed).

The data is stored twice, as text, so it survives the office programs people use:

* custom document properties named ``cpf_<field>`` (``docProps/custom.xml`` in
  .xlsx; LibreOffice keeps them in .xlsx and .ods ``meta.xml``); values longer
  than :data:`PROP_CHUNK` characters continue in ``cpf_<field>_2``, ``_3`` …
  because Excel limits a property value to 255 characters;
* a very hidden sheet ``_meta`` with one ``field | value`` pair per row
  (LibreOffice turns very hidden into hidden; .xls keeps the sheet).

From template version 2 the ``_meta`` sheet also lists every locked cell of
the data sheets as written (``locked | 重点任务!B3 | text``) and a seal over them
(:func:`seal_locked`, row and property ``locked_seal``), so the collector can
check each locked cell against the form as sent without knowing the layout.
Forms written since also carry, as the property ``locked_refs``, where those
cells are (:func:`encode_refs`), so the collector can check the seal against
the cells themselves without reading ``_meta`` at all; only when that check
fails does it read ``_meta`` to say which cell changed.

The collector calls :func:`read_identity` on any returned file, then
:func:`verify` with :func:`workspace_secret`. Reading uses ``zipfile`` and
defusedxml, and python-calamine for the sheet, never openpyxl.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree as SafeET
from xlsxwriter.utility import xl_rowcol_to_cell

from ..errors import WorkFailed
from ..workspace import Workspace

FORM_KIND = "carbon-peaking-progress-form"
# "2": the form carries a seal over every locked cell (see seal_locked); a version-2 form without one was tampered with.
TEMPLATE_VERSION = "2"
SEALED_VERSIONS = frozenset({"2"})
LOCKED_ROW = "locked"  # _meta rows: locked | <sheet>!<cell> | the cell's text as sent
SEAL_FIELD = "locked_seal"  # _meta row and custom property cpf_locked_seal: HMAC over the locked cells
LOCKED_REFS_FIELD = "locked_refs"  # custom property cpf_locked_refs: where the sealed cells are (encode_refs)
PROP_PREFIX = "cpf_"
PROP_CHUNK = 240  # characters per custom property value (Excel's limit is 255)
_MAX_XML = 4 * 1024 * 1024  # refuse to parse a metadata part bigger than this (zip bombs)

# Field order in _meta and the custom properties; "kind" and "signature" wrap the identity.
_ID_FIELDS = ("plan_id", "plan_digest", "unit", "period", "template_version", "task_row_ids", "target_row_ids")
FIELDS = ("kind", *_ID_FIELDS, "signature")
_LIST_FIELDS = ("task_row_ids", "target_row_ids")


@dataclass(frozen=True)
class FormIdentity:
    """What a form was made for; the signature covers exactly these fields."""

    plan_id: str
    plan_digest: str
    unit: str
    period: str
    template_version: str
    task_row_ids: tuple[str, ...]
    target_row_ids: tuple[str, ...]

    def canonical(self) -> bytes:
        """Canonical JSON (sorted keys, no spaces, UTF-8): the signed bytes (worked out once per identity)."""
        return self._canonical

    @functools.cached_property
    def _canonical(self) -> bytes:
        data = {key: getattr(self, key) for key in _ID_FIELDS}
        for key in _LIST_FIELDS:
            data[key] = list(data[key])
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class FormStamp:
    """The identity and signature read back from a file.

    ``sources`` says where they were found (``"properties"``, ``"sheet"``);
    ``conflicts`` names the fields on which the two places disagree (a sign the
    file was edited by hand; the identity returned is the properties' one).
    """

    identity: FormIdentity
    signature: str
    sources: tuple[str, ...]
    conflicts: tuple[str, ...] = ()


def sign(identity: FormIdentity, secret: bytes) -> str:
    """HMAC-SHA256 of the identity's canonical JSON, as 64 hex digits."""
    return hmac.new(secret, identity.canonical(), hashlib.sha256).hexdigest()


def verify(identity: FormIdentity, signature: str, secret: bytes) -> bool:
    """True when ``signature`` was made by :func:`sign` for this identity with this secret."""
    return hmac.compare_digest(sign(identity, secret), (signature or "").strip().lower())


def stamp_fields(identity: FormIdentity, signature: str) -> list[tuple[str, str]]:
    """``(field, text)`` pairs in :data:`FIELDS` order, as written to the form."""
    values = {"kind": FORM_KIND, "signature": signature}
    for key in _ID_FIELDS:
        value = getattr(identity, key)
        values[key] = ",".join(value) if key in _LIST_FIELDS else str(value)
    return [(key, values[key]) for key in FIELDS]


def property_items(identity: FormIdentity, signature: str) -> list[tuple[str, str]]:
    """Custom document properties ``(name, text)``, long values split into chunks."""
    items = []
    for key, value in stamp_fields(identity, signature):
        chunks = [value[i : i + PROP_CHUNK] for i in range(0, len(value), PROP_CHUNK)] or [""]
        for n, chunk in enumerate(chunks, 1):
            items.append((f"{PROP_PREFIX}{key}" + ("" if n == 1 else f"_{n}"), chunk))
    return items


def locked_text(value) -> str:
    """A locked cell's value as canonical text, the same whichever program saved it and whichever reader read it.

    Numbers lose a trailing ``.0`` (calamine reads 2020 as 2020.0, xlrd as 2020), other numbers are
    written in their shortest round-trip form, text is stripped and line ends are ``\n``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        number = float(value)
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return repr(number)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def seal_locked(identity: FormIdentity, cells: list[tuple[str, str]], secret: bytes) -> str:
    """HMAC-SHA256 over the identity and every locked cell ``(sheet!cell, text)`` in order, as 64 hex digits.

    The writer records each locked cell as it writes it and stores the cells and this seal in the
    form, so the collector can check every locked cell against the form as sent, even after the
    plan file has changed, without knowing the layout.
    """
    body = json.dumps([[ref, text] for ref, text in cells], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hmac.new(secret, b"cpf-locked\0" + identity.canonical() + b"\0" + body, hashlib.sha256).hexdigest()


def encode_refs(refs: list[str]) -> str:
    """The sealed cells' references, in order, as short text: ``重点任务!A5:C5,E5,A6:C6,量化目标!B4``.

    A token is one cell or a run of cells side by side in one row (``A5:C5`` is A5, B5, C5 in that
    order); the sheet name is written only where it changes. :func:`decode_refs` gives back exactly
    ``refs``. Each reference is ``<sheet>!<cell>`` with the cell in A1 style.
    """
    tokens: list[str] = []
    runs: list[tuple[str, list[tuple[int, int]]]] = []  # (sheet, cells side by side in one row)
    for ref in refs:
        name, _, cell = ref.rpartition("!")
        where = _rowcol(cell)
        if where is None or not name or "," in name:
            raise ValueError(f"not a sealed cell reference: {ref!r}")
        last = runs[-1] if runs else None
        if last and last[0] == name and last[1][-1] == (where[0], where[1] - 1):
            last[1].append(where)
        else:
            runs.append((name, [where]))
    sheet = None
    for name, cells in runs:
        text = _cell(*cells[0]) + (f":{_cell(*cells[-1])}" if len(cells) > 1 else "")
        tokens.append(text if name == sheet else f"{name}!{text}")
        sheet = name
    return ",".join(tokens)


def decode_refs(text: str) -> list[str] | None:
    """The references :func:`encode_refs` wrote, in order; None when ``text`` is not such a list."""
    refs: list[str] = []
    sheet = None
    for token in (text or "").split(","):
        if "!" in token:
            sheet, _, token = token.rpartition("!")
        if not sheet:
            return None
        first, _, last = token.partition(":")
        start, end = _rowcol(first), _rowcol(last) if last else _rowcol(first)
        if start is None or end is None or start[0] != end[0] or end[1] < start[1] or end[1] - start[1] > 16384:
            return None
        refs.extend(f"{sheet}!{_cell(start[0], col)}" for col in range(start[1], end[1] + 1))
    return refs or None


@functools.lru_cache(maxsize=65536)
def _rowcol(cell: str) -> tuple[int, int] | None:
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters):]
    if not (1 <= len(letters) <= 3 and letters.isascii() and letters.isupper() and letters.isalpha()) or not digits.isdigit() or digits.startswith("0"):
        return None
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits) - 1, col - 1


_cell = functools.lru_cache(maxsize=65536)(xl_rowcol_to_cell)  # (row, col) → "A1"; sealed cells recur in every form


def locked_refs_items(refs: list[str]) -> list[tuple[str, str]]:
    """Custom properties ``(name, text)`` holding :func:`encode_refs` of ``refs``, split like the others."""
    value = encode_refs(refs)
    name = PROP_PREFIX + LOCKED_REFS_FIELD
    return [(name + ("" if n == 0 else f"_{n + 1}"), value[i : i + PROP_CHUNK])
            for n, i in enumerate(range(0, len(value), PROP_CHUNK))]


# --------------------------------------------------------------------------- secret


SECRET_BACKUP_HINT = "请从备份恢复该文件（workbooks/.form-secret）后重新运行"


def workspace_secret(workspace: Workspace, create: bool = True) -> bytes:
    """The workspace's signing secret (32 random bytes as hex, mode 0600).

    It is made only when ``create`` is true (``templates``) and no form was ever issued from the
    workspace (no blank forms, archived returns, collection logs or store data: see
    :meth:`Workspace.issued_evidence`). Otherwise a missing, empty or damaged secret raises
    :class:`WorkFailed` (exit 3) saying 请从备份恢复: a new secret would make every form already sent
    fail verification. ``collect`` passes ``create=False`` and never makes one.
    """
    path = workspace.secret_path
    if not os.path.lexists(path):
        if not create:
            evidence = workspace.issued_evidence()
            if not evidence:
                raise WorkFailed(
                    f"找不到填报表签名密钥文件“{path}”：本工作区还没有生成过填报表。请先运行 templates 生成并下发填报表；"
                    f"如果已经下发过，{SECRET_BACKUP_HINT}。"
                )
            raise WorkFailed(
                f"找不到填报表签名密钥文件“{path}”，但本工作区{evidence[0]}。没有原来的密钥就无法核验已发出的填报表，"
                f"工具不会另建一个（另建的密钥会使全部回表被退回）。{SECRET_BACKUP_HINT}。"
            )
        evidence = workspace.issued_evidence()
        if evidence:
            raise WorkFailed(
                f"找不到填报表签名密钥文件“{path}”，但本工作区{evidence[0]}。新建密钥会使已发出的填报表全部无法核验，"
                f"因此不会自动新建。{SECRET_BACKUP_HINT}；确实要作废已发出的全部填报表时，才可删除 workbooks 下的空白表和归档后重新生成。"
            )
        _create_secret(path)
    try:
        secret = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError) as exc:
        raise WorkFailed(
            f"填报表签名密钥文件“{path}”无法读取或已损坏。{SECRET_BACKUP_HINT}；若从未发出过填报表，可删除该文件后重新生成。"
        ) from exc
    if len(secret) < 16:
        raise WorkFailed(f"填报表签名密钥文件“{path}”内容过短，已损坏。{SECRET_BACKUP_HINT}。")
    return secret


def secret_fingerprint(secret: bytes) -> str:
    """A short public name of a secret (not the secret): which secret a return was judged with."""
    return hashlib.sha256(b"cpf-secret-fingerprint:" + secret).hexdigest()[:16]


def _create_secret(path: Path) -> None:
    from ..fileio import place_new

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~tmp-secret-", dir=path.parent)  # created with mode 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_bytes(32).hex() + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            place_new(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise WorkFailed(f"无法创建填报表签名密钥文件“{path}”：{exc.strerror or exc}。请检查 workbooks 文件夹是否可写、磁盘是否已满。") from exc


# --------------------------------------------------------------------------- reading back


def _text(value) -> str:
    """A cell or property value as the text that was written (2026.0 → "2026")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _join_chunks(raw: dict[str, str]) -> dict[str, str]:
    """``cpf_field``, ``cpf_field_2``, … → ``{field: whole value}``."""
    out: dict[str, str] = {}
    for key in (*FIELDS, SEAL_FIELD, LOCKED_REFS_FIELD):
        name = PROP_PREFIX + key
        if name not in raw:
            continue
        parts, n = [raw[name]], 2
        while f"{name}_{n}" in raw:
            parts.append(raw[f"{name}_{n}"])
            n += 1
        out[key] = "".join(parts)
    return out


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_XML:
        return None
    return zf.read(info)


def _parse_xml(data: bytes):
    """The root element of ``data``. XML without a document type declaration can declare no entity, so
    the plain parser is as safe as defusedxml's and three times faster; anything else goes to defusedxml
    (which refuses entity declarations)."""
    ascii_compatible = data[:1] == b"<" or data.startswith(b"\xef\xbb\xbf<")  # UTF-8 (not UTF-16, where the test below would miss)
    if ascii_compatible and b"<!DOCTYPE" not in data and b"<!ENTITY" not in data:
        return ET.fromstring(data)
    return SafeET.fromstring(data)


def properties_from(custom_xml: bytes | None, meta_xml: bytes | None) -> dict[str, str]:
    """The form's fields from custom properties: .xlsx ``docProps/custom.xml`` and/or .ods ``meta.xml``.

    Never raises: damaged or hostile XML is simply "no properties".
    """
    raw: dict[str, str] = {}
    try:
        if custom_xml is not None and len(custom_xml) <= _MAX_XML:
            for prop in _parse_xml(custom_xml):
                name = prop.get("name") or ""
                if name.startswith(PROP_PREFIX):
                    raw[name] = _text("".join(prop.itertext()))
        if meta_xml is not None and len(meta_xml) <= _MAX_XML:
            for el in _parse_xml(meta_xml).iter():
                if el.tag.endswith("}user-defined"):
                    name = next((v for k, v in el.attrib.items() if k.endswith("}name") or k == "name"), "")
                    if name.startswith(PROP_PREFIX):
                        raw[name] = _text(el.text)
    except Exception:  # noqa: BLE001 - bad XML, defusedxml refusals
        return {}
    return _join_chunks(raw)


def _properties(path: Path) -> dict[str, str]:
    """Custom properties of an .xlsx/.xlsm (docProps/custom.xml) or .ods (meta.xml)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return properties_from(_read_member(zf, "docProps/custom.xml"), _read_member(zf, "meta.xml"))
    except Exception:  # noqa: BLE001 - bad zip, I/O errors
        # Any unreadable or hostile container is simply "no properties"; the sheet may still speak.
        return {}


def meta_fields(rows: list[list]) -> dict[str, str]:
    """The ``_meta`` sheet's field/value pairs (rows read by any reader)."""
    out: dict[str, str] = {}
    names = (*FIELDS, SEAL_FIELD)
    for row in rows:
        if len(row) >= 2:
            name = _text(row[0])
            if name in names:
                out[name] = _text(row[1])
    return out


def locked_cells(rows: list[list]) -> list[tuple[str, str]]:
    """The ``_meta`` sheet's locked-cell rows: ``(sheet!cell, text as sent)`` in order."""
    # Only text reads as "locked" (_text of a number, bool or date never does), so test that first.
    return [
        (_text(row[1]), locked_text(row[2] if len(row) > 2 else ""))
        for row in rows
        if len(row) >= 2 and isinstance(row[0], str) and row[0].strip() == LOCKED_ROW
    ]


def _sheet(path: Path) -> dict[str, str]:
    """The ``_meta`` sheet's field/value pairs, via python-calamine (xlsx, xlsm, xls, ods)."""
    from python_calamine import CalamineWorkbook

    from .columns import META_SHEET

    try:
        book = CalamineWorkbook.from_path(str(path))
        if META_SHEET not in book.sheet_names:
            return {}
        rows = book.get_sheet_by_name(META_SHEET).to_python()
    except Exception:  # noqa: BLE001 - calamine raises its own types for every kind of damage
        return {}
    return meta_fields(rows)


def _identity(fields: dict[str, str]) -> tuple[FormIdentity, str] | None:
    if fields.get("kind") != FORM_KIND or any(k not in fields for k in FIELDS):
        return None

    def ids(text: str) -> tuple[str, ...]:
        return tuple(p.strip() for p in text.split(",") if p.strip())

    identity = FormIdentity(
        plan_id=fields["plan_id"],
        plan_digest=fields["plan_digest"],
        unit=fields["unit"],
        period=fields["period"],
        template_version=fields["template_version"],
        task_row_ids=ids(fields["task_row_ids"]),
        target_row_ids=ids(fields["target_row_ids"]),
    )
    return identity, fields["signature"]


def read_identity(path: str | Path) -> FormStamp | None:
    """The identity and signature stamped into a form, or None when the file is not one of ours.

    Works on the .xlsx the toolkit writes and on what Excel, WPS or LibreOffice
    save from it (.xlsx, .xlsm, .ods, .xls). Never raises for a damaged or foreign
    file; it returns None instead. It does not check the signature: call
    :func:`verify` with :func:`workspace_secret`.
    """
    path = Path(path)
    return stamp_from(_properties(path), _sheet(path))


def stamp_from(properties: dict[str, str], sheet: dict[str, str]) -> FormStamp | None:
    """The stamp from fields already read (:func:`properties_from`, :func:`meta_fields`); see :func:`read_identity`."""
    found: list[tuple[str, tuple[FormIdentity, str]]] = []
    for source, fields in (("properties", properties), ("sheet", sheet)):
        parsed = _identity(fields)
        if parsed is not None:
            found.append((source, parsed))
    if not found:
        return None
    (identity, signature) = found[0][1]
    conflicts: list[str] = []
    if len(found) > 1:
        other_identity, other_signature = found[1][1]
        conflicts = [k for k in _ID_FIELDS if getattr(identity, k) != getattr(other_identity, k)]
        if signature != other_signature:
            conflicts.append("signature")
    return FormStamp(identity, signature, tuple(s for s, _ in found), tuple(conflicts))
