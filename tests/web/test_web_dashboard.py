"""The dashboard in headless Chromium against the demo app served by uvicorn on 127.0.0.1.

The expected numbers are the published Qinghai bulletins the demo is calibrated to
(/work/shared/spec/published_figures.tsv): 2025Q1 进出口18.8亿元, 出口16.5, 进口2.3, 顺差14.2,
增长87.8%, 增速居全国首位; 2025H1 35.9, 31.8, 4.1; 海西州 2025Q1 1.2亿元.
"""

from __future__ import annotations

import pytest

READY = 'body[data-ready="true"]'
TABLE_READY = 'body[data-table="ready"]'
WAIT_MS = 90_000
CHARTS = ("trend", "partners", "products", "regions")


def open_dashboard(page_errors, url: str, **context):
    page, errors = page_errors(**context)
    page.set_default_timeout(WAIT_MS)
    page.goto(url)
    page.wait_for_selector(READY)
    return page, errors


def choose(page, selector: str, value: str) -> None:
    """Pick an option and wait until the dashboard has fetched and drawn the new figures."""
    page.select_option(selector, value)
    page.wait_for_selector(READY)


def big(page, card: str) -> str:
    return page.inner_text(f'[data-card="{card}"] .big').replace("\n", " ").strip()


def drawn_points(page, chart: str) -> int:
    """How many data points ECharts holds in the chart's first series (0 when nothing was drawn)."""
    return page.evaluate("""(name) => {
        const plot = document.querySelector(`#chart-${name} .plot`);
        const chart = plot && window.echarts && echarts.getInstanceByDom(plot);
        if (!chart || !plot.querySelector("canvas")) return 0;
        return chart.getOption().series[0].data.filter((v) => v !== null).length;
    }""", chart)


def test_dashboard_follows_the_pickers_and_shows_the_published_figures(live_url, page_errors):
    page, errors = open_dashboard(page_errors, f"{live_url}/?region=63&period=2025Q1",
                                  viewport={"width": 1280, "height": 900})

    assert page.input_value("#region") == "63" and page.input_value("#period") == "2025Q1"
    assert big(page, "total").startswith("18.8") and "亿元" in big(page, "total")
    assert big(page, "export").startswith("16.5")
    assert big(page, "import").startswith("2.3")
    assert big(page, "balance").startswith("14.2")
    assert big(page, "growth").startswith("+87.8")
    assert big(page, "rank") == "第1位"
    assert "增速居全国首位" in page.inner_text('[data-card="rank"] .sub')
    # a quarter has three months: the trend shows them; the other charts show members
    assert drawn_points(page, "trend") == 3
    for chart in CHARTS:
        assert page.get_attribute(f"#chart-{chart}", "data-rendered") == "true", chart
        assert drawn_points(page, chart) > 0, chart
    assert "进出口总值18.8亿元" in page.inner_text("#bulletin-text")
    downloads = {a.get_attribute("data-format"): a.get_attribute("href")
                 for a in page.query_selector_all("#downloads a")}
    assert "fmt=docx" in downloads["docx"] and "fmt=xlsx" in downloads["xlsx"] and "period=2025Q1" in downloads["docx"]

    choose(page, "#period", "2025H1")
    assert big(page, "total").startswith("35.9")
    assert big(page, "export").startswith("31.8")
    assert big(page, "import").startswith("4.1")
    assert drawn_points(page, "trend") == 6

    haixi = page.evaluate("""() => [...document.querySelectorAll('#region option')]
        .find((o) => o.textContent.includes('海西')).value""")
    page.select_option("#period", "2025Q1")
    choose(page, "#region", haixi)
    assert big(page, "total").startswith("1.2") and "亿元" in big(page, "total")
    assert "海西" in page.inner_text("#heading")

    choose(page, "#region", "63")
    shown = page.eval_on_selector_all("#table tbody tr", "rows => rows.map((r) => r.cells[1].textContent)")
    values = [float(v.replace(",", "")) for v in shown]
    assert len(values) == 20 and values == sorted(values, reverse=True)  # the top 20 partners, largest first
    page.select_option("#by", "region")
    page.wait_for_selector(TABLE_READY)
    rows = page.eval_on_selector_all("#table tbody tr", "rows => rows.map((r) => r.cells[0].textContent)")
    assert "西宁市" in rows and "海西州" in rows
    assert "by=region" in page.get_attribute("#csv", "href") and "format=csv" in page.get_attribute("#csv", "href")
    page.select_option("#by", "product_group")
    page.wait_for_selector(TABLE_READY)
    rows = page.eval_on_selector_all("#table tbody tr", """rows => rows.map((r) => [r.cells[0].textContent,
                                                                                    Number(r.dataset.level || 0)])""")
    names = [name for name, _ in rows]
    trout = names.index("其中：冷水鱼（鳟鱼类）")  # a 其中 row right under the nearest of its ancestors shown
    owner = next(name for name, level in reversed(rows[:trout]) if level < rows[trout][1])
    assert owner.removeprefix("其中：") in ("水产品", "农产品")
    assert "机电产品" in names and "其中：机电产品" not in names

    page.click("#lang")
    page.wait_for_selector(READY)
    assert page.inner_text('[data-card="total"] .label') == "Total trade"
    assert big(page, "total").startswith("18.8") and "100m yuan" in big(page, "total")
    assert "CNY 1.88 billion" in page.inner_text("#bulletin-text")
    assert page.inner_text("#chart-trend figcaption") == "Monthly trade"
    assert "lang=en" in page.url
    assert errors == []


