"""Money and quantity cells: explicit bounds first, then an exact decimal, rounded as customs tables round.

pyarrow's string-to-decimal cast crashed the whole process on '1e-999999999' and gives wrong
digits for some large exponents, so no cell reaches it unchecked: a cell longer than
MAX_NUMBER_CHARS is `field-too-long`, one with an exponent is expanded by Python's Decimal
(exact for any exponent, once per distinct value, and an exponent of more than
MAX_EXPONENT_DIGITS digits is refused), and a value with more digits before the point than the
column holds is `value-too-large`. The cast only ever sees plain decimals of bounded length,
for which it is exact. Everything runs on whole columns; Python only per distinct exponent value.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

import pyarrow as pa
import pyarrow.compute as pc

from waimao.ingest.arrays import FALSE, NULL_TEXT, scalar, strings
from waimao.ingest.checks import (
    MISSING_TOKENS,
    Cells,
    IssueLog,
    as_array,
    as_text,
    check_length,
    is_missing,
    per_distinct,
)

#: 1,234,567 / 12.5 / .5: digits before or after the point, commas only between groups of three.
_PLAIN = r"^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)$"
#: the same with an exponent: 1.5e6, 1.5E+06
_SCIENTIFIC = _PLAIN[:-1] + r"[eE][+-]?\d+$"
#: The longest number: any float's shortest repr, a decimal(38) written out, with separators.
MAX_NUMBER_CHARS = 64
#: Exponents up to 999 cover every float (1e-324 .. 1.8e308); a longer one is no trade value.
MAX_EXPONENT_DIGITS = 3


def parse_amount(cells: Cells, log: IssueLog, target: pa.DataType, *, what: str) -> pa.Array:
    """A decimal column from '1,234,567', '12.5', '1.5e6'; '' and '?' are null, negatives an error.

    Extra decimals are rounded half away from zero to the target scale (money to the fen,
    quantities to three places), as customs tables round. Every cell is held to the bounds
    above before anything is cast; numbers with an exponent never reach pyarrow's cast.
    """
    stored = as_array(cells.values)
    if _fits(stored.type, target):  # a Parquet decimal the column holds exactly: only the sign can be wrong
        exact = pc.cast(stored, target)
        log.flag("negative-value", pc.fill_null(pc.less(exact, scalar(0, target)), FALSE), cells,
                 f"{what} is negative")
        return exact
    plain = _plain_amounts(stored, target)
    if plain is not None:  # the usual text column: plain numbers the column holds, and blanks
        return plain
    text = _number_text(stored)
    missing = is_missing(text)
    usable = pc.and_(pc.invert(missing), pc.invert(check_length(cells, log, MAX_NUMBER_CHARS, what, text)))
    plain = pc.and_(usable, pc.fill_null(pc.match_substring_regex(text, _PLAIN), FALSE))
    scientific = pa.repeat(False, len(text))
    if not pc.all(pc.or_(plain, pc.invert(usable))).as_py():  # the rare file with exponents or bad cells
        scientific = pc.and_(usable, pc.fill_null(pc.match_substring_regex(text, _SCIENTIFIC), FALSE))
    wellformed = pc.or_(plain, scientific)
    log.flag("bad-number", pc.and_(usable, pc.invert(wellformed)), cells, f"{what} is not a number")
    digits = pc.replace_substring(pc.if_else(wellformed, text, NULL_TEXT), ",", "")
    if pc.any(scientific).as_py():
        digits = _expand_exponents(digits, scientific, cells, log, target, what)
    exact = _to_decimal(digits, cells, log, target, what)
    log.flag("negative-value", pc.fill_null(pc.less(exact, scalar(0, target)), FALSE), cells, f"{what} is negative")
    return exact


def _plain_amounts(stored: pa.Array, target: pa.DataType) -> pa.Array | None:
    """The column cast to `target` when every cell is '', '?' or a plain unsigned number it holds, else None.

    Such a cell is what the checks below accept without an issue and without rounding: no
    whitespace, sign or exponent, commas only between groups of three, at most `target.scale`
    decimals and few enough digits before the point (a grouped number at most three short of
    the limit, so that the pattern needs no length test). For them the checks come down to
    removing the commas and casting, which is all this does: two passes instead of twenty.
    Anything else (None) takes the checking path, which finds the rows.
    """
    if not pa.types.is_string(stored.type) or stored.null_count or len(stored) == 0:
        return None
    digits, scale = target.precision - target.scale, target.scale
    groups = (digits - 3) // 3
    number = rf"(?:\d{{1,3}}(?:,\d{{3}}){{1,{groups}}}|\d{{1,{digits}}})(?:\.\d{{1,{scale}}})?"
    if not pc.all(pc.match_substring_regex(stored, rf"^(?:{number}|\?)?$")).as_py():
        return None
    text = pc.replace_substring(stored, ",", "")
    blank = pc.is_in(stored, strings(MISSING_TOKENS))
    if pc.any(blank).as_py():
        text = pc.if_else(blank, NULL_TEXT, text)
    return pc.cast(text, target)


def _fits(stored: pa.DataType, target: pa.DataType) -> bool:
    """A decimal type every value of which `target` holds exactly (no rounding, no overflow).

    Its text form is a plain number of at most 40 characters, so the text checks below could
    flag none of its cells: casting it is what they would give, without a string per cell.
    """
    return (pa.types.is_decimal128(stored) and 0 <= stored.scale <= target.scale
            and stored.precision - stored.scale <= target.precision - target.scale)


def _number_text(values) -> pa.Array:
    """Numbers of any Parquet type as text; a decimal's trailing zeros go (decimal(76, 70) writes 70 of them)."""
    values = as_array(values)
    if pa.types.is_decimal(values.type):
        values = pc.replace_substring_regex(pc.cast(values, pa.string()), r"(\.\d*?)0+$", r"\1")
    return as_text(values)


