"""Cell and row checks shared by all readers: parse a column of raw strings, report what fails.

Each function handles one kind of cell (month, flow, code, ...; money and quantities are in
`waimao.ingest.numbers`) for a whole column at once with `pyarrow.compute`, so a million-row
file costs a few vectorised passes, not a Python loop. Every cell is first held to an explicit
length bound, so that nothing unbounded reaches a lookup, a message or the warehouse. A
failing cell becomes an `Issue` located by file, spreadsheet row, column and value;
`IssueLog` keeps the first few of each code and counts the rest, so a file with a
million bad cells reports them in bounded memory. Python runs per *distinct* value (partner
and region lookups) and per reported issue, never per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from waimao.errors import Report, Severity
from waimao.ingest.arrays import EMPTY_TEXT, FALSE, NULL_TEXT, integers, scalar, strings
from waimao.ingest.issue_codes import ISSUE_CODES, make_issue, shorten
from waimao.model.partners import partner_by_code
from waimao.model.regions import normalize_region_code
from waimao.model.schema import ENTERPRISE_TYPE_ALIASES, FLOW_ALIASES

MISSING_TOKENS = ("", "?")  # the platform writes '?' for "no value"

# Explicit bounds on cells, checked on the text before anything is parsed or looked up: a
# megabyte "code" has no business reaching a lookup, a message or the warehouse. Numbers have
# their own bounds (`waimao.ingest.numbers`).
#: Months, flows, codes and enterprise types: the longest real one is '2025-01-01 00:00:00.000'.
MAX_CODE_CHARS = 32
#: Units and enterprise ids (an id may be a 64-character hash).
MAX_TEXT_CHARS = 256
_MONTH = (
    r"^(?:(?P<ay>\d{4})(?P<am>\d{2})"
    r"|(?P<by>\d{4})[-/.](?P<bm>\d{1,2})(?:[-/.](?P<bd>\d{1,2})(?:[ T]0?0:00(?::00(?:\.0+)?)?)?)?"
    r"|(?P<cy>\d{4})年(?P<cm>\d{1,2})月份?"
    r"|(?P<dy>\d{4})[Mm](?P<dm>\d{1,2}))$"
)
_YEARS = (1900, 2100)


@dataclass(frozen=True)
class Cells:
    """One column of the file: its name as the user wrote it, raw values, and spreadsheet rows."""

    column: str
    values: pa.Array
    rows: pa.Array


class IssueLog:
    """The issues of one file, at most `limit` stored per code; further ones are only counted.

    `report()` adds one summary issue per capped code (same code and severity, no row) so the
    reader of the report knows how many were left out; exact counts are in stats['issue_counts'].
    """

    def __init__(self, file: str | None, limit: int = 20):
        self.file = file
        self.limit = limit
        self.issues = []
        self.counts: dict[str, int] = {}

    @property
    def has_errors(self) -> bool:
        return any(ISSUE_CODES[c].severity is Severity.ERROR for c in self.counts)

    def add(self, code: str, message: str, *, row=None, column=None, value=None) -> None:
        seen = self.counts.get(code, 0)
        self.counts[code] = seen + 1
        if seen < self.limit:
            shown = None if value is None else str(value)
            self.issues.append(make_issue(code, message, file=self.file, row=row, column=column, value=shown))

    def flag(self, code: str, mask, cells: Cells, message: str | Callable[[str], str]) -> int:
        """Report every cell where `mask` is true; returns how many. Builds at most `limit` issues."""
        mask = pc.fill_null(as_array(mask), FALSE)
        count = pc.sum(mask).as_py() or 0
        if not count:
            return 0
        room = max(self.limit - self.counts.get(code, 0), 0)
        positions = pc.indices_nonzero(mask).slice(0, room).to_pylist()
        # as text: a Parquet date beyond Python's year 9999 has no Python value, but Arrow can show it
        values = as_text(as_array(cells.values).take(positions)).to_pylist() if positions else []
        rows = cells.rows.take(positions).to_pylist() if positions else []
        for row, value in zip(rows, values):
            text = message(value) if callable(message) else message
            self.add(code, text, row=row, column=cells.column, value=value)
        self.counts[code] += count - len(positions)
        return count

    def report(self, stats: dict | None = None) -> Report:
        issues = list(self.issues)
        for code, count in self.counts.items():
            if count > self.limit:
                issues.append(make_issue(code, f"{count - self.limit:,} more cells or rows have this problem "
                                         f"({count:,} in all); only the first {self.limit} are listed",
                                         file=self.file))
        return Report(issues=issues, stats={**(stats or {}), "issue_counts": dict(self.counts)})


# --- text ---------------------------------------------------------------------------------


def count_rows(n: int) -> str:
    """'1 row', '2,500 rows': counts in messages."""
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


def as_array(values) -> pa.Array:
    """One plain Array from a chunked or dictionary-encoded column."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return values.dictionary_decode() if pa.types.is_dictionary(values.type) else values


