"""The standard statistical tables of a bulletin, as data: one row per member, cells tied to figures.

Customs offices attach the same few tables to every release (by flow and month, product group,
partner, region, enterprise type, trade mode), each with value, growth (同比%) and share (占比%)
in one money unit for the whole table. Excel, Word and HTML lay these out; none of them looks
a figure up itself, so the three always agree. A cell only converts units (亿元 → 万元, 2.1倍 →
210%); it never derives a number the engine did not compute. The cells, marks and rounding are in
table_cells.py, the product hierarchy (其中 rows) in product_table.py; this module lays out the rest
as 统计月报 print them: totals first with 占比 100.0, members below.
"""

from __future__ import annotations

from waimao.indicators import Breakdown, FigureSet
from waimao.indicators.labels import english_name
from waimao.model import partner_groups
from waimao.model.partners import partner_by_code
from waimao.model.periods import Period
from waimao.reports.product_table import product_table
from waimao.reports.table_blocks import Blocks, TableSets
from waimao.reports.table_cells import (
    FLOWS3,
    MARK_NOTES,
    NO_BASE,
    NO_DATA,
    PLACES,
    Builder,
    Cell,
    Column,
    Row,
    StatTable,
    flow_columns,
    members,
    shown,
)


def _period_total_label(period: Period) -> tuple[str, str]:
    """统计月报 name a run from January 1—N月累计; any other run is its own total (二季度合计)."""
    if period.month_count > 1 and period.first_month.month == 1:
        return (f"{period.year}年1—{period.last_month.month}月累计",
                f"January–{period.last_month.strftime('%B')} {period.year}, cumulative")
    return f"{period.label_zh(with_year=True)}合计", f"{period.label_en()}, total"


def monthly_table(fs: FigureSet) -> StatTable:
    """进出口总值表: each month (当月) of the period, then the period (1—N月累计), by flow, with the balance."""
    b = Builder(fs)
    columns = flow_columns(FLOWS3, share=False) + [Column("balance_value", "贸易差额", "Balance", "money")]
    table = StatTable("monthly", f"{fs.period.label_zh(with_year=True)}{fs.subject.name_zh}进出口总值表",
                      f"Trade of {english_name(Breakdown('region', fs.subject.name_zh))}, "
                      f"{fs.period.label_en()}, by month", b.unit, columns)
    months = [str(Period.month(m.year, m.month)) for m in fs.period.months] if len(fs.period.months) > 1 else []
    for label in [*months, None]:
        at = Period.parse(label) if label else fs.period
        cells = b.flow_cells(FLOWS3, None, share=False, period=label)
        cells["balance_value"] = b.money(fs.find("balance", None, "value", label))
        zh, en = (at.label_zh(with_year=True), at.label_en()) if label else _period_total_label(fs.period)
        table.rows.append(Row(zh, en, cells, level=1 if label else 0))
    if months:  # the months are parts of the period; the period total comes first, as 统计月报 print it
        table.rows.insert(0, table.rows.pop())
    return table


def _member_table(fs: FigureSet, name: str, title_zh: str, title_en: str,
                  members: list[Breakdown], flows: tuple[str, ...] = FLOWS3,
                  sets: TableSets | None = None) -> StatTable:
    """A breakdown table; with `sets`, each flow carries the 统计月报 blocks (当月, 上年同期, USD) beside
    its 累计 value, 同比 and 占比 (table_blocks.py)."""
    b = Builder(fs)
    blocks = Blocks(b, sets) if sets is not None and sets.any() else None
    columns = [c for flow in flows for c in blocks.columns(flow)] if blocks else flow_columns(flows)
    table = StatTable(name, f"{fs.period.label_zh(with_year=True)}{fs.subject.name_zh}{title_zh}",
                      f"{title_en}, {fs.period.label_en()}", b.unit, columns,
                      usd_unit=blocks.usd_unit if blocks else "")

    def cells(member: Breakdown | None) -> dict[str, Cell]:
        out = b.flow_cells(flows, member)
        for flow in flows if blocks else ():
            out |= blocks.cells(flow, member, f"{flow}_")
        return out

    table.rows.append(Row("合计", "Total", cells(None)))
    for member in members:
        table.rows.append(Row(member.name, english_name(member), cells(member), level=1,
                              name=member.name, name_en=english_name(member)))
    if sets is not None:
        table.extra_notes += sets.notes
    return table


