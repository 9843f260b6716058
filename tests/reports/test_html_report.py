"""The HTML release: one offline file whose ECharts charts really draw in Chromium, with the text and tables.

Expected numbers are the demo's published 2025Q1 figures for Qinghai (进出口总值18.8亿元,
i.e. 18.845亿元 = 188,450万元 in the tables' unit), not the code's output.
"""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser

import pytest

from waimao.reports import render
from waimao.reports.html import format_cell, to_html
from waimao.reports.tables import Cell

CHARTS = ["trend", "partners", "products", "regions"]  # issue 4: monthly trend, partners, products, regions
SCREENSHOT = "/tmp/waimao_html_report.png"
PHONE_SCREENSHOT = "/tmp/waimao_html_report_phone.png"
EN_SCREENSHOT = "/tmp/waimao_html_report_en.png"

# Per chart: its size, and how much of its canvas is painted (a blank canvas has one colour, all transparent).
CANVAS_STATE = """
els => els.map(el => {
  const canvas = el.querySelector('canvas');
  if (!canvas) return {name: el.dataset.chart, canvas: false};
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const colours = new Set();
  let painted = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0) painted++;
    colours.add((data[i] << 16 | data[i + 1] << 8 | data[i + 2]) + ',' + data[i + 3]);
  }
  const box = el.getBoundingClientRect();
  return {name: el.dataset.chart, canvas: true, width: canvas.width, height: canvas.height,
          boxWidth: box.width, painted: painted / (data.length / 4), colours: colours.size};
})
"""


@pytest.fixture(scope="module")
def release(demo_release):
    return demo_release("青海省", "2025Q1")


@pytest.fixture(scope="module")
def html_file(release, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "青海省_2025Q1_zh.html"
    path.write_bytes(render(release, "html"))
    return path


def open_report(page_errors, html_file, **context_options):
    """The report opened from disk with every non-file request aborted and recorded."""
    page, errors = page_errors(**context_options)
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(("file:", "data:", "about:")) else None)
    page.route(lambda url: not url.startswith(("file:", "data:", "about:")), lambda route: route.abort())
    page.goto(html_file.as_uri())
    page.wait_for_function(f"document.querySelectorAll('[data-chart][data-drawn]').length === {len(CHARTS)}",
                           timeout=10_000)
    return page, errors, outside


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [f"<{tag} {name}={value}>" for name, value in attrs if name in ("src", "href", "srcset")]


def test_the_file_is_self_contained(release):
    html = to_html(release)
    parser = _Links()
    parser.feed(html)
    assert parser.links == []  # nothing to fetch: no script src, no stylesheet, no font, no image
    assert "@import" not in html and "url(" not in html.split("<script>")[0]
    assert html.count("<script") == 4  # the trace switch, ECharts inlined, the chart options, the code that draws
    assert '<html lang="zh-CN">' in html


def test_numbers_are_formatted_as_in_the_workbook():
    assert format_cell(Cell(188449.999992), "money") == "188,450.0"
    assert format_cell(Cell(87.82957), "pct") == "87.8"
    assert format_cell(Cell(-50.25338), "pct") == "-50.3"
    assert format_cell(Cell(131.0), "count") == "131"
    assert format_cell(Cell(1234.0), "count") == "1234"  # Excel's "0": no separator for counts
    assert format_cell(Cell(None, None, "…"), "pct") == "…"  # no base year
    assert format_cell(Cell(None), "pct") == "—"  # no figure: the documented mark, never a blank
    assert format_cell(None, "money") == "—"
    assert format_cell(Cell(-0.04), "pct") == "0.0"  # never "-0.0"


def test_text_and_chart_data_are_escaped(release):
    hostile = copy.deepcopy(release)
    hostile.bulletin.title = "<b>标题</b>"
    hostile.charts[0].title_zh = "</script><script>alert(1)</script>"
    hostile.charts[0].categories_zh = ("</script>", "<!--", "1月")
    html = to_html(hostile)
    assert "<b>标题</b>" not in html and "&lt;b&gt;标题&lt;/b&gt;" in html
    assert "alert(1)</script>" not in html
    body = re.search(r'<script type="application/json" id="waimao-charts">(.*?)</script>', html, re.S).group(1)
    assert "<" not in body
    assert json.loads(body)[0]["option"]["xAxis"]["data"] == ["</script>", "<!--", "1月"]


def test_every_stated_number_is_tied_to_its_record(release):
    html = to_html(release)
    span = re.search(r'<span class="fig" ([^>]*)>进出口总值18.8亿元</span>', html)
    assert span is not None
    assert 'data-metric="value"' in span.group(1) and 'data-flow="total"' in span.group(1)
    assert 'title="青海省 2025Q1 total value = 18.845 亿元"' in span.group(1)
    stated = sum(1 for section in release.bulletin.sections for p in section.paragraphs
                 for part in p.parts if part.figure is not None)
    assert html.count('<span class="fig"') == stated


