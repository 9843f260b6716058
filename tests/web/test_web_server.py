"""`waimao serve` in a process of its own, with a long POST /check in flight (500,000 characters, seconds
of reading): other requests are answered meanwhile, the warehouse stays free for `waimao ingest`, and
SIGTERM stops the server and the child reading the texts within seconds.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

WAIMAO = Path(sys.executable).with_name("waimao")
#: A layout that takes seconds to read: five texts of 100,000 characters (the most a request may hold).
DENSE = "一季度，西宁市进出口3亿元，海东市进出口2亿元。一季度，青海省进出口4亿元。"
TEXTS = [{"name": f"{i}.txt", "text": (DENSE * 4000)[:100_000]} for i in range(5)]
CSV = "month,flow,region,partner,value_cny\n2025-01,export,63019,344,100000000\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (children, grandchildren …), from `ps`."""
    rows = subprocess.run(["ps", "-eo", "pid=,ppid="], capture_output=True, text=True, check=True).stdout.split("\n")
    children: dict[int, list[int]] = {}
    for row in rows:
        if row.strip():
            child, parent = map(int, row.split())
            children.setdefault(parent, []).append(child)
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    return subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout.strip() \
        not in ("", "Z")


class Server:
    """`waimao serve` on a free port over `db`, with a generous /check budget."""

    def __init__(self, db: Path):
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([str(WAIMAO), "serve", "--db", str(db), "--port", str(self.port),
                                         "--check-seconds", "300", "--log-level", "warning"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/openapi.json", timeout=2):
                    return
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        pytest.fail("waimao serve did not start", pytrace=False)

    def get(self, path: str) -> int:
        with urllib.request.urlopen(self.url + path, timeout=120) as response:
            response.read()
            return response.status

    def long_check(self) -> tuple[threading.Thread, dict]:
        """POST the long check from a thread; the dict gets its status, or the error that ended it."""
        outcome: dict = {}
        body = json.dumps({"texts": TEXTS, "year": 2025}).encode("utf-8")

        def post() -> None:
            request = urllib.request.Request(self.url + "/check", data=body,
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=600) as response:
                    outcome["status"] = response.status
            except urllib.error.HTTPError as e:
                outcome["status"] = e.code
            except OSError as e:
                outcome["error"] = e

        thread = threading.Thread(target=post, daemon=True)
        thread.start()
        return thread, outcome

    def reader(self) -> int:
        """The pid of the child reading the texts: a grandchild, forked by multiprocessing's fork server."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            below = descendants(self.process.pid)
            grandchildren = below - {child for child in below if _parent(child) == self.process.pid}
            if grandchildren:
                return min(grandchildren)
            time.sleep(0.05)
        pytest.fail("no child started reading the texts", pytrace=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _parent(pid: int) -> int | None:
    out = subprocess.run(["ps", "-o", "ppid=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    return int(out) if out else None


@pytest.fixture
def server(demo_db, tmp_path):
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    running = Server(db)
    yield running
    running.stop()


def test_a_long_check_holds_up_neither_other_requests_nor_the_warehouse(server, tmp_path):
    data = tmp_path / "q1.csv"
    data.write_text(CSV, encoding="utf-8")
    check, outcome = server.long_check()
    time.sleep(2)  # the texts are on their way, or being read
    assert server.get("/loads?all=true") == 200  # never asked before: the warehouse is opened for it
    assert check.is_alive(), "the check should still be reading"
    loaded = subprocess.run([str(WAIMAO), "ingest", str(data), "--db", str(server.db), "--dataset", "extra",
                             "--wait", "0"], capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr  # no warehouse is held while texts are read
    assert check.is_alive(), "the check should still be reading"
    check.join(timeout=300)
    assert outcome.get("status") == 200, outcome


def test_sigterm_stops_the_server_and_its_reader_within_seconds(server):
    check, outcome = server.long_check()
    reader = server.reader()
    children = descendants(server.process.pid)
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=20)  # uvicorn lets requests finish for 3 s, then cancels them
    except subprocess.TimeoutExpired:
        pytest.fail("waimao serve was still running 20 s after SIGTERM", pytrace=False)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in children):
        time.sleep(0.1)
    assert not alive(reader), "the child reading the texts outlived the server"
    assert [pid for pid in children if alive(pid)] == []
    check.join(timeout=30)
    assert "status" not in outcome  # the check was cut off, not answered
