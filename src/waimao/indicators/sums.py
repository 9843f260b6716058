"""The exact sums the figure families derive from, each read from the source the plan chose for it.

A bulletin needs a few thousand figures, nearly all ratios of a few hundred sums. The families ask
for sums by meaning (the members of a breakdown, the monthly series, a product group's partners);
this module turns each request into a scan of its source's rows (`waimao.indicators.queries`) the
first time it is made, and batches what can share a query: every breakdown's members are one
union, so a warehouse of record-level data, where one cut answers every need, is read as often as
before there were several sources.

Each query is named by a key that says everything it reads (loads, months, region prefix, product
groups, the code of `queries`), and its expression is built only when asked for. An engine that
offers `query_rows(key, build)` (the DuckDB warehouse) keeps the compiled SQL under that key, so a
report asked again runs its SQL without importing or compiling Ibis; any other engine (Spark) gets
`build(table).to_pyarrow()`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from waimao.indicators import rollups
from waimao.indicators.planner import Plan, Source
from waimao.indicators.writer import ZERO, Pair
from waimao.model.periods import Period
from waimao.model.products import ProductGroup
from waimao.model.regions import NATION, REGIONS, Region, children
from waimao.model.units import UNITS

#: Months read back from the period's last month: the period, its base, its base's base and streaks.
WINDOW_MONTHS = 36
#: Which need answers each plain breakdown of `member_sums`.
MEMBER_NEEDS = {"total": "subject", "partner": "partner", "product": "product",
                "enterprise_type": "enterprise_type", "trade_mode": "trade_mode", "region": "region"}

if TYPE_CHECKING:
    import ibis.expr.types as ir

Series = Mapping[tuple[date, str], Decimal]
#: The rows a window selects, in full: (load ids, region prefix, sides, months, currency, regions).
WindowKey = tuple
#: Builds a query's expression from a function that gives a table by name.
Build = Callable[[Callable[[str], "ir.Table"]], "ir.Table"]

#: The code and tables that turn a query key into SQL: part of every key, so changed code never reads stale
#: SQL. `queries` is read as a file, not imported (importing it imports Ibis, which a cached query never
#: needs); the units enter through its kilogram factors.
CODE = hashlib.sha256(b"".join(Path(__file__).with_name(m).read_bytes() for m in ("queries.py", "sums.py", "rollups.py"))
                      + repr(sorted((u.name_zh, u.dimension, str(u.factor)) for u in UNITS.values())).encode()
                      ).hexdigest()[:16]


def _q():
    """The Ibis query builders, imported when a query is first built (a cache miss)."""
    from waimao.indicators import queries

    return queries


class TableSource(Protocol):
    """What the figure set needs from an engine: its tables as Ibis tables (and optionally `query_rows`)."""

    def table(self, name: str): ...


def months_back(last: date, count: int) -> tuple[date, ...]:
    """`count` months ending with `last`, oldest first."""
    index = last.year * 12 + last.month - 1
    return tuple(date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1))


def rows_of(expr: ir.Table) -> list[dict[str, Any]]:
    return expr.to_pyarrow().to_pylist()


def query(source: TableSource, key: Hashable, build: Build) -> list[dict[str, Any]]:
    """The rows of the query `key` (which must say everything the query reads) as dicts.

    Through the engine's cache of compiled SQL when it has one, else by building and running the
    Ibis expression on the engine's tables.
    """
    run = getattr(source, "query_rows", None)
    if run is not None:
        return run((CODE, *key), build)
    return rows_of(build(source.table))


def groups_key(groups: Sequence[ProductGroup]) -> tuple:
    return tuple((g.include, g.exclude) for g in groups)


def build_window(table: Callable[[str], ir.Table], key: WindowKey, name: str = rollups.RAW) -> ir.Table:
    """The rows of the window `key`, read from the table `name` (`trade` or a rollup of it)."""
    load_ids, prefix, sides, months, currency, regions = key
    return _q().window(table(name), load_ids, prefix, dict(sides), months, currency, regions)


class Windows:
    """The windows of one query's build, each read from the narrowest table holding what it reads.

    The table is chosen by `rollups.table_for` from the rollups the engine has; one expression per
    (table, window), so reads that land on the same table share its scan (on `trade` alone, as
    without rollups, every read of a window is one expression).
    """

    def __init__(self, table: Callable[[str], ir.Table], available: Sequence[str], groups: Sequence[ProductGroup],
                 held: frozenset[int] = frozenset()):
        self._table, self._available, self._groups, self._held = table, tuple(available), tuple(groups), held
        self._made: dict[tuple[str, WindowKey], ir.Table] = {}

    def __call__(self, key: WindowKey, reads: frozenset[str] | None, region_length: int = 0) -> ir.Table:
        # only a window whose every load is summed into the rollups may read them (platform loads are not)
        available = self._available if self._held.issuperset(key[0]) else ()
        name = rollups.table_for(key, reads, available, region_length, self._groups)
        if (name, key) not in self._made:
            self._made[(name, key)] = build_window(self._table, key, name)
        return self._made[(name, key)]


def dec(x: Any) -> Decimal:
    """A sum as a Decimal; the warehouse's sums already are (DECIMAL columns), and are taken as they are."""
    if x.__class__ is Decimal:
        return x
    return ZERO if x is None else Decimal(x)


