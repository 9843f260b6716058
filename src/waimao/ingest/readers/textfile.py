"""Decoding and splitting delimited text files into string columns, the same way for every reader.

Chinese customs files come as GBK/GB18030 or UTF-8 (with or without BOM), quoted fields may
hold newlines, and platform lines end with a trailing comma. Everything is read as *strings*
so that codes keep their leading zeros; typing happens later in `waimao.ingest.checks`.

Two paths give the same result. The fast one is `pyarrow.csv` (blocks parsed in parallel, a
million rows in about a second). When that path finds a line with the wrong number of fields
it stops, because after a skipped line its positions no longer match spreadsheet rows; the
file is then read again with the `csv` module, which knows the exact row of every record and
hands the bad lines back (`TextTable.ragged`) for the reader to report or repair.

What cannot be read is raised, never half-read: `UnreadableText` (the bytes are not text in an
encoding we accept, located at the first undecodable byte) and `BadFile` (a damaged .gz, a cell
over FIELD_LIMIT), each turned into a coded issue by the readers.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from waimao.ingest.arrays import EMPTY_TEXT, integers, scalar, strings
from waimao.ingest.readers.bytecolumns import decode_columns

Progress = Callable[[int, int], None]

_SNIFF_BYTES = 1 << 16
_BLOCK = 1 << 22
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
#: The longest cell, in bytes, on both paths: the `csv` module's own limit. A longer cell is
#: nearly always an unclosed quote that swallowed the rest of the file.
FIELD_LIMIT = 131072
#: Up to this many bytes before an undecodable byte are parsed again to name its row and column.
_LOCATE_LIMIT = 1 << 25


class UnreadableText(Exception):
    """The bytes are not text in an encoding we accept; the message says why, for `bad-encoding`.

    `row`, `column` and `value` locate the first undecodable byte when it is known.
    """

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None,
                 value: str | None = None):
        super().__init__(message)
        self.row, self.column, self.value = row, column, value


class BadFile(Exception):
    """The file cannot be read to its end (a damaged .gz, a cell over FIELD_LIMIT); `code` is the issue code."""

    def __init__(self, code: str, message: str, *, row: int | None = None, column: str | None = None,
                 value: str | None = None):
        super().__init__(message)
        self.code, self.row, self.column, self.value = code, row, column, value


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


@contextmanager
def _gzip_errors(path: Path) -> Iterator[None]:
    """A damaged or fake .gz, wherever it is read (also inside pyarrow's reading thread), as `BadFile`."""
    try:
        yield
    except EOFError:
        raise BadFile("bad-file", f"{path.name} is cut short: the compressed data end before the end marker "
                      "(download or copy it again)") from None
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise BadFile("bad-file", f"{path.name} is named .gz but is not a readable gzip file ({exc})") from None


def sniff_encoding(path: Path) -> str:
    """'utf-8', 'utf-16' or 'gb18030' from the first bytes; raises UnreadableText.

    Pure ASCII is reported as UTF-8; if GBK bytes turn up later the readers retry with GB18030.
    GB18030 is chosen over GBK because it decodes every GBK file and a few more characters.
    """
    head = _head_bytes(path)
    if head.startswith(_WORKBOOK_MAGIC):
        raise UnreadableText("this is an Excel workbook, not a CSV file: save it as CSV (UTF-8 or GBK) first")
    if head.startswith(b"PAR1"):
        raise UnreadableText("this is a Parquet file, not a text file: name it .parquet")
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
            if encoding == "utf-8" and _looks_damaged(*_utf8_counts([head], final=False)):
                return encoding  # damaged UTF-8: the reader fails on it and says where
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
    """Read a whole delimited file as strings. Raises UnreadableText for undecodable bytes, BadFile.

    pyarrow reads it unless a line has the wrong number of fields; then the `csv` module reads
    it again, so that the reader can locate and repair ragged lines. `fast=False` goes straight
    to the `csv` module. A file whose head is UTF-8 but that fails further down is read again as
    GB18030 (a GBK file with an ASCII head), unless the file is evidently damaged UTF-8.
    """
    with _gzip_errors(path):
        encoding = sniff_encoding(path)
        header, delimiter = read_header(path, encoding, delimiter)
        if not header:
            return TextTable([], [], integers([]), encoding, delimiter=delimiter)
        attempts = [encoding] if encoding != "utf-8" else ["utf-8", "gb18030"]
        for attempt in attempts:
            try:
                table = _read_fast(path, attempt, header, delimiter, progress) if fast else None
                if table is None:
                    table = _read_exact(path, attempt, header, delimiter, progress)
                table.delimiter = delimiter
                return _drop_trailing_empty_column(table)
            except (UnicodeDecodeError, _InvalidUtf8):
                if attempt == attempts[-1] or _damaged_utf8(path):
                    raise _undecodable(path, attempt, header, delimiter) from None
    raise AssertionError("the last attempt returns or raises")  # pragma: no cover


# --- fast path: pyarrow ---------------------------------------------------------------------


class _InvalidUtf8(Exception):
    pass


def _read_fast(path: Path, encoding: str, header: list[str], delimiter: str,
               progress: Progress | None) -> TextTable | None:
    """None when pyarrow cannot read it (a line with the wrong number of fields): the exact path will."""
    if encoding == "gb18030":
        table = _read_fast_bytes(path, encoding, header, delimiter, progress)
        if table is not _NOT_HEADER:
            return table
    names = [f"f{i}" for i in range(len(header))]

    # no invalid_row_handler: pyarrow's default stops at a ragged line, and a Python handler made
    # pyarrow print a traceback when the line held bytes that are not UTF-8
    read_options = pacsv.ReadOptions(column_names=names, skip_rows_after_names=1, block_size=_BLOCK)
    parse_options = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False)
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
    rows = integers(np.arange(2, table.num_rows + 2))
    _check_field_sizes(header, table.columns, rows)
    return _drop_blank_records(TextTable(list(header), list(table.columns), rows, encoding))


