"""The exact sums the figure families derive from, each read from the source the plan chose for it.

A bulletin needs a few thousand figures, nearly all ratios of a few hundred sums. The families ask
for sums by meaning (the members of a breakdown, the monthly series, a product group's partners);
this module turns each request into a scan of its source's rows (`waimao.indicators.queries`) the
first time it is made, and batches what can share a query: every breakdown's members are one
union, so a warehouse of record-level data, where one cut answers every need, is read as often as
before there were several sources.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

import ibis.expr.types as ir

from waimao.indicators import queries as q
from waimao.indicators.planner import Plan, Source
from waimao.indicators.writer import ZERO, Pair
from waimao.model.periods import Period
from waimao.model.products import ProductGroup
from waimao.model.regions import NATION, REGIONS, Region, children

#: Months read back from the period's last month: the period, its base, its base's base and streaks.
WINDOW_MONTHS = 36
#: Which need answers each plain breakdown of `member_sums`.
MEMBER_NEEDS = {"total": "subject", "partner": "partner", "product": "product",
                "enterprise_type": "enterprise_type", "trade_mode": "trade_mode", "region": "region"}

Series = Mapping[tuple[date, str], Decimal]


class TableSource(Protocol):
    """What the figure set needs from an engine: its tables as Ibis tables."""

    def table(self, name: str): ...


def months_back(last: date, count: int) -> tuple[date, ...]:
    """`count` months ending with `last`, oldest first."""
    index = last.year * 12 + last.month - 1
    return tuple(date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1))


def rows_of(expr: ir.Table) -> list[dict[str, Any]]:
    return expr.to_pyarrow().to_pylist()


def dec(x: Any) -> Decimal:
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
        self._trade = tables.table("trade")
        self._windows: dict[tuple, ir.Table] = {}
        self._done: dict[str, Any] = {}

    @property
    def period(self) -> Period:
        return self.plan.period

    # -- windows -----------------------------------------------------------------------------

    def window(self, need: str) -> ir.Table | None:
        """The rows of the need's source that its family reads, tagged with their side; None without a source.

        Needs answered by the same source over the same region share one expression, so the engine
        scans those rows once per query.
        """
        source = self.plan.source(need)
        return None if source is None else self._window(source, self.plan.needs[need].scope)

    def subject_window(self, source: Source) -> ir.Table:
        """The subject's rows in any source (a peer table's rows of the subject, for reconciling it)."""
        return self._window(source, "subject")

    def _window(self, source: Source, scope: str) -> ir.Table:
        key = (source.load_ids, scope)
        if key not in self._windows:
            self._windows[key] = self._make_window(source, scope)
        return self._windows[key]

    def _make_window(self, source: Source, scope: str) -> ir.Table:
        period, base = self.period, self.period.previous_year()
        subject = self.plan.subject
        if scope == "peers":  # every province, the period and its base
            sides = {"cur": period.months, "base": base.months}
            return q.window(self._trade, source.load_ids, "", sides, period.months + base.months, source.currency)
        has_base = source.has(base)
        sides = {"cur": period.months, "base": base.months if has_base else (),
                 "base2": base.previous_year().months if source.has(base.previous_year()) else ()}
        if scope == "province":
            province = REGIONS[subject.code[:2]]
            months = period.months + (base.months if has_base else ())
            return q.window(self._trade, source.load_ids, province.record_prefixes, sides, months, source.currency)
        chinese = None
        if subject.level == "nation" and any(not (r == NATION or r[:1].isdigit()) for r in source.regions):
            chinese = sorted(r for r in source.regions if r == NATION or r[:1].isdigit())
        return q.window(self._trade, source.load_ids, subject.record_prefixes, sides,
                        months_back(period.last_month, WINDOW_MONTHS), source.currency, chinese)

    def _once(self, name: str, make):
        if name not in self._done:
            self._done[name] = make()
        return self._done[name]

    # -- sums --------------------------------------------------------------------------------

    def members(self) -> dict[tuple[str, str, str], Pair]:
        """(kind, member, flow) → Pair of every plain breakdown with a source, in one query."""
        def make():
            windows = {kind: self.window(need) for kind, need in MEMBER_NEEDS.items()}
            windows = {kind: rows for kind, rows in windows.items() if rows is not None}
            return member_pairs(rows_of(q.member_sums(windows, child_length(self.plan.subject))))

        return self._once("members", make)

    def totals(self) -> dict[str, Pair]:
        """The subject's value by flow ('total' = export + import)."""
        sums = self.members()
        return {flow: sums[("total", "", flow)] for flow in ("total", "export", "import")}

    def monthly(self) -> dict[str, Series]:
        """The subject's monthly value ('value') and each product group's value ('v{i}') and kilograms ('k{i}')."""
        def make():
            products = self.window("product")
            groups = self.groups if products is not None else []
            return monthly_series(rows_of(q.monthly_groups(self.window("subject"), groups, products)))

        return self._once("monthly", make)

    def group_partners(self) -> list[dict[str, Any]]:
        """Each partner's value within each product group, by flow and side (partner counts of groups)."""
        rows = self.window("partner_product")
        return [] if rows is None else self._once("group_partners",
                                                  lambda: rows_of(q.group_partners(rows, self.groups)))

    def enterprise_counts(self) -> list[dict[str, Any]]:
        rows = self.window("enterprise")
        return [] if rows is None else self._once("enterprises", lambda: rows_of(q.enterprise_counts(rows)))

    def province_regions(self) -> dict[tuple[str, str], Pair]:
        """(region code cut to the subject's length, flow) → Pair over the subject's province."""
        def make():
            by_region: dict[tuple[str, str], Pair] = defaultdict(Pair)
            length = len(self.plan.subject.record_prefix)
            for r in rows_of(q.region_sums(self.window("province"), length)):
                pair = Pair.of(r["side"], dec(r["value"]))
                for flow in (r["flow"], "total"):
                    by_region[(r["region"], flow)] += pair
            return by_region

        return self._once("province", make)

    def peers(self) -> tuple[dict[tuple[str, str], Pair], dict[Any, dict[tuple[str, str], Pair]]]:
        """(province, flow) → Pair of every province, and the same by product group index (when a source has groups)."""
        def make():
            totals, products = self.window("peers"), self.window("peer_product")
            of_groups = by_province(rows_of(q.province_sums(products, self.groups))) if products is not None else {}
            if products is not None and self.plan.source("peers") == self.plan.source("peer_product"):
                return of_groups[None], of_groups  # one cut holds both: one query
            return by_province(rows_of(q.province_sums(totals)))[None], of_groups

        return self._once("peers", make)


    def cut_totals(self, sources: Sequence[Source], months: Sequence[date]) -> list[dict[str, dict]]:
        """For each source: (month, flow) → {'value', 'rows'} of the subject in those months, in one query."""
        out: list[dict] = [defaultdict(dict) for _ in sources]
        for r in rows_of(q.cut_totals([self.subject_window(s) for s in sources], months)):
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
        for flow in (r["flow"], "total"):
            a = acc.setdefault((r["kind"], r["member"], flow), [ZERO, ZERO, ZERO, ZERO])
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


__all__ = ["MEMBER_NEEDS", "WINDOW_MONTHS", "Series", "Sums", "TableSource", "by_province", "child_length", "dec",
           "member_pairs", "monthly_series", "months_back", "rows_of", "side_sum"]
