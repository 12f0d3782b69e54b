"""Judging one returned file: its bytes in, one verdict out, never an exception.

:func:`judge` is a pure function of the file's bytes (read once by the caller)
and a :class:`JudgeContext` (plans, their digests, the signing secret, the
period, last period's accepted values). It identifies the file by its content,
reads the machine data, checks the signature and the seal over every locked
cell, and reads every input. Any failure while judging — a damaged package, a
reader that raises or panics (python-calamine's ``PanicException`` is a
BaseException), a bug — becomes that file's own outcome; only
KeyboardInterrupt and SystemExit pass through. The context holds plain data,
so it can be sent to worker processes.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import datetime

from ..forms.columns import META_SHEET
from ..forms.layout import FormContent, form_rows
from ..forms.machine import (
    LOCKED_REFS_FIELD,
    SEAL_FIELD,
    SEALED_VERSIONS,
    FormStamp,
    decode_refs,
    locked_cells,
    meta_fields,
    properties_from,
    seal_locked,
    stamp_from,
    verify,
)
from ..period import Period
from ..plan.model import Plan
from ..returns import UnitReturn
from ..store import ACCEPTED, NOT_A_FORM, REJECTED
from .biff import stream_damage
from .formats import XLS, Encrypted, NotReadable, display_name, open_package
from .reading import FarCell, Workbook
from .validate import locked_texts_now, read_return

__all__ = ["JudgeContext", "Verdict", "judge"]


@dataclass
class Verdict:
    """One file's outcome (store words: accepted / rejected / not_a_form), with every message."""

    outcome: str
    plan_id: str | None = None
    unit: str | None = None
    form_period: str | None = None
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unit_return: UnitReturn | None = None


@dataclass
class JudgeContext:
    """What judging needs besides the file: plain data (picklable)."""

    period: Period
    plans: dict[str, Plan]
    secret: bytes
    digests: dict[str, str]
    previous: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)  # plan → unit → target id → last accepted value
    _contents: dict = field(default_factory=dict, repr=False)

    def form_content(self, plan: Plan, unit: str) -> FormContent:
        """The rows the unit's form had (as sent), computed once per unit."""
        key = (plan.id, unit)
        if key not in self._contents:
            self._contents[key] = form_rows(plan, unit, self.period)
        return self._contents[key]


def judge(data: bytes, label: str, ctx: JudgeContext, sha: str = "", received: datetime | None = None) -> Verdict:
    """The verdict on one file (``data``: its whole content; ``label``: its name as shown to users,
    made printable by :func:`.formats.display_name` if it holds undecodable bytes).

    Never raises (except KeyboardInterrupt/SystemExit): whatever goes wrong is the file's outcome,
    非填报表 before the file is identified and 退回 after.
    """
    verdict = Verdict(NOT_A_FORM)
    label = display_name(label)
    try:
        return _judge(data, label, ctx, sha, received or datetime.now().replace(microsecond=0), verdict)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException; every failure is this file's outcome
        reason = exc.reason if isinstance(exc, NotReadable) else f"读取时出错（{type(exc).__name__}），文件可能已损坏；请用 Excel 打开后另存为 .xlsx 再发送"
        verdict.outcome = REJECTED if verdict.plan_id else NOT_A_FORM
        verdict.unit_return = None
        verdict.messages.append(f"{label}：{reason}")
        return verdict



def _judge(data: bytes, label: str, ctx: JudgeContext, sha: str, received: datetime, verdict: Verdict) -> Verdict:
    try:
        package = open_package(data, label)
    except NotReadable as exc:
        if isinstance(exc, Encrypted):
            verdict.outcome = REJECTED  # a return the unit must send again, not something to ignore
        verdict.messages.append(f"{label}：{exc.reason}")
        return verdict
    if package.kind == XLS:  # no checksum: at least the record chain must be one a program writes
        damage = stream_damage(package.data)
        if damage is not None:
            verdict.messages.append(f"{label}：文件已损坏（{damage}），无法可靠读取；请让报送单位用下发的原表重新填写、保存后再交")
            return verdict
    properties = properties_from(package.members.get("docProps/custom.xml"), package.members.get("meta.xml"))
    book = None
    try:
        book = Workbook(package)
        sealed = _sealed_refs(properties)
        # The _meta sheet is read only when the properties do not settle the form on their own.
        rows = None if sealed else _meta_rows(book)
    except FarCell as exc:
        # Too big to read; say whose file it is when the properties alone prove it.
        stamp = stamp_from(properties, {})
        if stamp is not None and not stamp.conflicts and verify(stamp.identity, stamp.signature, ctx.secret):
            _identify(verdict, stamp)
        verdict.messages.append(f"{label}：{exc.reason}")
        return verdict
    except NotReadable as exc:
        verdict.messages.append(f"{label}：{exc.reason}")
        return verdict
    try:
        return _judge_book(book, package.notes, properties, rows, sealed, label, ctx, sha, received, verdict)
    finally:
        book.close()


def _meta_rows(book: Workbook) -> list[list]:
    meta = book.sheet(META_SHEET) if book.sheet_names.count(META_SHEET) == 1 else None
    return meta.rows if meta is not None else []


def _sealed_refs(properties: dict[str, str]) -> list[str] | None:
    """The sealed cells' references when the document properties alone hold a whole stamp of a sealed
    template, its seal and where the sealed cells are (forms written since the property existed); else None."""
    if not properties.get(SEAL_FIELD) or LOCKED_REFS_FIELD not in properties:
        return None
    stamp = stamp_from(properties, {})
    if stamp is None or stamp.identity.template_version not in SEALED_VERSIONS:
        return None
    return decode_refs(properties[LOCKED_REFS_FIELD])


