import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ingest_helpers import only
from waimao.ingest.readers import read_file
from waimao.model.schema import TRADE_SCHEMA

HEADER = "month,flow,region,partner,product,trade_mode,enterprise_type,enterprise_id,value_cny,value_usd,qty1,unit1"


def canonical(*lines: str, header: str = HEADER) -> str:
    return "\n".join([header, *lines]) + "\n"


def test_reads_every_column_with_the_accepted_spellings(write):
    text = canonical(
        "202501,export,63019,344,85076000,0110,民营企业,E1,\"1,000.125\",150,12.5,千克",
        "2025-02,出口,6301,344,85076000,0110,private,E1,200,,,",
        "2025-03-01,1,630100,116,01012100,0110,外资,E2,3,,0.0005,头",
        "2025年4月,进口,63012,116,01012100,0110,国有,E3,4,,,",
    )
    result = read_file(write("extract.csv", text, "utf-8"))
    assert result.kind == "canonical"
    assert result.report.valid, [str(i) for i in result.report.issues]
    assert result.table.schema == TRADE_SCHEMA
    t = result.table.to_pydict()
    assert t["month"] == [dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1), dt.date(2025, 4, 1)]
    assert t["flow"] == ["export", "export", "import", "import"]
    assert t["region"] == ["63019", "63019", "63019", "63012"]  # GB/T 2260 6301 / 630100 -> customs 63019
    assert t["product"][2] == "01012100"
    assert t["enterprise_type"] == ["private", "private", "foreign_invested", "state_owned"]
    assert t["value_cny"][0] == Decimal("1000.13")  # rounded half away from zero to the fen
    assert t["value_usd"] == [Decimal("150.00"), None, None, None]
    assert t["qty1"][2] == Decimal("0.001")
    assert result.dims == ("month", "flow", "region", "partner", "product", "trade_mode", "enterprise_type",
                           "enterprise_id")
    assert result.provinces == ("63",)
    assert result.currency == "CNY"


def test_chinese_headers_in_gb18030(write):
    text = canonical("202501,出口,63019,344,100", header="月份,流向,地区编码,贸易伙伴编码,人民币")
    result = read_file(write("extract.csv", text, "gb18030"))
    assert result.report.valid, [str(i) for i in result.report.issues]
    assert result.dims == ("month", "flow", "region", "partner")
    assert result.meta["encoding"] == "gb18030"
    assert result.table.column("value_cny").to_pylist() == [Decimal("100.00")]


def test_parquet_with_native_types(tmp_path):
    path = tmp_path / "extract.parquet"
    pq.write_table(pa.table({
        "month": pa.array([dt.date(2025, 1, 1), dt.date(2025, 2, 1)]),
        "flow": pa.array([0, 1]),
        "product": pa.array(["85076000", "01012100"]).dictionary_encode(),
        "value_cny": pa.array([1.5, 2.25]),
        "qty1": pa.array([3, 4]),
    }), path)
    result = read_file(path)
    assert result.report.valid, [str(i) for i in result.report.issues]
    assert result.table.to_pydict()["flow"] == ["export", "import"]
    assert result.table.to_pydict()["value_cny"] == [Decimal("1.50"), Decimal("2.25")]
    assert result.table.to_pydict()["qty1"] == [Decimal("3.000"), Decimal("4.000")]


def test_parquet_problems_are_located_as_if_the_header_were_row_one(tmp_path):
    path = tmp_path / "extract.parquet"
    pq.write_table(pa.table({"month": pa.array([dt.date(2025, 1, 1), dt.date(2025, 1, 15)]),
                             "flow": ["export", "export"], "value_cny": [1.0, -2.0]}), path)
    issues = read_file(path).report.issues
    assert (only(issues, "bad-month")[0].row, only(issues, "bad-month")[0].value) == (3, "2025-01-15")
    assert only(issues, "negative-value")[0].row == 3