def child_length(subject: Region) -> int:
    """How many characters of a record's region code name the subject's children (2 for provinces)."""
    kids = [r for r in children(subject.code) if r.level != "nation"]
    return len(kids[0].record_prefix) if kids else len(subject.record_prefix) or 2


class Sums:
    """Sums of one plan, computed on first use and kept."""

    def __init__(self, tables: TableSource, plan: Plan, groups: Sequence[ProductGroup]):
        self.plan = plan
        self.groups = list(groups)
        self._groups_key = groups_key(self.groups)
        self._tables = tables
        #: The rollup tables the engine offers (`Warehouse.rollups`) and the loads they hold
        #: (`Warehouse.rolled_up_loads`); none on Spark or when switched off.
        self._rollups = tuple(getattr(tables, "rollups", ()) or ())
        held = getattr(tables, "rolled_up_loads", None) if self._rollups else None
        self._held: frozenset[int] = frozenset(held()) if held is not None else frozenset()
        self._done: dict[str, Any] = {}

    @property
    def period(self) -> Period:
        return self.plan.period

    # -- windows -----------------------------------------------------------------------------

    def window(self, need: str) -> WindowKey | None:
        """The key of the rows of the need's source that its family reads (None without a source).

        Needs answered by the same source over the same region share one key, so their queries
        build one expression and the engine scans those rows once per query.
        """
        source = self.plan.source(need)
        return None if source is None else self._window(source, self.plan.needs[need].scope)

    def subject_window(self, source: Source) -> WindowKey:
        """The subject's rows in any source (a peer table's rows of the subject, for reconciling it)."""
        return self._window(source, "subject")

    def _window(self, source: Source, scope: str) -> WindowKey:
        """(load ids, region prefix, sides, months, currency, regions): the arguments of `queries.window`."""
        period, base = self.period, self.period.previous_year()
        subject = self.plan.subject
        ids = tuple(source.load_ids)
        if scope == "peers":  # every province, the period and its base
            sides = (("cur", period.months), ("base", base.months))
            return ids, "", sides, period.months + base.months, source.currency, None
        has_base = source.has(base)
        sides = (("cur", period.months), ("base", base.months if has_base else ()),
                 ("base2", base.previous_year().months if source.has(base.previous_year()) else ()))
        if scope == "province":
            province = REGIONS[subject.code[:2]]
            months = period.months + (base.months if has_base else ())
            return ids, province.record_prefixes, sides, months, source.currency, None
        chinese = None
        if subject.level == "nation" and any(not (r == NATION or r[:1].isdigit()) for r in source.regions):
            chinese = tuple(sorted(r for r in source.regions if r == NATION or r[:1].isdigit()))
        return (ids, subject.record_prefixes, sides, months_back(period.last_month, WINDOW_MONTHS), source.currency,
                chinese)

    def _once(self, name: str, make):
        if name not in self._done:
            self._done[name] = make()
        return self._done[name]

    def _rows(self, key: tuple, build: Callable[[Windows], ir.Table]) -> list[dict[str, Any]]:
        """Rows of the query `key`; `build` gets the windows' rows from the tables chosen (part of the key)."""
        return query(self._tables, (*key, rollups.version(self._rollups)),
                     lambda table: build(Windows(table, self._rollups, self.groups, self._held)))

    # -- sums --------------------------------------------------------------------------------

    def _windowed(self) -> dict[str, list[dict[str, Any]]]:
        """The rows of every aggregation over the subject's window, from one statement: part name → rows.

        The members, the monthly series, the product groups' partners and the enterprise counts
        each read a window of their need's source; those whose window is the subject's (always
        so on record-level data, where one cut answers every need) are one query, a UNION ALL of
        the parts over one window expression (`queries.window_parts`). A part whose window
        differs (another cut, another region) keeps a statement of its own; parts over
        different windows are never folded into one, so each window's rows stay free to come
        from whichever table answers them.
        """
        def make():
            shared = self.window("subject")
            parts = {name: spec for name, spec in self._parts().items() if spec[0] == {shared}}
            if not parts:
                return {}
            length = child_length(self.plan.subject)
            spec = tuple((name, tuple(extra)) for name, (_, extra) in parts.items())

            def build(windows: Windows):
                # each part reads the window from the narrowest table that holds its reads (one expression per
                # table, so parts on the same table share it); each part's filters fold into its own scan of it
                # (a shared scan fanned out to the parts cost DuckDB more CPU at 10M rows than three scans)
                return _q().window_parts({name: self._part(name, windows, shared, extra)
                                          for name, (_, extra) in parts.items()})

            found: dict[str, list[dict[str, Any]]] = {name: [] for name in parts}
            for r in self._rows(("window_parts", shared, spec, length, self._groups_key), build):
                found[r["part"]].append(r)
            return found

        return self._once("windowed", make)

    def _parts(self) -> dict[str, tuple[set, tuple]]:
        """Each aggregation that reads the subject's window: its windows and what else it depends on."""
        members = {kind: self.window(need) for kind, need in MEMBER_NEEDS.items()}
        members = {kind: key for kind, key in members.items() if key is not None}
        products = self.window("product")
        parts = {"members": (set(members.values()), tuple(members)),
                 "monthly": ({self.window("subject"), products} - {None}, (products is not None,)),
                 "group_partners": ({self.window("partner_product")}, ()),
                 "enterprises": ({self.window("enterprise")}, ())}
        return {name: spec for name, spec in parts.items() if spec[0] and None not in spec[0]}

    def _part(self, name: str, windows: Windows, key: WindowKey, extra: tuple) -> ir.Table:
        """The expression of one part over the shared window `key`, each read from the table that answers it."""
        if name == "members":
            length = child_length(self.plan.subject)
            return _q().member_sums({kind: windows(key, rollups.MEMBER_READS[kind], length if kind == "region" else 0)
                                     for kind in extra}, length)
        if name == "monthly":
            rows = windows(key, rollups.TOTAL)
            if not extra[0]:
                return _q().monthly_groups(rows, [], None)
            product_rows = windows(key, rollups.GROUP_SUMS)  # the same expression when one table holds both
            return _q().monthly_groups(rows, self.groups, None if product_rows is rows else product_rows)
        if name == "group_partners":
            return _q().group_partners(windows(key, rollups.GROUP_PARTNERS), self.groups)
        return _q().enterprise_counts(windows(key, rollups.ENTERPRISES))

    def members(self) -> dict[tuple[str, str, str], Pair]:
        """(kind, member, flow) → Pair of every plain breakdown with a source, in one query."""
        def make():
            if "members" in self._windowed():
                return member_pairs(self._windowed()["members"])
            windows = {kind: self.window(need) for kind, need in MEMBER_NEEDS.items()}
            windows = {kind: key for kind, key in windows.items() if key is not None}
            length = child_length(self.plan.subject)

            def build(rows: Windows):  # kinds of one cut share a table's scan
                return _q().member_sums({kind: rows(key, rollups.MEMBER_READS[kind], length if kind == "region" else 0)
                                         for kind, key in windows.items()}, length)

            return member_pairs(self._rows(("members", tuple(windows.items()), length), build))

        return self._once("members", make)

    def totals(self) -> dict[str, Pair]:
        """The subject's value by flow ('total' = export + import)."""
        sums = self.members()
        return {flow: sums[("total", "", flow)] for flow in ("total", "export", "import")}

    def monthly(self) -> dict[str, Series]:
        """The subject's monthly value ('value') and each product group's value ('v{i}') and kilograms ('k{i}')."""
        def make():
            if "monthly" in self._windowed():
                return monthly_series(self._windowed()["monthly"])
            subject, products = self.window("subject"), self.window("product")
            groups = self.groups if products is not None else []

            def build(windows: Windows):
                rows = windows(subject, rollups.TOTAL)
                # the same key and table give the same expression, so the query scans one window when they agree
                product_rows = None if products is None else windows(products, rollups.GROUP_SUMS)
                return _q().monthly_groups(rows, groups, product_rows)

            key = ("monthly", subject, products, groups_key(groups))
            return monthly_series(self._rows(key, build))

        return self._once("monthly", make)

    def group_partners(self) -> list[dict[str, Any]]:
        """Each partner's value within each product group, by flow and side (partner counts of groups)."""
        rows = self.window("partner_product")
        if rows is None:
            return []
        if "group_partners" in self._windowed():
            return self._windowed()["group_partners"]
        return self._once("group_partners", lambda: self._rows(
            ("group_partners", rows, self._groups_key),
            lambda windows: _q().group_partners(windows(rows, rollups.GROUP_PARTNERS), self.groups)))

    def enterprise_counts(self) -> list[dict[str, Any]]:
        rows = self.window("enterprise")
        if rows is None:
            return []
        if "enterprises" in self._windowed():
            return self._windowed()["enterprises"]
        return self._once("enterprises", lambda: self._rows(
            ("enterprises", rows), lambda windows: _q().enterprise_counts(windows(rows, rollups.ENTERPRISES))))

    def province_regions(self) -> dict[tuple[str, str], Pair]:
        """(region code cut to the subject's length, flow) → Pair over the subject's province."""
        def make():
            by_region: dict[tuple[str, str], Pair] = defaultdict(Pair)
            length = len(self.plan.subject.record_prefix)
            window = self.window("province")
            found = self._rows(("regions", window, length),
                               lambda windows: _q().region_sums(windows(window, rollups.VALUE, length), length))
            for r in found:
                pair = Pair.of(r["side"], dec(r["value"]))
                for flow in (r["flow"], "total"):
                    by_region[(r["region"], flow)] += pair
            return by_region

        return self._once("province", make)

    def peers(self) -> tuple[dict[tuple[str, str], Pair], dict[Any, dict[tuple[str, str], Pair]]]:
        """(province, flow) → Pair of every province, and the same by product group index (when a source has groups)."""
        def provinces(window: WindowKey, groups: Sequence[ProductGroup]):
            def build(windows: Windows):
                rows = windows(window, rollups.VALUE, 2)
                product_rows = windows(window, rollups.GROUP_SUMS - {"kg"}, 2) if groups else rows
                return _q().province_sums(rows, groups, None if product_rows is rows else product_rows)

            return by_province(self._rows(("provinces", window, groups_key(groups)), build))

        def make():
            totals, products = self.window("peers"), self.window("peer_product")
            of_groups = provinces(products, self.groups) if products is not None else {}
            if products is not None and self.plan.source("peers") == self.plan.source("peer_product"):
                return of_groups[None], of_groups  # one cut holds both: one query
            return provinces(totals, ())[None], of_groups

        return self._once("peers", make)

    def cut_totals(self, sources: Sequence[Source], months: Sequence[date]) -> list[dict[str, dict]]:
        """For each source: (month, flow) → {'value', 'rows'} of the subject in those months, in one query."""
        out: list[dict] = [defaultdict(dict) for _ in sources]
        windows = tuple(self.subject_window(s) for s in sources)
        found = self._rows(("cut_totals", windows, tuple(months)),
                           lambda rows: _q().cut_totals([rows(w, None) for w in windows], months))
        for r in found:
            out[r["cut"]][(r["month"], r["flow"])] = {"value": dec(r["value"]), "rows": int(r["rows"])}
        return out