def test_the_charts_draw_in_chromium_offline(page_errors, html_file):
    page, errors, outside = open_report(page_errors, html_file, viewport={"width": 1200, "height": 900})
    charts = page.eval_on_selector_all("[data-chart]", CANVAS_STATE)
    assert [c["name"] for c in charts] == CHARTS
    for chart in charts:
        assert chart["canvas"], chart
        assert chart["width"] > 0 and chart["height"] > 0, chart
        assert chart["colours"] > 20 and chart["painted"] > 0.02, chart  # bars, lines, labels: not a blank canvas
    assert page.locator("text=进出口总值18.8亿元").count() == 1
    total_row = page.locator("#table-monthly tbody tr").first  # 统计月报: the period total first
    assert total_row.locator("th").inner_text() == "2025年1—3月累计"
    assert total_row.locator("td").first.inner_text() == "188,450.0"  # 18.845亿元 = 188,450万元
    page.screenshot(path=SCREENSHOT, full_page=True)
    assert errors == []
    assert outside == []


def test_the_charts_fit_a_phone(page_errors, html_file):
    page, errors, _ = open_report(page_errors, html_file, viewport={"width": 375, "height": 812},
                                  device_scale_factor=2, is_mobile=True)
    charts = page.eval_on_selector_all("[data-chart]", CANVAS_STATE)
    for chart in charts:
        assert 0 < chart["boxWidth"] <= 375, chart
        assert chart["width"] > 0 and chart["height"] > 0 and chart["colours"] > 20, chart
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # wide tables scroll inside their box
    page.screenshot(path=PHONE_SCREENSHOT, full_page=True)
    page.set_viewport_size({"width": 800, "height": 812})
    page.wait_for_function("document.getElementById('chart-trend').getBoundingClientRect().width > 375")
    widths = page.eval_on_selector_all("[data-chart] canvas", "cs => cs.map(c => c.getBoundingClientRect().width)")
    assert all(w > 375 for w in widths)  # the charts followed the window
    assert errors == []


def test_the_english_release_draws_too(page_errors, demo_release, tmp_path):
    path = tmp_path / "青海省_2025Q1_en.html"
    path.write_bytes(render(demo_release("青海省", "2025Q1", "en"), "html"))
    page, errors, outside = open_report(page_errors, path, viewport={"width": 1200, "height": 900})
    assert page.get_attribute("html", "lang") == "en"
    charts = page.eval_on_selector_all("[data-chart]", CANVAS_STATE)
    assert [c["name"] for c in charts] == CHARTS
    assert all(c["colours"] > 20 and c["painted"] > 0.02 for c in charts), charts
    assert page.locator("figcaption").first.inner_text() == "Monthly trade"
    assert page.locator("text=CNY 1.88 billion").count() >= 1  # 18.845亿元 = 1,884.5 million yuan
    total_row = page.locator("#table-monthly tbody tr").first
    assert total_row.locator("th").inner_text() == "January–March 2025, cumulative"
    assert total_row.locator("td").first.inner_text() == "188,450.0"
    page.screenshot(path=EN_SCREENSHOT, full_page=True)
    assert errors == [] and outside == []


def _stylesheet(html: str) -> str:
    return re.sub(r"/\*.*?\*/", "", re.search(r"<style>(.*?)</style>", html, re.S).group(1), flags=re.S)


def test_trace_underline_only_on_hover_or_when_asked(release):
    """A copy of the page pastes without underlines: no inline style, and the stylesheet underlines a
    traced number only under the pointer or with the trace switch on."""
    html = to_html(release)
    assert 'style="' not in html.split("<script>")[0]
    css = _stylesheet(html)
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", css)
    for selector, body in rules:
        if "border-bottom" in body and ".fig" in selector and "none" not in body:
            assert all(":hover" in s or "main.trace" in s for s in selector.split(",")), selector
    assert any(s.strip() == ".fig" and "border" not in b for s, b in rules)
    assert '<input type="checkbox" id="trace-switch">' in html


def test_the_trace_switch_underlines_in_chromium(page_errors, html_file):
    page, errors, _ = open_report(page_errors, html_file, viewport={"width": 1200, "height": 900})
    number = page.locator("span.fig").first
    page.mouse.move(0, 0)
    assert number.evaluate("el => getComputedStyle(el).borderBottomStyle") == "none"
    page.check("#trace-switch")
    assert number.evaluate("el => getComputedStyle(el).borderBottomStyle") == "dotted"
    assert errors == []


def test_issuer_dateline_notes_and_table_notes(release):
    from datetime import date

    html = to_html(release, issued=date(2025, 4, 18))
    assert '<p class="dateline">西宁海关　2025年4月18日发布</p>' in html
    assert '<li>数据来源：海关统计。</li>' in html and '<p class="issuer">西宁海关</p>' in html
    assert "<li>“—”表示无数据或不适用。</li>" in html
    products = re.search(r'<table id="table-products".*?</table>\s*<p class="table-notes">(.*?)</p>', html, re.S)
    assert products.group(1).startswith("注：“—”表示无数据或不适用；“…”表示上年同期无贸易")
    assert re.search(r'<tr class="level-2"><th scope="row" class="row">其中：锂离子蓄电池</th>', html)
    sections = re.findall(r"<h2>(.*?)</h2>", html)
    assert sections[:2] == ["一、总体情况", "二、经营主体"]
