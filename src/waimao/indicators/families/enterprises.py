"""Enterprises: the slice figures of each enterprise type (企业性质), and the number of enterprises with trade.

Neither is on the public platform: both come from a customs office's record-level data, which
carry the type and an anonymised enterprise id on every row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from waimao.indicators import formulas as f
from waimao.indicators.families.base import Context, Family, need
from waimao.indicators.labels import FLOW_ZH, member_names
from waimao.indicators.records import Breakdown
from waimao.indicators.writer import Writer
from waimao.model import wording as w

ENTERPRISE_TYPE = need("enterprise_type", ("enterprise_type",), "企业性质", "the enterprise-type figures")
ENTERPRISE = need("enterprise", ("enterprise_id",), "外贸企业数量", "the enterprise counts")


def write(ctx: Context) -> None:
    if ctx.has("enterprise_type"):
        writer = ctx.writer_for("enterprise_type")
        for (kind, member, flow), pair in sorted(ctx.sums.members().items()):
            if kind == "enterprise_type":
                zh, en = member_names(kind, member)
                writer.slice(flow, Breakdown(kind, zh), (zh, en), pair, ctx.totals[flow])
    if ctx.has("enterprise"):
        _counts(ctx.writer_for("enterprise"), ctx.sums.enterprise_counts())


def _counts(writer: Writer, records: Sequence[Mapping]) -> None:
    """Enterprises with trade, by flow and type: count, change, growth, and a type's share of the count."""
    counts: dict[tuple[str, str, str], int] = {}
    for r in records:
        if r["enterprise_type"] is None:
            continue
        counts[(r["flow"], r["enterprise_type"], r["side"])] = int(r["count"])
    for (flow, etype, side), n in sorted(counts.items()):
        if side != "cur":
            continue
        n0 = counts.get((flow, etype, "base"), 0) if writer.has_base else None
        if etype == "":
            breakdown, text = None, f"有{FLOW_ZH[flow]}实绩的外贸企业{n}家"
        else:
            zh, _ = member_names("enterprise_type", etype)
            breakdown, text = Breakdown("enterprise_type", zh), f"{zh}{n}家"
        writer.count(flow, breakdown, "count", n, "家", text, f"{n} enterprises traded")
        writer.counts_change(flow, breakdown, n, n0, "家")
        if breakdown is not None and counts.get((flow, "", "cur")):
            share = f.share(Decimal(n), Decimal(counts[(flow, "", "cur")]))
            writer.add(flow, breakdown, "count_share_pct", f.percent(share), "%",
                       f"占外贸企业总数的{w.pct_zh(share)}", f"{w.pct_en(share)} of all enterprises")


FAMILY = Family("enterprises", (ENTERPRISE_TYPE, ENTERPRISE), write)
