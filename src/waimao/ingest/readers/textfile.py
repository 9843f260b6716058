"""Decoding and splitting delimited text files into string columns, the same way for every reader.

Chinese customs files come as GBK/GB18030 or UTF-8 (with or without BOM), quoted fields may
hold newlines, and platform lines end with a trailing comma. Everything is read as *strings*
so that codes keep their leading zeros; typing happens later in `waimao.ingest.checks`.

Two paths give the same result. The fast one is `pyarrow.csv` (blocks parsed in parallel, a
million rows in about a second). When that path finds a line with the wrong number of fields
it stops, because after a skipped line its positions no longer match spreadsheet rows; the
file is then read again with the `csv` module, which knows the exact row of every record and
hands the bad lines back (`TextTable.ragged`) for the reader to report or repair.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

Progress = Callable[[int, int], None]

_SNIFF_BYTES = 1 << 16
_BLOCK = 1 << 22
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


class UnreadableText(Exception):
    """The bytes are not text in an encoding we accept; the message says why, for `bad-encoding`."""


@dataclass
class TextTable:
    """A delimited file as string columns, positions matching the header.

    `rows[i]` is the spreadsheet row of record i (the header is row 1; a quoted newline does
    not start a new row). Entirely blank records are dropped. When the header ends with an
    empty name (the platform's trailing comma) and that column is empty everywhere, it is
    dropped too.
    """

    header: list[str]
    columns: list[pa.ChunkedArray]
    rows: pa.Array
    encoding: str
    ragged: list[tuple[int, list[str]]] = field(default_factory=list)
    trailing_comma: bool = False  # lines end with a separator the header names nothing for
    delimiter: str = ","

    @property
    def num_rows(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> pa.ChunkedArray:
        return self.columns[self.header.index(name)]


def is_gzip(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def sniff_encoding(path: Path) -> str:
    """'utf-8', 'utf-16' or 'gb18030' from the first bytes; raises UnreadableText.

    Pure ASCII is reported as UTF-8; if GBK bytes turn up later the readers retry with GB18030.
    GB18030 is chosen over GBK because it decodes every GBK file and a few more characters.
    """
    head = _head_bytes(path)
    if head.startswith(_WORKBOOK_MAGIC):
        raise UnreadableText("this is an Excel workbook, not a CSV file: save it as CSV (UTF-8 or GBK) first")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.count(b"\x00") > len(head) // 100:  # a stray NUL in a name occurs in real platform files
        raise UnreadableText("the file is full of NUL bytes: it is binary (or UTF-16 without BOM), not a text file")
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableText("the text is neither UTF-8 nor GBK/GB18030")


def read_header(path: Path, encoding: str, delimiter: str | None = None) -> tuple[list[str], str]:
    """The header fields (raw, BOM removed) and the delimiter (',' or tab when not given)."""
    text = _head_bytes(path).decode(encoding, errors="replace").lstrip("\ufeff")
    if delimiter is None:
        first_line = text.split("\n", 1)[0]
        delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if any(cell.strip() for cell in record):
            return record, delimiter
    return [], delimiter


def read_text_table(path: Path, *, delimiter: str | None = None, progress: Progress | None = None,
                    fast: bool = True) -> TextTable:
    """Read a whole delimited file as strings. Raises UnreadableText for undecodable bytes.

    pyarrow reads it unless a line has the wrong number of fields; then the `csv` module reads
    it again, so that the reader can locate and repair ragged lines. `fast=False` goes straight
    to the `csv` module.
    """
    encoding = sniff_encoding(path)
    header, delimiter = read_header(path, encoding, delimiter)
    if not header:
        return TextTable([], [], pa.array([], pa.int64()), encoding, delimiter=delimiter)
    attempts = [encoding] if encoding != "utf-8" else ["utf-8", "gb18030"]
    last_error: Exception | None = None
    for attempt in attempts:
        try:
            table = _read_fast(path, attempt, header, delimiter, progress) if fast else None
            if table is None:
                table = _read_exact(path, attempt, header, delimiter, progress)
            table.delimiter = delimiter
            return _drop_trailing_empty_column(table)
        except (UnicodeDecodeError, _InvalidUtf8) as exc:
            last_error = exc
    raise UnreadableText(f"the text is neither UTF-8 nor GBK/GB18030 ({last_error})")


# --- fast path: pyarrow ---------------------------------------------------------------------


class _InvalidUtf8(Exception):
    pass


def _read_fast(path: Path, encoding: str, header: list[str], delimiter: str,
               progress: Progress | None) -> TextTable | None:
    """None when pyarrow cannot read it (a line with the wrong number of fields): the exact path will."""
    names = [f"f{i}" for i in range(len(header))]

    def on_ragged(row) -> str:
        return "error"  # exceptions raised here are swallowed by pyarrow; 'error' stops the read

    read_options = pacsv.ReadOptions(column_names=names, skip_rows_after_names=1, block_size=_BLOCK)
    parse_options = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                       ignore_empty_lines=False, invalid_row_handler=on_ragged)
    convert_options = pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                           strings_can_be_null=False, quoted_strings_can_be_null=False)
    source = _Utf8Stream(path, encoding, progress)
    try:
        table = pacsv.read_csv(source, read_options, parse_options, convert_options)  # blocks parsed on all cores
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) or "UTF-8" in str(exc):
            raise _InvalidUtf8(str(exc)) from None
        return None  # a ragged line, or a shape pyarrow cannot take (one line without a newline)
    finally:
        source.close()
    rows = pa.array(np.arange(2, table.num_rows + 2, dtype=np.int64))
    return _drop_blank_records(TextTable(list(header), list(table.columns), rows, encoding))


class _Utf8Stream(io.RawIOBase):
    """The file's text as UTF-8 bytes for pyarrow, calling `progress(bytes_read, size)` as it goes.

    GBK is decoded here, in blocks of megabytes: pyarrow's own transcoding takes about twice as
    long for the same file. Gzip is undone here too.
    """

    def __init__(self, path: Path, encoding: str, progress: Progress | None):
        super().__init__()
        self._file = open(path, "rb")  # closed by close()
        self._raw = gzip.GzipFile(fileobj=self._file) if is_gzip(path) else self._file
        self._decoder = None if encoding == "utf-8" else codecs.getincrementaldecoder(encoding)()
        self._pending = b""
        self._eof = False
        self._progress = progress
        self._size = path.stat().st_size

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while not self._eof and (size < 0 or len(self._pending) < size):
            block = self._raw.read(_BLOCK)
            self._eof = not block
            if self._decoder is not None:
                block = self._decoder.decode(block, final=self._eof).encode("utf-8")
            self._pending += block
            if self._progress:
                self._progress(self._file.tell(), self._size)
        size = len(self._pending) if size < 0 else size
        data, self._pending = self._pending[:size], self._pending[size:]
        return data

    def close(self) -> None:
        self._file.close()
        super().close()


def _drop_blank_records(table: TextTable) -> TextTable:
    if not table.columns or table.num_rows == 0:
        return table
    blank = None
    for column in table.columns:
        empty = pc.equal(pc.utf8_trim_whitespace(column), "")
        blank = empty if blank is None else pc.and_(blank, empty)
    if not pc.any(blank).as_py():
        return table
    keep = pc.invert(blank).combine_chunks()
    table.columns = [c.filter(keep) for c in table.columns]
    table.rows = table.rows.filter(keep)
    return table


# --- exact path: the csv module -------------------------------------------------------------


def _read_exact(path: Path, encoding: str, header: list[str], delimiter: str,
                progress: Progress | None) -> TextTable:
    width = len(header)
    trailing_empty = width > 1 and header[-1].strip() == ""
    values: list[list[str]] = [[] for _ in range(width)]
    rows: list[int] = []
    ragged: list[tuple[int, list[str]]] = []
    for row, record in _records(path, encoding, delimiter, progress):
        if row == 1 or not any(cell.strip() for cell in record):
            continue
        if len(record) == width - 1 and trailing_empty:
            record = [*record, ""]  # a line without the trailing comma the header has
        elif len(record) == width + 1 and record[-1] == "" and not trailing_empty:
            record = record[:-1]  # a trailing comma the header does not have
        if len(record) != width:
            ragged.append((row, record))
            continue
        rows.append(row)
        for i, cell in enumerate(record):
            values[i].append(cell)
    columns = [pa.chunked_array([pa.array(v, pa.string())]) for v in values]
    return TextTable(list(header), columns, pa.array(rows, pa.int64()), encoding, ragged)


def _records(path: Path, encoding: str, delimiter: str, progress: Progress | None) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row, fields) of every record, header included, decoding strictly."""
    total = path.stat().st_size
    with open(path, "rb") as raw:
        binary = gzip.GzipFile(fileobj=raw) if is_gzip(path) else raw
        text = io.TextIOWrapper(binary, encoding="utf-8-sig" if encoding == "utf-8" else encoding,
                                errors="strict", newline="")
        for row, record in enumerate(csv.reader(text, delimiter=delimiter), start=1):
            if progress and row % 20000 == 0:
                progress(raw.tell(), total)
            yield row, record
        if progress:
            progress(total, total)


# --- shared ---------------------------------------------------------------------------------


def _drop_trailing_empty_column(table: TextTable) -> TextTable:
    """The platform's trailing comma gives an unnamed last column that is empty everywhere."""
    if len(table.header) > 1 and table.header[-1].strip() == "":
        last = table.columns[-1]
        if table.num_rows == 0 or pc.all(pc.equal(pc.utf8_trim_whitespace(last), "")).as_py():
            table.header = table.header[:-1]
            table.columns = table.columns[:-1]
            table.trailing_comma = True
    return table


def _head_bytes(path: Path) -> bytes:
    if is_gzip(path):
        with gzip.open(path, "rb") as f:
            return f.read(_SNIFF_BYTES)
    with open(path, "rb") as f:
        return f.read(_SNIFF_BYTES)
