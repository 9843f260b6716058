"""统计月报 blocks of a breakdown table: 当月 beside 1—N月累计, 上年同期, and US dollars beside RMB.

A 统计月报 table of partners, products, trade modes … prints for each member the last month alone
(当月: value, 同比), the run from January (1—N月累计: value, 同比, 占比), the run's value a year
earlier (上年同期) and the same run in US dollars. One figure set holds one period in one currency,
so these come from several figure sets the caller computes (`TableSets`: the api, the CLI and the
web do; the reports layer never reaches an engine). A block is left out, with a note saying why,
when its figure set is absent: no USD amounts in the data, no data a year earlier. Each cell is a
figure of its own set (or the mark for its absence); no number is converted or derived here — a
dollar column is the dollar figures of the data's dollar amounts, never yuan at some rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from waimao.indicators import Breakdown, FigureSet
from waimao.model.periods import Period
from waimao.reports.table_cells import NO_BASE, NO_DATA, Builder, Cell, Column, growth_cell

FLOW_NAMES = {"total": ("进出口", "Total trade"), "export": ("出口", "Exports"), "import": ("进口", "Imports")}
VALUE, YOY, SHARE = ("金额", "Value"), ("同比", "y/y %"), ("占比", "Share %")
USD = ("美元", "US dollars")


@dataclass
class TableSets:
    """The figure sets the blocks are read from, beside the release's own (`FigureSet` of its period).

    `cumulative`: the run from January when the release is a single later month (2025M03 → 1—3月),
    else None (the release's own set is the run). `month`: the last month alone (当月), None when the
    run is one month. `base`: the run a year earlier (上年同期). `usd`: the run in US dollars.
    `notes`: why a block is missing (数据无美元金额 …), (zh, en), printed under each table.
    """

    cumulative: FigureSet | None = None
    month: FigureSet | None = None
    base: FigureSet | None = None
    usd: FigureSet | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)

    def any(self) -> bool:
        return any(s is not None for s in (self.month, self.base, self.usd))


def cumulative_period(period: Period) -> Period:
    """The run a 统计月报 prints as 累计 for a release of `period`: a single later month becomes the
    run from January (2025M03 → 2025年1—3月); any other period is its own run (2025Q1, 2025Q2, 2025H1)."""
    if period.month_count == 1 and period.first_month.month > 1:
        return Period.from_months(Period.month(period.year, m).first_month
                                  for m in range(1, period.first_month.month + 1))
    return period


def run_label(period: Period) -> tuple[str, str]:
    """The 累计 block's header: 1—3月累计 for a run from January, else the period's own name (二季度)."""
    if period.month_count > 1 and period.first_month.month == 1:
        return f"1—{period.last_month.month}月累计", f"Jan–{period.last_month.strftime('%b')}"
    return period.label_zh(), period.label_en(with_year=False)


class Blocks:
    """Reads the block cells of one member of a table whose cumulative figures are `builder`'s."""

    def __init__(self, builder: Builder, sets: TableSets):
        self.b = builder
        self.sets = sets
        self.month = _in_unit(sets.month, builder.unit)
        self.base = _in_unit(sets.base, builder.unit)
        self.usd = Builder(sets.usd) if sets.usd is not None else None
        self.label = run_label(builder.fs.period)

    @property
    def usd_unit(self) -> str:
        return self.usd.unit if self.usd is not None else ""

    def columns(self, flow: str | None) -> list[Column]:
        """The block columns for `flow` ('total' …) or, with None, a flow-less table (the product table,
        whose flows are row blocks): the 累计 keys stay those of the plain table (total_value …)."""
        top = (FLOW_NAMES[flow],) if flow else ()
        key = f"{flow}_" if flow else ""
        name = FLOW_NAMES[flow] if flow else ("", "")
        out: list[Column] = []
        if self.month is not None:
            when = ("当月", self.sets.month.period.last_month.strftime("%B"))  # 当月: the month itself, March
            out += [Column(f"{key}month_value", f"{name[0]}当月金额", f"{name[1]} month", "money",
                           (*top, when, VALUE)),
                    Column(f"{key}month_yoy", f"{name[0]}当月同比", f"{name[1]} month y/y %", "pct",
                           (*top, when, YOY))]
        run = self.label
        out += [Column(f"{key}value", f"{name[0]}{run[0]}金额", f"{name[1]} {run[1]}", "money", (*top, run, VALUE)),
                Column(f"{key}yoy", f"{name[0]}{run[0]}同比", f"{name[1]} {run[1]} y/y %", "pct", (*top, run, YOY)),
                Column(f"{key}share", f"{name[0]}{run[0]}占比", f"{name[1]} {run[1]} share %", "pct",
                       (*top, run, SHARE))]
        if self.base is not None:
            out.append(Column(f"{key}base_value", f"{name[0]}上年同期", f"{name[1]} a year earlier", "money",
                              (*top, ("上年同期", "Year earlier"))))
        if self.usd is not None:
            # 美元 over the run's name, not one long 1—3月累计（万美元） box: a column as wide as its header
            # would shrink the whole 22-column table on the page; the unit line names 万美元
            out.append(Column(f"{key}usd_value", f"{name[0]}{run[0]}（{self.usd.unit}）", f"{name[1]} {run[1]} (USD)",
                              "money", (*top, USD, run)))
        return out

    def cells(self, flow: str, breakdown: Breakdown | None, key: str) -> dict[str, Cell]:
        """The block cells (当月, 上年同期, USD) of one member; `key` is the column key prefix ('total_' or '')."""
        out: dict[str, Cell] = {}
        if self.month is not None:
            out[f"{key}month_value"] = self.month.money(self.month.fs.find(flow, breakdown, "value"))
            out[f"{key}month_yoy"] = growth_cell(self.month.fs, flow, breakdown)
        if self.base is not None:
            out[f"{key}base_value"] = self._base(flow, breakdown)
        if self.usd is not None:
            out[f"{key}usd_value"] = self.usd.money(self.usd.fs.find(flow, breakdown, "value"))
        return out

    def _base(self, flow: str, breakdown: Breakdown | None) -> Cell:
        """The member's value in the base run; a member the base set lacks had no trade then only when the
        run's own figures say so (first_time: printed "…", as its 同比), else it is "—" (no figure)."""
        figure = self.base.fs.find(flow, breakdown, "value")
        if figure is not None:
            return self.base.money(figure)
        first = self.b.fs.find(flow, breakdown, "first_time")
        return Cell(None, first, NO_BASE if first is not None else NO_DATA)


def _in_unit(fs: FigureSet | None, unit: str) -> Builder | None:
    """A builder of `fs` in the table's money unit (a base year under 1万亿 still prints in the table's 亿元)."""
    if fs is None:
        return None
    builder = Builder(fs)
    builder.unit = unit
    return builder


__all__ = ["Blocks", "TableSets", "cumulative_period", "run_label"]
