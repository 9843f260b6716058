"""Every figure a bulletin needs for one region and period: `compute_figures` and the `FigureSet` it returns.

The engine is asked for a handful of aggregations (`waimao.indicators.queries`); the figures
are then derived from those exact sums with `waimao.indicators.formulas` and worded by
`waimao.indicators.writer`. So the result is the same on every engine, and a figure for a
new slice (a `+`-joined set of partners a journalist names) costs no further scan.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

import pyarrow as pa

from waimao.errors import IndicatorError
from waimao.indicators import formulas as f
from waimao.indicators import queries as q
from waimao.indicators.labels import (
    FLOW_ZH,
    children_zh,
    member_names,
    subject_name,
    whole_zh,
)
from waimao.indicators.records import (
    BREAKDOWN_KINDS,
    FLOWS,
    Breakdown,
    Figure,
    to_table,
)
from waimao.indicators.scope import Scope, months_back
from waimao.indicators.writer import ZERO, Pair, Writer, ranked_names
from waimao.model import partner_groups, products
from waimao.model import wording as w
from waimao.model.partners import resolve_partner
from waimao.model.periods import Period
from waimao.model.regions import (
    REGIONS,
    Region,
    children,
    prefecture_of,
    resolve_region,
)
from waimao.model.trade_modes import statistical_code

#: Partner sets ranked first ("前三大贸易伙伴") are emitted for these sizes.
TOP_SETS = (2, 3, 4, 5)
NEW_PARTNERS = "新增贸易伙伴"


class TableSource(Protocol):
    """What the figure set needs from an engine: its tables as Ibis tables."""

    def table(self, name: str): ...


@dataclass
class FigureSet:
    """The figures of one subject and period, with the exact partner sums kept for on-demand sets.

    The figures of single HS codes (≈ 8,000 codes × 3 flows × value, growth, share … on a
    national table, most of all figures) are written the first time they are asked
    for — by `figures`, iteration, `select(kind="product")` or `find` of a product — because a
    bulletin cites product groups, not codes, and wording them all would cost more than the scans.
    """

    subject: Region
    period: Period
    _figures: list[Figure]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    _writer: Writer | None = field(default=None, repr=False)
    _partners: dict[tuple[str, str], Pair] = field(default_factory=dict, repr=False)
    _totals: dict[str, Pair] = field(default_factory=dict, repr=False)
    _deferred: dict[str, Callable[[], None]] = field(default_factory=dict, repr=False)
    _index: dict[tuple, list[Figure]] = field(default_factory=dict, repr=False)
    _index_size: int = field(default=-1, repr=False)

    @property
    def figures(self) -> list[Figure]:
        """Every figure, in bulletin order (subject, then breakdown kinds, flows and metrics)."""
        self._write(*self._deferred)
        return self._figures

    @property
    def subject_name(self) -> str:
        return self._writer.subject_name if self._writer else self.subject.name_zh

    def __iter__(self):
        return iter(self.figures)

    def __len__(self) -> int:
        return len(self.figures)

    def table(self) -> pa.Table:
        return to_table(self.figures)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [figure.to_dict() for figure in self.figures]

    def select(self, *, kind: str | None = None, flow: str | None = None, metric: str | None = None,
               top: int | None = None) -> list[Figure]:
        """Figures of one breakdown kind (None: the subject itself), optionally one flow, metric, top N members.

        The top N members are those with the largest value in the flow asked (进出口 when none).
        """
        self._write(kind)
        chosen = [x for x in self._figures if self._at(x, None)
                  and (x.breakdown.kind if x.breakdown else None) == kind
                  and (flow is None or x.flow == flow) and (metric is None or x.metric == metric)]
        if top is None or kind is None:
            return chosen
        ranking = [x for x in self._figures if x.breakdown and x.breakdown.kind == kind
                   and x.metric == "value" and x.flow == (flow or "total")]
        money = {x.breakdown.name: x.yuan for x in ranking}
        keep = set(ranked_names(money.items())[:top])
        return [x for x in chosen if x.breakdown.name in keep]

    def find(self, flow: str, breakdown: Breakdown | tuple[str, str] | None, metric: str,
             period: str | None = None) -> Figure | None:
        """The figure with this key; a partner set not computed yet ('欧盟+东盟+俄罗斯') is computed now.

        Without `period`, the figure of the whole period (or its streak, dated by its last month);
        with a month ('2025M02'), that month's figure of a longer period.
        """
        if isinstance(breakdown, tuple):
            breakdown = Breakdown(*breakdown)
        if breakdown is not None:
            self._write(breakdown.kind)
        if breakdown is not None and breakdown.kind == "partner_group" and "+" in breakdown.name:
            breakdown = self._partner_set(breakdown.name)
        for figure in self._keyed().get((flow, breakdown, metric), ()):
            if self._at(figure, period):
                return figure
        return None

    def _write(self, *kinds: str | None) -> None:
        """Write the deferred figures of these breakdown kinds, keeping the bulletin order."""
        pending = [self._deferred.pop(kind) for kind in kinds if kind in self._deferred]
        for write in pending:
            write()
        if pending:
            self._figures.sort(key=_order)

    def _keyed(self) -> dict[tuple, list[Figure]]:
        """Figures by (flow, breakdown, metric), in order; rebuilt when figures were added."""
        if self._index_size != len(self._figures):
            self._index = defaultdict(list)
            for figure in self._figures:
                self._index[(figure.flow, figure.breakdown, figure.metric)].append(figure)
            self._index_size = len(self._figures)
        return self._index

    def monthly(self, flow: str, metric: str = "value") -> list[Figure]:
        """The subject's figures of each month of the period, in month order (empty for a single month)."""
        labels = [str(Period.month(m.year, m.month)) for m in self.period.months] if len(self.period.months) > 1 else []
        found = {x.period: x for x in self._figures
                 if x.breakdown is None and x.flow == flow and x.metric == metric and x.period in labels}
        return [found[label] for label in labels if label in found]

    def _at(self, figure: Figure, period: str | None) -> bool:
        if period is not None:
            return figure.period == period
        return figure.period == str(self.period) or figure.metric == "streak_months"

    def _partner_set(self, name: str) -> Breakdown:
        """Resolve a '+'-joined set of partners and groups, computing its figures if they are new."""
        on = self.period.last_month
        codes: set[str] = set()
        for part in name.split("+"):
            codes |= _partner_codes(part.strip(), on)
        for figure in self._figures:
            b = figure.breakdown
            if b and b.kind == "partner_group" and "+" in b.name and figure.detail.get("codes") == sorted(codes):
                return b
        breakdown = Breakdown("partner_group", name)
        _write_partner_group(self._writer, breakdown, (name, name), codes, self._partners, self._totals,
                             detail={"codes": sorted(codes)})
        return breakdown


