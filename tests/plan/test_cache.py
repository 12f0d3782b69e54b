"""The parsed-plan cache: the same plans and digests as parsing, and never a stale or broken answer."""

import pickle
import shutil
from pathlib import Path

import pytest

from generator.errors import UserError
from generator.plan import cache
from generator.plan.cache import load_plans_with_digests
from generator.plan.planfile import load_plan, plan_digest

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plans" / "mini.yaml"
    path.parent.mkdir()
    shutil.copy(MINI, path)
    return path


def parsed(path):
    plan = load_plan(path)
    return plan, plan_digest(plan)


def test_cached_plans_equal_parsed_ones_and_come_from_the_cache(plan_file, tmp_path, monkeypatch):
    cache_file = tmp_path / "cache.pickle"
    first = load_plans_with_digests([plan_file], cache_file)
    assert first == [parsed(plan_file)]
    assert cache_file.exists()

    def no_parse(path):
        raise AssertionError("parsed again although the file did not change")

    monkeypatch.setattr(cache, "load_plan", no_parse)
    assert load_plans_with_digests([plan_file], cache_file) == first


def test_an_edited_plan_file_is_parsed_again(plan_file, tmp_path):
    cache_file = tmp_path / "cache.pickle"
    load_plans_with_digests([plan_file], cache_file)
    text = plan_file.read_text(encoding="utf-8")
    title = load_plan(plan_file).title
    plan_file.write_text(text.replace(title, title + "（修订）", 1), encoding="utf-8")
    (plan, digest), = load_plans_with_digests([plan_file], cache_file)
    assert plan.title == title + "（修订）"
    assert (plan, digest) == parsed(plan_file)


def test_a_broken_plan_file_raises_every_time_and_is_never_cached(plan_file, tmp_path):
    cache_file = tmp_path / "cache.pickle"
    plan_file.write_text("id: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(UserError, match="YAML"):
            load_plans_with_digests([plan_file], cache_file)
    assert not cache_file.exists()


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(["a list"]), pickle.dumps({"code": "other", "plans": {}})],
                         ids=["empty", "garbage", "wrong-shape", "other-code"])
def test_a_damaged_or_foreign_cache_is_ignored_and_rewritten(plan_file, tmp_path, content):
    cache_file = tmp_path / "cache.pickle"
    cache_file.write_bytes(content)
    assert load_plans_with_digests([plan_file], cache_file) == [parsed(plan_file)]
    assert pickle.loads(cache_file.read_bytes())["code"] == cache._code_key()


def test_a_new_version_of_the_plan_code_parses_again(plan_file, tmp_path, monkeypatch):
    cache_file = tmp_path / "cache.pickle"
    load_plans_with_digests([plan_file], cache_file)
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    calls = []
    real = cache.load_plan
    monkeypatch.setattr(cache, "load_plan", lambda path: calls.append(path) or real(path))
    load_plans_with_digests([plan_file], cache_file)
    assert calls == [plan_file]


def test_a_cache_that_cannot_be_written_changes_nothing(plan_file, tmp_path):
    cache_file = tmp_path / "no-such-folder-is-a-file"
    cache_file.write_text("x")
    assert load_plans_with_digests([plan_file], cache_file / "cache.pickle") == [parsed(plan_file)]
