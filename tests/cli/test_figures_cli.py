"""`waimao figures` and `waimao export` on the demo warehouse: outputs, option checks, errors, Parquet export.

Expected numbers come from the published 2025Q1 bulletin the demo is calibrated to
(进出口总值18.8亿元, 增长87.8%) and from sums taken straight from the warehouse with plain SQL.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from waimao.api import open_warehouse
from waimao.cli import app
from waimao.model.partners import partner_by_code

runner = CliRunner()
WIDE = {"COLUMNS": "200", "WAIMAO_DEBUG": None}
TIDY_COLUMNS = ["subject", "period", "flow", "breakdown_kind", "breakdown", "metric", "value", "unit", "text", "text_en",
                "source"]
RECORD_KEYS = {"subject", "period", "flow", "breakdown", "metric", "value", "unit", "text"}


def run(db, *args: str):
    return runner.invoke(app, [*args, "--db", str(db)], env=WIDE)


def sql(db, query: str, *params):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query, params).fetchall()


RECORDS_Q = """
    SELECT {select} FROM trade JOIN loads USING (load_id)
    WHERE loads.dataset = 'records' AND loads.status = 'active' AND trade.region LIKE '63%'
      AND trade.month BETWEEN ? AND ? {where} {rest}
"""


def qinghai_sum(db, first: str, last: str, flow: str | None = None) -> Decimal:
    """Yuan of Qinghai's records in [first, last], all flows or one, by plain SQL."""
    where = "AND trade.flow = ?" if flow else ""
    params = (first, last, flow) if flow else (first, last)
    return sql(db, RECORDS_Q.format(select="sum(value_cny)", where=where, rest=""), *params)[0][0]


