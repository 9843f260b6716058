"""The canonical format (FORMATS.md §2), and the conversion every reader ends with.

`conform` turns raw columns already named after `TRADE_SCHEMA` fields into the typed
canonical table, running the cell and row checks; the platform and Comtrade readers only
rename and pre-clean their columns and then call it, so a month or an HS code is judged by
the same rule whatever the source. `finish` applies the contract of `ReadResult`: a file
with any error gives an empty table.

Canonical files themselves are CSV (UTF-8 or GB18030, fast path through pyarrow) or Parquet
(read natively, checked with the same vectorised functions; no Python per row).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from waimao.ingest import checks, numbers
from waimao.ingest.arrays import NULL_TEXT, integers, scalar
from waimao.ingest.checks import Cells, IssueLog
from waimao.ingest.distinct import parse_distinct_first
from waimao.ingest.readers import gate
from waimao.ingest.readers.base import ReadResult
from waimao.ingest.readers.textfile import Progress, UnreadableText, read_text_table
from waimao.model.schema import (COLUMNS, DIMENSIONS, MONEY, QUANTITY, REQUIRED, TRADE_SCHEMA, VALUE_COLUMNS,
                                 canonical_column, empty_table)

#: Header suffixes of descriptive columns that canonical files may carry and the reader ignores.
DESCRIPTIVE_SUFFIXES = ("名称", "_name", " name")


@dataclass(frozen=True)
class CodeRules:
    """What a well-formed code looks like in a given source."""

    product_lengths: tuple[int, ...] = (2, 4, 6, 8)
    partner_lengths: tuple[int, ...] = (3,)
    trade_mode_lengths: tuple[int, ...] = (2, 4)
    province_regions: bool = False  # the platform codes regions as 2-digit provinces only


@dataclass
class Conformed:
    """Typed canonical columns (any subset of TRADE_SCHEMA) and the spreadsheet rows they came from."""

    columns: dict[str, pa.Array]
    rows: pa.Array
    dims: tuple[str, ...] = ()


def conform(fields: dict[str, Cells], rows: pa.Array, log: IssueLog, *, rules: CodeRules = CodeRules(),
            constants: dict | None = None, ready: dict[str, pa.Array] | None = None) -> Conformed:
    """Parse and check raw columns named after canonical fields into typed columns.

    `constants` fill whole columns with values from outside the rows (the flow of a platform
    download, the month of a one-month query, region 'CN' for national data); they are trusted
    and, month and flow apart, are not dimensions of the file. `ready` columns were already
    typed and checked by the reader (Comtrade partners mapped from ISO codes).
    """
    out: dict[str, pa.Array] = {}
    for name, cells in fields.items():
        if name in _AMOUNTS:  # mostly distinct values: parsed row by row
            out[name] = _PARSERS[name](cells, log, rules)
        else:
            out[name] = parse_distinct_first(lambda c, lg, parse=_PARSERS[name]: parse(c, lg, rules), cells, log)
    if "partner" in fields:
        checks.check_partners(out["partner"], fields["partner"], log)
    _require_some_value(fields, out, log)
    out.update(ready or {})
    grouped = set(out) | {"month", "flow"}
    for name, value in (constants or {}).items():
        out[name] = pa.repeat(scalar(value, TRADE_SCHEMA.field(name).type), len(rows))
    dims = tuple(d for d in DIMENSIONS if d in grouped)
    present = [d for d in dims if d in out]
    if present:
        checks.check_duplicates(pa.table({d: out[d] for d in present}), present, rows, log)
    if "product" in out:
        checks.check_product_levels(out["product"], log)
    return Conformed(out, rows, dims)


def _require_some_value(fields: dict[str, Cells], out: dict[str, pa.Array], log: IssueLog) -> None:
    present = [c for c in VALUE_COLUMNS if c in out]
    if not present or any(out[c].null_count == 0 for c in present):  # a missing cell always parses to null
        return
    raw_missing = checks.is_missing(checks.as_text(fields[present[0]].values))
    for c in present[1:]:
        raw_missing = pc.and_(raw_missing, checks.is_missing(checks.as_text(fields[c].values)))
    names = " and ".join(fields[c].column for c in present)
    log.flag("missing-value", raw_missing, fields[present[0]], f"the row has no value ({names} empty)")


def _text(what: str, *, required: bool = False):
    """Free text (units, enterprise ids): only its length is bounded; empty cells may be an error."""
    def parse(cells: Cells, log: IssueLog, rules: CodeRules) -> pa.Array:
        text = checks.as_text(cells.values)
        if required:
            log.flag("missing-value", checks.is_missing(text), cells, f"{what} is empty")
        long = checks.check_length(cells, log, checks.MAX_TEXT_CHARS, what, text)
        return checks.blank_to_null(pc.if_else(long, NULL_TEXT, text))
    return parse


#: Money and quantities: nearly one distinct value per row.
_AMOUNTS = ("value_cny", "value_usd", "qty1", "qty2")

_PARSERS = {
    "month": lambda c, log, r: checks.parse_month(c, log),
    "flow": lambda c, log, r: checks.parse_flow(c, log),
    "region": lambda c, log, r: checks.parse_region(c, log, province_only=r.province_regions),
    "partner": lambda c, log, r: checks.parse_code(c, log, lengths=r.partner_lengths, what="the partner code"),
    "product": lambda c, log, r: checks.parse_code(c, log, lengths=r.product_lengths, what="the HS code"),
    "trade_mode": lambda c, log, r: checks.parse_code(c, log, lengths=r.trade_mode_lengths, what="the trade mode code"),
    "enterprise_type": lambda c, log, r: checks.parse_enterprise_type(c, log),
    "enterprise_id": _text("the enterprise id", required=True),
    "value_cny": lambda c, log, r: numbers.parse_amount(c, log, MONEY, what="the value in yuan"),
    "value_usd": lambda c, log, r: numbers.parse_amount(c, log, MONEY, what="the value in dollars"),
    "qty1": lambda c, log, r: numbers.parse_amount(c, log, QUANTITY, what="the first quantity"),
    "qty2": lambda c, log, r: numbers.parse_amount(c, log, QUANTITY, what="the second quantity"),
    "unit1": _text("the first unit"),
    "unit2": _text("the second unit"),
}


def _word_warnings(fields: dict[str, Cells], warned: tuple[str, ...], log: IssueLog) -> None:
    """The warnings of the columns the gate found them in, worded with their rows in `conform`'s order.

    The gate proved every other check silent, so these are exactly the issues `conform` reports:
    the parsers' in column order, then the partner table's, then the HS levels'.
    """
    for name, cells in fields.items():
        if name in warned:
            parsed = _parse_canonical(name, Cells(cells.column, checks.as_array(cells.values), cells.rows), log)
            if name == "partner":
                partners = parsed
    if "partner" in warned:
        checks.check_partners(partners, fields["partner"], log)
    if "product" in warned:
        checks.check_product_levels(fields["product"].values, log)


def _parse_canonical(name: str, cells: Cells, log: IssueLog) -> pa.Array:
    """The parser `conform` runs on a canonical file's column (the Parquet gate judges with it too)."""
    return _PARSERS[name](cells, log, CodeRules())