def test_unknown_column_is_an_error_but_name_columns_are_ignored(write):
    text = canonical("202501,export,100,锂电池,x", header="month,flow,value_cny,商品名称,valeu_usd")
    result = read_file(write("e.csv", text, "utf-8"))
    issue = only(result.report.issues, "unknown-column")[0]
    assert issue.column == "valeu_usd" and issue.is_error
    assert len(result.report.errors) == 1
    assert result.meta["ignored_columns"] == ["商品名称"]
    assert result.table.num_rows == 0 and result.table.schema == TRADE_SCHEMA


def test_pandas_index_column_is_named_in_the_message(write):
    text = canonical("0,202501,export,1", header=",month,flow,value_cny")
    issue = only(read_file(write("e.csv", text, "utf-8"), kind="canonical").report.issues, "unknown-column")[0]
    assert "index=False" in issue.message


def test_missing_required_column(write):
    result = read_file(write("e.csv", canonical("export,1", header="flow,value_cny"), "utf-8"))
    assert only(result.report.issues, "missing-column")[0].column == "month"


def test_no_money_column(write):
    result = read_file(write("e.csv", canonical("202501,export,5", header="month,flow,qty1"), "utf-8"))
    assert only(result.report.issues, "currency-missing")[0].is_error


def test_duplicate_column(write):
    result = read_file(write("e.csv", canonical("202501,export,1,2", header="month,flow,人民币,value_cny"), "utf-8"))
    assert only(result.report.issues, "duplicate-column")[0].column == "value_cny"


def test_cell_problems_are_located(write):
    text = canonical(
        "2025-13,export,63019,344,85076000,0110,private,E1,1,,,",     # row 2 bad month
        "202501,both,63019,344,85076000,0110,private,E2,1,,,",        # row 3 unknown flow
        "202501,export,63019,344,1012100,0110,private,E3,1,,,",       # row 4 lost leading zero
        "202501,export,63019,344,85076000,0110,collective,E4,1,,,",   # row 5 unknown enterprise type
        "202501,export,63019,344,85076000,0110,private,,1,,,",        # row 6 empty enterprise id
        "202501,export,63019,344,85076000,0110,private,E6,,,,",       # row 7 no value at all
        "202501,export,63019,344,85076000,0110,private,E7,1,x,,",     # row 8 bad number
        "202501,export,63019,344,85076000,0110,private,E8,1,,-1,",    # row 9 negative quantity
    )
    issues = read_file(write("e.csv", text, "utf-8")).report.issues
    located = {i.code: (i.row, i.column, i.value) for i in issues}
    assert located["bad-month"] == (2, "month", "2025-13")
    assert located["unknown-flow"] == (3, "flow", "both")
    assert located["bad-code"] == (4, "product", "1012100")
    assert "leading zero" in only(issues, "bad-code")[0].message
    assert located["unknown-enterprise-type"] == (5, "enterprise_type", "collective")
    missing = only(issues, "missing-value")
    assert [(i.row, i.column) for i in missing] == [(6, "enterprise_id"), (7, "value_cny")]
    assert located["bad-number"] == (8, "value_usd", "x")
    assert located["negative-value"] == (9, "qty1", "-1")


def test_unknown_region_is_a_warning_and_the_code_is_kept(write):
    result = read_file(write("e.csv", canonical("202501,export,99019,1", header="month,flow,region,value_cny"),
                             "utf-8"))
    issue = only(result.report.issues, "unknown-region")[0]
    assert (issue.row, issue.value, issue.is_error) == (2, "99019", False)
    assert result.table.column("region").to_pylist() == ["99019"]


def test_duplicate_rows_with_different_month_spellings(write):
    text = canonical("202501,export,344,1", "2025-01,出口,344,2", header="month,flow,partner,value_cny")
    issue = only(read_file(write("e.csv", text, "utf-8")).report.issues, "duplicate-row")[0]
    assert issue.row == 3 and "row 2" in issue.message


