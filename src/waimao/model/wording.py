"""Unrounded numbers to the words of a customs bulletin (INDICATORS.md §4), in Chinese and English.

Figures, bulletins and claim checking all go through this one module so that a computed
figure is written exactly as the bulletin would write it, and a claim is read at the
precision it was written with. Rounding is half away from zero on the *decimal* value of a
number (0.8785 → 87.9%), as statisticians round by hand, never Python's half-to-even `round`.

Units of the inputs: money in yuan; growth `g = X/X0 − 1`, shares and contributions as
fractions (0.38); pulls, gaps and changes already in percentage points (64.5).
"""

from __future__ import annotations

import math
import numbers
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
#: The (choice) threshold, in yuan, from which a writer may ask for 亿元: 0.6亿元 instead of 6000万元.
YI_PREFERRED_FROM = 50_000_000

_FIRST_TIME_ZH = {"export": "去年同期无出口", "import": "去年同期无进口",
                  "total": "去年同期无进出口", None: "去年同期为零"}
_ZH_DIGITS = "零一二三四五六七八九"
_EN_ORDINALS = ("first", "second", "third", "fourth", "fifth",
                "sixth", "seventh", "eighth", "ninth", "tenth")

Number = int | float | Decimal


# --- numbers ------------------------------------------------------------------------------


def to_decimal(x: Number) -> Decimal:
    """The decimal value a reader sees: a float goes through its shortest repr (0.8785, not 0.87849…)."""
    if isinstance(x, bool):
        raise TypeError("a bool is not a number to word")
    if isinstance(x, Decimal):
        value = x
    elif isinstance(x, numbers.Integral):
        value = Decimal(int(x))
    elif isinstance(x, numbers.Real):
        as_float = float(x)
        if not math.isfinite(as_float):
            raise ValueError(f"cannot word the non-finite number {x!r}")
        value = Decimal(repr(as_float))
    else:
        raise TypeError(f"expected a number, got {type(x).__name__}")
    if not value.is_finite():
        raise ValueError(f"cannot word the non-finite number {x!r}")
    return value


def round_half_up(x: Number, decimals: int = 1) -> Decimal:
    """`x` rounded half away from zero to `decimals` places (2.5 → 3, −0.05 → −0.1)."""
    rounded = to_decimal(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded  # no "-0"


def format_number(x: Number, decimals: int = 1, *, thousands: bool = False) -> str:
    """`x` rounded half-up, with an all-zero fraction dropped (60.0 → '60', 1.50 → '1.50').

    `thousands` adds comma grouping for English text; Chinese bulletins never group digits.
    """
    rounded = round_half_up(x, decimals)
    if rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1))
    return f"{rounded:,f}" if thousands else f"{rounded:f}"


def table_number(x: Number, decimals: int = 1, *, thousands: bool = False) -> str:
    """A table cell's number with a fixed count of decimals (0.0, 12.30), never "-0.0".

    Tables keep their trailing zeros so a column lines up; a value that rounds to zero is
    printed without a sign, as `format_number` does in text. A growth cell takes its decimals
    from `growth_decimals` so a steep fall reads −99.95, never −100.0.
    """
    rounded = round_half_up(x, decimals)
    return f"{rounded:,f}" if thousands else f"{rounded:f}"


def _fraction_to_percent(x: Number) -> Decimal:
    return round_half_up(to_decimal(x) * 100, 1)


# --- money --------------------------------------------------------------------------------


#: How a currency is named after 亿/万 in Chinese and before the amount in English.
CURRENCY_WORDS = {"CNY": ("元", "CNY"), "USD": ("美元", "USD")}
#: A money unit of a table or chart axis, in English.
MONEY_UNIT_EN = {"亿元": "100 million yuan", "万元": "10,000 yuan", "元": "yuan",
                 "亿美元": "100 million US dollars", "万美元": "10,000 US dollars", "美元": "US dollars"}


def _currency_words(currency: str) -> tuple[str, str]:
    try:
        return CURRENCY_WORDS[currency]
    except KeyError:
        raise ValueError(f"unknown currency {currency!r}; use one of {', '.join(CURRENCY_WORDS)}") from None


def money_value(yuan: Number, *, prefer_yi_from: Number | None = None, currency: str = "CNY") -> tuple[float, str]:
    """The rounded number and unit ('亿元', '万元' or '元'; '亿美元' … for USD) that `money_zh` writes.

    亿 is used from the value whose 万 figure rounds to 10000 (9999.96万 → 1亿元), or from
    `prefer_yi_from` when given (compared with the unrounded value). A nonzero value below
    0.05万 would read 0万元, so it is written in whole yuan (dollars).
    """
    amount, unit = _money_decimal(yuan, prefer_yi_from, currency)
    return float(amount), unit


