"""Checks across texts: one figure stated two ways, and a longer period below a shorter one it contains
(the two figures from different texts).

A half year contains its first quarter, so its exports, partner count or enterprise count
cannot be smaller; new-partner counts and growth rates carry no such bound and are not compared.

Only the first finding on a claim counts (`consistency.apply` keeps it), so each claim gets at
most that one, found by binary search in sorted bounds rather than by comparing every pair of
claims: texts that repeat a figure thousands of times are checked in time n log n.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

from waimao.claims import figure_index
from waimao.claims.consistency import Finding
from waimao.claims.figure_index import Index, index_key
from waimao.claims.extract import Claim
from waimao.claims.interval import Interval
from waimao.claims.verify import stated
from waimao.model.periods import Period

#: Metrics that can only grow as the period gets longer.
CUMULATIVE = {"value", "quantity", "partner_count", "count", "product_count", "region_count"}

#: The slack of `Interval.overlaps`.
SLACK = 1e-9


def _level(c: Claim) -> Interval:
    return figure_index.level(c)


def check_across(claims: list[Claim], texts: dict[str, str] | None = None) -> list[Finding]:
    """Claims not established inside their own text (`texts`: file → text; consistency.Index) take part
    in no comparison."""
    out: list[Finding] = []
    by_file: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_file[c.file].append(c)
    usable = []
    for same_file in by_file.values():
        idx = Index(same_file, (texts or {}).get(same_file[0].file))
        usable += [c for c in same_file if index_key(c) in idx.first and index_key(c) not in idx.ambiguous]
    claims = usable
    by_key: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        by_key[index_key(c)].append(c)  # an amount in 美元 is never compared with one in 元
    for same in by_key.values():
        for a, b in zip(same, _first_apart(same)):
            if b is not None:
                out.append(Finding(a, stated(b), f"{b.file} states the same figure as {b.value:g}{b.unit}"))
    by_slice: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.metric in CUMULATIVE and c.flow != "balance":
            k = index_key(c)
            by_slice[(k[0], k[2], k[3], k[4], k[5])].append(c)
    for group in by_slice.values():
        out += _below_contained(group)
    return out


class _Earliest:
    """The earliest claims (by position in the text order) among those added so far: the earliest of
    all, and the earliest of another file than that one's, so that the earliest of any file but one
    is known."""

    def __init__(self):
        self.first: tuple[int, str] | None = None
        self.other: tuple[int, str] | None = None

    def add(self, order: int, file: str) -> None:
        if self.first is None or order < self.first[0]:
            if self.first is not None and file != self.first[1]:
                self.other = self.first
            self.first = (order, file)
        elif file != self.first[1] and (self.other is None or order < self.other[0]):
            self.other = (order, file)

    def outside(self, file: str) -> int | None:
        """The earliest claim of a file other than `file`."""
        found = self.first if self.first is not None and self.first[1] != file else self.other
        return None if found is None else found[0]


def _first_apart(same: list[Claim]) -> list[Claim | None]:
    """For each claim, the first claim of another file whose level does not overlap its own (or None).

    Not overlapping means lying wholly below (hi + slack < lo) or wholly above (lo > hi + slack),
    the negation of `Interval.overlaps` computed the same way; both are prefixes of a sorted order.
    """
    levels = [_level(c) for c in same]
    if len({c.file for c in same}) < 2:
        return [None] * len(same)
    below_order = sorted(range(len(same)), key=lambda i: levels[i].hi + SLACK)
    below_keys = [levels[i].hi + SLACK for i in below_order]
    above_order = sorted(range(len(same)), key=lambda i: -levels[i].lo)
    above_keys = [levels[i].lo for i in reversed(above_order)]  # ascending
    below = _earliest_of_prefixes(same, below_order)
    above = _earliest_of_prefixes(same, above_order)
    found: list[Claim | None] = []
    for c, level in zip(same, levels):
        candidates = [below[bisect_left(below_keys, level.lo)].outside(c.file),
                      above[len(above_keys) - bisect_right(above_keys, level.hi + SLACK)].outside(c.file)]
        first = min((i for i in candidates if i is not None), default=None)
        found.append(None if first is None else same[first])
    return found


def _earliest_of_prefixes(claims: list[Claim], order: list[int]) -> list[_Earliest]:
    """`_Earliest` of the first k claims of `order`, for k = 0…n."""
    out = [_Earliest()]
    for i in order:
        step = _Earliest()
        step.first, step.other = out[-1].first, out[-1].other
        step.add(i, claims[i].file)
        out.append(step)
    return out


def _below_contained(group: list[Claim]) -> list[Finding]:
    """For each claim, the first claim of another text, of a shorter period its period contains, stated
    above it (or none).

    Only across texts: inside one text, which period a figure belongs to is read from the period words
    before it, and a text that mixes a month, the months to date and the year (or names a target for the
    year) is where that reading is least sure; across texts each figure's period is its own text's.
    Claims are bucketed by period; a period contains only periods of its own year, and for each of
    those the earliest claims above a bound (of any file, and of another file) are suffix minima over
    the bucket sorted by level.
    """
    periods = {text: Period.parse(text) for text in dict.fromkeys(c.period for c in group)}
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(group):
        buckets[c.period].append(i)
    lows = {}
    earliest_above: dict[str, list[_Earliest]] = {}
    for text, members in buckets.items():
        ordered = sorted(members, key=lambda i: _level(group[i]).lo)
        lows[text] = [_level(group[i]).lo for i in ordered]
        earliest_above[text] = _earliest_of_prefixes(group, ordered[::-1])[::-1]
    by_year: dict[int, list[str]] = defaultdict(list)
    for text, period in periods.items():
        by_year[period.year].append(text)
    inside = {text: [other for other in by_year[pl.year] if periods[other] != pl and pl.contains(periods[other])]
              for text, pl in periods.items()}
    out = []
    for long in group:
        bound = _level(long).hi
        first = len(group)
        for text in inside[long.period]:
            found = earliest_above[text][bisect_right(lows[text], bound)].outside(long.file)
            if found is not None:
                first = min(first, found)
        if first < len(group):
            short = group[first]
            pl, ps = periods[long.period], periods[short.period]
            where = f" ({short.file})" if short.file != long.file else ""
            out.append(Finding(long, Interval(short.value, float("inf")),
                               f"{pl} contains {ps}, for which {short.value:g}{short.unit} is stated{where}"))
    return out
