"""Valid input files of every kind, and Hypothesis strategies that damage them like real files break.

A base is a small file that loads: a platform download (GBK, quoted names, trailing commas), a
canonical CSV, a canonical Parquet file (typed columns), a UN Comtrade CSV from the API's
DataFrame and a Comtrade bulk TSV, each optionally gzipped. `sample(slot)` draws one base and
damages it at three levels — its cells (odd and huge numbers, formulas, NUL, long cells, extra,
duplicated or missing columns and rows), its text (CRLF, BOM, stray quotes, long lines, another
encoding) and its bytes (flips, cuts, insertions; before or after gzip) — and may give it the
wrong extension. Every random choice is a Hypothesis draw, so failures shrink and replay.

The slot number sets the year of the file's months, so the files of one CLI run do not overlap
one another in the warehouse (that would refuse them with `overlapping-load`, which is coded but
hides what the reader did).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import strategies as st


@dataclass(frozen=True)
class Sample:
    """One file as a user would hand it over: a name and its bytes, and how it was made (for reports)."""

    name: str
    data: bytes
    recipe: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Sample({self.name!r}, {len(self.data):,} bytes, {' + '.join(self.recipe)})"

    def _repr_pretty_(self, printer, cycle) -> None:  # what Hypothesis prints for a failing example
        printer.text(repr(self))


@dataclass(frozen=True)
class Base:
    kind: str
    name: str
    header: list[str]
    rows: list[list[str]]
    encoding: str = "utf-8"
    delimiter: str = ","
    trailing: bool = False  # the platform ends every line with a comma
    quote_all: bool = False
    numbers: tuple[str, ...] = ()  # the number columns: where odd numbers go
    recipe: tuple[str, ...] = field(default=())


def platform(year: int) -> Base:
    """A 分月展示 download grouped by 注册地, partner and HS code (so flow and period come from the name)."""
    header = ["数据年月", "注册地编码", "注册地名称", "贸易伙伴编码", "贸易伙伴名称", "商品编码", "商品名称", "第一数量",
              "第一计量单位", "美元"]
    rows = [[f"{year}01", "63", "青海省", "344", "俄罗斯联邦", "85076000", "锂离子蓄电池", "1,234", "千克", "1,234,567"],
            [f"{year}02", "63", "青海省", "133", "韩国", "85076000", "锂离子蓄电池", "12", "千克", "98,765"],
            [f"{year}03", "63", "青海省", "344", "俄罗斯联邦", "01012100", "改良种用马", "2", "头", "5000"]]
    return Base("gacc", f"青海_出口_{year}Q1.csv", header, rows, encoding="gbk", trailing=True, quote_all=True,
                numbers=("第一数量", "美元"))


def canonical(year: int, suffix: str = ".csv") -> Base:
    header = ["month", "flow", "region", "partner", "product", "trade_mode", "enterprise_type", "value_cny",
              "value_usd", "qty1", "unit1", "商品名称"]
    rows = [[f"{year}-01", "export", "63019", "344", "85076000", "0110", "民营企业", "1234567.89", "171234.5", "1000",
             "千克", "锂电池"],
            [f"{year}-01", "import", "63019", "344", "85076000", "0110", "民营企业", "55.5", "7.7", "3", "千克", "锂电池"],
            [f"{year}-02", "export", "63012", "133", "01012100", "1233", "外商投资企业", "1e3", "", "2", "头", "马"]]
    return Base("canonical", f"records_{year}{suffix}", header, rows, numbers=("value_cny", "value_usd", "qty1"))


COMTRADE_KEYS = ["typeCode", "freqCode", "refPeriodId", "refYear", "refMonth", "period", "reporterCode", "reporterISO",
                 "reporterDesc", "flowCode", "flowDesc", "partnerCode", "partnerISO", "partnerDesc", "partner2Code",
                 "cmdCode", "customsCode", "motCode", "qtyUnitCode", "qtyUnitAbbr", "qty", "netWgt", "primaryValue"]


def _comtrade_rows(year: int) -> list[list[str]]:
    def row(flow, partner, iso, cmd, value, month):
        return ["C", "M", f"{year}{month:02d}01", str(year), str(month), f"{year}{month:02d}", "156", "CHN", "China",
                flow, "x", partner, iso, "p", "0", cmd, "C00", "0", "8", "kg", "10.0", "10.0", value]
    return [row("X", "643", "RUS", "850760", "3000.0", 1), row("X", "0", "W00", "850760", "5000.0", 1),
            row("M", "842", "USA", "850760", "77.5", 1), row("RX", "643", "RUS", "850760", "10.0", 2),
            row("M", "490", "S19", "010121", "1.5E+06", 2)]


def comtrade_api(year: int) -> Base:
    """The CSV that comtradeapicall's DataFrame.to_csv() writes: an unnamed index column first."""
    rows = [[str(i), *r] for i, r in enumerate(_comtrade_rows(year))]
    return Base("comtrade", f"comtrade_{year}.csv", ["", *COMTRADE_KEYS], rows,
                numbers=("qty", "netWgt", "primaryValue"))