def money_zh(yuan: Number, *, prefer_yi_from: Number | None = None, currency: str = "CNY") -> str:
    """18.8亿元, 60亿元, 4563万元, 4226.8万元; with prefer_yi_from=YI_PREFERRED_FROM: 0.6亿元; USD: 12.3亿美元."""
    amount, unit = _money_decimal(yuan, prefer_yi_from, currency)
    return f"{format_number(amount, 0 if unit == _currency_words(currency)[0] else 1)}{unit}"


def _money_decimal(yuan: Number, prefer_yi_from: Number | None, currency: str = "CNY") -> tuple[Decimal, str]:
    word = _currency_words(currency)[0]
    value = to_decimal(yuan)
    in_wan = round_half_up(value / WAN, 1)
    prefers_yi = prefer_yi_from is not None and abs(value) >= to_decimal(prefer_yi_from)
    if abs(in_wan) >= WAN or prefers_yi:
        return round_half_up(value / YI, 1), "亿" + word
    if in_wan.is_zero() and not value.is_zero():
        return round_half_up(value, 0), word
    return in_wan, "万" + word


def money_en(yuan: Number, *, currency: str = "CNY") -> str:
    """The amount with two decimals in billions from 1 billion (as displayed), else in millions.

    Two decimals of a billion are one decimal of 亿, so the English states what the Chinese
    states: 18.8亿元 → CNY 1.88 billion, 4563万元 → CNY 45.63 million, 12.3亿美元 → USD 1.23
    billion. A nonzero value below 0.005 million is written in whole units (CNY 3,200).
    """
    code = _currency_words(currency)[1]
    value = to_decimal(yuan)
    millions = round_half_up(value / 1_000_000, 2)
    if abs(millions) >= 1000:
        return f"{code} {format_number(value / 1_000_000_000, 2, thousands=True)} billion"
    if millions.is_zero() and not value.is_zero():
        return f"{code} {format_number(value, 0, thousands=True)}"
    return f"{code} {format_number(millions, 2, thousands=True)} million"


def balance_zh(yuan: Number, *, prefer_yi_from: Number | None = None, currency: str = "CNY") -> str:
    """Exports minus imports as 贸易顺差14.2亿元 / 贸易逆差3.1亿元, or 贸易平衡 when it rounds to 0."""
    amount, _ = _money_decimal(yuan, prefer_yi_from, currency)
    if amount.is_zero():
        return "贸易平衡"
    word = "贸易顺差" if amount > 0 else "贸易逆差"
    return word + money_zh(abs(to_decimal(yuan)), prefer_yi_from=prefer_yi_from, currency=currency)


def balance_en(yuan: Number, *, currency: str = "CNY") -> str:
    """'a trade surplus of CNY 1.42 billion' / 'a trade deficit of …' / 'balanced trade'."""
    value = to_decimal(yuan)
    if round_half_up(value, 0).is_zero():
        return "balanced trade"
    return f"a trade {'surplus' if value > 0 else 'deficit'} of {money_en(abs(value), currency=currency)}"


# --- growth -------------------------------------------------------------------------------


def growth_value(g: Number | None) -> tuple[float, str] | None:
    """The displayed growth as (number, unit): (87.8, '%'), (2.1, '倍'), (−50.3, '%'), (0.0, '%').

    倍 is used when the displayed percentage reaches 100 (g ≥ 0.9995 → 1倍), so the text never
    says 100%. None (no base: X0 = 0) gives None; the figure is then a "first time".
    """
    if g is None:
        return None
    number, unit = _growth_decimal(g)
    return float(number), unit


def _growth_decimal(g: Number) -> tuple[Decimal, str]:
    percent = _fraction_to_percent(g)
    if percent >= 100:
        return round_half_up(g, 1), "倍"
    if percent <= -100:
        return _steep_fall(g), "%"
    return percent, "%"


#: The most decimals a fall close to 100 % is written with (下降99.995%) before it is cut, not rounded.
MAX_FALL_DECIMALS = 3


