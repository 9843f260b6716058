import datetime as dt
from decimal import Decimal

import pytest

from ingest_helpers import only
from waimao.ingest.readers import read_file
from waimao.ingest.readers.gacc import flow_from_name, period_from_name
from waimao.model.schema import TRADE_SCHEMA

ZH = '"数据年月","商品编码","商品名称","贸易伙伴编码","贸易伙伴名称","第一数量","第一计量单位","第二数量","第二计量单位","美元",'


def platform(header: str, *lines: str) -> str:
    """A download as the platform writes it: header, lines with a trailing comma, blank lines at the end."""
    return "\n".join([header, *(line + "," for line in lines)]) + "\n\n\n"


GOOD = platform(
    ZH,
    '202501,85076000,"锂离子蓄电池",344,"俄罗斯联邦","1,234","千克",?,"?","1,234,567"',
    '202502,85076000,"锂离子蓄电池\n（含电池组）",344,"俄罗斯联邦","10","千克",?,"?","99"',
    '202503,01012100,"改良种用马",116,"日本","3","千克","2","头","5"',
)


def test_reads_a_gbk_platform_download_named_with_flow_and_period(write):
    path = write("青海_出口_2025Q1.csv", GOOD)
    result = read_file(path)
    assert result.kind == "gacc"
    assert result.report.valid, [str(i) for i in result.report.issues]
    assert result.table.schema == TRADE_SCHEMA
    rows = result.table.to_pylist()
    assert [r["month"] for r in rows] == [dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)]
    assert {r["flow"] for r in rows} == {"export"}
    assert {r["region"] for r in rows} == {"63"}  # no 注册地 column: the province the file name names
    assert rows[0]["value_usd"] == Decimal("1234567.00") and rows[0]["value_cny"] is None
    assert rows[0]["qty1"] == Decimal("1234.000") and rows[0]["qty2"] is None and rows[0]["unit2"] is None
    assert rows[2]["product"] == "01012100" and rows[2]["qty2"] == Decimal("2.000") and rows[2]["unit2"] == "头"
    assert result.dims == ("month", "flow", "partner", "product")
    assert result.months == (dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1))
    assert result.provinces == ("63",)
    assert [(i.code, i.severity.value) for i in result.report.issues] == [("region-assumed", "warning")]
    assert "青海省 (63), from the file name" in result.report.issues[0].message
    assert result.currency == "USD"
    assert result.meta["names"]["product"]["85076000"] == "锂离子蓄电池\n（含电池组）"
    assert result.meta["flow_source"] == "file name"


def test_english_vocabulary_with_provinces_and_arguments(write):
    header = ('"Date of data","Locations of importers and exporters code","Locations of importers and exporters",'
              '"Customs Regime code","Customs Regime","Quantity","Unit","Supplimentary Quantity",'
              '"Supplementary Unit","Renminbi Yuan",')
    path = write("download.csv", platform(header, '202503,63,"Qinghai",10,"Ordinary Trade",5,"Kilogram",?,"?","100"',
                                          '202503,11,"Beijing",15,"Processing",5,"Kilogram",?,"?","200"'), "utf-8-sig")
    result = read_file(path, flow="import", period="2025M03")
    assert result.report.valid, [str(i) for i in result.report.issues]
    assert result.dims == ("month", "flow", "region", "trade_mode")
    assert result.table.column("region").to_pylist() == ["63", "11"]
    assert result.table.column("value_cny").to_pylist() == [Decimal("100.00"), Decimal("200.00")]
    assert result.provinces == ("11", "63")
    assert result.flows == ("import",)
    assert result.currency == "CNY"


def test_one_month_without_date_column_is_stored_on_that_month(write):
    header = '"商品编码","商品名称","人民币",'
    path = write("x.csv", platform(header, '85076000,"锂电池","100"'))
    result = read_file(path, flow="export", period="2025M03", region="青海")
    assert result.report.valid
    assert result.table.column("month").to_pylist() == [dt.date(2025, 3, 1)]
    assert result.months == (dt.date(2025, 3, 1),)


