"""Shared by the benchmarks: workspaces of cloned seed plans, peak memory, inboxes of returns."""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("MAKE_REPORTS_QUIET", "1")

from generator.demo.answers import UnitProfile, answers_for  # noqa: E402
from generator.demo.fill import fill_form  # noqa: E402
from generator.forms import generate_forms  # noqa: E402
from generator.forms.layout import form_rows  # noqa: E402
from generator.period import Period  # noqa: E402
from generator.plan.planfile import load_plan  # noqa: E402
from generator.workspace import Workspace  # noqa: E402


def plan_texts(plans_dir: Path) -> list[tuple[str, str]]:
    """``(id, plan file text)`` of the plans in ``plans_dir`` (the five seed plans by default)."""
    found = Workspace.at(plans_dir.parent).plan_files()
    if not found:
        raise SystemExit(f"{plans_dir} 中没有计划文件")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in found]


def workspace_with(root: Path, sources: list[tuple[str, str]], count: int) -> Workspace:
    """A workspace with ``count`` plans: the sources themselves, or cycled under ids p000, p001, …"""
    (root / "plans").mkdir(parents=True)
    for n in range(count):
        plan_id, text = sources[n % len(sources)]
        if count != len(sources):
            plan_id = f"p{n:03d}"
            text = re.sub(r"^id: .*$", f"id: {plan_id}", text, count=1, flags=re.M)
        (root / "plans" / f"{plan_id}.yaml").write_text(text, encoding="utf-8")
    return Workspace.at(root)


def rss_mb() -> float:
    """This process's peak resident set size, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def rss_children_mb() -> float:
    """The largest peak resident set size among this process's finished children (pool workers), in MB."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def _child(queue, function, args):
    result = function(*args)
    queue.put((result, rss_mb()))


def in_child(function, *args):
    """Run ``function(*args)`` in a fresh process: (its result, that process's peak RSS in MB).

    Each stage gets its own process so its peak memory is its own, not the whole benchmark's.
    """
    queue = multiprocessing.get_context("fork").Queue()
    process = multiprocessing.get_context("fork").Process(target=_child, args=(queue, function, args))
    process.start()
    result = queue.get()
    process.join()
    return result


def restamp(data: bytes, n: int) -> bytes:
    """The same return with a different dcterms:modified, so its bytes (and hash) differ."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                stamp = f"2026-10-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:{(n // 60) % 60:02d}Z".encode()
                start = body.find(b"<dcterms:modified")
                if start >= 0:
                    open_end = body.find(b">", start) + 1
                    close = body.find(b"</dcterms:modified>", open_end)
                    body = body[:open_end] + stamp + body[close:]
            dst.writestr(item, body)
    return out.getvalue()


def build_inbox(ws: Workspace, period: Period, n: int, forms=None) -> list[Path]:
    """N distinct returns: every unit's form filled once as the unit would, then re-saved versions.

    Several returns per unit means later ones supersede earlier ones, as in a real inbox;
    every file has its own hash, so each is fully read and checked.
    """
    forms = forms if forms is not None else generate_forms(ws, period).forms
    rng = random.Random(7)
    plans = {p.stem: load_plan(p) for p in ws.plan_files()}
    filled = []
    scratch = Path(tempfile.mkdtemp(prefix="bench-filled-"))
    for form in forms:
        plan = plans[form.plan_id]
        answers = answers_for(plan, form_rows(plan, form.unit, period), period, UnitProfile.draw(rng), rng)
        filled.append(fill_form(form.path, scratch / f"{len(filled)}.xlsx", answers).read_bytes())
    inbox = ws.inbox_dir(period.code)
    inbox.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = inbox / f"unit{i % len(filled):04d}" / f"回表{i:05d}.xlsx"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(restamp(filled[i % len(filled)], i))
        os.utime(path, (1_760_000_000 + i, 1_760_000_000 + i))
        paths.append(path)
    shutil.rmtree(scratch)
    return paths


def naive_read(paths: list[Path]) -> None:
    """The naive way: ``pandas.read_excel`` with openpyxl over every file (reading only, no checks)."""
    import pandas as pd

    for path in paths:
        pd.read_excel(path, sheet_name=None, engine="openpyxl")
