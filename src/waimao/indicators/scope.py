"""Which loads, months and comparison sides a figure set reads, and whether the data allow it.

A figure over incomplete months would be silently wrong (a quarter with two months loaded is
not a quarter), so the scope refuses a period whose months are not all loaded and names the
missing ones. A missing base year is not fatal: values still stand, and the figure set says
that the growth figures were left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from waimao.errors import IndicatorError
from waimao.model.periods import Period, missing_months
from waimao.model.regions import Region

#: Months read back from the period's last month: the period, its base, its base's base and streaks.
WINDOW_MONTHS = 36


def months_back(last: date, count: int) -> tuple[date, ...]:
    """`count` months ending with `last`, oldest first."""
    index = last.year * 12 + last.month - 1
    return tuple(date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1))


def _month_label(month: date) -> str:
    return f"{month:%Y-%m}"


@dataclass(frozen=True)
class Scope:
    """The loads of one dataset that cover the subject, and what they allow for the period."""

    subject: Region
    period: Period
    dataset: str
    load_ids: tuple[int, ...]
    available: frozenset[date]
    dims: frozenset[str]

    @classmethod
    def of(cls, subject: Region, period: Period, loads: Sequence[Mapping], dataset: str) -> Scope:
        """Raise IndicatorError when the dataset has no rows for the subject or lacks months of the period."""
        province = None if subject.level == "nation" else subject.code[:2]
        chosen = [load for load in loads
                  if load["dataset"] == dataset and (province is None or province in (load["provinces"] or ()))]
        if not chosen:
            raise IndicatorError(
                f"The warehouse has no {dataset!r} data for {subject.name_zh}; load it with `waimao ingest`."
            )
        available = frozenset(m for load in chosen for m in load["months"])
        missing = missing_months(period, available)
        if missing:
            raise IndicatorError(
                f"{period} needs the months {', '.join(map(_month_label, period.months))}; "
                f"the {dataset!r} data for {subject.name_zh} lack {', '.join(map(_month_label, missing))}."
            )
        return cls(
            subject=subject,
            period=period,
            dataset=dataset,
            load_ids=tuple(sorted(load["load_id"] for load in chosen)),
            available=available,
            dims=frozenset(d for load in chosen for d in load["dims"]),
        )

    def has(self, period: Period) -> bool:
        return not missing_months(period, self.available)

    @property
    def base(self) -> Period:
        return self.period.previous_year()

    @property
    def base2(self) -> Period:
        return self.base.previous_year()

    @property
    def sides(self) -> dict[str, tuple[date, ...]]:
        """Months of each comparison side the data hold; a side without data is empty."""
        return {
            "cur": self.period.months,
            "base": self.base.months if self.has(self.base) else (),
            "base2": self.base2.months if self.has(self.base2) else (),
        }

    @property
    def window(self) -> tuple[date, ...]:
        return months_back(self.period.last_month, WINDOW_MONTHS)


__all__ = ["WINDOW_MONTHS", "Scope", "months_back"]
