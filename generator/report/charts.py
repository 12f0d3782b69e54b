"""Charts for the report (matplotlib, Agg), drawn with the font shipped in ``fonts/``.

The font is registered with ``fontManager.addfont`` when a chart is drawn — nothing is
written to matplotlib's own folders or the user's configuration. Output is deterministic:
fixed size and dpi, no PNG metadata (no Software/date chunk), so reruns give identical bytes.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from ..assess import PlanAssessment, status as st
from . import text as tx

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "TanfengChartSansSC-Regular.otf"
FONT_FAMILY = "Tanfeng Chart Sans SC"
DPI = 150

COLORS = {
    st.DONE: "#2E7D32", st.MET: "#2E7D32", st.NORMAL: "#7CB342", st.SLIGHT: "#FFB300", st.SERIOUS: "#E53935",
    st.REVERSE: "#B71C1C", st.FAILED: "#B71C1C", st.ONGOING: "#90A4AE", st.MISSING: "#9E9E9E",
}


@functools.cache
def _setup():
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import font_manager

    names = {f.fname for f in font_manager.fontManager.ttflist}
    if str(FONT_FILE) not in names:
        font_manager.fontManager.addfont(str(FONT_FILE))
    import matplotlib.pyplot as plt

    return plt


def warm_up() -> None:
    """Import matplotlib and register the chart font now, once per process (report workers call it at start)."""
    _setup()


@functools.cache
def _rc() -> dict:
    # per-glyph fallback: the shipped subset first, then a system CJK font if any, then DejaVu
    from matplotlib import font_manager

    present = {f.name for f in font_manager.fontManager.ttflist}
    families = [FONT_FAMILY] + [f for f in ("Noto Sans CJK SC", "WenQuanYi Zen Hei") if f in present] + ["DejaVu Sans"]
    return {
        "font.family": families,
        "font.size": 10,
        "axes.unicode_minus": False,
        "svg.hashsalt": "report",
        "path.simplify": True,
    }


def _png(fig, plt) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches=None)
    plt.close(fig)
    return buf.getvalue()


def _short(label: str, n: int = 16) -> str:
    label = tx.oneline(label)
    return label if len(label) <= n else label[: n - 1] + "…"


def targets_chart(a: PlanAssessment) -> bytes | None:
    """Each target with a path: share of the way from baseline to target, actual vs 序时 expected."""
    rows = [t for t in a.targets if t.actual is not None and t.baseline is not None and t.spec.value is not None
            and abs(t.spec.value - t.baseline) > 1e-12]
    if not rows:
        return None
    rows = rows[:20]
    plt = _setup()
    import matplotlib as mpl

    with mpl.rc_context(_rc()):
        height = 1.2 + 0.42 * len(rows)
        fig, ax = plt.subplots(figsize=(7.2, height))
        labels, shares, expected = [], [], []
        for t in rows:
            span = t.spec.value - t.baseline
            labels.append(_short(f"{t.id} {t.spec.name}"))
            shares.append(max(min((t.actual - t.baseline) / span * 100, 130), -30))
            expected.append(None if t.expected is None else (t.expected - t.baseline) / span * 100)
        y = list(range(len(rows)))[::-1]
        ax.barh(y, shares, color=[COLORS[t.status] for t in rows], height=0.55, label="实际推进")
        ex_y = [yy for yy, e in zip(y, expected) if e is not None]
        ex_x = [e for e in expected if e is not None]
        if ex_x:
            ax.scatter(ex_x, ex_y, marker="|", s=260, color="#1A237E", linewidths=2.2, zorder=3, label="序时应达")
        ax.axvline(100, color="#424242", linestyle="--", linewidth=1)
        ax.axvline(0, color="#424242", linewidth=0.8)
        ax.set_yticks(y, labels)
        ax.set_xlim(-30, 150)
        ax.set_xlabel("由基期值至目标值的推进程度（%，100 = 达到目标值）")
        for yy, s_, e, t in zip(y, shares, expected, rows):
            x = max(s_, 0, e if e is not None else 0)
            ax.text(min(x, 128) + 3, yy, t.status, va="center", fontsize=8)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=8, frameon=False)
        ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
        ax.set_axisbelow(True)
        fig.tight_layout()
        return _png(fig, plt)


def areas_chart(a: PlanAssessment) -> bytes | None:
    """Stacked bars: task status counts per action area."""
    if not a.tasks:
        return None
    plt = _setup()
    import matplotlib as mpl

    with mpl.rc_context(_rc()):
        areas = a.areas[:25]
        fig, ax = plt.subplots(figsize=(7.2, 1.3 + 0.42 * len(areas)))
        y = list(range(len(areas)))[::-1]
        left = [0] * len(areas)
        for status in st.TASK_STATUSES:
            vals = [ar.counts[status] for ar in areas]
            if not any(vals):
                continue
            ax.barh(y, vals, left=left, color=COLORS[status], height=0.6, label=status)
            for yy, l_, v in zip(y, left, vals):
                if v:
                    ax.text(l_ + v / 2, yy, str(v), ha="center", va="center", fontsize=8,
                            color="white" if status in (st.DONE, st.SERIOUS) else "black")
            left = [l_ + v for l_, v in zip(left, vals)]
        ax.set_yticks(y, [_short(ar.name, 14) for ar in areas])
        ax.set_xlabel("任务数（项）")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=5, fontsize=8, frameon=False)
        fig.tight_layout()
        return _png(fig, plt)


def reporting_chart(a: PlanAssessment) -> bytes | None:
    """Units: reported, partly filled, not reported."""
    if not a.units:
        return None
    plt = _setup()
    import matplotlib as mpl

    groups = [("已报送", "#43A047"), ("部分填报", "#FFB300"), ("未报送", "#9E9E9E")]
    counts = [sum(1 for u in a.units if u.status == g) for g, _ in groups]
    with mpl.rc_context(_rc()):
        fig, ax = plt.subplots(figsize=(7.2, 1.25))
        left = 0
        for (g, color), n in zip(groups, counts):
            if n:
                ax.barh([0], [n], left=left, color=color, height=0.5, label=f"{g} {n}个")
                ax.text(left + n / 2, 0, f"{g}\n{n}个", ha="center", va="center", fontsize=9)
                left += n
        ax.set_xlim(0, max(left, 1))
        ax.set_yticks([])
        ax.set_xlabel(f"责任单位（共{len(a.units)}个）")
        ax.xaxis.get_major_locator().set_params(integer=True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        return _png(fig, plt)


__all__ = ["FONT_FILE", "FONT_FAMILY", "areas_chart", "reporting_chart", "targets_chart"]