def _too_large(target: pa.DataType, what: str) -> str:
    return f"{what} is too large to store (at most {target.precision - target.scale} digits before the point)"


def _expand_exponents(plain: pa.Array, scientific: pa.Array, cells: Cells, log: IssueLog, target: pa.DataType,
                      what: str) -> pa.Array:
    """The cells written with an exponent, as plain decimals already rounded to the target scale.

    Python's Decimal is exact for any exponent; it runs once per distinct value, and only on the
    cells that have an exponent (rare: most files write numbers out).
    """
    step = Decimal(1).scaleb(-target.scale)
    digits = target.precision - target.scale
    exact = Context(prec=2 * MAX_NUMBER_CHARS)  # enough digits for any quantized value: never rounds twice

    def expand(values: pa.Array) -> tuple[pa.Array, pa.Array]:
        texts, problems = [], []
        for value in values.to_pylist():
            mantissa, _, exponent = value.lower().partition("e")
            if len(exponent.lstrip("+-").lstrip("0")) > MAX_EXPONENT_DIGITS:  # before Decimal, which refuses some
                texts.append(None)
                huge = not exponent.startswith("-") and mantissa.strip("+-0.") != ""
                problems.append("value-too-large" if huge else "bad-number")
                continue
            number = Decimal(value)
            rounded = number.quantize(step, ROUND_HALF_UP, exact) if number.adjusted() < digits else None
            if rounded is None or rounded.adjusted() >= digits:
                texts.append(None)
                problems.append("value-too-large")
            else:
                texts.append(f"{rounded:f}")
                problems.append(None)
        return strings(texts), strings(problems)

    texts, problems = per_distinct(plain.filter(scientific), expand)
    problem = pc.replace_with_mask(pa.nulls(len(plain), pa.string()), scientific, problems)
    log.flag("bad-number", pc.fill_null(pc.equal(problem, scalar("bad-number", pa.string())), FALSE), cells,
             f"{what} has an exponent with more than {MAX_EXPONENT_DIGITS} digits")
    log.flag("value-too-large", pc.fill_null(pc.equal(problem, scalar("value-too-large", pa.string())), FALSE), cells,
             _too_large(target, what))
    return pc.replace_with_mask(plain, scientific, texts)


def _to_decimal(plain: pa.Array, cells: Cells, log: IssueLog, target: pa.DataType, what: str) -> pa.Array:
    """Plain decimal strings (no separators, no exponent) cast to `target`, rounded, too-large ones flagged."""
    try:  # the usual file: every number fits the column as written
        return pc.cast(plain, target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # too many decimals to keep, or too large
        pass
    digits, scale = target.precision - target.scale, target.scale
    fits = pc.fill_null(pc.match_substring_regex(plain, rf"^[+-]?0*\d{{0,{digits}}}(?:\.\d*)?$"), True)
    log.flag("value-too-large", pc.invert(fits), cells, _too_large(target, what))
    kept = pc.replace_substring_regex(pc.if_else(fits, plain, NULL_TEXT), r"^([+-]?)0+(\d)",
                                      r"\1\2")
    # rounding half away from zero to `scale` places depends on the next decimal only
    kept = pc.replace_substring_regex(kept, rf"^([+-]?\d*\.\d{{{scale + 1}}})\d+$", r"\1")
    wide = pc.cast(kept, pa.decimal128(digits + scale + 2, scale + 1))
    rounded = pc.round(wide, scale, round_mode="half_towards_infinity")
    carried = pc.fill_null(pc.greater_equal(pc.abs(rounded), Decimal(10) ** digits), FALSE)  # 9999999999999999.995
    log.flag("value-too-large", carried, cells, _too_large(target, what))
    return pc.cast(pc.if_else(carried, scalar(None, rounded.type), rounded), target)