def _steep_fall(g: Number) -> Decimal:
    """A fall that rounds to 100.0 % written with the decimals that keep it short of 100 (−99.95 %).

    Customs tables print 下降100% only for trade that stopped (X = 0, g = −1). A fall of 99.95 %
    left some trade, and rounding it to 100 would say none: take one more decimal until the
    number is not 100, and past MAX_FALL_DECIMALS cut it (99.9996 → 99.999), which never reads 100.
    """
    value = to_decimal(g) * 100
    if value <= -100:
        return Decimal(-100)
    for decimals in range(2, MAX_FALL_DECIMALS + 1):
        shown = round_half_up(value, decimals)
        if shown > -100:
            return shown
    return value.quantize(Decimal(1).scaleb(-MAX_FALL_DECIMALS), rounding=ROUND_DOWN)


def growth_decimals(g: Number) -> int:
    """How many decimals the displayed growth of `g` has: 1, or more for a steep fall (−99.95 → 2)."""
    return _decimals(_growth_decimal(g)[0])


def growth_zh(g: Number | None, flow: str | None = None) -> str:
    """增长87.8%, 增长2.1倍 (= +210%), 下降50.3% (never 倍), 持平; g None → 去年同期无出口 …

    `flow` ('export', 'import', 'total' or None) only chooses the words for a missing base.
    """
    if flow not in _FIRST_TIME_ZH:
        raise ValueError(f"unknown flow {flow!r}; use 'export', 'import', 'total' or None")
    if g is None:
        return _FIRST_TIME_ZH[flow]
    number, unit = _growth_decimal(g)
    if number.is_zero():
        return "持平"
    word = "增长" if number > 0 else "下降"
    return f"{word}{format_number(abs(number), _decimals(number))}{unit}"


def _decimals(number: Decimal) -> int:
    """The decimals a displayed growth carries (1, or up to MAX_FALL_DECIMALS for a steep fall)."""
    return max(1, -number.as_tuple().exponent)


def growth_en(g: Number | None, *, year_on_year: bool = False) -> str:
    """up 87.8%, up 105.3% (the Chinese says 增长1.1倍), down 50.3%, down 99.95%, flat.

    The English states the unrounded growth as a percentage to one decimal, never the Chinese
    倍 figure converted (1.1倍 → "110%" would be 4.7 points off 105.3 %): both texts state the
    same unrounded number, each at its own precision. A fall is worded as in Chinese.
    `year_on_year` appends " year on year" to a rate.
    """
    if g is None:
        return "none in the same period last year"
    percent = _fraction_to_percent(g)
    if percent <= -100:
        percent = _steep_fall(g)
    if percent.is_zero():
        return "flat"
    text = (f"{'up' if percent > 0 else 'down'} "
            f"{format_number(abs(percent), _decimals(percent), thousands=True)}%")
    return f"{text} year on year" if year_on_year else text


# --- percentages and percentage points ----------------------------------------------------


def pct_value(x: Number) -> float:
    """A fraction as the displayed percentage: 0.862 → 86.2."""
    return float(_fraction_to_percent(x))


def pct_zh(x: Number) -> str:
    """A share as a percentage: 0.38 → '38%', 0.862 → '86.2%'."""
    return f"{format_number(_fraction_to_percent(x))}%"


def pct_en(x: Number) -> str:
    return f"{format_number(_fraction_to_percent(x), thousands=True)}%"


def pp_zh(pp: Number) -> str:
    """Percentage points: 64.5 → '64.5个百分点'."""
    return f"{format_number(pp)}个百分点"


def pp_en(pp: Number) -> str:
    text = format_number(pp, thousands=True)
    return f"{text} percentage point{'' if text in ('1', '-1') else 's'}"


def pull_zh(pp: Number, whole: str = "") -> str:
    """拉动{whole}增长64.5个百分点; negative: 拉低{whole}增速3.2个百分点 (as releases word a drag)."""
    shown = round_half_up(pp, 1)
    if shown.is_zero():
        return f"对{whole}增长无拉动"
    if shown > 0:
        return f"拉动{whole}增长{pp_zh(shown)}"
    return f"拉低{whole}增速{pp_zh(-shown)}"


def pull_en(pp: Number) -> str:
    """'pulled growth by 64.5 percentage points' / 'dragged growth down by 3.2 percentage points'."""
    shown = round_half_up(pp, 1)
    if shown.is_zero():
        return "did not move growth"
    if shown > 0:
        return f"pulled growth by {pp_en(shown)}"
    return f"dragged growth down by {pp_en(-shown)}"


