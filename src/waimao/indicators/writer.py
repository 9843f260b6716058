"""Turns exact sums into figure records: the metric, its unrounded value and unit, and its wording.

Each method makes the figures of one kind of statement (a slice's value and growth, its share
of the whole, a count, a rank) so that the same numbers are always worded the same way,
through `waimao.model.wording`. Values stay unrounded; only `text` is rounded.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from waimao.indicators import formulas as f
from waimao.indicators import texts
from waimao.indicators.labels import FLOW_ZH, whole_zh
from waimao.indicators.records import MONEY_UNITS, Breakdown, Figure, FigureSource, Words
from waimao.model import wording as w
from waimao.model.regions import Region

ZERO = Decimal(0)
BOTH = frozenset({"export", "import"})


@dataclass
class Pair:
    """Exact sums of one slice in the period (`cur`) and the same months a year earlier (`base`)."""

    cur: Decimal = ZERO
    base: Decimal = ZERO
    kg_cur: Decimal = ZERO
    kg_base: Decimal = ZERO

    def __add__(self, other: Pair) -> Pair:
        return Pair(self.cur + other.cur, self.base + other.base,
                    self.kg_cur + other.kg_cur, self.kg_base + other.kg_base)

    @classmethod
    def of(cls, side: str, value: Decimal, kg: Decimal = ZERO) -> Pair:
        """One query row's sums as a Pair: on the 'cur' side or the 'base' side."""
        return cls(value, ZERO, kg, ZERO) if side == "cur" else cls(ZERO, value, ZERO, kg)

    @property
    def empty(self) -> bool:
        return self.cur == 0 and self.base == 0

    @property
    def growth(self) -> Decimal | None:
        return f.growth(self.cur, self.base)