def test_mixed_product_levels_warn(write):
    text = canonical("202501,export,8507,1", "202501,export,85076000,2", header="month,flow,product,value_cny")
    result = read_file(write("e.csv", text, "utf-8"))
    assert "4 digits (1 row), 8 digits (1 row)" in only(result.report.issues, "mixed-product-levels")[0].message
    assert result.table.num_rows == 2


def test_ragged_row(write):
    text = canonical("202501,export,1", "202502,export", "202503,export,3", header="month,flow,value_cny")
    issue = only(read_file(write("e.csv", text, "utf-8")).report.issues, "ragged-row")[0]
    assert issue.row == 3 and issue.value == "202502,export"


def test_header_only(write):
    result = read_file(write("e.csv", "month,flow,value_cny\n", "utf-8"))
    assert only(result.report.issues, "no-rows")[0].severity.value == "warning"
    assert result.report.valid and result.table.num_rows == 0


def test_empty_file(write):
    result = read_file(write("e.csv", b""))
    assert only(result.report.issues, "empty-file")[0].is_error


def test_unrecognised_header(write):
    result = read_file(write("e.csv", "foo,bar\n1,2\n", "utf-8"))
    assert only(result.report.issues, "unknown-format")[0].is_error


def test_a_million_bad_cells_are_capped(write):
    lines = [f"2025-{13 + i % 5},export,1" for i in range(5000)]
    report = read_file(write("e.csv", canonical(*lines, header="month,flow,value_cny"), "utf-8")).report
    bad = only(report.issues, "bad-month")
    assert len(bad) == 21  # the first 20 and one summary
    assert [i.row for i in bad[:20]] == list(range(2, 22))
    assert bad[-1].row is None and "4,980 more" in bad[-1].message
    assert report.stats["issue_counts"]["bad-month"] == 5000


@pytest.mark.parametrize("kind", ["canonical", "auto"])
def test_month_flow_and_value_only(write, kind):
    result = read_file(write("e.csv", canonical("202501,import,7", header="month,flow,value_usd"), "utf-8"), kind=kind)
    assert result.report.valid
    assert result.dims == ("month", "flow")
    assert result.currency == "USD"
    assert result.provinces == ()


def test_every_accepted_spelling_is_documented():
    from pathlib import Path

    from waimao.model.schema import ALIASES, ENTERPRISE_TYPE_ALIASES

    docs = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")
    missing = [a for a in [*ALIASES, *ENTERPRISE_TYPE_ALIASES] if a not in docs]
    assert missing == []


@pytest.mark.parametrize(("cell", "expected"), [
    ('"1,234,567.5"', Decimal("1234567.50")),
    ("1.5e6", Decimal("1500000.00")),
    (".5", Decimal("0.50")),
    ("7.", Decimal("7.00")),
    ("0.005", Decimal("0.01")),  # half away from zero to the fen
    ("9999999999999999.99", Decimal("9999999999999999.99")),  # the largest yuan value DECIMAL(18,2) holds
    ("2.00000000000499", Decimal("2.00")),  # more decimals than a 38-digit decimal with 10 places keeps
    ("1e-12", Decimal("0.00")),
])
def test_amounts_the_reader_accepts(write, cell, expected):
    result = read_file(write("a.csv", canonical(f"202501,export,{cell}", header="month,flow,value_cny"), "utf-8"))
    assert result.report.valid, [str(i) for i in result.report.issues]
    assert result.table.column("value_cny").to_pylist() == [expected]


@pytest.mark.parametrize(("cell", "reason"), [
    ('"1,2"', "is not a number"),  # commas only between groups of three
    ("e5", "is not a number"),  # an exponent needs digits before it
    (".", "is not a number"),
    ("12a", "is not a number"),
    ("10000000000000000", "is too large to store"),
    ("-3", "is negative"),
])
def test_amounts_the_reader_refuses_name_row_and_reason(write, cell, reason):
    text = canonical("202501,export,1", f"202501,import,{cell}", header="month,flow,value_cny")
    result = read_file(write("a.csv", text, "utf-8"))
    [issue] = result.report.errors
    assert (issue.row, issue.column) == (3, "value_cny")
    assert reason in issue.message
