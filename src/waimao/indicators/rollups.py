"""Which table a window's rows are read from: the narrowest rollup that holds what the query reads, else `trade`.

The planner chooses the *source* of each need (which loads); this chooses, for one query over one
source's window, the physical *table* its rows come from. A rollup (`waimao.model.rollups`) holds
the same loads' rows summed by (region cut to a length, month, flow, a few dims), so it answers a
window when it keeps every column the query reads and enough of the region code for the window's
region prefix and for any region breakdown the query groups by. Sums of the rollup's exact decimal
sums equal the sums of the rows, so the answer does not change, only the rows scanned.

Pure logic on names: the engine says which rollups it has (`Warehouse.rollups`; none on Spark or
when switched off), and the choice is part of each compiled query's key.
"""

from __future__ import annotations

from collections.abc import Sequence

from waimao.model.rollups import BY_NAME, Rollup, definition, grouped_over

#: What a query reads from a window's rows, besides its month, flow and load: dims, 'value' (the
#: window's currency), 'kg', and 'group' (product groups: a grouped rollup over the same groups, else
#: read 'product' and map the codes).
TOTAL = frozenset({"value", "kg"})
MEMBER_READS = {
    "total": TOTAL,
    "partner": TOTAL | {"partner"},
    "product": TOTAL | {"product"},
    "enterprise_type": TOTAL | {"enterprise_type"},
    "trade_mode": TOTAL | {"trade_mode"},
    "region": TOTAL,
}
GROUP_SUMS = TOTAL | {"group"}
GROUP_PARTNERS = frozenset({"value", "partner", "group"})
ENTERPRISES = frozenset({"enterprise_type", "enterprise_id"})
VALUE = frozenset({"value"})
RAW = "trade"


def version(available: Sequence[str]) -> tuple:
    """What a compiled query's key must hold so that it names the tables chosen: the rollups and their digest."""
    return (tuple(available), definition()) if available else ()


def table_for(window: tuple, reads: frozenset[str] | None, available: Sequence[str], region_length: int = 0,
              groups: Sequence = ()) -> str:
    """The table to read `window` from (`sums.WindowKey`: load ids, region prefix(es), sides, months, currency,
    regions) for a query reading `reads` (None: the rows themselves, e.g. to count them) and grouping by the
    region code cut to `region_length` characters (0: not at all).

    A read of 'group' is answered by a grouped rollup only when `groups` are the groups it was summed
    into; the caller then sees a `group` column in the rows instead of `product`.
    """
    if reads is None or not available:
        return RAW
    _, prefix, _, _, currency, regions = window
    if regions is not None:  # a filter on full region codes (a Comtrade file's Chinese reporters)
        return RAW
    prefixes = [prefix] if isinstance(prefix, str) else list(prefix)
    region_needed = max([region_length, *(len(p) for p in prefixes)])
    same_groups = "group" in reads and tuple(groups) == grouped_over()
    for name in available:
        rollup = BY_NAME.get(name)
        if rollup is not None and _answers(rollup, reads, region_needed, currency, same_groups):
            return name
    return RAW


def _answers(rollup: Rollup, reads: frozenset[str], region_needed: int, currency: str, same_groups: bool) -> bool:
    if rollup.region_length is not None and region_needed > rollup.region_length:
        return False
    if rollup.grouped and not same_groups:
        return False  # a grouped rollup sums codes into groups: only reads of those same groups may use it
    if rollup.distinct:  # one row per distinct key: only for reads of exactly those keys (counted distinct)
        return set(reads) == set(rollup.dims)
    held = set(rollup.dims)
    if "kg" in rollup.measures:
        held.add("kg")
    if f"value_{currency.lower()}" in rollup.measures:
        held.add("value")
    wanted = set(reads) if rollup.grouped else {("product" if c == "group" else c) for c in reads}
    return wanted <= held


__all__ = ["ENTERPRISES", "GROUP_PARTNERS", "GROUP_SUMS", "MEMBER_READS", "RAW", "TOTAL", "VALUE", "table_for",
           "version"]
