"""Verify claims against the warehouse: each claim is looked up as the computed figure with its key.

The caller supplies `figures_for(region, period, currency) -> FigureSet` (raising IndicatorError
when the warehouse cannot compute it), so this layer never opens a warehouse itself. An amount
stated in 美元 is looked up in the dollar figures (currency 'USD'); everything else in the data's
own currency (None).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from waimao.claims.extract import Claim
from waimao.claims.interval import Interval
from waimao.errors import IndicatorError, WaimaoError
from waimao.indicators import FigureSet
from waimao.indicators.records import MONEY_UNITS
from waimao.model.regions import REGIONS, resolve_region

FiguresFor = Callable[[str, str, str | None], FigureSet]

#: Metrics stated as whole numbers that must match exactly.
EXACT = {"count", "count_change", "partner_count", "new_partner_count", "product_count", "new_product_count",
         "region_count", "growing_region_count", "partner_rank", "rank", "value_rank", "streak_months", "first_time"}
GROWTH = {"yoy_pct": "yoy", "yoy_times": "yoy", "quantity_yoy_pct": "quantity_yoy",
          "quantity_yoy_times": "quantity_yoy"}


def stated(claim: Claim) -> Interval:
    return Interval.stated(claim.value, claim.decimals, exact=claim.metric in EXACT)


def _computed(figures: FigureSet, claim: Claim) -> float | None:
    """The warehouse's number in the claim's metric and unit, or None when it has none."""
    b = claim.breakdown
    if claim.metric in GROWTH:
        stem = GROWTH[claim.metric]
        for candidate in (f"{stem}_pct", f"{stem}_times"):
            f = figures.find(claim.flow, b, candidate, period=claim.period)
            if f is not None:
                g = f.value / 100 if candidate.endswith("_pct") else f.value
                return 100 * g if claim.metric.endswith("_pct") else g
        return None
    f = figures.find(claim.flow, b, claim.metric, period=claim.period)
    if f is None:
        return None
    if f.unit in MONEY_UNITS and claim.unit in MONEY_UNITS:
        if f.currency != (claim.currency or "CNY"):
            return None
        return f.value * float(MONEY_UNITS[f.unit] / MONEY_UNITS[claim.unit])
    return f.value


#: A prefecture's own metrics that its province's figure set carries for it as a region slice.
_AS_REGION_SLICE = {"value": "value", "yoy_pct": "yoy_pct", "yoy_times": "yoy_times", "share_of_pct": "share_pct",
                    "growth_gap_pp": "growth_gap_pp"}


def _via_province(claim: Claim, figures_for: FiguresFor) -> float | None:
    """A prefecture's total, growth and share are region slices of its province's figure set:
    one figure set then serves all the prefectures a bulletin lists."""
    if claim.breakdown is not None or claim.metric not in _AS_REGION_SLICE:
        return None
    region = resolve_region(claim.subject)
    if region.level != "prefecture":
        return None
    province = REGIONS[region.code[:2]]
    figures = figures_for(province.common_zh or province.name_zh, claim.query_period or claim.period, claim.currency)
    as_slice = replace(claim, breakdown=("region", claim.subject), metric=_AS_REGION_SLICE[claim.metric])
    return _computed(figures, as_slice)


def _not_comparable(claim: Claim) -> str | None:
    if claim.subject is None:
        return f"the text does not say which region ({claim.detail.get('unresolved_subject', '?')}) this is about"
    if claim.period is None:
        return "the text gives no period for this figure"
    if "slice_not_in_tables" in claim.detail:
        return (f"{claim.detail['slice_not_in_tables']} is read from the text's wording, "
                "not a group of the package's tables")
    if "unresolved_breakdown" in claim.detail:
        return f"{claim.detail['unresolved_breakdown']} is not one product group or partner set of the package"
    if claim.metric == "rank" and claim.detail.get("basis") == "quantity":
        return "the warehouse ranks growth in value, not in quantity"
    if claim.metric == "rank" and claim.detail.get("scope") != "全国" and claim.breakdown is not None:
        return f"a rank within {claim.detail.get('scope')} of a slice is not computed (only national ranks)"
    return None


def verify(claims: list[Claim], figures_for: FiguresFor) -> None:
    """Set verdict, expected and reason of each claim from the warehouse (inconsistent ones are left alone)."""
    for claim in claims:
        if claim.verdict == "inconsistent":
            continue
        why = _not_comparable(claim)
        if why:
            claim.verdict, claim.reason = "unverifiable", why
            continue
        try:
            got = _via_province(claim, figures_for)
            if got is None:
                got = _computed(figures_for(claim.subject, claim.query_period or claim.period, claim.currency), claim)
        except (IndicatorError, WaimaoError, LookupError, ValueError) as e:
            claim.verdict, claim.reason = "unverifiable", f"no data: {e}"
            continue
        if got is None:
            claim.verdict = "unverifiable"
            claim.reason = f"the warehouse has no {claim.metric} for this slice"
            continue
        if stated(claim).contains(got):
            claim.verdict, claim.reason = "confirmed", "the data gives the same figure at the published precision"
            claim.expected = {"value": _rounded(got, claim), "unit": claim.unit}
        else:
            claim.verdict = "contradicted"
            claim.expected = {"value": _rounded(got, claim), "unit": claim.unit}
            claim.reason = (f"the data gives {_rounded(got, claim)}{claim.unit}, "
                            f"not {_fmt(claim.value, claim.decimals)}{claim.unit}")


def _rounded(x: float, claim: Claim) -> float:
    return round(x, max(claim.decimals, 0 if claim.metric in EXACT else 1))


def _fmt(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}"