def finish(path: Path, kind: str, log: IssueLog, conformed: Conformed | None, *, currency: str,
           months: tuple[dt.date, ...] | None = None, meta: dict | None = None) -> ReadResult:
    """The ReadResult of a reader: the full table if there is no error, else an empty one."""
    meta = dict(meta or {})
    if conformed is None or log.has_errors:
        stats = {"rows_read": 0 if conformed is None else len(conformed.rows), "rows_loaded": 0}
        dims = () if conformed is None else conformed.dims
        return ReadResult(path, kind, empty_table(), log.report(stats), dims=dims, currency=currency, meta=meta)
    n = len(conformed.rows)
    arrays = [conformed.columns.get(f.name, pa.nulls(n, f.type)) for f in TRADE_SCHEMA]
    table = pa.Table.from_arrays([pc.cast(a, f.type) for a, f in zip(arrays, TRADE_SCHEMA)], schema=TRADE_SCHEMA)
    found_months = tuple(sorted(pc.unique(table["month"]).to_pylist()))
    regions = pc.unique(pc.drop_null(table["region"])).to_pylist()
    provinces = tuple(sorted({r if not r[:2].isdigit() else r[:2] for r in regions}))
    stats = {"rows_read": n, "rows_loaded": n}
    return ReadResult(path, kind, table, log.report(stats), dims=conformed.dims,
                      months=months if months is not None else found_months,
                      flows=tuple(sorted(pc.unique(table["flow"]).to_pylist())), provinces=provinces,
                      currency=currency, meta=meta)


