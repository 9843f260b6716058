"""The standard statistical tables of a bulletin, as data: one row per member, cells tied to figures.

Customs offices attach the same few tables to every release (by flow and month, product group,
partner, region, enterprise type, trade mode), each with value, growth (同比%) and share (占比%)
in one money unit for the whole table. Excel, Word and HTML lay these out; none of them looks
a figure up itself, so the three always agree. A cell only converts units (亿元 → 万元, 2.1倍 →
210%); it never derives a number the engine did not compute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from waimao.indicators import Breakdown, Figure, FigureSet
from waimao.indicators.labels import english_name
from waimao.indicators.records import MONEY_UNITS
from waimao.model import partner_groups, products
from waimao.model import wording as w
from waimao.model.partners import partner_by_code
from waimao.model.periods import Period
from waimao.model.units import unit_by_name

#: Subjects above this many yuan (dollars) a period get tables in 亿元 (亿美元), smaller ones in 万元 (万美元).
YI_FROM = Decimal(10) ** 12

#: What a table prints where it has no number. Two marks, because a reader must tell a new item (no
#: trade a year earlier: no growth rate can exist) from a figure the data do not give at all.
NO_DATA = "—"
NO_BASE = "…"
MARK_NOTES = {
    NO_DATA: ("“—”表示无数据或不适用", "“—”: no data, or not applicable"),
    NO_BASE: ("“…”表示上年同期无贸易，不计算同比", "“…”: no trade a year earlier, so no growth rate"),
}
#: Decimal places a column kind is printed (and stored in the workbook) with.
PLACES = {"money": 1, "pct": 1, "count": 0, "quantity": 0}
ROUNDING_NOTE = ("因四舍五入，分项之和与合计可能略有差异", "Parts may not add up to the totals because of rounding")


def shown(value: float, kind: str) -> float:
    """`value` rounded as a table prints it, without a negative zero (−0.04 % prints 0.0, not -0.0)."""
    return round(value, PLACES.get(kind, 1)) + 0.0


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    kind: str  # 'money', 'pct' (同比, 占比), 'count', 'quantity', 'text' (计量单位)


@dataclass(frozen=True)
class Cell:
    """A number in the table's unit (None: no figure), the figure it shows, and the mark printed instead
    of a missing number (NO_DATA or NO_BASE); `text` is a text column's content (a unit: 吨)."""

    value: float | None
    figure: Figure | None = None
    note: str = NO_DATA
    text: str = ""
    text_en: str = ""

    def display(self, kind: str, lang: str = "zh") -> str:
        """The cell as every format prints it: 1,234.5 / 12.3 / 131, the unit text, or its mark."""
        if kind == "text":
            return (self.text_en if lang == "en" and self.text_en else self.text) or self.note
        if self.value is None or math.isnan(self.value):
            return self.note
        v = shown(self.value, kind)
        if kind in ("money", "quantity"):
            return f"{v:,.{PLACES[kind]}f}"
        return f"{v:.{PLACES[kind]}f}"


@dataclass
class Row:
    """A row; `level` 0 is a total, 1 a member, 2 and deeper a part (其中) of the nearest row above it
    one level up, which already contains it: parts are never added to their parent."""

    zh: str
    en: str
    cells: dict[str, Cell] = field(default_factory=dict)
    level: int = 0
    name: str = ""  # the member's reference name (product group, partner …), '' for totals
    part_of: str | None = None  # the member this row is a part of (其中)
    name_en: str = ""  # the member's English name, without the row's 其中 / merge wording


