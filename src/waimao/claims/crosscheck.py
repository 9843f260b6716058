"""Checks across texts: one figure stated two ways, and a longer period below a shorter one it contains.

A half year contains its first quarter, so its exports, partner count or enterprise count
cannot be smaller; new-partner counts and growth rates carry no such bound and are not compared.
"""

from __future__ import annotations

from collections import defaultdict

from waimao.claims.consistency import Finding, money
from waimao.claims.extract import Claim
from waimao.claims.interval import Interval
from waimao.claims.verify import stated
from waimao.model.periods import Period

#: Metrics that can only grow as the period gets longer.
CUMULATIVE = {"value", "quantity", "partner_count", "count", "product_count", "region_count"}


def _level(c: Claim) -> Interval:
    return money(c) if c.metric == "value" and c.unit in ("亿元", "万元", "元") else stated(c)


def check_across(claims: list[Claim]) -> list[Finding]:
    out: list[Finding] = []
    by_key: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.subject and c.period and "unresolved_breakdown" not in c.detail:
            by_key[c.key].append(c)
    for same in by_key.values():
        for a in same:
            for b in same:
                if a.file != b.file and not _level(a).overlaps(_level(b)):
                    out.append(Finding(a, stated(b), f"{b.file} states the same figure as {b.value:g}{b.unit}"))
    by_slice: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.metric in CUMULATIVE and c.flow != "balance" and c.subject and c.period:
            by_slice[(c.subject, c.flow, c.breakdown, c.metric)].append(c)
    for group in by_slice.values():
        for long in group:
            for short in group:
                pl, ps = Period.parse(long.period), Period.parse(short.period)
                if pl != ps and pl.contains(ps) and _level(long).hi < _level(short).lo:
                    where = f" ({short.file})" if short.file != long.file else ""
                    out.append(Finding(long, Interval(short.value, float("inf")),
                                       f"{pl} contains {ps}, for which {short.value:g}{short.unit} is stated{where}"))
    return out