class Writer:
    """Collects the figures of one subject and period.

    Each family of figures writes through its own view (`using`): the same figure list, with the
    source its sums came from (recorded on every figure) and whether that source holds the base year.
    """

    def __init__(self, subject: Region, subject_name: str, period: str, *, has_base: bool, currency: str = "CNY",
                 source: FigureSource | None = None, eager: bool = False):
        self.subject = subject
        self.subject_name = subject_name
        self.period = period
        self.has_base = has_base
        self.currency = currency
        self.source = source
        self.whole = whole_zh(subject)
        self.flows: frozenset[str] = BOTH
        self.both = True  # the source holds both flows: every figure is written
        self.figures: list[Figure] = []
        self.eager = eager  # word every figure now (the reference the lazy figure set is tested against)

    def using(self, source: FigureSource | None, has_base: bool, *, period: str | None = None,
              flows: frozenset[str] | None = None) -> Writer:
        """A view writing into the same figure list, for the figures of one source (or of one month).

        `flows` are the flows the source holds: a figure of another flow (or of 进出口 and the balance,
        which need both) is not written, as the source would state it from part of the trade.
        """
        view = copy.copy(self)
        view.source, view.has_base, view.period = source, has_base, period or self.period
        if flows is not None:
            view.flows, view.both = flows, flows >= BOTH
        return view

    # -- one figure ------------------------------------------------------------------------

    def add(self, flow: str, breakdown: Breakdown | None, metric: str, value: Decimal | int | float, unit: str,
            text: str | Words, text_en: str = "", *, period: str | None = None,
            detail: dict[str, Any] | None = None) -> Figure | None:
        """One figure; its text as strings, or as `Words` to be made when first read (`waimao.indicators.texts`)."""
        if not (self.both or flow in self.flows):
            return None
        if self.eager and isinstance(text, Words):
            text, text_en = text.function(*text.arguments)
        figure = Figure(self.subject_name, period or self.period, flow, breakdown, metric, float(value), unit,
                        text, text_en, detail or {}, self.source)
        self.figures.append(figure)
        return figure

    # -- a slice: value, growth, share, pull, contribution ---------------------------------

    def slice(self, flow: str, breakdown: Breakdown | None, names: tuple[str, str], s: Pair,
              whole: Pair | None = None) -> None:
        """Every figure of one slice that its sums define; `whole` is the subject's flow, when it is a part."""
        if s.empty:
            return
        self.money(flow, breakdown, names, s.cur)
        if self.has_base:
            self.growth(flow, breakdown, s)
        if whole is not None:
            self.part_of_whole(flow, breakdown, s, whole)
        if s.kg_cur or s.kg_base:
            self.quantity(flow, breakdown, names, s)

    def money(self, flow: str, breakdown: Breakdown | None, names: tuple[str, str], yuan: Decimal) -> None:
        currency = self.currency
        amount_unit = w.money_value(yuan, currency=currency)[1]
        value = yuan / MONEY_UNITS[amount_unit]
        self.add(flow, breakdown, "value", value, amount_unit, Words(texts.money, yuan, currency, flow, breakdown, *names))

    def growth(self, flow: str, breakdown: Breakdown | None, s: Pair, *, quantity: bool = False) -> None:
        """yoy_pct or yoy_times (倍 from a shown 100 %), or first_time when there is no base."""
        cur, base = (s.kg_cur, s.kg_base) if quantity else (s.cur, s.base)
        g = f.growth(cur, base)
        prefix = "quantity_" if quantity else ""
        if g is None:
            if cur > 0 and not quantity:
                self.add(flow, breakdown, "first_time", 1, "", w.growth_zh(None, flow),
                         "none in the same period last year")
            return
        shown_unit = w.growth_value(g)[1]
        if shown_unit == "倍":
            self.add(flow, breakdown, f"{prefix}yoy_times", g, "倍", Words(texts.growth, g, flow))
        else:
            self.add(flow, breakdown, f"{prefix}yoy_pct", f.percent(g), "%", Words(texts.growth, g, flow))

    def part_of_whole(self, flow: str, breakdown: Breakdown | None, s: Pair, whole: Pair) -> None:
        """Share, share change, pull, contribution and growth gap of a slice within the subject's flow."""
        whole_flow = f"{self.whole}{'外贸' if flow == 'total' else FLOW_ZH[flow]}"
        share = f.share(s.cur, whole.cur)
        if share is not None:
            self.add(flow, breakdown, "share_pct", f.percent(share), "%", Words(texts.share, share, self.whole, flow))
        if not self.has_base:
            return
        change = f.share_change_pp(s.cur, whole.cur, s.base, whole.base)
        if change is not None:
            self.add(flow, breakdown, "share_change_pp", change, "个百分点", Words(texts.share_change, change))
        pull = f.pull_pp(s.cur, s.base, whole.base)
        if pull is not None:
            self.add(flow, breakdown, "pull_pp", pull, "个百分点", Words(texts.pull, pull, whole_flow))
        contribution = f.contribution(s.cur, s.base, whole.cur, whole.base)
        if contribution is not None:
            self.add(flow, breakdown, "contribution_pct", f.percent(contribution), "%",
                     Words(texts.contribution, contribution, whole_flow))
        gap = f.gap_pp(s.growth, whole.growth)
        if gap is not None:
            self.add(flow, breakdown, "growth_gap_pp", gap, "个百分点", Words(texts.gap, gap, "整体", "the whole"))

    def quantity(self, flow: str, breakdown: Breakdown | None, names: tuple[str, str], s: Pair) -> None:
        tonnes = s.kg_cur / 1000
        prefix = f"对{names[0]}" if breakdown and breakdown.kind in ("partner", "partner_group") else names[0]
        self.add(flow, breakdown, "quantity", tonnes, "吨", Words(texts.quantity, s.kg_cur, prefix, flow))
        if self.has_base:
            self.growth(flow, breakdown, s, quantity=True)

    # -- comparisons with a reference ------------------------------------------------------

    def gap(self, flow: str, breakdown: Breakdown | None, metric: str, g: Decimal | None, g_ref: Decimal | None,
            reference_zh: str, reference_en: str) -> None:
        gap = f.gap_pp(g, g_ref)
        if gap is not None:
            self.add(flow, breakdown, metric, gap, "个百分点", Words(texts.gap, gap, reference_zh, reference_en))

    def share_of(self, flow: str, breakdown: Breakdown | None, metric: str, part: Decimal, whole: Decimal,
                 whole_zh_name: str, whole_en_name: str) -> None:
        share = f.share(part, whole)
        if share is not None:
            self.add(flow, breakdown, metric, f.percent(share), "%",
                     Words(texts.share_of, share, whole_zh_name, whole_en_name, flow))

    def rank(self, flow: str, breakdown: Breakdown | None, metric: str, rank: int, among_zh: str,
             among_en: str, *, of: str = "growth") -> None:
        what_zh, what_en = ("增速", "growth") if of == "growth" else ("规模", "value")
        self.add(flow, breakdown, metric, rank, "位", Words(texts.rank, rank, what_zh, among_zh, what_en, among_en))

    def count(self, flow: str, breakdown: Breakdown | None, metric: str, n: int, unit: str, text: str,
              text_en: str, *, detail: dict[str, Any] | None = None) -> None:
        self.add(flow, breakdown, metric, n, unit, text, text_en, detail=detail)

    def counts_change(self, flow: str, breakdown: Breakdown | None, n: int, n0: int | None, unit: str) -> None:
        """count_change and count_yoy_pct against last year's count."""
        if n0 is None:
            return
        delta = n - n0
        self.add(flow, breakdown, "count_change", delta, unit, Words(texts.count_change, delta, unit))
        g = f.growth(Decimal(n), Decimal(n0))
        if g is not None:
            self.add(flow, breakdown, "count_yoy_pct", f.percent(g), "%", Words(texts.count_growth, g))

    def streak(self, flow: str, breakdown: Breakdown | None, months: int, month_label: str) -> None:
        if months > 0:
            self.add(flow, breakdown, "streak_months", months, "个月", f"连续{months}个月保持增长",
                     f"grew for {months} months in a row", period=month_label)


def ranked_names(values: Iterable[tuple[str, Decimal]]) -> list[str]:
    """Keys ordered largest value first, ties by key, so every engine gives the same order."""
    return [key for key, _ in sorted(values, key=lambda kv: (-kv[1], kv[0]))]


__all__ = ["Pair", "Writer", "ranked_names"]
