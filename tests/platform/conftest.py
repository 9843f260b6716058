"""Warehouses built from generated platform downloads (`platform_downloads`), one per scenario."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import pytest
import uvicorn

from platform_downloads import standard_set, truth, write
from waimao import api


def load_set(folder, downloads, **named) -> list[api.LoadOutcome]:
    """Write the downloads (a download may be given another name) and ingest them all into folder/w.duckdb."""
    paths = [write(folder, d, **named.get(d.name, {})) for d in downloads]
    return api.ingest(paths, db=folder / "w.duckdb")


@pytest.fixture(scope="session")
def ningxia(tmp_path_factory):
    """The 24 downloads of a Q1 bulletin for 宁夏, loaded: (downloads by file name, warehouse path, outcomes)."""
    folder = tmp_path_factory.mktemp("ningxia")
    downloads = standard_set(truth())
    outcomes = load_set(folder, downloads)
    return {d.name: d for d in downloads}, folder / "w.duckdb", outcomes


@pytest.fixture(scope="session")
def ningxia_figures(ningxia):
    """The 宁夏 2025Q1 figure set in yuan and in dollars."""
    _, db, _ = ningxia
    return {currency: api.figures("宁夏", "2025Q1", db=db, currency=currency) for currency in ("CNY", "USD")}


@pytest.fixture(scope="session")
def ningxia_url(ningxia):
    """The app over the 宁夏 platform warehouse, served by uvicorn on a free 127.0.0.1 port, for the browser."""
    from waimao.web.app import create_app

    _, db, _ = ningxia
    with serve(create_app(db)) as url:
        yield url


@contextmanager
def serve(app):
    """Serve an ASGI app with uvicorn in a thread on a free 127.0.0.1 port; yields its URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False,
                                           loop="asyncio", http="h11"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start", pytrace=False)
        time.sleep(0.05)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
