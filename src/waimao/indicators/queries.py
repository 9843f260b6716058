"""The scans behind a figure set, written once as Ibis expressions over the warehouse tables.

A bulletin needs a few thousand figures for one region and period, and nearly all of them are
ratios of a few hundred sums. So the engine is asked for those sums only, in a handful of
aggregations that each read the subject's rows once (see `docs/indicators.md` for the list):
every breakdown member's current and base value, the monthly values of every product group
(which also give the streaks and the previous year's growth), the partners of every product
group, the enterprise counts, the sibling regions and the peer provinces. Everything else is
arithmetic on the returned sums (`waimao.indicators.formulas`).

Nothing here knows which engine runs it: the functions take Ibis tables and return Ibis
expressions, and product groups become a join of codes with `startswith` prefixes, which every
SQL engine has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pyarrow as pa

from waimao.model.products import ProductGroup
from waimao.model.schema import CURRENCY_COLUMNS
from waimao.model.units import KG_PER_UNIT

#: Sides of a comparison: the period, the same months a year earlier, and two years earlier.
SIDES = ("cur", "base", "base2")
#: Exact sums need room: 18-digit yuan summed over millions of rows.
_SUM_TYPE = dt.Decimal(38, 3)


def group_members(products: ir.Table, groups: Sequence[ProductGroup]) -> ir.Table:
    """(product, group): which of the given codes fall in which group, `group` being the index in `groups`.

    The SQL form of `ProductGroup.matches`, tested on a few thousand distinct codes against a
    small table of prefixes — never row by row — so that a national table of 100M rows costs
    the engine one join of codes × prefixes, whatever the number of groups. The join is on
    equality: each code is cut to every length a prefix has (a code starts with a prefix exactly
    when its first len(prefix) characters are the prefix), so the engine hashes instead of testing
    `startswith` for every code and every one of the ≈ 500 prefixes (a nested loop that took a
    third of a province's figure-set query at 1M rows).
    """
    entries = [(i, prefix, False) for i, g in enumerate(groups) for prefix in g.include]
    entries += [(i, prefix, True) for i, g in enumerate(groups) for prefix in g.exclude]
    group, prefix, exclude = zip(*entries, strict=True)
    prefixes = ibis.memtable(pa.table({"group": pa.array(group, pa.int64()), "prefix": pa.array(prefix, pa.string()),
                                       "length": pa.array([len(p) for p in prefix], pa.int64()),
                                       "exclude": pa.array(exclude, pa.bool_())}))
    codes = products.select("product").distinct()
    starts = ibis.union(*[codes.select("product", cut=ibis.literal(n, dt.int64), start=codes.product.substr(0, n))
                          for n in sorted({len(p) for p in prefix})], distinct=False)

    def hits(exclude: bool) -> ir.Table:
        side = prefixes.filter(prefixes.exclude == exclude)
        joined = starts.join(side, [starts["start"] == side["prefix"], starts["cut"] == side["length"]])
        return joined.select("product", "group").distinct()

    return hits(False).anti_join(hits(True), ["product", "group"])


def kilograms(rows: ir.Table) -> ir.DecimalValue:
    """The first quantity in kilograms where its unit is a mass unit, else null."""
    cases = [(rows.unit1 == name, (rows.qty1 * factor).cast(_SUM_TYPE)) for name, factor in KG_PER_UNIT.items()]
    return ibis.cases(*cases, else_=ibis.null(_SUM_TYPE))


def window(
    trade: ir.Table,
    load_ids: Sequence[int],
    prefix: str | Sequence[str],
    sides: Mapping[str, Sequence[date]],
    months: Sequence[date],
    currency: str = "CNY",
    regions: Sequence[str] | None = None,
) -> ir.Table:
    """The rows of the given loads in `months` whose region starts with `prefix` (or any of several), tagged.

    `side` is 'cur', 'base' or 'base2' for a month of that side, null for the other months
    (which only the monthly series reads, for streaks). `value` is the amount in `currency`;
    `regions`, when given, keeps only those region codes (a Comtrade file's Chinese reporter
    among foreign ones). `trade` may be a rollup table (`waimao.model.rollups`): its rows are sums
    with a `kg` column already, and a table of distinct enterprise ids has no `value`.
    """
    rows = trade.filter(trade.load_id.isin(list(load_ids)), trade.month.isin(list(months)))
    prefixes = [prefix] if isinstance(prefix, str) else [p for p in prefix]
    if any(prefixes):  # a prefecture of the customs codes may have several prefixes (广州: 4401, 4423, 4430)
        rows = rows.filter(ibis.or_(*[rows.region.startswith(p) for p in prefixes]))
    if regions is not None:
        rows = rows.filter(rows.region.isin(list(regions)))
    side = ibis.cases(*[(rows.month.isin(list(ms)), ibis.literal(name)) for name, ms in sides.items() if ms],
                      else_=ibis.null(dt.string))
    amounts = {}
    if "kg" not in rows.columns and "qty1" in rows.columns:
        amounts["kg"] = kilograms(rows)
    if CURRENCY_COLUMNS[currency] in rows.columns:
        amounts["value"] = rows[CURRENCY_COLUMNS[currency]]
    return rows.mutate(side=side, **amounts)


def _stack(parts: Sequence[ir.Table], columns: Sequence[str]) -> ir.Table:
    """UNION ALL of parts whose columns agree up to nullability (a literal key is never null)."""
    def loosen(part: ir.Table) -> ir.Table:
        return part.select(*[part[c].cast(part[c].type().copy(nullable=True)).name(c) for c in columns])

    return ibis.union(*[loosen(p) for p in parts], distinct=False)


def by_product(rows: ir.Table, keys: Sequence[str], kg: bool = True) -> ir.Table:
    """Value and kilograms by `keys` and HS code: product groups are then tested once per code, not per row.

    A group is a set of HS prefixes, so its sum is the sum of its codes' sums (exact in
    DECIMAL); a national table has a few thousand codes but tens of millions of rows. Rows of a
    grouped rollup (a `group` column, codes already summed into groups) are summed by group.
    """
    sums = {"value": rows.value.sum().cast(_SUM_TYPE)} | ({"kg": rows.kg.sum()} if kg else {})
    return rows.group_by([*keys, "group" if "group" in rows.columns else "product"]).aggregate(**sums)


def _compared(rows: ir.Table) -> ir.Table:
    return rows.filter(rows.side.isin(["cur", "base"]))


#: The plain breakdowns `member_sums` can sum: kind → the member key of a row.
MEMBER_KEYS = {
    "total": lambda rows, child_length: ibis.literal("", dt.string),
    "partner": lambda rows, child_length: rows.partner,
    "product": lambda rows, child_length: rows.product,
    "enterprise_type": lambda rows, child_length: rows.enterprise_type,
    "trade_mode": lambda rows, child_length: rows.trade_mode,
    "region": lambda rows, child_length: rows.region.substr(0, child_length),
}


def member_sums(windows: Mapping[str, ir.Table], child_length: int) -> ir.Table:
    """Value and kilograms of every member of the given plain breakdowns, by flow and side, in one query.

    `windows` maps each kind (a key of MEMBER_KEYS) to the rows it is summed from: each breakdown
    may come from another cut of the trade (partners from the partner download, HS codes from
    the HS download), and kinds of the same cut share one scan. Columns: kind, member, flow,
    side, value, kg. Kind 'total' has member '' (the subject); 'region' members are the region
    codes cut to the child level's prefix length.
    """
    parts = []
    for kind, rows in windows.items():
        rows = _compared(rows)
        part = rows.group_by(member=MEMBER_KEYS[kind](rows, child_length), flow=rows.flow, side=rows.side).aggregate(
            value=rows.value.sum().cast(_SUM_TYPE), kg=rows.kg.sum()
        )
        parts.append(part.mutate(kind=ibis.literal(kind)))
    return _stack(parts, ("kind", "member", "flow", "side", "value", "kg"))


def _by_group(sums: ir.Table, groups: Sequence[ProductGroup], keys: Sequence[str]) -> ir.Table:
    """Per-code sums summed into each product group (a code in several groups counts in each).

    Sums already by group (from a grouped rollup) are summed again by `keys` and group.
    """
    joined = sums.join(group_members(sums, groups), "product") if "product" in sums.columns else sums
    aggregates = {"value": joined.value.sum().cast(_SUM_TYPE)}
    if "kg" in sums.columns:
        aggregates["kg"] = joined.kg.sum()
    return joined.group_by([*keys, "group"]).aggregate(**aggregates)


def monthly_groups(rows: ir.Table, groups: Sequence[ProductGroup], product_rows: ir.Table | None = None) -> ir.Table:
    """Every month × flow: the subject's value (`group` null) and each product group's value and kilograms.

    The groups are summed from `product_rows` (the rows of a cut with HS codes, or a grouped
    rollup) when given, else from `rows`; without groups, only the subject's value.
    """
    keys = ["month", "flow"]
    product_rows = rows if product_rows is None else product_rows
    if product_rows is rows and groups:
        return _with_whole(by_product(rows, keys), groups, keys)
    whole = rows.group_by(keys).aggregate(value=rows.value.sum().cast(_SUM_TYPE), kg=rows.kg.sum())
    whole = whole.mutate(group=ibis.null(dt.int64))
    if not groups:
        return whole
    return _stack([whole, _by_group(by_product(product_rows, keys), groups, keys)], [*keys, "group", "value", "kg"])


def _with_whole(sums: ir.Table, groups: Sequence[ProductGroup], keys: Sequence[str]) -> ir.Table:
    """The per-code sums summed over all codes (`group` null) and into each product group, in one query."""
    aggregates = {"value": sums.value.sum().cast(_SUM_TYPE)}
    if "kg" in sums.columns:
        aggregates["kg"] = sums.kg.sum()
    whole = sums.group_by(list(keys)).aggregate(**aggregates).mutate(group=ibis.null(dt.int64))
    return _stack([whole, _by_group(sums, groups, keys)], [*keys, "group", *aggregates])


def group_partners(rows: ir.Table, groups: Sequence[ProductGroup]) -> ir.Table:
    """Every flow × side × partner × group: the partner's value within the product group, for partner counts."""
    return _by_group(by_product(_compared(rows), ["flow", "side", "partner"], kg=False), groups,
                     ["flow", "side", "partner"])


