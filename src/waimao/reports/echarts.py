"""ECharts options of the bulletin's charts: plain JSON (no functions), so a page can inline them and tests read them.

The rules are charts.py's, drawn the ECharts way:

- a time series (the months) has its growth as a line on a right-hand axis whose ticks are aligned
  with the value axis (`alignTicks`), both axes from zero;
- a cross-section (products, regions) with growth is two panels side by side sharing the category
  axis: bars of value on the left, a dot per category for growth on the right. Two value axes on
  one panel would have to share their zero line or mislead, and ticks aligned to the bars' axis
  came out uneven (0 %, 500 %, 1,500 %); panels give each its own axis from zero;
- growth points are coloured by sign (falls apart from rises); only a growth series is, never a
  share bar that happens to be in per cent;
- the legend lists the drawn series only, and is hidden for one; category names wrap, never cut.
"""

from __future__ import annotations

import math
from typing import Any

from waimao.model import wording as w
from waimao.reports.charts import Chart, Series

FONTS = ('system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
         '"Source Han Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif')
RISE, FALL = "#c0392b", "#2e7d32"  # growth markers, as in the Word charts (chart_images)
LINE = "#5b5b5b"
PALETTE = ["#1f5fa8", "#e07b39", "#2e9d6a", "#c23b3b", "#7a5ab5", "#3aa6b9", "#c9a227", "#8c6d5a", "#d16ba5",
           "#6b7b8c"]
YOY_AXIS = {"zh": "同比（%）", "en": "y/y (%)"}


def _rounded(values: tuple[float | None, ...]) -> list[float | None]:
    """One decimal, as the tables print them, so a tooltip never shows more than a table does."""
    return [None if v is None else round(v, 1) + 0.0 for v in values]


def _unit(unit: str, lang: str) -> str:
    return unit if lang == "zh" else w.MONEY_UNIT_EN.get(unit, unit)


def _is_growth(series: Series) -> bool:
    return series.axis == 1 or series.kind in ("dot", "line")


def _points(series: Series) -> list[Any]:
    """A series' values; a growth series' points each coloured by sign (falls apart from rises)."""
    values = _rounded(series.values)
    if not _is_growth(series):
        return values
    return [v if v is None else {"value": v, "itemStyle": {"color": FALL if v < 0 else RISE}} for v in values]


def _series(series: Series, name: str) -> dict[str, Any]:
    kind = "scatter" if series.kind == "dot" else series.kind
    item: dict[str, Any] = {"type": kind, "name": name, "data": _points(series)}
    if kind == "line":
        item |= {"symbolSize": 7, "connectNulls": False, "lineStyle": {"color": LINE}, "itemStyle": {"color": LINE}}
    elif kind == "scatter":
        item |= {"symbol": "diamond", "symbolSize": 10, "itemStyle": {"color": RISE}}
    else:
        item |= {"barMaxWidth": 36}
    return item


def nice_ticks(values: list[float | None], count: int = 3) -> dict[str, float]:
    """min, max and interval of an axis through zero with at most `count` steps of 1, 2, 2.5 or 5 × 10ⁿ,
    for a narrow panel where ECharts' own choice left labels overlapping or hidden."""
    finite = [v for v in values if v is not None]
    lo, hi = min(0.0, *finite), max(0.0, *finite)
    span = (hi - lo) or 1.0
    power = 10 ** math.floor(math.log10(span / count))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power * count >= span)
    while math.ceil(hi / step - 1e-9) - math.floor(lo / step + 1e-9) > count:
        step = next(m * power for m in (1, 2, 2.5, 5, 10, 20) if m * power > step)
    return {"min": math.floor(lo / step + 1e-9) * step, "max": math.ceil(hi / step - 1e-9) * step, "interval": step}


def _value_axis(name: str, **extra: Any) -> dict[str, Any]:
    return {"type": "value", "scale": False, "name": name, "splitNumber": 5,
            "axisLabel": {"hideOverlap": True}} | extra


def _category_axis(chart: Chart, lang: str, **extra: Any) -> dict[str, Any]:
    categories = list(chart.categories(lang))
    crowded = len(categories) > 4 or lang != "zh"
    return {"type": "category", "data": categories,
            "axisLabel": {"interval": 0, "rotate": 30 if crowded and not chart.horizontal else 0,
                          "width": 120 if chart.horizontal else 90, "overflow": "break"}} | extra


def chart_option(chart: Chart, lang: str) -> dict[str, Any]:
    """The ECharts option of a chart in `lang`."""
    drawn = chart.drawn()
    names = [s.zh if lang == "zh" else s.en for s in drawn]
    option: dict[str, Any] = {
        "animation": False, "color": PALETTE, "textStyle": {"fontFamily": FONTS},
        "legend": {"top": 0, "type": "scroll", "data": names, "show": len(drawn) > 1},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
    }
    money = [s for s in drawn if not _is_growth(s)]
    growth = [s for s in drawn if _is_growth(s)]
    value_name = _unit(money[0].unit if money else "%", lang)
    top = 56 if len(drawn) > 1 else 36
    if chart.horizontal:
        panels = bool(money and growth)
        # a panel has room for three or four labels: its ticks are set here so that all show, evenly
        label = {"fontSize": 10, "showMinLabel": True, "showMaxLabel": True}
        small = {"axisLabel": label} | nice_ticks([v for s in money for v in s.values], 2) if panels else {}
        values = [_value_axis(value_name, gridIndex=0, nameLocation="middle", nameGap=26, **small)]
        categories = [_category_axis(chart, lang, gridIndex=0, inverse=True)]
        grids = [{"top": top, "left": 16, "right": "45%" if panels else 24, "bottom": 28, "containLabel": True}]
        if panels:
            values.append(_value_axis(YOY_AXIS[lang], gridIndex=1, nameLocation="middle", nameGap=26,
                                      axisLabel=label,  # the axis name says %: shorter labels fit the panel
                                      **nice_ticks([v for s in growth for v in s.values], 3)))
            categories.append(_category_axis(chart, lang, gridIndex=1, inverse=True,
                                             axisLabel={"show": False}, axisTick={"show": False}))
            grids.append({"top": top, "left": "66%", "right": 36, "bottom": 28, "containLabel": True})
        series = []
        for s, name in zip(drawn, names, strict=True):
            panel = 1 if panels and _is_growth(s) else 0
            series.append(_series(s, name) | {"xAxisIndex": panel, "yAxisIndex": panel})
        return option | {"grid": grids, "xAxis": values, "yAxis": categories, "series": series}
    values = [_value_axis(value_name, nameTextStyle={"align": "left"})]
    if money and growth:
        values.append(_value_axis(YOY_AXIS[lang], position="right", alignTicks=True, splitLine={"show": False},
                                  axisLabel={"formatter": "{value}%", "hideOverlap": True},
                                  nameTextStyle={"align": "right"}))
    series = []
    for s, name in zip(drawn, names, strict=True):
        series.append(_series(s, name) | ({"yAxisIndex": 1} if money and _is_growth(s) else {}))
    return option | {
        "grid": {"top": top, "left": 16, "right": 8, "bottom": 8, "containLabel": True},
        "xAxis": _category_axis(chart, lang), "yAxis": values, "series": series,
    }


__all__ = ["FALL", "FONTS", "PALETTE", "RISE", "chart_option", "nice_ticks"]
