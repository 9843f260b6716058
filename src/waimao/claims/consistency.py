"""Checks inside one text: figures that cannot all be true together, whatever the data.

Every check is interval arithmetic on the published precision (interval.py). A check that
fails marks one claim `inconsistent` — the one the arithmetic points at — with the value the
other claims imply. The rules (docs/claims.md): exports + imports = total; balance = exports −
imports; a share against its part and the whole its words name; shares of one base implying
one base; 拉动 = base-period share × growth; 贡献率 = 拉动 / total growth; a growth gap against
the two growths; parts not exceeding wholes (and regions not exceeding their province).

A false alarm teaches a reader to ignore the tool, so a check runs only on figures whose
subject, period, flow and slice are established, and reports why when it does not run
(`NotRun`):
- a figure's key (subject, period, flow, slice, metric, currency) stated in the text with values
  that cannot all hold is not established — the text or the reading attributes a figure of some
  slice the reader could not name to the whole (北京地区对RCEP贸易伙伴进出口1475.5亿元 read as 北京's
  total): no check uses that key;
- a figure without a slice is its subject's whole only when the words before it name nothing else
  (leadin.py): `上海以加工贸易方式进出口3759.7亿元` is no figure of 上海's total;
- the whole of a share, pull or gap is the one its words name (bases.py); a share of the subject
  without a slice, a base that is no trade figure, a gap to the subject itself are not run.

A text may repeat a figure thousands of times, so nothing here compares every claim with every
other: claims are grouped by what they are compared with, and what a group implies is worked
out once per group.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from waimao.claims import bases
from waimao.claims.bases import Whole, subject_key
from waimao.claims.extract import Claim
from waimao.claims.figure_index import (CURRENCIES, IN_YI, Index, currency, established, growth,
                                        increase_share, index_key, is_money, level, money, subject_label)
from waimao.claims.interval import Interval
from waimao.claims.verify import stated
from waimao.model import products
from waimao.model.regions import REGIONS

__all__ = ["Checks", "Finding", "Index", "NotRun", "apply", "check_text", "index_key", "level", "money"]

SHARES = ("share_pct", "share_of_group_pct", "share_of_pct", "share_of_city_pct", "national_share_pct")


@dataclass
class Finding:
    claim: Claim
    expected: Interval
    reason: str


@dataclass
class NotRun:
    """A check that did not run on a claim because a figure it needs is not established."""

    claim: Claim
    check: str
    reason: str

    def to_dict(self) -> dict:
        return {"claim": self.claim.id, "text": " ".join(self.claim.text.split()), "check": self.check,
                "reason": self.reason}


@dataclass
class Checks:
    findings: list[Finding]
    not_run: list[NotRun]


def _yi(cur: str) -> str:
    return "亿美元" if cur == "USD" else "亿元"


def _fmt(iv: Interval, unit: str) -> str:
    return f"{iv.lo:.4g}–{iv.hi:.4g}{unit}" if abs(iv.hi - iv.lo) > 1e-9 else f"{iv.lo:.4g}{unit}"


def check_text(claims: list[Claim], raw: str | None = None) -> Checks:
    """Every inconsistency among the claims of one text (`raw`, which their spans point into), and the
    checks that could not run. Without the text, figures without a slice are taken as their subject's."""
    idx = Index(claims, raw)
    run = Checks([], [])
    _flows(idx, claims, run)
    _shares(idx, claims, run)
    _pulls(idx, claims, run)
    _gaps(idx, claims, run)
    run.findings += _parts(idx, claims)
    return run


def _flows(idx: Index, claims: list[Claim], run: Checks) -> None:
    for c in claims:
        if not is_money(c) or c.flow not in ("total", "balance") or not established(c):
            continue
        s, cur = subject_key(c.subject), currency(c)
        parts = [(f, idx.value(s, c.period, f, c.breakdown, cur), idx.clash(s, c.period, f, c.breakdown, "value", cur))
                 for f in ("export", "import")]
        if not all(found or clash for _, found, clash in parts):
            continue  # the text does not state both flows: no relation to check
        why = idx.clash_of(c) or next((clash for _, _, clash in parts if clash), None)
        if why:
            run.not_run.append(NotRun(c, "exports and imports", why))
            continue
        e, i = parts[0][1], parts[1][1]
        implied = money(e) + money(i) if c.flow == "total" else money(e) - money(i)
        if not money(c).overlaps(implied):
            rule = "exports + imports" if c.flow == "total" else "exports − imports"
            run.findings.append(Finding(c, implied.scale(1 / IN_YI[c.unit]),
                                        f"{rule} = {_fmt(implied, _yi(cur))}"
                                        f" ({e.value:g}{e.unit} and {i.value:g}{i.unit}), not {c.value:g}{c.unit}"))


