"""Checks inside one text: figures that cannot all be true together, whatever the data.

Every check is interval arithmetic on the published precision (interval.py). A check that
fails marks one claim `inconsistent` — the one the arithmetic points at — with the value the
other claims imply. The rules (docs/claims.md): exports + imports = total; balance = exports −
imports; a share against the values it relates; shares of one base implying one base; 拉动 =
base-period share × growth; 贡献率 = 拉动 / total growth; a growth gap against the two
growths; parts not exceeding wholes (and regions not exceeding their province).

A text may repeat a figure thousands of times, so nothing here compares every claim with every
other: claims are grouped by what they are compared with, and what a group implies is worked
out once per group.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from waimao.claims.extract import Claim
from waimao.claims.interval import Interval
from waimao.claims.verify import stated
from waimao.indicators.records import MONEY_UNITS
from waimao.model import products
from waimao.model.regions import REGIONS, resolve_region

#: The sums of parts and wholes are checked among amounts in yuan only (a text's 美元 amounts are left alone).
YUAN = {"亿元": 1e8, "万元": 1e4, "元": 1.0}


@dataclass
class Finding:
    claim: Claim
    expected: Interval
    reason: str


def money(c: Claim) -> Interval:
    """A money claim in 亿 of its currency (亿元, or 亿美元 for an amount in dollars)."""
    return stated(c).scale(float(MONEY_UNITS[c.unit]) / 1e8)


def growth(c: Claim) -> Interval:
    """g = X/X0 − 1 as a fraction (增长2.1倍 → 2.1, 增长87.8% → 0.878)."""
    iv = stated(c)
    return iv.scale(0.01) if c.metric.endswith("_pct") else iv


def increase_share(g: Interval) -> Interval:
    """(X − X0)/X = g/(1+g), increasing in g."""
    return Interval(g.lo / (1 + g.lo), g.hi / (1 + g.hi))


class _Index:
    def __init__(self, claims: list[Claim]):
        self.by_key: dict[tuple, Claim] = {}
        for c in claims:
            if c.subject and c.period and "unresolved_breakdown" not in c.detail:
                self.by_key.setdefault(c.key, c)

    def get(self, subject, period, flow, breakdown, metric) -> Claim | None:
        return self.by_key.get((subject, period, flow, breakdown, metric))

    def growth(self, subject, period, flow, breakdown) -> Claim | None:
        return self.get(subject, period, flow, breakdown, "yoy_pct") or \
            self.get(subject, period, flow, breakdown, "yoy_times")

    def value(self, subject, period, flow, breakdown) -> Claim | None:
        c = self.get(subject, period, flow, breakdown, "value")
        return c if c is not None and c.unit in YUAN else None


def _fmt(iv: Interval, unit: str) -> str:
    return f"{iv.lo:.4g}–{iv.hi:.4g}{unit}" if abs(iv.hi - iv.lo) > 1e-9 else f"{iv.lo:.4g}{unit}"


def check_text(claims: list[Claim]) -> list[Finding]:
    """Every inconsistency among the claims of one text."""
    idx = _Index(claims)
    findings: list[Finding] = []
    findings += _flows(idx, claims)
    findings += _shares(idx, claims)
    findings += _pulls(idx, claims)
    findings += _gaps(idx, claims)
    findings += _parts(idx, claims)
    return findings


def _flows(idx: _Index, claims: list[Claim]) -> list[Finding]:
    out = []
    for c in claims:
        if c.metric != "value" or c.flow not in ("total", "balance") or c.unit not in YUAN:
            continue
        e = idx.value(c.subject, c.period, "export", c.breakdown)
        i = idx.value(c.subject, c.period, "import", c.breakdown)
        if e is None or i is None:
            continue
        implied = e_i = money(e) + money(i) if c.flow == "total" else money(e) - money(i)
        if not money(c).overlaps(implied):
            rule = "exports + imports" if c.flow == "total" else "exports − imports"
            out.append(Finding(c, e_i.scale(1e8 / YUAN[c.unit]),
                               f"{rule} = {_fmt(implied, '亿元')}, not {c.value:g}{c.unit}"))
    return out


def _whole_of(c: Claim) -> tuple[str | None, object]:
    """(subject, breakdown) of the whole a share claim is a share of."""
    if c.metric == "share_pct":
        return c.subject, None
    if c.metric == "share_of_group_pct":
        return c.subject, ("product_group", c.detail.get("whole"))
    if c.metric in ("share_of_pct", "share_of_city_pct"):
        try:
            region = resolve_region(c.subject)
        except LookupError:
            return None, None
        if c.metric == "share_of_pct":
            parent = REGIONS[region.code[:2]]
        else:
            parent = REGIONS.get(region.parent or "")
        return (parent.common_zh or parent.name_zh) if parent else None, None
    return None, None


def _shares(idx: _Index, claims: list[Claim]) -> list[Finding]:
    out: list[Finding] = []
    bases: dict[tuple, list[tuple[Claim, Interval]]] = defaultdict(list)
    for c in claims:
        if c.metric == "count_share_pct":
            part = idx.get(c.subject, c.period, "total", c.breakdown, "count")
            whole = idx.get(c.subject, c.period, "total", None, "count")
            if part and whole:
                implied = (stated(part) / stated(whole)).scale(100)
                if not stated(c).overlaps(implied):
                    out.append(Finding(c, implied, f"{part.value:g}/{whole.value:g}家 is {_fmt(implied, '%')}"))
            continue
        if c.metric not in ("share_pct", "share_of_group_pct", "share_of_pct", "share_of_city_pct"):
            continue
        subject, whole_breakdown = _whole_of(c)
        if subject is None:
            continue
        part = idx.value(c.subject, c.period, c.flow, c.breakdown)
        if part is None:
            continue
        base = money(part) / stated(c).scale(0.01)
        bases[(subject, c.period, c.flow, whole_breakdown)].append((c, base))
    for (subject, period, flow, breakdown), implied in bases.items():
        whole = idx.value(subject, period, flow, breakdown)
        if whole is not None:
            for c, base in implied:
                if not base.overlaps(money(whole)):
                    part = idx.value(c.subject, c.period, c.flow, c.breakdown)
                    share = (money(part) / money(whole)).scale(100)
                    out.append(Finding(c, share, f"{part.value:g}{part.unit} of {whole.value:g}{whole.unit} "
                                                 f"is {_fmt(share, '%')}"))
            continue
        out += _same_base(idx, implied, subject, period, flow)
    return out


def _same_base(idx: _Index, implied: list[tuple[Claim, Interval]], subject, period, flow) -> list[Finding]:
    """Shares of one unstated base: each implies the base; they must agree.

    Claims implying the same base have the same claims agreeing and disagreeing with them, so
    what they are found to imply is worked out once per distinct base.
    """
    out = []
    verdicts: dict[Interval | int, tuple[Interval, Claim, Claim | None] | None] = {}
    for c, base in implied:
        # A base that does not even overlap itself (absurdly large numbers) is worked out for its claim alone.
        key = base if base.overlaps(base) else id(c)
        if key not in verdicts:
            verdicts[key] = _minority(idx, implied, c, base, subject, period, flow)
        found = verdicts[key]
        if found is None:
            continue
        consensus, first, wrong_base = found
        part = idx.value(c.subject, c.period, c.flow, c.breakdown)
        share = (money(part) / consensus).scale(100)
        what = {"export": "exports", "import": "imports", "total": "trade"}[flow]
        reason = (f"{first.text.replace(chr(10), '')} puts {what} at {_fmt(consensus, '亿元')}, "
                  f"so {part.value:g}{part.unit} is {_fmt(share, '%')} of {what}")
        if wrong_base is not None:
            reason += f"; {c.value:g}% is its share of {wrong_base.value:g}{wrong_base.unit} ({wrong_base.flow} value)"
        out.append(Finding(c, share, reason))
    return out


def _minority(idx: _Index, implied: list[tuple[Claim, Interval]], c: Claim, base: Interval, subject, period,
              flow) -> tuple[Interval, Claim, Claim | None] | None:
    """When the base `c` implies is the minority's: the base the others agree on, the first of them, and in a
    tie the other stated whole that `c`'s base is (its share was taken of the wrong whole); else None."""
    agree = sum(1 for o, ob in implied if o is not c and ob.overlaps(base))
    disagree = [(o, ob) for o, ob in implied if o is not c and not ob.overlaps(base)]
    if not disagree or agree + 1 > len(disagree):
        return None
    wrong_base = None
    if agree + 1 == len(disagree):
        # A tie: the share whose implied base is another stated whole (total trade, not exports) is the slip.
        others = [v for f in ("total", "export", "import") if f != flow
                  for v in [idx.value(subject, period, f, None)] if v is not None]
        if not any(base.overlaps(money(v)) for v in others):
            return None
        wrong_base = next(v for v in others if base.overlaps(money(v)))
    consensus = disagree[0][1]
    for _, ob in disagree[1:]:
        consensus = consensus.intersect(ob) or consensus
    return consensus, disagree[0][0], wrong_base