def comtrade_bulk(year: int) -> Base:
    header = [k.lower() if k in ("qty", "netWgt") else k for k in COMTRADE_KEYS]
    return Base("comtrade", f"bulk_{year}.txt", header, _comtrade_rows(year), delimiter="\t",
                numbers=("qty", "netwgt", "primaryValue"))


TEXT_BASES = (platform, canonical, comtrade_api, comtrade_bulk)


def serialize(base: Base) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=base.delimiter, lineterminator="\n",
                        quoting=csv.QUOTE_ALL if base.quote_all else csv.QUOTE_MINIMAL)
    for record in [base.header, *base.rows]:
        writer.writerow([*record, ""] if base.trailing else record)
    return out.getvalue()


def text_bytes(base: Base) -> bytes:
    return serialize(base).encode(base.encoding, errors="replace")


# --- Parquet: the canonical grid with typed columns ------------------------------------------------


def _typed(name: str, values: list[str], how: str) -> pa.Array:
    """A column of the grid as the Parquet type `how`; a value that does not convert stays text."""
    try:
        if how == "float":
            return pa.array([float(v.replace(",", "")) if v else None for v in values], pa.float64())
        if how == "int":
            return pa.array([int(v) if v else None for v in values], pa.int64())
        if how == "decimal":
            return pa.array([Decimal(v.replace(",", "")) if v else None for v in values], pa.decimal128(38, 10))
        if how == "decimal256":
            return pa.array([Decimal(v.replace(",", "")) if v else None for v in values], pa.decimal256(76, 20))
        if how == "date":
            return pa.array([dt.date(int(v[:4]), int(v[5:7]), 1) for v in values], pa.date32())
        if how == "timestamp":
            return pa.array([dt.datetime(int(v[:4]), int(v[5:7]), 1) for v in values], pa.timestamp("ms", "UTC"))
        if how == "dictionary":
            return pa.array(values, pa.string()).dictionary_encode()
        if how == "list":
            return pa.array([[v] for v in values], pa.list_(pa.string()))
        if how == "struct":
            return pa.array([{"v": v} for v in values], pa.struct([("v", pa.string())]))
        if how == "binary":
            return pa.array([v.encode("utf-8") for v in values], pa.binary())
    except (ValueError, TypeError, ArithmeticError, IndexError, pa.ArrowException):
        pass
    return pa.array(values, pa.string())


