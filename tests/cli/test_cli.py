"""The `waimao` command: outputs, exit codes, --db/WAIMAO_DB, help texts (readers replaced by a stub)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from waimao import api
from waimao.cli import app
from waimao.cli.common import PROGRESS_THRESHOLD
from waimao.errors import IngestError, Issue, Report, Severity
from waimao.ingest.readers.base import ReadResult
from waimao.model.schema import TRADE_SCHEMA

runner = CliRunner()


def make_result(path: Path, months: list[int], *, value="1.00", issues=()) -> ReadResult:
    n = len(months)
    columns = {f.name: [None] * n for f in TRADE_SCHEMA}
    columns.update(month=[dt.date(2025, m, 1) for m in months], flow=["export"] * n, region=["63"] * n,
                   value_cny=[Decimal(value)] * n)
    if not path.exists():
        path.write_text(f"{months} {value}")
    return ReadResult(path=path, kind="gacc", table=pa.table(columns).cast(TRADE_SCHEMA),
                      report=Report(issues=list(issues)), dims=("month", "flow", "region"),
                      months=tuple(dt.date(2025, m, 1) for m in months), flows=("export",), provinces=("63",))


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A warehouse in tmp_path via WAIMAO_DB, and a stub reader fed by `files[path] = ReadResult`."""
    monkeypatch.setenv("WAIMAO_DB", str(tmp_path / "env.duckdb"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("WAIMAO_DEBUG", raising=False)
    files: dict[Path, ReadResult] = {}
    seen_progress: list = []

    def read(path, kind, flow, period, progress, region, national):
        seen_progress.append(progress)
        if progress:
            progress(Path(path).stat().st_size, Path(path).stat().st_size)
        return files[Path(path)]

    monkeypatch.setattr(api, "_read", read)
    files_dir = tmp_path / "files"
    files_dir.mkdir()
    return {"files": files, "dir": files_dir, "db": tmp_path / "env.duckdb", "progress": seen_progress}


def add(env, name: str, months: list[int], **kwargs) -> Path:
    path = env["dir"] / name
    env["files"][path] = make_result(path, months, **kwargs)
    return path


def run(*args: str, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def test_ingest_reports_loaded_then_unchanged(env):
    path = add(env, "q1.csv", [1, 2, 3])
    first = run("ingest", path, "--flow", "export", "--period", "2025M01-M03")
    assert first.exit_code == 0, first.output
    assert "loaded" in first.output and "load 1" in first.output and "2025-01..2025-03" in first.output

    again = run("ingest", path)
    assert again.exit_code == 0
    assert "unchanged" in again.output and "already loaded as load 1" in again.output
    assert len(api.loads(env["db"])) == 1


def test_replacement_is_reported(env):
    run("ingest", add(env, "v1.csv", [1]))
    result = run("ingest", add(env, "v2.csv", [1], value="2.00"))
    assert result.exit_code == 0
    assert "replaced" in result.output and "supersedes load 1" in result.output


def test_errors_are_a_table_with_exit_code_1_and_no_traceback(env):
    bad = Issue("bad-number", "not a number", row=7, column="value_cny", value="12abc")
    path = add(env, "bad.csv", [1], issues=[bad])
    result = run("ingest", path)
    assert result.exit_code == 1
    for text in ("failed", "bad.csv", "bad-number", "12abc", "value_cny", "7", "not a number"):
        assert text in result.output
    assert "Traceback" not in result.output
    assert api.loads(env["db"]) == []


def test_one_failing_file_does_not_stop_the_others(env):
    good = add(env, "good.csv", [1])
    bad = add(env, "bad.csv", [2], issues=[Issue("bad-month", "not a month", row=2, column="month", value="2025-13")])
    later = add(env, "later.csv", [3])
    result = run("ingest", good, bad, later)
    assert result.exit_code == 1
    assert "bad-month" in result.output
    assert "2 of 3 files" in result.output
    assert [Path(r["source_file"]).name for r in api.loads(env["db"])] == ["good.csv", "later.csv"]


def test_overlapping_load_is_refused_with_its_code(env):
    run("ingest", add(env, "q1.csv", [1, 2, 3]))
    result = run("ingest", add(env, "m3m4.csv", [3, 4]))
    assert result.exit_code == 1
    assert "overlapping-load" in result.output
    assert "Traceback" not in result.output


def test_warnings_are_printed_and_exit_code_is_0(env):
    warn = Issue("truncated-download", "exactly 10,000 rows", severity=Severity.WARNING)
    result = run("ingest", add(env, "big.csv", [1], issues=[warn]))
    assert result.exit_code == 0
    assert "truncated-download" in result.output


def test_missing_file_is_an_error_not_a_crash(env):
    result = run("ingest", env["dir"] / "nope.csv")
    assert result.exit_code == 1
    assert "file-not-found" in result.output


def test_unexpected_errors_exit_2_without_traceback_unless_debugging(env, monkeypatch):
    def broken(*args):
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(api, "_read", broken)
    path = env["dir"] / "x.csv"
    path.write_text("x")
    result = run("ingest", path)
    assert result.exit_code == 2
    assert "ZeroDivisionError" in result.output and "WAIMAO_DEBUG" in result.output
    assert "Traceback" not in result.output

    debug = run("ingest", path, env={"WAIMAO_DEBUG": "1"})
    assert isinstance(debug.exception, ZeroDivisionError)


def test_db_option_beats_the_environment(env, tmp_path):
    option_db = tmp_path / "option.duckdb"
    run("ingest", add(env, "a.csv", [1]), "--db", option_db)
    assert option_db.exists()
    assert not env["db"].exists()
    run("ingest", add(env, "b.csv", [2]))
    assert [Path(r["source_file"]).name for r in api.loads(env["db"])] == ["b.csv"]
    assert [Path(r["source_file"]).name for r in api.loads(option_db)] == ["a.csv"]

    as_json = json.loads(run("info", "--json", "--db", option_db).output)
    assert as_json["db"] == str(option_db)


def test_without_db_or_env_the_xdg_folder_is_used(env, tmp_path, monkeypatch):
    monkeypatch.delenv("WAIMAO_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    result = run("ingest", add(env, "a.csv", [1]))
    assert result.exit_code == 0
    assert (tmp_path / "xdg" / "waimao" / "waimao.duckdb").exists()


def test_loads_lists_active_by_default_and_all_on_request(env):
    run("ingest", add(env, "v1.csv", [1]))
    run("ingest", add(env, "v2.csv", [1], value="3.00"))

    active = json.loads(run("loads", "--json").output)
    assert [r["load_id"] for r in active] == [2]
    everything = json.loads(run("loads", "--all", "--json").output)
    assert [(r["load_id"], r["status"]) for r in everything] == [(1, "superseded"), (2, "active")]

    table = run("loads", "--all", env={"COLUMNS": "200"})
    assert table.exit_code == 0
    assert "superseded by 2" in table.output and "v1.csv" in table.output


def test_loads_on_an_empty_warehouse(env):
    result = run("loads")
    assert result.exit_code == 0
    assert "No loads yet" in result.output


def test_restore_swaps_back(env):
    run("ingest", add(env, "v1.csv", [1]))
    run("ingest", add(env, "v2.csv", [1], value="3.00"))
    result = run("restore", "1")
    assert result.exit_code == 0
    assert "restored" in result.output and "superseded load 2" in result.output
    assert [r["status"] for r in api.loads(env["db"])] == ["active", "superseded"]

    unknown = run("restore", "42")
    assert unknown.exit_code == 1
    assert "unknown-load" in unknown.output and "Traceback" not in unknown.output


def test_info_shows_periods_and_the_synthetic_mark(env):
    run("ingest", add(env, "jan.csv", [1]), "--note", "SYNTHETIC demo")
    run("ingest", add(env, "mar.csv", [3]))
    text = run("info", env={"COLUMNS": "200"})
    assert text.exit_code == 0
    assert "SYNTHETIC" in text.output and "2025-02" in text.output

    data = json.loads(run("info", "--json").output)
    assert data["synthetic"] is True
    assert data["periods"][0]["gaps"] == ["2025-02"]


def test_big_files_get_a_progress_callback(env):
    small = add(env, "small.csv", [1])
    big = env["dir"] / "big.csv"
    with open(big, "wb") as f:
        f.truncate(PROGRESS_THRESHOLD + 1)
    env["files"][big] = make_result(big, [2])
    assert run("ingest", small, big).exit_code == 0
    assert env["progress"][0] is None
    assert callable(env["progress"][1])


def test_every_command_has_help_with_an_example():
    group = get_command(app)
    assert group.help and "Example" in group.help
    for name, command in group.commands.items():
        assert command.help, f"{name} has no help"
        assert "Example" in command.help, f"{name} help has no Example block"
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.output


def test_version_and_no_arguments():
    assert run("--version").output.startswith("waimao ")
    assert "ingest" in run().output


def test_every_command_is_documented():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in get_command(app).commands:
        assert f"## waimao {name}" in docs, f"docs/cli.md does not document `waimao {name}`"


def test_real_canonical_files_end_to_end(tmp_path, monkeypatch):
    """No stub: the real reader, loader and warehouse behind the command."""
    monkeypatch.setenv("WAIMAO_DB", str(tmp_path / "w.duckdb"))
    good = tmp_path / "good.csv"
    good.write_text(
        "month,flow,region,partner,product,value_cny\n"
        "2025-01,export,63019,344,85076000,1234.50\n"
        "2025-03,export,63019,344,85076000,99.10\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("month,flow,region,partner,value_cny\n2025-01,export,63019,344,12abc\n", encoding="utf-8")

    result = run("ingest", good, bad, env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "bad-number" in result.output and "12abc" in result.output
    assert "Traceback" not in result.output

    [load] = api.loads(tmp_path / "w.duckdb")
    assert (load["kind"], load["dataset"], load["rows"], load["months"]) == ("canonical", "records", 2, ["2025-01", "2025-03"])
    summary = api.info(tmp_path / "w.duckdb")
    assert summary["periods"][0]["gaps"] == ["2025-02"]
    with api.open_warehouse(tmp_path / "w.duckdb") as wh:
        assert wh.trade().value_cny.sum().to_pyarrow().as_py() == Decimal("1333.60")

    assert "unchanged" in run("ingest", good).output
    with pytest.raises(IngestError) as caught:
        api.ingest(good, kind="excel", db=tmp_path / "w.duckdb")
    assert caught.value.report.issues[0].code == "unknown-format"


def test_a_command_imports_only_its_own_module():
    """Commands are built when run (`waimao.cli.commands`): `waimao report` never imports the claim checker."""
    code = ("import sys; from typer.main import get_command; from waimao.cli import app; group = get_command(app); "
            "assert not [m for m in sys.modules if m.startswith(('waimao.cli.report', 'waimao.claims', 'ibis'))]; "
            "group.get_command(None, 'report'); "
            "print(sorted(m for m in sys.modules if m.startswith(('waimao.cli.', 'waimao.claims', 'ibis'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")})
    assert done.stdout.split() == ["['waimao.cli.commands',", "'waimao.cli.common',", "'waimao.cli.report']"]


def test_lazy_commands_are_the_documented_ones():
    from waimao.cli.commands import COMMANDS

    group = get_command(app)
    assert list(group.commands) == list(COMMANDS)
    assert all(group.commands[name].name == name for name in COMMANDS)
