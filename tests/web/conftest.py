"""Web fixtures: one app over the demo warehouse for the whole run (caches warm once), served live for the browser."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn
from fastapi.testclient import TestClient

from waimao.web.app import create_app


@pytest.fixture(scope="session")
def demo_app(demo_db):
    """The read-only app (no token) over the demo warehouse, shared by the API, schema and browser tests."""
    return create_app(demo_db)


@pytest.fixture(scope="session")
def demo_client(demo_app):
    with TestClient(demo_app) as client:
        yield client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_url(demo_app):
    """The demo app served by uvicorn on a free 127.0.0.1 port in a thread, for the browser."""
    server = uvicorn.Server(uvicorn.Config(demo_app, host="127.0.0.1", port=free_port(), log_level="warning",
                                           access_log=False, loop="asyncio", http="h11"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start", pytrace=False)
        time.sleep(0.05)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    yield f"http://{host}:{port}"
    server.should_exit = True
    thread.join(timeout=10)
