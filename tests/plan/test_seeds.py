"""The five seed plans are golden files: re-importing reproduces them byte for byte."""

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.plan.check import check_plan_file
from generator.plan.planfile import load_plan

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ["zhangjiajie", "chenzhou", "shiyan", "linxiang", "jiangyong"]


@pytest.mark.parametrize("plan_id", SEEDS)
def test_reimport_reproduces_the_committed_plan(tmp_path, plan_id):
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    committed = (ROOT / "plans" / f"{plan_id}.yaml").read_bytes()
    (plans / f"{plan_id}.yaml").unlink()
    assert main(["-w", str(tmp_path), "plan", "import", str(plans / "sources" / f"{plan_id}.txt")]) == 0
    assert (plans / f"{plan_id}.yaml").read_bytes() == committed


@pytest.mark.parametrize("plan_id", SEEDS)
def test_committed_plans_pass_check(plan_id):
    result = check_plan_file(ROOT / "plans" / f"{plan_id}.yaml")
    assert result.ok, result.errors


def test_seed_facts():
    zjj = load_plan(ROOT / "plans" / "zhangjiajie.yaml")
    assert (zjj.doc_number, str(zjj.issued), len(zjj.tasks), len(zjj.indicators)) == ("张政发〔2023〕11号", "2023-10-08", 29, 13)
    assert zjj.task("T06").lead == ["市生态环境局"]  # 排第一位的为牵头单位，下同
    assert zjj.indicators[11].domain == "生态系统碳汇" and zjj.indicators[11].baseline.value == 3130.46

    chenzhou = load_plan(ROOT / "plans" / "chenzhou.yaml")
    assert len(chenzhou.tasks) == 44 and len(chenzhou.columns) == 10
    assert chenzhou.task("T03").lead == ["市商务局", "市发改委", "市交通运输局", "市城管和综合执法局"]
    assert chenzhou.task("T38").implementers == ["各县市区人民政府", "郴州高新区管委会", "郴州经开区管委会"]  # 以下均需……落实
    assert chenzhou.unit("市自然资源和规划局").aliases == ["市自然资源局和规划局"]  # override

    shiyan = load_plan(ROOT / "plans" / "shiyan.yaml")
    assert shiyan.title == "国家碳达峰试点（十堰）实施方案" and len(shiyan.tasks) == 40
    assert shiyan.task("T29").path == ["四", "（一）"]  # a task at the （一） level

    linxiang = load_plan(ROOT / "plans" / "linxiang.yaml")
    assert linxiang.issued is None and str(linxiang.schedule_start) == "2023-10-01"
    assert "各镇人民政府（街道办事处）" in linxiang.task("T10").implementers
    assert linxiang.unit("市市场监督管理局").aliases == ["市市场监管局"]

    jiangyong = load_plan(ROOT / "plans" / "jiangyong.yaml")
    assert len(jiangyong.tasks) == 41 and len(jiangyong.columns) == 22
    assert jiangyong.task("T02").lead == [] and jiangyong.task("T02").title == "推进新能源开发利用"


def test_check_accepts_the_shell_glob_with_overrides(capsys):
    """`plan check plans/*.yaml` (the glob also matches chenzhou.overrides.yaml) passes."""
    files = sorted(str(p) for p in (ROOT / "plans").glob("*.yaml"))
    assert any(f.endswith(".overrides.yaml") for f in files)
    assert main(["plan", "check", *files]) == 0
    assert "chenzhou.overrides.yaml：通过" in capsys.readouterr().out