_KIND_ORDER = {None: 0, **{kind: i for i, kind in enumerate(BREAKDOWN_KINDS, start=1)}}
_FLOW_ORDER = {flow: i for i, flow in enumerate(FLOWS)}
METRIC_ORDER = (
    "value", "yoy_pct", "yoy_times", "first_time", "share_pct", "share_change_pp", "pull_pp", "contribution_pct",
    "growth_gap_pp", "yoy_change_pp", "gap_pp", "rank", "value_rank", "partner_rank", "national_share_pct",
    "share_of_pct", "share_of_city_pct", "share_of_group_pct", "streak_months", "quantity", "quantity_yoy_pct",
    "quantity_yoy_times", "partner_count", "new_partner_count", "product_count", "new_product_count",
    "region_count", "growing_region_count", "count", "count_change", "count_yoy_pct", "count_share_pct",
)
_METRIC_ORDER = {metric: i for i, metric in enumerate(METRIC_ORDER)}


def _order(figure: Figure) -> tuple:
    """Subject first, then breakdown kinds; within a member: flow, then the metrics in bulletin order."""
    b = figure.breakdown
    return (_KIND_ORDER[b.kind if b else None], b.name if b else "", _FLOW_ORDER[figure.flow],
            _METRIC_ORDER[figure.metric], figure.period)


def _partner_codes(name: str, on: date) -> set[str]:
    try:
        return set(partner_groups.members(name, on))
    except LookupError:
        return {resolve_partner(name).code}


def _resolve(region: str | Region, period: str | Period) -> tuple[Region, Period]:
    try:
        subject = region if isinstance(region, Region) else resolve_region(region)
    except LookupError as e:
        raise IndicatorError(str(e.args[0]) if e.args else str(e)) from None
    try:
        period = period if isinstance(period, Period) else Period.parse(str(period))
    except ValueError as e:
        raise IndicatorError(str(e)) from None
    return subject, period