#: Typed values at the edges of what Arrow and Python can hold (a column replaced by one of them).
EXTREMES = {
    "timestamp-far": lambda n: pa.array([10**15] * n, pa.timestamp("s")),
    "timestamp-tz-negative": lambda n: pa.array([-(10**17)] * n, pa.timestamp("ms", "Asia/Shanghai")),
    "date64-between-days": lambda n: pa.array([10**17 + 1] * n, pa.date64()),
    "date32-max": lambda n: pa.array([2**31 - 1] * n, pa.date32()),
    "uint64-max": lambda n: pa.array([2**64 - 1] * n, pa.uint64()),
    "int8": lambda n: pa.array([-128] * n, pa.int8()),
    "float16": lambda n: pa.array([65504.0] * n, pa.float16()),
    "float-nan-inf": lambda n: pa.array([float("nan"), float("inf"), 5e-324, 1e308][:n] + [1.0] * max(n - 4, 0)),
    "decimal256-max": lambda n: pa.array([Decimal("9" * 76)] * n, pa.decimal256(76, 0)),
    "bool": lambda n: pa.array([True] * n),
    "null": lambda n: pa.nulls(n),
    "large-string": lambda n: pa.array(["202501"] * n, pa.large_string()),
    "time32": lambda n: pa.array([1] * n, pa.time32("s")),
    "duration": lambda n: pa.array([1] * n, pa.duration("s")),
    "map": lambda n: pa.array([[("a", 1)]] * n, pa.map_(pa.string(), pa.int64())),
    "fixed-binary": lambda n: pa.array([b"\xff\xfe"] * n, pa.binary(2)),
}


def parquet_bytes(base: Base, types: dict[str, str]) -> bytes:
    width = len(base.header)
    columns = [[(row[i] if i < len(row) else "") for row in base.rows] for i in range(width)]
    arrays = [EXTREMES[types[name]](len(values)) if types.get(name) in EXTREMES else
              _typed(name, values, types.get(name, "string")) for name, values in zip(base.header, columns)]
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(arrays, names=list(base.header)), sink)  # duplicate names are allowed
    return sink.getvalue()


# --- strategies ---------------------------------------------------------------------------------------

#: Numbers as people, spreadsheets and programs write them, and as attackers do.
ODD_NUMBERS = ["1e-999999999", "1e999999999", "1E+308", "1.7976931348623157e+308", "5e-324", "-0", "0e0", ".", "-",
               "1,2,3", "1,,234", "1.2.3", "１２３", "١٢٣", "NaN", "inf", "-inf", "0x10", "1_000", " 12 ", "9" * 16,
               "9" * 17, "9999999999999999.995", "99999999999999999.9995", "0.005", "0.0005", "1e-5", "+5", "1e", "e5",
               "1e+", ".5e-3", "1" * 70, "0." + "0" * 60 + "1", "1e-99999999999999999999999", "(1,234)", "1 234",
               "12%", "$5", "¥5", "5元"]
numbers = st.one_of(
    st.sampled_from(ODD_NUMBERS),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.from_regex(r"\A[+-]?\d{0,20}(\.\d{0,12})?([eE][+-]?\d{1,12})?\Z"),
)
formulas = st.sampled_from(["=1+1", '=HYPERLINK("http://x","y")', "@SUM(1)", "+1+1", "-1+1", "=cmd|' /C calc'!A0",
                            "=1/0", "#N/A", "#VALUE!", "TRUE"])
#: Lengths around every bound: a number (64), a code (32), a text (256), the field limit (131,072),
#: pyarrow's block (4 MiB, past which a cell straddles blocks and the exact path reads the file).
long_sizes = st.sampled_from([33, 33, 65, 65, 257, 257, 70_000, 131_073, 200_000, 4_300_000])


def _cell(draw, base: Base) -> tuple[int, int]:
    if not base.rows:
        return -1, -1
    return draw(st.integers(0, len(base.rows) - 1)), draw(st.integers(0, len(base.header) - 1))


def _set(base: Base, at: tuple[int, int], value: str) -> Base:
    r, c = at
    if r < 0:
        return base
    rows = [list(row) for row in base.rows]
    while len(rows[r]) <= c:
        rows[r].append("")
    rows[r][c] = value
    return replace(base, rows=rows)


