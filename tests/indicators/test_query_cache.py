"""The cache of compiled figure-set SQL changes no figure: cold, warm and the plain Ibis path agree.

`waimao.engines.sqlcache` keeps each query's SQL under a key that names everything the query
reads; these tests hold the figure sets made through it to the ones the Ibis expressions give
when run by Ibis itself, and check that a warm cache compiles nothing.
"""

from __future__ import annotations

import pytest

from waimao.api import open_warehouse
from waimao.engines import sqlcache
from waimao.indicators import compute_figures


class IbisOnly:
    """The warehouse seen without `query_rows`: every query built and run by Ibis (the Spark path)."""

    def __init__(self, warehouse):
        self._warehouse = warehouse

    def table(self, name: str):
        return self._warehouse.table(name)


def _dicts(fs) -> list[dict]:
    return [figure.to_dict() for figure in fs.figures]


@pytest.mark.parametrize("region, period", [("青海省", "2025Q2"), ("西宁市", "2025H1"), ("全国", "2025Q1")])
def test_cached_sql_gives_the_ibis_figures(demo_db, tmp_path, monkeypatch, region, period):
    monkeypatch.setenv("WAIMAO_SQL_CACHE", str(tmp_path))
    monkeypatch.setattr(sqlcache, "_memory", {})
    with open_warehouse(demo_db, read_only=True) as warehouse:
        expected = compute_figures(IbisOnly(warehouse), region, period)
        cold = compute_figures(warehouse, region, period)
    assert list(tmp_path.rglob("*.sql")), "the cold run stores its SQL"
    monkeypatch.setattr(sqlcache, "_memory", {})
    monkeypatch.setattr(sqlcache, "compile_duckdb", lambda expr: pytest.fail("a warm cache compiled a query"))
    with open_warehouse(demo_db, read_only=True) as warehouse:
        warm = compute_figures(warehouse, region, period)
    assert _dicts(cold) == _dicts(expected)
    assert _dicts(warm) == _dicts(expected)
    assert [note.to_dict() if hasattr(note, "to_dict") else note for note in warm.notes] == \
        [note.to_dict() if hasattr(note, "to_dict") else note for note in expected.notes]


def test_an_unwritable_cache_folder_only_costs_compiling(demo_db, tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("WAIMAO_SQL_CACHE", str(blocked / "sql"))
    monkeypatch.setattr(sqlcache, "_memory", {})
    with open_warehouse(demo_db, read_only=True) as warehouse:
        fs = compute_figures(warehouse, "青海省", "2025Q2")
    assert fs.find("total", None, "value") is not None


def test_a_damaged_entry_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("WAIMAO_SQL_CACHE", str(tmp_path))
    monkeypatch.setattr(sqlcache, "_memory", {})
    import ibis

    expr = ibis.table({"x": "int64"}, name="t").select("x")
    sql = sqlcache.cached_sql("space", ("k",), lambda: expr)
    [entry] = tmp_path.rglob("*.sql")
    entry.write_text("")
    monkeypatch.setattr(sqlcache, "_memory", {})
    assert sqlcache.cached_sql("space", ("k",), lambda: expr) == sql
