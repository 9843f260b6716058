"""What drove a flow up or down: the members whose pull (拉动/拉低 … 个百分点) explains most of the change.

A release that lists only the products that grew while imports halved reads as cherry-picked;
customs writers say what fell and by how much it pulled the whole down ("主要是…进口下降XX%，
拉低进口增速XX个百分点"). The choice is a rule on the figure set, the same for both languages:

* the members of one breakdown kind whose pull has the sign of the flow's growth, largest first;
* each pulling at least `min_pull_pp` points and `min_part_pct` % of the flow's change;
* taken until together they explain `explain_pct` % of the change, at most `max_items`.

Only one kind is read per sentence, and each kind partitions the trade (HS codes, single
partners, prefectures, trade modes), so the pulls stated side by side never add two cuts of
the same trade; product groups overlap (农产品 ⊃ 肉类) and are not used. A pull is the member's
change over the flow's base, in points: the pulls of a kind add up to the flow's growth.
"""

from __future__ import annotations

from dataclasses import dataclass

from waimao.indicators import Breakdown, Figure
from waimao.indicators.labels import english_name
from waimao.model import products
from waimao.reports.rules import DriverRules
from waimao.reports.selection import Picker

#: The kinds whose members partition the trade, in the order a bulletin states them.
KINDS = ("product", "partner", "trade_mode", "region")


@dataclass(frozen=True)
class Driver:
    """One member that drove the change: its pull, and its growth when it had a base."""

    pull: Figure
    growth: Figure | None

    @property
    def breakdown(self) -> Breakdown:
        return self.pull.breakdown


@dataclass(frozen=True)
class Drivers:
    """The members of one kind that explain a flow's change, and the flow's growth figure."""

    flow: str
    kind: str
    whole: Figure
    items: tuple[Driver, ...]

    @property
    def rising(self) -> bool:
        return self.whole.value > 0


def flow_growth_pp(growth: Figure) -> float | None:
    """The flow's growth in percentage points, whichever way it is stated (% or 倍 = g)."""
    if growth.metric == "yoy_pct":
        return growth.value
    if growth.metric == "yoy_times":
        return growth.value * 100
    return None


def drivers(x: Picker, flow: str, kind: str) -> Drivers | None:
    """The drivers of `flow` among the members of `kind`, or None when the rule picks none."""
    rules: DriverRules = x.rules.drivers
    whole = x.growth(flow, None)
    change = flow_growth_pp(whole) if whole is not None else None
    if change is None or abs(change) < rules.min_change_pct:
        return None
    sign = 1 if change > 0 else -1
    floor = max(rules.min_pull_pp, abs(change) * rules.min_part_pct / 100)
    pulls = [f for f in x.fs.select(kind=kind, flow=flow, metric="pull_pp") if f.value * sign >= floor]
    pulls.sort(key=lambda f: (-abs(f.value), f.breakdown.name))
    chosen: list[Driver] = []
    explained = 0.0
    for pull in pulls[: rules.max_items]:
        chosen.append(Driver(pull, x.growth(flow, pull.breakdown)))
        explained += abs(pull.value)
        if explained >= abs(change) * rules.explain_pct / 100:
            break
    return Drivers(flow, kind, whole, tuple(chosen)) if chosen else None


def _narrow_group(code: str) -> products.ProductGroup | None:
    """The group a code is named by: one whose prefix of six digits or more covers it (850760 → 锂离子蓄电池).

    A broader group (农产品, 肉类) would name a whole chapter for one code, so only subheading-level
    groups lend their name; among several, the one with the longest matching prefix.
    """
    best, length = None, 5
    for group in products.GROUPS.values():
        if group.union:
            continue
        for prefix in group.include:
            if len(prefix) > length and code.startswith(prefix) and group.covers(code):
                best, length = group, len(prefix)
    return best


def member_zh(breakdown: Breakdown) -> str:
    """How a driver is named in Chinese: 对蒙古 (a partner), 锂离子蓄电池（HS编码85076000）, 西宁市, 一般贸易."""
    if breakdown.kind == "product":
        group = _narrow_group(breakdown.name)
        return f"{group.name}（HS编码{breakdown.name}）" if group else f"HS编码{breakdown.name}商品"
    if breakdown.kind == "partner":
        return f"对{breakdown.name}"
    return breakdown.name


def member_en(breakdown: Breakdown) -> str:
    """The English name of a driver: 'lithium-ion batteries (HS 85076000)', 'HS 26169000', 'Mongolia'."""
    if breakdown.kind == "product":
        group = _narrow_group(breakdown.name)
        if group is None:
            return f"HS {breakdown.name}"
        name = group.name_en.split(" (")[0]  # sodium carbonate (HS 28362000), not … (soda ash) (HS …)
        return f"{name[0].lower() + name[1:]} (HS {breakdown.name})"
    return english_name(breakdown)


__all__ = ["KINDS", "Driver", "Drivers", "drivers", "flow_growth_pp", "member_en", "member_zh"]
