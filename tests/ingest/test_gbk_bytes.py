"""GBK split as raw bytes and decoded per distinct cell (`readers/bytecolumns.py`) reads exactly what
decoding the whole text does: the same cells and rows, and the same error where a byte does not decode."""

import pyarrow as pa
import pytest

from waimao.ingest.readers import textfile
from waimao.ingest.readers.bytecolumns import is_ascii
from waimao.ingest.readers.textfile import UnreadableText, read_text_table

HEADER = "数据年月,商品编码,贸易伙伴编码,贸易方式编码,注册地编码,第一数量,第一计量单位,人民币,\r\n"
ROWS = [
    '202501,01012100,101,10,63,12,千克,"1,234",\r\n',
    '202501,01012200,142,10,63,5,"台\n套","5,678",\r\n',  # a quoted line break inside a Chinese cell
    "202501,01012300,142,10,63,7,𠀀,99,\r\n",  # a four-byte GB18030 character
    ",,,,,,,,\r\n",  # a blank record
    "202502,01012100,101,10,63,3,个,12,\r\n",
]


def _write(path, text: str | bytes) -> None:
    path.write_bytes(text if isinstance(text, bytes) else text.encode("gb18030"))


def _cells(table) -> tuple:
    return table.header, [c.to_pylist() for c in table.columns], table.rows.to_pylist(), table.trailing_comma


def test_byte_path_reads_what_the_csv_module_reads(tmp_path):
    path = tmp_path / "青海_出口_2025M01.csv"
    _write(path, HEADER + "".join(ROWS * 3))
    fast, exact = read_text_table(path), read_text_table(path, fast=False)
    assert fast.encoding == "gb18030"
    assert _cells(fast) == _cells(exact)
    assert fast.column("第一计量单位").to_pylist()[:3] == ["千克", "台\n套", "𠀀"]


def test_byte_path_is_taken_for_gbk(tmp_path, monkeypatch):
    path = tmp_path / "青海_出口_2025M01.csv"
    _write(path, HEADER + "".join(ROWS))
    monkeypatch.setattr(textfile, "_Utf8Stream", _refuse_decoding(textfile._Utf8Stream))
    assert read_text_table(path).num_rows == 4


def _refuse_decoding(stream):
    def make(path, encoding, progress):
        assert encoding is None, "GBK must not be decoded as a stream"
        return stream(path, encoding, progress)
    return make


@pytest.mark.parametrize("where", ["header", "cell", "end"])
def test_an_undecodable_byte_fails_as_when_decoding_the_whole_text(tmp_path, monkeypatch, where):
    data = (HEADER + "".join(ROWS)).encode("gb18030")
    if where == "header":
        data = data.replace("人民币".encode("gb18030"), b"\xff\xfe\xff", 1)
    elif where == "cell":
        data = data.replace("个".encode("gb18030"), b"\x81,", 1)
    else:
        data += b"\x81"
    path = tmp_path / "青海_出口_2025M01.csv"
    _write(path, data)
    with pytest.raises(UnreadableText) as fast:
        read_text_table(path)
    monkeypatch.setattr(textfile, "_read_fast_bytes", lambda *a: textfile._NOT_HEADER)  # the decoding path
    with pytest.raises(UnreadableText) as decoded:
        read_text_table(path)
    assert (str(fast.value), fast.value.row, fast.value.column, fast.value.value) == \
        (str(decoded.value), decoded.value.row, decoded.value.column, decoded.value.value)


def test_blank_lines_before_the_header_take_the_decoding_path(tmp_path):
    path = tmp_path / "青海_出口_2025M01.csv"
    _write(path, "\r\n" + HEADER + "".join(ROWS))
    assert _cells(read_text_table(path)) == _cells(read_text_table(path, fast=False))


def test_is_ascii_looks_only_at_the_slice():
    values = pa.array([b"\xc7\xa7", b"12", b"34"], pa.binary())
    assert not is_ascii(values)
    assert is_ascii(values.slice(1))
    assert not is_ascii(values.slice(0, 1))
    assert is_ascii(pa.array([b"", b""], pa.binary()))
