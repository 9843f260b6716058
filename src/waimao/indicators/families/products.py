"""Product groups and HS codes: value, growth, share …, tonnage, product and partner counts.

A product group is a set of HS prefixes (`waimao.model.products`), so its sums are sums of its
codes, read from the cut that holds HS codes. The figures of single codes (most figures on a
national table) are written only when asked for (`FigureSet`): a bulletin cites groups.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from waimao.indicators.families.base import Context, Family, need
from waimao.indicators.families.partners import partner_count_figures
from waimao.indicators.families.subject import FLOWS
from waimao.indicators.labels import FLOW_ZH, member_names
from waimao.indicators.records import Breakdown
from waimao.indicators.sums import dec, side_sum
from waimao.indicators.writer import ZERO, Pair, Writer
from waimao.model import products

PRODUCT = need("product", ("product",), "商品", "the product figures")
PARTNER_PRODUCT = need("partner_product", ("partner", "product"), "商品的贸易伙伴数",
                       "the partner counts of product groups")


def write(ctx: Context) -> None:
    if not ctx.has("product"):
        return
    writer = ctx.writer_for("product")
    series = ctx.sums.monthly()
    period, base = ctx.plan.period, ctx.plan.period.previous_year()
    for i, group in enumerate(ctx.groups):
        values, kgs = series[f"v{i}"], series[f"k{i}"]
        for flow in FLOWS:
            pair = Pair(side_sum(values, period.months, flow), side_sum(values, base.months, flow),
                        side_sum(kgs, period.months, flow), side_sum(kgs, base.months, flow))
            ctx.group_pairs[(group.name, flow)] = pair
            writer.slice(flow, Breakdown("product_group", group.name), (group.name, group.name_en), pair,
                         ctx.totals[flow])
    _parts_of_unions(writer, ctx)
    sums = ctx.sums.members()
    _product_counts(writer, sums, ctx.groups)
    if ctx.has("partner_product"):
        _group_partner_counts(ctx.writer_for("partner_product"), ctx.sums.group_partners(), ctx.groups)
    ctx.deferred["product"] = lambda: _codes(writer, sums, ctx.totals)


def _parts_of_unions(writer: Writer, ctx: Context) -> None:
    """The share of a part in its union (碳酸钠 in 盐湖化工产品); a part in several unions takes the first
    that names it in product_groups.toml."""
    parents: dict[str, products.ProductGroup] = {}
    for group in ctx.groups:
        for part in group.union:
            parents.setdefault(part, group)
    for part, group in parents.items():
        for flow in FLOWS:
            writer.share_of(flow, Breakdown("product_group", part), "share_of_group_pct",
                            ctx.group_pairs[(part, flow)].cur, ctx.group_pairs[(group.name, flow)].cur,
                            group.name, group.name_en)


def _product_counts(writer: Writer, sums, groups) -> None:
    codes: dict[str, dict[str, Pair]] = defaultdict(dict)
    for (kind, member, flow), pair in sums.items():
        if kind == "product":
            codes[flow][member] = pair
    every = list(codes["total"])
    by_chapter: dict[str, list[str]] = defaultdict(list)
    for code in every:
        by_chapter[code[:2]].append(code)
    targets: list[tuple[Breakdown | None, str, str, list[str]]] = [(None, "商品", "goods", every)]
    targets += [(Breakdown("product_group", g.name), g.name, g.name_en, _covered(g, by_chapter)) for g in groups]
    for breakdown, name, name_en, group_codes in targets:
        for flow in FLOWS:
            members = {c: codes[flow][c] for c in group_codes if c in codes[flow]}
            now = [c for c, p in members.items() if p.cur > 0]
            if not now:
                continue
            writer.count(flow, breakdown, "product_count", len(now), "种", f"{FLOW_ZH[flow]}{name}种类达{len(now)}种",
                         f"{len(now)} kinds of {name_en}")
            if writer.has_base:
                new = [c for c in now if members[c].base == 0]
                writer.count(flow, breakdown, "new_product_count", len(new), "种", f"较去年同期新增{len(new)}种",
                             f"{len(new)} new kinds", detail={"products": sorted(new)})


def _covered(group: products.ProductGroup, by_chapter: dict[str, list[str]]) -> list[str]:
    """The codes of a group, testing only those of the chapters its prefixes name (every prefix has two digits or
    more): 8,000 codes × 40 groups were 320,000 tests per figure set."""
    chapters = dict.fromkeys(prefix[:2] for prefix in group.include)
    return [code for chapter in chapters for code in by_chapter.get(chapter, ()) if group.covers(code)]


def _group_partner_counts(writer: Writer, partner_rows, groups) -> None:
    values: dict[tuple[int, str], dict[str, list[Decimal]]] = defaultdict(dict)
    for r in partner_rows:
        amount = dec(r["value"])
        if amount == 0 or r["partner"] is None or r["side"] not in ("cur", "base"):
            continue
        at = 0 if r["side"] == "cur" else 1
        for flow in (r["flow"], "total"):
            values[(r["group"], flow)].setdefault(r["partner"], [ZERO, ZERO])[at] += amount
    for (i, flow), by_partner in sorted(values.items()):
        group = groups[i]
        partner_count_figures(writer, flow, Breakdown("product_group", group.name), group.name,
                              {c: Pair(cur, base) for c, (cur, base) in by_partner.items()})


def _codes(writer: Writer, sums, totals) -> None:
    """Every HS code's slice figures (deferred: see `FigureSet`)."""
    for (kind, member, flow), pair in sorted(sums.items()):
        if kind == "product":
            writer.slice(flow, Breakdown("product", member), member_names("product", member), pair, totals[flow])


FAMILY = Family("products", (PRODUCT, PARTNER_PRODUCT), write)
