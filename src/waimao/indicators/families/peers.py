"""Ranks among provinces, the gap to the national average growth and the share of the nation.

They need a cut holding every province (the platform's all-province download, or a national
record extract); a product group's are given only when that cut holds the whole group (`covers`).
A country (a Comtrade reporter) is ranked among the reporters loaded; they are not a whole, so
it has no average growth or share to be compared with.
"""

from __future__ import annotations

from decimal import Decimal

from waimao.indicators import formulas as f
from waimao.indicators.families.base import Context, Family, need
from waimao.indicators.families.subject import FLOWS
from waimao.indicators.records import Breakdown
from waimao.indicators.writer import Pair, Writer
from waimao.model.regions import Region

PEERS = need("peers", ("region",), "全国排名", "the ranks among provinces and national comparisons", scope="peers")
PEER_PRODUCT = need("peer_product", ("region", "product"), "商品的全国排名", "the national ranks of product groups",
                    scope="peers")
#: The peer table covers a product group when it holds this much of the subject's own value, or more.
PEER_COVERAGE = Decimal("0.995")


def write(ctx: Context) -> None:
    if not ctx.has("peers"):
        return
    subject = ctx.plan.subject
    province = subject.code[:2]
    by_province, of_groups = ctx.sums.peers()
    writer = ctx.writer_for("peers")
    for flow in FLOWS:
        _figures(writer, flow, None, by_province, province, subject, ctx.totals[flow])
    if not of_groups or not ctx.group_pairs:
        return
    writer = ctx.writer_for("peer_product")
    for i, group in enumerate(ctx.groups):
        by_group = of_groups[i]
        for flow in FLOWS:
            if covers(by_group.get((province, flow)), ctx.group_pairs[(group.name, flow)]):
                _figures(writer, flow, Breakdown("product_group", group.name), by_group, province, subject, None)


def covers(peer: Pair | None, own: Pair) -> bool:
    """Whether the peer table holds the whole group, not a few of its lines.

    A platform download per province × HS code usually covers the groups a bulletin ranks,
    not the broad ones around them (its 锂离子蓄电池 lines are not all of 机电产品); ranks
    and national shares from such a partial cut would be wrong, so they are left out.
    """
    if peer is None or own.cur <= 0:
        return False
    return PEER_COVERAGE * own.cur <= peer.cur <= own.cur / PEER_COVERAGE


def _figures(writer: Writer, flow: str, breakdown: Breakdown | None, by_province, province: str, subject: Region,
             own: Pair | None) -> None:
    values = {p: pair for (p, fl), pair in by_province.items() if fl == flow}
    nation = sum(values.values(), Pair())
    if nation.cur == 0:
        return
    mine = values.get(province, Pair()) if subject.level in ("province", "country") else own
    if mine is None or mine.cur == 0:
        return
    if subject.level == "country":  # the reporters loaded are no whole: ranks only, no average or share
        if sum(1 for pair in values.values() if pair.cur > 0) > 1:  # a rank among one is no rank
            _ranks(writer, flow, breakdown, values, province, "已载入的申报方中", "the reporters loaded")
        return
    writer.gap(flow, breakdown, "gap_pp", mine.growth, nation.growth, "全国平均增速", "the national average")
    if subject.level != "province":
        return
    writer.share_of(flow, breakdown, "national_share_pct", mine.cur, nation.cur,
                    "全国同类" if breakdown else "全国", "the national")
    _ranks(writer, flow, breakdown, values, province, "全国", "provinces")


def _ranks(writer: Writer, flow: str, breakdown: Breakdown | None, values: dict, code: str, among_zh: str,
           among_en: str) -> None:
    growth = {p: pair.growth for p, pair in values.items() if pair.cur > 0 and pair.growth is not None}
    if code in growth:
        writer.rank(flow, breakdown, "rank", f.ranks(growth)[code], among_zh, among_en)
    writer.rank(flow, breakdown, "value_rank", f.ranks({p: pair.cur for p, pair in values.items()})[code],
                among_zh, among_en, of="value")


FAMILY = Family("peers", (PEERS, PEER_PRODUCT), write)
