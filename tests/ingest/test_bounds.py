"""Bounded numbers and cells (issue 18, item 1): every reader and path holds cells to explicit bounds
before any cast, and reports what is outside with a code, its row, column and a shortened value.

`printf 'month,flow,value_cny\\n202501,export,1e-999999999\\n'` made pyarrow's decimal cast
segfault the process; the expected values below are written out by hand, not computed by the code
under test.
"""

from __future__ import annotations

import gzip
import io
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ingest_cli import ingest
from ingest_helpers import only
from waimao.ingest.issue_codes import make_issue, shorten
from waimao.ingest.readers import read_file

ODD = ["1e-999999999", "1e999999999", "1" * 70, "9999999999999999.995", "12345678901234567"]
EXPECTED_CODES = ["bad-number", "value-too-large", "field-too-long", "value-too-large", "value-too-large"]
#: written numbers that load, with the value they must load as (rounded half away from zero to the fen)
GOOD = {"1.5e6": "1500000.00", "1,234.565": "1234.57", "5e-324": "0.00", "0.005": "0.01", "1e-5": "0.00",
        "9999999999999999.994": "9999999999999999.99", "1.7976931348623157E-308": "0.00",
        "2.5E+15": "2500000000000000.00",
        "0.0000000000000000000000000000000000000000000000000001": "0.00", "000000000000000000000000000042.125": "42.13"}


def test_the_command_from_the_issue_no_longer_crashes(tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_bytes(b"month,flow,value_cny\n202501,export,1e-999999999\n")
    run = ingest([path], tmp_path / "x.duckdb")
    assert run.returncode == 1, run.stderr
    assert run.codes["tiny.csv"] == ["bad-number"]
    assert run.problems(["tiny.csv"]) == [] and run.loads == []


def canonical_csv(values: list[str], *, ragged: bool = False) -> str:
    lines = ["month,flow,partner,value_cny"] + [f'2025{m:02d},export,344,"{v}"' for m, v in
                                                  enumerate(values, start=1)]
    return "\n".join(lines + (["202601,export"] if ragged else [])) + "\n"


def platform_csv(values: list[str], *, repaired: bool = False) -> str:
    """A download; with `repaired`, a last line whose partner name has the platform's unquoted comma
    (`Korea, DPR`), which sends the file through the exact path and is joined back (`repaired-row`)."""
    lines = ['"数据年月","注册地编码","贸易伙伴编码","贸易伙伴名称","美元",']
    lines += [f'"2025{m:02d}","63","{m + 100}","{"x" * m}","{v}",' for m, v in enumerate(values, start=1)]
    if repaired:
        lines.append(f'"2025{len(values) + 1:02d}","63","109",Korea,DPR,"7",')
    return "\n".join(lines) + "\n"


def comtrade_tsv(values: list[str]) -> str:
    lines = ["refYear\trefMonth\tflowCode\treporterCode\tpartnerCode\tcmdCode\tprimaryValue"]
    lines += [f"2025\t{m}\tX\t156\t643\t850760\t{v}" for m, v in enumerate(values, start=1)]
    return "\n".join(lines) + "\n"


def write_as(kind: str, values: list[str], tmp_path):
    """The values in the money column of a file of `kind`; returns its path (any reader, any path)."""
    if kind == "canonical-fast":
        return _write(tmp_path / "c.csv", canonical_csv(values).encode())
    if kind == "canonical-exact":  # a ragged last line sends the file through the csv module
        return _write(tmp_path / "c.csv", canonical_csv(values, ragged=True).encode())
    if kind in ("platform", "platform-exact"):
        return _write(tmp_path / "青海_出口_2025.csv", platform_csv(values, repaired=kind != "platform").encode("gbk"))
    if kind == "comtrade-gz":
        return _write(tmp_path / "bulk.txt.gz", gzip.compress(comtrade_tsv(values).encode()))
    if kind == "parquet-text":
        table = pa.table({"month": [f"2025{m:02d}" for m in range(1, len(values) + 1)],
                          "flow": ["export"] * len(values), "value_cny": values})
        sink = io.BytesIO()
        pq.write_table(table, sink)
        return _write(tmp_path / "p.parquet", sink.getvalue())
    raise AssertionError(kind)


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


#: every reader, on both paths of the text reader (pyarrow; the csv module after a ragged line)
KINDS = ["canonical-fast", "canonical-exact", "platform", "platform-exact", "comtrade-gz", "parquet-text"]


@pytest.mark.parametrize("kind", KINDS)
def test_numbers_outside_the_bounds_are_coded_with_row_column_and_value(tmp_path, kind):
    result = read_file(write_as(kind, ODD, tmp_path))
    found = {(i.row, i.code) for i in result.report.errors if i.code != "ragged-row"}
    assert found == {(row, code) for row, code in zip(range(2, 7), EXPECTED_CODES)}
    long = only(result.report.issues, "field-too-long")[0]
    assert long.column in ("value_cny", "美元", "primaryValue") and long.value == "1" * 70
    assert result.table.num_rows == 0


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "canonical-exact"])  # a ragged line loads nothing
def test_numbers_inside_the_bounds_load_exactly(tmp_path, kind):
    result = read_file(write_as(kind, list(GOOD), tmp_path))
    assert result.report.valid, [str(i) for i in result.report.errors]
    expected = [Decimal(v) for v in GOOD.values()]
    if kind == "platform-exact":
        assert [i.row for i in result.report.issues if i.code == "repaired-row"] == [len(GOOD) + 2]
        expected.append(Decimal("7.00"))
    money = "value_usd" if kind.startswith(("platform", "comtrade")) else "value_cny"
    assert result.table.column(money).to_pylist() == expected


