"""Which figures a bulletin states, whatever its language: the editorial choices, applied once.

The Chinese and English texts must report the same partners, products and regions with the
same numbers, so the choosing (by `Rules`: size, growth, novelty, top N) lives here and the
composers only word what this module hands them.
"""

from __future__ import annotations

from decimal import Decimal

from waimao.indicators import Breakdown, Figure, FigureSet
from waimao.model import products
from waimao.reports.rules import ProductRules, Rules

#: Groups whose tonnage a release states beside the value (冷凉蔬菜出口1545.6吨, 原油进口2.8亿吨): those marked
#: `tonnage = true` in product_groups.toml.
TONNAGE_GROUPS = tuple(group.name for group in products.GROUPS.values() if group.tonnage)


class Picker:
    """Looks figures up in one figure set and applies the rules to choose members."""

    def __init__(self, fs: FigureSet, rules: Rules):
        self.fs, self.rules = fs, rules

    def get(self, flow: str, breakdown: Breakdown | tuple | None, metric: str) -> Figure | None:
        return self.fs.find(flow, breakdown, metric)

    def growth(self, flow: str, breakdown: Breakdown | tuple | None) -> Figure | None:
        """The growth figure, whichever way it is stated: %, 倍, or no trade a year earlier."""
        return (self.get(flow, breakdown, "yoy_pct") or self.get(flow, breakdown, "yoy_times")
                or self.get(flow, breakdown, "first_time"))

    def top_set(self) -> Figure | None:
        """The value of the top-N partner set in the bloc scheme (EU and ASEAN counted whole)."""
        for figure in self.fs.select(kind="partner_group", flow="total", metric="value"):
            if figure.detail.get("scheme") == "bloc" and figure.detail.get("top") == self.rules.top_partners:
                return figure
        return None

    def new_partner_names(self, new: Figure) -> tuple[list[str], bool]:
        """The new partners to name, and whether there are more than those."""
        every = new.detail.get("partners", [])
        return every[: self.rules.new_partners_named], len(every) > self.rules.new_partners_named

    def product_groups(self, flow: str) -> list[Figure]:
        """Value figures of the product groups the rules single out: a large share, or new or fast-growing.

        The subject's own figures decide, whatever the region: the largest groups that pass the rules,
        at most the rules' number, then ordered as a tree: a group whose parent (or grandparent …) is
        among them follows it as one of its 其中 items (`shown_parent`), the others stand by value.
        """
        rules = self._product_rules(flow)
        chosen = []
        for figure in self.fs.select(kind="product_group", flow=flow, metric="value"):
            group = products.resolve_group(figure.breakdown.name)
            if rules.skip_unions and group.union and not _heads_its_parts(group):
                continue
            share = self.get(flow, figure.breakdown, "share_pct")
            big = share is not None and share.value >= rules.min_share_pct
            times = self.get(flow, figure.breakdown, "yoy_times")
            new = self.get(flow, figure.breakdown, "first_time") is not None
            fast = times is not None and times.value >= rules.fast_growth
            if big or (figure.yuan >= Decimal(str(rules.min_value)) and (new or fast)):
                chosen.append(figure)
        chosen.sort(key=lambda f: (-f.yuan, f.breakdown.name))
        return _as_tree(_without_wrappers(chosen, rules.same_value_pct)[: rules.max_items])

    def _product_rules(self, flow: str) -> ProductRules:
        return self.rules.exports if flow == "export" else self.rules.imports

    def tonnage(self, flow: str, breakdown: Breakdown) -> Figure | None:
        if not products.resolve_group(breakdown.name).tonnage:
            return None
        return self.get(flow, breakdown, "quantity")

    def value_rank(self, flow: str, breakdown: Breakdown) -> Figure | None:
        """The rank by value among provinces, when it is high enough to state (居全国第三)."""
        rank = self.get(flow, breakdown, "value_rank")
        return rank if rank is not None and rank.value <= self._product_rules(flow).value_rank_top else None

    def streak(self, flow: str, breakdown: Breakdown) -> Figure | None:
        """A run of growth long enough to mention (three months or more)."""
        streak = self.get(flow, breakdown, "streak_months")
        return streak if streak is not None and streak.value >= 3 else None

    def regions(self) -> list[Figure]:
        """Value figures of the regions with trade, largest first, at most the rules' number."""
        values = sorted(self.fs.select(kind="region", flow="total", metric="value"),
                        key=lambda f: (-f.yuan, f.breakdown.name))
        return [v for v in values if v.value > 0][: self.rules.max_regions]


def _heads_its_parts(group: products.ProductGroup) -> bool:
    """A union that its parts name as their parent (劳动密集型产品 ⊃ 服装 …) is a category of its own, stated
    with its parts as 其中 items; other unions (光伏产品) only restate their parts and are left to them."""
    return all(group.name in products.ancestors_of(part) for part in group.union)


def shown_parent(figure: Figure, shown: list[Figure]) -> str | None:
    """The group among `shown` of which `figure`'s group is a part (其中), nearest first; None when none is.

    `shown` is a list `Picker.product_groups` returned: a child comes right after its parent or a
    sibling, so a composer can word it 其中… under the parent's sentence and a table indent it.
    """
    names = {f.breakdown.name for f in shown}
    return next((name for name in products.ancestors_of(figure.breakdown.name) if name in names), None)


def _as_tree(chosen: list[Figure]) -> list[Figure]:
    """Top-level groups in the given (value) order, each followed by its chosen descendants, depth first."""
    under: dict[str | None, list[Figure]] = {}
    for figure in chosen:
        under.setdefault(shown_parent(figure, chosen), []).append(figure)
    ordered: list[Figure] = []

    def visit(figure: Figure) -> None:
        ordered.append(figure)
        for child in under.get(figure.breakdown.name, ()):
            visit(child)

    for figure in under.get(None, ()):
        visit(figure)
    return ordered


def _contains(outer: products.ProductGroup, inner: products.ProductGroup) -> bool:
    """Every code of `inner` is a code of `outer` (judged by include prefixes)."""
    return outer.name != inner.name and all(p.startswith(outer.include) for p in inner.include)


def _without_wrappers(chosen: list[Figure], same_value_pct: float) -> list[Figure]:
    """Drop a broad group that is almost all one narrower chosen group (机电产品 ≈ 锂离子蓄电池): say the narrow one."""
    groups = {f.breakdown.name: products.resolve_group(f.breakdown.name) for f in chosen}
    keep = []
    for figure in chosen:
        outer = groups[figure.breakdown.name]
        wrapped = any(_contains(outer, groups[other.breakdown.name])
                      and other.yuan >= figure.yuan * Decimal(str(1 - same_value_pct / 100))
                      for other in chosen if other is not figure)
        if not wrapped:
            keep.append(figure)
    return keep


__all__ = ["TONNAGE_GROUPS", "Picker", "shown_parent"]
