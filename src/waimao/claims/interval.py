"""Interval arithmetic on published precision: 16.5 stands for [16.45, 16.55].

Every comparison between a stated figure and a computed or implied one is done on these
bounds, so rounding alone never makes a claim contradicted or inconsistent.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    @staticmethod
    def stated(value: float, decimals: int, exact: bool = False) -> Interval:
        """The values that print as `value` with `decimals` decimals (exact: counts and ranks)."""
        if exact:
            return Interval(value, value)
        half = 0.5 * 10 ** -decimals
        return Interval(value - half, value + half)

    @staticmethod
    def point(x: float) -> Interval:
        return Interval(x, x)

    def __add__(self, o: Interval) -> Interval:
        return Interval(self.lo + o.lo, self.hi + o.hi)

    def __sub__(self, o: Interval) -> Interval:
        return Interval(self.lo - o.hi, self.hi - o.lo)

    def __mul__(self, o: Interval) -> Interval:
        p = (self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi)
        return Interval(min(p), max(p))

    def __truediv__(self, o: Interval) -> Interval:
        if o.lo <= 0 <= o.hi:
            return Interval(float("-inf"), float("inf"))
        return self * Interval(1 / o.hi, 1 / o.lo)

    def scale(self, k: float) -> Interval:
        return Interval(min(self.lo * k, self.hi * k), max(self.lo * k, self.hi * k))

    def overlaps(self, o: Interval, slack: float = 1e-9) -> bool:
        return self.lo <= o.hi + slack and o.lo <= self.hi + slack

    def contains(self, x: float, slack: float = 1e-9) -> bool:
        return self.lo - slack <= x <= self.hi + slack

    def intersect(self, o: Interval) -> Interval | None:
        lo, hi = max(self.lo, o.lo), min(self.hi, o.hi)
        return Interval(lo, hi) if lo <= hi + 1e-12 else None

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2

    def __str__(self) -> str:
        return f"{self.lo:.4g}–{self.hi:.4g}"