def enterprise_counts(rows: ir.Table) -> ir.Table:
    """Distinct enterprises by flow ('total' = either) × side × enterprise type ('' = all types)."""
    rows = _compared(rows)
    rows = rows.filter(rows.enterprise_id.notnull())
    ids = rows.select("flow", "side", "enterprise_type", "enterprise_id").distinct()  # one pass over the rows
    total, every = ibis.literal("total"), ibis.literal("", dt.string)
    parts = [
        ids.group_by(flow=ids.flow, side=ids.side, enterprise_type=ids.enterprise_type),
        ids.group_by(flow=total, side=ids.side, enterprise_type=ids.enterprise_type),
        ids.group_by(flow=ids.flow, side=ids.side, enterprise_type=every),
        ids.group_by(flow=total, side=ids.side, enterprise_type=every),
    ]
    counted = [p.aggregate(count=ids.enterprise_id.nunique()) for p in parts]
    return _stack(counted, ("flow", "side", "enterprise_type", "count"))


def region_sums(rows: ir.Table, length: int) -> ir.Table:
    """Value by flow × side × region code cut to `length` characters (the siblings of a subject)."""
    rows = _compared(rows)
    return rows.group_by(flow=rows.flow, side=rows.side, region=rows.region.substr(0, length)).aggregate(
        value=rows.value.sum().cast(_SUM_TYPE)
    )