def partner_table(fs: FigureSet, top: int = 15, sets: TableSets | None = None) -> StatTable:
    """主要贸易伙伴表: blocs (欧盟, 东盟) counted whole, their members not again, largest first."""
    on = fs.period.last_month
    blocs = [Breakdown("partner_group", name) for name in partner_groups.BLOCS
             if fs.find("total", ("partner_group", name), "value") is not None]
    inside = {partner_by_code(code).name_zh for bloc in blocs for code in partner_groups.members(bloc.name, on)}
    candidates = blocs + [m for m in members(fs, "partner", "total", None) if m.name not in inside]
    chosen = sorted(candidates, key=lambda m: (-fs.find("total", m, "value").yuan, m.name))[:top]
    table = _member_table(fs, "partners", "主要贸易伙伴进出口表", "Trade with main partners", chosen,
                          sets=sets)
    table.parts_add_up = False
    table.extra_notes.append(("欧盟、东盟等按整体统计，其成员国不再单列；表列为进出口额居前的伙伴",
                              "Blocs (EU, ASEAN …) are counted whole and their members not listed again; "
                              "the largest partners are shown"))
    return table


def region_table(fs: FigureSet, sets: TableSets | None = None) -> StatTable:
    """各市州进出口表: every sub-region that traded in the period, largest first.

    The same regions the text counts (全省共6个市州开展外贸业务: `region_count` counts a region with
    trade above zero) and the region chart draws; one that traded only a year earlier is named in the
    notes line rather than listed at 0.0 and −100.0, so text, table and chart agree on who traded.
    """
    every = members(fs, "region", "total", None)
    traded = [m for m in every if fs.find("total", m, "value").yuan > 0]
    table = _member_table(fs, "regions", "各地区进出口表", "Trade by region", traded, sets=sets)
    gone = [m for m in every if m not in traded]
    if gone:
        table.extra_notes.append((f"{'、'.join(m.name for m in gone)}本期无进出口，上年同期有进出口",
                                  f"{', '.join(english_name(m) for m in gone)}: no trade in the period, "
                                  "some a year earlier"))
    return table


def enterprise_table(fs: FigureSet, sets: TableSets | None = None) -> StatTable:
    """企业性质表: value by enterprise type, and how many enterprises of each traded."""
    table = _member_table(fs, "enterprises", "按企业性质分进出口表",
                          "Trade by type of enterprise", members(fs, "enterprise_type", "total", None), sets=sets)
    table.columns.append(Column("count", "有进出口实绩企业数", "Enterprises with trade", "count"))
    for row in table.rows:
        breakdown = None if row.level == 0 else Breakdown("enterprise_type", row.zh)
        figure = fs.find("total", breakdown, "count")
        row.cells["count"] = Cell(figure.value if figure else None, figure)
    return table


def trade_mode_table(fs: FigureSet, sets: TableSets | None = None) -> StatTable:
    """贸易方式表: value by trade mode, largest first."""
    return _member_table(fs, "trade_modes", "按贸易方式分进出口表", "Trade by trade mode",
                         members(fs, "trade_mode", "total", None), sets=sets)


def statistical_tables(fs: FigureSet, sets: TableSets | None = None) -> list[StatTable]:
    """The tables of a bulletin, in the order offices print them.

    With `sets`, the breakdown tables are 统计月报 tables of the run from January (`sets.cumulative`
    for a single-month release, else `fs`) with 当月, 上年同期 and USD blocks; the monthly table is
    already by month and stays as it is.
    """
    run = sets.cumulative if sets is not None and sets.cumulative is not None else fs
    return [monthly_table(fs), product_table(run, sets=sets), partner_table(run, sets=sets),
            region_table(run, sets=sets), enterprise_table(run, sets=sets), trade_mode_table(run, sets=sets)]


__all__ = ["MARK_NOTES", "NO_BASE", "NO_DATA", "PLACES", "Cell", "Column", "Row", "StatTable", "TableSets", "enterprise_table",
           "monthly_table", "partner_table", "product_table", "region_table", "shown", "statistical_tables",
           "trade_mode_table"]
