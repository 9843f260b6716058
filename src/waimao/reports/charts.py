"""The charts of a bulletin, as data any renderer can draw: ECharts in HTML, matplotlib in Word.

Four charts, as customs releases and dashboards show them: the monthly trend (exports and
imports as bars, total growth as a line), the partner structure (blocs and partners by share),
the leading product groups (exports and imports) and the regions compared. The values are the
cells of the statistical tables, so a chart never shows a number the tables do not.

A line joins points of one thing over time; the growth of unrelated products or regions is a
cross-section, so it is drawn as a dot per category (`kind="dot"`), never a line across them.
Renderers colour falls apart from rises and start bar axes at zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from waimao.reports.bulletin_en import short_name
from waimao.reports.tables import Row, StatTable


@dataclass(frozen=True)
class Series:
    zh: str
    en: str
    kind: str  # 'bar', 'line' (a time series) or 'dot' (one marker per category: growth across categories)
    values: tuple[float | None, ...]
    unit: str  # the money unit, or '%'
    axis: int = 0  # 1: the right-hand axis (growth rates beside values)


@dataclass
class Chart:
    name: str
    title_zh: str
    title_en: str
    categories_zh: tuple[str, ...]
    categories_en: tuple[str, ...]
    series: list[Series] = field(default_factory=list)
    horizontal: bool = False

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def categories(self, lang: str) -> tuple[str, ...]:
        return self.categories_zh if lang == "zh" else self.categories_en

    def drawn(self) -> list[Series]:
        """The series with at least one value: only these get a legend entry."""
        return [s for s in self.series if any(v is not None for v in s.values)]

    @property
    def empty(self) -> bool:
        return not self.categories_zh or all(v is None for s in self.series for v in s.values)


def _column(rows: list[Row], key: str) -> tuple[float | None, ...]:
    return tuple(row.cells[key].value if key in row.cells else None for row in rows)


def _labels(rows: list[Row]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The members' names (水产品, not the table's 其中：… wording)."""
    return tuple(r.name or r.zh for r in rows), tuple(r.name_en or r.en for r in rows)


def trend_chart(table: StatTable) -> Chart:
    """Exports and imports by month (bars) with the total's growth (line, right axis)."""
    rows = [r for r in table.rows if r.level] or table.rows  # the months, without the period total
    zh, en = _labels(rows)
    unit = table.money_unit
    return Chart("trend", "月度进出口走势", "Monthly trade", zh, en, [
        Series("出口", "Exports", "bar", _column(rows, "export_value"), unit),
        Series("进口", "Imports", "bar", _column(rows, "import_value"), unit),
        Series("进出口同比", "Total trade, y/y", "line", _column(rows, "total_yoy"), "%", axis=1),
    ])


def partner_chart(table: StatTable, top: int = 8) -> Chart:
    """The main partners' shares of total trade (blocs counted whole), as bars.

    Not a pie: the top partners do not add up to the whole, and a pie of them would stretch
    every slice; an "others" slice would be a number no figure states.
    """
    rows = [r for r in table.rows if r.level == 1][:top]
    zh, en = _labels(rows)
    return Chart("partners", "主要贸易伙伴占比", "Main trading partners, share of total trade", zh, en,
                 [Series("占进出口比重", "Share of total trade", "bar", _column(rows, "total_share"), "%")],
                 horizontal=True)


def product_chart(table: StatTable, top: int = 8) -> Chart:
    """The largest export product groups by value (not their 其中 parts, which they contain), with growth."""
    rows, flow = [], None
    for row in table.rows:
        if row.level == 0:
            flow = row.zh
        elif flow == "出口总值" and row.level == 1 and len(rows) < top:
            rows.append(row)
    zh, en = _labels(rows)
    return Chart("products", "主要出口商品", "Main export products", zh, en, [
        Series("出口额", "Exports", "bar", _column(rows, "value"), table.money_unit),
        Series("同比", "y/y", "dot", _column(rows, "yoy"), "%", axis=1),
    ], horizontal=True)


def region_chart(table: StatTable) -> Chart:
    """Each region's trade (bars) and growth (a dot per region); English names short, as the text
    names them (Haixi, not Haixi Mongol and Tibetan Autonomous Prefecture: labels that fit)."""
    rows = [r for r in table.rows if r.level == 1]
    zh, en = _labels(rows)
    en = tuple(short_name(name) for name in en)
    return Chart("regions", "各地区进出口", "Trade by region", zh, en, [
        Series("进出口", "Total trade", "bar", _column(rows, "total_value"), table.money_unit),
        Series("同比", "y/y", "dot", _column(rows, "total_yoy"), "%", axis=1),
    ], horizontal=True)


def bulletin_charts(tables: Sequence[StatTable]) -> list[Chart]:
    """The four charts of a bulletin from its tables; a chart with nothing to show is left out."""
    by_name = {t.name: t for t in tables}
    charts = [trend_chart(by_name["monthly"]), partner_chart(by_name["partners"]),
              product_chart(by_name["products"]), region_chart(by_name["regions"])]
    return [c for c in charts if not c.empty and not (c.name == "trend" and len(c.categories_zh) < 2)]


__all__ = ["Chart", "Series", "bulletin_charts", "partner_chart", "product_chart", "region_chart", "trend_chart"]