def test_missing_flow(write):
    result = read_file(write("青海_2025Q1.csv", GOOD))
    issue = only(result.report.issues, "missing-flow")[0]
    assert issue.is_error and "--flow" in issue.message
    assert result.table.num_rows == 0 and result.table.schema == TRADE_SCHEMA


def test_missing_period(write):
    header = '"商品编码","商品名称","美元",'
    result = read_file(write("出口.csv", platform(header, '85076000,"锂电池","100"')))
    assert only(result.report.issues, "missing-period")[0].is_error
    assert result.table.num_rows == 0


def test_multi_month_period_without_month_column_is_refused(write):
    header = '"商品编码","商品名称","美元",'
    result = read_file(write("青海_出口_2025Q1.csv", platform(header, '85076000,"锂电池","100"')))
    issue = only(result.report.issues, "period-not-monthly")[0]
    assert "分月展示" in issue.message and "2025Q1" in issue.message
    assert result.table.num_rows == 0


def test_month_outside_the_period(write):
    result = read_file(write("a.csv", GOOD), flow="export", period="2025M01-M02")
    issue = only(result.report.issues, "period-mismatch")[0]
    assert (issue.row, issue.column, issue.value) == (4, "数据年月", "202503")
    assert result.table.num_rows == 0


def test_bad_period_argument(write):
    result = read_file(write("a.csv", GOOD), flow="export", period="Q1 2025")
    issue = only(result.report.issues, "bad-period")[0]
    assert issue.value == "Q1 2025"


def test_argument_wins_over_the_file_name_with_a_warning(write):
    result = read_file(write("青海_出口_2025Q1.csv", GOOD), flow="import")
    assert only(result.report.issues, "name-mismatch")[0].severity.value == "warning"
    assert result.flows == ("import",)


def test_unknown_flow_argument(write):
    result = read_file(write("a.csv", GOOD), flow="re-export")
    assert only(result.report.issues, "unknown-flow")[0].value == "re-export"


def test_exactly_ten_thousand_rows_is_probably_truncated(write):
    lines = [f'202501,{85000000 + i},"品",344,"俄罗斯联邦",1,"千克",?,"?","{i + 1}"' for i in range(10_000)]
    result = read_file(write("青海_出口_2025M01.csv", platform(ZH, *lines)))
    issue = only(result.report.issues, "truncated-download")[0]
    assert not issue.is_error
    assert result.table.num_rows == 10_000  # a warning: the rows still load


def test_header_only_download_loads_nothing_but_keeps_its_period(write):
    result = read_file(write("青海_出口_2025Q1.csv", platform(ZH)))
    assert not only(result.report.issues, "no-rows")[0].is_error
    assert result.report.valid and result.table.num_rows == 0
    assert result.months == (dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1))


def test_empty_file(write):
    result = read_file(write("青海_出口_2025Q1.csv", b""), kind="gacc")
    assert only(result.report.issues, "empty-file")[0].is_error


def test_unknown_and_duplicate_columns(write):
    header = '"商品编码","商品名称","美元","US dollar","海关编码",'
    result = read_file(write("青海_出口_2025M01.csv", platform(header, '85076000,"锂电池","1","1","x"')), kind="gacc")
    assert only(result.report.issues, "unknown-column")[0].column == "海关编码"
    assert only(result.report.issues, "duplicate-column")[0].column == "US dollar"


def test_no_value_column(write):
    header = '"数据年月","商品编码","商品名称",'
    result = read_file(write("青海_出口_2025M01.csv", platform(header, '202501,85076000,"锂电池"')))
    assert only(result.report.issues, "currency-missing")[0].is_error


def test_unquoted_comma_in_a_name_is_repaired(write):
    header = '"数据年月","贸易伙伴编码","贸易伙伴名称","美元",'
    path = write("朝鲜_出口_2025M01.csv", platform(header, "202501,109,Korea,DPR,100", "202501,133,Korea, Rep.,200"))
    result = read_file(path, national=True)
    repaired = only(result.report.issues, "repaired-row")
    assert [i.row for i in repaired] == [2, 3]
    assert result.report.valid
    assert result.table.column("partner").to_pylist() == ["109", "133"]
    assert result.meta["names"]["partner"]["109"] == "Korea,DPR"


