"""How a computed figure is compared with a published one (a row of ../shared/spec/published_figures.tsv).

The rows themselves come from the fixtures of tests/conftest.py (`published_row`, `published_rows`),
which skip, or fail when CI=true, on a clone without ../shared.
"""

from __future__ import annotations

from decimal import Decimal

COUNT_METRICS = ("count", "count_change", "partner_count", "new_partner_count", "product_count", "new_product_count",
                 "region_count", "growing_region_count", "partner_rank", "rank", "streak_months", "first_time")


def matches(computed: float, row: dict) -> bool:
    """Does the computed figure round to the published one? Integers published without '.0' are
    read at one decimal (the bulletin convention) unless one decimal is impossible, then whole."""
    published = Decimal(row["value"])
    got = Decimal(repr(float(computed)))
    if row["metric"] in COUNT_METRICS:
        return got == published
    decimals = max(1, -published.as_tuple().exponent)
    q = Decimal(1).scaleb(-decimals)
    if got.quantize(q, rounding="ROUND_HALF_UP") == published.quantize(q):
        return True
    return got.quantize(Decimal(1), rounding="ROUND_HALF_UP") == published and published == published.to_integral()
