import pytest

from generator.errors import UsageError
from generator.period import Period


@pytest.mark.parametrize(
    "code,start,end,label",
    [
        ("2026Q1", "2026-01-01", "2026-03-31", "2026年第一季度"),
        ("2026Q3", "2026-07-01", "2026-09-30", "2026年第三季度"),
        ("2026q4", "2026-10-01", "2026-12-31", "2026年第四季度"),
        ("2026H1", "2026-01-01", "2026-06-30", "2026年上半年"),
        ("2026", "2026-01-01", "2026-12-31", "2026年度"),
    ],
)
def test_parse(code, start, end, label):
    p = Period.parse(code)
    assert (str(p.start), str(p.end), p.label) == (start, end, label)


@pytest.mark.parametrize("bad", ["2026Q5", "2026H3", "Q3", "26Q3", "2026-Q3", "", "1800"])
def test_bad_period_is_usage_error(bad):
    with pytest.raises(UsageError) as exc:
        Period.parse(bad)
    assert "报送期" in exc.value.message


def test_previous():
    assert Period.parse("2026Q1").previous().code == "2025Q4"
    assert Period.parse("2026H1").previous().code == "2025H2"
    assert Period.parse("2026").previous().code == "2025"
