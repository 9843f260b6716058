"""Every figure a bulletin needs for one region and period: `compute_figures` and the `FigureSet` it returns.

`compute_figures` is a short coordinator: the planner (`waimao.indicators.planner`) picks the one
cut of the loaded trade that answers each family of figures; each family
(`waimao.indicators.families`) derives its figures from the exact sums of its source
(`waimao.indicators.sums`); where two cuts state the same totals, they are reconciled
(`waimao.indicators.reconcile`). So the result is the same on every engine, a figure for a new
slice (a `+`-joined set of partners a journalist names) costs no further scan, and no figure ever
adds two cuts of the same trade.
"""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from waimao.errors import IndicatorError
from waimao.indicators.families import FAMILIES, Context
from waimao.indicators.families.partners import partner_set
from waimao.indicators.labels import subject_name
from waimao.indicators.planner import Need, Plan, plan
from waimao.indicators.reconcile import reconcile
from waimao.indicators.records import BREAKDOWN_KINDS, FLOWS, METRIC_ORDER, Breakdown, Figure, Note, to_table
from waimao.indicators.sums import Sums, TableSource, query
from waimao.indicators.writer import Writer, ranked_names
from waimao.model import products
from waimao.model.periods import Period
from waimao.model.regions import Region, resolve_region


@dataclass
class FigureSet:
    """The figures of one subject and period, with the exact partner sums kept for on-demand sets.

    The figures of single HS codes (≈ 8,000 codes × 3 flows × value, growth, share … on a
    national table, most of all figures) and of single partner countries (two thirds of a
    province's other figures) are written the first time they are asked for — by `figures`,
    iteration, `select` or `find` of that kind — because a bulletin cites product
    groups, not codes, and deriving them all would cost more than the scans. Every figure's text
    is made when first read (`waimao.indicators.texts`).
    """

    subject: Region
    period: Period
    _figures: list[Figure]
    notes: list[Note] = field(default_factory=list)
    seconds: float = 0.0
    _context: Context | None = field(default=None, repr=False)
    _index: dict[tuple, list[Figure]] = field(default_factory=dict, repr=False)
    _by_kind: dict[str | None, list[Figure]] = field(default_factory=dict, repr=False)
    _index_size: int = field(default=-1, repr=False)
    _label: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        self._label = str(self.period)  # compared with every figure's period: made once, not per figure

    @property
    def figures(self) -> list[Figure]:
        """Every figure, in bulletin order (subject, then breakdown kinds, flows and metrics)."""
        self._write(*self._deferred)
        return self._figures

    @property
    def _deferred(self) -> dict:
        return self._context.deferred if self._context else {}

    @property
    def plan(self) -> Plan | None:
        """Which source answered each family (`waimao.indicators.planner.Plan`)."""
        return self._context.plan if self._context else None

    @property
    def currency(self) -> str:
        return self._context.plan.currency if self._context else "CNY"

    @property
    def subject_name(self) -> str:
        return self._context.writer.subject_name if self._context else self.subject.name_zh

    def has(self, need: str) -> bool:
        """Whether some loaded data answered this need ('partner', 'product', 'region', 'peers' …)."""
        return self._context is not None and self._context.has(need)

    def __iter__(self):
        return iter(self.figures)

    def __len__(self) -> int:
        return len(self.figures)

    def table(self):
        """The figures as an Arrow table."""
        return to_table(self.figures)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [figure.to_dict() for figure in self.figures]

    def select(self, *, kind: str | None = None, flow: str | None = None, metric: str | None = None,
               top: int | None = None) -> list[Figure]:
        """Figures of one breakdown kind (None: the subject itself), optionally one flow, metric, top N members.

        The top N members are those with the largest value in the flow asked (进出口 when none).
        """
        self._write(kind)
        of_kind = self._kinds().get(kind, [])
        chosen = [x for x in of_kind if self._at(x, None)
                  and (flow is None or x.flow == flow) and (metric is None or x.metric == metric)]
        if top is None or kind is None:
            return chosen
        ranking = [x for x in of_kind if x.metric == "value" and x.flow == (flow or "total")]
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
        with _without_cycle_collection():
            for write in pending:
                write()
        if pending:
            self._figures.sort(key=_order)
            self._index_size = -1  # reordered: the indexes are made again, not extended

    def _keyed(self) -> dict[tuple, list[Figure]]:
        """Figures by (flow, breakdown, metric), in order; rebuilt when figures were added."""
        self._reindex()
        return self._index

    def _kinds(self) -> dict[str | None, list[Figure]]:
        """Figures by breakdown kind (None: the subject), in order; rebuilt when figures were added."""
        self._reindex()
        return self._by_kind

    def _reindex(self) -> None:
        """Index the figures added since the last call; all of them after a sort (`_write`).

        A bulletin asks for a few dozen partner sets ('欧盟+东盟'), each appending its figures to
        ≈ 10,000: indexing only the new ones keeps each lookup from walking the whole set again.
        Appended figures come last in the list, so the extended index has the order a new one would.
        """
        if self._index_size == len(self._figures):
            return
        if self._index_size < 0 or self._index_size > len(self._figures):
            self._index, self._by_kind, self._index_size = defaultdict(list), defaultdict(list), 0
        index, by_kind = self._index, self._by_kind
        for figure in self._figures[self._index_size:]:
            index[(figure.flow, figure.breakdown, figure.metric)].append(figure)
            by_kind[figure.breakdown.kind if figure.breakdown else None].append(figure)
        self._index_size = len(self._figures)

    def monthly(self, flow: str, metric: str = "value") -> list[Figure]:
        """The subject's figures of each month of the period, in month order (empty for a single month)."""
        labels = [str(Period.month(m.year, m.month)) for m in self.period.months] if len(self.period.months) > 1 else []
        found = {x.period: x for x in self._figures
                 if x.breakdown is None and x.flow == flow and x.metric == metric and x.period in labels}
        return [found[label] for label in labels if label in found]

    def _at(self, figure: Figure, period: str | None) -> bool:
        if period is not None:
            return figure.period == period
        return figure.period == self._label or figure.metric == "streak_months"

    def _partner_set(self, name: str) -> Breakdown:
        """Resolve a '+'-joined set of partners and groups, computing its figures if they are new."""
        found = partner_set(self._context, name) if self._context else None
        return found if found is not None else Breakdown("partner_group", name)


