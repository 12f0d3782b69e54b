"""Fuzz: mutate real returns N times (default 2,000), judge each, then collect them all in one inbox.

    PYTHONPATH=. python -m tests.collect.fuzz_returns [N] [--seed S] [--only lo.xls]

The originals are real returns: a form written by the toolkit and filled (.xlsx), and, where
LibreOffice is installed, that return saved by LibreOffice as .xlsx, .xls and .ods. Each mutation is
one of tests/collect/mutations.py (bytes changed anywhere or inside a zip member with its CRC kept,
truncation, one character of an XML part rewritten with valid CRCs, two worksheets exchanged, a
locked cell given another value). Prints one line:

    fuzz: N mutated returns — T tracebacks, W without an outcome, A tampered accepted, V altered values accepted (...)

A traceback is any exception out of the judge; "without an outcome" is a file collect does not
list; "tampered accepted" is an accepted file that no longer shows the identity or every locked
cell as sent (read independently with calamine), or a locked-cell tamper accepted; "altered values
accepted" is a file damaged with its CRCs kept that is accepted with values other than the original's.
Each such value is printed on a ``check:`` line (row and field, before → after, what kind of change);
for .xls, which has no checksum, the report line counts them by kind: a character replaced by another
printable one cannot be told from typing, while control, private-use and unassigned characters are
refused by the judge (``generator.collect.normalize.odd_characters``).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from generator.collect import collect, load_plans
from generator.collect.judgement import JudgeContext, judge
from generator.demo.fill import fill_form
from generator.forms import form_path, generate_forms
from generator.forms.machine import workspace_secret
from generator.period import Period
from generator.plan.planfile import plan_digest
from generator.store import ACCEPTED
from generator.workspace import Workspace

from . import mutations
from .conftest import MINI, good_answers

PERIOD = Period.parse("2026Q3")
ZIP_MUTATIONS = (mutations.flip_raw, mutations.flip_in_member, mutations.truncate, mutations.edit_member, mutations.swap_members)


def originals(ws: Workspace, work: Path) -> dict[str, bytes]:
    filled = fill_form(form_path(ws, PERIOD, "mini", "市发展改革委"), work / "filled.xlsx", good_answers())
    found = {"filled.xlsx": filled.read_bytes()}
    if shutil.which("soffice"):
        from tests.soffice import convert

        lo = work / "lo"
        (lo / "in").mkdir(parents=True)
        shutil.copy(filled, lo / "in" / "lo.xlsx")
        for fmt in ("xlsx", "xls", "ods"):
            out = convert([lo / "in" / "lo.xlsx"], fmt, lo / fmt, profile=lo / "profile")[0]
            found[f"lo.{fmt}"] = out.read_bytes()
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--only", help="mutate only this original (filled.xlsx, lo.xlsx, lo.xls or lo.ods)")
    parser.add_argument("--keep", type=Path, help="also write each mutated file here before judging it (to find one that kills the process)")
    args = parser.parse_args(argv)
    rnd = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="fuzz-returns-"))
    try:
        (work / "ws" / "plans").mkdir(parents=True)
        shutil.copy(MINI, work / "ws" / "plans" / "mini.yaml")
        ws = Workspace.at(work / "ws")
        generate_forms(ws, PERIOD)
        plans = load_plans(ws)
        ctx = JudgeContext(PERIOD, plans, workspace_secret(ws), {p: plan_digest(plan) for p, plan in plans.items()})
        sources = originals(ws, work)
        if args.only:
            sources = {args.only: sources[args.only]}
        truth = {}
        for name, data in sources.items():
            verdict = judge(data, name, ctx)
            assert verdict.outcome == ACCEPTED, (name, verdict.messages)
            refs = mutations.locked_refs(data)
            truth[name] = (mutations.values_of(verdict.unit_return), mutations.identity_view(data), refs, mutations.locked_view(data, refs))
        inbox = ws.inbox_dir(PERIOD.code)
        inbox.mkdir(parents=True)
        counts, outcomes, tracebacks = Counter(), Counter(), 0
        tampered, altered = [], []
        started = time.perf_counter()
        for i in range(args.n):
            source = rnd.choice(sorted(sources))
            data = sources[source]
            if source.endswith(".xls"):
                mutate = rnd.choice((mutations.flip_raw, mutations.truncate))
                new, kind = mutate(data, rnd)
            elif source.endswith(".xlsx") and rnd.random() < 0.15:
                mutate = mutations.tamper_locked
                new, kind = mutate(data, rnd, truth[source][2])
            else:
                choices = [m for m in ZIP_MUTATIONS if not (source.endswith(".ods") and m is mutations.swap_members)]
                mutate = rnd.choice(choices)
                new, kind = mutate(data, rnd)
            name = f"{i:04d}_{mutate.__name__}.{source.rsplit('.', 1)[1]}"
            counts[mutate.__name__] += 1
            (inbox / name).write_bytes(new)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / name).write_bytes(new)
                print("judging", name, file=sys.stderr, flush=True)
            try:
                verdict = judge(new, name, ctx)
            except BaseException:  # noqa: BLE001 - counting exactly what must never happen
                tracebacks += 1
                traceback.print_exc(limit=3)
                continue
            outcomes[verdict.outcome] += 1
            if verdict.outcome != ACCEPTED:
                continue
            values, identity, refs, locked = truth[source]
            if kind == "tamper" or mutations.identity_view(new) != identity or mutations.locked_view(new, refs) != locked:
                tampered.append(name)
            elif kind == "corrupt" and mutations.values_of(verdict.unit_return) != values:
                altered.append((name, mutations.value_changes(values, mutations.values_of(verdict.unit_return))))
        judged = time.perf_counter() - started
        started = time.perf_counter()
        try:
            result = collect(ws, PERIOD.code)
            listed = {s.file_name for s in result.submissions}
        except BaseException:  # noqa: BLE001
            tracebacks += 1
            traceback.print_exc(limit=5)
            listed = set()
        collected = time.perf_counter() - started
        files = {p.name for p in inbox.iterdir()}
        without = len(files - listed)
        xls_kinds = Counter(mutations.change_kind(old, new).split(" (")[0]
                            for name, changes in altered if name.endswith(".xls") for _, old, new in changes)
        in_xls = sum(1 for name, _ in altered if name.endswith(".xls"))
        kinds = "; ".join(f"{n} × {kind}" for kind, n in sorted(xls_kinds.items()))
        print(
            f"fuzz: {args.n} mutated returns — {tracebacks} tracebacks, {without} without an outcome, "
            f"{len(tampered)} tampered accepted, {len(altered)} altered values accepted"
            f"{f' ({in_xls} of them .xls, a format with no checksum: {kinds})' if in_xls else ''} "
            f"(originals: {', '.join(sorted(sources))}; mutations: {dict(sorted(counts.items()))}; "
            f"outcomes: {dict(sorted(outcomes.items()))}; judged in {judged:.1f} s, collect of the whole inbox {collected:.1f} s; seed {args.seed})"
        )
        for name in tampered[:10]:
            print("  check:", name)
        for name, changes in altered[:10]:
            print("  check:", name, "—", "; ".join(f"{where}: {old!r} → {new!r}, {mutations.change_kind(old, new)}"
                                                 for where, old, new in changes))
        return 1 if (tracebacks or without or tampered or altered) else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