def as_text(values) -> pa.Array:
    """Trimmed strings whatever the source type (Parquet may give ints or floats); NaN -> null."""
    values = as_array(values)
    if pa.types.is_floating(values.type):
        values = pc.if_else(pc.is_nan(values), scalar(None, values.type), values)
    if values.type != pa.string():
        values = pc.cast(values, pa.string())
    return pc.utf8_trim_whitespace(values)


def is_missing(text: pa.Array) -> pa.Array:
    return pc.or_kleene(pc.is_null(text), pc.is_in(text, strings(MISSING_TOKENS)))


def blank_to_null(text: pa.Array) -> pa.Array:
    return pc.if_else(is_missing(text), NULL_TEXT, text)


def check_length(cells: Cells, log: IssueLog, limit: int, what: str, text: pa.Array | None = None) -> pa.Array:
    """Flag cells longer than `limit` characters (`field-too-long`); returns the mask of them."""
    text = as_text(cells.values) if text is None else text
    long = pc.fill_null(pc.greater(pc.binary_length(text), scalar(limit, pa.int64())), FALSE)
    if pc.any(long).as_py():  # a character takes at least a byte: only then count characters (slower)
        long = pc.fill_null(pc.greater(pc.utf8_length(text), scalar(limit, pa.int64())), FALSE)
    log.flag("field-too-long", long, cells, lambda v: f"{what} has {len(str(v).strip()):,} characters; "
             f"at most {limit} fit")
    return long


def _require(log: IssueLog, cells: Cells, text: pa.Array, what: str, limit: int = MAX_CODE_CHARS) -> pa.Array:
    """Flag empty and over-long cells; returns the mask of cells that need no further judging."""
    missing = is_missing(text)
    log.flag("missing-value", missing, cells, f"{what} is empty")
    return pc.or_(missing, check_length(cells, log, limit, what, text))


# --- months, flows ------------------------------------------------------------------------


def parse_month(cells: Cells, log: IssueLog) -> pa.Array:
    """date32 first-of-month from 202501, 2025-01, 2025-01-01, 2025年1月, 2025M01 or a date column."""
    values = as_array(cells.values)
    if _first_days(values):  # a Parquet date column that passes: nothing to find row by row
        return values
    if pa.types.is_timestamp(values.type) or pa.types.is_date(values.type):
        try:
            days = pc.cast(values, pa.date32()) if pa.types.is_timestamp(values.type) else values
            values = pc.strftime(pc.cast(days, pa.timestamp("s")), "%Y-%m-%d")
        except pa.ArrowInvalid:  # a date64 between days, or out of range: shown as Arrow writes it, a bad month
            values = pc.cast(values, pa.string())
    text = as_text(values)
    skip = _require(log, cells, text, "the month")
    months, good = per_distinct(text, _months_of)
    log.flag("bad-month", pc.and_(pc.invert(skip), pc.invert(good)), cells,
             "not a month: write 202501, 2025-01, 2025-01-01 (the first day) or 2025年1月")
    return months


def _first_days(values: pa.Array) -> bool:
    """Whether a date32 column holds only first days of months of _YEARS and no empty cell.

    Judged on its few distinct values; then the month check cannot fail and the column is its own
    result, so the row-by-row path (text, regex, the issues with their rows) runs only when it would
    find something.
    """
    if values.type != pa.date32() or values.null_count:
        return False
    days = pc.unique(values)
    return bool(pc.all(pc.equal(pc.day(days), scalar(1, pa.int64()))).as_py() and
                pc.all(pc.and_(pc.greater_equal(pc.year(days), scalar(_YEARS[0], pa.int64())),
                               pc.less_equal(pc.year(days), scalar(_YEARS[1], pa.int64())))).as_py())