def _pulls(idx: _Index, claims: list[Claim]) -> list[Finding]:
    out = []
    for c in claims:
        if c.metric not in ("pull_pp", "contribution_pct") or c.breakdown is None:
            continue
        x, g = idx.value(c.subject, c.period, c.flow, c.breakdown), idx.growth(c.subject, c.period, c.flow, c.breakdown)
        t, gt = idx.value(c.subject, c.period, c.flow, None), idx.growth(c.subject, c.period, c.flow, None)
        if not (x and g and t and gt):
            continue
        rise = money(x) * increase_share(growth(g))
        if c.metric == "pull_pp":
            implied = (rise / (money(t) / (growth(gt) + Interval.point(1)))).scale(100)
            what = "growth × base-period share"
        else:
            implied = (rise / (money(t) * increase_share(growth(gt)))).scale(100)
            what = "its rise / the whole's rise"
        if not stated(c).overlaps(implied):
            out.append(Finding(c, implied, f"{what} from the stated values and growths is {_fmt(implied, c.unit)}"))
    return out


def _gaps(idx: _Index, claims: list[Claim]) -> list[Finding]:
    out = []
    for c in claims:
        if c.metric != "growth_gap_pp":
            continue
        own = idx.growth(c.subject, c.period, c.flow, c.breakdown)
        if c.breakdown is not None:
            whole = idx.growth(c.subject, c.period, c.flow, None)
        else:
            try:
                region = resolve_region(c.subject)
            except LookupError:
                continue
            parent = REGIONS[region.code[:2]]
            whole = idx.growth(parent.common_zh or parent.name_zh, c.period, c.flow, None)
        if not (own and whole):
            continue
        implied = (growth(own) - growth(whole)).scale(100)
        if not stated(c).overlaps(implied):
            out.append(Finding(c, implied, f"{own.value:g}{own.unit} − {whole.value:g}{whole.unit} growth is "
                                           f"{_fmt(implied, '个百分点')}"))
    return out