def _rows(expr) -> list[dict[str, Any]]:
    return expr.to_pyarrow().to_pylist()


def _dec(x: Any) -> Decimal:
    return ZERO if x is None else Decimal(x)


# --------------------------------------------------------------------------------------------
# the figure set


def compute_figures(source: TableSource, region: str | Region, period: str | Period, *,
                    dataset: str = "records", peers_dataset: str = "platform") -> FigureSet:
    """All figures of `region` in `period` from the `dataset` rows, ranked against `peers_dataset`.

    Raises IndicatorError for an unknown region or period and for a period whose months are
    not all loaded. Figures that need data the warehouse lacks (a base year, peer provinces)
    are left out, and `FigureSet.notes` says which and why.
    """
    started = time.perf_counter()
    subject, period = _resolve(region, period)
    loads = _rows(q.active_loads(source.table("loads")))
    scope = Scope.of(subject, period, loads, dataset)
    notes: list[str] = []
    has_base = scope.has(scope.base)
    if not has_base:
        notes.append(f"No data for {scope.base}: growth, share changes, pulls and contributions are left out.")
    writer = Writer(subject, subject_name(subject), str(period), has_base=has_base)
    rows = q.window(source.table("trade"), scope.load_ids, subject.record_prefix, scope.sides, scope.window)

    kids = [r for r in children(subject.code) if r.level != "nation"]
    child_length = len(kids[0].record_prefix) if kids else len(subject.record_prefix) or 2
    sums = _member_sums(_rows(q.member_sums(rows, child_length)))
    totals = {flow: sums[("total", "", flow)] for flow in ("total", "export", "import")}

    _subject_figures(writer, totals)
    groups = list(products.GROUPS.values())
    series = _monthly_series(_rows(q.monthly_groups(rows, groups)))
    _yoy_change(writer, scope, series["value"])
    _months(writer, scope, series["value"])
    _streaks(writer, scope, series, groups)
    group_pairs = _product_groups(writer, scope, sums, totals, series, groups, _rows(q.group_partners(rows, groups)))
    partners = {(m, flow): s for (kind, m, flow), s in sums.items() if kind == "partner"}
    _partners(writer, partners, totals, period)
    _plain_breakdowns(writer, sums, totals, kids, child_length)
    if "enterprise_id" in scope.dims:
        _enterprises(writer, _rows(q.enterprise_counts(rows)), has_base)
    else:
        notes.append("The data have no enterprise ids: enterprise counts are left out.")
    if subject.level in ("prefecture", "zone"):
        _within_province(writer, scope, source)
    notes += _peers(writer, scope, source, loads, peers_dataset, dataset, totals, group_pairs)
    writer.figures.sort(key=_order)
    return FigureSet(subject, period, writer.figures, notes, time.perf_counter() - started,
                     _writer=writer, _partners=partners, _totals=totals,
                     _deferred={"product": lambda: _products(writer, sums, totals)})


def _member_sums(records: Iterable[Mapping]) -> dict[tuple[str, str, str], Pair]:
    """(kind, member, flow) → Pair, with flow 'total' = export + import."""
    acc: dict[tuple[str, str, str], list[Decimal]] = {}
    for r in records:
        side = r["side"]
        if r["member"] is None or side not in ("cur", "base"):
            continue
        at = 0 if side == "cur" else 1
        value, kg = _dec(r["value"]), _dec(r["kg"])
        for flow in (r["flow"], "total"):
            a = acc.setdefault((r["kind"], r["member"], flow), [ZERO, ZERO, ZERO, ZERO])
            a[at] += value
            a[at + 2] += kg
    return defaultdict(Pair, {key: Pair(*a) for key, a in acc.items()})


def _subject_figures(writer: Writer, totals: Mapping[str, Pair]) -> None:
    names = ("", "")
    for flow in ("total", "export", "import"):
        writer.slice(flow, None, names, Pair(totals[flow].cur, totals[flow].base))
    writer.money("balance", None, names, totals["export"].cur - totals["import"].cur)


Series = Mapping[tuple[date, str], Decimal]


