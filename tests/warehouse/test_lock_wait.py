"""Waiting, not failing, on the warehouse lock: DuckDB lets one process write a file, or several read it.

Another process holds the file here as the web server or a long `waimao ingest` would: a child
Python that opens it and sleeps. Opening it meanwhile waits (with a message for `waimao ingest`)
and succeeds once the holder lets go; past the wait the error is coded `warehouse-busy`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
from typer.testing import CliRunner

from waimao.api import open_warehouse
from waimao.cli import app as cli_app
from waimao.engines.duckdb import BUSY, Warehouse
from waimao.errors import EngineError

CSV = "month,flow,region,partner,value_cny\n2025-01,export,63019,344,100000000\n"

HOLD = """
import sys, time
import duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read")
print("held", flush=True)
time.sleep(float(sys.argv[3]))
con.close()
"""


@contextmanager
def held(db, mode: str, seconds: float):
    """Another process holds `db` (to "read" or "write") for `seconds` from the moment this block starts."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), mode, str(seconds)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "w.duckdb"
    Warehouse(path).close()  # a warehouse with its tables, closed
    return path


def test_a_reader_waits_for_a_writer_to_finish(db):
    with held(db, "write", 1.0):
        started = time.monotonic()
        with open_warehouse(db, read_only=True, wait=20) as warehouse:
            waited = time.monotonic() - started
            assert warehouse.state_token()
    assert 0.3 < waited < 20


def test_a_writer_waits_for_readers_and_says_who_holds_the_file(db):
    notes = []
    with held(db, "read", 1.0) as holder:
        with open_warehouse(db, wait=20, on_wait=lambda waited, limit, who: notes.append((waited, limit, who))):
            pass
    assert notes and notes[0][1] == 20
    assert f"process {holder.pid} is reading it" in notes[0][2]


def test_past_the_wait_the_error_is_coded_warehouse_busy(db):
    with held(db, "write", 30) as holder:
        started = time.monotonic()
        with pytest.raises(EngineError) as raised:
            Warehouse(db, read_only=True, wait=0.5)
        assert time.monotonic() - started >= 0.5
        assert holder.poll() is None  # it gave up while the file was still held
    assert [issue.code for issue in raised.value.report.issues] == [BUSY]
    assert "is writing it" in str(raised.value)


def test_ingest_waits_with_a_message_while_the_server_reads(db, tmp_path):
    data = tmp_path / "q1.csv"
    data.write_text(CSV, encoding="utf-8")
    with held(db, "read", 1.5):
        result = CliRunner().invoke(cli_app, ["ingest", str(data), "--db", str(db), "--wait", "30"])
    assert result.exit_code == 0, result.output
    assert "waiting for the warehouse" in result.output and "is reading it" in result.output
    assert "loaded" in result.output


def test_ingest_gives_up_after_wait_seconds_with_a_coded_error(db, tmp_path):
    data = tmp_path / "q1.csv"
    data.write_text(CSV, encoding="utf-8")
    with held(db, "write", 30) as holder:
        result = CliRunner().invoke(cli_app, ["ingest", str(data), "--db", str(db), "--wait", "1"])
        assert holder.poll() is None
    assert result.exit_code == 1, result.output
    assert BUSY in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("command", [["loads"], ["info"]])
def test_readers_wait_for_a_load_in_another_process(db, command):
    with held(db, "write", 1.5):
        result = CliRunner().invoke(cli_app, [*command, "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output


def test_readers_share_the_file_with_other_readers(db):
    """`waimao loads` opens the file read-only, so a reader in another process does not make it wait."""
    with held(db, "read", 30) as holder:
        result = CliRunner().invoke(cli_app, ["loads", "--db", str(db), "--json"])
        assert holder.poll() is None
    assert result.exit_code == 0, result.output