# --- the canonical reader ------------------------------------------------------------------


def read_canonical(path: Path, *, progress: Progress | None = None, log: IssueLog | None = None) -> ReadResult:
    """Read a canonical CSV or Parquet file (see docs/formats.md)."""
    log = log or IssueLog(str(path))
    if path.suffix.lower() == ".parquet":
        try:
            header, columns, rows, meta = _read_parquet(path, progress)
        except _PARQUET_ERRORS as exc:
            log.add("bad-file", _parquet_problem(path, exc))
            return finish(path, "canonical", log, None, currency="CNY")
    else:
        try:
            text = read_text_table(path, progress=progress)
        except UnreadableText as exc:
            log.add("bad-encoding", str(exc), row=exc.row, column=exc.column, value=exc.value)
            return finish(path, "canonical", log, None, currency="CNY")
        header, columns, rows = text.header, text.columns, text.rows
        meta = {"encoding": text.encoding}
        for row, record in text.ragged:
            log.add("ragged-row", f"the line has {len(record)} fields, the header {len(header)}", row=row,
                    value=text.delimiter.join(record)[:200])
    if not header:
        log.add("empty-file", "the file is empty: no header line")
        return finish(path, "canonical", log, None, currency="CNY", meta=meta)
    mapping = map_header(header, log, meta)
    currency = "CNY" if "value_cny" in mapping else "USD"
    if len(rows) == 0:
        log.add("no-rows", "the file has a header but no data rows")
        return finish(path, "canonical", log, Conformed({}, rows, tuple(d for d in DIMENSIONS if d in mapping)),
                      currency=currency, meta=meta)
    fields = {name: Cells(header[i], columns[i], rows) for name, i in mapping.items()}
    if meta.get("format") == "parquet" and not log.counts:
        values = {name: cells.values for name, cells in fields.items()}
        warned = gate.judge(values, _parse_canonical)
        if warned is not None:  # the checks would find no error and change no value: the columns are the result
            _word_warnings(fields, warned, log)
            clean = Conformed(values, rows, tuple(d for d in DIMENSIONS if d in mapping or d in ("month", "flow")))
            return finish(path, "canonical", log, clean, currency=currency, meta=meta)
    if meta.get("format") == "parquet":
        fields = _plain_columns(fields, log)
        if log.has_errors:
            return finish(path, "canonical", log, Conformed({}, rows, tuple(d for d in DIMENSIONS if d in mapping)),
                          currency=currency, meta=meta)
    return finish(path, "canonical", log, conform(fields, rows, log), currency=currency, meta=meta)


def map_header(header: list[str], log: IssueLog, meta: dict) -> dict[str, int]:
    """Canonical field -> column position; reports unknown, duplicate and missing columns."""
    mapping: dict[str, int] = {}
    ignored = []
    for i, name in enumerate(header):
        field_name = canonical_column(name)
        if field_name is None:
            if _is_descriptive(name):
                ignored.append(name)
                continue
            shown = name if name.strip() else f"(column {i + 1} has no name)"
            hint = " — a pandas index? save with index=False" if not name.strip() and i == 0 else ""
            log.add("unknown-column", f"{shown!s} is not a canonical column ({', '.join(COLUMNS)} or their "
                    f"Chinese names){hint}", column=name)
        elif field_name in mapping:
            log.add("duplicate-column", f"{name!r} and {header[mapping[field_name]]!r} both mean {field_name}",
                    column=name)
        else:
            mapping[field_name] = i
    for name in REQUIRED:
        if name not in mapping:
            log.add("missing-column", f"a canonical file needs a {name} column", column=name)
    if not any(c in mapping for c in VALUE_COLUMNS):
        log.add("currency-missing", "no value column: add value_cny (人民币) or value_usd (美元)")
    if ignored:
        meta["ignored_columns"] = ignored
    return mapping


