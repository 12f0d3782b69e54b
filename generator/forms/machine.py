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

The collector calls :func:`read_identity` on any returned file, then
:func:`verify` with :func:`workspace_secret`. Reading uses ``zipfile`` and
defusedxml, and python-calamine for the sheet, never openpyxl.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import os
import secrets
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree as SafeET

from ..errors import WorkFailed
from ..workspace import Workspace

FORM_KIND = "carbon-peaking-progress-form"
TEMPLATE_VERSION = "1"
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
        """Canonical JSON (sorted keys, no spaces, UTF-8): the signed bytes."""
        data = {key: getattr(self, key) for key in _ID_FIELDS}  # (asdict deep-copies: slow per return)
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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~tmp-secret-", dir=path.parent)  # created with mode 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_bytes(32).hex() + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, path)  # fails if another run made it first; then that one counts
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links
                if not path.exists():
                    os.replace(tmp, path)
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
    for key in FIELDS:
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


def _properties(path, archive: zipfile.ZipFile | None = None) -> dict[str, str]:
    """Custom properties of an .xlsx/.xlsm (docProps/custom.xml) or .ods (meta.xml); ``archive``: already open."""
    raw: dict[str, str] = {}
    try:
        with contextlib.nullcontext(archive) if archive is not None else zipfile.ZipFile(path) as zf:
            data = _read_member(zf, "docProps/custom.xml")
            if data is not None:
                for prop in SafeET.fromstring(data):
                    name = prop.get("name") or ""
                    if name.startswith(PROP_PREFIX):
                        raw[name] = _text("".join(prop.itertext()))
            data = _read_member(zf, "meta.xml")
            if data is not None:
                for el in SafeET.fromstring(data).iter():
                    if el.tag.endswith("}user-defined"):
                        name = next((v for k, v in el.attrib.items() if k.endswith("}name") or k == "name"), "")
                        if name.startswith(PROP_PREFIX):
                            raw[name] = _text(el.text)
    except Exception:  # noqa: BLE001 - bad zip, bad XML, defusedxml refusals, I/O errors
        # Any unreadable or hostile container is simply "no properties"; the sheet may still speak.
        return {}
    return _join_chunks(raw)


def _sheet(path, book=None) -> dict[str, str]:
    """The ``_meta`` sheet's field/value pairs, via python-calamine (xlsx, xlsm, xls, ods); ``book``: already open."""
    from python_calamine import CalamineWorkbook

    from .columns import META_SHEET

    try:
        if book is None:
            book = CalamineWorkbook.from_filelike(path) if isinstance(path, io.BytesIO) else CalamineWorkbook.from_path(str(path))
        if META_SHEET not in book.sheet_names:
            return {}
        rows = book.get_sheet_by_name(META_SHEET).to_python()
    except Exception:  # noqa: BLE001 - calamine raises its own types for every kind of damage
        return {}
    out: dict[str, str] = {}
    for row in rows:
        if len(row) >= 2 and _text(row[0]) in FIELDS:
            out[_text(row[0])] = _text(row[1])
    return out


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


def read_identity(path: str | Path, data: bytes | None = None, *, archive: zipfile.ZipFile | None = None,
                  book=None) -> FormStamp | None:
    """The identity and signature stamped into a form, or None when the file is not one of ours.

    Works on the .xlsx the toolkit writes and on what Excel, WPS or LibreOffice
    save from it (.xlsx, .xlsm, .ods, .xls). Never raises for a damaged or foreign
    file; it returns None instead. It does not check the signature: call
    :func:`verify` with :func:`workspace_secret`. ``data``: the file's bytes when already read;
    ``archive`` (its zip) and ``book`` (its python-calamine workbook) when already open, so that
    a file is parsed once.
    """
    path = Path(path)
    found: list[tuple[str, tuple[FormIdentity, str]]] = []
    source_of = (lambda: io.BytesIO(data)) if data is not None else (lambda: path)
    for source, fields in (("properties", lambda: _properties(source_of(), archive)), ("sheet", lambda: _sheet(source_of(), book))):
        parsed = _identity(fields())
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
