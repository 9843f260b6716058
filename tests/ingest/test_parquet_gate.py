"""The Parquet gate (`readers/gate.py`) is exactly as strict as the full checks, never looser.

Each test reads a typed canonical Parquet file twice: as the reader does (gate first) and with
the gate switched off (every cell through `conform`). Both must give the same `ReadResult` —
table, issues with their rows, columns and values, stats, coverage. Besides, the gate must send
every file on which the full checks find an error, or whose values they change (an alias, a
GB/T region code, a padded unit), to those checks; and it must let a clean file through (or it
would be a gate in name only). Hypothesis plants each kind of bad cell in a valid file.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waimao.errors import Severity
from waimao.ingest.readers import canonical, gate
from waimao.ingest.readers.canonical import read_canonical
from waimao.model.schema import TRADE_SCHEMA

REGIONS = ["63019", "63012", "44", "11", "CN"]
PARTNERS = ["344", "502", "116", "101"]
TYPES = ["state_owned", "foreign_invested", "private", "other"]
#: The canonical types, every column nullable: a file may hold an empty month or flow.
FILE_SCHEMA = pa.schema([field.with_nullable(True) for field in TRADE_SCHEMA])


def valid_rows(n: int) -> dict[str, list]:
    """n rows with distinct keys, every cell in its stored form (what a program writes)."""
    return {
        "month": [dt.date(2025, 1 + i % 3, 1) for i in range(n)],
        "flow": ["export" if i % 2 else "import" for i in range(n)],
        "region": [REGIONS[i % len(REGIONS)] for i in range(n)],
        "partner": [PARTNERS[i % len(PARTNERS)] for i in range(n)],
        "product": [f"{84710000 + i:08d}" for i in range(n)],
        "trade_mode": ["10" if i % 3 else "0110" for i in range(n)],
        "enterprise_type": [TYPES[i % len(TYPES)] for i in range(n)],
        "enterprise_id": [f"E{i % 7:04d}" for i in range(n)],
        "value_cny": [Decimal(f"{1000 + i}.25") for i in range(n)],
        "value_usd": [Decimal(f"{140 + i}.10") if i % 4 else None for i in range(n)],
        "qty1": [Decimal(f"{i}.125") for i in range(n)],
        "unit1": ["千克" if i % 2 else "个" for i in range(n)],
        "qty2": [None] * n,
        "unit2": [None] * n,
    }


def _set(column: str, value):
    def plant(rows, i):
        rows[column][i] = value
    return plant


def _duplicate(rows, i):
    for values in rows.values():
        values[i] = values[0 if i else 1]


def _no_value(rows, i):
    rows["value_cny"][i] = rows["value_usd"][i] = None


#: name -> (plant(rows, row index), whether the full checks report an error for it)
PLANTED = {
    "month not a first day": (_set("month", dt.date(2025, 1, 15)), True),
    "month out of range": (_set("month", dt.date(1850, 1, 1)), True),
    "month empty": (_set("month", None), True),
    "flow unknown": (_set("flow", "sideways"), True),
    "flow alias": (_set("flow", "出口"), False),
    "flow padded": (_set("flow", " export"), False),
    "flow empty": (_set("flow", None), True),
    "region bad shape": (_set("region", "4x"), True),
    "region GB/T code": (_set("region", "630100"), False),
    "region lower case": (_set("region", "cn"), False),
    "region unknown": (_set("region", "44109"), False),
    "region empty": (_set("region", None), True),
    "region blank": (_set("region", ""), True),
    "partner lost zero": (_set("partner", "44"), True),
    "partner unknown": (_set("partner", "998"), False),
    "partner full-width": (_set("partner", "３４４"), True),
    "partner question mark": (_set("partner", "?"), True),
    "product seven digits": (_set("product", "8471000"), True),
    "product letters": (_set("product", "8471abcd"), True),
    "product other level": (_set("product", "8471"), False),
    "product empty": (_set("product", None), True),
    "trade mode one digit": (_set("trade_mode", "1"), True),
    "enterprise type alias": (_set("enterprise_type", "国有企业"), False),
    "enterprise type upper": (_set("enterprise_type", "SOE"), False),
    "enterprise type unknown": (_set("enterprise_type", "weird"), True),
    "enterprise id empty": (_set("enterprise_id", ""), True),
    "enterprise id null": (_set("enterprise_id", None), True),
    "enterprise id padded": (_set("enterprise_id", " E0001"), False),
    "enterprise id ideographic space": (_set("enterprise_id", "E0001\u3000"), False),
    "enterprise id too long": (_set("enterprise_id", "E" * 300), True),
    "unit blank": (_set("unit1", ""), False),
    "unit question mark": (_set("unit1", "?"), False),
    "unit padded": (_set("unit1", "千克 "), False),
    "unit too long": (_set("unit1", "克" * 257), True),
    "value negative": (_set("value_cny", Decimal("-1.00")), True),
    "dollars negative": (_set("value_usd", Decimal("-0.01")), True),
    "quantity negative": (_set("qty1", Decimal("-3.000")), True),
    "no value": (_no_value, True),
    "duplicate row": (_duplicate, True),
}


def write(path, rows: dict[str, list], schema: pa.Schema = FILE_SCHEMA, row_group: int | None = None):
    """A Parquet file; several row groups give each text column several dictionaries."""
    pq.write_table(pa.table(rows, schema=schema), path, row_group_size=row_group)
    return path


def read_twice(path, monkeypatch):
    """(the reader's result, the full checks' result, what the gate said)."""
    said = []
    judge = gate.judge

    def spy(*args):
        said.append(judge(*args))
        return said[-1]

    monkeypatch.setattr(gate, "judge", spy)
    fast = read_canonical(path)
    monkeypatch.setattr(gate, "judge", lambda *args: None)
    full = read_canonical(path)
    monkeypatch.setattr(gate, "judge", judge)
    return fast, full, (said[0] if said else None)


def assert_same(fast, full):
    assert fast.table.schema == full.table.schema
    assert fast.table.equals(full.table)
    assert [i.to_dict() for i in fast.report.issues] == [i.to_dict() for i in full.report.issues]
    assert fast.report.stats == full.report.stats
    assert (fast.dims, fast.months, fast.flows, fast.provinces, fast.currency, fast.meta) == \
        (full.dims, full.months, full.flows, full.provinces, full.currency, full.meta)


def test_a_clean_file_passes_the_gate_and_reads_as_the_full_checks_read_it(tmp_path, monkeypatch):
    path = write(tmp_path / "clean.parquet", valid_rows(40))
    fast, full, said = read_twice(path, monkeypatch)
    assert said == ()  # through the gate, no warning
    assert full.report.issues == [] and full.table.num_rows == 40
    assert_same(fast, full)


@pytest.mark.parametrize("kind", sorted(PLANTED))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_planted_cell_gives_the_full_checks_result(kind, data, tmp_path_factory, monkeypatch):
    n = data.draw(st.integers(2, 30), label="rows")
    row = data.draw(st.integers(0, n - 1), label="planted row")
    row_group = data.draw(st.integers(1, n), label="rows per row group")
    plant, is_error = PLANTED[kind]
    rows = valid_rows(n)
    plant(rows, row)
    path = write(tmp_path_factory.mktemp("gate") / "planted.parquet", rows, row_group=row_group)
    fast, full, said = read_twice(path, monkeypatch)
    assert_same(fast, full)
    has_error = any(i.severity is Severity.ERROR for i in full.report.issues)
    assert has_error == is_error, [str(i) for i in full.report.issues]
    if has_error or full.table.to_pylist() != pa.table(rows, schema=FILE_SCHEMA).to_pylist():  # an error, or a value the checks write otherwise
        assert said is None
    else:  # a warning only (unknown code, another HS level): through the gate, worded by the full column check
        assert said and full.report.issues


@pytest.mark.parametrize("column, kind", [
    ("month", pa.string()),  # text months: parsed by the checks
    ("value_cny", pa.decimal128(20, 4)),  # more decimals than money keeps: rounded by the checks
    ("qty1", pa.float64()),
    ("partner", pa.int64()),  # codes as numbers lose leading zeros
])
def test_other_column_types_go_to_the_full_checks(column, kind, tmp_path, monkeypatch):
    rows = valid_rows(12)
    fields = [pa.field(f.name, kind) if f.name == column else f for f in TRADE_SCHEMA]
    table = pa.table(rows, schema=FILE_SCHEMA)
    table = table.set_column(TRADE_SCHEMA.names.index(column), fields[TRADE_SCHEMA.names.index(column)],
                             table[column].cast(kind) if column != "month" else
                             pa.array([f"{m:%Y-%m}" for m in rows["month"]]))
    path = tmp_path / "typed.parquet"
    pq.write_table(table, path)
    fast, full, said = read_twice(path, monkeypatch)
    assert said is None
    assert_same(fast, full)


def test_chinese_headers_and_missing_columns_pass_the_gate(tmp_path, monkeypatch):
    rows = valid_rows(10)
    names = {"month": "月份", "flow": "流向", "region": "地区编码", "value_cny": "人民币"}
    kept = {names.get(k, k): v for k, v in rows.items() if k not in ("qty2", "unit2", "value_usd")}
    path = tmp_path / "zh.parquet"
    pq.write_table(pa.table({k: pa.array(v, TRADE_SCHEMA.field(next(c for c, z in names.items() if z == k)
                                                                    if k in names.values() else k).type)
                             for k, v in kept.items()}), path)
    fast, full, said = read_twice(path, monkeypatch)
    assert said == ()
    assert_same(fast, full)



def test_a_dictionary_that_lists_a_value_twice_goes_to_the_full_checks():
    """Two rows with the same HS code under two dictionary entries: their keys differ, their rows do not."""
    n = 2
    rows = valid_rows(n)
    columns = {name: pa.array(values, FILE_SCHEMA.field(name).type) for name, values in rows.items()}
    for name in ("flow", "partner", "enterprise_id", "enterprise_type", "region", "trade_mode", "month"):
        columns[name] = pa.array([rows[name][0]] * n, FILE_SCHEMA.field(name).type)
    columns["product"] = pa.DictionaryArray.from_arrays(pa.array([0, 1], pa.int32()),
                                                        pa.array(["84710000", "84710000"]))
    assert gate.judge(columns, canonical._parse_canonical) is None
    columns["product"] = pa.DictionaryArray.from_arrays(pa.array([0, 1], pa.int32()),
                                                        pa.array(["84710000", "84710001"]))
    assert gate.judge(columns, canonical._parse_canonical) == ()