def _cells_match_seal(book: Workbook, identity, refs: list[str], seal: str, secret: bytes) -> bool:
    """True when the cells at ``refs``, as the file shows them now, are exactly the sealed ones.

    The seal (:func:`.forms.machine.seal_locked`) is an HMAC over the identity and every sealed
    ``(reference, text)`` in order, so the cells as they are now give the same seal only when not one
    of them changed. Raises :class:`NotReadable` (a far cell) like any sheet read."""
    cells = []
    for ref, shown in zip(refs, locked_texts_now(book, refs)):
        if shown is None:
            return False
        cells.append((ref, shown[2]))
    return hmac.compare_digest(seal_locked(identity, cells, secret), seal.strip().lower())


def _identify(verdict: Verdict, stamp: FormStamp) -> None:
    verdict.outcome = REJECTED
    verdict.plan_id, verdict.unit, verdict.form_period = stamp.identity.plan_id, stamp.identity.unit, stamp.identity.period


def _judge_book(book: Workbook, notes, properties, meta_rows, sealed, label, ctx: JudgeContext, sha, received, verdict: Verdict) -> Verdict:
    """``meta_rows``: the _meta sheet's rows, or None when not read yet (``sealed``: the sealed cells'
    references from the properties; the sheet is then read only if the cells do not match the seal)."""
    sheet_fields = meta_fields(meta_rows) if meta_rows is not None else {}
    stamp = stamp_from(properties, sheet_fields)
    if stamp is None:
        verdict.messages.append(f"{label}：不是本工具下发的填报表（找不到表格标识），请使用下发的原表填写")
        verdict.messages.extend(f"{label}：{reason}" for reason in book.far_reasons())
        return verdict
    identity = stamp.identity
    verdict.outcome = REJECTED  # one of our forms: the unit must send it again, whatever is wrong below
    if book.sheet_names.count(META_SHEET) > 1:
        verdict.messages.append(f"{label}：表中有两个同名的隐藏工作表“{META_SHEET}”（表格被改动过），请使用下发的原表填写")
        return verdict
    if stamp.conflicts:
        verdict.messages.append(f"{label}：隐藏的表格标识被改动（{'、'.join(stamp.conflicts)} 两处不一致），请使用下发的原表重新填写")
        return verdict
    if not verify(identity, stamp.signature, ctx.secret):
        verdict.messages.append(f"{label}：表格标识与签名不符（表中隐藏数据被改动，或不是本办公室本工作区下发的表），请使用下发的原表填写")
        return verdict
    _identify(verdict, stamp)  # only a verified stamp says whose return this is
    plan = ctx.plans.get(identity.plan_id)
    if plan is None:
        verdict.messages.append(f"{label}：表格属于计划“{identity.plan_id}”，当前工作区没有这个计划")
        return verdict
    if plan.unit(identity.unit) is None:
        verdict.messages.append(f"{label}：填报单位“{identity.unit}”不在计划“{plan.title}”的单位名录中")
        return verdict
    if identity.period != ctx.period.code:
        form_period = Period.parse(identity.period)
        verdict.messages.append(
            f"{label}：这是{form_period.label}的填报表（{identity.period}），本次收集的是{ctx.period.label}（{ctx.period.code}），请使用本期下发的表填写"
        )
        return verdict
    content = ctx.form_content(plan, identity.unit)
    current = identity.plan_digest == ctx.digests[plan.id]
    if content.task_row_ids != identity.task_row_ids or content.target_row_ids != identity.target_row_ids:
        verdict.messages.append(f"{label}：表中的任务和目标与现行计划不一致（计划在下发后有修改），请向本单位重新下发填报表")
        return verdict
    # The seal over every locked cell, as sent (forms of template version 2 on).
    expected = None
    unchanged = meta_rows is None and _cells_match_seal(book, identity, sealed, properties[SEAL_FIELD], ctx.secret)
    if unchanged:
        pass  # every sealed cell is as sent: nothing more to compare
    elif identity.template_version in SEALED_VERSIONS:
        if meta_rows is None:  # some cell differs: the _meta sheet's copy says which
            meta_rows = _meta_rows(book)
            sheet_fields = meta_fields(meta_rows)
            stamp = stamp_from(properties, sheet_fields)
            if stamp is None or stamp.conflicts or stamp.identity != identity:
                verdict.messages.append(f"{label}：隐藏的表格标识被改动（{'、'.join(stamp.conflicts) if stamp else '表格标识'} 两处不一致），请使用下发的原表重新填写")
                return verdict
        seals = {s for s in (properties.get(SEAL_FIELD), sheet_fields.get(SEAL_FIELD)) if s}
        expected = locked_cells(meta_rows)
        if len(seals) != 1 or not expected or seal_locked(identity, expected, ctx.secret) != next(iter(seals)).strip().lower():
            verdict.messages.append(f"{label}：隐藏的锁定内容校验信息缺失或被改动，无法核对锁定单元格，请使用下发的原表重新填写")
            return verdict
    if not current:
        verdict.warnings.append(f"{label}：填报表下发后计划文件有改动（任务编号未变），已按现行计划接收")
    verdict.warnings.extend(f"{label}：{note}" for note in notes)
    read = read_return(
        book, content, label, locked=current and not unchanged, previous=ctx.previous.get(plan.id, {}).get(identity.unit),
        expected_locked=expected,
    )
    verdict.warnings += read.warnings
    if read.errors:
        verdict.messages += read.errors
        return verdict
    verdict.outcome = ACCEPTED
    verdict.unit_return = UnitReturn(
        plan_id=plan.id, unit=identity.unit, period=ctx.period.code, file_name=label, sha256=sha,
        received=received, tasks=read.tasks, targets=read.targets,
        contact=read.contact, warnings=verdict.warnings,
    )
    return verdict
