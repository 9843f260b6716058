"""The bulletin's charts as PNG images, for Word: matplotlib with a bundled CJK font.

Why pictures: python-docx cannot write a native Word chart (a chart part with its embedded
workbook), so Word gets 300 dpi PNGs drawn at the size they are printed (16 cm wide, two to a
page), sharp on paper and on screen; the workbook carries the same charts as native, editable
Excel charts (excel_charts). The caption under the picture is the chart's title, so the picture
itself has none (a title drawn twice was one of the review's findings).

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
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from waimao.model import wording as w
from waimao.reports.charts import Chart, Series
from waimao.reports.tables import shown

SIZE = (6.3, 2.75)  # inches: 16 × 7 cm, printed at this size (three charts with captions fit an A4 page)
MAX_HEIGHT = 4.0  # inches: a horizontal chart of many categories stays under 10.2 cm
DPI = 300
COLORS = ("#1f5b99", "#d9822b", "#3a9a5b", "#8c564b", "#9467bd")
LINE_COLOR = "#5b5b5b"  # a growth line over time
RISE, FALL = "#c0392b", "#2e7d32"  # growth markers: rises red and falls green, as Chinese charts colour them
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


def _signs(values) -> list[str]:
    return [FALL if v is not None and v < 0 else RISE for v in values]


def _with_zero(ax, values: list[float]) -> None:
    """A growth axis that includes zero, so a change of a few points does not look like a collapse."""
    finite = [v for v in values if not math.isnan(v)]
    if finite:
        lo, hi = min(0.0, *finite), max(0.0, *finite)
        pad = (hi - lo) * 0.08 or 1.0
        ax.set_ylim(lo - (pad if lo < 0 else 0), hi + pad)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))


def _bars_and_lines(fig: Figure, chart: Chart, lang: str) -> list:
    """Bars on the left axis, growth (%) on a twin right axis: a line over time, dots across categories;
    the legend's handles."""
    ax = fig.add_subplot()
    labels = _wrap(chart.categories(lang), lang)
    n = len(labels)
    drawn = chart.drawn()
    bars = [s for s in drawn if s.kind == "bar" and s.axis == 0]
    lines = [s for s in drawn if s not in bars]
    width = 0.8 / max(len(bars), 1)
    handles = []
    for i, series in enumerate(bars):
        xs = [x - 0.4 + width * (i + 0.5) for x in range(n)]
        handles.append(ax.bar(xs, _values(series), width, color=COLORS[i % len(COLORS)], label=_label(series, lang)))
    if bars:
        ax.set_ylabel(_unit(bars[0], lang))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    if lines:
        right = ax.twinx()
        right.spines["top"].set_visible(False)
        for series in lines:
            if series.kind == "line":
                (line,) = right.plot(range(n), _values(series), color=LINE_COLOR, marker="o",
                                     label=_label(series, lang))
            else:
                line = right.scatter(range(n), _values(series), c=_signs(series.values), marker="D", zorder=3,
                                     label=_label(series, lang))
            handles.append(line)
        right.set_ylabel(_unit(lines[0], lang))
        _with_zero(right, [v for s in lines for v in _values(s)])
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
    drawn = chart.drawn()
    bars = [s for s in drawn if s.kind == "bar" and s.axis == 0]
    rates = [s for s in drawn if s not in bars]
    height = 0.8 / max(len(bars), 1)
    handles = []
    for i, series in enumerate(bars):
        pos = [y + 0.4 - height * (i + 0.5) for y in ys]
        handles.append(ax.barh(pos, _values(series), height, color=COLORS[i % len(COLORS)],
                               label=_label(series, lang)))
    ax.set_yticks(ys, labels)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    if bars:
        ax.set_xlabel(_unit(bars[0], lang))
    ends = [max((v for s in bars if (v := s.values[k]) is not None), default=0) for k in range(n)]
    for series in rates:
        for y, end, v in zip(ys, ends, series.values, strict=True):
            if v is not None:
                ax.annotate(f"{shown(v, 'pct'):+,.1f}{_unit(series, lang)}", (end, y), xytext=(4, 0),
                            textcoords="offset points", va="center", fontsize=7,
                            color=FALL if v < 0 else RISE)
        handles.append(Line2D([], [], color=RISE, marker="s", linestyle="none",
                              label=f"{_label(series, lang)} ({_unit(series, lang)})"))
    ax.spines["right"].set_visible(False)
    ax.margins(x=0.15)
    return handles


def chart_size(chart: Chart, lang: str = "zh") -> tuple[float, float]:
    """The printed size in inches: horizontal charts grow with their categories up to MAX_HEIGHT."""
    across = chart.horizontal or _too_long(_wrap(chart.categories(lang), lang))
    rows = len(chart.categories(lang))
    return (SIZE[0], min(MAX_HEIGHT, max(SIZE[1], 0.24 * rows + 0.8)) if across else SIZE[1])


def chart_png(chart: Chart, lang: str = "zh") -> bytes:
    """`chart` drawn as a PNG image in `lang`."""
    with matplotlib.rc_context(_rc()):
        across = chart.horizontal or _too_long(_wrap(chart.categories(lang), lang))
        fig = Figure(figsize=chart_size(chart, lang), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        draw = _horizontal if across else _bars_and_lines
        handles = draw(fig, chart, lang)
        if len(handles) > 1:  # one series is named by its axis; a legend would only repeat it
            fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=8)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return out.getvalue()


__all__ = ["DPI", "chart_png", "chart_size", "cjk_family"]