def _is_descriptive(name: str) -> bool:
    key = name.strip().lower()
    return key.startswith("__index_level_") or key.endswith(DESCRIPTIVE_SUFFIXES) or key == "name"


# --- Parquet --------------------------------------------------------------------------------

#: What pyarrow raises on bytes that are not (intact) Parquet: a CSV named .parquet, a cut or
#: damaged file, a page that claims more memory than there is, column names that are not UTF-8.
_PARQUET_ERRORS = (pa.ArrowException, OSError, MemoryError, UnicodeDecodeError)


def _parquet_problem(path: Path, exc: BaseException) -> str:
    with open(path, "rb") as f:
        head = f.read(4)
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(size - 4, 0))
        tail = f.read(4)
    if head != b"PAR1":
        return (f"{path.name} is named .parquet but is not a Parquet file (no PAR1 at its start): rename it to "
                "what it is")
    if tail != b"PAR1":
        return f"{path.name} is cut short: a Parquet file ends with PAR1 and this one does not (copy it again)"
    said = "".join(c if c.isprintable() else " " for c in str(exc))  # pyarrow quotes the bad bytes
    return f"{path.name} is a damaged Parquet file ({' '.join(said.split())[:200]})"


def _usable(kind: pa.DataType) -> bool:
    """Types a canonical column may have in Parquet: text, numbers, dates, times of day excluded."""
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return any(test(kind) for test in (pa.types.is_string, pa.types.is_large_string, pa.types.is_integer,
                                       pa.types.is_floating, pa.types.is_decimal, pa.types.is_date,
                                       pa.types.is_timestamp, pa.types.is_boolean, pa.types.is_null,
                                       pa.types.is_binary, pa.types.is_large_binary,
                                       getattr(pa.types, "is_string_view", lambda _: False)))


def _plain_columns(fields: dict[str, Cells], log: IssueLog) -> dict[str, Cells]:
    """Parquet columns the checks can read: other types and non-UTF-8 bytes are reported per column."""
    plain = {}
    for name, cells in fields.items():
        kind = cells.values.type
        if not _usable(kind):
            log.add("bad-column-type", f"the column holds {kind}, not text, numbers or dates: store plain values",
                    column=cells.column)
            continue
        values = checks.as_array(cells.values)
        if pa.types.is_binary(values.type) or pa.types.is_large_binary(values.type):
            try:
                values = pc.cast(values, pa.string())
            except pa.ArrowInvalid:
                log.add("bad-encoding", "the column holds bytes that are not UTF-8 text", column=cells.column)
                continue
        plain[name] = Cells(cells.column, values, cells.rows)
    return plain


def _read_parquet(path: Path, progress: Progress | None):
    """Columns as stored (no string round trip for numbers and dates); rows numbered as if a header were row 1."""
    # text columns as Parquet stores them, as dictionaries: their distinct values come with them (the gate)
    schema = pq.read_schema(path)
    text = [f.name for f in schema if f.type == pa.string()] if len(set(schema.names)) == len(schema.names) else []
    # a flipped page is caught when the writer wrote CRCs
    parquet = pq.ParquetFile(path, page_checksum_verification=True, read_dictionary=text)
    sizes = [parquet.metadata.row_group(i).total_byte_size for i in range(parquet.num_row_groups)]
    total, done, groups = sum(sizes) or 1, 0, []
    for i, size in enumerate(sizes):
        groups.append(parquet.read_row_group(i))
        done += size
        if progress:
            progress(done, total)
    table = pa.concat_tables(groups) if groups else parquet.schema_arrow.empty_table()
    rows = integers(np.arange(2, table.num_rows + 2))
    return list(table.column_names), list(table.columns), rows, {"encoding": None, "format": "parquet"}