def _shares(idx: Index, claims: list[Claim], run: Checks) -> None:
    bases_of: dict[tuple, list[tuple[Claim, Claim, Interval]]] = defaultdict(list)
    for c in claims:
        if c.metric == "count_share_pct":
            _count_share(idx, c, run)
            continue
        if c.metric in SHARES and _is_set(c):
            _set_share(idx, c, run)
            continue
        if c.metric not in SHARES or not established(c):
            continue
        whole = bases.share_whole(c)
        if isinstance(whole, str):
            run.not_run.append(NotRun(c, "share", whole))
            continue
        if why := idx.clash_of(c):
            run.not_run.append(NotRun(c, "share", why))
            continue
        flow = whole.flow or c.flow
        s = subject_key(c.subject)
        checked = False
        for cur in CURRENCIES:
            part = idx.value(s, c.period, flow, c.breakdown, cur)
            if part is None:
                continue
            checked = True
            bases_of[(whole, c.period, flow, cur)].append((c, part, money(part) / stated(c).scale(0.01)))
        if not checked:
            why = next((idx.clash(s, c.period, flow, c.breakdown, "value", cur) for cur in CURRENCIES
                        if idx.clash(s, c.period, flow, c.breakdown, "value", cur)), None)
            run.not_run.append(NotRun(c, "share", why or "its part's value is not stated in the text"))
    for (whole, period, flow, cur), implied in bases_of.items():
        stated_whole = idx.value(whole.subject, period, flow, whole.breakdown, cur)
        if stated_whole is not None:
            for c, part, base in implied:
                if not base.overlaps(money(stated_whole)):
                    share = (money(part) / money(stated_whole)).scale(100)
                    run.findings.append(Finding(c, share, f"{part.value:g}{part.unit} of {stated_whole.value:g}"
                                                          f"{stated_whole.unit} is {_fmt(share, '%')}"))
            continue
        if why := idx.clash(whole.subject, period, flow, whole.breakdown, "value", cur):
            run.not_run += [NotRun(c, "share", why) for c, _, _ in implied]
            continue
        run.findings += _same_base(idx, implied, whole, period, flow, cur)


def _is_set(c: Claim) -> bool:
    """A share of a set of named slices (手机和钢材出口占…): breakdown `A+B`, not one group of the package."""
    return bool(c.subject and c.period and c.breakdown and "+" in c.breakdown[1]
                and c.detail.get("unresolved_breakdown") == c.breakdown[1])


def _set_share(idx: Index, c: Claim, run: Checks) -> None:
    """A set's share against the sum of its members' stated values, when the members cannot overlap
    (countries, or product groups of the package whose codes are disjoint)."""
    kind, members = c.breakdown[0], c.breakdown[1].split("+")
    try:
        apart = kind == "partner" or (kind == "product_group" and _disjoint(members))
    except LookupError:
        apart = False
    if not apart:
        run.not_run.append(NotRun(c, "share", f"the members of {c.breakdown[1]} are not known to be disjoint, "
                                              "so their values do not add up to the set's"))
        return
    whole = bases.share_whole(c)
    if isinstance(whole, str) or (why := idx.unnamed(c)):
        run.not_run.append(NotRun(c, "share", whole if isinstance(whole, str) else why))
        return
    s, flow = subject_key(c.subject), whole.flow or c.flow
    for cur in CURRENCIES:
        parts = [idx.value(s, c.period, flow, (kind, m), cur) for m in members]
        stated_whole = idx.value(whole.subject, c.period, flow, whole.breakdown, cur)
        if all(parts) and stated_whole is not None:
            share = (_sum(parts) / money(stated_whole)).scale(100)
            if not stated(c).overlaps(share):
                added = " + ".join(f"{p.value:g}{p.unit}" for p in parts)
                run.findings.append(Finding(c, share, f"{added} of {stated_whole.value:g}{stated_whole.unit} "
                                                      f"is {_fmt(share, '%')}"))
            return
    run.not_run.append(NotRun(c, "share", f"the values of {c.breakdown[1]} and of the whole are not all stated"))


def _count_share(idx: Index, c: Claim, run: Checks) -> None:
    s = subject_key(c.subject)
    part = idx.get(s, c.period, "total", c.breakdown, "count")
    whole = idx.get(s, c.period, "total", None, "count")
    if not (part and whole and established(c)) or c.breakdown is None:
        return
    implied = (stated(part) / stated(whole)).scale(100)
    if not stated(c).overlaps(implied):
        run.findings.append(Finding(c, implied, f"{part.value:g}/{whole.value:g}家 is {_fmt(implied, '%')}"))