def per_distinct(values: pa.Array, fn: Callable[[pa.Array], tuple]) -> tuple:
    """Run vectorised `fn` on the distinct values only and spread its arrays back over the column.

    Months, flows and codes repeat across millions of rows; parsing the few distinct values
    instead of every cell is what keeps big files fast.
    """
    encoded = pc.dictionary_encode(values, null_encoding="encode")
    return tuple(result.take(encoded.indices) for result in fn(encoded.dictionary))


def _months_of(text: pa.Array) -> tuple[pa.Array, pa.Array]:
    parts = pc.extract_regex(pc.fill_null(text, EMPTY_TEXT), _MONTH)
    year = pc.binary_join_element_wise(*(parts.field(f"{k}y") for k in "abcd"), EMPTY_TEXT)
    month = pc.binary_join_element_wise(*(parts.field(f"{k}m") for k in "abcd"), EMPTY_TEXT)
    day = parts.field("bd")
    matched = pc.fill_null(pc.is_valid(parts), FALSE)
    year_n = pc.cast(pc.if_else(matched, year, scalar("0", pa.string())), pa.int32())
    month_n = pc.cast(pc.if_else(matched, month, scalar("0", pa.string())), pa.int32())
    day_n = pc.cast(pc.if_else(pc.and_(matched, pc.not_equal(pc.fill_null(day, EMPTY_TEXT), EMPTY_TEXT)), day, scalar("1", pa.string())), pa.int32())
    good = pc.and_(matched, pc.and_(pc.and_(pc.greater_equal(month_n, scalar(1, pa.int64())), pc.less_equal(month_n, scalar(12, pa.int64()))),
                                    pc.and_(pc.greater_equal(year_n, scalar(_YEARS[0], pa.int64())), pc.less_equal(year_n, scalar(_YEARS[1], pa.int64())))))
    good = pc.fill_null(pc.and_(good, pc.equal(day_n, scalar(1, pa.int64()))), FALSE)
    iso = pc.binary_join_element_wise(pc.cast(year_n, pa.string()),
                                      pc.utf8_lpad(pc.cast(month_n, pa.string()), 2, "0"), scalar("01", pa.string()), scalar("-", pa.string()))
    iso = pc.if_else(good, iso, NULL_TEXT)
    return pc.cast(pc.strptime(iso, "%Y-%m-%d", "s"), pa.date32()), good


def parse_flow(cells: Cells, log: IssueLog) -> pa.Array:
    text = as_text(cells.values)
    skip = _require(log, cells, text, "the flow")
    keys = strings(FLOW_ALIASES)
    found = pc.index_in(pc.utf8_lower(text), keys)
    flows = strings(FLOW_ALIASES.values()).take(found)
    log.flag("unknown-flow", pc.and_(pc.invert(skip), pc.is_null(found)), cells,
             "the flow must be export/import (出口/进口, 0/1, X/M)")
    return flows


def parse_enterprise_type(cells: Cells, log: IssueLog) -> pa.Array:
    text = as_text(cells.values)
    skip = _require(log, cells, text, "the enterprise type")
    aliases = {k.lower(): v for k, v in ENTERPRISE_TYPE_ALIASES.items()}
    found = pc.index_in(pc.utf8_lower(text), strings(aliases))
    log.flag("unknown-enterprise-type", pc.and_(pc.invert(skip), pc.is_null(found)), cells,
             "the enterprise type must be 国有企业, 外商投资企业, 民营企业 or 其他 (or state_owned, "
             "foreign_invested, private, other)")
    return strings(aliases.values()).take(found)


# --- codes --------------------------------------------------------------------------------


def parse_code(cells: Cells, log: IssueLog, *, lengths: Iterable[int], what: str) -> pa.Array:
    """Digits-only codes of the given lengths (leading zeros kept); a missing cell is an error."""
    lengths = tuple(lengths)
    text = as_text(cells.values)
    skip = _require(log, cells, text, what)
    shapes = "/".join(map(str, lengths))

    def shape_ok(values: pa.Array) -> tuple[pa.Array]:
        size = pc.utf8_length(values)
        ok = pc.and_(pc.match_substring_regex(values, r"^\d+$"), pc.is_in(size, integers(lengths, np.int32)))
        return (pc.fill_null(ok, FALSE),)

    (good,) = per_distinct(text, shape_ok)
    log.flag("bad-code", pc.and_(pc.invert(skip), pc.invert(good)), cells,
             lambda v: _code_hint(v, lengths, what, shapes))
    return pc.if_else(good, text, NULL_TEXT)


