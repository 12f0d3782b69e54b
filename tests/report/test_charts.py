import warnings

from generator.assess import assess_plan
from generator.period import Period
from generator.plan.planfile import load_plan
from generator.report import charts
from tests.assess.helpers import returns
from tests.report.conftest import MINI
from tests.report.sample import sample_history, sample_returns

PNG = b"\x89PNG\r\n\x1a\n"


def _a(rets=None):
    return assess_plan(load_plan(MINI), Period.parse("2026Q3"), rets or sample_returns(), None, sample_history())


def test_font_ships_with_licence():
    assert charts.FONT_FILE.exists() and charts.FONT_FILE.stat().st_size < 4_000_000
    ofl = charts.FONT_FILE.with_name("OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl and "Adobe" in ofl
    from fontTools.ttLib import TTFont

    name = TTFont(str(charts.FONT_FILE))["name"]
    family = name.getDebugName(1)
    assert family == charts.FONT_FAMILY and "Noto" not in family and "Source" not in family  # OFL reserved names


def test_charts_render_chinese_without_missing_glyphs():
    a = _a()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # “Glyph … missing from font(s)” would raise here
        images = [charts.targets_chart(a), charts.areas_chart(a), charts.reporting_chart(a)]
    for png in images:
        assert png and png.startswith(PNG)
    from matplotlib import font_manager

    found = font_manager.findfont(font_manager.FontProperties(family=charts.FONT_FAMILY), fallback_to_default=False)
    assert found == str(charts.FONT_FILE)


def test_chart_bytes_are_deterministic():
    a = _a()
    assert charts.areas_chart(a) == charts.areas_chart(a)
    assert charts.targets_chart(a) == charts.targets_chart(a)
    assert b"Software" not in charts.reporting_chart(a)


def test_without_data_the_chart_still_shows_every_target_as_unreported():
    a = _a(returns("mini", "2026Q3"))
    assert [t.status for t in charts.target_selection(a)] == ["未报送"] * len(a.targets)
    assert charts.targets_chart(a).startswith(PNG)
    assert charts.reporting_chart(a).startswith(PNG)
    plan = load_plan(MINI)
    plan.goals, plan.indicators = [], []
    for t in plan.tasks:
        t.targets = []
    assert charts.targets_chart(assess_plan(plan, Period.parse("2026Q3"), returns("mini", "2026Q3"))) is None


def test_selection_keeps_every_red_target_and_says_how_many():
    """Never a silent cut: beyond the limit, every red target stays in and the rest are the furthest behind."""
    a = _a()
    red = [t for t in a.targets if t.light == "红"]
    assert red
    for limit in (1, 3, len(a.targets)):
        chosen = charts.target_selection(a, limit)
        assert all(t in chosen for t in red)
        assert len(chosen) == (len(a.targets) if limit >= len(a.targets) else max(limit, len(red)))
    last = a.targets[-1]  # a red target at the end of the plan is not dropped by a cut at the front
    last.status, last.light = "逾期未完成", "红"
    assert last in charts.target_selection(a, 1)
