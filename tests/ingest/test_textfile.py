import gzip

import pytest

from waimao.ingest.readers.textfile import UnreadableText, read_text_table, sniff_encoding

PLATFORM = "reference/gacc_platform"  # in ../shared, through the `shared` fixture


@pytest.mark.parametrize("fast", [True, False])
def test_real_hs8_list_reads_whole_with_gbk_quotes_and_embedded_newlines(shared, fast):
    table = read_text_table(shared(f"{PLATFORM}/zh-hs8-2023.csv"), fast=fast)
    assert table.encoding == "gb18030"
    # the platform's trailing comma gives an empty 8th header field, which is dropped
    assert table.header == ["商品编码", "商品名称", "年份", "第一计量单位编码", "第一计量单位名称",
                            "第二计量单位编码", "第二计量单位名称"]
    assert table.trailing_comma
    assert table.ragged == []
    assert table.num_rows == 8957
    codes = table.column("商品编码").to_pylist()
    names = table.column("商品名称").to_pylist()
    assert codes[0] == "01012100" and names[0] == "改良种用马"
    assert table.column("第一计量单位编码").to_pylist()[0] == "09"  # leading zero kept
    assert all(len(c) == 8 and c.isdigit() for c in codes)
    # a quoted name holding a line break stays one record, and rows count records, not lines
    index = codes.index("40159010")
    assert "\n" in names[index]
    assert table.rows.to_pylist()[index] == 3339
    assert table.rows.to_pylist()[-1] == 8958


def test_real_partner_list_has_every_code_with_three_digits(shared):
    table = read_text_table(shared(f"{PLATFORM}/zh-TradingPartner.csv"))
    assert table.header == ["贸易伙伴编码", "贸易伙伴名称"]
    assert table.num_rows == 243
    rows = dict(zip(table.column("贸易伙伴编码").to_pylist(), table.column("贸易伙伴名称").to_pylist()))
    assert rows["101"] == "阿富汗"
    assert rows["344"] == "俄罗斯联邦"
    assert all(len(code) == 3 for code in rows)


def test_real_english_partner_list_hands_back_unquoted_commas_as_ragged_lines(shared):
    table = read_text_table(shared(f"{PLATFORM}/en-TradingPartner.csv"))
    ragged = dict(table.ragged)
    assert sorted(ragged) == [10, 26, 34, 102, 207, 236]
    assert ragged[10] == ["109", "Korea", "DPR", ""]
    assert table.num_rows == 243 - 6


def test_utf8_bom_is_removed_from_the_first_header(write):
    path = write("bom.csv", "\ufeffmonth,flow\n202501,出口\n", "utf-8")
    table = read_text_table(path)
    assert table.header == ["month", "flow"]
    assert table.column("flow").to_pylist() == ["出口"]


def test_gbk_after_a_long_ascii_head_is_still_decoded(write):
    head = "".join(f"{i},x\n" for i in range(20000))  # more than the bytes used to guess the encoding
    path = write("late.csv", "a,b\n" + head + "1,出口\n", "gbk")
    assert sniff_encoding(path) == "utf-8"
    table = read_text_table(path)
    assert table.encoding == "gb18030"
    assert table.column("b").to_pylist()[-1] == "出口"


def test_blank_lines_are_skipped_and_rows_keep_their_spreadsheet_numbers(write):
    path = write("blank.csv", 'a,b\n1,2\n\n3,"x\ny"\n4,5\n\n\n', "utf-8")
    table = read_text_table(path)
    assert table.column("a").to_pylist() == ["1", "3", "4"]
    assert table.rows.to_pylist() == [2, 4, 5]


@pytest.mark.parametrize("fast", [True, False])
def test_ragged_lines_are_located_exactly(write, fast):
    path = write("ragged.csv", 'a,b,c\n1,2,3\n"q\nq",2,3\n4,5\n6,7,8,9\n10,11,12\n', "utf-8")
    table = read_text_table(path, fast=fast)
    assert table.ragged == [(4, ["4", "5"]), (5, ["6", "7", "8", "9"])]
    assert table.rows.to_pylist() == [2, 3, 6]


def test_gzip_tab_separated(tmp_path):
    path = tmp_path / "bulk.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("refYear\tflowCode\n2023\tX\n2023\tM\n")
    table = read_text_table(path)
    assert table.header == ["refYear", "flowCode"]
    assert table.column("flowCode").to_pylist() == ["X", "M"]


def test_utf16_with_bom(write):
    path = write("u16.csv", "\ufeffa,b\n1,进口\n", "utf-16-le")
    table = read_text_table(path)
    assert table.encoding == "utf-16"
    assert table.column("b").to_pylist() == ["进口"]


@pytest.mark.parametrize("content, reason", [
    (b"PK\x03\x04\x14\x00\x06\x00rest-of-a-workbook", "Excel workbook"),
    (b"a,b\n\xff\xfe\xff,1\n", "neither UTF-8 nor GBK"),
])
def test_unreadable_bytes_are_refused_with_a_reason(write, content, reason):
    path = write("bad.csv", content)
    with pytest.raises(UnreadableText, match=reason):
        read_text_table(path)


def test_progress_reports_bytes_up_to_the_file_size(write):
    path = write("p.csv", "a,b\n" + "1,2\n" * 1000, "utf-8")
    calls = []
    read_text_table(path, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1] == (path.stat().st_size, path.stat().st_size)
