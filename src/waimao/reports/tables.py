"""The standard statistical tables of a bulletin, as data: one row per member, cells tied to figures.

Customs offices attach the same few tables to every release (by flow and month, product group,
partner, region, enterprise type, trade mode), each with value, growth (同比%) and share (占比%)
in one money unit for the whole table. Excel, Word and HTML lay these out; none of them looks
a figure up itself, so the three always agree. A cell only converts units (亿元 → 万元, 2.1倍 →
210%); it never derives a number the engine did not compute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from waimao.indicators import Breakdown, Figure, FigureSet
from waimao.indicators.labels import english_name
from waimao.indicators.records import MONEY_UNITS
from waimao.model import partner_groups, products
from waimao.model import wording as w
from waimao.model.partners import partner_by_code
from waimao.model.periods import Period

#: Subjects above this many yuan (dollars) a period get tables in 亿元 (亿美元), smaller ones in 万元 (万美元).
YI_FROM = Decimal(10) ** 12


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    kind: str  # 'money', 'pct' (同比, 占比), 'count'


@dataclass(frozen=True)
class Cell:
    """A number in the table's unit (None: no figure, e.g. no base year), and the figure it shows."""

    value: float | None
    figure: Figure | None = None
    note: str = ""  # '—' where the figure says there was no trade a year earlier


@dataclass
class Row:
    zh: str
    en: str
    cells: dict[str, Cell] = field(default_factory=dict)
    level: int = 0  # 1: a part of the row above (出口 under 进出口)


@dataclass
class StatTable:
    name: str
    title_zh: str
    title_en: str
    money_unit: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)

    @property
    def unit_zh(self) -> str:
        return f"单位：{self.money_unit}、%"

    @property
    def unit_en(self) -> str:
        return f"Unit: {w.MONEY_UNIT_EN[self.money_unit]}; %"


def _growth_cell(fs: FigureSet, flow: str, breakdown: Breakdown | None, period: str | None = None) -> Cell:
    pct = fs.find(flow, breakdown, "yoy_pct", period)
    if pct is not None:
        return Cell(pct.value, pct)
    times = fs.find(flow, breakdown, "yoy_times", period)
    if times is not None:
        return Cell(float(Decimal(repr(times.value)) * 100), times)
    first = fs.find(flow, breakdown, "first_time", period)
    return Cell(None, first, "—" if first is not None else "")


class _Builder:
    def __init__(self, fs: FigureSet):
        self.fs = fs
        total = fs.find("total", None, "value")
        self.unit = ("亿" if total is not None and total.yuan >= YI_FROM else "万") + \
            w.CURRENCY_WORDS[fs.currency][0]

    def money(self, figure: Figure | None) -> Cell:
        if figure is None:
            return Cell(None)
        return Cell(float(figure.yuan / MONEY_UNITS[self.unit]), figure)

    def share(self, flow: str, breakdown: Breakdown | None) -> Cell:
        figure = self.fs.find(flow, breakdown, "share_pct")
        return Cell(figure.value if figure else None, figure)

    def flow_cells(self, flows: tuple[str, ...], breakdown: Breakdown | None, *, share: bool = True,
                   period: str | None = None) -> dict[str, Cell]:
        cells: dict[str, Cell] = {}
        for flow in flows:
            cells[f"{flow}_value"] = self.money(self.fs.find(flow, breakdown, "value", period))
            cells[f"{flow}_yoy"] = _growth_cell(self.fs, flow, breakdown, period)
            if share:
                cells[f"{flow}_share"] = self.share(flow, breakdown)
        return cells


_FLOW_COLUMNS = {"total": ("进出口", "Total trade"), "export": ("出口", "Exports"), "import": ("进口", "Imports")}


def _columns(flows: tuple[str, ...], *, share: bool = True) -> list[Column]:
    out = []
    for flow in flows:
        zh, en = _FLOW_COLUMNS[flow]
        out += [Column(f"{flow}_value", f"{zh}金额", f"{en}", "money"),
                Column(f"{flow}_yoy", f"{zh}同比", f"{en} y/y %", "pct")]
        if share:
            out.append(Column(f"{flow}_share", f"{zh}占比", f"{en} share %", "pct"))
    return out


FLOWS3 = ("total", "export", "import")


def monthly_table(fs: FigureSet) -> StatTable:
    """进出口总值表: each month of the period and the period itself, by flow, with the balance."""
    b = _Builder(fs)
    columns = _columns(FLOWS3, share=False) + [Column("balance_value", "贸易差额", "Balance", "money")]
    table = StatTable("monthly", f"{fs.period.label_zh(with_year=True)}{fs.subject.name_zh}进出口总值表",
                      f"Trade of {english_name(Breakdown('region', fs.subject.name_zh))}, "
                      f"{fs.period.label_en()}, by month", b.unit, columns)
    months = [str(Period.month(m.year, m.month)) for m in fs.period.months] if len(fs.period.months) > 1 else []
    for label in [*months, None]:
        at = Period.parse(label) if label else fs.period
        cells = b.flow_cells(FLOWS3, None, share=False, period=label)
        cells["balance_value"] = b.money(fs.find("balance", None, "value", label))
        zh = at.label_zh(with_year=True) if label else f"{fs.period.label_zh(with_year=True)}合计"
        en = at.label_en() if label else f"{fs.period.label_en()}, total"
        table.rows.append(Row(zh, en, cells))
    return table


