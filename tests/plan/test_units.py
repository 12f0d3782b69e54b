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


def test_a_name_abbreviated_after_its_full_first_mention_is_that_unit():
    # Kind: a document defines its abbreviations by use — in full at first mention, short after.
    d = build_directory(["县卫生健康局", "安平市生态环境局禾阳分局", "国网禾阳县供电公司", "禾阳生态环境分局",
                         "禾阳供电公司", "县卫健局", "禾阳供电公司"], TABLE)
    assert [(u.name, u.aliases) for u in d.units] == [
        ("县卫生健康局", ["县卫健局"]),
        ("安平市生态环境局禾阳分局", ["禾阳生态环境分局"]),
        ("国网禾阳县供电公司", ["禾阳供电公司"]),  # the full name as first written, however often the short one
    ]
    assert d.name("禾阳供电公司") == "国网禾阳县供电公司"


def test_relatives_of_abbreviation_by_use_stay_apart():
    # A core that is a run of the longer name is another department.
    assert len(build_directory(["县自然资源和林业局", "县林业局"], TABLE).units) == 2
    # Another institution word: 县发改局 is not 县发展和改革委员会's short form by this rule.
    assert len(build_directory(["县发展和改革委员会", "县发改局"], TABLE).units) == 2
    # The short form written before the full one: no definition by use (left for the reviewer).
    assert len(build_directory(["禾阳供电公司", "国网禾阳县供电公司"], TABLE).units) == 2
    # Two full names the short one could stand for: left apart, with a warning naming both.
    d = build_directory(["县农业农村局", "县农业机械局", "县农业局"], TABLE)
    assert len(d.units) == 3
    assert any("县农业局" in w and "县农业农村局" in w and "县农业机械局" in w for w in d.warnings)
