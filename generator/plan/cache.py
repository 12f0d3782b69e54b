"""Parsed plan files kept between runs, so a province of 120 plans is not parsed again every run.

Parsing a plan file and computing its digest (:func:`.planfile.plan_digest`) take about 40 ms per
plan; collect needs both for every plan before it judges the first return (about 5 s for 120 plans
on a 2-core machine). The cache is one file of :mod:`pickle` holding, for each plan file, the
parsed :class:`.model.Plan` and its digest, keyed by the file's name, the SHA-256 of its bytes and
a key of this code (the source of the modules that read plans and make digests, and the versions
of PyYAML and Python). So an edited plan
file, or a new version of the toolkit, is parsed again; nothing else can make an entry stale.

It is a derivative, never a source: a missing, unreadable, damaged or foreign cache file is
ignored (and rewritten); a failure to write it is ignored too. Plan files with an error are never
cached, so their error is raised on every run, exactly as :func:`.planfile.load_plan` raises it.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path

import yaml

from ..errors import WorkFailed
from ..fileio import sha256_bytes, write_bytes_atomic
from . import model, planfile
from .model import Plan
from .planfile import load_plan, plan_digest

FORMAT = 1  # raised when the layout of the cache file changes


def _code_key() -> str:
    """Changes whenever the code that turns a plan file into a Plan and a digest changes (ours, the
    YAML library's version, Python's)."""
    digest = hashlib.sha256(f"plan-cache {FORMAT} {yaml.__version__} {sys.version_info[:2]}".encode())
    for module in (model, planfile):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def _read(cache_file: Path, code_key: str) -> dict:
    try:
        with open(cache_file, "rb") as fh:
            data = pickle.load(fh)
    except Exception:  # noqa: BLE001 - missing, damaged, written by another version: parsed again
        return {}
    if not isinstance(data, dict) or data.get("code") != code_key or not isinstance(data.get("plans"), dict):
        return {}
    return data["plans"]


def _sha(path: Path) -> str | None:
    try:
        return sha256_bytes(path.read_bytes())
    except OSError:
        return None


def load_plans_with_digests(paths: list[Path], cache_file: Path) -> list[tuple[Plan, str]]:
    """``[(plan, digest), …]`` for ``paths`` in order, from ``cache_file`` where an entry fits the
    file's bytes, else parsed with :func:`.planfile.load_plan` (and the cache rewritten).

    Raises :class:`UserError` for a plan file with an error, as ``load_plan`` does.
    """
    code_key = _code_key()
    entries = _read(cache_file, code_key)
    kept: dict[tuple[str, str], tuple[Plan, str]] = {}
    out = []
    for path in map(Path, paths):
        key = (path.name, _sha(path))
        entry = entries.get(key) if key[1] else None
        if entry is None:
            plan = load_plan(path)  # an unreadable or broken file raises its message here
            entry = (plan, plan_digest(plan))
            if _sha(path) != key[1]:  # changed while it was read: not cached under either content
                key = None
        if key is not None and key[1]:
            kept[key] = entry
        out.append(entry)
    if kept.keys() != entries.keys():
        try:
            write_bytes_atomic(cache_file, pickle.dumps({"code": code_key, "plans": kept}, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, WorkFailed):
            pass  # a read-only or full workspace: the next run parses again
    return out


__all__ = ["load_plans_with_digests"]
