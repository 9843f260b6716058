"""Fixtures shared across test folders."""

from __future__ import annotations

import pytest

from waimao.api import demo


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo warehouse, built once per test run (read it; copy it before writing)."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    demo(db=db)
    return db
