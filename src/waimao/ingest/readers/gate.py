"""A set-based gate for typed canonical Parquet: is every cell already clean and in its stored form?

Most record extracts are written by programs: a date32 month, string codes, decimal money. For
them the cell-by-cell checks of `canonical.conform` (a few dozen pyarrow passes, one after
another, on one core) find nothing and return the columns unchanged. The gate decides that with
**one DuckDB aggregate over the Arrow table in place** — no copy, both cores —, which per column
returns the few distinct values (months, flows, codes, units, enterprise ids) and counts the
nulls, and over the rows counts negative amounts, rows without a value and distinct keys (by a
64-bit hash of the dimension columns: a collision can only make the gate say "not clean").

The rules are not written twice: each column's distinct values go through the very parser
`conform` runs on the whole column (`canonical._PARSERS`, `checks.check_partners`,
`checks.check_product_levels`) with a scratch log. A column passes when its parser reports
nothing and gives back exactly the values it was given (trimmed, upper-cased, normalised codes
are the stored form already). Because those checks judge each cell on its own, judging the
distinct values judges every cell; the row checks (duplicates, a row without any value,
negative amounts) are the SQL counts.

Only a file that passes everything skips the row-by-row path; any doubt (another column type,
a failing count, a parser that changes or flags a value, a warning) returns None and the reader
runs the full checks, which find and word the issues with their rows and columns as before.
Warnings (an unknown region) do not stop a load: the gate names the columns that drew one and
the reader checks those columns in full to word them. So the gate can only be stricter than the
checks, never looser; `tests/ingest/test_parquet_gate.py`
plants every kind of bad cell to hold it to that.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from waimao.ingest import checks, numbers
from waimao.ingest.checks import Cells, IssueLog
from waimao.model.schema import DIMENSIONS, MONEY, QUANTITY, VALUE_COLUMNS

#: Columns judged by their distinct values, with the Arrow type the gate accepts for each.
_DISTINCT = {"month": "date32", "flow": "string", "region": "string", "partner": "string", "product": "string",
             "trade_mode": "string", "enterprise_type": "string", "enterprise_id": "string", "unit1": "string",
             "unit2": "string"}
#: Amount columns: a decimal type the stored column holds exactly (`numbers._fits`), judged by their signs.
_AMOUNTS = {"value_cny": MONEY, "value_usd": MONEY, "qty1": QUANTITY, "qty2": QUANTITY}

_local = threading.local()


@dataclass(frozen=True)
class _Tally:
    """What the one aggregate returns: row count, distinct keys, bad amount rows, distinct values per column."""

    rows: int
    keys: int
    bad_amount_rows: int
    distinct: dict[str, pa.Array]


def judge(columns: dict[str, pa.ChunkedArray | pa.Array],
          parse: Callable[[str, Cells, IssueLog], pa.Array]) -> tuple[str, ...] | None:
    """Whether `conform(columns)` would find no error and return every column unchanged.

    None when it might not (the reader then runs the full checks). Otherwise the columns whose
    distinct values drew a warning (an unknown region or partner, HS codes of several lengths):
    the file loads, and the reader words those warnings with their rows by checking only those
    columns in full. `columns` are the file's columns by canonical name; `parse(name, cells,
    log)` is the parser `conform` runs on that column (passed in: this module holds no rule).
    """
    if not columns or not all(_gate_type(name, values.type) for name, values in columns.items()):
        return None
    tally = _tally(columns)
    if tally.rows == 0 or tally.bad_amount_rows or tally.keys != tally.rows:
        return None
    warned = []
    for name, values in tally.distinct.items():
        log = IssueLog(None)
        cells = Cells(name, values, pa.array(np.arange(len(values), dtype=np.int64)))
        parsed = parse(name, cells, log)
        if name == "partner":
            checks.check_partners(parsed, cells, log)
        if name == "product":
            checks.check_product_levels(parsed, log)
        if log.has_errors or not checks.as_array(parsed).equals(values):
            return None
        if log.counts:
            warned.append(name)
    return tuple(warned)


def _gate_type(name: str, kind: pa.DataType) -> bool:
    if name in _AMOUNTS:
        return numbers._fits(kind, _AMOUNTS[name])
    wanted = _DISTINCT.get(name)
    if wanted == "string" and pa.types.is_dictionary(kind):
        kind = kind.value_type
    return (wanted == "date32" and kind == pa.date32()) or (wanted == "string" and kind == pa.string())


def _tally(columns: dict) -> _Tally:
    """One scan of the Arrow table by DuckDB (in this thread's private in-memory database).

    Text columns read from Parquet as dictionaries (`canonical._read_parquet`) carry their
    distinct values already: the union of their chunks' dictionaries (a value the writer put in
    a dictionary and no row uses only makes the gate stricter). The other columns' distinct
    values are part of the scan.
    """
    rows = len(next(iter(columns.values())))
    dims = [d for d in DIMENSIONS if d in columns]
    amounts = [name for name in columns if name in _AMOUNTS]
    values = [name for name in VALUE_COLUMNS if name in columns]
    encoded = {name: column for name, column in columns.items()
               if name in _DISTINCT and pa.types.is_dictionary(column.type)}
    scanned = [name for name in columns if name in _DISTINCT and name not in encoded]
    select = [f"count(DISTINCT hash({', '.join(dims)}))" if dims else "count(*)"]
    bad = [f"{name} < 0" for name in amounts]
    if values:
        bad.append(" AND ".join(f"{name} IS NULL" for name in values))
    select.append(f"count(*) FILTER (WHERE {' OR '.join(bad)})" if bad else "0")
    for name in scanned:
        select += [f"list(DISTINCT {name})", f"count({name})"]
    con = _connection()
    view = f"_waimao_gate_{threading.get_ident()}"
    con.register(view, pa.table(columns))
    try:
        row = con.sql(f"SELECT {', '.join(select)} FROM {view}").to_arrow_table()
    finally:
        con.unregister(view)
    keys, bad_rows = row.column(0)[0].as_py(), row.column(1)[0].as_py()
    distinct = {}
    for i, name in enumerate(scanned):
        distinct[name] = _with_null(row.column(2 + 2 * i)[0].values, rows - row.column(3 + 2 * i)[0].as_py())
    for name, column in encoded.items():
        chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
        words = pa.concat_arrays([chunk.dictionary for chunk in chunks]) if chunks else pa.array([], pa.string())
        distinct[name] = _with_null(pc.unique(words), column.null_count)
    return _Tally(rows, keys, bad_rows, {name: distinct[name] for name in columns if name in distinct})


def _with_null(found: pa.Array, nulls: int) -> pa.Array:
    """The distinct values plus a null when the column has empty cells (the parser judges those too)."""
    if nulls and not found.null_count:
        return pa.concat_arrays([found, pa.nulls(1, found.type)])
    return found


def _connection():
    """This thread's in-memory DuckDB: readers run in a worker thread beside the load (`api.ingest`)."""
    con = getattr(_local, "con", None)
    if con is None:
        import duckdb

        con = _local.con = duckdb.connect(":memory:")
    return con
