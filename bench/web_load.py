"""Load test of the web API against 127.0.0.1 only: the dashboard's calls, alone and while POST /check is busy.

Starts `waimao serve`'s app with uvicorn in a child process over a warehouse (the demo's, built
into a temporary folder unless --db is given) and warms the cache with one request per URL. Then
N clients send requests back to back, each on one keep-alive connection, in two phases of the
same length, so that the second is measured against a baseline taken in the same run:

1. baseline: every client cycles through the dashboard's calls (/info, /regions, /periods,
   /figures of the region and of its breakdowns, /release);
2. under /check: --check-clients of the N clients post /check instead, each a newspaper page
   (10,000-15,000 characters) under a name of its own, so that every one is read and verified
   rather than answered from the cache.

The client is a minimal HTTP/1.1 client on asyncio streams, so that its own cost disturbs the
measurement as little as a Python client can. It reports, per phase and route, the requests,
p50/p95/p99/max latency, the statuses, the 5xx answers and the connection errors.

    .venv/bin/python bench/web_load.py                      # demo warehouse, 50 clients (10 on /check), 2 x 15 s
    .venv/bin/python bench/web_load.py --db trade.duckdb --clients 50 --check-clients 10 --seconds 30 --json
    .venv/bin/python bench/web_load.py --url http://127.0.0.1:8000   # a server already running
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

#: The /figures queries of the dashboard: the region as a whole and the breakdowns it shows.
QUERIES = (
    "",
    "&by=partner&top=20&flow=total",
    "&by=product_group&top=20&flow=export",
    "&by=region&flow=total",
    "&flow=export&metric=value",
)
#: Newspaper pages posted to /check: the seed pages beside the repository when present.
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
#: A page of bulletin sentences, when the seeds are not there (about 12,000 characters).
SENTENCES = (
    "一季度，我省进出口总值18.8亿元，比去年同期增长87.8%，增速居全国首位。其中，出口16.5亿元，增长2.1倍；"
    "进口2.3亿元，下降50.3%；贸易顺差14.2亿元。锂电池出口6.3亿元，同比增长69.2倍，占全省出口总值的38%。"
    "民营企业进出口12.1亿元，增长1.3倍，占全省外贸总值的64.4%。西宁市进出口9.7亿元，增长1.1倍。"
    "同期，全省人均可支配收入10123元，同比增长5.7%，格库铁路5200吨货物列车牵引试验顺利完成。\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def start_server(db: Path, port: int, plain: bool) -> subprocess.Popen:
    env = {**os.environ, "WAIMAO_DB": str(db)}
    env.pop("WAIMAO_TOKEN", None)
    command = [sys.executable, "-m", "uvicorn", "--factory", "waimao.web.app:app_from_environment",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
               "--timeout-graceful-shutdown", "3"]
    if plain:
        command += ["--http", "h11", "--loop", "asyncio"]
    return subprocess.Popen(command, env=env)


def wait_ready(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/openapi.json", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server at {base} did not answer within {timeout:.0f} s")


def pages() -> list[str]:
    found = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    return found or [SENTENCES * 40]


class Stats:
    """Latencies and outcomes per route."""

    def __init__(self):
        self.latencies: dict[str, list[float]] = {}
        self.statuses: dict[str, dict[int, int]] = {}
        self.errors: dict[str, int] = {}

    def add(self, route: str, seconds: float, status: int) -> None:
        self.latencies.setdefault(route, []).append(seconds)
        counts = self.statuses.setdefault(route, {})
        counts[status] = counts.get(status, 0) + 1

    def error(self, route: str) -> None:
        self.errors[route] = self.errors.get(route, 0) + 1

    def summary(self, elapsed: float) -> dict:
        routes = {}
        for route in sorted(set(self.latencies) | set(self.errors)):
            ms = sorted(x * 1000 for x in self.latencies.get(route, []))
            statuses = self.statuses.get(route, {})
            routes[route] = {
                "requests": len(ms), "per_second": round(len(ms) / elapsed, 1),
                "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95), "p99_ms": percentile(ms, 99),
                "max_ms": round(ms[-1], 1) if ms else None, "statuses": statuses,
                "5xx": sum(n for status, n in statuses.items() if status >= 500),
                "connection_errors": self.errors.get(route, 0),
            }
        return routes


def percentile(ms: list[float], pct: float) -> float | None:
    if not ms:
        return None
    if len(ms) == 1:
        return round(ms[0], 1)
    return round(statistics.quantiles(ms, n=1000, method="inclusive")[int(pct * 10) - 1], 1)


async def exchange(reader, writer, host: str, method: str, path: str, body: bytes | None) -> tuple[int, bool]:
    """One request on the connection: (status, whether the server closes the connection after it)."""
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    writer.write(head.encode() + b"\r\n" + (body or b""))
    answer = await reader.readuntil(b"\r\n\r\n")
    lines = answer.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return status, headers.get("connection", "").lower() == "close"


async def client(host: str, port: int, requests, until: float, stats: Stats) -> None:
    """One keep-alive connection sending requests back to back until `until` (reconnecting when closed)."""
    reader = writer = None
    for route, method, path, body in requests:
        if time.perf_counter() >= until:
            break
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            status, closed = await exchange(reader, writer, host, method, path, body)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            stats.error(route)
            if writer is not None:
                writer.close()
            writer = None
            continue
        stats.add(route, time.perf_counter() - started, status)
        if closed:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


def dashboard_requests(paths: list[str], offset: int):
    for path in itertools.islice(itertools.cycle(paths), offset, None):
        yield path.partition("?")[0], "GET", path, None


def check_requests(texts: list[str], client_id: int):
    for n in itertools.count():
        text = texts[(client_id + n) % len(texts)]
        body = json.dumps({"texts": [{"name": f"client{client_id}-{n}.txt", "text": text}], "year": 2025,
                           "region": "青海省"}, ensure_ascii=False).encode("utf-8")
        yield "/check", "POST", "/check", body


async def phase(host: str, port: int, paths: list[str], texts: list[str], clients: int, checkers: int,
                seconds: float) -> tuple[Stats, float]:
    stats = Stats()
    started = time.perf_counter()
    until = started + seconds
    runs = [client(host, port, check_requests(texts, k) if k < checkers else dashboard_requests(paths, k), until,
                   stats) for k in range(clients)]
    await asyncio.gather(*runs)
    return stats, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="Warehouse file (default: build the demo in a temporary folder).")
    parser.add_argument("--url", help="A server already running on 127.0.0.1 (default: start one).")
    parser.add_argument("--region", default="青海省")
    parser.add_argument("--period", default="2025Q1")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--check-clients", type=int, default=10, help="Clients posting /check in phase 2.")
    parser.add_argument("--seconds", type=float, default=15, help="Length of each phase.")
    parser.add_argument("--plain", action="store_true", help="uvicorn's pure-Python HTTP parser and event loop, "
                        "even when httptools and uvloop are installed.")
    parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
    args = parser.parse_args()

    server = None
    folder = None
    if args.url:
        parts = urlsplit(args.url)
        if not loopback(parts.hostname or ""):
            raise SystemExit("this load test only runs against 127.0.0.1 (or localhost)")
        host, port = parts.hostname, parts.port or 80
    else:
        db = args.db
        if db is None:
            from waimao import api

            folder = tempfile.TemporaryDirectory(prefix="waimao-bench-")
            db = Path(folder.name) / "demo.duckdb"
            print(f"building the demo warehouse in {db} …", file=sys.stderr)
            api.demo(db=db)
        host, port = "127.0.0.1", free_port()
        server = start_server(db, port, args.plain)
    base = f"http://{host}:{port}"
    texts = pages()
    try:
        wait_ready(base)
        subject = f"region={quote(args.region)}&period={quote(args.period)}"
        paths = ["/info", "/regions", "/periods", f"/release?{subject}&lang=zh",
                 *(f"/figures?{subject}{q}" for q in QUERIES)]
        for path in paths:  # warm the cache: the load test measures answers for one warehouse state
            with urllib.request.urlopen(base + path, timeout=300) as response:
                response.read()
        warm = urllib.request.Request(base + "/check", headers={"Content-Type": "application/json"}, data=json.dumps(
            {"texts": [{"name": "warm.txt", "text": t} for t in texts], "year": 2025}).encode("utf-8"))
        with urllib.request.urlopen(warm, timeout=300) as response:  # the figure sets the pages need
            response.read()
        baseline, base_elapsed = asyncio.run(phase(host, port, paths, texts, args.clients, 0, args.seconds))
        loaded, load_elapsed = asyncio.run(phase(host, port, paths, texts, args.clients, args.check_clients,
                                                 args.seconds))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if folder is not None:
            folder.cleanup()

    result = {
        "clients": args.clients, "check_clients": args.check_clients, "seconds": args.seconds,
        "check_characters": [len(t) for t in texts], "cpus": os.cpu_count(),
        "baseline": baseline.summary(base_elapsed), "under_check": loaded.summary(load_elapsed),
    }
    figures_before = result["baseline"].get("/figures", {}).get("p95_ms")
    figures_during = result["under_check"].get("/figures", {}).get("p95_ms")
    result["figures_p95_ms"] = {"baseline": figures_before, "under_check": figures_during}
    result["5xx"] = sum(r["5xx"] for phase_ in ("baseline", "under_check") for r in result[phase_].values())
    result["connection_errors"] = sum(r["connection_errors"] for phase_ in ("baseline", "under_check")
                                      for r in result[phase_].values())
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for name in ("baseline", "under_check"):
        print(f"{name}: {args.clients} clients"
              f"{f', {args.check_clients} of them posting /check' if name == 'under_check' else ''}, "
              f"{args.seconds:g} s")
        print(f"  {'route':10} {'requests':>8} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
              f"{'max ms':>8} {'5xx':>4} {'errors':>6}  statuses")
        for route, r in result[name].items():
            print(f"  {route:10} {r['requests']:>8} {r['per_second']:>7} {r['p50_ms']!s:>8} {r['p95_ms']!s:>8} "
                  f"{r['p99_ms']!s:>8} {r['max_ms']!s:>8} {r['5xx']:>4} {r['connection_errors']:>6}  {r['statuses']}")
    print(f"/figures p95: {figures_before} ms alone, {figures_during} ms while /check is busy; "
          f"5xx: {result['5xx']}, connection errors: {result['connection_errors']}")


if __name__ == "__main__":
    main()
