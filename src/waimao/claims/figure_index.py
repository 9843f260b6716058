"""The figures of one text by key, and which of them are established enough to be checked.

A consistency check compares figures by what they state — subject, period, flow, slice, metric and,
for an amount, currency. A key stated in one text with values that cannot all hold is ambiguous: the
text or its reading gave some figure to the wrong slice or subject, and no check may use it. With the
text, a figure whose words name another slice or subject (leadin.py) is left out as well. Amounts are
compared in 亿 of their currency (万亿元 = 10⁴ 亿元), never across currencies.
"""

from __future__ import annotations

from collections import defaultdict

from waimao.claims.bases import subject_key
from waimao.claims.extract import Claim
from waimao.claims.interval import Interval
from waimao.claims.leadin import LeadIns
from waimao.claims.verify import stated
from waimao.model.regions import REGIONS

#: Money units in 亿 of their currency; sums and shares never mix currencies.
IN_YI = {"元": 1e-8, "万元": 1e-4, "亿元": 1.0, "万亿元": 1e4, "亿": 1.0,
         "美元": 1e-8, "万美元": 1e-4, "亿美元": 1.0, "万亿美元": 1e4}
CURRENCIES = ("CNY", "USD")

def is_money(c: Claim) -> bool:
    return c.metric == "value" and c.unit in IN_YI


def currency(c: Claim) -> str:
    return "USD" if "美元" in c.unit else "CNY"


def money(c: Claim) -> Interval:
    """A money claim in 亿 of its currency (亿元, or 亿美元 for an amount in dollars)."""
    return stated(c).scale(IN_YI[c.unit])


def growth(c: Claim) -> Interval:
    """g = X/X0 − 1 as a fraction (增长2.1倍 → 2.1, 增长87.8% → 0.878)."""
    iv = stated(c)
    return iv.scale(0.01) if c.metric.endswith("_pct") else iv


def increase_share(g: Interval) -> Interval:
    """(X − X0)/X = g/(1+g), increasing in g."""
    return Interval(g.lo / (1 + g.lo), g.hi / (1 + g.hi))


def level(c: Claim) -> Interval:
    return money(c) if is_money(c) else stated(c)


def index_key(c: Claim) -> tuple:
    """What a claim states: subject (as a region code where known), period, flow, slice, metric, currency."""
    return (subject_key(c.subject), c.period, c.flow, c.breakdown, c.metric, currency(c) if is_money(c) else None)


def established(c: Claim) -> bool:
    return bool(c.subject and c.period) and "unresolved_breakdown" not in c.detail \
        and "unresolved_subject" not in c.detail


class Index:
    """The figures of one text by key; a key stated with values that cannot all hold is ambiguous.

    With the text (`raw`), a figure without a slice whose words may name one (leadin.py) is left out.
    """

    def __init__(self, claims: list[Claim], raw: str | None = None):
        self.first: dict[tuple, Claim] = {}
        bounds: dict[tuple, tuple[float, float]] = {}
        self.values: dict[tuple, list[Claim]] = defaultdict(list)
        self.lead_ins = LeadIns(raw, claims) if raw is not None else None
        for c in claims:
            if not established(c) or self.unnamed(c):
                continue
            k, iv = index_key(c), level(c)
            self.first.setdefault(k, c)
            lo, hi = bounds.get(k, (float("-inf"), float("inf")))
            bounds[k] = (max(lo, iv.lo), min(hi, iv.hi))
            if len(self.values[k]) < 3:
                self.values[k].append(c)
        self.ambiguous = {k for k, (lo, hi) in bounds.items() if lo > hi + 1e-9}

    def get(self, subject: str | None, period, flow, breakdown, metric, money_in: str | None = None) -> Claim | None:
        k = (subject, period, flow, breakdown, metric, money_in)
        return None if k in self.ambiguous else self.first.get(k)

    def unnamed(self, c: Claim) -> str | None:
        """Why `c` may be the figure of a slice other than the reader's (the words around it), or None."""
        if self.lead_ins is None:
            return None
        words = self.lead_ins.unnamed(c)
        if words is None:
            return None
        whose = f"{c.subject}'s {c.breakdown[1]}" if c.breakdown else f"{c.subject}'s own"
        return f"the words around it ({words}) may name a slice the reader does not know: not established as {whose}"

    def clash(self, subject: str | None, period, flow, breakdown, metric, money_in: str | None = None) -> str | None:
        """Why the key is not established (stated with clashing values), or None."""
        k = (subject, period, flow, breakdown, metric, money_in)
        if k not in self.ambiguous:
            return None
        shown = "、".join(f"{c.value:g}{c.unit}" for c in self.values[k])
        what = f"{subject_label(subject)} {period} {flow}{f' {breakdown[1]}' if breakdown else ''} {metric}"
        return (f"{what} is stated as {shown}… in this text: which figure belongs to which slice or subject "
                "is not established")

    def clash_of(self, c: Claim) -> str | None:
        """Why `c` itself is not established (its words, or its key stated with clashing values), or None."""
        return self.unnamed(c) or self.clash(*index_key(c))

    def growth(self, subject, period, flow, breakdown) -> Claim | None:
        return self.get(subject, period, flow, breakdown, "yoy_pct") or \
            self.get(subject, period, flow, breakdown, "yoy_times")

    def growth_clash(self, subject, period, flow, breakdown) -> str | None:
        return self.clash(subject, period, flow, breakdown, "yoy_pct") or \
            self.clash(subject, period, flow, breakdown, "yoy_times")

    def value(self, subject, period, flow, breakdown, money_in: str = "CNY") -> Claim | None:
        return self.get(subject, period, flow, breakdown, "value", money_in)


def subject_label(subject_code: str | None) -> str:
    region = REGIONS.get(subject_code or "")
    return (region.common_zh or region.name_zh) if region else str(subject_code)
