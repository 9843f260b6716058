"""连续N个月保持增长: runs of monthly growth of the subject and of each product group.

A streak counts months from the period's last month back whose value exceeds the same month a
year earlier; it stops where its source does not hold a month or the month before it (24 at most).
"""

from __future__ import annotations

from datetime import date

from waimao.indicators import formulas as f
from waimao.indicators.families.base import Context, Family
from waimao.indicators.families.products import PRODUCT
from waimao.indicators.families.subject import FLOWS, SUBJECT
from waimao.indicators.planner import Source
from waimao.indicators.records import Breakdown
from waimao.indicators.sums import Series, months_back
from waimao.indicators.writer import ZERO
from waimao.model.periods import Period

LONGEST = 24


def streak(series: Series, source: Source, last: date, flow: str) -> int:
    def pairs():
        for month in reversed(months_back(last, LONGEST)):
            before = date(month.year - 1, month.month, 1)
            if month not in source.months or before not in source.months:
                return
            yield series.get((month, flow), ZERO), series.get((before, flow), ZERO)

    return f.streak(pairs())


def write(ctx: Context) -> None:
    period = ctx.plan.period
    label = str(Period.month(period.year, period.end))
    series = ctx.sums.monthly()
    writer = ctx.writer_for("subject")
    for flow in FLOWS:
        writer.streak(flow, None, streak(series["value"], ctx.plan.source("subject"), period.last_month, flow), label)
    if not ctx.has("product"):
        return
    writer = ctx.writer_for("product")
    for i, group in enumerate(ctx.groups):
        for flow in FLOWS:
            months = streak(series[f"v{i}"], ctx.plan.source("product"), period.last_month, flow)
            writer.streak(flow, Breakdown("product_group", group.name), months, label)


FAMILY = Family("streaks", (SUBJECT, PRODUCT), write)
