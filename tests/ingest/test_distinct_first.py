"""The fast paths of the cell checks give exactly what the row-by-row checks give (issue 17).

`waimao.ingest.distinct.parse_distinct_first` judges a text column on its distinct values and
falls back to the rows when they hold an issue; `numbers._plain_amounts` casts a column of plain
numbers without the twenty passes of the checking path. Both must be invisible: the same typed
table, the same issues (codes, rows, columns, values, messages), the same stats. The reference
here is the same reader with both fast paths switched off, i.e. the code that ran before them;
an independent plain-SQL reading of the file checks the loaded rows themselves.
"""

from __future__ import annotations

import csv
import io
import random
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waimao.ingest import distinct, numbers
from waimao.ingest.checks import Cells, IssueLog
from waimao.ingest.readers import canonical, read_file
from waimao.model.schema import MONEY, QUANTITY

HEADER = ["数据年月", "商品编码", "贸易伙伴编码", "贸易方式编码", "注册地编码", "第一数量", "第一计量单位", "人民币"]
COLUMN = {name: i for i, name in enumerate(["month", "product", "partner", "trade_mode", "region", "qty1", "unit1",
                                            "value"])}
PARTNERS = ["344", "116", "133", "502", "304", "122", "141", "110", "601", "303"]
MODES = ["10", "14", "15", "33", "19", "20"]
UNITS = ["千克", "个", "台", "件", "吨", "米"]
ROWS = 1500  # above distinct.MIN_ROWS, so that the distinct path runs

#: Cells planted into a clean file: each kind of problem the checks know, and valid spellings the
#: fast paths do not take (they must give the same result through the checking path).
PLANTS = {
    "month": ["202513", "2025-01", " 202501", "", "?", "202401", "2025年3月", "20250", "x" * 40, "2025M02"],
    "product": ["0101210", "010121", "ABCDEFGH", " 01012100", "", "?", "x" * 40, "０１０１２１００"],
    "partner": ["998", "12", "１２３", "", " 344", "3440"],
    "trade_mode": ["1", "10 ", "", "1O", "0110"],
    "region": ["45", "99", "4401", "", " 44", "CN"],
    "qty1": ["", "?", "1,234.5", "1.2345", "-5", "1e3", "abc", "12,34", " 5", "１２", "5.", ".5", "+5", "-0",
             "12345678901234567890", "1,234,567,890,123,456"],
    "unit1": ["", "?", " 千克", "千克\u3000", "x" * 300, "\u00a0个"],
    "value": ["", "?", "-1", "1,234,567,890,123,456,789", "1.005", "5.", ".5", "+5", "0", "1E2", "1,2345", " 12",
              "9999999999999999.995", "12.3.4"],
}


def clean_rows(n: int = ROWS, seed: int = 7) -> list[list[str]]:
    """A valid download of 广东 (44) exports in 2025: unique keys, money with thousands separators."""
    rng = random.Random(seed)
    products = [f"{rng.randint(1, 97):02d}{rng.randint(0, 999999):06d}" for _ in range(150)]
    rows, seen = [], set()
    while len(rows) < n:
        key = (f"2025{rng.randint(1, 12):02d}", rng.choice(products),
               rng.choice(PARTNERS), rng.choice(MODES))
        if key in seen:
            continue
        seen.add(key)
        value = rng.randint(1, 10**rng.randint(1, 12))
        qty = rng.choice([str(rng.randint(0, 10**6)), f"{rng.randint(0, 10**4)}.{rng.randint(0, 999):03d}", "?"])
        rows.append([*key, "44", qty, rng.choice(UNITS), f"{value:,}" if rng.random() < 0.8 else str(value)])
    return rows