def _number_cell(draw, base: Base) -> tuple[int, int]:
    columns = [i for i, h in enumerate(base.header) if h in base.numbers] or list(range(len(base.header)))
    if not base.rows:
        return -1, -1
    return draw(st.integers(0, len(base.rows) - 1)), draw(st.sampled_from(columns))


def _grid_mutation(draw, base: Base) -> tuple[Base, str]:
    what = draw(st.sampled_from(["number"] * 6 + ["formula", "formula", "text", "text", "nul", "long", "long",
                                                  "dup-column", "extra-column", "drop-column", "dup-row",
                                                  "drop-row", "no-rows", "ragged", "blank-row",
                                                  "header-only-blank"]))
    header, rows = list(base.header), [list(r) for r in base.rows]
    if what in ("number", "formula", "text"):
        value = draw({"number": numbers, "formula": formulas, "text": st.text(max_size=12)}[what])
        at = _number_cell(draw, base) if what == "number" else _cell(draw, base)
        return _set(base, at, value), f"{what} {value[:40]!r}"
    if what == "nul":
        r, c = _cell(draw, base)
        old = rows[r][c] if r >= 0 and c < len(rows[r]) else ""
        return _set(base, (r, c), old[:1] + "\x00" + old[1:]), what
    if what == "long":
        size = draw(long_sizes)
        return _set(base, _number_cell(draw, base) if draw(st.booleans()) else _cell(draw, base),
                    draw(st.sampled_from(["9", "x", "中"])) * size), f"long-{size}"
    if what == "dup-column":
        c = draw(st.integers(0, len(header) - 1))
        return replace(base, header=[*header, header[c]], rows=[[*r, r[c] if c < len(r) else ""] for r in rows]), what
    if what == "extra-column":
        name = draw(st.sampled_from(["extra", "备注", "value_cny", "美元", "", "商品名称", "primaryValue", "month"]))
        cells = [draw(st.sampled_from(["", "1", "x"])) for _ in rows]
        return replace(base, header=[*header, name], rows=[[*r, c] for r, c in zip(rows, cells)]), what
    if what == "drop-column":
        c = draw(st.integers(0, len(header) - 1))
        return replace(base, header=header[:c] + header[c + 1:], rows=[r[:c] + r[c + 1:] for r in rows]), what
    if what == "dup-row" and rows:
        r = draw(st.integers(0, len(rows) - 1))
        return replace(base, rows=rows[:r + 1] + [rows[r]] + rows[r + 1:]), what
    if what == "drop-row" and rows:
        r = draw(st.integers(0, len(rows) - 1))
        return replace(base, rows=rows[:r] + rows[r + 1:]), what
    if what == "no-rows":
        return replace(base, rows=[]), what
    if what == "ragged" and rows:
        r = draw(st.integers(0, len(rows) - 1))
        rows[r] = rows[r][:-1] if draw(st.booleans()) else [*rows[r], "x"]
        return replace(base, rows=rows), what
    if what == "blank-row":
        return replace(base, rows=[*rows[:1], [""] * len(header), *rows[1:]]), what
    if what == "header-only-blank":
        return replace(base, header=[""] * len(header), rows=[]), what
    return base, what


def _text_mutation(draw, text: str) -> tuple[str, str]:
    what = draw(st.sampled_from(["crlf", "cr", "bom", "quote", "long-line", "blank-lines", "tabs", "empty"]))
    at = draw(st.integers(0, len(text)))
    if what == "crlf":
        return text.replace("\n", "\r\n"), what
    if what == "cr":
        return text.replace("\n", "\r"), what
    if what == "bom":
        return "\ufeff" + text, what
    if what == "quote":
        return text[:at] + '"' + text[at:], what
    if what == "long-line":
        size = draw(st.sampled_from([1_000, 70_000, 300_000]))
        return text[:at] + draw(st.sampled_from([",", "x", '"'])) * size + "\n" + text[at:], f"long-line-{size}"
    if what == "blank-lines":
        return text + "\n\n\n", what
    if what == "tabs":
        return text.replace(",", "\t"), what
    return "", what