_NOT_HEADER = object()


def _read_fast_bytes(path: Path, encoding: str, header: list[str], delimiter: str,
                     progress: Progress | None) -> TextTable | object | None:
    """GB18030 split into cells as raw bytes, each distinct cell decoded once (`bytecolumns` says why
    that is exact); None for a ragged line, as on the decoding path; `_NOT_HEADER` when the first
    record is not the header `read_header` found (blank lines before it): the decoding path decides.

    The header is read as a record here, not skipped, so that its bytes are decoded strictly too.
    Raises UnicodeDecodeError where the whole text would not decode.
    """
    names = [f"f{i}" for i in range(len(header))]
    read_options = pacsv.ReadOptions(column_names=names, block_size=_BLOCK)
    parse_options = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False)
    convert_options = pacsv.ConvertOptions(column_types={n: pa.binary() for n in names},
                                           strings_can_be_null=False, quoted_strings_can_be_null=False)
    source = _Utf8Stream(path, None, progress)
    try:
        table = pacsv.read_csv(source, read_options, parse_options, convert_options)
    except pa.ArrowInvalid:
        return None
    finally:
        source.close()
    if table.num_rows == 0 or [c[0].as_py().decode(encoding) for c in table.columns] != list(header):
        return _NOT_HEADER
    columns = decode_columns([c.slice(1) for c in table.columns], encoding)
    rows = integers(np.arange(2, table.num_rows + 1))
    _check_field_sizes(header, columns, rows)
    return _drop_blank_records(TextTable(list(header), columns, rows, encoding))


def _check_field_sizes(header: list[str], columns: list[pa.ChunkedArray], rows: pa.Array) -> None:
    """The `csv` module's field limit, applied on the fast path too, so both paths agree."""
    first = None
    for name, column in zip(header, columns):
        over = pc.greater(pc.binary_length(column), scalar(FIELD_LIMIT, pa.int64()))
        if pc.any(over).as_py():
            at = pc.index(over, True).as_py()
            if first is None or at < first[0]:
                first = (at, name, column[at].as_py())
    if first is not None:
        at, name, value = first
        raise _too_long(rows[at].as_py(), name, value)


def _too_long(row: int, column: str | None, value: str | None) -> BadFile:
    return BadFile("field-too-long", f"a cell of row {row:,} is longer than {FIELD_LIMIT:,} bytes: usually a quote "
                   "that is never closed, so the rest of the file became one cell", row=row, column=column,
                   value=value)


class _Utf8Stream(io.RawIOBase):
    """The file's text as UTF-8 bytes for pyarrow, calling `progress(bytes_read, size)` as it goes.

    GBK is decoded here, in blocks of megabytes: pyarrow's own transcoding takes about twice as
    long for the same file. Gzip is undone here too. `encoding=None` passes the bytes as they are.
    """

    def __init__(self, path: Path, encoding: str | None, progress: Progress | None):
        super().__init__()
        self._path = path
        self._file = open(path, "rb")  # closed by close()
        self._raw = gzip.GzipFile(fileobj=self._file) if is_gzip(path) else self._file
        self._decoder = None if encoding in (None, "utf-8") else codecs.getincrementaldecoder(encoding)()
        self._pending = b""
        self._eof = False
        self._progress = progress
        self._size = path.stat().st_size

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._decoder is None and not self._pending:  # bytes as they are: no copy into `_pending`
            with _gzip_errors(self._path):
                block = self._raw.read(size)
            if self._progress:
                self._progress(self._file.tell(), self._size)
            return block
        while not self._eof and (size < 0 or len(self._pending) < size):
            with _gzip_errors(self._path):  # raised in pyarrow's thread, re-raised by read_csv
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
        empty = pc.equal(pc.utf8_trim_whitespace(column), EMPTY_TEXT)
        blank = empty if blank is None else pc.and_(blank, empty)
        if not pc.any(blank).as_py():  # usually known after the first column: no record is blank
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
    records = _records(path, encoding, delimiter, progress)
    row = 1
    while True:
        try:
            row, record = next(records)
        except StopIteration:
            break
        except csv.Error as exc:  # the only one with strict=False: a field over the limit
            if "field limit" in str(exc):
                raise _too_long(row + 1, None, None) from None
            raise BadFile("bad-file", f"row {row + 1:,} cannot be read as CSV ({exc})", row=row + 1) from None
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
    columns = [pa.chunked_array([strings(v)]) for v in values]
    return TextTable(list(header), columns, integers(rows), encoding, ragged)


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
        if table.num_rows == 0 or pc.all(pc.equal(pc.utf8_trim_whitespace(last), EMPTY_TEXT)).as_py():
            table.header = table.header[:-1]
            table.columns = table.columns[:-1]
            table.trailing_comma = True
    return table


