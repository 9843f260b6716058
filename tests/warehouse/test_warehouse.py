"""The DuckDB warehouse file: where it is, what it holds when new, how it is read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import ibis.expr.types as ir
import pyarrow as pa
import pytest

from waimao.engines.base import Engine
from waimao.engines.duckdb import SCHEMA_VERSION, Warehouse, default_db_path
from waimao.errors import EngineError
from waimao.model.schema import TRADE_SCHEMA


@pytest.fixture
def clean_env(monkeypatch):
    monkeypatch.delenv("WAIMAO_DB", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    return monkeypatch


def test_default_path_precedence(clean_env, tmp_path):
    clean_env.setenv("HOME", str(tmp_path / "home"))
    assert default_db_path() == tmp_path / "home" / ".local" / "share" / "waimao" / "waimao.duckdb"

    clean_env.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "waimao" / "waimao.duckdb"

    clean_env.setenv("WAIMAO_DB", str(tmp_path / "env.duckdb"))
    assert default_db_path() == tmp_path / "env.duckdb"

    assert default_db_path(tmp_path / "arg.duckdb") == tmp_path / "arg.duckdb"


def test_relative_xdg_data_home_is_ignored(clean_env, tmp_path):
    clean_env.setenv("HOME", str(tmp_path))
    clean_env.setenv("XDG_DATA_HOME", "relative/dir")
    assert default_db_path() == tmp_path / ".local" / "share" / "waimao" / "waimao.duckdb"


def test_a_new_warehouse_creates_folders_and_tables(tmp_path):
    path = tmp_path / "a" / "b" / "w.duckdb"
    with Warehouse(path) as wh:
        assert isinstance(wh, Engine)
        assert set(wh.ibis().list_tables()) >= {"trade", "trade_archive", "loads", "schema_version"}
        expected = [*TRADE_SCHEMA.names, "load_id"]
        assert wh.table("trade").columns == tuple(expected)
        assert wh.table("trade_archive").columns == tuple(expected)
        assert str(wh.table("trade").schema()["value_cny"]) == "decimal(18, 2)"
        assert isinstance(wh.trade(), ir.Table)
        assert wh.table("schema_version").version.to_pyarrow().to_pylist() == [SCHEMA_VERSION]
    assert path.exists()


def test_reopening_keeps_data_and_schema_version(tmp_path):
    path = tmp_path / "w.duckdb"
    Warehouse(path).close()
    with Warehouse(path) as wh:
        assert wh.table("schema_version").count().to_pyarrow().as_py() == 1


def test_a_newer_schema_version_is_refused(tmp_path):
    path = tmp_path / "w.duckdb"
    Warehouse(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(EngineError, match="newer"):
        Warehouse(path)


def test_read_only_needs_an_existing_warehouse(tmp_path):
    with pytest.raises(EngineError, match="No warehouse"):
        Warehouse(tmp_path / "missing.duckdb", read_only=True)
    Warehouse(tmp_path / "w.duckdb").close()
    with Warehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        assert wh.trade().count().to_pyarrow().as_py() == 0


def test_a_file_that_is_not_a_database_gives_an_engine_error(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("this is not a database")
    with pytest.raises(EngineError, match="Cannot open"):
        Warehouse(path)


def _rows(values: list[str]) -> pa.Table:
    n = len(values)
    columns = {f.name: [None] * n for f in TRADE_SCHEMA}
    columns.update(month=[dt.date(2025, 1, 1)] * n, flow=["export"] * n, value_cny=[Decimal(v) for v in values])
    return pa.table(columns).cast(TRADE_SCHEMA)


def test_writes_outside_a_transaction_are_refused():
    with Warehouse(":memory:") as wh:
        with pytest.raises(RuntimeError, match="transaction"):
            wh.append_trade(_rows(["1"]), 1)


def test_decimals_stay_exact():
    with Warehouse(":memory:") as wh:
        with wh.transaction():
            wh.append_trade(_rows(["0.10", "0.20", "123456789012.34"]), 1)
        total = wh.trade().value_cny.sum().to_pyarrow().as_py()
    assert total == Decimal("123456789012.64")


def test_transaction_rolls_back_on_error():
    with Warehouse(":memory:") as wh:
        with pytest.raises(ValueError), wh.transaction():
            wh.append_trade(_rows(["1.00"]), 1)
            raise ValueError("stop")
        assert wh.trade().count().to_pyarrow().as_py() == 0


def test_state_token_changes_with_each_load():
    with Warehouse(":memory:") as wh:
        empty = wh.state_token()
        with wh.transaction():
            wh.append_trade(_rows(["1.00"]), 1)
            wh.add_load_record(
                {
                    "load_id": 1,
                    "dataset": "records",
                    "kind": "canonical",
                    "source_file": "x.csv",
                    "content_hash": "0" * 64,
                    "rows": 1,
                    "months": [dt.date(2025, 1, 1)],
                    "flows": ["export"],
                    "provinces": ["63"],
                    "dims": ["month", "flow"],
                    "status": "active",
                    "loaded_at": dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc),
                }
            )
        assert wh.state_token() != empty
        assert wh.next_load_id() == 2


def test_warehouse_path_of_memory_is_none():
    with Warehouse(":memory:") as wh:
        assert wh.path is None
        assert "memory" in repr(wh)


def test_default_warehouse_uses_env(clean_env, tmp_path):
    clean_env.setenv("WAIMAO_DB", str(tmp_path / "env.duckdb"))
    with Warehouse() as wh:
        assert wh.path == Path(tmp_path / "env.duckdb")
    assert (tmp_path / "env.duckdb").exists()


def test_a_version_1_warehouse_is_upgraded_when_first_read(tmp_path):
    """Layout 1 had no cut keys in `loads`: they are read back from the rows, also by a read-only open."""
    from waimao.api import ingest, loads

    path = tmp_path / "old.duckdb"
    download = tmp_path / "宁夏_出口_2025M01_贸易伙伴.csv"
    download.write_bytes('"数据年月","贸易伙伴编码","贸易伙伴名称","人民币",\r\n202501,116,"日本","7",\r\n'
                         '202501,344,"俄罗斯联邦","9",\r\n'.encode("gbk"))
    ingest(download, db=path)
    con = duckdb.connect(str(path))
    for column in ("regions", "currencies", "keys"):
        con.execute(f"ALTER TABLE loads DROP COLUMN {column}")
    con.execute("UPDATE schema_version SET version = 1")
    con.close()

    with Warehouse(path, read_only=True) as warehouse:
        assert warehouse._con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    [record] = loads(db=path)
    assert (record["regions"], record["currencies"], record["keys"]) == (["64"], ["CNY"], {"partner": 2})
