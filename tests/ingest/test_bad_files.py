"""Every failure coded (issue 18, items 2 and 4): files that used to end in "Unexpected error" (exit 2),
a segfault or a traceback on stderr are refused with a coded issue, exit 1, and load nothing.

Each file goes through `waimao ingest` in a subprocess (`ingest_cli`), which also checks that no
traceback or library warning reaches stderr and that the warehouse holds no row of a refused file;
the location of an issue is checked through `read_file`.
"""

from __future__ import annotations

import gzip
import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ingest_cli import ingest
from ingest_helpers import only
from waimao.ingest.readers import read_file
from waimao.ingest.readers.textfile import FIELD_LIMIT, read_text_table

CSV = b"month,flow,value_cny,unit1\n202501,export,5,kg\n202502,export,6,kg\n"


def parquet(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


GOOD_PARQUET = parquet(pa.table({"month": ["202501", "202502"], "flow": ["export", "import"], "value_cny": [5, 6]}))


def flipped_footer(data: bytes) -> bytes:
    """The Parquet footer (its schema, in thrift) with bytes flipped: the file still starts and ends with PAR1.

    The footer is [metadata][its length, 4 bytes][PAR1]; flipping the metadata's first bytes breaks
    its thrift encoding. (Flipped data pages are not detectable: Parquet has no checksum by default.)
    """
    start = len(data) - 8 - int.from_bytes(data[-8:-4], "little")
    out = bytearray(data)
    for at in range(start, start + 8):
        out[at] ^= 0x5A
    return bytes(out)


def flipped_page(marker: bytes = b"7777777") -> bytes:
    """A Parquet file written with page checksums, one byte of a data page flipped (the CRC catches it)."""
    table = pa.table({"month": ["202501", "202502"], "flow": ["export"] * 2, "value_cny": ["5", marker.decode()]})
    sink = io.BytesIO()
    pq.write_table(table, sink, write_page_checksum=True, compression="none")
    data = bytearray(sink.getvalue())
    data[data.index(marker)] ^= 0x01
    return bytes(data)


#: name -> (bytes, the code it must be refused with)
BROKEN = {
    "cut.csv.gz": (gzip.compress(CSV * 50)[:60], "bad-file"),
    "not-gzip.csv.gz": (CSV, "bad-file"),
    "csv.parquet": (CSV, "bad-file"),
    "cut.parquet": (GOOD_PARQUET[: len(GOOD_PARQUET) // 2], "bad-file"),
    "flipped.parquet": (flipped_footer(GOOD_PARQUET), "bad-file"),
    "flipped-page-with-checksums.parquet": (flipped_page(), "bad-file"),
    "list.parquet": (parquet(pa.table({"month": ["202501"], "flow": ["export"], "value_cny": [[1, 2]]})),
                     "bad-column-type"),
    "struct.parquet": (parquet(pa.table({"month": ["202501"], "flow": [{"a": "export"}], "value_cny": [5]})),
                       "bad-column-type"),
    "huge-cell.csv": (b"month,flow,value_cny,unit1\n202501,export,5,\"" + b"x" * (FIELD_LIMIT + 1) + b"\"\n",
                      "field-too-long"),
    "huge-cell-exact.csv": (b"month,flow,value_cny,unit1\n202501,export\n202502,export,5,\"" + b"x" * (FIELD_LIMIT + 1)
                            + b"\"\n", "field-too-long"),
    "unclosed-quote.csv": (b'month,flow,value_cny,unit1\n202501,export,5,"kg\n' + b"202502,export,6,kg\n" * 20_000,
                           "field-too-long"),
    "cut-mid-character.csv": ("month,flow,value_cny,unit1\n202501,export,5,千克\n202502,export,6,千克\n"
                              .encode()[:-2], "bad-encoding"),
}


def test_each_broken_file_is_refused_with_its_code_and_nothing_else_goes_wrong(tmp_path):
    paths = []
    for name, (data, _) in BROKEN.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    run = ingest(paths, tmp_path / "x.duckdb")  # one CLI run for all: each file's outcome is its own
    assert run.returncode == 1
    assert run.problems(list(BROKEN)) == []  # no traceback (pyarrow printed one for the cut UTF-8 file)
    assert "鍗" not in run.stderr
    assert {name: run.codes.get(name) for name in BROKEN} == {name: [code] for name, (_, code) in BROKEN.items()}
    assert run.loads == [] and run.rows_by_load == {}


def test_a_comtrade_file_with_a_header_and_no_rows_is_no_rows_not_an_error(tmp_path):
    path = tmp_path / "comtrade.csv"
    path.write_text("refYear,refMonth,flowCode,partnerCode,cmdCode,primaryValue\n", encoding="utf-8")
    run = ingest([path], tmp_path / "x.duckdb")
    assert run.returncode == 0, run.stderr
    assert "no-rows" in run.stdout and run.problems(["comtrade.csv"]) == []
    assert [load["rows"] for load in run.loads] == [0]


def test_a_utf8_file_cut_mid_character_is_located_and_shown_as_bytes(tmp_path):
    data, _ = BROKEN["cut-mid-character.csv"]
    (tmp_path / "cut.csv").write_bytes(data)
    issue = only(read_file(tmp_path / "cut.csv").report.issues, "bad-encoding")[0]
    assert (issue.row, issue.column, issue.value) == (3, "unit1", "千\\xe5\\x85")  # 克 lost its last byte
    assert "cut short" in issue.message
    assert "鍗" not in str(issue)  # the bytes read as GBK, which is what the old reader showed (through the CLI above)


def test_damage_in_the_middle_of_a_utf8_file_is_not_read_as_gbk(tmp_path):
    lines = ["month,flow,value_cny,unit1"] + [f"2025{m:02d},export,{m},千克" for m in range(1, 13)]
    data = "\n".join(lines).encode() + b"\n"
    data = data.replace("千克".encode(), "千".encode() + b"\xe5,", 1)  # row 2: a character lost two bytes
    (tmp_path / "mid.csv").write_bytes(data)
    issue = only(read_file(tmp_path / "mid.csv").report.issues, "bad-encoding")[0]
    assert (issue.row, issue.column) == (2, "unit1") and "cut short" not in issue.message


def test_a_gbk_file_behind_a_long_ascii_head_is_still_read_as_gbk(tmp_path):
    """The damage rule must not take GBK for broken UTF-8: here a fifth of its characters are valid UTF-8."""
    head = "".join(f"2024{m % 12 + 1:02d},export,{m}\n" for m in range(6000))  # > 64 KB of ASCII
    words = "中华人民共和国海关总署青海省进出口商品千克头台套件" * 20
    path = tmp_path / "late.csv"
    path.write_bytes(("a,b,c\n" + head + f"1,{words},2\n").encode("gbk"))
    table = read_text_table(path)
    assert table.encoding == "gb18030" and table.column("b").to_pylist()[-1] == words


@pytest.mark.parametrize("name", ["cut.csv.gz", "not-gzip.csv.gz", "csv.parquet", "cut.parquet", "flipped.parquet"])
def test_file_level_problems_name_the_file_and_say_what_to_do(tmp_path, name):
    data, code = BROKEN[name]
    (tmp_path / name).write_bytes(data)
    [issue] = read_file(tmp_path / name).report.errors
    assert issue.code == code and issue.row is None
    assert any(hint in issue.message for hint in ("again", "rename", "not a readable gzip", "damaged"))


def test_a_cell_over_the_field_limit_is_located_on_both_paths(tmp_path):
    for name, row, column in (("huge-cell.csv", 2, "unit1"), ("huge-cell-exact.csv", 3, None)):
        (tmp_path / name).write_bytes(BROKEN[name][0])
        [issue] = read_file(tmp_path / name).report.errors
        assert (issue.code, issue.row, issue.column) == ("field-too-long", row, column)
        assert issue.value is None or len(issue.value) < 300
