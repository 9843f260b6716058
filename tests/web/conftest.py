"""Web fixtures: one app over the demo warehouse for the whole run (caches warm once), served live for the browser."""

from __future__ import annotations

import pytest
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


@pytest.fixture(scope="session")
def live_url(demo_app, serve):
    """The demo app served by uvicorn on a free 127.0.0.1 port in a thread, for the browser."""
    with serve(demo_app) as url:
        yield url
