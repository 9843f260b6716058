"""A release as one self-contained HTML page: the bulletin, its charts (ECharts) and its statistical tables.

The page has to work as an e-mail attachment and on an office PC without internet, so the
ECharts library is inlined (about 1 MB) and nothing is fetched: no CDN, no web font. The
chart options are built from the `Chart` data, never from the page's own arithmetic; each
number of the text is a <span class="fig"> whose title names the figure record it states.

The trace is marked only by the page's stylesheet, and only while the reader hovers a number or
ticks "显示数据出处": text copied from the page into Word or an e-mail carries no underline,
because no style is written inline. Charts follow charts.py: growth across categories is a
scatter of dots coloured by sign, a line only over time; a legend lists only drawn series
(the options are built in echarts.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from waimao.indicators import Figure
from waimao.reports.document import Paragraph
from waimao.reports.echarts import FONTS, chart_option
from waimao.reports.excel import header_layout
from waimao.reports.house import HouseStyle, heading, load_house_style
from waimao.reports.tables import Cell, StatTable

if TYPE_CHECKING:  # a renderer takes a release; release.py never needs this module at import time
    from waimao.reports.release import Release

WORDS = {
    "zh": {"html_lang": "zh-CN", "charts": "图表", "tables": "统计表", "item": "项目", "notes": "注",
           "trace": "显示数据出处", "table_notes": "注："},
    "en": {"html_lang": "en", "charts": "Charts", "tables": "Statistical tables", "item": "", "notes": "Notes",
           "trace": "Show where each number comes from", "table_notes": "Notes: "},
}


@cache
def echarts_js() -> str:
    """The vendored echarts.min.js, checked to be safe inside a <script> element."""
    js = (files("waimao.reports") / "static" / "echarts" / "echarts.min.js").read_text(encoding="utf-8")
    if "</script" in js.lower() or "<!--" in js:
        raise ValueError("echarts.min.js cannot be inlined: it contains '</script' or '<!--'")
    return js


def figure_key(figure: Figure) -> str:
    """The record a number states, for a reader hovering over it: 青海省 2025Q1 total value = 18.845 亿元."""
    where = f" {figure.breakdown.kind}:{figure.breakdown.name}" if figure.breakdown else ""
    return f"{figure.subject} {figure.period} {figure.flow}{where} {figure.metric} = {figure.value:g} {figure.unit}"


def _figure_span(text: str, figure: Figure) -> Markup:
    breakdown = f"{figure.breakdown.kind}:{figure.breakdown.name}" if figure.breakdown else ""
    return Markup('<span class="fig" data-metric="{}" data-flow="{}" data-breakdown="{}" title="{}">{}</span>').format(
        figure.metric, figure.flow, breakdown, figure_key(figure), text)


def paragraph_html(paragraph: Paragraph) -> Markup:
    """A paragraph's parts, each stated figure wrapped so its record shows on hover (no whitespace between)."""
    out = Markup("")
    for part in paragraph.parts:
        out += _figure_span(part.text, part.figure) if part.figure is not None else escape(part.text)
    return out


def format_cell(cell: Cell | None, kind: str, lang: str = "zh") -> str:
    """As the workbook shows it: money 1,234.5, percentages 12.3, counts 1234, a mark where no number."""
    return (cell if cell is not None else Cell(None)).display(kind, lang)


@dataclass
class _TableView:
    name: str
    title: str
    unit: str
    headers: list[str]  # one flat label per column, the name column first
    header_rows: list[list[Any]]  # the header boxes (excel.HeaderCell) by row: flow › 当月/累计 › metric
    rows: list[dict[str, Any]]
    notes: list[str]


def _table_view(table: StatTable, lang: str) -> _TableView:
    rows = []
    for row in table.rows:
        cells = []
        for column in table.columns:
            cell = row.cells.get(column.key)
            cells.append({"text": format_cell(cell, column.kind, lang),
                          "title": figure_key(cell.figure) if cell is not None and cell.figure else None})
        rows.append({"label": row.zh if lang == "zh" else row.en, "level": row.level, "cells": cells})
    headers = [WORDS[lang]["item"]] + [c.zh if lang == "zh" else c.en for c in table.columns]
    depth, boxes = header_layout(table, lang)
    header_rows = [[b for b in boxes if b.row == r] for r in range(depth)]
    return _TableView(table.name, table.title_zh if lang == "zh" else table.title_en,
                      table.unit_zh if lang == "zh" else table.unit_en, headers, header_rows, rows, table.notes(lang))


def script_json(data: Any) -> Markup:
    """JSON safe inside a <script> element: no '<' survives, so neither '</script' nor '<!--' can occur."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("waimao.reports", "data"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def to_html(release: Release, house: HouseStyle | None = None, issued: date | None = None) -> str:
    """One self-contained HTML file (text, charts, tables, notes) for the release, in its language;
    `house` gives the issuing body and notes (data/house_style.toml), `issued` the date (today)."""
    lang = release.lang
    bulletin = release.bulletin
    house = house or load_house_style()
    sections = [{"title": heading(i, s.title, lang), "paragraphs": [paragraph_html(p) for p in s.paragraphs]}
                for i, s in enumerate(bulletin.sections, start=1)]
    charts = [{"name": c.name, "title": c.title(lang)} for c in release.charts]
    specs = [{"name": c.name, "option": chart_option(c, lang)} for c in release.charts]
    return _environment().get_template("bulletin.html.j2").render(
        words=WORDS[lang], lang=lang, title=bulletin.title, subject=bulletin.subject, period=bulletin.period,
        issuer=house.issuer(bulletin.subject, lang),
        dateline=house.dateline(bulletin.subject, lang, issued or date.today()),
        sections=sections, notes=[*bulletin.notes, *house.document_notes(lang, release.tables)],
        charts=charts, chart_json=script_json(specs),
        tables=[_table_view(t, lang) for t in release.tables], echarts=Markup(echarts_js()), fonts=FONTS)


__all__ = ["chart_option", "figure_key", "format_cell", "paragraph_html", "script_json", "to_html"]
