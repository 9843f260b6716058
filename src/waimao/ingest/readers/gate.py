"""A set-based gate for typed canonical Parquet: is every cell already clean and in its stored form?

Most record extracts are written by programs: a date32 month, string codes, decimal money. For
them the cell-by-cell checks of `canonical.conform` (a few dozen pyarrow passes over every
row, one after another) find nothing and return the columns unchanged. The gate decides that
with a handful of whole-column passes: text columns come from Parquet as dictionaries, so each
column's distinct values are its (unified) dictionary; the rows are all different when one
int64 key mixed from the dictionary indices has as many distinct values as there are rows;
negative amounts and rows without any value are two vectorised tests.

The rules are not written twice: each column's distinct values go through the very parser
`conform` runs on the whole column (`canonical._PARSERS`, `checks.check_partners`,
`checks.check_product_levels`) with a scratch log. A column passes when its parser reports
nothing and gives back exactly the values it was given (trimmed, upper-cased, normalised codes
are the stored form already). Because those checks judge each cell on its own, judging the
distinct values judges every cell; the row checks (duplicates, a row without any value,
negative amounts) are the counts above.

Only a file that passes everything skips the row-by-row path; any doubt (another column type,
a failing count, a parser that changes or flags a value, a dictionary that lists a value twice)
returns None and the reader runs the full checks, which find and word the issues with their
rows and columns as before. Warnings (an unknown region) do not stop a load: the gate names the
columns that drew one, and the reader checks those columns in full to word them. So the gate
can only be stricter than the checks, never looser; `tests/ingest/test_parquet_gate.py` plants
every kind of bad cell to hold it to that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from waimao.ingest import checks, numbers
from waimao.ingest.arrays import integers, scalar
from waimao.ingest.checks import Cells, IssueLog
from waimao.model.schema import DIMENSIONS, MONEY, QUANTITY, VALUE_COLUMNS

#: Columns judged by their distinct values, with the Arrow type the gate accepts for each.
_DISTINCT = {"month": "date32", "flow": "string", "region": "string", "partner": "string", "product": "string",
             "trade_mode": "string", "enterprise_type": "string", "enterprise_id": "string", "unit1": "string",
             "unit2": "string"}
#: Amount columns: a decimal type the stored column holds exactly (`numbers._fits`), judged by their signs.
_AMOUNTS = {"value_cny": MONEY, "value_usd": MONEY, "qty1": QUANTITY, "qty2": QUANTITY}


@dataclass(frozen=True)
class _Tally:
    """Row count, distinct dimension keys, failed amount tests, distinct values per judged column."""

    rows: int
    keys: int
    bad_amounts: int
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
    if tally is None or tally.rows == 0 or tally.bad_amounts or tally.keys != tally.rows:
        return None
    warned = []
    for name, values in tally.distinct.items():
        log = IssueLog(None)
        cells = Cells(name, values, integers(np.arange(len(values))))
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


def _tally(columns: dict) -> _Tally | None:
    """The distinct values of every judged column and the row counts, by whole-column Arrow work.

    Text columns read from Parquet as dictionaries (`canonical._read_parquet`) carry their
    distinct values already: their chunks' dictionaries, unified. Other judged columns (the
    date32 month) are dictionary-encoded here. Keys are then small integers, and a row's
    dimension key is one int64 mixed from them (as `checks._all_distinct` does): the rows are all
    different when the key has as many distinct values as there are rows. None when that cannot
    be judged so (a dictionary that lists a value twice, too many combinations for 63 bits, an
    empty dimension cell): the full checks decide.
    """
    rows = len(next(iter(columns.values())))
    encoded = {name: _encoded(column) for name, column in columns.items() if name in _DISTINCT}
    if any(column.dictionary.null_count or pc.count_distinct(column.dictionary).as_py() != len(column.dictionary)
           for column in encoded.values()):
        return None
    distinct = {name: _with_null(column.dictionary, column.null_count) for name, column in encoded.items()}
    dims = [encoded[d] for d in DIMENSIONS if d in encoded]
    if any(column.null_count for column in dims):
        return None
    keys, stride = None, 1
    for column in dims:
        size = max(len(column.dictionary), 1)
        if stride * size >= 2**63:
            return None
        term = pc.multiply(pc.cast(column.indices, pa.int64()), stride)
        keys = term if keys is None else pc.add(keys, term)
        stride *= size
    amounts = [checks.as_array(column) for name, column in columns.items() if name in _AMOUNTS]
    bad = [pc.any(pc.less(column, scalar(0, column.type))).as_py() for column in amounts]
    values = [checks.as_array(columns[name]) for name in VALUE_COLUMNS if name in columns]
    if values:
        empty = pc.is_null(values[0])
        for column in values[1:]:
            empty = pc.and_(empty, pc.is_null(column))
        bad.append(pc.any(empty).as_py())
    return _Tally(rows, pc.count_distinct(keys).as_py() if keys is not None else rows, sum(map(bool, bad)), distinct)


def _encoded(column) -> pa.DictionaryArray:
    """One DictionaryArray (chunks' dictionaries unified); a plain column is dictionary-encoded."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column if pa.types.is_dictionary(column.type) else pc.dictionary_encode(column)


def _with_null(found: pa.Array, nulls: int) -> pa.Array:
    """The distinct values plus a null when the column has empty cells (the parser judges those too)."""
    return pa.concat_arrays([found, pa.nulls(1, found.type)]) if nulls else found