@pytest.mark.parametrize("values, type_, code", [
    ([1e308, 1.5], pa.float64(), "value-too-large"),
    ([float("inf"), 1.5], pa.float64(), "bad-number"),
    ([10**17, 5], pa.int64(), "value-too-large"),
    ([Decimal("1" * 40), Decimal(5)], pa.decimal256(60, 2), "value-too-large"),
])
def test_parquet_numbers_of_every_type_are_bounded(tmp_path, values, type_, code):
    table = pa.table({"month": ["202501", "202502"], "flow": ["export"] * 2, "value_cny": pa.array(values, type_)})
    pq.write_table(table, tmp_path / "typed.parquet")
    result = read_file(tmp_path / "typed.parquet")
    assert [(i.code, i.row, i.column) for i in result.report.errors] == [(code, 2, "value_cny")]


def test_parquet_decimals_with_many_places_and_tiny_floats_load(tmp_path):
    table = pa.table({"month": ["202501", "202502", "202503"], "flow": ["export"] * 3,
                      "value_cny": pa.array([Decimal("1.005"), Decimal("2"), Decimal("0.125")], pa.decimal256(76, 70)),
                      "value_usd": pa.array([5e-324, 1e15, 0.125], pa.float64())})
    pq.write_table(table, tmp_path / "typed.parquet")
    result = read_file(tmp_path / "typed.parquet")
    assert result.report.valid, [str(i) for i in result.report.issues]
    assert result.table.column("value_cny").to_pylist() == [Decimal("1.01"), Decimal("2.00"), Decimal("0.13")]
    assert result.table.column("value_usd").to_pylist() == [Decimal("0.00"), Decimal("1000000000000000.00"),
                                                           Decimal("0.13")]


@pytest.mark.parametrize("column, value", [("partner", "3" * 40), ("month", "2025-01" + " " * 40 + "x"),
                                           ("flow", "export" * 10), ("unit1", "千" * 300),
                                           ("enterprise_id", "e" * 300)])
def test_codes_and_texts_longer_than_their_column_allows_are_refused(tmp_path, column, value):
    cells = {"month": "202501", "flow": "export", "partner": "344", "value_cny": "5", "unit1": "千克",
             "enterprise_id": "abc", column: value}
    path = tmp_path / "c.csv"
    path.write_text(",".join(cells) + "\n" + ",".join(f'"{v}"' for v in cells.values()) + "\n", encoding="utf-8")
    result = read_file(path)
    [issue] = [i for i in result.report.errors if i.code == "field-too-long"]
    assert (issue.row, issue.column) == (2, column)
    assert result.table.num_rows == 0


def test_comtrade_codes_the_reader_maps_itself_are_bounded(tmp_path):
    path = tmp_path / "ct.tsv.txt"
    path.write_text(comtrade_tsv(["5"]).replace("\t643\t", "\t" + "6" * 50 + "\t"), encoding="utf-8")
    result = read_file(path)
    assert [(i.code, i.row, i.column) for i in result.report.errors] == [("field-too-long", 2, "partnerCode")]


def test_a_600_kb_cell_is_shown_shortened_by_the_cli(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("month,flow,value_cny\n202501,export,\"" + "12a" * 40_000 + "\"\n", encoding="utf-8")
    run = ingest([path], tmp_path / "x.duckdb")
    assert run.codes["big.csv"] == ["field-too-long"] and run.problems(["big.csv"]) == []
    assert "characters)" in run.stderr and len(run.stderr) < 5_000  # the cell alone has 120,000


def test_issue_texts_are_shortened_where_they_are_made():
    issue = make_issue("bad-number", "m" * 5000, column="c" * 500, value="9" * 600_000)
    assert issue.value == "9" * 200 + "…(600,000 characters)"
    assert issue.column == "c" * 100 + "…(500 characters)"
    assert len(issue.message) < 1100
    assert shorten("short") == "short" and shorten(None) is None