def _code_hint(value, lengths: tuple[int, ...], what: str, shapes: str) -> str:
    text = str(value).strip()
    if text.isdigit() and len(text) + 1 in lengths:
        return (f"{what} must have {shapes} digits; '{text}' looks like '0{text}' with its leading zero lost "
                "(keep the column as text when saving from Excel)")
    return f"{what} must have {shapes} digits"


def parse_region(cells: Cells, log: IssueLog, *, province_only: bool = False) -> pa.Array:
    """Stored region codes via `normalize_region_code` (GB/T 2260 codes become customs codes).

    A well-formed code outside the region table is kept as written with an `unknown-region` warning.
    """
    text = as_text(cells.values)
    skip = _require(log, cells, text, "the region code")
    shape = r"^\d{2}$" if province_only else r"^(?:CN|\d{2}|\d{4}|\d{2}[0-9A-Z]{3}|\d{6})$"
    upper = pc.utf8_upper(text)
    good = pc.fill_null(pc.match_substring_regex(upper, shape), FALSE)
    expected = ("2 digits (province)" if province_only
                else "a customs code (63, 63019, 63012) or a GB/T 2260 code (6301, 630100)")
    log.flag("bad-code", pc.and_(pc.invert(skip), pc.invert(good)), cells, f"the region code must be {expected}")
    usable = pc.if_else(good, upper, NULL_TEXT)
    stored = map_distinct(usable, normalize_region_code)
    unknown = pc.and_(pc.is_valid(usable), pc.is_null(stored))
    report_unknown_values(log, "unknown-region", cells, unknown,
                          "region code {value} is not in the region table; its rows are kept under that code")
    return pc.coalesce(stored, usable)


def check_partners(partners: pa.Array, cells: Cells, log: IssueLog) -> None:
    """Warn once per partner code that the customs partner table lacks (rows stay as they are)."""
    partners = _combined(partners)
    if pa.types.is_dictionary(partners.type):  # every dictionary value occurs in some row
        if all(code is None or partner_by_code(code) for code in partners.dictionary.to_pylist()):
            return
        partners = partners.dictionary_decode()
    known = map_distinct(partners, lambda code: code if partner_by_code(code) else None)
    unknown = pc.and_(pc.is_valid(partners), pc.is_null(known))
    report_unknown_values(log, "unknown-partner", cells, unknown,
                          "partner code {value} is not in the customs partner table; its rows are kept "
                          "under that code (shown as 未知)")


def map_distinct(values: pa.Array, fn: Callable[[str], str | None]) -> pa.Array:
    """Apply a Python lookup once per distinct value and spread the answers back over the column."""
    values = as_array(values)
    uniques = pc.unique(values)
    answers = strings(None if v is None else fn(v) for v in uniques.to_pylist())
    return answers.take(pc.index_in(values, uniques))


def report_unknown_values(log: IssueLog, code: str, cells: Cells, mask: pa.Array, template: str) -> None:
    """One issue per distinct unknown value, located at its first row, with its row count."""
    mask = pc.fill_null(as_array(mask), FALSE)
    if not pc.any(mask).as_py():
        return
    values = as_text(cells.values).filter(mask)
    rows = cells.rows.filter(mask)
    grouped = pa.table({"v": values, "r": rows}).group_by("v").aggregate([("r", "min"), ("r", "count")])
    for item in sorted(grouped.to_pylist(), key=lambda g: g["r_min"]):
        count = item["r_count"]
        extra = f" ({count_rows(count)}, the first shown)" if count > 1 else ""
        log.add(code, template.format(value=shorten(item["v"], 40)) + extra, row=item["r_min"], column=cells.column,
                value=item["v"])


# --- rows ---------------------------------------------------------------------------------


