"""The public API over the warehouse: ingest, loads, restore, info (readers replaced by a stub)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

from waimao import api
from waimao.errors import IngestError, Issue, Report
from waimao.ingest.readers.base import ReadResult
from waimao.model.schema import TRADE_SCHEMA


def make_result(path: Path, months: list[int], *, flow="export", region="63019", value="1.00", issues=()) -> ReadResult:
    n = len(months)
    columns = {f.name: [None] * n for f in TRADE_SCHEMA}
    columns.update(
        month=[dt.date(2025, m, 1) for m in months], flow=[flow] * n, region=[region] * n,
        value_cny=[Decimal(value)] * n,
    )
    path.write_text(f"{months} {flow} {region} {value}")
    return ReadResult(path=path, kind="canonical", table=pa.table(columns).cast(TRADE_SCHEMA),
                      report=Report(issues=list(issues)), dims=("month", "flow", "region"),
                      months=tuple(dt.date(2025, m, 1) for m in months), flows=(flow,), provinces=(region[:2],))


@pytest.fixture
def stub_reader(monkeypatch):
    """Files -> prepared ReadResults; records the arguments each read got."""
    results: dict[Path, ReadResult] = {}
    calls: list[dict] = []

    def read(path, kind, flow, period, progress, region, national):
        calls.append({"path": path, "kind": kind, "flow": flow, "period": period, "progress": progress,
                      "region": region, "national": national})
        return results[Path(path)]

    monkeypatch.setattr(api, "_read", read)
    return results, calls


def test_ingest_passes_options_to_the_reader_and_loads(tmp_path, stub_reader):
    results, calls = stub_reader
    path = tmp_path / "q1.csv"
    results[path] = make_result(path, [1, 2, 3])
    db = tmp_path / "w.duckdb"

    [outcome] = api.ingest(path, kind="gacc", flow="export", period="2025M01-M03", dataset="mine", db=db)

    assert calls[0]["kind"] == "gacc" and calls[0]["flow"] == "export" and calls[0]["period"] == "2025M01-M03"
    assert (outcome.outcome, outcome.dataset, outcome.rows) == ("loaded", "mine", 3)
    assert db.exists()
    assert api.ingest([path], dataset="mine", db=db)[0].outcome == "unchanged"


def test_each_file_is_its_own_transaction_and_failures_are_collected(tmp_path, stub_reader):
    results, _ = stub_reader
    good, bad, other = tmp_path / "good.csv", tmp_path / "bad.csv", tmp_path / "other.csv"
    results[good] = make_result(good, [1])
    broken = Issue("bad-number", "not a number", file=str(bad), row=2, column="value_cny", value="x")
    results[bad] = make_result(bad, [2], issues=[broken])
    results[other] = make_result(other, [3])
    db = tmp_path / "w.duckdb"

    with pytest.raises(IngestError) as caught:
        api.ingest([good, bad, other], db=db)

    assert "1 of 3 files" in str(caught.value)
    assert caught.value.report.errors == [broken]
    assert [o.path for o in caught.value.outcomes] == [str(good), str(other)]
    assert [row["source_file"] for row in api.loads(db)] == [str(good), str(other)]


def test_a_missing_file_is_an_ingest_error(tmp_path, stub_reader):
    with pytest.raises(IngestError) as caught:
        api.ingest(tmp_path / "nope.csv", db=tmp_path / "w.duckdb")
    assert caught.value.report.issues[0].code == "file-not-found"


def test_loads_history_is_json_ready(tmp_path, stub_reader):
    results, _ = stub_reader
    db = tmp_path / "w.duckdb"
    for name, value in (("v1.csv", "1.00"), ("v2.csv", "2.00")):
        results[tmp_path / name] = make_result(tmp_path / name, [1, 2], value=value)
        api.ingest(tmp_path / name, db=db, note="revision" if name == "v2.csv" else None)

    history = api.loads(db)
    assert [(r["load_id"], r["status"], r["superseded_by"]) for r in history] == [
        (1, "superseded", 2),
        (2, "active", None),
    ]
    first = history[0]
    assert first["months"] == ["2025-01", "2025-02"]
    assert (first["first_month"], first["last_month"], first["period"]) == ("2025-01", "2025-02", "2025-01..2025-02")
    assert isinstance(first["loaded_at"], str) and isinstance(first["meta"], dict)
    assert history[1]["note"] == "revision"
    assert [r["load_id"] for r in api.loads(db, include_superseded=False)] == [2]

    outcome = api.restore(1, db=db)
    assert outcome.superseded == (2,)
    assert [r["status"] for r in api.loads(db)] == ["active", "superseded"]


def test_info_reports_periods_gaps_regions_sources_and_synthetic(tmp_path, stub_reader):
    results, _ = stub_reader
    with api.open_warehouse(tmp_path / "w.duckdb") as wh:
        files = {
            "jan.csv": make_result(tmp_path / "jan.csv", [1], region="63019"),
            "apr.csv": make_result(tmp_path / "apr.csv", [4, 5], region="63012"),
            "imp.csv": make_result(tmp_path / "imp.csv", [1], flow="import", region="63019"),
        }
        for name, result in files.items():
            results[tmp_path / name] = result
        api.ingest([tmp_path / n for n in files], db=wh, note="SYNTHETIC demo data")
        summary = api.info(wh)

    assert summary["rows"] == 4
    assert summary["loads"] == {"active": 3, "superseded": 0}
    assert summary["synthetic"] is True
    assert summary["datasets"] == [
        {"dataset": "records", "rows": 4, "loads": 3, "kinds": {"canonical": 4}, "synthetic": True}
    ]
    export, import_ = summary["periods"]
    assert (export["flow"], export["first_month"], export["last_month"]) == ("export", "2025-01", "2025-05")
    assert export["gaps"] == ["2025-02", "2025-03"]
    assert (import_["flow"], import_["months"], import_["gaps"]) == ("import", 1, [])
    assert summary["regions"] == [
        {"dataset": "records", "region": "63012", "rows": 2},
        {"dataset": "records", "region": "63019", "rows": 2},
    ]
    assert [s["source_file"] for s in summary["sources"]] == [str(tmp_path / n) for n in files]


def test_info_of_an_empty_warehouse(tmp_path):
    summary = api.info(tmp_path / "w.duckdb")
    assert summary["rows"] == 0
    assert summary["synthetic"] is False
    assert summary["datasets"] == [] and summary["periods"] == [] and summary["regions"] == []
    assert summary["db"] == str(tmp_path / "w.duckdb")


def test_loads_without_the_synthetic_mark_are_real(tmp_path, stub_reader):
    results, _ = stub_reader
    results[tmp_path / "a.csv"] = make_result(tmp_path / "a.csv", [1])
    api.ingest(tmp_path / "a.csv", db=tmp_path / "w.duckdb", note="customs office extract")
    assert api.info(tmp_path / "w.duckdb")["synthetic"] is False
    assert api.loads(tmp_path / "w.duckdb")[0]["synthetic"] is False


def test_a_load_without_months_does_not_break_info(tmp_path, stub_reader):
    results, _ = stub_reader
    empty = make_result(tmp_path / "empty.csv", [])
    empty.months, empty.flows = (), ()
    results[tmp_path / "empty.csv"] = empty
    [outcome] = api.ingest(tmp_path / "empty.csv", db=tmp_path / "w.duckdb")
    assert (outcome.outcome, outcome.rows) == ("loaded", 0)
    summary = api.info(tmp_path / "w.duckdb")
    assert summary["periods"] == [] and summary["loads"]["active"] == 1
    assert api.loads(tmp_path / "w.duckdb")[0]["first_month"] is None
