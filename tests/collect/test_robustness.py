"""Property-based: mutate real filled forms every which way; collect never crashes and never lets tampering in.

Invariants checked on every example:
- collect returns (no exception) and every inbox file has exactly one outcome;
- task and target rows are stored only for accepted files;
- structural tampering (rows, sheets, hidden data, truncation) is never accepted;
- bytes changed inside the zip: the judge never raises; with the CRCs left as they were the file is
  never accepted with other values; an accepted file always shows the identity and every locked cell
  as sent (read independently with calamine); a locked cell given another value is never accepted.

Example counts come from the Hypothesis profile (tests/conftest.py): the judge-level properties run
the profile's count (200 in ``ci``), the slower collect-level ones an eighth of it (at least 25).
"""

import shutil
import tempfile
from pathlib import Path


from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import IllegalCharacterError
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.collect import collect, load_plans
from generator.collect.judgement import JudgeContext, judge
from generator.forms.machine import workspace_secret
from generator.plan.planfile import plan_digest
from generator.store import ACCEPTED, REJECTED, Store
from generator.workspace import Workspace

from . import mutations
from .conftest import PERIOD, good_answers, returned

_PROFILE = settings.default.max_examples
SETTINGS = settings(max_examples=max(25, _PROFILE // 8), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FAST = settings(max_examples=_PROFILE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def filled(blank_workspace, tmp_path_factory):
    """One good return's bytes, and a workspace skeleton (plans + secret) to collect it in."""
    ws = Workspace.at(tmp_path_factory.mktemp("filled"))
    shutil.copytree(blank_workspace / "plans", ws.plans_dir)
    shutil.copytree(blank_workspace / "workbooks", ws.workbooks_dir)
    ws.inbox_dir("2026Q3").mkdir(parents=True)
    path = returned(ws, "good.xlsx", good_answers())
    return ws, path.read_bytes()


def run(skeleton: Workspace, files: dict[str, bytes]):
    root = Path(tempfile.mkdtemp(prefix="robust-"))
    try:
        shutil.copytree(skeleton.plans_dir, root / "plans")
        (root / "workbooks").mkdir()
        shutil.copy(skeleton.secret_path, root / "workbooks" / ".form-secret")
        ws = Workspace.at(root)
        inbox = ws.inbox_dir("2026Q3")
        inbox.mkdir(parents=True)
        for name, data in files.items():
            (inbox / name).write_bytes(data)
        result = collect(ws, "2026Q3")
        assert sorted(s.file_name for s in result.submissions) == sorted(files)
        with Store(ws.store_path) as store:
            stored = {row[0] for row in store.db.execute("SELECT DISTINCT submission_id FROM task_rows UNION SELECT DISTINCT submission_id FROM target_rows")}
            accepted = {s.id for s in result.submissions if s.outcome == ACCEPTED}
            superseded_or_accepted = {s.id for s in result.submissions if s.outcome in (ACCEPTED, "superseded")}
            assert stored <= superseded_or_accepted and accepted <= stored | accepted
        return {s.file_name: s.outcome for s in result.submissions}
    finally:
        shutil.rmtree(root, ignore_errors=True)


mutate = mutations.openpyxl_edit


cell_values = st.one_of(
    st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.text(max_size=60), st.sampled_from(["80%", "８０", "约80", "过半", "八十", "=1+1", "#DIV/0!", "完成", "已完成", "\x07响铃", "1,234", "十九点八", "达标", " "]),
    st.dates(),
)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["重点任务", "量化目标"]), st.integers(3, 8), st.integers(7, 12), cell_values), min_size=1, max_size=8))
def test_any_values_in_input_cells(filled, edits):
    skeleton, data = filled

    def change(wb):
        for sheet, row, col, value in edits:
            if sheet == "量化目标":
                col = min(col, 10)
            try:
                wb[sheet].cell(row, col).value = value
            except (ValueError, TypeError, IllegalCharacterError):
                wb[sheet].cell(row, col).value = ILLEGAL_CHARACTERS_RE.sub("", str(value))

    run(skeleton, {"r.xlsx": mutate(data, change)})


def _delete_row(wb, r):
    wb["重点任务"].delete_rows(r)


def _insert_row(wb, r):
    ws = wb["重点任务"]
    ws.insert_rows(r)
    ws.cell(r, 1).value = "T99"


def _swap_rows(wb, r):
    ws = wb["重点任务"]
    for c in range(1, 12):
        a, b = ws.cell(r, c), ws.cell(r + 1, c)
        a.value, b.value = b.value, a.value


def _rename_sheet(wb, r):
    wb.worksheets[[1, 2, 3][r % 3]].title = f"改名{r}"


