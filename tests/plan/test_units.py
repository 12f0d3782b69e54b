from pathlib import Path

from generator.plan.units import AliasTable, build_directory, unit_kind
from generator.workspace import BUILTIN_TEMPLATES

TABLE = AliasTable.load(BUILTIN_TEMPLATES / "unit_aliases.yaml")


def test_spellings_of_one_department_merge_under_the_most_frequent():
    d = build_directory(["市发改委", "市发展改革委", "市发展改革委", "市发展和改革委员会", "市住建局",
                         "市住房城乡建设局", "市住房和城乡建设局", "县发改局"], TABLE)
    names = {u.name: u.aliases for u in d.units}
    assert names["市发展改革委"] == ["市发改委", "市发展和改革委员会"]
    assert names["市住建局"] == ["市住房城乡建设局", "市住房和城乡建设局"]  # tie: the first seen
    assert "县发改局" in names  # a county bureau is not the city commission
    assert d.name("市发改委") == "市发展改革委"


def test_lookalikes_are_warned_not_merged():
    d = build_directory(["市文体广电局", "市文旅广电局"], TABLE)
    assert len(d.units) == 2
    assert any("市文体广电局" in w and "市文旅广电局" in w for w in d.warnings)


def test_user_extension_and_hand_merges(tmp_path: Path):
    extra = tmp_path / "unit_aliases.yaml"
    extra.write_text("equivalents:\n  - [数据资源局, 数据局]\n", encoding="utf-8")
    table = AliasTable.load(BUILTIN_TEMPLATES / "unit_aliases.yaml", extra)
    assert len(build_directory(["市数据资源局", "市数据局"], table).units) == 1
    d = build_directory(["市自然资源和规划局", "市自然资源局和规划局"], TABLE, {"市自然资源局和规划局": "市自然资源和规划局"})
    assert [u.name for u in d.units] == ["市自然资源和规划局"]


def test_kinds():
    assert unit_kind("国网张家界供电公司") == "enterprise"
    assert unit_kind("市城市公交集团有限公司") == "enterprise"
    assert unit_kind("各县市区人民政府") == "implementer_group"
    assert unit_kind("市碳达峰碳中和工作领导小组成员单位") == "implementer_group"
    assert unit_kind("市生态环境局") == "department"


def test_a_department_written_without_its_level_is_not_a_second_unit():
    directory = build_directory(["县工信局", "工信局", "县发展改革局", "发改局", "住建局"], TABLE)
    assert [(u.name, u.aliases) for u in directory.units] == [
        ("县工信局", ["工信局"]), ("县发展改革局", ["发改局"]), ("住建局", [])]


def test_a_place_named_department_merges_its_spellings():
    directory = build_directory(["柳源市工信局", "柳源市工业和信息化局", "柳源市工业和信息化局", "青禾市工信局"], TABLE)
    assert [(u.name, u.aliases) for u in directory.units] == [
        ("柳源市工业和信息化局", ["柳源市工信局"]), ("青禾市工信局", [])]
