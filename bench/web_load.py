"""Load test of the web API: latency of /figures with N concurrent clients against 127.0.0.1 only.

Starts `waimao serve`'s app with uvicorn in a child process over a warehouse (the demo's, built
into a temporary folder unless --db is given), warms the cache with one request per URL, then
runs N clients that each send requests back to back on one keep-alive connection for a fixed
time. The client is a minimal HTTP/1.1 client on asyncio streams, so that its own cost disturbs
the measurement as little as a Python client can. Reports p50/p95/p99 latency and throughput.

    .venv/bin/python bench/web_load.py                      # demo warehouse, 50 clients, 15 s
    .venv/bin/python bench/web_load.py --db trade.duckdb --clients 50 --seconds 30 --json
    .venv/bin/python bench/web_load.py --url http://127.0.0.1:8000   # a server already running
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
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

#: The requests the clients cycle through: the region as a whole and the breakdowns the dashboard shows.
QUERIES = (
    "",
    "&by=partner&top=20&flow=total",
    "&by=product_group&top=20&flow=export",
    "&by=region&flow=total",
    "&flow=export&metric=value",
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
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"]
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


async def client(host: str, port: int, paths: list[str], until: float, latencies: list[float],
                 statuses: dict[int, int], offset: int) -> None:
    """One keep-alive connection sending GETs back to back until `until`."""
    reader, writer = await asyncio.open_connection(host, port)
    i = offset
    try:
        while time.perf_counter() < until:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            length = next(int(v) for k, _, v in (line.partition(":") for line in lines[1:])
                          if k.lower() == "content-length")
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


async def run(host: str, port: int, paths: list[str], clients: int, seconds: float):
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(client(host, port, paths, until, latencies, statuses, k) for k in range(clients)))
    return latencies, statuses, time.perf_counter() - started


def percentile(values: list[float], pct: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(pct * 10) - 1] if len(values) > 1 \
        else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="Warehouse file (default: build the demo in a temporary folder).")
    parser.add_argument("--url", help="A server already running on 127.0.0.1 (default: start one).")
    parser.add_argument("--region", default="青海省")
    parser.add_argument("--period", default="2025Q1")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15)
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
    try:
        wait_ready(base)
        prefix = f"/figures?region={quote(args.region)}&period={quote(args.period)}"
        paths = [prefix + q for q in QUERIES]
        for path in paths:  # warm the cache: the load test measures answers for one warehouse state
            with urllib.request.urlopen(base + path, timeout=300) as response:
                response.read()
        latencies, statuses, elapsed = asyncio.run(run(host, port, paths, args.clients, args.seconds))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if folder is not None:
            folder.cleanup()

    ms = sorted(x * 1000 for x in latencies)
    result = {
        "endpoint": "/figures", "clients": args.clients, "seconds": round(elapsed, 1), "requests": len(ms),
        "requests_per_second": round(len(ms) / elapsed, 1), "statuses": statuses,
        "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1), "max_ms": round(ms[-1], 1), "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0],
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"/figures, {result['clients']} clients, {result['seconds']} s: {result['requests']} requests "
              f"({result['requests_per_second']}/s), statuses {statuses}")
        print(f"latency p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, "
              f"max {result['max_ms']} ms (target: p95 < 50 ms)")


if __name__ == "__main__":
    main()
