"""Figure sets read from the rollup tables are the figure sets read from the rows, figure for figure.

The rollups (`waimao.model.rollups`) are sums of `trade` kept by the warehouse in each load's
transaction; the figure set reads a window from one when it holds what the query reads
(`waimao.indicators.rollups`). These tests compute every figure (eager: every dict, every note) with
the rollups and with them switched off (`Warehouse(rollups=False)`: every query on `trade`, as
before they existed) and require equality: on the demo (a province with its peers from platform
downloads), and on a generated national extract of 31 provinces with every dim (enterprise counts,
product groups' partners, prefectures) after a superseding load, after a restore and after a
migration from a warehouse that had no rollups. The rollup tables themselves are checked against a
plain SQL GROUP BY over the active rows.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from waimao import api
from waimao.engines import rollups as rollup_tables
from waimao.engines.duckdb import Warehouse
from waimao.indicators import compute_figures
from waimao.indicators.rollups import ENTERPRISES, GROUP_PARTNERS, GROUP_SUMS, MEMBER_READS, TOTAL, VALUE, table_for
from waimao.model.rollups import ROLLUPS, grouped_over
from waimao.model.units import KG_PER_UNIT

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _everything(warehouse, region, period, currency=None, dataset=None):
    fs = compute_figures(warehouse, region, period, currency=currency, dataset=dataset, eager=True)
    return [f.to_dict() for f in fs.figures], [n.to_dict() if hasattr(n, "to_dict") else str(n) for n in fs.notes]


def assert_same_figures(db, region, period, currency=None, dataset=None):
    """Every figure and note with the rollups equals the one from the rows; the rollups were really read."""
    with Warehouse(db, read_only=True, rollups=True) as warehouse:
        assert warehouse.rollups
        from_rollups = _everything(warehouse, region, period, currency, dataset)
    with Warehouse(db, read_only=True, rollups=False) as warehouse:
        assert not warehouse.rollups
        from_rows = _everything(warehouse, region, period, currency, dataset)
    assert len(from_rollups[0]) > 100
    assert from_rollups[0] == from_rows[0]
    assert from_rollups[1] == from_rows[1]


# -- the table chosen ------------------------------------------------------------------------------------------

ALL = tuple(r.name for r in ROLLUPS)
SIDES = (("cur", ()), ("base", ()), ("base2", ()))


def _window(prefix, currency="CNY", regions=None):
    return (1,), prefix, SIDES, (), currency, regions


@pytest.mark.parametrize("prefix", ["", ("44",), "63"])
def test_the_nation_and_provinces_read_province_grain_rollups(prefix):
    groups = grouped_over()
    assert table_for(_window(prefix), TOTAL, ALL) == "rollup_region"
    assert table_for(_window(prefix), MEMBER_READS["partner"], ALL) == "rollup_partner"
    assert table_for(_window(prefix), MEMBER_READS["product"], ALL) == "rollup_product"
    assert table_for(_window(prefix), MEMBER_READS["trade_mode"], ALL) == "rollup_mode_type"
    assert table_for(_window(prefix), GROUP_SUMS, ALL, groups=groups) == "rollup_group"
    assert table_for(_window(prefix), GROUP_PARTNERS, ALL, groups=groups) == "rollup_group_partner"
    assert table_for(_window(prefix), ENTERPRISES, ALL) == "rollup_enterprise"
    assert table_for(_window(prefix, "USD"), MEMBER_READS["partner"], ALL) == "rollup_partner"


def test_what_a_rollup_cannot_answer_reads_the_rows():
    groups = grouped_over()
    prefecture = _window(("4401", "4423"))
    assert table_for(prefecture, MEMBER_READS["partner"], ALL) == "trade"  # province grain is too coarse
    assert table_for(prefecture, ENTERPRISES, ALL) == "trade"
    assert table_for(prefecture, TOTAL, ALL, region_length=5) == "rollup_region"  # the full region codes
    assert table_for(_window("44"), VALUE, ALL, region_length=4) == "rollup_region"
    assert table_for(_window("44"), MEMBER_READS["partner"], ALL, region_length=4) == "trade"
    assert table_for(_window("", regions=("CN",)), TOTAL, ALL) == "trade"  # a filter on full region codes
    assert table_for(_window("44"), None, ALL) == "trade"  # counting rows: cut_totals
    assert table_for(_window("44"), TOTAL, ()) == "trade"  # an engine without rollups
    # other product groups than the rollups were summed into: HS codes, from the product rollup or the rows
    assert table_for(_window("44"), GROUP_SUMS, ALL, groups=groups[:3]) == "rollup_product"
    assert table_for(_window("44"), GROUP_PARTNERS, ALL, groups=groups[:3]) == "trade"
    # a grouped rollup never answers a read of all products; distinct ids never a sum
    assert table_for(_window("44"), TOTAL, ("rollup_group", "rollup_enterprise")) == "trade"
    assert table_for(_window("44"), frozenset({"enterprise_type"}), ("rollup_enterprise",)) == "trade"


# -- the demo ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("region, period, currency", [
    ("青海省", "2025Q2", None), ("青海省", "2025H1", "USD"), ("青海省", "2024", None), ("青海省", "2025-03", None),
    ("西宁市", "2025Q1", None), ("全国", "2025Q2", None),
])
def test_demo_figure_sets_from_rollups_equal_those_from_rows(kept_demo, region, period, currency):
    assert_same_figures(kept_demo, region, period, currency)


def test_platform_downloads_stay_out_of_the_rollups(national, tmp_path):
    """A platform download in a warehouse that keeps rollups is not summed into them and is read from `trade`."""
    import generate  # bench/generate.py, on the path since the `national` fixture

    source, _ = national
    db = tmp_path / "w.duckdb"
    shutil.copy(source, db)
    generate.generate("20k", tmp_path / "data", gacc=True, log=lambda *_: None)
    downloads = sorted((tmp_path / "data" / "gacc").glob("44_*.csv"))
    assert downloads
    api.ingest(downloads, kind="gacc", db=db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        platform = {r[0] for r in con.execute("SELECT load_id FROM loads WHERE kind = 'gacc'").fetchall()}
        assert platform
        for rollup in ROLLUPS:
            summed = {r[0] for r in con.execute(f"SELECT DISTINCT load_id FROM {rollup.name}").fetchall()}
            assert summed and not summed & platform, rollup.name
    finally:
        con.close()
    assert_rollups_are_the_rows_summed(db)
    with Warehouse(db, read_only=True) as warehouse:
        assert warehouse.rollups and not warehouse.rolled_up_loads() & platform
    assert_same_figures(db, "广东省", "2025Q4")
    assert_same_figures(db, "广东省", "2025Q4", dataset="platform")  # its windows read `trade`


@pytest.fixture(scope="module")
def kept_demo(demo_db, tmp_path_factory):
    """The demo warehouse (too small for the `auto` policy), made to keep its rollups by opening it with `on`."""
    db = tmp_path_factory.mktemp("kept") / "demo.duckdb"
    shutil.copy(demo_db, db)
    with Warehouse(db) as warehouse:
        assert not warehouse.rollups  # auto: the demo is far below MIN_ROWS
    with Warehouse(db, rollups=True) as warehouse:
        assert warehouse.rollups
    return db


# -- a national extract: 31 provinces, every dim ---------------------------------------------------------------

@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """36 generated month files (bench/generate.py, 20,000 rows) loaded as records: (db, records folder).

    The rollups start with the 20th file (`MIN_ROWS` lowered for the test), so the warehouse has summed
    earlier loads at once and later ones load by load, as a national warehouse crossing the line does.
    """
    sys.path.insert(0, str(BENCH))
    import generate

    folder = tmp_path_factory.mktemp("national")
    generate.generate("20k", folder, gacc=False, log=lambda *_: None)
    db = folder / "w.duckdb"
    files = sorted((folder / "records").glob("*.parquet"))
    first = sum(pq.read_metadata(f).num_rows for f in files[:19])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rollup_tables, "MIN_ROWS", first + 1)
        patch.delenv("WAIMAO_ROLLUPS", raising=False)
        api.ingest(files[:19], kind="canonical", dataset="records", db=db)
        with Warehouse(db, read_only=True) as warehouse:
            assert not warehouse.rollups  # below the line: nothing kept, nothing read
        api.ingest(files[19:], kind="canonical", dataset="records", db=db)
    with Warehouse(db, read_only=True) as warehouse:
        assert warehouse.rollups
    return db, folder / "records"


#: The rows the rollups sum: those of active record-level loads (platform and Comtrade loads are read from trade).
RECORDS = "(SELECT * FROM trade WHERE load_id IN (SELECT load_id FROM loads WHERE status = 'active' AND kind = 'canonical'))"


def _sql_rollup(con, rollup) -> set:
    """The rollup's rows by a plain GROUP BY over the active record-level rows (an independent computation)."""
    region = "region" if rollup.region_length is None else f"substr(region, 1, {rollup.region_length})"
    kg = " ".join(f"WHEN unit1 = '{u}' THEN qty1 * {f}" for u, f in KG_PER_UNIT.items())
    sums = {"value_cny": "sum(value_cny)", "value_usd": "sum(value_usd)", "kg": f"sum(CASE {kg} END)"}
    dims = ["load_id", region, "month", "flow", *[d for d in rollup.dims if d != "group"]]
    if rollup.distinct:
        sql = f"SELECT DISTINCT {', '.join(dims)} FROM {RECORDS} WHERE enterprise_id IS NOT NULL"
    elif rollup.grouped:
        return _grouped_rollup(con, rollup)
    else:
        sql = f"SELECT {', '.join(dims)}, {', '.join(sums[m] for m in rollup.measures)} FROM {RECORDS} GROUP BY ALL"
    return set(con.execute(sql).fetchall())