@lru_cache(maxsize=4096)
def _part_of(a: str, b: str) -> bool:
    """Product group a lies inside group b (every prefix of a starts with one of b's)."""
    try:
        ga, gb = products.resolve_group(a), products.resolve_group(b)
    except LookupError:
        return False
    return a != b and all(p.startswith(gb.include) for p in ga.include) and not gb.exclude


def _disjoint(names: list[str]) -> bool:
    names = list(dict.fromkeys(names))  # a name repeated changes nothing: only different names are compared
    prefixes = [(n, p) for n in names for p in products.resolve_group(n).include]
    return not any(n1 != n2 and (p1.startswith(p2) or p2.startswith(p1))
                   for n1, p1 in prefixes for n2, p2 in prefixes)


def _sum(parts: list[Claim]) -> Interval:
    total = Interval(0, 0)
    for part in parts:
        total = total + money(part)
    return total


def _exceeded(whole: Claim, total: Interval, what: str) -> list[Finding]:
    """A finding on `whole` when even the smallest sum of its parts (`total`) is above it."""
    if total.lo <= money(whole).hi:
        return []
    return [Finding(whole, Interval(total.lo * 1e8 / YUAN[whole.unit], float("inf")),
                    f"{what} add up to {_fmt(total, '亿元')}")]