def _remove_sheet(wb, r):
    wb.remove(wb.worksheets[[1, 2, 3][r % 3]])


def _edit_meta(wb, r):
    meta = wb["_meta"]
    fields = [row for row in meta.iter_rows() if row[0].value in ("unit", "period", "task_row_ids", "plan_id", "signature")]
    row = fields[r % len(fields)]
    row[1].value = (row[1].value or "") + "x"


def _edit_property(wb, r):
    for prop in wb.custom_doc_props.props:
        if prop.name == ["cpf_unit", "cpf_period", "cpf_task_row_ids"][r % 3]:
            prop.value = prop.value + "x"


@SETTINGS
@given(st.sampled_from([_delete_row, _insert_row, _swap_rows, _rename_sheet, _remove_sheet, _edit_property]),
       st.integers(3, 5))
def test_tampering_is_never_accepted(filled, tamper, row):
    skeleton, data = filled
    outcome = run(skeleton, {"t.xlsx": mutate(data, lambda wb: tamper(wb, row))})["t.xlsx"]
    assert outcome != ACCEPTED


@SETTINGS
@given(st.integers(0, 9), st.booleans())
def test_an_edited_hidden_copy_never_changes_whose_return_it_is(filled, row, drop_properties):
    """The hidden _meta sheet is a copy of the signed properties for programs that drop them. Edited
    while the properties are intact, it is not read (the return counts for the unit it was sent to);
    edited where the properties are gone, the signature no longer fits and the return is refused."""
    skeleton, data = filled
    edited = mutate(data, lambda wb: _edit_meta(wb, row))
    if drop_properties:
        edited = mutations.without_member(edited, "docProps/custom.xml")
    outcome = run(skeleton, {"t.xlsx": edited})["t.xlsx"]
    assert outcome == (REJECTED if drop_properties else ACCEPTED)


@SETTINGS
@given(st.integers(1, 20000))
def test_truncated_bytes(filled, keep):
    skeleton, data = filled
    cut = data[: min(keep, len(data) - 1)]
    assert run(skeleton, {"cut.xlsx": cut})["cut.xlsx"] != ACCEPTED


@SETTINGS
@given(st.binary(max_size=4000), st.sampled_from([".xlsx", ".xls", ".ods", ".xlsm", ".docx", ".txt", ""]))
def test_random_bytes_with_any_name(filled, blob, suffix):
    skeleton, _ = filled
    assert run(skeleton, {f"random{suffix}": blob})[f"random{suffix}"] != ACCEPTED


# --------------------------------------------------------------------------- bytes inside the zip, judged directly


@pytest.fixture(scope="module")
def original(filled):
    """The judge's context, the good return, and what it says, as sent."""
    skeleton, data = filled
    plans = load_plans(skeleton)
    ctx = JudgeContext(PERIOD, plans, workspace_secret(skeleton), {p: plan_digest(plan) for p, plan in plans.items()})
    verdict = judge(data, "good.xlsx", ctx)
    assert verdict.outcome == ACCEPTED, verdict.messages
    refs = mutations.locked_refs(data)
    return ctx, data, mutations.values_of(verdict.unit_return), mutations.identity_view(data), refs, mutations.locked_view(data, refs)


def check_mutated(original, data: bytes, kind: str):
    ctx, _, values, identity, refs, locked = original
    verdict = judge(data, "m.xlsx", ctx)  # must not raise
    assert verdict.outcome in ("accepted", "rejected", "not_a_form")
    assert verdict.messages or verdict.outcome == ACCEPTED
    if verdict.outcome == ACCEPTED:
        assert kind != "tamper", verdict.warnings
        assert mutations.identity_view(data) == identity
        assert mutations.locked_view(data, refs) == locked
        if kind == "corrupt":
            assert mutations.values_of(verdict.unit_return) == values
    return verdict


@FAST
@given(st.randoms(use_true_random=False))
def test_bytes_changed_inside_a_zip_member_with_its_crc_kept(original, rnd):
    data, kind = mutations.flip_in_member(original[1], rnd)
    # Accepted only when the bytes still inflate to the same content (e.g. a change after the last
    # deflate block); check_mutated then finds the same values.
    check_mutated(original, data, kind)


@FAST
@given(st.sampled_from(mutations.BYTE_MUTATIONS), st.randoms(use_true_random=False))
def test_any_byte_mutation_gets_an_outcome_and_never_a_changed_locked_cell(original, mutate_with, rnd):
    data, kind = mutate_with(original[1], rnd)
    check_mutated(original, data, kind)


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_a_locked_cell_given_another_value_is_never_accepted(original, rnd):
    data, kind = mutations.tamper_locked(original[1], rnd, original[4])
    check_mutated(original, data, kind)
