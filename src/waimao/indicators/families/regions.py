"""Regions: the regions one level down (a province's 市州, the nation's provinces) and, for a prefecture
or zone, its place in its province (share, growth gap, rank among the prefectures)."""

from __future__ import annotations

from waimao.indicators import formulas as f
from waimao.indicators.families.base import Context, Family, need
from waimao.indicators.families.subject import FLOWS
from waimao.indicators.labels import children_zh, subject_name, whole_zh
from waimao.indicators.records import Breakdown
from waimao.indicators.writer import Pair, Writer
from waimao.model.regions import REGIONS, children, prefecture_of

REGION = need("region", ("region",), "下辖地区", "the figures of the regions one level down", children=True)
PROVINCE = need("province", ("region",), "在全省中的占比", "the shares of the province", scope="province",
                children=True)


def write(ctx: Context) -> None:
    if ctx.has("region"):
        _children(ctx)
    if ctx.has("province"):
        _within_province(ctx)


def _children(ctx: Context) -> None:
    """Each region one level down: slice figures, how many traded and grew, ranks by growth and value."""
    writer = ctx.writer_for("region")
    subject = ctx.plan.subject
    # a prefecture of the customs codes may own several prefixes (广州: 4401, 4423 番禺, 4430 南沙)
    kids = {prefix: r for r in children(subject.code) if r.level != "nation" for prefix in r.record_prefixes}
    summed: dict[tuple[str, str], Pair] = {}
    for (kind, member, flow), pair in ctx.sums.members().items():
        if kind == "region" and member in kids:
            key = (kids[member].code, flow)
            summed[key] = summed.get(key, Pair()) + pair
    region_pairs: dict[str, Pair] = {}
    for (code, flow), pair in sorted(summed.items()):
        region = REGIONS[code]
        zh = subject_name(region)
        writer.slice(flow, Breakdown("region", zh), (zh, region.name_en), pair, ctx.totals[flow])
        if flow == "total":
            region_pairs[zh] = pair
    if region_pairs:
        _counts_and_ranks(writer, region_pairs)


def _counts_and_ranks(writer: Writer, region_pairs: dict[str, Pair]) -> None:
    active = {name: p for name, p in region_pairs.items() if p.cur > 0}
    word = children_zh(writer.subject)
    writer.count("total", None, "region_count", len(active), "个", f"{writer.whole}共{len(active)}个{word}开展外贸业务",
                 f"{len(active)} regions traded")
    if writer.has_base:
        growing = [name for name, p in active.items() if f.rose(p.cur, p.base)]
        writer.count("total", None, "growing_region_count", len(growing), "个", f"{len(growing)}个{word}呈增长态势",
                     f"{len(growing)} regions grew", detail={"regions": sorted(growing)})
        growth = {name: p.growth for name, p in active.items() if p.growth is not None}
        for name, rank in f.ranks(growth).items():
            writer.rank("total", Breakdown("region", name), "rank", rank, writer.whole, "the regions")
    for name, rank in f.ranks({name: p.cur for name, p in active.items()}).items():
        writer.rank("total", Breakdown("region", name), "value_rank", rank, writer.whole, "the regions", of="value")


def _within_province(ctx: Context) -> None:
    """A prefecture's or zone's share of its province (and a zone's of its city), its gap and rank there."""
    writer = ctx.writer_for("province")
    subject = ctx.plan.subject
    province = REGIONS[subject.code[:2]]
    by_region = ctx.sums.province_regions()
    city = REGIONS.get(prefecture_of(subject.code) or "")
    for flow in FLOWS:
        own = sum((p for (code, fl), p in by_region.items() if fl == flow and code in subject.record_prefixes), Pair())
        whole = sum((p for (code, fl), p in by_region.items() if fl == flow), Pair())
        writer.share_of(flow, None, "share_of_pct", own.cur, whole.cur, subject_name(province), province.name_en)
        writer.gap(flow, None, "growth_gap_pp", own.growth, whole.growth, subject_name(province), province.name_en)
        if subject.level == "zone" and city is not None:
            city_pair = sum((p for (code, fl), p in by_region.items()
                             if fl == flow and code.startswith(city.record_prefixes)), Pair())
            writer.share_of(flow, None, "share_of_city_pct", own.cur, city_pair.cur, subject_name(city), city.name_en)
    if subject.level == "prefecture" and writer.has_base:
        sibling_of = {prefix: r.code for r in children(province.code) for prefix in r.record_prefixes}
        pairs: dict[str, Pair] = {}
        for (code, fl), p in by_region.items():
            if fl == "total" and code in sibling_of:
                pairs[sibling_of[code]] = pairs.get(sibling_of[code], Pair()) + p
        growth = {code: p.growth for code, p in pairs.items() if p.cur > 0 and p.growth is not None}
        if subject.code in growth:
            rank = f.ranks(growth)[subject.code]
            writer.rank("total", None, "rank", rank, whole_zh(province), "the prefectures")


FAMILY = Family("regions", (REGION, PROVINCE), write)
