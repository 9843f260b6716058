"""The formulas of INDICATORS.md §3 on exact sums, one function each.

Sums arrive from the engine as `Decimal` (the warehouse keeps yuan as DECIMAL), and every
ratio here is taken in `Decimal` arithmetic at 28 significant digits, so the same sums give
the same figures on every engine, bit for bit, and rounding happens only when a figure is
worded. A formula that is undefined for its inputs (a zero base, a whole that did not
change) returns `None` instead of raising: the caller then states the figure differently
("去年同期无出口") or leaves it out, as a bulletin would.

Fractions are returned as fractions (0.878 for 87.8 %); percentage points as points (64.5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Context, Decimal
from typing import TypeVar

_CTX = Context(prec=28)
_HUNDRED = Decimal(100)
K = TypeVar("K")


def _d(x: Decimal | int) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(x)


def growth(x: Decimal, x0: Decimal) -> Decimal | None:
    """g = X/X0 − 1; None when there is no base (X0 = 0: a first time, or nothing at all)."""
    x, x0 = _d(x), _d(x0)
    if x0 == 0:
        return None
    return _CTX.subtract(_CTX.divide(x, x0), 1)


def share(x: Decimal, whole: Decimal) -> Decimal | None:
    """X/T as a fraction; None when the whole is zero."""
    x, whole = _d(x), _d(whole)
    if whole == 0:
        return None
    return _CTX.divide(x, whole)


def share_change_pp(x: Decimal, whole: Decimal, x0: Decimal, whole0: Decimal) -> Decimal | None:
    """(X/T − X0/T0) in percentage points; None when either whole is zero."""
    now, before = share(x, whole), share(x0, whole0)
    if now is None or before is None:
        return None
    return _CTX.multiply(_CTX.subtract(now, before), _HUNDRED)


def pull_pp(x: Decimal, x0: Decimal, whole0: Decimal) -> Decimal | None:
    """(X − X0)/T0 in percentage points: how much of the whole's growth the slice made."""
    delta = _CTX.subtract(_d(x), _d(x0))
    base = share(delta, whole0)
    return None if base is None else _CTX.multiply(base, _HUNDRED)


def contribution(x: Decimal, x0: Decimal, whole: Decimal, whole0: Decimal) -> Decimal | None:
    """(X − X0)/(T − T0) as a fraction; None when the whole did not change (T = T0)."""
    return share(_CTX.subtract(_d(x), _d(x0)), _CTX.subtract(_d(whole), _d(whole0)))


def gap_pp(g: Decimal | None, g_reference: Decimal | None) -> Decimal | None:
    """g − g_reference in percentage points (growth gap, gap to the national average, change of growth)."""
    if g is None or g_reference is None:
        return None
    return _CTX.multiply(_CTX.subtract(g, g_reference), _HUNDRED)


def percent(fraction: Decimal | None) -> Decimal | None:
    return None if fraction is None else _CTX.multiply(fraction, _HUNDRED)


def rose(x: Decimal, x0: Decimal) -> bool:
    """The slice grew: X > X0. Equal to g > 0 when there is a base; a first time counts as growth."""
    return _d(x) > _d(x0)


def streak(monthly: Iterable[tuple[Decimal, Decimal]]) -> int:
    """Consecutive months, latest first, whose value exceeds the same month a year earlier.

    `monthly` yields (X, X0) pairs from the period's last month backwards and stops where the
    data stop; the streak ends at the first month that did not grow.
    """
    n = 0
    for x, x0 in monthly:
        if not rose(x, x0):
            break
        n += 1
    return n


def ranks(values: Mapping[K, Decimal]) -> dict[K, int]:
    """Competition ranks, largest first (1, 2, 2, 4): tied values share the better rank."""
    ordered = sorted(values.values(), reverse=True)
    first_at: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_at.setdefault(value, position)
    return {key: first_at[value] for key, value in values.items()}


__all__ = [
    "contribution",
    "gap_pp",
    "growth",
    "percent",
    "pull_pp",
    "ranks",
    "rose",
    "share",
    "share_change_pp",
    "streak",
]