@dataclass
class StatTable:
    name: str
    title_zh: str
    title_en: str
    money_unit: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    extra_notes: list[tuple[str, str]] = field(default_factory=list)
    parts_add_up: bool = True  # members partition the total (regions, months), so rounding may show

    @property
    def unit_zh(self) -> str:
        return f"单位：{self.money_unit}、%"

    @property
    def unit_en(self) -> str:
        return f"Unit: {w.MONEY_UNIT_EN[self.money_unit]}; %"

    def marks(self) -> list[str]:
        """The missing-value marks this table prints, in MARK_NOTES order."""
        used = {cell.display(c.kind) for row in self.rows for c in self.columns
                if (cell := row.cells.get(c.key, Cell(None))) is not None}
        return [mark for mark in MARK_NOTES if mark in used]

    def notes(self, lang: str) -> list[str]:
        """The notes line under the table: what its marks mean, its 其中 rows, rounding, and its own notes."""
        i = 0 if lang == "zh" else 1
        out = [MARK_NOTES[mark][i] for mark in self.marks()]
        out += [note[i] for note in self.extra_notes]
        if self.parts_add_up and any(r.level for r in self.rows):
            out.append(ROUNDING_NOTE[i])
        return out


def _unit_en(unit: str) -> str:
    """吨 → tonnes: the unit's English name from the unit table, plural as a column of amounts reads."""
    found = unit_by_name(unit)
    return f"{found.name_en}s" if found is not None and found.name_en.isalpha() else unit


def _growth_cell(fs: FigureSet, flow: str, breakdown: Breakdown | None, period: str | None = None,
                 metric: str = "yoy") -> Cell:
    pct = fs.find(flow, breakdown, f"{metric}_pct", period)
    if pct is not None:
        return Cell(pct.value, pct)
    times = fs.find(flow, breakdown, f"{metric}_times", period)
    if times is not None:
        return Cell(float(Decimal(repr(times.value)) * 100), times)
    first = fs.find(flow, breakdown, "first_time", period) if metric == "yoy" else None
    return Cell(None, first, NO_BASE if first is not None else NO_DATA)


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
        if breakdown is None:
            return Cell(100.0)  # a total is the whole of itself: printed 100.0, as 统计月报 tables do
        figure = self.fs.find(flow, breakdown, "share_pct")
        return Cell(figure.value if figure else None, figure)

    def quantity(self, flow: str, breakdown: Breakdown) -> dict[str, Cell]:
        figure = self.fs.find(flow, breakdown, "quantity")
        return {"quantity": Cell(figure.value if figure else None, figure),
                "quantity_unit": Cell(None, figure, text=figure.unit if figure else "",
                                      text_en=_unit_en(figure.unit) if figure else ""),
                "quantity_yoy": _growth_cell(self.fs, flow, breakdown, metric="quantity_yoy")
                if figure else Cell(None)}

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


def _period_total_label(period: Period) -> tuple[str, str]:
    """统计月报 name a run from January 1—N月累计; any other run is its own total (二季度合计)."""
    if period.month_count > 1 and period.first_month.month == 1:
        return (f"{period.year}年1—{period.last_month.month}月累计",
                f"January–{period.last_month.strftime('%B')} {period.year}, cumulative")
    return f"{period.label_zh(with_year=True)}合计", f"{period.label_en()}, total"


def monthly_table(fs: FigureSet) -> StatTable:
    """进出口总值表: each month (当月) of the period, then the period (1—N月累计), by flow, with the balance."""
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
        zh, en = (at.label_zh(with_year=True), at.label_en()) if label else _period_total_label(fs.period)
        table.rows.append(Row(zh, en, cells, level=1 if label else 0))
    if months:  # the months are parts of the period; the period total comes first, as 统计月报 print it
        table.rows.insert(0, table.rows.pop())
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
    table.rows.append(Row("合计", "Total", b.flow_cells(flows, None)))
    for member in members:
        table.rows.append(Row(member.name, english_name(member), b.flow_cells(flows, member), level=1,
                              name=member.name, name_en=english_name(member)))
    return table


def _ancestors(name: str) -> list[str]:
    """The parents of a product group, nearest first (冷水鱼 → 水产品 → 农产品)."""
    out, parent = [], products.resolve_group(name).parent
    while parent is not None and parent not in out:
        out.append(parent)
        parent = products.GROUPS[parent].parent
    return out