def contribution_zh(c: Number, whole: str = "") -> str:
    """对{whole}增长的贡献率达112.1% (c = ΔX/ΔT as a fraction; undefined when T = T0)."""
    if c is None:
        raise ValueError("a contribution is undefined when the whole did not change (T = T0)")
    shown = _fraction_to_percent(c)
    verb = "达" if shown > 0 else "为"
    prefix = f"对{whole}增长的" if whole else ""
    return f"{prefix}贡献率{verb}{format_number(shown)}%"


def contribution_en(c: Number) -> str:
    """'contributed 112.1% of the growth'."""
    return f"contributed {pct_en(c)} of the growth"


def change_pp_zh(pp: Number) -> str:
    """A change of a share or of a growth rate: 提升9.7个百分点 / 下降3.1个百分点 / 持平."""
    shown = round_half_up(pp, 1)
    if shown.is_zero():
        return "持平"
    return f"{'提升' if shown > 0 else '下降'}{pp_zh(abs(shown))}"


def change_pp_en(pp: Number) -> str:
    shown = round_half_up(pp, 1)
    if shown.is_zero():
        return "unchanged"
    return f"{'up' if shown > 0 else 'down'} {pp_en(abs(shown))}"


def gap_zh(pp: Number, reference: str = "") -> str:
    """A growth gap: 高出{reference}86.5个百分点 / 低于{reference}3.2个百分点 / 与{reference}持平."""
    shown = round_half_up(pp, 1)
    if shown.is_zero():
        return f"与{reference}持平"
    return f"{'高出' if shown > 0 else '低于'}{reference}{pp_zh(abs(shown))}"


def gap_en(pp: Number, reference: str = "the average") -> str:
    shown = round_half_up(pp, 1)
    if shown.is_zero():
        return f"level with {reference}"
    return f"{pp_en(abs(shown))} {'above' if shown > 0 else 'below'} {reference}"


# --- ranks, counts, quantities ------------------------------------------------------------


def chinese_numeral(n: int) -> str:
    """0–9999 in Chinese numerals as ordinals are written: 十一, 二十一, 一百零三, 一千零一十."""
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 9999:
        raise ValueError(f"chinese_numeral takes an int in 0–9999, got {n!r}")
    if n == 0:
        return "零"
    if 10 <= n < 20:
        return "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    out, pending_zero = "", False
    for power, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // power % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += "零"
            pending_zero = False
        out += _ZH_DIGITS[digit] + name
    return out


def rank_zh(n: int, *, first: str = "首位") -> str:
    """首位 (or `first`, e.g. '第一'), 第二位, 第十一位, 第三十一位."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"a rank is an int ≥ 1, got {n!r}")
    return first if n == 1 else f"第{chinese_numeral(n)}位"


def rank_en(n: int) -> str:
    """first … tenth, then 11th, 12th, 21st, 113th; the caller writes 'ranked 12th'."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"a rank is an int ≥ 1, got {n!r}")
    if n <= len(_EN_ORDINALS):
        return _EN_ORDINALS[n - 1]
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def count_zh(n: int, unit: str = "家") -> str:
    """131家, 113个, 89种."""
    return f"{format_number(n, 0)}{unit}"


def count_change_zh(delta: int, unit: str = "家") -> str:
    """增加21家 / 减少3家 / 持平."""
    if delta == 0:
        return "持平"
    return f"{'增加' if delta > 0 else '减少'}{count_zh(abs(delta), unit)}"


_TONNES_PER_UNIT = {"千克": Decimal("0.001"), "kg": Decimal("0.001"), "公斤": Decimal("0.001"),
                    "吨": Decimal(1), "t": Decimal(1)}


def quantity_value(amount: Number, unit: str = "千克") -> tuple[float, str]:
    """Weights as tonnes to one decimal ((1545.6, '吨') from 1545600 千克); other units unchanged."""
    value, shown_unit = _quantity_decimal(amount, unit)
    return float(value), shown_unit


def quantity_zh(amount: Number, unit: str = "千克") -> str:
    """1545.6吨, 5200吨 (from 千克 or 吨); a count unit keeps its name (1200台)."""
    value, shown_unit = _quantity_decimal(amount, unit)
    return f"{format_number(value)}{shown_unit}"


def _quantity_decimal(amount: Number, unit: str) -> tuple[Decimal, str]:
    factor = _TONNES_PER_UNIT.get(unit)
    if factor is None:
        return round_half_up(amount, 1), unit
    return round_half_up(to_decimal(amount) * factor, 1), "吨"