def check_duplicates(table: pa.Table, dims: Iterable[str], rows: pa.Array, log: IssueLog) -> None:
    """Rows whose month, flow and dimension codes repeat an earlier row: they would double count."""
    dims = [d for d in dims if d in table.column_names]
    if table.num_rows < 2 or not dims:
        return
    columns = {d: _combined(table.column(d)) for d in dims}
    complete = None  # rows with a null key already carry an error and must not pair up as duplicates
    for d in dims:
        valid = _is_valid(columns[d])
        complete = valid if complete is None else pc.and_(complete, valid)
    # grouping small integer codes is several times faster than grouping the strings themselves
    codes = {d: dictionary_codes(columns[d]) for d in dims}
    if _all_distinct(codes, complete):
        return
    positions = integers(np.arange(table.num_rows))
    keyed = pa.table({**codes, "_row": rows, "_pos": positions}).filter(complete)
    groups = keyed.group_by(dims, use_threads=False).aggregate([("_row", "count"), ("_row", "min")])
    repeated = groups.filter(pc.greater(groups["_row_count"], scalar(1, pa.int64())))
    if repeated.num_rows == 0:
        return
    joined = keyed.join(repeated.select([*dims, "_row_min"]), keys=dims)
    later = joined.filter(pc.not_equal(joined["_row"], joined["_row_min"])).sort_by("_row")
    shown = later.slice(0, max(log.limit - log.counts.get("duplicate-row", 0), 0))
    keys = table.select(dims).take(shown["_pos"]).to_pylist()
    named = ", ".join(dims)
    for item, key in zip(shown.to_pylist(), keys):
        log.add("duplicate-row", f"same {named} as row {item['_row_min']}: loading both would count this "
                "trade twice", row=item["_row"], value=_key_text(key, dims))
    log.counts["duplicate-row"] = log.counts.get("duplicate-row", 0) + later.num_rows - shown.num_rows


def _combined(values) -> pa.Array:
    """One Array from a chunked column, dictionary encoding kept."""
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _is_valid(values: pa.Array) -> pa.Array:
    """Whether each row has a value, for dictionary arrays too (a null may sit in the dictionary)."""
    if pa.types.is_dictionary(values.type) and values.dictionary.null_count:
        return pc.fill_null(pc.is_valid(values.dictionary).take(values.indices), FALSE)
    return pc.is_valid(values)


def dictionary_codes(values: pa.Array) -> pa.Array:
    """One integer per row, equal exactly when the rows' values are equal (null for a null).

    A dictionary array's indices serve once repeated dictionary values are merged (`' 12'` and
    `'12'` may both have become `'12'`); any other column is dictionary-encoded here.
    """
    if pa.types.is_dictionary(values.type):
        merged = pc.index_in(values.dictionary, pc.unique(values.dictionary))
        return merged.take(values.indices)
    return pc.dictionary_encode(values).indices


def _all_distinct(codes: dict[str, pa.Array], complete: pa.Array) -> bool:
    """Whether the complete rows' keys are all different, by one integer per row (most files: no duplicate).

    The dimension codes are mixed into one int64 (code × the product of the cardinalities
    before it); when the cardinalities are too many for 63 bits, the caller groups instead.
    """
    key, stride = None, 1
    for indices in codes.values():
        size = (pc.max(indices).as_py() or 0) + 1
        if size == 1:  # one value in every complete row (a file's province, a one-month file): adds nothing
            continue
        if stride * size >= 2**63:
            return False
        term = pc.multiply(pc.cast(indices, pa.int64()), scalar(stride, pa.int64()))
        key = term if key is None else pc.add(key, term)
        stride *= size
    if key is None:
        key = pa.repeat(scalar(0, pa.int64()), len(complete))
    if not pc.all(complete).as_py():
        key = key.filter(complete)
    return pc.count_distinct(key).as_py() == len(key)


def _key_text(item: dict, dims: list[str]) -> str:
    parts = []
    for d in dims:
        value = item[d]
        if isinstance(value, dt.date):
            value = f"{value:%Y-%m}"
        parts.append(str(value))
    return "|".join(parts)


def check_product_levels(products: pa.Array, log: IssueLog) -> None:
    """Mixed HS code lengths in one file mean totals and their details side by side."""
    products = _combined(products)
    if pa.types.is_dictionary(products.type):  # every dictionary value occurs in some row
        if len(pc.unique(pc.drop_null(pc.utf8_length(products.dictionary)))) <= 1:
            return
        products = products.dictionary_decode()
    lengths = pc.value_counts(pc.drop_null(pc.utf8_length(products)))
    if len(lengths) > 1:
        by_length = sorted(lengths.to_pylist(), key=lambda v: v["values"])
        found = ", ".join(f"{v['values']} digits ({count_rows(v['counts'])})" for v in by_length)
        log.add("mixed-product-levels", f"HS codes of different lengths in one file: {found}; sums over products "
                "would count the same goods twice", column="product")
