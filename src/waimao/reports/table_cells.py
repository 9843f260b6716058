"""The parts of a statistical table: columns, cells with their figure and missing-value mark, rows, the table.

A cell holds a number in the table's unit and the figure it shows, or the mark printed instead
(NO_DATA, NO_BASE, explained in MARK_NOTES); `Cell.display` is how Excel, Word and HTML all print
it, rounded to `PLACES` (`shown`), so the three formats and the workbook's stored values agree.
`Builder` reads a figure set's cells in one money unit for a whole table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from waimao.indicators import Breakdown, Figure, FigureSet
from waimao.indicators.records import MONEY_UNITS
from waimao.model import wording as w
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
    #: the header boxes above the column, top first, as (zh, en): (进出口, 当月, 金额). Empty: the
    #: renderer's default (flow over metric for flow columns, else the column's own name).
    path: tuple[tuple[str, str], ...] = ()


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
    usd_unit: str = ""  # the unit of the US-dollar columns (万美元), '' when the table has none

    @property
    def unit_zh(self) -> str:
        usd = f"、{self.usd_unit}" if self.usd_unit else ""
        return f"单位：{self.money_unit}{usd}、%"

    @property
    def unit_en(self) -> str:
        usd = f", {w.MONEY_UNIT_EN[self.usd_unit]}" if self.usd_unit else ""
        return f"Unit: {w.MONEY_UNIT_EN[self.money_unit]}{usd}; %"

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


def growth_cell(fs: FigureSet, flow: str, breakdown: Breakdown | None, period: str | None = None,
                 metric: str = "yoy") -> Cell:
    pct = fs.find(flow, breakdown, f"{metric}_pct", period)
    if pct is not None:
        return Cell(pct.value, pct)
    times = fs.find(flow, breakdown, f"{metric}_times", period)
    if times is not None:
        return Cell(float(Decimal(repr(times.value)) * 100), times)
    first = fs.find(flow, breakdown, "first_time", period) if metric == "yoy" else None
    return Cell(None, first, NO_BASE if first is not None else NO_DATA)


class Builder:
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
                "quantity_yoy": growth_cell(self.fs, flow, breakdown, metric="quantity_yoy")
                if figure else Cell(None)}

    def flow_cells(self, flows: tuple[str, ...], breakdown: Breakdown | None, *, share: bool = True,
                   period: str | None = None) -> dict[str, Cell]:
        cells: dict[str, Cell] = {}
        for flow in flows:
            cells[f"{flow}_value"] = self.money(self.fs.find(flow, breakdown, "value", period))
            cells[f"{flow}_yoy"] = growth_cell(self.fs, flow, breakdown, period)
            if share:
                cells[f"{flow}_share"] = self.share(flow, breakdown)
        return cells


FLOW_COLUMNS = {"total": ("进出口", "Total trade"), "export": ("出口", "Exports"), "import": ("进口", "Imports")}


def flow_columns(flows: tuple[str, ...], *, share: bool = True) -> list[Column]:
    out = []
    for flow in flows:
        zh, en = FLOW_COLUMNS[flow]
        out += [Column(f"{flow}_value", f"{zh}金额", f"{en}", "money"),
                Column(f"{flow}_yoy", f"{zh}同比", f"{en} y/y %", "pct")]
        if share:
            out.append(Column(f"{flow}_share", f"{zh}占比", f"{en} share %", "pct"))
    return out


FLOWS3 = ("total", "export", "import")



def members(fs: FigureSet, kind: str, flow: str, top: int | None) -> list[Breakdown]:
    """Members of a kind by value in `flow`, largest first (ties by name, as every engine orders them)."""
    figures = fs.select(kind=kind, flow=flow, metric="value")
    figures.sort(key=lambda x: (-x.yuan, x.breakdown.name))
    return [x.breakdown for x in figures[:top]]



__all__ = ["FLOWS3", "MARK_NOTES", "NO_BASE", "NO_DATA", "PLACES", "ROUNDING_NOTE", "YI_FROM", "Builder", "Cell",
           "Column", "Row", "StatTable", "flow_columns", "growth_cell", "members", "shown"]