def _members(fs: FigureSet, kind: str, flow: str, top: int | None) -> list[Breakdown]:
    """Members of a kind by value in `flow`, largest first (ties by name, as every engine orders them)."""
    figures = fs.select(kind=kind, flow=flow, metric="value")
    figures.sort(key=lambda x: (-x.yuan, x.breakdown.name))
    return [x.breakdown for x in figures[:top]]


def _member_table(fs: FigureSet, name: str, title_zh: str, title_en: str,
                  members: list[Breakdown], flows: tuple[str, ...] = FLOWS3) -> StatTable:
    b = _Builder(fs)
    table = StatTable(name, f"{fs.period.label_zh(with_year=True)}{fs.subject.name_zh}{title_zh}",
                      f"{title_en}, {fs.period.label_en()}", b.unit, _columns(flows))
    total = Row("合计", "Total", b.flow_cells(flows, None, share=False))
    table.rows.append(total)
    for member in members:
        table.rows.append(Row(member.name, english_name(member), b.flow_cells(flows, member), level=1))
    return table


def product_table(fs: FigureSet, top: int = 15) -> StatTable:
    """主要商品表: the largest product groups in exports, then in imports (each its own flow)."""
    b = _Builder(fs)
    columns = [Column("value", "金额", "Value", "money"), Column("yoy", "同比", "y/y %", "pct"),
               Column("share", "占比", "Share %", "pct")]
    table = StatTable("products", f"{fs.period.label_zh(with_year=True)}{fs.subject.name_zh}主要进出口商品表",
                      f"Main export and import products, {fs.period.label_en()}", b.unit, columns)
    for flow, zh, en in (("export", "出口", "Exports"), ("import", "进口", "Imports")):
        table.rows.append(Row(f"{zh}总值", f"{en}, total", {"value": b.money(fs.find(flow, None, "value")),
                                                            "yoy": _growth_cell(fs, flow, None)}))
        for member in _members(fs, "product_group", flow, top):
            if products.resolve_group(member.name).union:
                continue  # a union restates its parts
            cells = {"value": b.money(fs.find(flow, member, "value")), "yoy": _growth_cell(fs, flow, member),
                     "share": b.share(flow, member)}
            table.rows.append(Row(member.name, english_name(member), cells, level=1))
    return table


def partner_table(fs: FigureSet, top: int = 15) -> StatTable:
    """主要贸易伙伴表: blocs (欧盟, 东盟) counted whole, their members not again, largest first."""
    on = fs.period.last_month
    blocs = [Breakdown("partner_group", name) for name in partner_groups.BLOCS
             if fs.find("total", ("partner_group", name), "value") is not None]
    inside = {partner_by_code(code).name_zh for bloc in blocs for code in partner_groups.members(bloc.name, on)}
    candidates = blocs + [m for m in _members(fs, "partner", "total", None) if m.name not in inside]
    chosen = sorted(candidates, key=lambda m: (-fs.find("total", m, "value").yuan, m.name))[:top]
    return _member_table(fs, "partners", "主要贸易伙伴进出口表", "Trade with main partners", chosen)


def region_table(fs: FigureSet) -> StatTable:
    """各市州进出口表: every sub-region with trade in the period or a year earlier, largest first."""
    return _member_table(fs, "regions", "各地区进出口表", "Trade by region",
                         _members(fs, "region", "total", None))


def enterprise_table(fs: FigureSet) -> StatTable:
    """企业性质表: value by enterprise type, and how many enterprises of each traded."""
    table = _member_table(fs, "enterprises", "按企业性质分进出口表",
                          "Trade by type of enterprise", _members(fs, "enterprise_type", "total", None))
    table.columns.append(Column("count", "有进出口实绩企业数", "Enterprises with trade", "count"))
    for row in table.rows:
        breakdown = None if row.level == 0 else Breakdown("enterprise_type", row.zh)
        figure = fs.find("total", breakdown, "count")
        row.cells["count"] = Cell(figure.value if figure else None, figure)
    return table


def trade_mode_table(fs: FigureSet) -> StatTable:
    """贸易方式表: value by trade mode, largest first."""
    return _member_table(fs, "trade_modes", "按贸易方式分进出口表", "Trade by trade mode",
                         _members(fs, "trade_mode", "total", None))


def statistical_tables(fs: FigureSet) -> list[StatTable]:
    """The tables of a bulletin, in the order offices print them."""
    return [monthly_table(fs), product_table(fs), partner_table(fs), region_table(fs), enterprise_table(fs),
            trade_mode_table(fs)]


__all__ = ["Cell", "Column", "Row", "StatTable", "enterprise_table", "monthly_table", "partner_table",
           "product_table", "region_table", "statistical_tables", "trade_mode_table"]