def province_sums(rows: ir.Table, groups: Sequence[ProductGroup] = (), product_rows: ir.Table | None = None
                  ) -> ir.Table:
    """Value by province × flow × side: of all the rows (`group` null) and, when groups are given, of each group.

    The groups are summed from `product_rows` when given (a grouped rollup of the same rows), else from `rows`.
    """
    def compared(rows: ir.Table) -> ir.Table:
        rows = _compared(rows)
        return rows.mutate(province=rows.region.substr(0, 2))

    rows = compared(rows)
    keys = ["province", "flow", "side"]
    if groups and product_rows is None:
        return _with_whole(by_product(rows, keys, kg=False), groups, keys)
    whole = rows.group_by(keys).aggregate(value=rows.value.sum().cast(_SUM_TYPE)).mutate(group=ibis.null(dt.int64))
    if not groups:
        return whole
    return _stack([whole, _by_group(by_product(compared(product_rows), keys, kg=False), groups, keys)],
                  [*keys, "group", "value"])


def window_parts(parts: Mapping[str, ir.Table]) -> ir.Table:
    """Several aggregations of the same window as one query: UNION ALL, tagged by `part` (its name).

    Each part keeps its own columns; a column another part lacks is null there. One statement
    instead of one per aggregation: on a small warehouse DuckDB spends more time planning each
    statement than reading the rows, and on a large one the shared window (the same expression, so
    one common table expression) is scanned once for every part.
    """
    types: dict[str, dt.DataType] = {}
    for table in parts.values():
        for name, kind in table.schema().items():
            types.setdefault(name, kind.copy(nullable=True))

    def widen(name: str, table: ir.Table) -> ir.Table:
        columns = [table[c].cast(kind).name(c) if c in table.columns else ibis.null(kind).name(c)
                   for c, kind in types.items()]
        return table.select(ibis.literal(name).name("part"), *columns)

    return ibis.union(*[widen(name, table) for name, table in parts.items()], distinct=False)


def cut_totals(windows: Sequence[ir.Table], months: Sequence[date]) -> ir.Table:
    """For each window (by its position `cut`): value and row count by month and flow, in one query.

    The totals that several cuts of the same trade state, for reconciling them; the row count
    bounds the rounding a download's whole-yuan rows can add up to.
    """
    parts = []
    for i, rows in enumerate(windows):
        rows = rows.filter(rows.month.isin(list(months)))
        totals = rows.group_by(["month", "flow"]).aggregate(value=rows.value.sum().cast(_SUM_TYPE), rows=rows.count())
        parts.append(totals.mutate(cut=ibis.literal(i)))
    return _stack(parts, ("cut", "month", "flow", "value", "rows"))


def active_loads(loads: ir.Table) -> ir.Table:
    """What the source planner reads of each active load: its cut, keys, months and files."""
    active = loads.filter(loads.status == "active")
    return active.select("load_id", "dataset", "kind", "source_file", "rows", "months", "flows", "provinces", "regions",
                         "dims", "currency", "currencies", "keys")


__all__ = [
    "KG_PER_UNIT",
    "MEMBER_KEYS",
    "SIDES",
    "active_loads",
    "by_product",
    "cut_totals",
    "enterprise_counts",
    "group_members",
    "group_partners",
    "kilograms",
    "member_sums",
    "monthly_groups",
    "province_sums",
    "region_sums",
    "window",
    "window_parts",
]
