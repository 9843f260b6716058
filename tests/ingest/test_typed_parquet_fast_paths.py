"""A Parquet file's typed columns skip the text checks only when those could find nothing.

`checks.parse_month` takes a date32 column of first days as it is, and `numbers.parse_amount`
casts a decimal column that the target type holds exactly; every other column goes through the
text checks. These tests hold both shortcuts to the text path: the same values, the same issues
(code, row, column, value), for good columns and for columns each check must refuse.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest

from waimao.ingest import checks, numbers
from waimao.ingest.checks import Cells, IssueLog
from waimao.model.schema import MONEY, QUANTITY


def _run(parse, values: pa.Array):
    log = IssueLog("f.parquet")
    rows = pa.array(range(2, len(values) + 2), pa.int64())
    result = parse(Cells("c", values, rows), log)
    return result, [issue.to_dict() for issue in log.report().issues]


def _as_text(values: pa.Array) -> pa.Array:
    return pa.array([None if v is None else str(v) for v in values.to_pylist()], pa.string())


@pytest.mark.parametrize("months", [
    [dt.date(2025, 1, 1), dt.date(2025, 2, 1)] * 3,
    [dt.date(2025, 1, 1), dt.date(2025, 1, 2)],  # not a first day
    [dt.date(2025, 1, 1), None],  # empty
    [dt.date(1850, 1, 1), dt.date(2025, 3, 1)],  # out of range
])
def test_a_date_column_gives_what_its_text_gives(months):
    typed = pa.array(months, pa.date32())
    fast, fast_issues = _run(checks.parse_month, typed)
    slow, slow_issues = _run(checks.parse_month, _as_text(typed))
    assert fast.to_pylist() == slow.to_pylist()
    assert [(i["code"], i["row"], i["value"]) for i in fast_issues] == \
        [(i["code"], i["row"], i["value"]) for i in slow_issues]


@pytest.mark.parametrize("target", [MONEY, QUANTITY])
@pytest.mark.parametrize("stored, cells", [
    (pa.decimal128(18, 2), ["1234.50", "0.00", None, "9999999999999999.99"]),
    (pa.decimal128(10, 0), ["5", "17", None]),
    (pa.decimal128(18, 2), ["-5.00", "3.10"]),  # negative
    (pa.decimal128(20, 4), ["1.2345", "2.0000"]),  # more decimals than money keeps: the text path rounds
    (pa.decimal128(38, 2), ["100000000000000000000.00", "1.00"]),  # too large: the text path refuses
])
def test_a_decimal_column_gives_what_its_text_gives(target, stored, cells):
    typed = pa.array([None if c is None else Decimal(c) for c in cells], stored)

    def parse(c, log):
        return numbers.parse_amount(c, log, target, what="the value")

    fast, fast_issues = _run(parse, typed)
    slow, slow_issues = _run(parse, _as_text(typed))
    assert fast.type == slow.type == target
    assert fast.to_pylist() == slow.to_pylist()
    assert [(i["code"], i["row"]) for i in fast_issues] == [(i["code"], i["row"]) for i in slow_issues]