def _head_bytes(path: Path) -> bytes:
    with _text_bytes(path) as f:
        return f.read(_SNIFF_BYTES)


@contextmanager
def _text_bytes(path: Path) -> Iterator[io.BufferedIOBase]:
    """The file's bytes, decompressed when it is a .gz; gzip errors become `BadFile`."""
    with _gzip_errors(path), open(path, "rb") as raw:
        yield gzip.GzipFile(fileobj=raw) if is_gzip(path) else raw


# --- undecodable bytes ----------------------------------------------------------------------

_ESCAPED = re.compile("[\udc80-\udcff]+")  # undecodable bytes, as surrogateescape gives them
_WIDE = re.compile("[^\x00-\x7f\udc80-\udcff]")  # characters that took several UTF-8 bytes


def _damaged_utf8(path: Path) -> bool:
    """Whether a file that fails as UTF-8 is damaged UTF-8 rather than GBK behind an ASCII head."""
    with _text_bytes(path) as f:
        return _looks_damaged(*_utf8_counts(iter(lambda: f.read(_BLOCK), b""), final=True))


def _utf8_counts(blocks, *, final: bool) -> tuple[int, int, bool]:
    """(multi-byte characters, undecodable spots, whether the text ends in the middle of a character)."""
    good = bad = 0
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    for block in blocks:
        text = decoder.decode(block)
        good += len(_WIDE.findall(text))
        bad += len(_ESCAPED.findall(text))
    cut = final and bool(_ESCAPED.fullmatch(decoder.decode(b"", final=True)))
    return good, bad + cut, cut


def _looks_damaged(good: int, bad: int, cut: bool) -> bool:
    """Damaged UTF-8 rather than GBK: read as UTF-8, a GBK text fails at nearly every Chinese
    character (fewer than one in ten happen to be valid UTF-8), while a damaged or cut UTF-8 file
    has many good multi-byte characters and one or a few bad spots. Read as GB18030, the damaged
    file would load with garbled text."""
    return (good >= 4 * bad and good >= 4) or (cut and bad == 1)


def _undecodable(path: Path, encoding: str, header: list[str], delimiter: str) -> UnreadableText:
    """The first byte `encoding` cannot decode, located by row and column, as UnreadableText."""
    decoder = codecs.getincrementaldecoder(encoding)()
    done, data, error = 0, b"", None
    with _text_bytes(path) as f:
        while error is None:
            block = f.read(_BLOCK)
            pending = decoder.getstate()[0]
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                error = (done - len(pending) + exc.start, (pending + block)[exc.start:exc.end], not block)
            if not block:
                break
            if done < _LOCATE_LIMIT:
                data += block
            done += len(block)
    name = {"utf-8": "UTF-8", "utf-16": "UTF-16", "gb18030": "GBK/GB18030"}.get(encoding, encoding)
    what = ("damaged UTF-8" if encoding == "utf-8" else
            "neither UTF-8 nor GBK/GB18030" if encoding == "gb18030" else f"damaged {name}")
    if error is None:  # pragma: no cover - the reader failed, so some byte does not decode
        return UnreadableText(f"the text is {what}")
    offset, bad, at_end = error
    shown = "".join(f"\\x{b:02x}" for b in bad)
    cut = " (the file ends in the middle of a character: it was cut short)" if at_end else ""
    if offset > _LOCATE_LIMIT:
        return UnreadableText(f"the text is {what}: bytes {shown} at byte {offset:,} cannot be decoded{cut}")
    prefix = data[:offset].decode(encoding, errors="replace").lstrip("\ufeff")
    row, record = _last_record(prefix, delimiter)
    column = header[len(record) - 1] if 0 < len(record) <= len(header) else None
    value = (record[-1] if record else "") + shown
    return UnreadableText(f"the text is {what}: bytes {shown} in row {row:,} cannot be decoded as {name}{cut}; "
                          "save or download the file again", row=row, column=column, value=value)


def _last_record(prefix: str, delimiter: str) -> tuple[int, list[str]]:
    """The spreadsheet row and the fields so far of the record that `prefix` ends in."""
    row, record = 0, []
    try:
        for row, record in enumerate(csv.reader(io.StringIO(prefix, newline=""), delimiter=delimiter), start=1):
            pass
    except csv.Error:
        pass
    if not prefix or prefix.endswith(("\n", "\r")):
        return row + 1, [""]
    return max(row, 1), record