def _byte_mutation(draw, data: bytes) -> tuple[bytes, str]:
    what = draw(st.sampled_from(["flip", "flip", "cut", "insert", "delete", "nul"]))
    if not data:
        return data, what
    at = draw(st.integers(0, len(data) - 1))
    if what == "flip":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            out[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
        return bytes(out), what
    if what == "cut":
        return data[:at], what
    if what == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:], what
    if what == "delete":
        return data[:at] + data[at + draw(st.integers(1, 16)):], what
    return data[:at] + b"\x00" + data[at:], what


ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "big5", "latin-1", "shift_jis"]
PARQUET_TYPES = ["string", "float", "int", "decimal", "decimal256", "dictionary", "binary", "list", "struct"]


def _some(draw, weights: list[int]) -> int:
    """A small count drawn with the given weights (Hypothesis's own integers favour the extremes)."""
    return draw(st.sampled_from([n for n, weight in enumerate(weights) for _ in range(weight)]))


@st.composite
def sample(draw, slot: int) -> Sample:
    """One damaged (or, sometimes, intact) file of any kind for the run's `slot`.

    The weights keep about a third of the files loadable, so that both sides of the property are
    exercised: damage that a reader must survive and still load (odd but valid numbers, BOM, CRLF,
    another encoding, a descriptive column) as well as damage it must refuse.
    """
    year = 2001 + slot
    kind = draw(st.sampled_from(["gacc", "canonical", "parquet", "comtrade-api", "comtrade-bulk"]))
    base = {"gacc": platform, "canonical": canonical, "comtrade-api": comtrade_api, "comtrade-bulk": comtrade_bulk,
            "parquet": lambda y: canonical(y, ".parquet")}[kind](year)
    recipe = [kind]
    for _ in range(_some(draw, [2, 4, 2, 1])):
        base, step = _grid_mutation(draw, base)
        recipe.append(step)
    if kind == "parquet":
        types = {name: draw(st.sampled_from(PARQUET_TYPES)) for name in base.header if _some(draw, [3, 1])}
        if _some(draw, [3, 1]):
            types[draw(st.sampled_from(base.header))] = draw(st.sampled_from(list(EXTREMES)))
        if _some(draw, [1, 1]):
            types["month"] = draw(st.sampled_from(["string", "date", "timestamp"]))
        recipe.append(f"types {types}")
        data = parquet_bytes(base, types)
    else:
        text = serialize(base)
        for _ in range(_some(draw, [5, 3, 1])):
            text, step = _text_mutation(draw, text)
            recipe.append(step)
        encoding = draw(st.sampled_from(ENCODINGS)) if _some(draw, [3, 1]) else base.encoding
        recipe.append(encoding)
        data = text.encode(encoding, errors="replace")
    name = base.name
    gz = kind != "parquet" and _some(draw, [4, 1])
    for stage in (["plain", "gzip"] if gz else ["plain"]):
        if stage == "gzip":
            data, name = gzip.compress(data, mtime=0), name + ".gz"
            recipe.append("gzip")
        for _ in range(_some(draw, [6, 2, 1])):
            data, step = _byte_mutation(draw, data)
            recipe.append(step)
    if _some(draw, [14, 1]):  # the wrong extension: a CSV named .parquet, Parquet named .csv, a fake .gz
        name = name.rsplit(".", 1)[0] + draw(st.sampled_from([".parquet", ".csv", ".txt.gz", ".csv.gz"]))
        recipe.append(f"renamed {name}")
    return Sample(f"f{slot:02d}_{name}", data, tuple(recipe))
