"""plan import / plan check through the command line, on small documents and bad input."""

from pathlib import Path

import docx
import pytest
import yaml

from generator.cli import main
from generator.plan.planfile import load_plan

from .sample import SAMPLE


@pytest.fixture
def ws(tmp_path):
    (tmp_path / "plans").mkdir()
    return tmp_path


def run(ws, *args):
    return main(["-w", str(ws), *args])


def write(path: Path, text: str, encoding="utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def leftovers(ws):
    return sorted(p.name for p in (ws / "plans").rglob("*") if p.is_file())


def test_import_sample_and_roles(ws, tmp_path_factory):
    source = write(tmp_path_factory.mktemp("in") / "示例.txt", SAMPLE)
    assert run(ws, "plan", "import", str(source), "--id", "shili") == 0
    plan = load_plan(ws / "plans" / "shili.yaml")
    assert plan.source.file == "sources/shili.txt"
    assert (ws / "plans" / "sources" / "shili.txt").read_bytes() == source.read_bytes()
    roles = {t.title: (t.lead, t.co, t.implementers) for t in plan.tasks}
    assert roles["大力发展可再生能源"] == (["市发改委"], ["市自然资源和规划局", "市水利局"], ["各县市区人民政府"])
    # 市发展改革委 / 市发展和改革委员会 / 市发改委 are one unit; the standing implementers carry on.
    assert roles["推进煤炭消费替代"][0] == ["市发改委", "市工信局"]
    assert roles["合理调控油气消费"] == ([], ["市发改委", "市住建局", "市商务局"], ["各县市区人民政府"])
    assert roles["节能降碳增效行动"] == (["市工信局"], [], ["各县市区人民政府"])  # a clause at the （一） level
    assert roles["加强统计监测"] == (["市统计局"], ["市发改委"], ["各县市区人民政府"])
    assert "加强资金保障" not in roles  # a part with no clause is no task
    unit = plan.unit("市发改委")
    assert sorted(unit.aliases) == ["市发展和改革委员会", "市发展改革委"]
    assert [c.title for c in plan.columns] == ["新能源发电推广工程"] and plan.columns[0].after == plan.tasks[0].id
    assert [(g.year, g.value) for g in plan.goals] == [(2025, 22), (2025, 14.5), (2030, 25)]
    assert plan.tasks[0].targets[0].value == 320 and plan.tasks[0].deadline == 2025


def test_reimport_is_byte_identical_and_gbk_reads_the_same(ws, tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    utf8 = write(folder / "a.txt", SAMPLE)
    gbk = write(folder / "b.txt", SAMPLE, "gbk")
    run(ws, "plan", "import", str(utf8), "--id", "a")
    first = (ws / "plans" / "a.yaml").read_text(encoding="utf-8")
    run(ws, "plan", "import", str(ws / "plans" / "sources" / "a.txt"))
    assert (ws / "plans" / "a.yaml").read_text(encoding="utf-8") == first
    run(ws, "plan", "import", str(gbk), "--id", "b")
    a, b = (yaml.safe_load((ws / "plans" / f"{n}.yaml").read_text(encoding="utf-8")) for n in "ab")
    assert a["tasks"] == b["tasks"] and a["units"] == b["units"]


def test_docx_source(ws, tmp_path_factory):
    document = docx.Document()
    for line in SAMPLE.split("\n"):
        document.add_paragraph(line)
    path = tmp_path_factory.mktemp("in") / "plan.docx"
    document.save(path)
    assert run(ws, "plan", "import", str(path), "--id", "d") == 0
    assert len(load_plan(ws / "plans" / "d.yaml").tasks) == 5


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("empty.txt", b"", "空文件"),
        ("notes.txt", "一、工作安排\n请各单位认真学习。\n".encode(), "没有找到任何带责任分工的任务"),
        ("fake.docx", "这不是 Word 文档".encode(), "不是 Word 文档"),
        ("bytes.txt", bytes(range(128, 256)) * 4, "既不是 UTF-8 也不是 GB18030"),
        ("open.txt", (SAMPLE.replace("（市工信局负责）", "（市工信局牵头，市财政局按职责分工负责")).encode(), "括号不配对"),
    ],
)
def test_bad_input_gives_a_message_and_no_file(ws, tmp_path_factory, capsys, name, content, message):
    path = tmp_path_factory.mktemp("in") / name
    path.write_bytes(content)
    assert run(ws, "plan", "import", str(path), "--id", "bad") == 1
    assert message in capsys.readouterr().err
    assert leftovers(ws) == []
    assert path.read_bytes() == content  # input untouched


def test_missing_path(ws, capsys):
    assert run(ws, "plan", "import", str(ws / "nope.txt")) == 1
    assert "找不到方案文档" in capsys.readouterr().err


def test_overrides_are_applied_and_need_a_reason(ws, tmp_path_factory, capsys):
    source = write(tmp_path_factory.mktemp("in") / "s.txt", SAMPLE)
    overrides = ws / "plans" / "s.overrides.yaml"
    overrides.write_text("corrections:\n  - task: T03\n    set: {lead: [市发改委]}\n    reason: 牵头单位经办公室确认\n", encoding="utf-8")
    assert run(ws, "plan", "import", str(source), "--id", "s") == 0
    assert load_plan(ws / "plans" / "s.yaml").task("T03").lead == ["市发改委"]
    overrides.write_text("corrections:\n  - task: T03\n    set: {lead: [市发改委]}\n", encoding="utf-8")
    assert run(ws, "plan", "import", str(source), "--id", "s") == 1
    assert "缺少 reason" in capsys.readouterr().err


def test_check_reports_broken_plans(ws, tmp_path_factory, capsys):
    source = write(tmp_path_factory.mktemp("in") / "s.txt", SAMPLE)
    run(ws, "plan", "import", str(source), "--id", "s")
    path = ws / "plans" / "s.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["tasks"][0]["co"].append("市不存在局")
    data["tasks"][1]["id"] = data["tasks"][0]["id"]
    data["tasks"][2].update(lead=[], co=[], implementers=[])
    data["tasks"][0]["targets"][0]["direction"] = None
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    capsys.readouterr()
    assert run(ws, "plan", "check", str(path)) == 1
    out = capsys.readouterr().out
    assert "“市不存在局”不在 units 单位名录中" in out
    assert "重复出现" in out
    assert "没有任何责任单位" in out
    assert "方向 direction" in out
