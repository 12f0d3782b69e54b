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
    st.REVERSE: "#B71C1C", st.OVERDUE: "#B71C1C", st.ONGOING: "#90A4AE", st.MISSING: "#9E9E9E",
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
    """The figure as PNG bytes, cropped to everything drawn: tight_layout can misjudge the width of
    CJK tick labels, and a cropped box never cuts a label's first characters."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches="tight", pad_inches=0.05)
    plt.close(fig)
    return buf.getvalue()


def _short(label: str, n: int = 16) -> str:
    label = tx.oneline(label)
    return label if len(label) <= n else label[: n - 1] + "…"


CHART_ROWS = 20  # targets drawn in figure 2 when there are more; every red one is always drawn


def _share(t) -> float | None:
    """How far along its path a target is, in % of the way from baseline to target (None: no path)."""
    if t.actual is None or t.baseline is None or t.spec.value is None or abs(t.spec.value - t.baseline) <= 1e-12:
        return None
    return (t.actual - t.baseline) / (t.spec.value - t.baseline) * 100


def _lag(t) -> float:
    """Percentage points behind the 序时 share (larger = further behind); 0 without a path."""
    share = _share(t)
    if share is None or t.expected is None:
        return 0.0
    return (t.expected - t.baseline) / (t.spec.value - t.baseline) * 100 - share


def target_selection(a: PlanAssessment, limit: int = CHART_ROWS) -> list:
    """The targets figure 2 shows, worst first: all of them when they fit, else every red one and then the
    furthest behind up to ``limit`` (the caption then says “滞后程度最大的N项，共M项”)."""
    ranked = sorted(a.targets, key=lambda t: (-st.severity(t.status), -_lag(t), a.targets.index(t)))
    if len(ranked) <= limit:
        return ranked
    red = [t for t in ranked if t.light == st.RED]
    rest = [t for t in ranked if t.light != st.RED]
    return red + rest[: max(0, limit - len(red))]


def targets_chart(a: PlanAssessment) -> bytes | None:
    """The selected targets (:func:`target_selection`), worst at the top: share of the way from baseline to
    target, actual against 序时; a target without a path shows its status at the axis instead of a bar."""
    rows = target_selection(a)
    if not rows:
        return None
    plt = _setup()
    import matplotlib as mpl

    with mpl.rc_context(_rc()):
        height = 0.8 + 0.17 * len(rows)
        fig, ax = plt.subplots(figsize=(7.2, height))
        labels, shares, expected = [], [], []
        for t in rows:
            share = _share(t)
            labels.append(_short(f"{t.id} {t.spec.name}", 18))
            shares.append(None if share is None else max(min(share, 130), -30))
            ok = share is not None and t.expected is not None
            expected.append((t.expected - t.baseline) / (t.spec.value - t.baseline) * 100 if ok else None)
        y = list(range(len(rows)))[::-1]
        bars = [(yy, s_, COLORS[t.status]) for yy, s_, t in zip(y, shares, rows) if s_ is not None]
        if bars:
            ax.barh([b[0] for b in bars], [b[1] for b in bars], color=[b[2] for b in bars], height=0.6, label="实际推进")
        ex = [(yy, e) for yy, e in zip(y, expected) if e is not None]
        if ex:
            ax.scatter([e for _, e in ex], [yy for yy, _ in ex], marker="|", s=120, color="#1A237E", linewidths=2,
                       zorder=3, label="序时应达")
        ax.axvline(100, color="#424242", linestyle="--", linewidth=1)
        ax.axvline(0, color="#424242", linewidth=0.8)
        ax.set_yticks(y, labels, fontsize=7.5)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_xlim(-30, 150)
        ax.set_xlabel("由基期值至目标值的推进程度（%，100 = 达到目标值）", fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
        for yy, s_, e, t in zip(y, shares, expected, rows):
            x = max(s_ if s_ is not None else 0, 0, e if e is not None else 0)
            word = t.status if s_ is not None else f"{t.status}（无法测算）" if t.status != st.MISSING else t.status
            ax.text(min(x, 128) + 3, yy, word, va="center", fontsize=7)
        if bars or ex:
            ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=7.5, frameon=False)
        ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
        ax.set_axisbelow(True)
        fig.tight_layout(pad=0.4)
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


__all__ = ["CHART_ROWS", "FONT_FILE", "FONT_FAMILY", "areas_chart", "reporting_chart", "target_selection", "targets_chart"]