def _same_base(idx: Index, implied: list[tuple[Claim, Claim, Interval]], whole: Whole, period, flow,
               cur: str) -> list[Finding]:
    """Shares of one unstated base: each implies the base; they must agree.

    Claims implying the same base have the same claims agreeing and disagreeing with them, so
    what they are found to imply is worked out once per distinct base.
    """
    out = []
    # a figure repeated is one share, not a majority
    unique = list({(index_key(c), index_key(p)): (c, p, b) for c, p, b in implied}.values())
    verdicts: dict[Interval | int, tuple[Interval, Claim, Claim | None] | None] = {}
    for c, part, base in implied:
        # A base that does not even overlap itself (absurdly large numbers) is worked out for its claim alone.
        key = base if base.overlaps(base) else id(c)
        if key not in verdicts:
            verdicts[key] = _minority(idx, unique, c, base, whole, period, flow, cur)
        found = verdicts[key]
        if found is None:
            continue
        consensus, first, wrong_base = found
        share = (money(part) / consensus).scale(100)
        what = {"export": "exports", "import": "imports", "total": "trade", "balance": "the balance"}[flow]
        reason = (f"{first.text.replace(chr(10), '')} puts {what} at {_fmt(consensus, _yi(cur))}, "
                  f"so {part.value:g}{part.unit} is {_fmt(share, '%')} of {what}")
        if wrong_base is not None:
            reason += f"; {c.value:g}% is its share of {wrong_base.value:g}{wrong_base.unit} ({wrong_base.flow} value)"
        out.append(Finding(c, share, reason))
    return out


def _minority(idx: Index, implied: list[tuple[Claim, Claim, Interval]], c: Claim, base: Interval, whole: Whole,
              period, flow, cur: str) -> tuple[Interval, Claim, Claim | None] | None:
    """When the base `c` implies is the minority's: the base the others agree on, the first of them, and in a
    tie the other stated whole that `c`'s base is (its share was taken of the wrong whole); else None."""
    mine = index_key(c)
    agree = sum(1 for o, _, ob in implied if index_key(o) != mine and ob.overlaps(base))
    disagree = [(o, ob) for o, _, ob in implied if index_key(o) != mine and not ob.overlaps(base)]
    if not disagree or agree + 1 > len(disagree):
        return None
    wrong_base = None
    if agree + 1 == len(disagree):
        # A tie: the share whose implied base is another stated whole (total trade, not exports) is the slip.
        others = [v for f in ("total", "export", "import") if f != flow
                  for v in [idx.value(whole.subject, period, f, whole.breakdown, cur)] if v is not None]
        if not any(base.overlaps(money(v)) for v in others):
            return None
        wrong_base = next(v for v in others if base.overlaps(money(v)))
    consensus = disagree[0][1]
    for _, ob in disagree[1:]:
        consensus = consensus.intersect(ob) or consensus
    return consensus, disagree[0][0], wrong_base


def _pulls(idx: Index, claims: list[Claim], run: Checks) -> None:
    for c in claims:
        if c.metric not in ("pull_pp", "contribution_pct") or not established(c):
            continue
        whole = bases.pull_whole(c)
        if isinstance(whole, str):
            run.not_run.append(NotRun(c, c.metric, whole))
            continue
        s, flow = subject_key(c.subject), whole.flow or c.flow
        why = idx.clash_of(c) or idx.growth_clash(s, c.period, flow, c.breakdown) or \
            idx.growth_clash(whole.subject, c.period, flow, None)
        g, gt = idx.growth(s, c.period, flow, c.breakdown), idx.growth(whole.subject, c.period, flow, None)
        pairs = [(idx.value(s, c.period, flow, c.breakdown, cur), idx.value(whole.subject, c.period, flow, None, cur))
                 for cur in CURRENCIES]
        pair = next(((x, t) for x, t in pairs if x and t), None)
        if why or not (g and gt and pair):
            run.not_run.append(NotRun(c, c.metric, why or "the values and growths of the slice and of the whole "
                                                          "are not all stated"))
            continue
        x, t = pair
        rise = money(x) * increase_share(growth(g))
        if c.metric == "pull_pp":
            implied = (rise / (money(t) / (growth(gt) + Interval.point(1)))).scale(100)
            what = "growth × base-period share"
        else:
            implied = (rise / (money(t) * increase_share(growth(gt)))).scale(100)
            what = "its rise / the whole's rise"
        if not stated(c).overlaps(implied):
            run.findings.append(Finding(c, implied, f"{what} from {x.value:g}{x.unit} +{g.value:g}{g.unit} of "
                                                    f"{t.value:g}{t.unit} +{gt.value:g}{gt.unit} is "
                                                    f"{_fmt(implied, c.unit)}"))