def _grouped_rollup(con, rollup) -> set:
    """A grouped rollup summed in Python: each row's code tested with `ProductGroup.matches`."""
    from collections import defaultdict
    from decimal import Decimal

    groups = list(enumerate(grouped_over()))
    member_of: dict = {}
    keep = [d for d in rollup.dims if d != "group"]
    rows = con.execute(f"SELECT load_id, substr(region, 1, 2), month, flow, {', '.join(keep + ['product'])}, "
                       f"value_cny, value_usd, unit1, qty1 FROM {RECORDS}").fetchall()
    acc: dict = defaultdict(lambda: [None, None, None])
    for row in rows:
        *key, product, cny, usd, unit, qty = row
        if product not in member_of:
            member_of[product] = [i for i, g in groups if product is not None and g.matches(product)]
        kg = qty * KG_PER_UNIT[unit] if unit in KG_PER_UNIT and qty is not None else None
        for i in member_of[product]:
            sums = acc[(*key, i)]
            for at, value in enumerate((cny, usd, kg)):
                if value is not None:
                    sums[at] = (sums[at] or Decimal(0)) + value
    width = len(rollup.measures)
    return {(*key, *sums[:width]) for key, sums in acc.items()}


def _stored_rollup(con, rollup) -> set:
    return set(con.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in rollup.columns)} FROM {rollup.name}"
                           ).fetchall())