def write_download(folder: Path, rows: list[list[str]], name: str = "44_出口_2025.csv") -> Path:
    """GBK with a trailing comma on every line, quoted where a cell needs it, as the platform writes."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([*HEADER, ""])
    for row in rows:
        writer.writerow([*row, ""])
    path = folder / name
    path.write_bytes(text.getvalue().encode("gb18030"))
    return path


def read_without_fast_paths(path: Path, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(canonical, "parse_distinct_first", lambda parse, cells, log: parse(cells, log))
        patched.setattr(numbers, "_plain_amounts", lambda stored, target: None)
        return read_file(path, kind="gacc")


def assert_same_reading(path: Path, monkeypatch):
    fast = read_file(path, kind="gacc")
    slow = read_without_fast_paths(path, monkeypatch)
    assert [i.to_dict() for i in fast.report.issues] == [i.to_dict() for i in slow.report.issues]
    assert fast.report.stats == slow.report.stats
    assert fast.table.schema == slow.table.schema
    assert fast.table.equals(slow.table)
    assert (fast.months, fast.flows, fast.provinces, fast.dims) == (slow.months, slow.flows, slow.provinces,
                                                                    slow.dims)
    return fast


def test_a_clean_download_takes_the_fast_paths_and_reads_the_same(tmp_path, monkeypatch):
    path = write_download(tmp_path, clean_rows())
    calls = {"fast": 0, "fallback": 0}
    original = distinct.parse_distinct_first

    def counting(parse, cells, log):
        seen = []
        result = original(lambda c, lg: (seen.append(c), parse(c, lg))[1], cells, log)
        calls["fallback" if any(len(c.values) == len(cells.values) for c in seen) else "fast"] += 1
        return result

    with monkeypatch.context() as patched:
        patched.setattr(canonical, "parse_distinct_first", counting)
        counted = read_file(path, kind="gacc")
    assert calls == {"fast": 6, "fallback": 0}  # month, product, partner, trade mode, region, unit
    assert counted.report.valid and counted.table.num_rows == ROWS
    result = assert_same_reading(path, monkeypatch)
    assert not result.report.issues


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plants=st.lists(st.tuples(st.sampled_from(sorted(PLANTS)), st.integers(0, 99), st.integers(0, ROWS - 1)),
                       min_size=1, max_size=3),
       duplicate=st.one_of(st.none(), st.tuples(st.integers(0, ROWS - 1), st.integers(0, ROWS - 1))))
def test_planted_cells_give_the_same_table_and_issues(tmp_path_factory, monkeypatch, plants, duplicate):
    rows = clean_rows()
    for column, choice, row in plants:
        values = PLANTS[column]
        rows[row][COLUMN[column]] = values[choice % len(values)]
    if duplicate is not None and duplicate[0] != duplicate[1]:
        rows[duplicate[1]] = list(rows[duplicate[0]])
    path = write_download(tmp_path_factory.mktemp("plant"), rows)
    assert_same_reading(path, monkeypatch)


def test_each_bad_cell_is_found_through_the_fast_paths(tmp_path, monkeypatch):
    """Every planted cell that the checks report is reported with the fast paths on (gate ⇔ checks)."""
    found = {}
    for column, values in PLANTS.items():
        for k, value in enumerate(values):
            rows = clean_rows()
            rows[700][COLUMN[column]] = value
            result = assert_same_reading(write_download(tmp_path, rows, f"44_出口_2025_{column}{k}.csv"), monkeypatch)
            found[(column, value)] = sorted({i.code for i in result.report.issues})
    assert found[("month", "202513")] == ["bad-month"]
    assert found[("month", "202401")] == ["period-mismatch"]
    assert found[("month", " 202501")] == []
    assert found[("product", "010121")] == ["mixed-product-levels"]
    assert found[("product", " 01012100")] == []
    assert found[("partner", "998")] == ["unknown-partner"]
    assert found[("region", "99")] == ["unknown-region"]
    assert found[("region", "4401")] == ["bad-code"]
    assert found[("qty1", "-5")] == ["negative-value"]
    assert found[("qty1", "1.2345")] == []  # rounded to the gram, as customs tables round
    assert found[("value", "1,2345")] == ["bad-number"]
    assert found[("value", "1,234,567,890,123,456,789")] == ["value-too-large"]
    assert found[("unit1", "x" * 300)] == ["field-too-long"]


def test_trimmed_codes_that_repeat_a_row_are_duplicates(tmp_path, monkeypatch):
    """' 01012100' and '01012100' are one HS code once trimmed: the dictionary of the fast path holds both."""
    rows = clean_rows()
    rows[900] = list(rows[100])
    rows[900][COLUMN["product"]] = " " + rows[100][COLUMN["product"]]
    result = assert_same_reading(write_download(tmp_path, rows), monkeypatch)
    assert [(i.code, i.row) for i in result.report.issues] == [("duplicate-row", 902)]


AMOUNT_TEXT = st.one_of(
    st.text(alphabet="0123456789,.-+eE? \u3000", max_size=30),
    st.builds(lambda n, d: f"{n:,}" + d, st.integers(0, 10**20), st.sampled_from(["", ".", ".5", ".05", ".125",
                                                                                 ".1234", ".995"])),
    st.builds(str, st.integers(0, 10**19)),
)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(AMOUNT_TEXT, min_size=1, max_size=40), target=st.sampled_from([MONEY, QUANTITY]))
def test_plain_amounts_cast_exactly_as_the_checks_do(cells, target):
    def parse(fast: bool):
        log = IssueLog("f.csv")
        data = Cells("人民币", pa.array(cells, pa.string()), pa.array(range(2, len(cells) + 2), pa.int64()))
        if fast:
            out = numbers.parse_amount(data, log, target, what="the value")
        else:
            original, numbers._plain_amounts = numbers._plain_amounts, lambda stored, target: None
            try:
                out = numbers.parse_amount(data, log, target, what="the value")
            finally:
                numbers._plain_amounts = original
        return out, [i.to_dict() for i in log.report().issues]

    fast, slow = parse(True), parse(False)
    assert fast[1] == slow[1]
    assert fast[0].equals(slow[0])
    if numbers._plain_amounts(pa.array(cells, pa.string()), target) is not None:
        assert not fast[1]  # what the fast path takes never has an issue


def test_loaded_rows_match_a_plain_sql_reading_of_the_file(tmp_path):
    """The warehouse rows of a clean download, against DuckDB reading the same text on its own."""
    from waimao import api

    rows = clean_rows()
    path = write_download(tmp_path, rows)
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text(path.read_bytes().decode("gb18030"), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    [outcome] = api.ingest([path], kind="gacc", db=str(db))
    assert outcome.rows == ROWS
    con = duckdb.connect(str(db))
    loaded = con.execute("SELECT month, flow, region, partner, product, trade_mode, qty1, unit1, value_cny, "
                         "enterprise_id, value_usd, qty2, unit2 FROM trade ORDER BY ALL").fetchall()
    expected = con.execute(
        "SELECT strptime(m, '%Y%m')::DATE, 'export', r, pa, p, tm, "
        "CASE WHEN q = '?' THEN NULL ELSE q::DECIMAL(20, 3) END, u, replace(v, ',', '')::DECIMAL(18, 2), "
        "NULL, NULL, NULL, NULL FROM read_csv(?, header = true, all_varchar = true, "
        "names = ['m', 'p', 'pa', 'tm', 'r', 'q', 'u', 'v', 'trailing']) ORDER BY ALL", [str(utf8)]).fetchall()
    con.close()
    assert loaded == expected
    assert sum(row[8] for row in loaded) == sum(Decimal(r[COLUMN["value"]].replace(",", "")) for r in rows)


@pytest.mark.parametrize("values", [["a", "b", "a"] * 500, [f"v{i}" for i in range(1500)], ["x"] * 10])
def test_the_distinct_path_is_the_parser_on_the_rows(values):
    """Whatever the share of distinct values, the output equals the row-by-row parse of the column."""
    cells = Cells("单位", pa.array(values), pa.array(range(2, len(values) + 2), pa.int64()))
    parse = lambda c, lg: canonical._PARSERS["unit1"](c, lg, canonical.CodeRules())  # noqa: E731
    log_fast, log_slow = IssueLog("f"), IssueLog("f")
    fast = distinct.parse_distinct_first(parse, cells, log_fast)
    slow = parse(cells, log_slow)
    assert pa.array(fast.to_pylist(), pa.string()).equals(slow)
    assert log_fast.counts == log_slow.counts