_KIND_ORDER = {None: 0, **{kind: i for i, kind in enumerate(BREAKDOWN_KINDS, start=1)}}
_FLOW_ORDER = {flow: i for i, flow in enumerate(FLOWS)}
_METRIC_ORDER = {metric: i for i, metric in enumerate(METRIC_ORDER)}


def _order(figure: Figure) -> tuple:
    """Subject first, then breakdown kinds; within a member: flow, then the metrics in bulletin order."""
    b = figure.breakdown
    return (_KIND_ORDER[b.kind if b else None], b.name if b else "", _FLOW_ORDER[figure.flow],
            _METRIC_ORDER[figure.metric], figure.period)


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


def compute_figures(source: TableSource, region: str | Region, period: str | Period, *,
                    currency: str | None = None, dataset: str | None = None, eager: bool = False) -> FigureSet:
    """All figures of `region` in `period`, each family from the one loaded cut that answers it.

    `currency` is 'CNY' or 'USD' (default: CNY where the data hold it, else USD); `dataset`
    restricts the subject's own figures to one dataset. Raises IndicatorError for an unknown
    region or period and when no loaded data hold the subject's totals for every month of the
    period. Figures that need data the warehouse lacks (a base year, a breakdown, peer provinces)
    are left out, and `FigureSet.notes` says which, why, and which download would add them.

    Figures are worded, and those of single HS codes written, when a caller first reads them;
    `eager` does all of it now (the reference against which the lazy set is tested: the same figures).
    """
    with _without_cycle_collection():
        return _compute(source, region, period, currency, dataset, eager)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a figure set is made, then back as it was.

    A figure set allocates some hundred thousand objects that form no cycles (query rows, Decimal
    sums, figures); the collector, triggered every 700 allocations, walks all the live ones again
    and again: ≈ 10 % of a province's figure set at 1M rows. Reference counting still frees them.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _compute(source: TableSource, region: str | Region, period: str | Period, currency: str | None,
             dataset: str | None, eager: bool) -> FigureSet:
    started = time.perf_counter()
    subject, period = _resolve(region, period)
    if currency is not None and currency not in ("CNY", "USD"):
        raise IndicatorError(f"unknown currency {currency!r}; use CNY or USD")
    loads = query(source, ("active_loads",), _active_loads)
    the_plan = plan(loads, subject, period, NEEDS, currency, dataset)
    main = the_plan.source("subject")
    writer = Writer(subject, subject_name(subject), str(period), has_base=the_plan.has_base("subject"),
                    currency=the_plan.currency, source=main.record, eager=eager)
    groups = list(products.GROUPS.values())
    ctx = Context(writer, the_plan, Sums(source, the_plan, groups), groups, notes=list(the_plan.notes))
    for family in FAMILIES:
        family.write(ctx)
    ctx.notes += reconcile(ctx)
    _drop_partial_counts(ctx)
    writer.figures.sort(key=_order)
    figures = FigureSet(subject, period, writer.figures, ctx.notes, time.perf_counter() - started, _context=ctx)
    if eager:
        figures._write(*list(ctx.deferred))
    return figures


#: Counts of members, which a partial listing (a Comtrade query for some partners) cannot support.
MEMBER_COUNTS = ("partner_count", "new_partner_count", "product_count", "new_product_count")


def _drop_partial_counts(ctx: Context) -> None:
    """Leave out counts read from a source whose detail falls short of the totals (`reconcile`)."""
    if not ctx.partial:
        return
    figures = ctx.writer.figures  # the partial-detail note says that the counts are left out
    figures[:] = [x for x in figures if not (x.metric in MEMBER_COUNTS and x.source is not None
                                             and tuple(x.source.loads) in ctx.partial)]


def _active_loads(table):
    from waimao.indicators import queries

    return queries.active_loads(table("loads"))


def _needs() -> tuple[Need, ...]:
    """Every family's needs, once each, in family order."""
    found: dict[str, Need] = {}
    for family in FAMILIES:
        for need in family.needs:
            found.setdefault(need.name, need)
    return tuple(found.values())


NEEDS = _needs()


__all__ = ["METRIC_ORDER", "FigureSet", "NEEDS", "compute_figures"]