def test_ragged_line_that_cannot_be_repaired(write):
    header = '"数据年月","贸易伙伴编码","贸易伙伴名称","美元",'
    result = read_file(write("x_出口_2025M01.csv", platform(header, "202501,344,俄罗斯,100", "202501,344")))
    issue = only(result.report.issues, "ragged-row")[0]
    assert issue.row == 3 and issue.value == "202501,344,"  # the line as it is in the file


def test_cell_problems_are_located(write):
    header = '"数据年月","注册地编码","注册地名称","贸易伙伴编码","贸易伙伴名称","美元",'
    text = platform(
        header,
        '202513,63,"青海省",344,"俄罗斯联邦","1"',        # row 2: bad month
        '202501,630,"青海省",344,"俄罗斯联邦","1"',       # row 3: province with 3 digits
        '202501,63,"青海省",344,"俄罗斯联邦","12a"',      # row 4: not a number
        '202502,63,"青海省",344,"俄罗斯联邦","-5"',       # row 5: negative
        '202503,63,"青海省",344,"俄罗斯联邦","?"',        # row 6: value missing
        '202504,63,"青海省",998,"无名国","7"',            # row 7: unknown partner (warning)
        '202505,99,"无名省",344,"俄罗斯联邦","7"',        # row 8: unknown province (warning)
    )
    issues = read_file(write("青海_出口_2025.csv", text), period="2025").report.issues
    located = {i.code: (i.row, i.column, i.value) for i in issues}
    assert located["bad-month"] == (2, "数据年月", "202513")
    assert located["bad-code"] == (3, "注册地编码", "630")
    assert located["bad-number"] == (4, "美元", "12a")
    assert located["negative-value"] == (5, "美元", "-5")
    assert located["missing-value"] == (6, "美元", "?")
    assert located["unknown-partner"] == (7, "贸易伙伴编码", "998")
    assert located["unknown-region"] == (8, "注册地编码", "99")
    assert not only(issues, "unknown-partner")[0].is_error


def test_warnings_alone_keep_the_rows(write):
    header = '"数据年月","贸易伙伴编码","贸易伙伴名称","美元",'
    result = read_file(write("x_出口_2025M01.csv", platform(header, '202501,998,"无名国","7"')), region="64")
    assert result.report.valid
    assert result.table.column("partner").to_pylist() == ["998"]


def test_duplicate_rows(write):
    header = '"数据年月","贸易伙伴编码","贸易伙伴名称","美元",'
    text = platform(header, '202501,344,"俄罗斯联邦","1"', '202501,116,"日本","1"', '202501,344,"俄罗斯联邦","2"')
    result = read_file(write("x_出口_2025M01.csv", text))
    issue = only(result.report.issues, "duplicate-row")[0]
    assert issue.row == 4 and "row 2" in issue.message
    assert issue.value == "2025-01|export|344"


def test_bad_encoding(write):
    result = read_file(write("x_出口_2025M01.csv", b'"\xe7\xbc\x96",\n\xff\xfe\xff,\n'), kind="gacc")
    assert only(result.report.issues, "bad-encoding")[0].is_error


@pytest.mark.parametrize("name, flow, period", [
    ("青海_出口_2025Q1.csv", "export", "2025Q1"),
    ("Qinghai imports 2025M01-M03.csv", "import", "2025Q1"),
    ("hs8.export.2024.csv", "export", "2024"),
    ("进出口_2025H1.csv", None, "2025H1"),   # 进出口 is both flows: no flow
    ("出口_进口_2025.csv", None, "2025"),     # two flows: ambiguous
    ("出口_2024_2025.csv", "export", None),   # two periods: ambiguous
])
def test_file_name_convention(tmp_path, name, flow, period):
    path = tmp_path / name
    assert flow_from_name(path) == flow
    found = period_from_name(path)
    assert (str(found) if found else None) == period


