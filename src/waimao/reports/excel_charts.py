"""The release's charts as native Excel charts (xlsxwriter), on a sheet of their own.

Word gets pictures (python-docx cannot write a chart part); the workbook is where a reader edits
a chart, so here every chart is a real Excel chart over a data block written beside it. Money is
drawn as columns from zero on the left axis; growth on the right axis, as a line only for the
monthly series (a time series) and otherwise as markers without a connecting line, each marker
coloured by its sign (falls apart from rises). The axis of growth crosses at zero.
"""

from __future__ import annotations

import xlsxwriter

from waimao.model import wording as w
from waimao.reports.charts import Chart, Series
from waimao.reports.tables import shown

COLORS = ("#1F5B99", "#D9822B", "#3A9A5B", "#8C564B")
RISE, FALL, LINE = "#C0392B", "#2E7D32", "#5B5B5B"
DATA_COL = 12  # the data blocks start in column M, right of the charts
ROWS_PER_CHART = 22


def _name(series: Series, lang: str) -> str:
    return series.zh if lang == "zh" else series.en


def _unit(unit: str, lang: str) -> str:
    return unit if lang == "zh" or unit == "%" else w.MONEY_UNIT_EN.get(unit, unit)


def chart_sheet(book: xlsxwriter.Workbook, charts: list[Chart], lang: str, name: str) -> None:
    """One sheet: each chart at the left, two to an A4 page, its data block at the right."""
    ws = book.add_worksheet(name)
    head = book.add_format({"bold": True, "font_name": "黑体", "font_size": 10})
    text = book.add_format({"font_name": "宋体", "font_size": 10})
    number = book.add_format({"font_name": "Times New Roman", "font_size": 10, "num_format": "0.0"})
    for k, chart in enumerate(charts):
        top = k * ROWS_PER_CHART
        drawn = chart.drawn()
        categories = chart.categories(lang)
        ws.write_string(top, DATA_COL, chart.title(lang), head)
        for i, category in enumerate(categories):
            ws.write_string(top + 1 + i + 1, DATA_COL, category, text)
        for j, series in enumerate(drawn, start=1):
            ws.write_string(top + 1, DATA_COL + j, f"{_name(series, lang)}（{_unit(series.unit, lang)}）"
                            if lang == "zh" else f"{_name(series, lang)} ({_unit(series.unit, lang)})", head)
            for i, value in enumerate(series.values):
                if value is not None:
                    ws.write_number(top + 2 + i, DATA_COL + j, shown(value, "pct"), number)
        first, last = top + 2, top + 1 + len(categories)
        bars = [(j, s) for j, s in enumerate(drawn, start=1) if s.kind == "bar"]
        rates = [(j, s) for j, s in enumerate(drawn, start=1) if s.kind != "bar"]
        main = book.add_chart({"type": "column"})
        for n, (j, series) in enumerate(bars):
            main.add_series({"name": [name, top + 1, DATA_COL + j],
                             "categories": [name, first, DATA_COL, last, DATA_COL],
                             "values": [name, first, DATA_COL + j, last, DATA_COL + j],
                             "fill": {"color": COLORS[n % len(COLORS)]}, "gap": 80})
        if rates:
            growth = book.add_chart({"type": "line"})
            for j, series in rates:
                points = [{"fill": {"color": FALL if v is not None and v < 0 else RISE},
                           "border": {"color": FALL if v is not None and v < 0 else RISE}} for v in series.values]
                options = {"name": [name, top + 1, DATA_COL + j],
                           "categories": [name, first, DATA_COL, last, DATA_COL],
                           "values": [name, first, DATA_COL + j, last, DATA_COL + j], "y2_axis": bool(bars),
                           "marker": {"type": "diamond", "size": 7, "fill": {"color": RISE},
                                      "border": {"color": RISE}}, "points": points}
                if series.kind == "line":
                    options["line"] = {"color": LINE, "width": 1.5}
                else:
                    options["line"] = {"none": True}  # growth of different things: markers, never a line
                growth.add_series(options)
            if bars:
                main.combine(growth)
                growth.set_y2_axis({"name": _unit("%", lang), "major_gridlines": {"visible": False}})
            else:
                main = growth
        main.set_title({"name": chart.title(lang), "name_font": {"name": "黑体", "size": 12, "bold": True}})
        main.set_x_axis({"num_font": {"name": "宋体", "size": 9}})
        unit = _unit(bars[0][1].unit, lang) if bars else "%"
        axis = {"name": unit, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                "num_font": {"name": "Times New Roman", "size": 9}}
        main.set_y_axis(axis | ({"min": 0} if bars else {}))
        main.set_legend({"position": "bottom"} if len(drawn) > 1 else {"none": True})
        main.set_size({"width": 720, "height": 400})
        ws.insert_chart(top, 0, main)
    ws.set_column(DATA_COL, DATA_COL, 22)
    ws.set_column(DATA_COL + 1, DATA_COL + 4, 16)
    ws.set_paper(9)
    ws.set_portrait()
    ws.print_area(0, 0, len(charts) * ROWS_PER_CHART, 10)
    ws.fit_to_pages(1, 0)
    ws.set_h_pagebreaks([k * ROWS_PER_CHART for k in range(2, len(charts), 2)])


__all__ = ["chart_sheet"]