def _parts(idx: _Index, claims: list[Claim]) -> list[Finding]:
    out = []
    values = [c for c in claims if c.metric == "value" and c.unit in YUAN and c.flow != "balance"
              and c.subject and "unresolved_breakdown" not in c.detail]
    for c in values:
        if c.breakdown is None:
            continue
        whole = idx.value(c.subject, c.period, c.flow, None)
        if whole is not None and money(c).lo > money(whole).hi:
            out.append(Finding(c, Interval(0, money(whole).hi * 1e8 / YUAN[c.unit]),
                               f"a part cannot exceed the whole ({whole.value:g}{whole.unit})"))
    # Product groups: the values of one subject, period and flow, and what each group's parts add up to.
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for c in values:
        if c.breakdown and c.breakdown[0] == "product_group":
            groups[(c.subject, c.period, c.flow)].append(c)
    group_sums: dict[tuple, tuple[Interval, str] | None] = {}
    for whole in values:
        if whole.breakdown is None or whole.breakdown[0] != "product_group":
            continue
        key = (whole.subject, whole.period, whole.flow, whole.breakdown[1])
        if key not in group_sums:
            parts = [c for c in groups[key[:3]] if _part_of(c.breakdown[1], whole.breakdown[1])]
            names = [c.breakdown[1] for c in parts]
            group_sums[key] = (_sum(parts), f"its parts ({'、'.join(names)})") \
                if len(parts) > 1 and _disjoint(names) else None
        if group_sums[key] is not None:
            out += _exceeded(whole, *group_sums[key])
    # Regions: the prefectures' values of one period and flow, and what those of each province add up to.
    regions: dict[tuple, list[Claim]] = defaultdict(list)
    for c in values:
        if c.breakdown is None:
            regions[(c.period, c.flow)].append(c)
    region_sums: dict[tuple, Interval | None] = {}
    for whole in values:
        if whole.breakdown is not None:
            continue
        try:
            region = resolve_region(whole.subject)
        except LookupError:
            continue
        key = (whole.period, whole.flow, whole.subject)
        if key not in region_sums:
            kids = [c for c in regions[key[:2]] if c.subject != whole.subject and _child(c.subject, region.code)]
            region_sums[key] = _sum(kids) if len(kids) > 1 else None
        if region_sums[key] is not None:
            out += _exceeded(whole, region_sums[key], "its regions")
    counts = [c for c in claims if c.metric in ("count", "partner_count", "product_count") and c.subject]
    for c in counts:
        if c.breakdown is None:
            continue
        whole = idx.get(c.subject, c.period, c.flow, None, c.metric) or \
            idx.get(c.subject, c.period, "total", None, c.metric)
        if whole is not None and c.value > whole.value:
            out.append(Finding(c, Interval(0, whole.value), f"a part cannot exceed the whole ({whole.value:g})"))
    for c in claims:
        if c.metric == "new_partner_count":
            whole = idx.get(c.subject, c.period, c.flow, c.breakdown, "partner_count")
            if whole is not None and c.value > whole.value:
                out.append(Finding(c, Interval(0, whole.value), f"more new partners than partners ({whole.value:g})"))
    return out


@lru_cache(maxsize=4096)
def _child(subject: str, parent_code: str) -> bool:
    try:
        r = resolve_region(subject)
    except LookupError:
        return False
    return r.parent == parent_code and r.level == "prefecture"


def apply(findings: list[Finding]) -> None:
    for f in findings:
        c = f.claim
        if c.verdict == "inconsistent":
            continue
        c.verdict = "inconsistent"
        lo, hi = f.expected.lo, f.expected.hi
        value = round((lo + hi) / 2, max(c.decimals, 1)) if hi != float("inf") else round(lo, max(c.decimals, 1))
        c.expected = {"value": value, "unit": c.unit, "interval": [lo, hi if hi != float("inf") else None]}
        c.reason = f.reason
