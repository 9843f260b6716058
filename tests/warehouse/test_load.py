"""Loading ReadResults: the loads table, idempotency, replacement, restore, atomicity, overlaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from waimao.engines.duckdb import Warehouse
from waimao.errors import IngestError, Issue, Report, Severity
from waimao.ingest.load import load, restore
from waimao.ingest.readers.base import ReadResult
from waimao.model.schema import TRADE_SCHEMA


def month(m: int, year: int = 2025) -> dt.date:
    return dt.date(year, m, 1)


def make_result(
    path: Path,
    months: list[int],
    *,
    value: str = "1.00",
    flow: str = "export",
    region: str = "63019",
    kind: str = "canonical",
    issues: list[Issue] | None = None,
    dims: tuple[str, ...] = ("month", "flow", "region"),
) -> ReadResult:
    """One row per month; the file on disk holds the same rows, so its hash follows its content."""
    n = len(months)
    columns = {f.name: [None] * n for f in TRADE_SCHEMA}
    columns.update(
        month=[month(m) for m in months], flow=[flow] * n, region=[region] * n, value_cny=[Decimal(value)] * n
    )
    table = pa.table(columns).cast(TRADE_SCHEMA)
    pacsv.write_csv(table, path)
    return ReadResult(
        path=path,
        kind=kind,
        table=table,
        report=Report(issues=list(issues or [])),
        dims=dims,
        months=tuple(month(m) for m in months),
        flows=(flow,),
        provinces=(region[:2],),
    )


@pytest.fixture
def wh(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        yield warehouse


def statuses(wh: Warehouse) -> dict[int, tuple[str, int | None]]:
    rows = wh.loads().select("load_id", "status", "superseded_by").to_pyarrow().to_pylist()
    return {r["load_id"]: (r["status"], r["superseded_by"]) for r in rows}


def active_total(wh: Warehouse) -> Decimal:
    return wh.trade().value_cny.sum().to_pyarrow().as_py() or Decimal(0)


def count(wh: Warehouse, table: str) -> int:
    return wh.table(table).count().to_pyarrow().as_py()


def test_load_writes_rows_and_a_loads_row(wh, tmp_path):
    result = make_result(tmp_path / "q1.csv", [1, 2, 3], value="12.34")
    outcome = load(wh, result, note="first load")

    assert (outcome.outcome, outcome.load_id, outcome.rows, outcome.dataset) == ("loaded", 1, 3, "records")
    assert active_total(wh) == Decimal("37.02")
    assert isinstance(active_total(wh), Decimal)
    [row] = wh.loads().to_pyarrow().to_pylist()
    assert row["dataset"] == "records"
    assert row["kind"] == "canonical"
    assert row["source_file"] == str(tmp_path / "q1.csv")
    assert len(row["content_hash"]) == 64
    assert row["rows"] == 3
    assert row["months"] == [month(1), month(2), month(3)]
    assert (row["first_month"], row["last_month"]) == (month(1), month(3))
    assert row["flows"] == ["export"]
    assert row["provinces"] == ["63"]
    assert row["dims"] == ["month", "flow", "region"]
    assert row["currency"] == "CNY"
    assert row["status"] == "active"
    assert row["superseded_by"] is None
    assert row["note"] == "first load"
    assert set(wh.trade().load_id.to_pyarrow().to_pylist()) == {1}


def test_dataset_defaults_by_kind_and_can_be_overridden(wh, tmp_path):
    assert load(wh, make_result(tmp_path / "a.csv", [1], kind="gacc")).dataset == "platform"
    assert load(wh, make_result(tmp_path / "b.csv", [1], kind="comtrade")).dataset == "comtrade"
    assert load(wh, make_result(tmp_path / "c.csv", [1]), dataset="office").dataset == "office"
    assert wh.trade("platform").count().to_pyarrow().as_py() == 1
    assert wh.trade("records").count().to_pyarrow().as_py() == 0


def test_same_file_again_is_unchanged_and_writes_nothing(wh, tmp_path):
    first = load(wh, make_result(tmp_path / "q1.csv", [1, 2, 3]))
    token = wh.state_token()
    again = load(wh, make_result(tmp_path / "q1.csv", [1, 2, 3]))

    assert (again.outcome, again.load_id) == ("unchanged", first.load_id)
    assert count(wh, "loads") == 1
    assert count(wh, "trade") == 3
    assert wh.state_token() == token


def test_same_file_in_another_dataset_is_loaded(wh, tmp_path):
    load(wh, make_result(tmp_path / "q1.csv", [1]))
    other = load(wh, make_result(tmp_path / "q1.csv", [1]), dataset="copy")
    assert other.outcome == "loaded"
    assert count(wh, "loads") == 2


def test_file_with_errors_loads_nothing_and_carries_the_report(wh, tmp_path):
    bad = Issue("bad-number", "not a number", file="bad.csv", row=3, column="value_cny", value="abc")
    result = make_result(tmp_path / "bad.csv", [1], issues=[bad])
    with pytest.raises(IngestError) as caught:
        load(wh, result)
    assert caught.value.report.errors == [bad]
    assert count(wh, "trade") == 0
    assert count(wh, "loads") == 0


def test_warnings_do_not_stop_a_load(wh, tmp_path):
    warning = Issue("truncated-download", "10,000 rows", severity=Severity.WARNING)
    outcome = load(wh, make_result(tmp_path / "w.csv", [1], issues=[warning]))
    assert outcome.outcome == "loaded"
    assert outcome.warnings == (warning,)
    assert wh.loads().meta.to_pyarrow().to_pylist() == ['{"reader": {}, "stats": {}, "warnings": {"truncated-download": 1}, "hash_of": "file"}']


def test_a_file_for_the_same_months_replaces_and_archives_the_old_load(wh, tmp_path):
    load(wh, make_result(tmp_path / "q1.csv", [1, 2, 3], value="1.00"))
    outcome = load(wh, make_result(tmp_path / "q1_revised.csv", [1, 2, 3], value="2.00"))

    assert (outcome.outcome, outcome.load_id, outcome.superseded) == ("replaced", 2, (1,))
    assert active_total(wh) == Decimal("6.00")
    assert count(wh, "trade_archive") == 3
    assert set(wh.table("trade_archive").load_id.to_pyarrow().to_pylist()) == {1}
    assert statuses(wh) == {1: ("superseded", 2), 2: ("active", None)}


def test_a_longer_file_replaces_several_shorter_loads(wh, tmp_path):
    load(wh, make_result(tmp_path / "jan.csv", [1]))
    load(wh, make_result(tmp_path / "feb.csv", [2]))
    outcome = load(wh, make_result(tmp_path / "q1.csv", [1, 2, 3], value="5.00"))
    assert outcome.superseded == (1, 2)
    assert active_total(wh) == Decimal("15.00")


def test_other_flows_regions_and_dims_coexist(wh, tmp_path):
    load(wh, make_result(tmp_path / "x.csv", [1, 2], flow="export"))
    load(wh, make_result(tmp_path / "m.csv", [1, 2], flow="import"))
    load(wh, make_result(tmp_path / "gs.csv", [1, 2], region="62010"))
    load(wh, make_result(tmp_path / "hs.csv", [1, 2], dims=("month", "flow", "region", "product")))
    assert [s for s, _ in statuses(wh).values()] == ["active"] * 4
    assert count(wh, "trade") == 8


def test_partial_overlap_is_refused_and_names_the_other_load(wh, tmp_path):
    load(wh, make_result(tmp_path / "q1.csv", [1, 2, 3]))
    token = wh.state_token()
    with pytest.raises(IngestError) as caught:
        load(wh, make_result(tmp_path / "m3_m4.csv", [3, 4]))
    [issue] = caught.value.report.issues
    assert issue.code == "overlapping-load"
    assert "load 1" in issue.message and "q1.csv" in issue.message
    assert issue.value == "2025-03"
    assert wh.state_token() == token
    assert count(wh, "loads") == 1


def test_a_narrower_file_inside_a_loaded_period_is_refused(wh, tmp_path):
    load(wh, make_result(tmp_path / "q1.csv", [1, 2, 3]))
    with pytest.raises(IngestError) as caught:
        load(wh, make_result(tmp_path / "feb.csv", [2]))
    assert caught.value.report.issues[0].code == "overlapping-load"
    assert caught.value.report.issues[0].value == "2025-02"


def test_restore_swaps_back_and_can_be_undone(wh, tmp_path):
    load(wh, make_result(tmp_path / "q1.csv", [1, 2, 3], value="1.00"))
    load(wh, make_result(tmp_path / "q1_revised.csv", [1, 2, 3], value="2.00"))
    token_revised = wh.state_token()

    outcome = restore(wh, 1)
    assert (outcome.outcome, outcome.superseded) == ("restored", (2,))
    assert active_total(wh) == Decimal("3.00")
    assert statuses(wh) == {1: ("active", None), 2: ("superseded", 1)}
    assert set(wh.table("trade_archive").load_id.to_pyarrow().to_pylist()) == {2}
    assert wh.state_token() != token_revised

    restore(wh, 2)
    assert active_total(wh) == Decimal("6.00")
    assert wh.state_token() == token_revised


def test_restoring_one_of_a_replaced_set_brings_the_set_back(wh, tmp_path):
    load(wh, make_result(tmp_path / "jan.csv", [1], value="1.00"))
    load(wh, make_result(tmp_path / "febmar.csv", [2, 3], value="1.00"))
    load(wh, make_result(tmp_path / "q1.csv", [1, 2, 3], value="7.00"))

    outcome = restore(wh, 1)
    assert outcome.restored == (2,)
    assert outcome.warnings == ()
    assert active_total(wh) == Decimal("3.00")
    assert statuses(wh) == {1: ("active", None), 2: ("active", None), 3: ("superseded", 1)}


def test_restore_warns_about_months_left_uncovered(wh, tmp_path):
    load(wh, make_result(tmp_path / "jan.csv", [1]))
    load(wh, make_result(tmp_path / "q1.csv", [1, 2, 3]))
    outcome = restore(wh, 1)
    [warning] = outcome.warnings
    assert warning.code == "restore-gap"
    assert "2025-02..2025-03" in warning.message


def test_restore_of_unknown_or_active_load(wh, tmp_path):
    load(wh, make_result(tmp_path / "jan.csv", [1]))
    with pytest.raises(IngestError) as caught:
        restore(wh, 99)
    assert caught.value.report.issues[0].code == "unknown-load"
    assert restore(wh, 1).outcome == "unchanged"


def test_a_failure_in_the_middle_of_a_load_leaves_nothing(wh, tmp_path, monkeypatch):
    load(wh, make_result(tmp_path / "q1.csv", [1, 2, 3], value="1.00"))
    token = wh.state_token()

    def crash(self, record):
        raise RuntimeError("disk full")

    # the last write of a load: rows already inserted and the old load already archived
    monkeypatch.setattr(Warehouse, "add_load_record", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        load(wh, make_result(tmp_path / "q1_revised.csv", [1, 2, 3], value="2.00"))

    assert active_total(wh) == Decimal("3.00")
    assert count(wh, "trade") == 3
    assert count(wh, "trade_archive") == 0
    assert statuses(wh) == {1: ("active", None)}
    assert wh.state_token() == token


def test_a_failure_half_way_through_the_row_insert_leaves_nothing(wh, tmp_path, monkeypatch):
    real_append = Warehouse.append_trade

    def append_half_then_crash(self, rows, load_id):
        real_append(self, rows.slice(0, 1), load_id)
        raise OSError("connection lost")

    monkeypatch.setattr(Warehouse, "append_trade", append_half_then_crash)
    with pytest.raises(OSError):
        load(wh, make_result(tmp_path / "q1.csv", [1, 2, 3]))
    assert count(wh, "trade") == 0
    assert count(wh, "loads") == 0


def test_restore_is_atomic_too(wh, tmp_path, monkeypatch):
    load(wh, make_result(tmp_path / "q1.csv", [1, 2, 3], value="1.00"))
    load(wh, make_result(tmp_path / "q1_revised.csv", [1, 2, 3], value="2.00"))

    def crash(self, load_id):
        raise RuntimeError("boom")

    monkeypatch.setattr(Warehouse, "unarchive_load", crash)
    with pytest.raises(RuntimeError):
        restore(wh, 1)
    assert statuses(wh) == {1: ("superseded", 2), 2: ("active", None)}
    assert active_total(wh) == Decimal("6.00")


def test_rows_that_do_not_fit_the_schema_are_refused(wh, tmp_path):
    result = make_result(tmp_path / "q1.csv", [1])
    result.table = result.table.drop_columns(["value_usd"])
    with pytest.raises(IngestError) as caught:
        load(wh, result)
    assert caught.value.report.issues[0].code == "schema-mismatch"


def test_a_file_without_rows_records_its_months_and_replaces_them(wh, tmp_path):
    load(wh, make_result(tmp_path / "jan.csv", [1]))
    empty = make_result(tmp_path / "jan_none.csv", [])
    empty.months = (month(1),)
    empty.flows = ("export",)
    empty.provinces = ("63",)
    outcome = load(wh, empty)
    assert (outcome.outcome, outcome.rows, outcome.superseded) == ("replaced", 0, (1,))
    assert count(wh, "trade") == 0
    assert statuses(wh) == {1: ("superseded", 2), 2: ("active", None)}


def test_coverage_includes_months_the_reader_did_not_declare(wh, tmp_path):
    result = make_result(tmp_path / "q1.csv", [1, 2])
    result.months = (month(1),)
    load(wh, result)
    assert wh.loads().months.to_pyarrow().to_pylist() == [[month(1), month(2)]]


def test_a_flow_outside_export_and_import_is_refused(wh, tmp_path):
    result = make_result(tmp_path / "q1.csv", [1], flow="re-export")
    with pytest.raises(IngestError) as caught:
        load(wh, result)
    issue = caught.value.report.issues[0]
    assert (issue.code, issue.column, issue.value) == ("unknown-flow", "flow", "re-export")
    assert count(wh, "loads") == 0
