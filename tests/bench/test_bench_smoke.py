"""CI smoke test of the benchmark harness at the README's smallest size, 1M rows (about a minute).

No timing is asserted. The real assertion is that the three implementations — waimao's
figure set, the hand-written DuckDB SQL and the pandas version — give the same key figures
on the same generated data, and that the hand-written SQL's sums are right on a tiny
warehouse whose answers are worked out by hand below.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import reference  # noqa: E402

from waimao import api  # noqa: E402
from waimao.model.schema import TRADE_SCHEMA  # noqa: E402


def _harness():
    loader = importlib.machinery.SourceFileLoader("bench_run_harness", str(BENCH / "run"))
    spec = importlib.util.spec_from_loader("bench_run_harness", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    """One end-to-end harness run at 1M rows, without Spark (the parity test covers it)."""
    tmp = tmp_path_factory.mktemp("bench")
    harness = _harness()
    harness.main(["--size", "1M", "--reps", "1", "--data", str(tmp / "data"), "--results", str(tmp / "results"),
                  "--no-spark", "--no-readme", "--nice", "0"])
    return json.loads((tmp / "results" / "1M.json").read_text())


def test_harness_runs_every_implementation(smoke):
    assert set(smoke["results"]) == {"waimao", "reference", "pandas", "ingest-waimao", "ingest-duckdb",
                                     "records-waimao", "records-duckdb", "dashboard", "dashboard-rows"}
    assert smoke["rows"] == 1_000_000
    assert smoke["warehouse"]["rows"] == 1_000_000
    # 1M rows is below the size from which a warehouse keeps rollups (engines.rollups.MIN_ROWS); the rollups'
    # parity with the rows is tests/indicators/test_rollups.py's
    assert smoke["warehouse"]["rollup_bytes"] == 0
    assert 0 < smoke["warehouse"]["trade_bytes"] < smoke["warehouse"]["bytes"]
    ingest = smoke["results"]
    assert ingest["ingest-waimao"]["rows"] == ingest["ingest-duckdb"]["rows"] == smoke["gacc_rows"]
    assert ingest["records-waimao"]["rows"] == ingest["records-duckdb"]["rows"] == smoke["rows"]
    for result in smoke["results"].values():
        assert result["peak_rss_mb"] > 0


def test_three_implementations_agree_on_key_figures(smoke):
    ref = smoke["results"]["reference"]["figures"]
    keys = {"value.total", "value.export", "value.import", "growth.total", "growth.export", "growth.import",
            "group.机电产品", "enterprises.total"}
    assert keys <= set(ref)
    assert any(k.startswith("partner.") for k in ref)
    assert Decimal(ref["value.total"]) == Decimal(ref["value.export"]) + Decimal(ref["value.import"])
    assert Decimal(ref["value.total"]) > 0
    for impl in ("waimao", "pandas"):
        figures = smoke["results"][impl]["figures"]
        assert set(figures) == set(ref), impl
        for key, value in ref.items():
            assert float(figures[key]) == pytest.approx(float(value), rel=1e-9), (impl, key)
        assert smoke["agreement"][impl]["agrees"], impl
    waimao = smoke["results"]["waimao"]["figures"]
    for key in ("value.total", "value.export", "value.import", "group.机电产品"):
        assert Decimal(waimao[key]) == Decimal(ref[key]), key  # both exact decimals: equal to the fen


def test_the_dashboard_reads_rollups_or_rows_and_gets_the_same_figures(smoke):
    with_rollups, from_rows = smoke["results"]["dashboard"], smoke["results"]["dashboard-rows"]
    assert not from_rows["rollups"]
    assert not with_rollups["rollups"]  # 1M rows keep no rollups (below engines.rollups.MIN_ROWS): both read rows
    assert with_rollups["figures"] == from_rows["figures"] == smoke["results"]["waimao"]["figures"]
    assert with_rollups["cases"] == from_rows["cases"] == [f"{smoke['region']} {smoke['period']}"]


def _row(month, flow, region, partner, product, mode, etype, eid, yuan, qty=None, unit=None):
    return {"month": month, "flow": flow, "region": region, "partner": partner, "product": product,
            "trade_mode": mode, "enterprise_type": etype, "enterprise_id": eid, "value_cny": Decimal(yuan),
            "value_usd": None, "qty1": None if qty is None else Decimal(qty), "unit1": unit, "qty2": None, "unit2": None}


@pytest.fixture(scope="module")
def tiny_warehouse(tmp_path_factory):
    """Two provinces, 2024Q4 and 2025Q4 (and the months between, which only streaks read)."""
    tmp = tmp_path_factory.mktemp("tiny")
    months = [date(2023 + (9 + i) // 12, (9 + i) % 12 + 1, 1) for i in range(27)]  # 2023-10 .. 2025-12
    rows = []
    for m in months:
        rows.append(_row(m, "export", "44019", "502", "85076000", "10", "private", "E1", "10"))
    cur, base = date(2025, 12, 1), date(2024, 12, 1)
    rows += [
        _row(cur, "export", "44029", "502", "85076000", "10", "private", "E2", "20", "2", "吨"),
        _row(cur, "import", "44019", "344", "01012100", "14", "state_owned", "E3", "50", "300", "千克"),
        _row(base, "import", "44019", "344", "01012100", "14", "state_owned", "E3", "40"),
        _row(cur, "export", "33019", "502", "85076000", "10", "private", "E9", "1000"),
        _row(base, "export", "33019", "502", "85076000", "10", "private", "E9", "500"),
    ]
    table = pa.Table.from_pylist(rows, schema=TRADE_SCHEMA)
    path = tmp / "tiny.parquet"
    import pyarrow.parquet as pq

    pq.write_table(table, path)
    db = tmp / "tiny.duckdb"
    api.ingest([path], kind="canonical", dataset="records", db=str(db))
    return db


def test_reference_sums_by_hand(tiny_warehouse):
    import duckdb

    con = duckdb.connect(str(tiny_warehouse), read_only=True)
    results = reference.run(con, "广东省", "2025Q4")
    con.close()
    figures = reference.key_figures(results, "2025Q4", partner="502")
    # 2025Q4 Guangdong: exports 3 × 10 (Oct-Dec, E1) + 20 (E2); imports 50. 2024Q4: exports 3 × 10; imports 40.
    assert figures["value.export"] == Decimal(3 * 10 + 20)
    assert figures["value.import"] == Decimal(50)
    assert figures["value.total"] == Decimal(3 * 10 + 20 + 50)
    assert float(figures["growth.export"]) == pytest.approx((50 - 30) / 30)
    assert float(figures["growth.import"]) == pytest.approx((50 - 40) / 40)
    assert float(figures["growth.total"]) == pytest.approx((100 - 70) / 70)
    assert figures["partner.502"] == Decimal(50)  # Zhejiang's 1000 is another province
    assert figures["group.机电产品"] == Decimal(50)  # 8507 is chapter 85; 0101 is not
    assert figures["enterprises.total"] == 3  # E1, E2, E3 in 2025Q4
    members = {(r["kind"], r["member"], r["flow"], r["side"]): (r["v"], r["kg"]) for r in results["members"].to_pylist()}
    assert members[("product", "85076000", "export", "cur")] == (Decimal(30 + 20), Decimal(2 * 1000))  # 2 吨 = 2000 kg
    assert members[("region", "4401", "import", "cur")][0] == Decimal(50)  # 广州 (customs prefix 4401) of 广东
    provinces = {(r["province"], r["flow"], r["side"]): r["v"] for r in results["province_sums"].to_pylist()
                 if r["gid"] == -1}
    assert provinces[("33", "export", "cur")] == Decimal(1000)
    assert provinces[("44", "export", "base")] == Decimal(30)


def test_waimao_agrees_with_reference_on_tiny(tiny_warehouse):
    fs = api.figures("广东省", "2025Q4", db=str(tiny_warehouse))
    assert fs.find("export", None, "value").yuan == Decimal(30 + 20)
    assert fs.find("total", None, "yoy_pct").value == pytest.approx((100 - 70) / 70 * 100)
    assert fs.find("total", ("product_group", "机电产品"), "value").yuan == Decimal(30 + 20)
