"""Arrow arrays and scalars built from Python values without pandas.

pyarrow asks whether a Python value is a pandas object before converting it (`pa.array` of a
list or of a numpy array, `pa.scalar`, and every compute call given a plain `False`, `""` or
`1`), and the first asking imports pandas: ≈ 0.3 s of CPU once per process, the largest fixed
cost of ingesting a few platform downloads, for nothing (no ingest path holds a pandas object).
These builders lay out the Arrow buffers themselves (offsets and UTF-8 bytes, a numpy array's
memory, a bitmap), which is exactly what `pa.array` and `pa.scalar` give for the same values.
`tests/ingest/test_no_pandas.py` asserts both the equality and that a platform ingest imports
no pandas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pyarrow as pa


def strings(values: Iterable[str | None]) -> pa.Array:
    """A `pa.string()` array of `values` (None becomes null)."""
    items = list(values)
    encoded = [b"" if v is None else v.encode("utf-8") for v in items]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    nulls = sum(v is None for v in items)
    validity = _bitmap([v is not None for v in items]) if nulls else None
    return pa.Array.from_buffers(pa.string(), len(items), [validity, pa.py_buffer(offsets),
                                                           pa.py_buffer(b"".join(encoded))], null_count=nulls)


def integers(values: np.ndarray | Iterable, dtype: type = np.int64) -> pa.Array:
    """An array of fixed-width numbers (int64 unless told) from numpy-convertible `values`, no nulls."""
    data = np.ascontiguousarray(values, dtype=dtype)
    return pa.Array.from_buffers(pa.from_numpy_dtype(data.dtype), len(data), [None, pa.py_buffer(data)])


def booleans(values: Iterable[bool]) -> pa.Array:
    items = [bool(v) for v in values]
    return pa.Array.from_buffers(pa.bool_(), len(items), [None, _bitmap(items)])


def scalar(value: object, arrow_type: pa.DataType) -> pa.Scalar:
    """`pa.scalar(value, arrow_type)`, built without pandas for a text, truth, whole number, date or None."""
    if value is None:
        return pa.nulls(1, arrow_type)[0]
    if isinstance(value, str):
        built = strings([value])
    elif isinstance(value, bool):
        built = booleans([value])
    elif isinstance(value, int):  # into a decimal through its digits: Arrow refuses int64 → decimal(18, 2)
        built = strings([str(value)]) if pa.types.is_decimal(arrow_type) else integers([value])
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        built = integers([(value - _EPOCH).days], np.int32).view(pa.date32())
    else:  # any other value: pyarrow's own conversion (which imports pandas)
        return pa.scalar(value, arrow_type)
    return (built if built.type == arrow_type else built.cast(arrow_type))[0]


_EPOCH = dt.date(1970, 1, 1)


def _bitmap(bits: list[bool]) -> pa.Buffer:
    return pa.py_buffer(np.packbits(np.array(bits, dtype=bool), bitorder="little"))


FALSE = scalar(False, pa.bool_())
EMPTY_TEXT = scalar("", pa.string())
NULL_TEXT = scalar(None, pa.string())