def _monthly_series(monthly: Sequence[Mapping]) -> dict[str, Series]:
    """The subject's monthly value ('value') and each group's value ('v{i}') and kilograms ('k{i}').

    Each as (month, flow) → sum, with flow 'total' added; one pass over the query rows.
    """
    out: dict[str, dict[tuple[date, str], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for r in monthly:
        group = r["group"]
        columns = (("value", r["value"]),) if group is None else ((f"v{group}", r["value"]), (f"k{group}", r["kg"]))
        for column, raw in columns:
            value = _dec(raw)
            out[column][(r["month"], r["flow"])] += value
            out[column][(r["month"], "total")] += value
    return out


def _side_sum(series: Series, months: Iterable[date], flow: str) -> Decimal:
    return sum((series.get((m, flow), ZERO) for m in months), ZERO)


def _yoy_change(writer: Writer, scope: Scope, series: Series) -> None:
    """增幅较去年提升…个百分点: this year's growth minus last year's, for the subject's flows."""
    if not (scope.has(scope.base) and scope.has(scope.base2)):
        return
    for flow in ("total", "export", "import"):
        cur, base, base2 = (_side_sum(series, p.months, flow) for p in (scope.period, scope.base, scope.base2))
        pp = f.gap_pp(f.growth(cur, base), f.growth(base, base2))
        if pp is not None:
            writer.add(flow, None, "yoy_change_pp", pp, "个百分点", f"增幅较去年{w.change_pp_zh(pp)}",
                       f"growth {w.change_pp_en(pp)} on the year before")


def _months(writer: Writer, scope: Scope, series: Series) -> None:
    """Value and growth of each month of a longer period, for the monthly table and the trend chart."""
    if len(scope.period.months) < 2:
        return
    for month in scope.period.months:
        before = date(month.year - 1, month.month, 1)
        of_month = Writer(writer.subject, writer.subject_name, str(Period.month(month.year, month.month)),
                          has_base=before in scope.available)
        value = {flow: Pair(series.get((month, flow), ZERO), series.get((before, flow), ZERO))
                 for flow in ("total", "export", "import")}
        for flow, pair in value.items():
            of_month.slice(flow, None, ("", ""), pair)
        of_month.money("balance", None, ("", ""), value["export"].cur - value["import"].cur)
        writer.figures += of_month.figures


def _streak(series: Series, scope: Scope, flow: str) -> int:
    def pairs():
        for month in reversed(months_back(scope.period.last_month, 24)):
            before = date(month.year - 1, month.month, 1)
            if month not in scope.available or before not in scope.available:
                return
            yield series.get((month, flow), ZERO), series.get((before, flow), ZERO)

    return f.streak(pairs())


def _streaks(writer: Writer, scope: Scope, series: Mapping[str, Series], groups: Sequence) -> None:
    label = str(Period.month(scope.period.year, scope.period.end))
    for flow in ("total", "export", "import"):
        writer.streak(flow, None, _streak(series["value"], scope, flow), label)
    for i, group in enumerate(groups):
        for flow in ("total", "export", "import"):
            writer.streak(flow, Breakdown("product_group", group.name), _streak(series[f"v{i}"], scope, flow), label)


def _product_groups(writer: Writer, scope: Scope, sums, totals, series: Mapping[str, Series], groups,
                    partner_rows) -> dict[tuple[str, str], Pair]:
    """Value, growth, share …, quantities, product and partner counts of every product group."""
    cur, base = scope.period.months, scope.base.months
    group_pairs: dict[tuple[str, str], Pair] = {}
    for i, group in enumerate(groups):
        values, kgs = series[f"v{i}"], series[f"k{i}"]
        for flow in ("total", "export", "import"):
            pair = Pair(_side_sum(values, cur, flow), _side_sum(values, base, flow),
                        _side_sum(kgs, cur, flow), _side_sum(kgs, base, flow))
            group_pairs[(group.name, flow)] = pair
            b = Breakdown("product_group", group.name)
            writer.slice(flow, b, (group.name, group.name_en), pair, totals[flow])
    parents: dict[str, products.ProductGroup] = {}
    for group in groups:  # a part in several unions takes the first that names it in product_groups.toml
        for part in group.union:
            parents.setdefault(part, group)
    for part, group in parents.items():  # share of a part in its union (碳酸钠 in 盐湖化工产品)
        for flow in ("total", "export", "import"):
            writer.share_of(flow, Breakdown("product_group", part), "share_of_group_pct",
                            group_pairs[(part, flow)].cur, group_pairs[(group.name, flow)].cur,
                            group.name, group.name_en)
    _product_counts(writer, sums, groups)
    _group_partner_counts(writer, partner_rows, groups, scope.has(scope.base))
    return group_pairs


def _product_counts(writer: Writer, sums, groups) -> None:
    codes: dict[str, dict[str, Pair]] = defaultdict(dict)
    for (kind, member, flow), pair in sums.items():
        if kind == "product":
            codes[flow][member] = pair
    every = list(codes["total"])
    targets: list[tuple[Breakdown | None, str, str, list[str]]] = [(None, "商品", "goods", every)]
    targets += [(Breakdown("product_group", g.name), g.name, g.name_en, [c for c in every if g.covers(c)])
                for g in groups]  # each code tested once per group
    for breakdown, name, name_en, group_codes in targets:
        for flow in ("total", "export", "import"):
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


def _partner_count_figures(writer: Writer, flow: str, breakdown: Breakdown | None, prefix: str,
                           values: Mapping[str, Pair]) -> None:
    """partner_count and new_partner_count (with the new partners' names, largest first)."""
    now = {c: p for c, p in values.items() if p.cur > 0}
    if not now:
        return
    n = len(now)
    text = {"total": f"{prefix}与{n}个国家（地区）有贸易往来", "export": f"{prefix}出口到{n}个国家（地区）",
            "import": f"{prefix}自{n}个国家（地区）进口"}[flow]
    writer.count(flow, breakdown, "partner_count", n, "个", text, f"{n} partner countries and territories")
    if writer.has_base:
        new = ranked_names((c, p.cur) for c, p in now.items() if p.base == 0)
        names = [member_names("partner", c)[0] for c in new]
        writer.count(flow, breakdown, "new_partner_count", len(new), "个", f"新增{len(new)}个贸易伙伴",
                     f"{len(new)} new partners", detail={"partners": names, "codes": new})


def _group_partner_counts(writer: Writer, partner_rows, groups, has_base: bool) -> None:
    values: dict[tuple[int, str], dict[str, list[Decimal]]] = defaultdict(dict)
    for r in partner_rows:
        amount = _dec(r["value"])
        if amount == 0 or r["partner"] is None or r["side"] not in ("cur", "base"):
            continue
        at = 0 if r["side"] == "cur" else 1
        for flow in (r["flow"], "total"):
            values[(r["group"], flow)].setdefault(r["partner"], [ZERO, ZERO])[at] += amount
    for (i, flow), by_partner in sorted(values.items()):
        group = groups[i]
        _partner_count_figures(writer, flow, Breakdown("product_group", group.name), group.name,
                               {c: Pair(cur, base) for c, (cur, base) in by_partner.items()})


def _write_partner_group(writer: Writer, breakdown: Breakdown, names: tuple[str, str], codes: set[str],
                         partners: Mapping[tuple[str, str], Pair], totals: Mapping[str, Pair],
                         detail: dict | None = None) -> None:
    """A set of partners' figures; `detail` (its codes, scheme, size) goes on every one of them."""
    start = len(writer.figures)
    for flow in ("total", "export", "import"):
        members = {c: p for (c, fl), p in partners.items() if fl == flow and c in codes}
        writer.slice(flow, breakdown, names, sum(members.values(), Pair()), totals[flow])
        now = [c for c, p in members.items() if p.cur > 0]
        if now:
            writer.count(flow, breakdown, "partner_count", len(now), "个",
                         f"与{names[0]}中的{len(now)}个国家（地区）有贸易往来",
                         f"{len(now)} of its members traded")
    export = sum((p for (c, fl), p in partners.items() if fl == "export" and c in codes), Pair())
    imp = sum((p for (c, fl), p in partners.items() if fl == "import" and c in codes), Pair())
    if not (export.empty and imp.empty):
        writer.money("balance", breakdown, names, export.cur - imp.cur)
    for figure in writer.figures[start:] if detail else ():
        figure.detail.update(detail)


def _partners(writer: Writer, partners: Mapping[tuple[str, str], Pair], totals, period: Period) -> None:
    """Countries, partner groups, the new partners, ranks in both schemes and the top-N sets."""
    on = period.last_month
    for (code, flow), pair in sorted(partners.items()):
        writer.slice(flow, Breakdown("partner", _partner_name(code)), member_names("partner", code), pair,
                     totals[flow])
    for code in sorted({c for c, _ in partners}):
        export, imp = partners.get((code, "export"), Pair()), partners.get((code, "import"), Pair())
        writer.money("balance", Breakdown("partner", _partner_name(code)), member_names("partner", code),
                     export.cur - imp.cur)
    for group in partner_groups.GROUPS.values():
        _write_partner_group(writer, Breakdown("partner_group", group.name), (group.name, group.name_en),
                             set(group.members(on)), partners, totals)
    for flow in ("total", "export", "import"):
        values = {c: p for (c, fl), p in partners.items() if fl == flow}
        _partner_count_figures(writer, flow, None, "", values)
        if writer.has_base:
            new = {c for c, p in values.items() if p.cur > 0 and p.base == 0}
            pair = sum((values[c] for c in new), Pair())
            writer.slice(flow, Breakdown("partner_group", NEW_PARTNERS), (NEW_PARTNERS, "new partners"), pair,
                         totals[flow])
        _partner_ranks(writer, flow, values, partners, totals, on)


def _partner_name(code: str) -> str:
    return member_names("partner", code)[0]


def _partner_ranks(writer: Writer, flow: str, values: Mapping[str, Pair], partners, totals, on: date) -> None:
    """Country scheme (匈牙利、马来西亚…) and bloc scheme (欧盟、东盟、俄罗斯…) ranks, and the top-N sets."""
    countries = {c: p.cur for c, p in values.items() if p.cur > 0}
    blocs: dict[str, Decimal] = defaultdict(Decimal)
    for code, amount in countries.items():
        blocs[partner_groups.bloc_of(code, on)] += amount
    whole = writer.whole
    for code, rank in f.ranks(countries).items():
        writer.add(flow, Breakdown("partner", _partner_name(code)), "partner_rank", rank, "位",
                   f"为{whole}第{w.chinese_numeral(rank)}大贸易伙伴", f"the {w.rank_en(rank)} largest partner")
    for key, rank in f.ranks(blocs).items():
        if key in partner_groups.BLOCS:
            writer.add(flow, Breakdown("partner_group", key), "partner_rank", rank, "位",
                       f"为{whole}第{w.chinese_numeral(rank)}大贸易伙伴", f"the {w.rank_en(rank)} largest partner")
    if flow != "total":
        return
    for scheme, ranking in (("country", ranked_names(countries.items())), ("bloc", ranked_names(blocs.items()))):
        for size in TOP_SETS:
            if len(ranking) <= size:
                break
            top = ranking[:size]
            names = [k if k in partner_groups.BLOCS else _partner_name(k) for k in top]
            codes: set[str] = set()
            for k in top:
                codes |= set(partner_groups.members(k, on)) if k in partner_groups.BLOCS else {k}
            name = "+".join(names)
            _write_partner_group(writer, Breakdown("partner_group", name), (name, name), codes, partners, totals,
                                 detail={"codes": sorted(codes), "scheme": scheme, "top": size})


def _by_statistical_mode(sums: Mapping[tuple[str, str, str], Pair]) -> dict[tuple[str, str, str], Pair]:
    """Declaration codes (0110, 9610) summed under their statistical trade mode (10 一般贸易), as published."""
    out: dict[tuple[str, str, str], Pair] = defaultdict(Pair)
    for (kind, member, flow), pair in sums.items():
        if kind == "trade_mode":
            member = statistical_code(member) or member
        out[(kind, member, flow)] = out[(kind, member, flow)] + pair
    return out


def _products(writer: Writer, sums, totals) -> None:
    """Every HS code's slice figures (deferred: see `FigureSet`)."""
    for (kind, member, flow), pair in sorted(sums.items()):
        if kind == "product":
            writer.slice(flow, Breakdown("product", member), member_names("product", member), pair, totals[flow])


def _plain_breakdowns(writer: Writer, sums, totals, kids: Sequence[Region], child_length: int) -> None:
    """Enterprise types, trade modes and the regions one level down (products are deferred)."""
    by_prefix = {r.record_prefix: r for r in kids}
    region_pairs: dict[str, Pair] = {}
    plain = {key: pair for key, pair in sums.items() if key[0] != "product"}
    for (kind, member, flow), pair in sorted(_by_statistical_mode(plain).items()):
        if kind in ("enterprise_type", "trade_mode"):
            zh, en = member_names(kind, member)
            writer.slice(flow, Breakdown(kind, zh), (zh, en), pair, totals[flow])
        elif kind == "region" and member in by_prefix:
            region = by_prefix[member]
            zh, en = subject_name(region), region.name_en
            writer.slice(flow, Breakdown("region", zh), (zh, en), pair, totals[flow])
            if flow == "total":
                region_pairs[zh] = pair
    if not region_pairs:
        return
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


def _enterprises(writer: Writer, records: Sequence[Mapping], has_base: bool) -> None:
    """Enterprises with trade, by flow and type: count, change, growth, and a type's share of the count."""
    counts: dict[tuple[str, str, str], int] = {}
    for r in records:
        if r["enterprise_type"] is None:
            continue
        counts[(r["flow"], r["enterprise_type"], r["side"])] = int(r["count"])
    for (flow, etype, side), n in sorted(counts.items()):
        if side != "cur":
            continue
        n0 = counts.get((flow, etype, "base"), 0) if has_base else None
        if etype == "":
            breakdown, text = None, f"有{FLOW_ZH[flow]}实绩的外贸企业{n}家"
        else:
            zh, _ = member_names("enterprise_type", etype)
            breakdown, text = Breakdown("enterprise_type", zh), f"{zh}{n}家"
        writer.count(flow, breakdown, "count", n, "家", text, f"{n} enterprises traded")
        writer.counts_change(flow, breakdown, n, n0, "家")
        if breakdown is not None and counts.get((flow, "", "cur")):
            share = f.share(Decimal(n), Decimal(counts[(flow, "", "cur")]))
            writer.add(flow, breakdown, "count_share_pct", f.percent(share), "%",
                       f"占外贸企业总数的{w.pct_zh(share)}", f"{w.pct_en(share)} of all enterprises")


def _within_province(writer: Writer, scope: Scope, source: TableSource) -> None:
    """A prefecture's or zone's share of its province (and a zone's of its city), its gap and rank there."""
    subject = scope.subject
    province = REGIONS[subject.code[:2]]
    rows = q.window(source.table("trade"), scope.load_ids, province.record_prefix, scope.sides, scope.period.months
                    + (scope.base.months if scope.has(scope.base) else ()))
    length = len(subject.record_prefix)
    by_region: dict[tuple[str, str], Pair] = defaultdict(Pair)
    for r in _rows(q.region_sums(rows, length)):
        pair = Pair.of(r["side"], _dec(r["value"]))
        for flow in (r["flow"], "total"):
            by_region[(r["region"], flow)] += pair
    city = REGIONS.get(prefecture_of(subject.code) or "")
    for flow in ("total", "export", "import"):
        own = by_region.get((subject.record_prefix, flow), Pair())
        whole = sum((p for (code, fl), p in by_region.items() if fl == flow), Pair())
        writer.share_of(flow, None, "share_of_pct", own.cur, whole.cur, subject_name(province), province.name_en)
        writer.gap(flow, None, "growth_gap_pp", own.growth, whole.growth, subject_name(province), province.name_en)
        if subject.level == "zone" and city is not None:
            city_pair = sum((p for (code, fl), p in by_region.items()
                             if fl == flow and code.startswith(city.record_prefix)), Pair())
            writer.share_of(flow, None, "share_of_city_pct", own.cur, city_pair.cur, subject_name(city), city.name_en)
    if subject.level == "prefecture" and scope.has(scope.base):
        siblings = {r.record_prefix for r in children(province.code)}
        growth = {code: p.growth for (code, fl), p in by_region.items()
                  if fl == "total" and code in siblings and p.cur > 0 and p.growth is not None}
        if subject.record_prefix in growth:
            rank = f.ranks(growth)[subject.record_prefix]
            writer.rank("total", None, "rank", rank, whole_zh(province), "the prefectures")


def _peers(writer: Writer, scope: Scope, source: TableSource, loads, peers_dataset: str, dataset: str,
           totals: Mapping[str, Pair], group_pairs: Mapping[tuple[str, str], Pair]) -> list[str]:
    """Ranks among provinces, gaps to the national average and national shares, from the peer table."""
    subject = scope.subject
    if subject.level == "nation":
        return []
    peer_loads = [load for load in loads if load["dataset"] == peers_dataset]
    if not peer_loads:
        peer_loads = [load for load in loads if load["dataset"] == dataset and len(load["provinces"] or ()) > 1]
    if not peer_loads:
        return [f"No peer data ({peers_dataset!r}): ranks among provinces and national comparisons are left out."]
    available = {m for load in peer_loads for m in load["months"]}
    needed = set(scope.period.months) | set(scope.base.months)
    if not needed <= available:
        return [f"The peer data lack months of {scope.period} or {scope.base}: national comparisons are left out."]
    with_products = [load["load_id"] for load in peer_loads if "product" in load["dims"]]
    totals_ids = [load["load_id"] for load in peer_loads if "product" not in load["dims"]] or with_products
    sides = {"cur": scope.period.months, "base": scope.base.months}
    months = scope.period.months + scope.base.months
    trade = source.table("trade")
    province = subject.code[:2]

    def collect(records) -> dict[Any, dict[tuple[str, str], Pair]]:
        """Rows by group (None without groups), then (province, flow) → Pair."""
        out: dict[Any, dict[tuple[str, str], Pair]] = defaultdict(lambda: defaultdict(Pair))
        for r in records:
            pair = Pair.of(r["side"], _dec(r["value"]))
            for flow in (r["flow"], "total"):
                out[r.get("group")][(r["province"], flow)] += pair
        return out

    groups = list(products.GROUPS.values())
    of_groups: dict[Any, dict[tuple[str, str], Pair]] = {}
    if with_products:
        of_groups = collect(_rows(q.province_sums(q.window(trade, with_products, "", sides, months), groups)))
    if sorted(totals_ids) == sorted(with_products):  # the product loads are the totals too: one query
        by_province = of_groups[None]
    else:
        by_province = collect(_rows(q.province_sums(q.window(trade, totals_ids, "", sides, months))))[None]
    for flow in ("total", "export", "import"):
        _peer_figures(writer, flow, None, by_province, flow, province, subject, totals[flow])
    for i, group in enumerate(groups if with_products else ()):
        by_group = of_groups[i]
        for flow in ("total", "export", "import"):
            if _covers(by_group.get((province, flow)), group_pairs[(group.name, flow)]):
                _peer_figures(writer, flow, Breakdown("product_group", group.name), by_group, flow, province,
                              subject, None)
    return []


#: The peer table covers a product group when it holds this much of the subject's own value, or more.
PEER_COVERAGE = Decimal("0.995")


def _covers(peer: Pair | None, own: Pair) -> bool:
    """Whether the peer table holds the whole group, not a few of its lines.

    A platform download per province × HS code usually covers the groups a bulletin ranks,
    not the broad ones around them (its 锂离子蓄电池 lines are not all of 机电产品); ranks
    and national shares from such a partial cut would be wrong, so they are left out.
    """
    if peer is None or own.cur <= 0:
        return False
    return PEER_COVERAGE * own.cur <= peer.cur <= own.cur / PEER_COVERAGE


def _peer_figures(writer: Writer, flow: str, breakdown: Breakdown | None, by_province, flow_key: str,
                  province: str, subject: Region, own: Pair | None) -> None:
    values = {p: pair for (p, fl), pair in by_province.items() if fl == flow_key}
    nation = sum(values.values(), Pair())
    if nation.cur == 0:
        return
    mine = values.get(province, Pair()) if subject.level == "province" else own
    if mine is None or mine.cur == 0:
        return
    writer.gap(flow, breakdown, "gap_pp", mine.growth, nation.growth, "全国平均增速", "the national average")
    if subject.level != "province":
        return
    writer.share_of(flow, breakdown, "national_share_pct", mine.cur, nation.cur,
                    "全国同类" if breakdown else "全国", "the national")
    growth = {p: pair.growth for p, pair in values.items() if pair.cur > 0 and pair.growth is not None}
    if province in growth:
        writer.rank(flow, breakdown, "rank", f.ranks(growth)[province], "全国", "provinces")
    writer.rank(flow, breakdown, "value_rank", f.ranks({p: pair.cur for p, pair in values.items()})[province],
                "全国", "provinces", of="value")


__all__ = ["METRIC_ORDER", "FigureSet", "NEW_PARTNERS", "TableSource", "compute_figures"]