def _same_trade(fs: FigureSet, flow: str, a: str, b: str) -> bool:
    """Whether a group and its part stand for the very same trade in `flow` (水产品 exports all trout)."""
    va, vb = (fs.find(flow, Breakdown("product_group", n), "value") for n in (a, b))
    return va is not None and vb is not None and va.yuan == vb.yuan


def _product_tree(fs: FigureSet, flow: str, top: int) -> list[tuple[str, int, str | None, str | None]]:
    """The groups of one flow in print order: (name, depth, parent, merged part).

    The largest `top` groups (unions left out: they restate their parts), each with the parents it
    lies in, so a part is printed as 其中 under its parent and never beside it. A part with exactly
    its parent's trade is merged into the parent's row (水产品（全部为冷水鱼）) instead of repeating it.
    """
    chosen = [m.name for m in _members(fs, "product_group", flow, None)
              if not products.resolve_group(m.name).union][:top]
    present = {m.name for m in _members(fs, "product_group", flow, None)}
    names = list(dict.fromkeys(a for n in chosen for a in [n, *_ancestors(n)] if a in present))
    parent_of = {n: next((a for a in _ancestors(n) if a in names), None) for n in names}
    merged = {}
    for n in names:
        p = parent_of[n]
        if p is not None and p not in merged and _same_trade(fs, flow, p, n) \
                and sum(parent_of[m] == p for m in names) == 1:
            merged[p] = n
    by_value = sorted(names, key=lambda n: (-fs.find(flow, Breakdown("product_group", n), "value").yuan, n))
    out: list[tuple[str, int, str | None, str | None]] = []

    def walk(parent: str | None, depth: int) -> None:
        for n in by_value:
            if parent_of[n] == parent and n not in merged.values():
                out.append((n, depth, parent, merged.get(n)))
                walk(n, depth + 1)
                if n in merged:
                    walk(merged[n], depth + 1)

    walk(None, 1)
    return out


def _overlaps(names: list[str]) -> list[tuple[str, str]]:
    """Pairs of listed groups, neither inside the other, that share some HS codes (消费品 and 农产品 share
    food): the notes line names them, since no 其中 row can show it. By include prefixes, largest first."""
    out: list[tuple[str, str]] = []
    for i, a in enumerate(dict.fromkeys(names)):
        for b in list(dict.fromkeys(names))[i + 1:]:
            ga, gb = products.resolve_group(a), products.resolve_group(b)
            if any(x.startswith(y) or y.startswith(x) for x in ga.include for y in gb.include):
                out.append((a, b))
    return out