def member_pairs(records: Iterable[Mapping]) -> dict[tuple[str, str, str], Pair]:
    """(kind, member, flow) → Pair, with flow 'total' = export + import."""
    acc: dict[tuple[str, str, str], list[Decimal]] = {}
    for r in records:
        side = r["side"]
        if r["member"] is None or side not in ("cur", "base"):
            continue
        at = 0 if side == "cur" else 1
        value, kg = dec(r["value"]), dec(r["kg"])
        kind, member = r["kind"], r["member"]
        for flow in (r["flow"], "total"):
            a = acc.get((kind, member, flow))
            if a is None:  # not setdefault: it would make the list of every row (50,000 at 1M) for nothing
                a = acc[(kind, member, flow)] = [ZERO, ZERO, ZERO, ZERO]
            a[at] += value
            a[at + 2] += kg
    return defaultdict(Pair, {key: Pair(*a) for key, a in acc.items()})


def monthly_series(monthly: Sequence[Mapping]) -> dict[str, Series]:
    """Each as (month, flow) → sum, with flow 'total' added; one pass over the query rows."""
    out: dict[str, dict[tuple[date, str], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for r in monthly:
        group = r["group"]
        columns = (("value", r["value"]),) if group is None else ((f"v{group}", r["value"]), (f"k{group}", r["kg"]))
        for column, raw in columns:
            value = dec(raw)
            out[column][(r["month"], r["flow"])] += value
            out[column][(r["month"], "total")] += value
    return out


def by_province(records: Iterable[Mapping]) -> dict[Any, dict[tuple[str, str], Pair]]:
    """Rows by group (None without groups), then (province, flow) → Pair."""
    out: dict[Any, dict[tuple[str, str], Pair]] = defaultdict(lambda: defaultdict(Pair))
    for r in records:
        pair = Pair.of(r["side"], dec(r["value"]))
        for flow in (r["flow"], "total"):
            out[r.get("group")][(r["province"], flow)] += pair
    return out


def side_sum(series: Series, months: Iterable[date], flow: str) -> Decimal:
    return sum((series.get((m, flow), ZERO) for m in months), ZERO)


__all__ = ["CODE", "MEMBER_NEEDS", "WINDOW_MONTHS", "Series", "Sums", "TableSource", "by_province", "child_length",
           "dec", "groups_key", "member_pairs", "monthly_series", "months_back", "query", "rows_of", "side_sum"]
