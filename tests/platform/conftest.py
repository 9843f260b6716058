"""Warehouses built from generated platform downloads (`platform_downloads`), one per scenario."""

from __future__ import annotations

import pytest

from platform_downloads import load_set, standard_set, truth
from waimao import api


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
def ningxia_url(ningxia, serve):
    """The app over the 宁夏 platform warehouse, served on 127.0.0.1, for the browser."""
    from waimao.web.app import create_app

    _, db, _ = ningxia
    with serve(create_app(db)) as url:
        yield url
