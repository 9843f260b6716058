"""Charts a newspaper would print, in ECharts (HTML) and matplotlib (Word), from the same `Chart` data.

Growth of unrelated products or regions is a cross-section: dots, never a line across categories;
lines only over time. Bars from zero, growth axes through zero, falls coloured apart from rises,
no legend entry for a series with nothing drawn, full category names.
"""

from __future__ import annotations

import io

import pytest
from matplotlib.image import imread

from waimao.reports.chart_images import DPI, FALL, RISE, chart_png, chart_size
from waimao.reports.charts import Chart, Series
from waimao.reports.echarts import chart_option


@pytest.fixture(scope="module")
def charts(demo_release):
    return {c.name: c for c in demo_release("青海省", "2025Q1").charts}


def _series(option, kind):
    return [s for s in option["series"] if s["type"] == kind]


def test_growth_across_categories_is_dots_and_over_time_a_line(charts):
    assert [s.kind for s in charts["trend"].series] == ["bar", "bar", "line"]  # months: a time series
    for name in ("products", "regions"):
        kinds = {s.kind for s in charts[name].series if s.unit == "%"}
        assert kinds == {"dot"}, name
        option = chart_option(charts[name], "zh")
        assert _series(option, "line") == [] and len(_series(option, "scatter")) == 1, name
    assert len(_series(chart_option(charts["trend"], "zh"), "line")) == 1


def test_falls_are_coloured_apart_from_rises(demo_release):
    chart = next(c for c in demo_release("青海省", "2025Q2").charts if c.name == "regions")  # 玉树州 … fell
    regions = chart_option(chart, "zh")
    points = _series(regions, "scatter")[0]["data"]
    values = chart.series[1].values
    assert any(v < 0 for v in values if v is not None) and any(v > 0 for v in values if v is not None)
    for point, value in zip(points, values, strict=True):
        if value is not None:
            assert point["itemStyle"]["color"] == ("#2e7d32" if value < 0 else "#c0392b"), value


def test_no_legend_entry_without_a_series():
    chart = Chart("t", "测试", "Test", ("甲", "乙"), ("A", "B"), [
        Series("出口", "Exports", "bar", (10.0, 20.0), "万元"),
        Series("进口", "Imports", "bar", (None, None), "万元"),  # nothing to draw
        Series("同比", "y/y", "dot", (5.0, -3.0), "%", axis=1),
    ])
    option = chart_option(chart, "zh")
    assert option["legend"]["data"] == ["出口", "同比"]
    assert [s["name"] for s in option["series"]] == ["出口", "同比"]
    single = Chart("s", "占比", "Share", ("甲", "乙"), ("A", "B"), [Series("占比", "Share", "bar", (1.0, 2.0), "%")])
    assert chart_option(single, "zh")["legend"]["show"] is False  # one series: the axis names it


def test_axes_start_at_zero_and_labels_are_not_cut(charts):
    for chart in charts.values():
        option = chart_option(chart, "en")
        values = option["xAxis"] if chart.horizontal else option["yAxis"]
        categories = option["yAxis"][0] if chart.horizontal else option["xAxis"]
        assert all(axis["scale"] is False for axis in values), chart.name  # ECharts: zero is always on the axis
        assert categories["axisLabel"]["overflow"] == "break", chart.name  # wrap, never "European Uni…"
        assert categories["data"] == list(chart.categories("en"))  # the full names
    trend = chart_option(charts["trend"], "zh")["yAxis"]
    assert trend[1]["alignTicks"] is True  # over time: the growth axis' ticks fall on the value axis' lines


def test_a_cross_section_with_growth_is_two_panels(charts):
    """Bars of value and dots of growth each on their own axis from zero, sharing the categories."""
    for name in ("products", "regions"):
        option = chart_option(charts[name], "zh")
        assert len(option["grid"]) == 2 and [a["gridIndex"] for a in option["xAxis"]] == [0, 1]
        bars, dots = option["series"]
        assert (bars["type"], bars["xAxisIndex"], bars["yAxisIndex"]) == ("bar", 0, 0)
        assert (dots["type"], dots["xAxisIndex"], dots["yAxisIndex"]) == ("scatter", 1, 1)
        assert option["yAxis"][1]["data"] == option["yAxis"][0]["data"]
    partners = chart_option(charts["partners"], "zh")
    assert len(partners["grid"]) == 1
    assert all(isinstance(v, float) for v in partners["series"][0]["data"])  # shares are not coloured as growth


def test_word_pictures_are_300_dpi_at_print_size(charts):
    for chart in charts.values():
        png = chart_png(chart, "zh")
        width_in, height_in = chart_size(chart, "zh")
        image = imread(io.BytesIO(png))
        assert image.shape[1] == round(width_in * DPI) and image.shape[0] == round(height_in * DPI), chart.name
        assert height_in <= 4.0  # two charts and captions fit an A4 page


def _colour_pixels(png: bytes, hex_colour: str) -> int:
    image = imread(io.BytesIO(png))[:, :, :3]
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return int(((abs(image - rgb) < 0.02).all(axis=2)).sum())


def test_word_pictures_colour_falls_apart_from_rises():
    def chart(values):
        return Chart("t", "测试", "Test", ("甲", "乙", "丙"), ("A", "B", "C"), [
            Series("进出口", "Total", "bar", (100.0, 80.0, 60.0), "万元"),
            Series("同比", "y/y", "dot", values, "%", axis=1)])

    rising, mixed = chart_png(chart((5.0, 8.0, 2.0)), "zh"), chart_png(chart((5.0, -8.0, 2.0)), "zh")
    assert _colour_pixels(rising, FALL) == 0 and _colour_pixels(rising, RISE) > 0
    assert _colour_pixels(mixed, FALL) > 0


@pytest.mark.parametrize("values, count, expected", [
    ([65828.4, 23550.0, 16836.5], 2, (0, 100_000, 50_000)),
    ([1455.1, -100.0, 80.4], 3, (-1000, 2000, 1000)),
    ([-50.3, -45.1], 3, (-60, 0, 20)),
    ([87.8, 80.9, 93.1], 3, (0, 100, 50)),  # 81–93 % never becomes an 81-to-93 axis
])
def test_panel_ticks_are_even_and_through_zero(values, count, expected):
    from waimao.reports.echarts import nice_ticks

    ticks = nice_ticks(values, count)
    assert (ticks["min"], ticks["max"], ticks["interval"]) == expected
    steps = (ticks["max"] - ticks["min"]) / ticks["interval"]
    assert steps == int(steps) <= count and ticks["min"] <= 0 <= ticks["max"]
