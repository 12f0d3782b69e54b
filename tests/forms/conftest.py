"""Shared fixtures for the forms tests: the mini plan in a fresh workspace."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from generator.period import Period
from generator.plan.planfile import load_plan
from generator.workspace import Workspace

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _xlsxwriter_warnings_are_errors():
    """A dropped validation or footer only warns in xlsxwriter; here it fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        yield


@pytest.fixture
def plan():
    return load_plan(MINI)


@pytest.fixture
def period():
    return Period.parse("2026Q3")


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    (tmp_path / "plans").mkdir()
    shutil.copy(MINI, tmp_path / "plans" / "mini.yaml")
    return Workspace.at(tmp_path)
