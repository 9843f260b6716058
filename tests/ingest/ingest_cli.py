"""Running `waimao ingest` in a subprocess and judging what it did to each file and to the warehouse.

A subprocess, not CliRunner: a segfault or an abort must fail the test, not the test run. The
verdict comes from two independent sources: what the command printed for each file, and what
the warehouse holds afterwards, read with the duckdb module directly (not through waimao).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from waimao.ingest.issue_codes import ISSUE_CODES

WAIMAO = Path(sys.executable).with_name("waimao")
#: Codes the loader adds to the readers' catalogue (an overlap with an earlier load, a missing file).
LOADER_CODES = {"overlapping-load", "schema-mismatch", "file-not-found", "missing-value", "unknown-flow"}
CODE = re.compile(r"[a-z]+(?:-[a-z]+)*")
#: What must never reach stderr: a traceback, a bug message, a library's warning, a crash.
NOISE = re.compile(r"Traceback|Unexpected error|Exception ignored|\w+Warning\b|Segmentation|Fatal Python error|"
                   r"core dumped|Aborted")
#: Long enough for a 4 MB file on a slow machine; a stall beyond it fails the test.
TIMEOUT = 120


@dataclass
class Run:
    """The outcome of one `waimao ingest` over several files."""

    returncode: int
    stdout: str
    stderr: str
    outcomes: dict[str, str] = field(default_factory=dict)  # file name -> loaded|replaced|unchanged|failed
    codes: dict[str, list[str]] = field(default_factory=dict)  # failed file -> the codes printed for it
    loads: list[dict] = field(default_factory=list)  # the warehouse's loads table, read with duckdb
    rows_by_load: dict[int, int] = field(default_factory=dict)  # load_id -> rows in trade + trade_archive

    def problems(self, names: list[str]) -> list[str]:
        """Everything that breaks the property: crash, noise, an uncoded refusal, rows left by a refused file."""
        found = []
        if self.returncode not in (0, 1):
            found.append(f"exit code {self.returncode} (a crash or an uncoded error)")
        if NOISE.search(self.stderr):
            found.append(f"stderr has {NOISE.search(self.stderr).group()!r}")
        for name in names:
            outcome = self.outcomes.get(name)
            if outcome is None:
                found.append(f"{name}: no outcome printed")
            elif outcome == "failed" and not self.codes.get(name):
                found.append(f"{name}: refused without a coded issue")
            elif outcome == "failed" and not set(self.codes[name]) <= set(ISSUE_CODES) | LOADER_CODES:
                found.append(f"{name}: unknown codes {self.codes[name]}")
        failed = [n for n in names if self.outcomes.get(n) == "failed"]
        if (self.returncode == 0) == bool(failed):
            found.append(f"exit code {self.returncode} with {len(failed)} refused files")
        for load in self.loads:
            name = Path(load["source_file"]).name
            if self.outcomes.get(name) == "failed":
                found.append(f"{name}: refused but load {load['load_id']} was written")
            if self.rows_by_load.get(load["load_id"], 0) != load["rows"]:
                found.append(f"load {load['load_id']} says {load['rows']} rows, the tables hold "
                             f"{self.rows_by_load.get(load['load_id'], 0)}")
        stray = set(self.rows_by_load) - {load["load_id"] for load in self.loads}
        if stray:
            found.append(f"rows of loads {sorted(stray)} that the loads table does not know")
        return found


def ingest(paths: list[Path], db: Path, *extra: str, timeout: int = TIMEOUT) -> Run:
    env = {**os.environ, "COLUMNS": "300", "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("WAIMAO_DEBUG", None)
    try:
        done = subprocess.run([str(WAIMAO), "ingest", "--db", str(db), *extra, *map(str, paths)], capture_output=True,
                              text=True, errors="replace", env=env, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"waimao ingest stalled for {timeout} s on {[p.name for p in paths]}") from exc
    run = Run(done.returncode, done.stdout, done.stderr)
    for name in (p.name for p in paths):
        run.outcomes[name] = _outcome(name, done.stdout, done.stderr)
        if run.outcomes[name] == "failed":
            run.codes[name] = _codes(name, done.stderr)
    if db.exists():
        _audit(run, db)
    return run


def _outcome(name: str, stdout: str, stderr: str) -> str | None:
    quoted = re.escape(name)
    for outcome, text in (("failed", stderr), ("loaded", stdout), ("replaced", stdout), ("unchanged", stdout)):
        if re.search(rf"^{outcome} +{quoted}(:| ->)", text, flags=re.M):
            return outcome
    return None


def _codes(name: str, stderr: str) -> list[str]:
    """The codes in the tables printed after `failed  <name>`, up to the next file's line."""
    start = re.search(rf"^failed +{re.escape(name)}:", stderr, flags=re.M)
    block = stderr[start.end():]
    following = re.search(r"^failed +\S", block, flags=re.M)
    block = block[:following.start()] if following else block
    if not re.search(rf"^errors in {re.escape(name)}$", block, flags=re.M):
        return []
    firsts = [line.split("│")[1].strip() for line in block.splitlines() if line.startswith("│")]
    return [cell for cell in firsts if CODE.fullmatch(cell)]


def _audit(run: Run, db: Path) -> None:
    with duckdb.connect(str(db), read_only=True) as con:
        names = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        if "loads" not in names:
            return
        cursor = con.execute("select load_id, source_file, rows, status from loads order by load_id")
        keys = [d[0] for d in cursor.description]
        run.loads = [dict(zip(keys, r)) for r in cursor.fetchall()]
        counts = Counter()
        for table in ("trade", "trade_archive"):
            if table in names:
                for load_id, n in con.execute(f"select load_id, count(*) from {table} group by load_id").fetchall():
                    counts[load_id] += n
        run.rows_by_load = dict(counts)