@pytest.fixture(scope="module")
def qinghai_json(demo_db):
    """The 2025Q1 figures of 青海省 as JSON records (computed once for the module)."""
    result = run(demo_db, "figures", "--region", "青海省", "--period", "2025Q1", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def subject_figure(records, flow: str, metric: str) -> dict:
    found = [r for r in records if r["breakdown"] is None and r["flow"] == flow and r["metric"] == metric]
    assert len(found) == 1, f"expected one {flow} {metric} figure, got {found}"
    return found[0]


def test_default_table_shows_the_bulletin_wording(demo_db):
    result = run(demo_db, "figures", "--region", "青海省", "--period", "2025Q1")
    assert result.exit_code == 0, result.output
    assert "青海省 2025Q1" in result.stdout
    assert "进出口总值18.8亿元" in result.stdout
    assert "增长87.8%" in result.stdout
    assert "computed in" in result.stdout and "duckdb" in result.stdout


def test_json_records_have_the_claims_shape(qinghai_json):
    assert isinstance(qinghai_json, list) and qinghai_json
    for record in qinghai_json:
        assert RECORD_KEYS <= record.keys(), record
        assert record["subject"] == "青海省"
        # a streak is counted up to the period's last month, so it carries that month as its period
        assert record["period"] == ("2025M03" if record["metric"] == "streak_months" else "2025Q1"), record
        assert record["breakdown"] is None or set(record["breakdown"]) == {"kind", "name"}


def test_json_total_and_growth_match_the_warehouse_sums(demo_db, qinghai_json):
    """The value and growth are the unrounded sums over Q1 2025 against Q1 2024."""
    current = qinghai_sum(demo_db, "2025-01-01", "2025-03-01")
    base = qinghai_sum(demo_db, "2024-01-01", "2024-03-01")
    value = subject_figure(qinghai_json, "total", "value")
    assert value["unit"] == "亿元" and value["text"] == "进出口总值18.8亿元"
    assert value["value"] == pytest.approx(float(current / Decimal(100_000_000)), rel=1e-12)
    growth = subject_figure(qinghai_json, "total", "yoy_pct")
    assert growth["unit"] == "%" and growth["text"] == "增长87.8%"
    assert growth["value"] == pytest.approx(float((current - base) / base * 100), rel=1e-12)


def test_export_growth_over_100_percent_is_worded_in_times(demo_db, qinghai_json):
    """Exports more than doubled, so the bulletin says 增长N倍: growth = (cur - base) / base, in 倍."""
    current = qinghai_sum(demo_db, "2025-01-01", "2025-03-01", "export")
    base = qinghai_sum(demo_db, "2024-01-01", "2024-03-01", "export")
    times = (current - base) / base
    assert times > 1
    record = subject_figure(qinghai_json, "export", "yoy_times")
    assert record["unit"] == "倍"
    assert record["value"] == pytest.approx(float(times), rel=1e-12)
    assert record["text"] == f"增长{float(times):.1f}倍"
    assert not [r for r in qinghai_json if r["breakdown"] is None and r["flow"] == "export" and r["metric"] == "yoy_pct"]


def test_csv_is_a_tidy_table(demo_db, qinghai_json):
    result = run(demo_db, "figures", "-r", "青海省", "-p", "2025Q1", "--csv")
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames == TIDY_COLUMNS
    rows = list(reader)
    assert len(rows) == len(qinghai_json)
    total = [r for r in rows if r["flow"] == "total" and r["breakdown_kind"] == "" and r["metric"] == "value"]
    assert len(total) == 1
    assert total[0]["unit"] == "亿元" and total[0]["text"] == "进出口总值18.8亿元"
    assert float(total[0]["value"]) == pytest.approx(subject_figure(qinghai_json, "total", "value")["value"])
    assert total[0]["source"].startswith("records[") and total[0]["source"].endswith(" CNY loads 1")


def test_top_partners_are_the_three_largest(demo_db):
    """--top 3 keeps the three partners with the largest 进出口 value, ranked here by plain SQL."""
    result = run(demo_db, "figures", "-r", "青海省", "-p", "2025Q1", "--by", "partner", "--top", "3",
                 "--flow", "total", "--json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    names = {r["breakdown"]["name"] for r in records}
    assert len(names) == 3
    assert {r["breakdown"]["kind"] for r in records} == {"partner"}
    assert {r["flow"] for r in records} == {"total"}
    ranked = sql(demo_db, RECORDS_Q.format(select="partner, sum(value_cny) AS v", where="",
                                           rest="GROUP BY partner ORDER BY v DESC LIMIT 3"),
                 "2025-01-01", "2025-03-01")
    assert names == {partner_by_code(code).name_zh for code, _ in ranked}


@pytest.mark.parametrize("alias", ["青海", "63"])
def test_region_accepts_short_name_and_code(demo_db, qinghai_json, alias):
    result = run(demo_db, "figures", "--region", alias, "--period", "2025Q1", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == qinghai_json


@pytest.mark.parametrize(("option", "bad"), [("--by", "bogus"), ("--flow", "bogus")])
def test_unknown_choice_is_a_usage_error(demo_db, option, bad):
    result = run(demo_db, "figures", "-r", "青海省", "-p", "2025Q1", option, bad)
    assert result.exit_code == 2
    assert "Usage" in result.output and option in result.output and f"'{bad}'" in result.output
    assert "Unexpected error" not in result.output and "Traceback" not in result.output


def test_unknown_region_exits_1_naming_it(demo_db):
    result = run(demo_db, "figures", "-r", "火星", "-p", "2025Q1")
    assert result.exit_code == 1
    assert "unknown region" in result.stderr and "火星" in result.stderr
    assert "Traceback" not in result.output


def test_period_with_missing_months_names_them(demo_db):
    """The demo holds 2022-01..2025-06, so 2025Q3 lacks all three of its months."""
    result = run(demo_db, "figures", "-r", "青海省", "-p", "2025Q3")
    assert result.exit_code == 1
    for month in ("2025-07", "2025-08", "2025-09"):
        assert month in result.stderr
    assert "2025-06" not in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_export_writes_parquet_with_every_trade_row(demo_db, tmp_path):
    folder = tmp_path / "out"
    result = run(demo_db, "export", str(folder))
    assert result.exit_code == 0, result.output
    assert {p.name for p in folder.iterdir()} == {"trade.parquet", "loads.parquet"}
    assert "trade.parquet" in result.stdout and "loads.parquet" in result.stdout
    with open_warehouse(demo_db, read_only=True) as warehouse:
        trade_rows = warehouse.table("trade").count().to_pyarrow().as_py()
        load_rows = warehouse.table("loads").count().to_pyarrow().as_py()
    assert trade_rows > 0
    assert pq.read_metadata(folder / "trade.parquet").num_rows == trade_rows
    assert pq.read_table(folder / "loads.parquet").num_rows == load_rows
