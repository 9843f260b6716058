"""Reporting periods: runs of consecutive months inside one calendar year (INDICATORS.md §2).

Customs bulletins only ever report months, quarters, halves, "1-4月"-style runs, 前三季度 and
whole years, always against the same months of the previous year. All of these are a run of
months within one year, so one value type covers them: equal month sets are equal periods,
whatever notation they were written in, which is what lets a claim's period meet a computed one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

_QUARTERS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}
_HALVES = {1: (1, 6), 2: (7, 12)}
_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_QUARTER_NAMES = {1: "一季度", 2: "二季度", 3: "三季度", 4: "四季度"}
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December")

_EXPECTED = ("expected 2025M03, 2025Q1, 2025H1, 2025M01-M04, 2025Q1-Q3, 2025, 2025-03, 202503 "
             "or Chinese such as 2025年一季度, 2025年1-4月, 2025年前三季度")


@dataclass(frozen=True, order=True, slots=True, repr=False)
class Period:
    """Months `start`..`end` (1–12, inclusive) of `year`.

    Periods sort by year, then first month, then last month, so a month sorts before the
    longer runs that start with it (2025M01 < 2025Q1 < 2025H1 < 2025).
    """

    year: int
    start: int
    end: int

    def __post_init__(self) -> None:
        for name in ("year", "start", "end"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"Period.{name} must be an int, got {value!r}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range 1–9999")
        for month in (self.start, self.end):
            if not 1 <= month <= 12:
                raise ValueError(f"month {month} is out of range 1–12")
        if self.end < self.start:
            raise ValueError(f"a period cannot end (month {self.end}) before it starts (month {self.start})")

    # --- construction -------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(year, month, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in _QUARTERS:
            raise ValueError(f"there is no quarter {quarter}; quarters are 1–4")
        return cls(year, *_QUARTERS[quarter])

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        if half not in _HALVES:
            raise ValueError(f"there is no half {half}; halves are 1–2")
        return cls(year, *_HALVES[half])

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls(year, 1, 12)

    @classmethod
    def from_months(cls, months: Iterable[date]) -> Period:
        """The period made of exactly these months (any day of a month stands for the month).

        Raises ValueError unless they are consecutive and in one year, because a gap or a year
        boundary cannot be stated as one bulletin period.
        """
        keys = sorted({(m.year, m.month) for m in months})
        if not keys:
            raise ValueError("a period needs at least one month")
        years = {y for y, _ in keys}
        if len(years) > 1:
            raise ValueError(f"months span several years ({min(years)}–{max(years)}); a period lies in one year")
        numbers = [m for _, m in keys]
        gaps = sorted(set(range(numbers[0], numbers[-1] + 1)) - set(numbers))
        if gaps:
            raise ValueError(f"months are not consecutive: month(s) {', '.join(map(str, gaps))} missing")
        return cls(keys[0][0], numbers[0], numbers[-1])

    @classmethod
    def parse(cls, text: str, *, year: int | None = None) -> Period:
        """Read a period in the package notation or as a bulletin writes it.

        `year` is used only when Chinese text names no year ("一季度"); the notation always
        carries its year.
        """
        if not isinstance(text, str):
            raise TypeError(f"a period is parsed from a str, got {type(text).__name__}")
        norm = _normalise(text)
        found = _parse_notation(norm.upper())
        if found is not None:
            return found
        if match := re.fullmatch(r"(\d{4})年(.*)", norm):
            return _parse_zh_body(match[2], int(match[1]), text)
        if year is not None and re.search(r"[年月季度全]", norm):
            return _parse_zh_body(norm, year, text)
        if re.search(r"[月季全]|半年", norm):
            raise ValueError(f"period {text!r} names no year: pass year=, e.g. Period.parse_zh({text!r}, year=2025)")
        raise ValueError(f"unrecognised period {text!r}: {_EXPECTED}")

    @classmethod
    def parse_zh(cls, text: str, *, year: int) -> Period:
        """Read Chinese period words ("一季度", "前4个月", "1—4月") for the given year.

        A year written in the text ("2025年一季度") wins over `year`.
        """
        norm = _normalise(text)
        if match := re.fullmatch(r"(\d{4})年(.*)", norm):
            return _parse_zh_body(match[2], int(match[1]), text)
        return _parse_zh_body(norm, year, text)

    # --- dates --------------------------------------------------------------------------

    @property
    def first_month(self) -> date:
        return date(self.year, self.start, 1)

    @property
    def last_month(self) -> date:
        return date(self.year, self.end, 1)

    @property
    def months(self) -> tuple[date, ...]:
        return tuple(date(self.year, m, 1) for m in range(self.start, self.end + 1))

    @property
    def month_count(self) -> int:
        return self.end - self.start + 1

    @property
    def kind(self) -> str:
        """'month', 'quarter', 'half', 'quarters' (Q1-Q3), 'months' (another run) or 'year'."""
        span = (self.start, self.end)
        if self.start == self.end:
            return "month"
        if span == (1, 12):
            return "year"
        if span in _HALVES.values():
            return "half"
        if span in _QUARTERS.values():
            return "quarter"
        if span == (1, 9):
            return "quarters"
        return "months"

    def previous_year(self) -> Period:
        """The same months a year earlier: the base of every 同比 comparison."""
        return Period(self.year - 1, self.start, self.end)

    def previous_period(self) -> Period:
        """The run of the same length just before (环比 base): 2025Q2 → 2025Q1, 2025Q1 → 2024Q4.

        Raises ValueError when that run would straddle a year end (2025M02-M04 → Nov–Jan).
        """
        length = self.month_count
        if self.start > length:
            return Period(self.year, self.start - length, self.start - 1)
        if self.start == 1:
            return Period(self.year - 1, 13 - length, 12)
        raise ValueError(f"the {length} months before {self} cross a year end and are not one period")

    def contains(self, other: Period | date) -> bool:
        """Whether every month of `other` (a period or any day of a month) lies in this period."""
        if isinstance(other, Period):
            return other.year == self.year and self.start <= other.start and other.end <= self.end
        return other.year == self.year and self.start <= other.month <= self.end

    # --- text ---------------------------------------------------------------------------

    def __str__(self) -> str:
        kind, y = self.kind, self.year
        if kind == "year":
            return f"{y}"
        if kind == "month":
            return f"{y}M{self.start:02d}"
        if kind == "quarter":
            return f"{y}Q{(self.start + 2) // 3}"
        if kind == "half":
            return f"{y}H{1 if self.start == 1 else 2}"
        if kind == "quarters":
            return f"{y}Q1-Q3"
        return f"{y}M{self.start:02d}-M{self.end:02d}"

    def __repr__(self) -> str:
        return f"Period('{self}')"

    def label_zh(self, *, with_year: bool = False, style: str = "range") -> str:
        """The words a bulletin uses: 一季度, 上半年, 前三季度, 1-4月, 3月, 全年.

        `style='前N个月'` writes a run starting in January that has no name of its own as
        前4个月 instead of 1-4月. With `with_year` the year is prefixed (2025年一季度), and a
        whole year is written 2024年.
        """
        if style not in ("range", "前N个月"):
            raise ValueError(f"unknown style {style!r}; use 'range' or '前N个月'")
        kind = self.kind
        if kind == "year":
            return f"{self.year}年" if with_year else "全年"
        if kind == "month":
            words = f"{self.start}月"
        elif kind == "quarter":
            words = _ZH_QUARTER_NAMES[(self.start + 2) // 3]
        elif kind == "half":
            words = "上半年" if self.start == 1 else "下半年"
        elif kind == "quarters":
            words = "前三季度"
        elif style == "前N个月" and self.start == 1:
            words = f"前{self.end}个月"
        else:
            words = f"{self.start}-{self.end}月"
        return f"{self.year}年{words}" if with_year else words

    def label_en(self, *, with_year: bool = True) -> str:
        """English labels: Q1 2025, H1 2025, Q1–Q3 2025, January–April 2025, March 2025, 2024."""
        kind = self.kind
        if kind == "year":
            return f"{self.year}" if with_year else "the full year"
        if kind == "month":
            words = _EN_MONTHS[self.start - 1]
        elif kind == "quarter":
            words = f"Q{(self.start + 2) // 3}"
        elif kind == "half":
            words = "H1" if self.start == 1 else "H2"
        elif kind == "quarters":
            words = "Q1–Q3"
        else:
            words = f"{_EN_MONTHS[self.start - 1]}–{_EN_MONTHS[self.end - 1]}"
        return f"{words} {self.year}" if with_year else words


def missing_months(period: Period, available: Iterable[date]) -> list[date]:
    """Months of `period` absent from `available`: a figure is computed only when this is empty.

    Callers ask again with `period.previous_year()` for the 同比 base.
    """
    have = {(d.year, d.month) for d in available}
    return [m for m in period.months if (m.year, m.month) not in have]


def months_between(first: date, last: date) -> list[date]:
    """First days of every month from `first` to `last` inclusive; may cross year ends."""
    index, stop = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    if stop < index:
        raise ValueError(f"{last:%Y-%m} is before {first:%Y-%m}")
    return [date(i // 12, i % 12 + 1, 1) for i in range(index, stop + 1)]


# --- parsing helpers ----------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Full-width digits and dashes to ASCII (NFKC), spaces removed: newspapers write "2025 年"."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


_NOTATION = [
    (re.compile(r"(\d{4})"), lambda y: Period.whole_year(y)),
    (re.compile(r"(\d{4})M(\d{1,2})"), lambda y, m: _month_period(y, m)),
    (re.compile(r"(\d{4})-(\d{1,2})"), lambda y, m: _month_period(y, m)),
    (re.compile(r"(\d{4})(\d{2})"), lambda y, m: _month_period(y, m)),
    (re.compile(r"(\d{4})Q(\d)"), lambda y, q: Period.quarter(y, q)),
    (re.compile(r"(\d{4})H(\d)"), lambda y, h: Period.half(y, h)),
    (re.compile(r"(\d{4})M(\d{1,2})-M(\d{1,2})"), lambda y, a, b: _month_run(y, a, b)),
    (re.compile(r"(\d{4})Q(\d)-Q(\d)"), lambda y, a, b: _quarter_run(y, a, b)),
]


def _parse_notation(text: str) -> Period | None:
    for pattern, build in _NOTATION:
        if match := pattern.fullmatch(text):
            try:
                return build(*map(int, match.groups()))
            except ValueError as exc:
                raise ValueError(f"invalid period {text!r}: {exc}") from None
    return None


def _month_period(year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}; months are 1–12")
    return Period.month(year, month)


def _month_run(year: int, first: int, last: int) -> Period:
    for month in (first, last):
        if not 1 <= month <= 12:
            raise ValueError(f"there is no month {month}; months are 1–12")
    if last < first:
        raise ValueError(f"the range ends (month {last}) before it starts (month {first})")
    return Period(year, first, last)


def _quarter_run(year: int, first: int, last: int) -> Period:
    if last < first:
        raise ValueError(f"the range ends (Q{last}) before it starts (Q{first})")
    return Period(year, Period.quarter(year, first).start, Period.quarter(year, last).end)


_NUM = r"(\d{1,2}|[〇零一二两三四五六七八九十]{1,3})"
_SEP = r"[-–—~至到]"


def _parse_zh_body(body: str, year: int, original: str) -> Period:
    """Chinese period words after the year has been taken off."""
    try:
        if body in ("", "全年", "全年度"):
            return Period.whole_year(year)
        if body == "上半年":
            return Period.half(year, 1)
        if body == "下半年":
            return Period.half(year, 2)
        if match := re.fullmatch(r"第?" + _NUM + r"(?:个)?季度", body):
            return Period.quarter(year, _zh_int(match[1]))
        if match := re.fullmatch(r"前" + _NUM + r"(?:个)?季度", body):
            return Period(year, 1, Period.quarter(year, _zh_int(match[1])).end)
        if match := re.fullmatch(r"前" + _NUM + r"个月", body):
            return _month_run(year, 1, _zh_int(match[1]))
        if match := re.fullmatch(_NUM + r"月?" + _SEP + _NUM + r"月份?", body):
            return _month_run(year, _zh_int(match[1]), _zh_int(match[2]))
        if match := re.fullmatch(_NUM + r"月份?", body):
            return _month_period(year, _zh_int(match[1]))
    except ValueError as exc:
        raise ValueError(f"invalid period {original!r}: {exc}") from None
    raise ValueError(f"unrecognised period {original!r}: {_EXPECTED}")


def _zh_int(token: str) -> int:
    """1–99 in Arabic or Chinese numerals (三, 十, 十二, 二十)."""
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, units = token.partition("十")
        if len(tens) > 1 or len(units) > 1:
            raise ValueError(f"cannot read the number {token!r}")
        return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[units] if units else 0)
    if len(token) != 1:
        raise ValueError(f"cannot read the number {token!r}")
    return _ZH_DIGITS[token]
