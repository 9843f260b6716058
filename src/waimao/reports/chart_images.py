"""The bulletin's charts as PNG images, for Word: matplotlib with a bundled CJK font.

The font comes from the `pylopdf-fonts-zh-cn` wheel (Noto Sans SC), a dependency of waimao, so
Chinese labels draw on a fresh machine without system fonts; DejaVu Sans (shipped with
matplotlib) is the fallback for anything it lacks. Each chart is its own `Figure` on an Agg
canvas, and rcParams change only inside `rc_context`, so drawing leaves pyplot untouched.
"""

from __future__ import annotations

import io
import math
import textwrap
from functools import cache

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager
from matplotlib.lines import Line2D
from matplotlib.ticker import StrMethodFormatter

from waimao.model import wording as w
from waimao.reports.charts import Chart, Series

SIZE = (8.0, 4.5)  # inches: 1200 × 675 px at DPI, 15 cm wide on an A4 page
DPI = 150
COLORS = ("#1f5b99", "#d9822b", "#3a9a5b", "#8c564b", "#9467bd")
LINE_COLOR = "#c0392b"
_UNITS_EN = {**w.MONEY_UNIT_EN, "%": "%"}


@cache
def cjk_family() -> str:
    """Register the bundled Noto Sans SC with matplotlib once; its family name."""
    import pylopdf_fonts_zh_cn

    path = str(pylopdf_fonts_zh_cn.sans_path())
    fontManager.addfont(path)
    return FontProperties(fname=path).get_name()


def _rc() -> dict:
    return {"font.family": [cjk_family(), "DejaVu Sans"], "axes.unicode_minus": False,
            "axes.spines.top": False, "svg.fonttype": "none"}


def _unit(series: Series, lang: str) -> str:
    return series.unit if lang == "zh" else _UNITS_EN.get(series.unit, series.unit)


def _values(series: Series) -> list[float]:
    return [math.nan if v is None else v for v in series.values]


def _label(series: Series, lang: str) -> str:
    return series.zh if lang == "zh" else series.en


def _wrap(labels: tuple[str, ...], lang: str, wide: bool = False) -> list[str]:
    width = (12 if wide else 8) if lang == "zh" else (26 if wide else 18)
    return ["\n".join(textwrap.wrap(x, width)) or x for x in labels]


def _long(labels: list[str], lang: str, count: int) -> bool:
    longest = max((len(line) for x in labels for line in x.split("\n")), default=0)
    return count * (longest * (2 if lang == "zh" else 1)) > 80


def _too_long(labels: list[str]) -> bool:
    """Wrapped names of three lines or more do not fit under bars."""
    return any(x.count("\n") >= 2 for x in labels)


def _bars_and_lines(fig: Figure, chart: Chart, lang: str) -> list:
    """Bars on the left axis, lines (growth, %) on a twin right axis; the legend's handles."""
    ax = fig.add_subplot()
    labels = _wrap(chart.categories(lang), lang)
    n = len(labels)
    bars = [s for s in chart.series if s.kind == "bar" and s.axis == 0]
    lines = [s for s in chart.series if s not in bars]
    width = 0.8 / max(len(bars), 1)
    handles = []
    for i, series in enumerate(bars):
        xs = [x - 0.4 + width * (i + 0.5) for x in range(n)]
        handles.append(ax.bar(xs, _values(series), width, color=COLORS[i % len(COLORS)], label=_label(series, lang)))
    if bars:
        ax.set_ylabel(_unit(bars[0], lang))
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    if lines:
        right = ax.twinx()
        right.spines["top"].set_visible(False)
        for series in lines:
            (line,) = right.plot(range(n), _values(series), color=LINE_COLOR, marker="o", label=_label(series, lang))
            handles.append(line)
        right.set_ylabel(_unit(lines[0], lang))
        if any(v is not None and v < 0 for s in lines for v in s.values):
            right.axhline(0, color="#999999", linewidth=0.6)
    ax.set_xticks(range(n), labels)
    if _long(labels, lang, n):
        for tick in ax.get_xticklabels():
            tick.set_rotation(30)
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")
    return handles


def _horizontal(fig: Figure, chart: Chart, lang: str) -> list:
    """Bars across, first category on top, for names too long to stand under bars; growth as labels."""
    ax = fig.add_subplot()
    labels = _wrap(chart.categories(lang), lang, wide=True)
    n = len(labels)
    ys = list(range(n))[::-1]
    bars = [s for s in chart.series if s.kind == "bar" and s.axis == 0]
    rates = [s for s in chart.series if s not in bars]
    height = 0.8 / max(len(bars), 1)
    handles = []
    for i, series in enumerate(bars):
        pos = [y + 0.4 - height * (i + 0.5) for y in ys]
        handles.append(ax.barh(pos, _values(series), height, color=COLORS[i % len(COLORS)],
                               label=_label(series, lang)))
    ax.set_yticks(ys, labels)
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    if bars:
        ax.set_xlabel(_unit(bars[0], lang))
    ends = [max((v for s in bars if (v := s.values[k]) is not None), default=0) for k in range(n)]
    for series in rates:
        for y, end, v in zip(ys, ends, series.values, strict=True):
            if v is not None:
                ax.annotate(f"{v:+,.1f}{_unit(series, lang)}", (end, y), xytext=(4, 0), textcoords="offset points",
                            va="center", fontsize=8, color=LINE_COLOR)
        handles.append(Line2D([], [], color=LINE_COLOR, marker="s", linestyle="none",
                              label=f"{_label(series, lang)} ({_unit(series, lang)})"))
    ax.spines["right"].set_visible(False)
    ax.margins(x=0.15)
    return handles


def chart_png(chart: Chart, lang: str = "zh") -> bytes:
    """`chart` drawn as a PNG image in `lang`."""
    with matplotlib.rc_context(_rc()):
        across = chart.horizontal or _too_long(_wrap(chart.categories(lang), lang))
        rows = len(chart.categories(lang))
        height = max(SIZE[1], 0.55 * rows + 1.6) if across else SIZE[1]
        fig = Figure(figsize=(SIZE[0], height), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        draw = _horizontal if across else _bars_and_lines
        handles = draw(fig, chart, lang)
        if handles:
            fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=8)
        fig.suptitle(chart.title(lang), fontsize=12)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI, facecolor="white")
    return out.getvalue()


__all__ = ["chart_png", "cjk_family"]