def product_table(fs: FigureSet, top: int = 15) -> StatTable:
    """主要商品表: the largest product groups in exports, then in imports, parts as 其中 under their parents;
    quantity, unit and quantity growth where the figures have them (groups of one unit)."""
    b = _Builder(fs)
    columns = [Column("value", "金额", "Value", "money"), Column("yoy", "同比", "y/y %", "pct"),
               Column("share", "占比", "Share %", "pct")]
    table = StatTable("products", f"{fs.period.label_zh(with_year=True)}{fs.subject.name_zh}主要进出口商品表",
                      f"Main export and import products, {fs.period.label_en()}", b.unit, columns,
                      parts_add_up=False)
    table.extra_notes.append(("“其中”项已含在上一级商品类别内，不可与之相加",
                              "“of which” rows are parts of the group above and already counted in it"))
    quantities = False
    for flow, zh, en in (("export", "出口", "Exports"), ("import", "进口", "Imports")):
        table.rows.append(Row(f"{zh}总值", f"{en}, total", {"value": b.money(fs.find(flow, None, "value")),
                                                            "yoy": _growth_cell(fs, flow, None),
                                                            "share": b.share(flow, None)}))
        first_part: set[str | None] = set()
        for name, depth, parent, part in _product_tree(fs, flow, top):
            member = Breakdown("product_group", name)
            cells = {"value": b.money(fs.find(flow, member, "value")), "yoy": _growth_cell(fs, flow, member),
                     "share": b.share(flow, member), **b.quantity(flow, member)}
            quantities = quantities or cells["quantity"].value is not None
            zh_name, en_name = name, english_name(member)
            if part is not None:
                zh_name += f"（全部为{part}）"
                en_name += f" (all {english_name(Breakdown('product_group', part))})"
            if parent is not None and parent not in first_part:
                first_part.add(parent)
                zh_name, en_name = f"其中：{zh_name}", f"of which: {en_name}"
            table.rows.append(Row(zh_name, en_name, cells, level=depth, name=name, part_of=parent,
                                  name_en=english_name(member)))
    overlaps = _overlaps([r.name for r in table.rows if r.level == 1])
    if overlaps:
        table.extra_notes.append(("、".join(f"{a}与{b}" for a, b in overlaps) + "口径有交叉，不可相加",
                                  "; ".join(f"{english_name(Breakdown('product_group', a))} and "
                                            f"{english_name(Breakdown('product_group', b))}" for a, b in overlaps)
                                  + " overlap and do not add up"))
    if quantities:
        table.columns += [Column("quantity", "数量", "Quantity", "quantity"),
                          Column("quantity_unit", "计量单位", "Unit", "text"),
                          Column("quantity_yoy", "数量同比", "Quantity y/y %", "pct")]
    return table


def partner_table(fs: FigureSet, top: int = 15) -> StatTable:
    """主要贸易伙伴表: blocs (欧盟, 东盟) counted whole, their members not again, largest first."""
    on = fs.period.last_month
    blocs = [Breakdown("partner_group", name) for name in partner_groups.BLOCS
             if fs.find("total", ("partner_group", name), "value") is not None]
    inside = {partner_by_code(code).name_zh for bloc in blocs for code in partner_groups.members(bloc.name, on)}
    candidates = blocs + [m for m in _members(fs, "partner", "total", None) if m.name not in inside]
    chosen = sorted(candidates, key=lambda m: (-fs.find("total", m, "value").yuan, m.name))[:top]
    table = _member_table(fs, "partners", "主要贸易伙伴进出口表", "Trade with main partners", chosen)
    table.parts_add_up = False
    table.extra_notes.append(("欧盟、东盟等按整体统计，其成员国不再单列；表列为进出口额居前的伙伴",
                              "Blocs (EU, ASEAN …) are counted whole and their members not listed again; "
                              "the largest partners are shown"))
    return table


def region_table(fs: FigureSet) -> StatTable:
    """各市州进出口表: every sub-region that traded in the period, largest first.

    The same regions the text counts (全省共6个市州开展外贸业务: `region_count` counts a region with
    trade above zero) and the region chart draws; one that traded only a year earlier is named in the
    notes line rather than listed at 0.0 and −100.0, so text, table and chart agree on who traded.
    """
    members = _members(fs, "region", "total", None)
    traded = [m for m in members if fs.find("total", m, "value").yuan > 0]
    table = _member_table(fs, "regions", "各地区进出口表", "Trade by region", traded)
    gone = [m for m in members if m not in traded]
    if gone:
        table.extra_notes.append((f"{'、'.join(m.name for m in gone)}本期无进出口，上年同期有进出口",
                                  f"{', '.join(english_name(m) for m in gone)}: no trade in the period, "
                                  "some a year earlier"))
    return table


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


__all__ = ["MARK_NOTES", "NO_BASE", "NO_DATA", "PLACES", "Cell", "Column", "Row", "StatTable", "enterprise_table",
           "monthly_table", "partner_table", "product_table", "region_table", "shown", "statistical_tables",
           "trade_mode_table"]