def _gaps(idx: Index, claims: list[Claim], run: Checks) -> None:
    for c in claims:
        if c.metric not in ("growth_gap_pp", "gap_pp") or not established(c):
            continue
        ref = bases.gap_reference(c)
        if isinstance(ref, str):
            run.not_run.append(NotRun(c, "growth gap", ref))
            continue
        s, flow = subject_key(c.subject), ref.flow or c.flow
        why = idx.clash_of(c) or idx.growth_clash(s, c.period, flow, c.breakdown) or \
            idx.growth_clash(ref.subject, c.period, flow, ref.breakdown)
        own, whole = idx.growth(s, c.period, flow, c.breakdown), idx.growth(ref.subject, c.period, flow, ref.breakdown)
        if why or not (own and whole):
            run.not_run.append(NotRun(c, "growth gap", why or f"the growth of {subject_label(ref.subject)} "
                                                             f"or of {c.subject} is not stated"))
            continue
        implied = (growth(own) - growth(whole)).scale(100)
        if not stated(c).overlaps(implied):
            run.findings.append(Finding(c, implied, f"{own.value:g}{own.unit} − {whole.value:g}{whole.unit} growth "
                                                    f"({subject_label(ref.subject)}) is {_fmt(implied, '个百分点')}"))


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
    return [Finding(whole, Interval(total.lo / IN_YI[whole.unit], float("inf")),
                    f"{what} add up to {_fmt(total, _yi(currency(whole)))}")]


def _parts(idx: Index, claims: list[Claim]) -> list[Finding]:
    """Parts ≤ wholes, among the established figures only, each key once (a repeat is not a second part)."""
    out = []
    values = [c for k, c in idx.first.items() if k not in idx.ambiguous and is_money(c) and c.flow != "balance"]
    for c in values:
        if c.breakdown is None:
            continue
        whole = idx.value(subject_key(c.subject), c.period, c.flow, None, currency(c))
        if whole is not None and money(c).lo > money(whole).hi:
            out.append(Finding(c, Interval(0, money(whole).hi / IN_YI[c.unit]),
                               f"a part cannot exceed the whole ({whole.value:g}{whole.unit})"))
    # Product groups: the values of one subject, period, flow and currency, and what each group's parts add up to.
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for c in values:
        if c.breakdown and c.breakdown[0] == "product_group":
            groups[(subject_key(c.subject), c.period, c.flow, currency(c))].append(c)
    for key, members in groups.items():
        for whole in members:
            parts = [c for c in members if _part_of(c.breakdown[1], whole.breakdown[1])]
            names = [c.breakdown[1] for c in parts]
            if len(parts) > 1 and _disjoint(names):
                out += _exceeded(whole, _sum(parts), f"its parts ({'、'.join(names)})")
    # Regions: the prefectures' values of one period, flow and currency, against their province's.
    kids: dict[tuple, list[Claim]] = defaultdict(list)
    for c in values:
        region = REGIONS.get(subject_key(c.subject) or "")
        if c.breakdown is None and region is not None and region.level == "prefecture" and region.parent:
            kids[(region.parent, c.period, c.flow, currency(c))].append(c)
    for (parent, period, flow, cur), members in kids.items():
        whole = idx.value(parent, period, flow, None, cur)
        if whole is not None and len(members) > 1:
            out += _exceeded(whole, _sum(members), "its regions")
    for c in claims:
        if c.metric in ("count", "partner_count", "product_count") and c.breakdown is not None and established(c):
            s = subject_key(c.subject)
            whole = idx.get(s, c.period, c.flow, None, c.metric) or idx.get(s, c.period, "total", None, c.metric)
            if whole is not None and not idx.clash_of(c) and c.value > whole.value:
                out.append(Finding(c, Interval(0, whole.value), f"a part cannot exceed the whole ({whole.value:g})"))
        elif c.metric == "new_partner_count" and established(c):
            whole = idx.get(subject_key(c.subject), c.period, c.flow, c.breakdown, "partner_count")
            if whole is not None and not idx.clash_of(c) and c.value > whole.value:
                out.append(Finding(c, Interval(0, whole.value), f"more new partners than partners ({whole.value:g})"))
    return out


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
