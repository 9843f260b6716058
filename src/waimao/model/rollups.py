"""The rollup tables: the trade rows summed to a coarser grain, declared once for the engine and the planner.

A national warehouse holds tens of millions of record-level rows, but a province's figure set reads
sums by a few dimensions at a time (its partners, its HS codes, its trade modes by month) and the
number of such sums is bounded by the dimensions, not by the rows: one province holds at most
72 months-flows × 8,000 HS codes whatever the size of the warehouse. So the warehouse keeps, next to
`trade`, a few tables of the same rows summed by (load, region cut to `region_length` characters,
month, flow, `dims`), built inside the transaction that loads the rows and dropped with them
(`waimao.engines.rollups`). A window of rows whose reads a rollup holds is read from the rollup
(`waimao.indicators.rollups`); every other read stays on `trade`. The sums are exact decimals, so a
sum of the rollup's sums is the sum of the rows, digit for digit.

- `region_length` 2 keeps the province code (the nation and every province are answered); None keeps
  the full region code (the prefectures, zones and counties too).
- `grouped`: HS codes replaced by the index of each product group of `products.GROUPS` the code is in
  (a code in two nested groups counts in each), so only reads of product groups may use it.
- `distinct`: no measures, one row per distinct key (the enterprise ids, for counts of enterprises).

Listed narrowest first: the planner takes the first that holds a read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from waimao.model.units import KG_PER_UNIT

#: Measures: the sums of the two money columns and of the first quantity in kilograms (mass units only).
MEASURES = ("value_cny", "value_usd", "kg")


@dataclass(frozen=True)
class Rollup:
    """One rollup table: its name, how much of the region code it keeps, its other dims and measures."""

    name: str
    region_length: int | None
    dims: tuple[str, ...]
    measures: tuple[str, ...] = MEASURES
    grouped: bool = False

    @property
    def distinct(self) -> bool:
        return not self.measures

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's columns in order: load_id, region, month, flow, dims, measures."""
        return ("load_id", "region", "month", "flow", *self.dims, *self.measures)


ROLLUPS = (
    Rollup("rollup_region", None, ()),  # 979 region codes × 72 months-flows at any size
    Rollup("rollup_group", 2, ("group",), grouped=True),
    Rollup("rollup_mode_type", 2, ("trade_mode", "enterprise_type")),
    Rollup("rollup_partner", 2, ("partner",)),
    Rollup("rollup_product", 2, ("product",)),
    Rollup("rollup_group_partner", 2, ("partner", "group"), ("value_cny", "value_usd"), grouped=True),
    Rollup("rollup_enterprise", 2, ("enterprise_type", "enterprise_id"), ()),
)
BY_NAME = {r.name: r for r in ROLLUPS}


def grouped_over() -> tuple:
    """The product groups the grouped rollups are summed into (the package's groups, in order)."""
    from waimao.model.products import GROUPS

    return tuple(GROUPS.values())


@cache
def definition() -> str:
    """A digest of everything the rollups' rows depend on: the declaration, the kilogram factors, the groups.

    The warehouse stores it with the rollups it built; a warehouse whose digest differs rebuilds them
    on open, so a changed declaration or product group never reads stale sums.
    """
    groups = [(g.include, g.exclude) for g in grouped_over()]
    text = repr((ROLLUPS, sorted(KG_PER_UNIT.items()), groups))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


__all__ = ["BY_NAME", "MEASURES", "ROLLUPS", "Rollup", "definition", "grouped_over"]
