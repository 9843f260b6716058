import datetime as dt
import gzip
from decimal import Decimal

from ingest_helpers import only
from waimao.ingest.readers import read_file
from waimao.model.schema import TRADE_SCHEMA

# the CSV a user gets from comtradeapicall's DataFrame.to_csv(): an unnamed index column first
API_HEADER = (",typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
              "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,cmdCode,customsCode,motCode,"
              "qtyUnitCode,qtyUnitAbbr,qty,netWgt,primaryValue")


def api_csv(*lines: str) -> str:
    return "\n".join([API_HEADER, *(f"{i},{line}" for i, line in enumerate(lines))]) + "\n"


def api_row(flow="X", partner="643,RUS,Russia", cmd="850760", value="1000.0", month="1", partner2="0",
            mot="0", qty="10.0,10.0", unit="8,kg") -> str:
    period = f"2023{int(month):02d}" if month != "52" else "2023"
    return (f"C,M,20230101,2023,{month},{period},156,CHN,China,{flow},x,{partner},{partner2},{cmd},C00,{mot},"
            f"{unit},{qty},{value}")


def test_api_csv_keeps_detail_rows_and_maps_partners_to_customs_codes(write):
    text = api_csv(
        api_row(partner="0,W00,World", value="5000.0"),          # world × HS 850760: its own cut (a part)
        api_row(partner="643,RUS,Russia", value="3000.0"),
        api_row(partner="490,S19,Other Asia nes", value="1500.0"),  # Comtrade's label for Taiwan
        api_row(flow="RX", value="10.0"),                         # re-export: left out
        api_row(partner="643,RUS,Russia", mot="2100", value="2.0"),  # a split by transport mode
        api_row(flow="M", partner="842,USA,USA", value="77.5", qty=",", unit="-1,N/A"),
    )
    result = read_file(write("comtrade.csv", text, "utf-8"))
    assert result.kind == "comtrade"
    assert result.report.valid, [str(i) for i in result.report.issues]
    assert result.table.schema == TRADE_SCHEMA
    t = result.table.to_pydict()
    assert t["partner"] == ["344", "143", "502"]
    assert t["flow"] == ["export", "export", "import"]
    assert t["region"] == ["CN", "CN", "CN"]
    assert t["value_usd"] == [Decimal("3000.00"), Decimal("1500.00"), Decimal("77.50")]
    assert t["value_cny"] == [None, None, None]
    assert t["unit1"] == ["千克", "千克", None]
    assert t["month"] == [dt.date(2023, 1, 1)] * 3
    assert result.dims == ("month", "flow", "region", "partner", "product")
    assert result.currency == "USD"
    assert result.provinces == ("CN",)
    assert result.meta["world_rows"] == 1
    assert result.meta["levels"] == {"partner+product": 3, "product": 1}
    assert result.meta["breakdown_rows_dropped"] == 1
    [world] = result.parts  # the World row is the reporter's total of HS 850760, not a partner
    assert world.meta["level"] == "product"
    assert world.dims == ("month", "flow", "region", "product")
    assert world.table.to_pydict()["partner"] == [None]
    assert world.table.to_pydict()["value_usd"] == [Decimal("5000.00")]
    assert result.meta["frequency"] == "monthly"
    ignored = only(result.report.issues, "ignored-flow")[0]
    assert ignored.value == "RX" and not ignored.is_error


def test_world_only_file_keeps_its_totals_without_a_partner_dimension(write):
    text = api_csv(api_row(partner="0,W00,World", cmd="TOTAL"))
    result = read_file(write("comtrade.csv", text, "utf-8"))
    assert result.report.valid
    assert result.dims == ("month", "flow", "region")
    assert result.meta["level"] == "totals" and result.parts == ()
    assert result.table.column("partner").to_pylist() == [None]
    assert result.table.column("product").to_pylist() == [None]


def test_total_product_rows_next_to_details_are_their_own_cut(write):
    text = api_csv(api_row(cmd="TOTAL", value="9.0"), api_row(cmd="85", value="4.0"))
    result = read_file(write("comtrade.csv", text, "utf-8"))
    assert result.table.column("product").to_pylist() == ["85"]
    assert result.meta["total_product_rows"] == 1
    [total] = result.parts  # Russia × TOTAL: all products, never added to chapter 85
    assert (total.meta["level"], total.dims) == ("partner", ("month", "flow", "region", "partner"))
    assert total.table.to_pydict()["product"] == [None]
    assert total.table.to_pydict()["value_usd"] == [Decimal("9.00")]


