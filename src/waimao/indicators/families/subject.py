"""The subject as a whole: its totals by flow, balance, each month of a longer period, and the change of growth.

Every other family's shares, pulls and contributions are parts of these totals, so they are
written first and passed on (`Context.totals`).
"""

from __future__ import annotations

from datetime import date

from waimao.indicators import formulas as f
from waimao.indicators.families.base import Context, Family, need
from waimao.indicators.sums import Series, side_sum
from waimao.indicators.writer import ZERO, Pair
from waimao.model import wording as w
from waimao.model.periods import Period

SUBJECT = need("subject", (), "总值", "the totals", required=True)
FLOWS = ("total", "export", "import")


def write(ctx: Context) -> None:
    totals = ctx.sums.totals()
    ctx.totals.update(totals)
    writer = ctx.writer_for("subject")
    names = ("", "")
    for flow in FLOWS:
        writer.slice(flow, None, names, Pair(totals[flow].cur, totals[flow].base))
    writer.money("balance", None, names, totals["export"].cur - totals["import"].cur)
    series = ctx.sums.monthly()["value"]
    _yoy_change(ctx, series)
    _months(ctx, series)


def _yoy_change(ctx: Context, series: Series) -> None:
    """增幅较去年提升…个百分点: this year's growth minus last year's, for the subject's flows."""
    source = ctx.plan.source("subject")
    base = ctx.plan.period.previous_year()
    if not (source.has(base) and source.has(base.previous_year())):
        return
    writer = ctx.writer_for("subject")
    for flow in FLOWS:
        cur, before, before2 = (side_sum(series, p.months, flow) for p in (ctx.plan.period, base, base.previous_year()))
        pp = f.gap_pp(f.growth(cur, before), f.growth(before, before2))
        if pp is not None:
            writer.add(flow, None, "yoy_change_pp", pp, "个百分点", f"增幅较去年{w.change_pp_zh(pp)}",
                       f"growth {w.change_pp_en(pp)} on the year before")


def _months(ctx: Context, series: Series) -> None:
    """Value and growth of each month of a longer period, for the monthly table and the trend chart."""
    period, source = ctx.plan.period, ctx.plan.source("subject")
    if len(period.months) < 2:
        return
    writer = ctx.writer_for("subject")
    for month in period.months:
        before = date(month.year - 1, month.month, 1)
        label = str(Period.month(month.year, month.month))
        of_month = writer.using(writer.source, before in source.months, period=label)
        value = {flow: Pair(series.get((month, flow), ZERO), series.get((before, flow), ZERO)) for flow in FLOWS}
        for flow, pair in value.items():
            of_month.slice(flow, None, ("", ""), pair)
        of_month.money("balance", None, ("", ""), value["export"].cur - value["import"].cur)


FAMILY = Family("subject", (SUBJECT,), write)