def test_every_real_platform_province_code_is_a_known_region(shared, write):
    from waimao.ingest.readers.textfile import read_text_table

    provinces = read_text_table(shared("reference/gacc_platform/china_customs_provinces.csv"))
    codes = provinces.column("收发货人注册地编码").to_pylist()
    names = provinces.column("收发货人注册地名称").to_pylist()
    header = '"数据年月","注册地编码","注册地名称","美元",'
    lines = [f'202501,{code},"{name}","1"' for code, name in zip(codes, names)]
    result = read_file(write("全国_出口_2025M01.csv", platform(header, *lines)))
    assert len(codes) == 31
    assert result.report.issues == []
    assert result.provinces == tuple(sorted(codes))


def test_every_platform_header_word_is_documented():
    from pathlib import Path

    from waimao.ingest.readers.gacc import VOCABULARY

    docs = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text(encoding="utf-8").lower()
    assert [word for word in VOCABULARY if word not in docs] == []


ONE_PARTNER = platform('"数据年月","贸易伙伴编码","贸易伙伴名称","人民币",', '202501,344,"俄罗斯联邦","7"')


def test_a_download_without_region_is_refused_unless_someone_says_whose_it_is(write):
    refused = read_file(write("x_出口_2025M01.csv", ONE_PARTNER))
    [issue] = refused.report.errors
    assert issue.code == "missing-region" and "--region" in issue.message and "--national" in issue.message
    assert refused.table.num_rows == 0

    national = read_file(write("x_出口_2025M01.csv", ONE_PARTNER), national=True)
    assert national.table.column("region").to_pylist() == ["CN"] and national.provinces == ("CN",)
    assert "argument (national)" in only(national.report.issues, "region-assumed")[0].message

    given = read_file(write("x_出口_2025M01.csv", ONE_PARTNER), region="宁夏")
    assert given.table.column("region").to_pylist() == ["64"] and given.meta["region_source"] == "argument"

    named = read_file(write("宁夏_出口_2025M01_伙伴.csv", ONE_PARTNER))
    assert named.table.column("region").to_pylist() == ["64"] and named.meta["region_source"] == "file name"


@pytest.mark.parametrize("region, national, why", [("西宁", False, "not a province"), ("火星", False, "unknown region"),
                                                   ("宁夏", True, "not both")])
def test_an_unusable_region_is_refused(write, region, national, why):
    result = read_file(write("x_出口_2025M01.csv", ONE_PARTNER), region=region, national=national)
    [issue] = result.report.errors
    assert issue.code == "bad-region" and why in issue.message


def test_a_region_column_wins_over_the_file_name(write):
    header = '"数据年月","注册地编码","注册地名称","人民币",'
    result = read_file(write("宁夏_出口_2025M01.csv", platform(header, '202501,63,"青海省","7"')))
    assert result.report.issues == [] and result.table.column("region").to_pylist() == ["63"]


def test_chinese_flow_words_as_the_argument(write):
    result = read_file(write("x_2025M01.csv", ONE_PARTNER), flow="进口", region="64")
    assert result.flows == ("import",)


def test_lines_with_many_stray_commas_cannot_stall_the_reader(write, monkeypatch):
    """A name of twelve pieces leaves 11 surplus fields: C(14, 3) = 364 ways to join them into four name
    columns. Past the file's budget, lines are refused, not tried."""
    from waimao.ingest.readers import gacc

    header = '"数据年月","贸易伙伴编码","贸易伙伴名称","商品编码","商品名称","贸易方式编码","贸易方式名称","注册地编码","注册地名称","人民币",'
    stray = ",".join(["x"] * 12)
    lines = [f'202501,344,{stray},85076000,a,10,b,64,c,"7"'] * 40
    monkeypatch.setattr(gacc, "REPAIR_BUDGET", 364 * 10)  # ten lines' worth of trying
    result = read_file(write("宁夏_出口_2025M01.csv", platform(header, *lines)))
    counts = result.report.stats["issue_counts"]
    repaired = [i.row for i in result.report.issues if i.code == "repaired-row" and i.row is not None]
    refused = [i for i in only(result.report.issues, "ragged-row") if i.row is not None]
    assert repaired == list(range(2, 12))  # within the budget: joined back
    assert refused[0].row == 12 and all("too many stray commas" in i.message for i in refused)
    assert counts["repaired-row"] + counts["ragged-row"] == 40
