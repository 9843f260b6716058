"""Batch ingest reads the next file while one is loaded, and nothing else changes.

`waimao.ingest.pipeline.read_ahead` hands back each file's read in file order, with a failed
read as its error and any other exception raised in the caller's thread; `api.ingest` still
loads each file in its own transaction, so a bad file in the middle loads nothing and the
others load. What lands in the warehouse is compared with DuckDB's own reading of the same
Parquet files (plain SQL, no waimao code), row for row.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from waimao import api
from waimao.errors import IngestError, Issue, Report
from waimao.ingest.pipeline import read_ahead
from waimao.model.schema import COLUMNS, TRADE_SCHEMA


def test_results_come_in_file_order_with_the_next_file_read_meanwhile(tmp_path):
    paths = [tmp_path / f"{i}.x" for i in range(4)]
    started: list[tuple[str, float]] = []

    def read(path):
        started.append((path.name, time.perf_counter()))
        time.sleep(0.05)
        if path.name == "1.x":
            raise IngestError("bad", report=Report(issues=[Issue("bad-file", "bad")]))
        return path.name, threading.current_thread().name

    seen = []
    for path, result in read_ahead(paths, read):
        handed = time.perf_counter()
        seen.append((path.name, result if isinstance(result, IngestError) else result[0]))
        if path.name == "0.x":
            time.sleep(0.2)  # "loading" file 0: file 1 is read meanwhile
            assert started[1][1] < handed + 0.2
        if not isinstance(result, IngestError):
            assert result[1].startswith("waimao-read")
    assert [name for name, _ in seen] == ["0.x", "1.x", "2.x", "3.x"]
    assert isinstance(seen[1][1], IngestError)
    assert [name for name, _ in started] == ["0.x", "1.x", "2.x", "3.x"]


def test_an_unexpected_error_is_raised_in_the_caller_at_its_files_turn(tmp_path):
    paths = [tmp_path / f"{i}.x" for i in range(3)]

    def read(path):
        if path.name == "1.x":
            raise ValueError("a bug")
        return path.name

    got = []
    with pytest.raises(ValueError, match="a bug"):
        for path, result in read_ahead(paths, read):
            got.append(result)
    assert got == ["0.x"]


def test_a_single_file_is_read_in_the_calling_thread(tmp_path):
    [(_, name)] = list(read_ahead([tmp_path / "a.x"], lambda path: threading.current_thread().name))
    assert name == threading.current_thread().name


def _month_file(path, month: int, rows: int, *, bad: bool = False):
    values = [Decimal(f"{100 + i}.{month:02d}") for i in range(rows)]
    if bad:
        values[rows // 2] = Decimal("-1.00")
    table = pa.table({
        "month": [dt.date(2025, month, 1)] * rows,
        "flow": ["export", "import"] * (rows // 2),
        "region": ["63019", "44"] * (rows // 2),
        "partner": ["344", "502"] * (rows // 2),
        "product": [f"{85000000 + i // 2:08d}" for i in range(rows)],
        "trade_mode": ["10"] * rows,
        "enterprise_type": ["private"] * rows,
        "enterprise_id": [f"E{i % 5}" for i in range(rows)],
        "value_cny": values,
        "value_usd": [None] * rows,
        "qty1": [Decimal("1.500")] * rows,
        "unit1": ["千克"] * rows,
        "qty2": [None] * rows,
        "unit2": [None] * rows,
    }, schema=TRADE_SCHEMA)
    pq.write_table(table, path, row_group_size=max(rows // 3, 1))
    return path


def test_a_batch_loads_each_good_file_once_and_a_bad_one_not_at_all(tmp_path):
    files = [_month_file(tmp_path / f"2025-{m:02d}.parquet", m, 60, bad=(m == 3)) for m in range(1, 6)]
    db = tmp_path / "w.duckdb"
    with pytest.raises(IngestError) as caught:
        api.ingest(files, kind="canonical", db=str(db))
    outcomes = caught.value.outcomes
    assert [o.path for o in outcomes] == [str(f) for f in files if "03" not in f.name]
    assert [o.load_id for o in outcomes] == sorted(o.load_id for o in outcomes)
    assert {i.code for i in caught.value.report.issues} == {"negative-value"}
    assert all(i.file == str(files[2]) for i in caught.value.report.issues)

    good = ", ".join(f"'{f}'" for f in files if "03" not in f.name)
    columns = ", ".join(COLUMNS)
    stored = duckdb.connect(str(db), read_only=True)
    loaded = stored.sql(f"SELECT {columns} FROM trade").to_arrow_table()
    by_load = stored.execute("SELECT load_id, min(month), count(*) FROM trade GROUP BY ALL ORDER BY load_id").fetchall()
    stored.close()
    con = duckdb.connect()
    con.register("loaded", loaded)
    direct = f"SELECT {columns} FROM read_parquet([{good}])"
    assert con.execute(f"SELECT count(*) FROM ({direct} EXCEPT ALL SELECT * FROM loaded)").fetchone()[0] == 0
    assert con.execute(f"SELECT count(*) FROM (SELECT * FROM loaded EXCEPT ALL {direct})").fetchone()[0] == 0
    assert con.execute(f"SELECT sum(value_cny)::VARCHAR FROM ({direct})").fetchone() == \
        con.execute("SELECT sum(value_cny)::VARCHAR FROM loaded").fetchone()
    assert [(m.month, n) for _, m, n in by_load] == [(1, 60), (2, 60), (4, 60), (5, 60)]