def test_unknown_partner_is_kept_under_its_un_code(write):
    text = api_csv(api_row(partner="899,_X,Areas nes"))
    result = read_file(write("comtrade.csv", text, "utf-8"))
    issue = only(result.report.issues, "unknown-partner")[0]
    assert (issue.row, issue.column, issue.value, issue.is_error) == (2, "partnerCode", "899 _X", False)
    assert result.table.column("partner").to_pylist() == ["UN:899"]


def test_bulk_tsv_gz_with_other_capitalisation_and_annual_data(tmp_path):
    path = tmp_path / "DEU_2023_A.txt.gz"
    header = "typeCode\tfreqCode\trefYear\trefMonth\tPeriod\treporterCode\tflowCode\tpartnerCode\tpartner2Code\t" \
             "cmdCode\tcustomsCode\tmotCode\tqtyUnitCode\tqty\tnetWgt\tCIFValue\tFOBValue\tprimaryValue"
    lines = ["C\tA\t2023\t52\t2023\t276\tM\t156\t0\t850760\tC00\t0\t8\t5\t5\t11\t\t11",
             "C\tA\t2023\t52\t2023\t276\tM\t842\t0\t850760\tC00\t0\t8\t6\t6\t12\t\t12"]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("\n".join([header, *lines]) + "\n")
    result = read_file(path)
    assert result.kind == "comtrade"
    assert result.report.valid, [str(i) for i in result.report.issues]
    assert result.meta["frequency"] == "annual"
    assert result.table.column("month").to_pylist() == [dt.date(2023, 1, 1)] * 2
    assert result.table.column("region").to_pylist() == ["DE", "DE"]
    assert result.table.column("partner").to_pylist() == ["142", "502"]  # China and the USA as customs codes
    assert result.table.column("qty2").to_pylist() == [Decimal("5.000"), Decimal("6.000")]
    assert result.table.column("unit2").to_pylist() == ["千克", "千克"]
    assert result.provinces == ("DE",)


def test_annual_and_monthly_rows_together_are_refused(write):
    text = api_csv(api_row(month="52"), api_row(month="1", partner="392,JPN,Japan"))
    result = read_file(write("comtrade.csv", text, "utf-8"))
    assert only(result.report.issues, "mixed-frequency")[0].is_error
    assert result.table.num_rows == 0


def test_unknown_flow_code(write):
    result = read_file(write("comtrade.csv", api_csv(api_row(flow="Q")), "utf-8"))
    issue = only(result.report.issues, "unknown-flow")[0]
    assert (issue.row, issue.column, issue.value) == (2, "flowCode", "Q")


def test_required_keys(write):
    text = "refYear,flowCode,reporterCode,partnerCode\n2023,X,156,0\n"
    result = read_file(write("comtrade.csv", text, "utf-8"))
    assert [i.column for i in only(result.report.issues, "missing-column")] == ["cmdcode"]
    assert only(result.report.issues, "currency-missing")[0].is_error


def test_bad_value_and_duplicates(write):
    text = api_csv(api_row(value="12x"), api_row(value="1.0", partner="392,JPN,Japan"),
                   api_row(value="2.0", partner="392,JPN,Japan"))
    issues = read_file(write("comtrade.csv", text, "utf-8")).report.issues
    bad = only(issues, "bad-number")[0]
    assert (bad.row, bad.column, bad.value) == (2, "primaryValue", "12x")
    assert only(issues, "duplicate-row")[0].row == 4


def test_integer_codes_written_as_floats_by_pandas(write):
    text = api_csv(api_row(partner="643.0,RUS,Russia", partner2="0.0", mot="0.0"))
    result = read_file(write("comtrade.csv", text, "utf-8"))
    assert result.report.valid, [str(i) for i in result.report.issues]
    assert result.table.column("partner").to_pylist() == ["344"]
    assert result.meta["breakdown_rows_dropped"] == 0
