"""The fixed cost of a command, whatever the data: `import waimao`, `waimao --help`, `waimao report` on the demo.

A statistician runs `waimao report` many times while drafting; on a province's data most of its
time does not grow with the rows (start-up, imports, compiling queries, deriving and wording). Each
command here runs as its own process, as a user starts it, `runs` times; wall and CPU seconds
(user + system, from the kernel's accounting of the finished child) are kept per run.

`waimao report` is timed twice: **cold**, with an empty cache of compiled queries (a new
`$WAIMAO_SQL_CACHE` folder per run: the first report of a region and period on a warehouse), and
**warm** (the cache filled by an earlier run: the same report asked again while drafting).

With `baseline_src` (another checkout's `src/`, e.g. the main branch), each command also runs on
that code, alternating run by run with this one, so before and after are measured in the same
minutes on the same shared machine.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
CLI = "import sys; from waimao.cli import main; sys.argv[0] = 'waimao'; main()"
REGION, PERIOD = "青海", "2025Q2"


def demo_warehouse(folder: Path, log) -> Path:
    """The demo warehouse (`waimao demo`), built once into `folder` and reused."""
    db = folder / "demo.duckdb"
    if not db.exists():
        folder.mkdir(parents=True, exist_ok=True)
        log("  building the demo warehouse …")
        subprocess.run([PYTHON, "-c", CLI, "demo", "--db", str(db)], check=True, stdout=subprocess.DEVNULL,
                       env=_env(None, folder / "sql-build"))
    return db


def _env(src: str | None, cache: Path) -> dict:
    env = dict(os.environ, WAIMAO_SQL_CACHE=str(cache))
    if src is not None:
        env["PYTHONPATH"] = src
    return env


def _timed(argv: list[str], env: dict) -> tuple[float, float]:
    """(wall, cpu) seconds of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed with status {status}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(db: Path, runs: int, baseline_src: str | None, log) -> dict:
    """Each command's wall and CPU seconds per run, on this code ('after') and on the baseline ('before')."""
    report = ["-c", CLI, "report", "-r", REGION, "-p", PERIOD, "--db", str(db)]
    commands = {
        "import waimao": ["-c", "import waimao"],
        "waimao --help": ["-c", CLI, "--help"],
        "waimao report (cold)": report,
        "waimao report (warm)": report,
    }
    codes = {"after": str(Path(__file__).resolve().parents[1] / "src")}
    if baseline_src:
        codes["before"] = baseline_src
    out: dict = {}
    scratch = Path(tempfile.mkdtemp(prefix="waimao-overhead-"))
    try:
        for name, args in commands.items():
            timings: dict[str, dict[str, list[float]]] = {c: {"wall": [], "cpu": []} for c in codes}
            warm = {c: scratch / f"warm-{c}" for c in codes}
            if name.endswith("(warm)"):
                for code, src in codes.items():  # fill the cache once, untimed
                    _timed([PYTHON, *args], _env(src, warm[code]))
            for i in range(runs):
                for code, src in codes.items():  # alternate, so drift hits both alike
                    cache = warm[code] if name.endswith("(warm)") else scratch / f"cold-{code}-{name[:6]}-{i}"
                    wall, cpu = _timed([PYTHON, *args], _env(src, cache))
                    timings[code]["wall"].append(wall)
                    timings[code]["cpu"].append(cpu)
            out[name] = timings
            log(f"  {name}: " + ", ".join(f"{c} {statistics.median(t['wall']):.2f} s wall / "
                                          f"{statistics.median(t['cpu']):.2f} s cpu" for c, t in timings.items()))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return out


def load_average() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


__all__ = ["demo_warehouse", "load_average", "measure"]