@pytest.mark.parametrize("width", [375])
def test_dashboard_fits_a_phone(live_url, page_errors, width):
    page, errors = open_dashboard(page_errors, f"{live_url}/?region=63&period=2025Q1",
                                  viewport={"width": width, "height": 812}, is_mobile=True, has_touch=True)
    assert big(page, "total").startswith("18.8")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes = [page.query_selector(f'[data-card="{c}"]').bounding_box() for c in ("total", "export", "import")]
    assert boxes[0]["y"] == boxes[1]["y"] < boxes[2]["y"]  # two cards a row
    for chart in CHARTS:
        assert drawn_points(page, chart) > 0, chart
        assert page.query_selector(f"#chart-{chart}").bounding_box()["width"] <= width
    assert errors == []


def chart_facts(page, chart: str) -> dict:
    """What the chart the dashboard drew states: its series (type, axis, colours), the extent of each value
    axis as ECharts laid it out, the category labels' overflow and the legend's entries."""
    return page.evaluate("""(name) => {
        const chart = echarts.getInstanceByDom(document.querySelector(`#chart-${name} .plot`));
        const option = chart.getOption();
        const model = chart.getModel();
        const extents = (kind) => (option[kind] || []).map((axis, i) => axis.type === "value"
            ? model.getComponent(kind, i).axis.scale.getExtent() : null);
        const labels = [...option.xAxis, ...option.yAxis].filter((a) => a.type === "category" && a.axisLabel.show !== false)
            .map((a) => a.axisLabel.overflow);
        return {
            series: option.series.map((s) => ({
                type: s.type, name: s.name, x: s.xAxisIndex || 0, y: s.yAxisIndex || 0,
                points: s.data.filter((d) => d !== null).map((d) => typeof d === "object"
                    ? { value: d.value, color: d.itemStyle && d.itemStyle.color } : { value: d }),
            })),
            extents: { x: extents("xAxis"), y: extents("yAxis") },
            labels,
            legend: option.legend.length ? { show: option.legend[0].show, data: option.legend[0].data } : null,
            grids: option.grid.length,
        };
    }""", chart)


def test_dashboard_charts_follow_the_report_chart_rules(live_url, page_errors):
    """The rules of reports/echarts.py in the dashboard's own chart options (2025H1, where three regions
    fell while the others rose)."""
    page, errors = open_dashboard(page_errors, f"{live_url}/?region=63&period=2025H1",
                                  viewport={"width": 1280, "height": 900})
    colours = set()
    for name in CHARTS:
        facts = chart_facts(page, name)
        drawn = [s for s in facts["series"] if s["points"]]
        # a line joins the months only; growth across products, partners or regions is never a line
        assert all(s["type"] != "line" for s in facts["series"]) or name == "trend", (name, facts["series"])
        # no legend entry without a series, and none for a single series
        names = [s["name"] for s in facts["series"]]
        if facts["legend"] is not None:
            assert set(facts["legend"]["data"] or []) <= set(names), name
            assert facts["legend"]["show"] == (len(drawn) > 1), name
        # category names wrap, never cut
        assert facts["labels"] and all(overflow == "break" for overflow in facts["labels"]), name
        # every value axis (bars and growth) includes zero
        for extent in facts["extents"]["x"] + facts["extents"]["y"]:
            if extent is not None:
                assert extent[0] <= 0 <= extent[1], (name, extent)
        for s in facts["series"]:
            if s["type"] in ("scatter", "line"):  # growth: each point coloured by its sign
                for p in s["points"]:
                    assert p["color"] == ("#2e7d32" if p["value"] < 0 else "#c0392b"), (name, p)
                    colours.add(p["color"])
    # the products and regions charts: growth as dots in a panel of its own beside the bars
    for name in ("products", "regions"):
        facts = chart_facts(page, name)
        kinds = {(s["type"], s["x"]) for s in facts["series"]}
        assert facts["grids"] == 2 and ("bar", 0) in kinds and ("scatter", 1) in kinds, (name, kinds)
    trend = chart_facts(page, "trend")
    assert [s["type"] for s in trend["series"]].count("line") == 1
    assert colours == {"#2e7d32", "#c0392b"}  # H1 has both rises and falls: both colours are drawn
    assert errors == []