def assert_rollups_are_the_rows_summed(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        for rollup in ROLLUPS:
            stored = _stored_rollup(con, rollup)
            assert stored, rollup.name
            assert stored == _sql_rollup(con, rollup), rollup.name
    finally:
        con.close()


NATIONAL_CASES = [("广东省", "2025Q4", None), ("广东省", "2025H1", "USD"), ("广东省", "2025", None),
                  ("广东省", "2025-11", None), ("江苏省", "2025Q3", None), ("全国", "2025Q4", None),
                  ("广州市", "2025Q4", None)]


def test_rollups_are_the_active_rows_summed(national):
    assert_rollups_are_the_rows_summed(national[0])


@pytest.mark.parametrize("region, period, currency", NATIONAL_CASES)
def test_national_figure_sets_from_rollups_equal_those_from_rows(national, region, period, currency):
    assert_same_figures(national[0], region, period, currency)


def _revised_copy(national, tmp_path, month: str, factor: int):
    """A copy of the national warehouse, and a revision of one month file with every yuan amount × `factor`."""
    source, records = national
    db = tmp_path / "w.duckdb"
    shutil.copy(source, db)
    rows = pq.read_table(records / f"{month}.parquet")
    money = rows.schema.field("value_cny").type
    revised = rows.set_column(rows.schema.get_field_index("value_cny"), "value_cny",
                              pc.multiply(rows["value_cny"], factor).cast(money))
    path = tmp_path / f"{month}-revised.parquet"
    pq.write_table(revised, path)
    return db, path


def test_rollups_follow_a_superseding_load_and_a_restore(national, tmp_path):
    db, path = _revised_copy(national, tmp_path, "2025-11", 2)
    [outcome] = api.ingest([path], kind="canonical", dataset="records", db=db)
    assert outcome.outcome == "replaced"
    assert_rollups_are_the_rows_summed(db)
    assert_same_figures(db, "广东省", "2025Q4")
    with Warehouse(db, read_only=True, rollups=True) as warehouse:
        doubled = compute_figures(warehouse, "广东省", "2025-11").find("total", None, "value").yuan

    restored = api.restore(outcome.superseded[0], db=db)
    assert restored.outcome == "restored"
    assert_rollups_are_the_rows_summed(db)
    assert_same_figures(db, "广东省", "2025Q4")
    with Warehouse(db, read_only=True, rollups=True) as warehouse:
        assert compute_figures(warehouse, "广东省", "2025-11").find("total", None, "value").yuan * 2 == doubled


def test_kept_rollups_follow_every_load_even_when_switched_off(national, tmp_path, monkeypatch):
    """`off` stops reading them and never starts them, but rollups once kept must go on following `trade`."""
    db, path = _revised_copy(national, tmp_path, "2025-10", 3)
    monkeypatch.setenv("WAIMAO_ROLLUPS", "off")
    [outcome] = api.ingest([path], kind="canonical", dataset="records", db=db)
    assert outcome.outcome == "replaced"
    with Warehouse(db, read_only=True) as warehouse:
        assert not warehouse.rollups
    assert_rollups_are_the_rows_summed(db)
    assert_same_figures(db, "广东省", "2025Q4")


def test_off_never_starts_the_rollups(national, tmp_path, monkeypatch):
    _, records = national
    db = tmp_path / "w.duckdb"
    monkeypatch.setattr(rollup_tables, "MIN_ROWS", 1)
    monkeypatch.setenv("WAIMAO_ROLLUPS", "off")
    api.ingest([records / "2025-11.parquet"], kind="canonical", dataset="records", db=db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert not con.execute("SELECT bool_or(kept) FROM rollup_state").fetchone()[0]
        assert all(con.execute(f"SELECT count(*) FROM {r.name}").fetchone()[0] == 0 for r in ROLLUPS)
    finally:
        con.close()


def test_a_warehouse_from_before_the_rollups_gets_them_built(national, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(national[0], db)
    con = duckdb.connect(str(db))
    for rollup in ROLLUPS:
        con.execute(f"DROP TABLE {rollup.name}")
    con.execute("DROP TABLE rollup_state")
    con.execute("DROP TABLE rollup_group_prefixes")
    con.execute("UPDATE schema_version SET version = 2")
    con.close()
    assert_same_figures(db, "江苏省", "2025H1")  # the first (read-only) open upgrades the file
    assert_rollups_are_the_rows_summed(db)


def test_rollups_of_another_definition_are_rebuilt(national, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(national[0], db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE rollup_state SET definition = 'an older declaration'")
    con.execute("DELETE FROM rollup_partner WHERE region = '44'")
    con.close()
    with Warehouse(db) as warehouse:
        assert warehouse.rollups
    assert_rollups_are_the_rows_summed(db)


def test_a_refused_load_leaves_the_rollups_as_they_were(national, tmp_path):
    source, records = national
    db = tmp_path / "w.duckdb"
    shutil.copy(source, db)
    con = duckdb.connect(str(db), read_only=True)
    before = {r.name: _stored_rollup(con, r) for r in ROLLUPS}
    con.close()
    half = pq.read_table(records / "2025-11.parquet")
    half = half.filter(pc.equal(half["flow"], "export"))  # shares the month's export cells, holds no import
    both = pq.read_table(records / "2025-12.parquet")
    both = both.filter(pc.equal(both["flow"], "export"))
    path = tmp_path / "overlap.parquet"
    pq.write_table(pa.concat_tables([half, both]).slice(0, half.num_rows + 5), path)
    with pytest.raises(Exception):
        api.ingest([path], kind="canonical", dataset="records", db=db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert {r.name: _stored_rollup(con, r) for r in ROLLUPS} == before
    finally:
        con.close()
